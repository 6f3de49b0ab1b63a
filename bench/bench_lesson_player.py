"""Benchmark: open a lesson in the player and paint its first step (target p95 ≤ 50 ms).

Each sample opens a lesson from the catalog as a visitor would (the session navigates, the player
builds the run, the step, its picture and pad) and paints the window synchronously. The baseline,
measured in the same run, paints a bare page with one QLabel changed, so the ratio says what the
player adds over the cheapest possible page change. Run: ``python bench/bench_lesson_player.py``.
"""
from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KIOSK_SPEECH_ENGINE", "mock")

ROUNDS = 8


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def lesson_screens():
    from ui.screens import lessons
    from ui.screens.attract import AttractScreen
    from ui.screens.home import HomeScreen
    from ui.screens.info import HelpScreen, OneMomentScreen

    return [AttractScreen, HomeScreen, HelpScreen, OneMomentScreen, lessons.screens]


def measure_player(profile: str) -> list[float]:
    from PySide6.QtWidgets import QApplication

    from kiosk import config
    from kiosk.session import FakeClock
    from ui.app import build_window

    cfg = config.load(environ={}).replace("kiosk", profile=profile)
    ctx, window = build_window(cfg, clock=FakeClock(), screens=lesson_screens())
    window.resize(*cfg.screen_size)
    window.show()
    QApplication.processEvents()
    ctx.tasks.wait_idle()  # the lessons load on a worker
    session = ctx.session
    session.activity()
    ids = [lesson.id for lesson in window.screens["lessons"].model.lessons()]
    samples = []
    for _round in range(ROUNDS):
        for lesson_id in ids:
            session.open("lessons")
            QApplication.processEvents()
            start = time.perf_counter()
            session.open("lesson", id=lesson_id)
            window.repaint()
            samples.append((time.perf_counter() - start) * 1000)
            session.back()
    window.stop()
    window.deleteLater()
    QApplication.processEvents()
    return samples


def measure_baseline(size: tuple[int, int], count: int) -> list[float]:
    from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

    page = QWidget()
    label = QLabel()
    label.setWordWrap(True)
    QVBoxLayout(page).addWidget(label)
    page.resize(*size)
    page.show()
    QApplication.processEvents()
    samples = []
    for n in range(count):
        start = time.perf_counter()
        label.setText(f"Step {n} — a touchscreen is a screen you can touch.")
        page.repaint()
        samples.append((time.perf_counter() - start) * 1000)
    page.deleteLater()
    return samples


def main() -> None:
    from ui.app import ensure_qapplication

    ensure_qapplication()
    for profile, size in (("street", (1080, 1920)), ("library", (1920, 1080))):
        player = measure_player(profile)
        base = measure_baseline(size, len(player))
        p50, p95 = statistics.median(player), percentile(player, 0.95)
        b50, b95 = statistics.median(base), percentile(base, 0.95)
        print(f"lesson player, {profile} {size[0]}x{size[1]}: open + paint first step "
              f"p50 {p50:.1f} ms, p95 {p95:.1f} ms over {len(player)} opens (target p95 ≤ 50 ms)")
        print(f"  baseline (bare QLabel page): p50 {b50:.2f} ms, p95 {b95:.2f} ms; "
              f"ratio p95 {p95 / max(b95, 1e-6):.1f}×")


if __name__ == "__main__":
    main()
