"""Paint time of the full map at 1080×1920 (street kiosk, heads-up, walk rings and a route).

Each sample renders the whole viewport into an offscreen image through QGraphicsView.render(),
which is what a repaint after a pan or zoom costs. The baseline is an empty QGraphicsView of the
same size, painted the same way in the same run. Target: median ≤ 16 ms (one frame at 60 Hz).
"""
from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRect  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsView  # noqa: E402

SIZE = (1080, 1920)
SAMPLES = 60


def paint_times(view: QGraphicsView, samples: int = SAMPLES) -> list[float]:
    image = QImage(*SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    times = []
    for _ in range(samples + 5):
        painter = QPainter(image)
        start = time.perf_counter()
        view.render(painter, source=QRect(0, 0, *SIZE))
        times.append((time.perf_counter() - start) * 1000)
        painter.end()
    return times[5:]  # the first paints fill glyph and path caches


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    return (f"median {statistics.median(times):6.2f} ms   p95 {ordered[int(len(ordered) * 0.95) - 1]:6.2f} ms"
            f"   max {ordered[-1]:6.2f} ms")


def main() -> None:
    app = QApplication.instance() or QApplication([])
    from kiosk import config
    from kiosk.maps.service import Wayfinder
    from ui.widgets.mapview import MapView

    cfg = config.load(environ={}).replace("location", facing_deg=300)
    wf = Wayfinder.from_config(cfg)
    rings = wf.walk_rings((5, 10))
    route = wf.route("here", wf.pack.place("plummer-park"))

    empty_scene = QGraphicsScene()
    empty_scene.setBackgroundBrush(QColor("#F2F0EA"))  # it paints the same background
    empty = QGraphicsView(empty_scene)
    empty.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    empty.resize(*SIZE)
    empty.show()

    view = MapView()
    view.resize(*SIZE)
    view.show()
    view.show_map(wf, rings, heads_up=True)
    app.processEvents()

    results = {}
    for name, setup in (("empty view (baseline)", lambda: empty),
                        ("full map, heads-up, rings", lambda: view),
                        ("full map + route", lambda: (view.show_route(route, "Plummer Park"), view)[1]),
                        ("whole pack zoomed out", lambda: (view.set_zoom(0.2), view)[1])):
        target = setup()
        app.processEvents()
        results[name] = paint_times(target)
        items = len(target.scene().items())
        print(f"{name:28s} {summary(results[name])}   ({items} items)")
    base = statistics.median(results["empty view (baseline)"])
    full = statistics.median(results["full map + route"])
    print(f"full map + route / empty view: {full / base:.1f}x   (target: median <= 16 ms at 1080x1920;"
          f" {'met' if full <= 16 else 'NOT met'})")
    view.deleteLater()
    empty.deleteLater()


if __name__ == "__main__":
    main()
