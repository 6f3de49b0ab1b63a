"""Shell benchmarks: cold start, tap → next screen painted, peak memory.

Prints figures measured on this machine in this run, each beside a baseline measured in the same
run (a bare PySide6 window), so the ratio means something on any machine. Offscreen Qt platform.
Targets: cold start ≤ 3× bare window; tap → painted p95 ≤ 50 ms, the first tap included; peak
memory at Home ≤ 120 MB. The kiosk is measured as ``kiosk run`` starts it: the attract screen and
Home first, the feature screens built after the first paint (``defer_features``). Cold start is
measured with Python's bytecode cache (as installed: pip compiles every module) and without it
(an empty ``-X pycache_prefix``: every module compiled from source, as on a first run of a fresh
checkout).
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KIOSK_SPEECH_ENGINE", "mock")

BARE = r"""
import resource, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
class Painted(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint:
            print("painted", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
            app.quit()
        return False
label = QLabel("Hello")
watch = Painted(); label.installEventFilter(watch)
label.resize(1080, 1920); label.show()
app.exec()
"""

KIOSK = r"""
import resource, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from kiosk import config
from ui.app import build_window
cfg = config.load(environ={})
ctx, window = build_window(cfg, defer_features=True)
app = QApplication.instance()
ctx.session.activity()
home = window.screens["home"]
class Painted(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint:
            print("painted", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
            window.build_all_features()
            print("features", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
            app.quit()
        return False
watch = Painted(); home.installEventFilter(watch)
window.resize(*cfg.screen_size); window.show()
app.exec()
"""


def time_start(code: str, runs: int = 7, *, bytecode: bool = True) -> tuple[float, int, int]:
    """Median seconds from process start to first paint, the largest peak RSS (kB) then, and
    the largest peak RSS once every feature screen is built (0 for the bare window)."""
    import tempfile

    times, peaks, after = [], [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as empty:
            flags = [] if bytecode else ["-X", f"pycache_prefix={empty}"]
            start = time.perf_counter()
            proc = subprocess.Popen([sys.executable, *flags, "-c", code], stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL, text=True)
            line = proc.stdout.readline()
            times.append(time.perf_counter() - start)
            peaks.append(int(line.split()[1]))
            more = proc.stdout.readline() if "features" in code else ""
            after.append(int(more.split()[1]) if more else 0)
            proc.kill()  # measured; the kiosk window refuses to close by design
            proc.wait(timeout=60)
    return statistics.median(times), max(peaks), max(after)


def navigation_latency(rounds: int = 200) -> list[float]:
    """Milliseconds from a tap on a Home tile (or Back) to the next screen's first paint."""
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from kiosk import config
    from ui.app import build_window

    cfg = config.load(environ={})
    ctx, window = build_window(cfg, defer_features=True)
    app = QApplication.instance()
    window.resize(*cfg.screen_size)
    window.show()
    window.start()
    ctx.session.activity()
    while window.pending_features:  # the kiosk builds them while the attract screen shows
        app.processEvents()
    painted: list[str] = []

    class Watch(QObject):
        def eventFilter(self, obj, ev):  # noqa: N802
            if ev.type() == QEvent.Type.Paint:
                painted.append(obj.objectName())
            return False

    watch = Watch()
    for screen in window.screens.values():
        screen.installEventFilter(watch)
    samples = []
    targets = ["lessons", "map", "chargers"]
    for i in range(rounds):
        tile = window.screens["home"].tiles[targets[i % 3]]
        for button, expected in ((tile, targets[i % 3]), (window.controls.back, "home")):
            painted.clear()
            start = time.perf_counter()
            QTest.mouseClick(button, Qt.MouseButton.LeftButton)
            while f"screen_{expected}" not in painted:
                app.processEvents()
            samples.append((time.perf_counter() - start) * 1000)
    window.stop()
    return samples


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    import PySide6

    print(f"PySide6 {PySide6.__version__}, Python {sys.version.split()[0]}")
    bare_s, bare_kb, _ = time_start(BARE)
    kiosk_s, kiosk_kb, features_kb = time_start(KIOSK)
    cold_s, _, _ = time_start(KIOSK, runs=3, bytecode=False)
    print(f"cold start to first paint: kiosk Home {kiosk_s * 1000:.0f} ms, bare PySide6 window "
          f"{bare_s * 1000:.0f} ms, ratio {kiosk_s / bare_s:.2f}x (target <= 3x)")
    print(f"  without a bytecode cache (every module compiled): {cold_s * 1000:.0f} ms, "
          f"ratio {cold_s / bare_s:.2f}x")
    print(f"peak memory at Home: kiosk {kiosk_kb / 1024:.0f} MB, bare window {bare_kb / 1024:.0f} MB "
          f"(target <= 120 MB); once every feature screen is built: {features_kb / 1024:.0f} MB")
    samples = navigation_latency()
    print(f"tap -> next screen painted over {len(samples)} navigations: first tap "
          f"{samples[0]:.1f} ms, p50 {percentile(samples, 0.5):.1f} ms, p95 "
          f"{percentile(samples, 0.95):.1f} ms, max {max(samples):.1f} ms (target p95 <= 50 ms)")


if __name__ == "__main__":
    main()
