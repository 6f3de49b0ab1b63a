"""Soak: thousands of whole visits through every screen in one process, on a fake clock.

Prints, after a warm-up, the growth of resident memory (target ≤ 10 MB), of live widgets and
QObjects (target 0), of threads, and the asyncio tasks left — and the time per visit against a
same-run baseline (a visit that only wakes the kiosk and lets it wipe). Street profile.
Usage: python bench/bench_soak.py [VISITS]  (`make bench` runs 1,000 visits, ~4 min here; the
full 10,000-visit soak takes ~40 min: run it by hand before a release)
"""
from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KIOSK_SPEECH_ENGINE", "mock")
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1] / "tests"))


def main() -> None:
    visits = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000
    with tempfile.TemporaryDirectory() as home:
        for var in ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
            os.environ[var] = os.path.join(home, var)
        run(visits)


def run(visits: int) -> None:
    import qasync
    from PySide6.QtWidgets import QApplication

    from kiosk import config
    from kiosk.session import FakeClock
    from ui.app import build_window
    from support.soak import Census, Visitor, pump, settle_in

    cfg = config.load(environ={})
    clock = FakeClock()
    ctx, window = build_window(cfg, clock=clock)
    window.resize(*cfg.screen_size)
    window.show()
    loop = qasync.QEventLoop(QApplication.instance())
    asyncio.set_event_loop(loop)
    loop.run_until_complete(window.screens["chargers"].load())  # the charger list has data
    visitor = Visitor(window, clock)
    settle_in(window)

    start = time.perf_counter()
    for _ in range(50):  # baseline: wake, then walk away
        ctx.session.activity()
        pump()
        visitor.walk_away()
    baseline_ms = (time.perf_counter() - start) * 1000 / 50

    warm_up = min(200, max(10, visits // 20))
    for _ in range(warm_up):
        visitor.visit()
    before = Census.take(window)
    start = time.perf_counter()
    for n in range(visits):
        visitor.visit()
        if (n + 1) % 1000 == 0:
            now = Census.take(window)
            print(f"  {n + 1:>6} visits: RSS {now.rss_bytes / 2**20:.1f} MB, "
                  f"widgets {now.widgets}, objects {now.objects}", flush=True)
    per_visit_ms = (time.perf_counter() - start) * 1000 / visits
    after = Census.take(window)
    tasks = [t for t in asyncio.all_tasks(loop) if not t.done()]
    print(f"soak: {visits} visits after {warm_up} warm-up visits, {per_visit_ms:.1f} ms a visit "
          f"(baseline wake-and-wipe {baseline_ms:.1f} ms, ratio {per_visit_ms / baseline_ms:.1f}x)")
    print(f"memory growth after warm-up: {(after.rss_bytes - before.rss_bytes) / 2**20:+.1f} MB "
          f"({before.rss_bytes / 2**20:.1f} -> {after.rss_bytes / 2**20:.1f} MB; target <= 10 MB)")
    print(f"live widgets: {before.widgets} -> {after.widgets} ({after.widgets - before.widgets:+d}); "
          f"QObjects: {before.objects} -> {after.objects} ({after.objects - before.objects:+d}; target 0)")
    print(f"threads: {before.threads} -> {after.threads}; asyncio tasks left running: {len(tasks)}")
    window.stop()
    loop.close()


if __name__ == "__main__":
    main()
