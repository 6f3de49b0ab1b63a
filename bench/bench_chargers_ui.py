"""Charger screen benchmark: the longest UI-thread stall while a 10,000-EVSE feed refreshes and the
list re-renders, measured on the real screen in a qasync loop (offscreen).

A 1 ms QTimer on the UI thread records the gap between its ticks; the longest gap is the longest
time the visitor's touch would go unanswered. Same-run baselines:

* idle — the same loop doing nothing (the timer's own jitter);
* in-process thread — ``asyncio.to_thread(service.refresh)`` with no screen: what parsing in a
  thread of the kiosk's own process would cost (the kiosk does not do this any more);
* screen — ``feed.refresh()`` as the kiosk does it: through ``ctx.tasks`` in a child process
  (fetch, parse, merge, cache write there), a small board back, then the list drawn at once on
  the UI thread. Run #1 also starts the child process and builds the 25 cards; later runs update
  them in place.

Also prints how long one in-place ``render()`` call takes. Target ≤ 16 ms.
Prints figures; not pass/fail.
"""
from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KIOSK_SPEECH_ENGINE", "mock")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import bench_chargers  # noqa: E402 - the core benchmark's 10,000-EVSE feed and its HTTP server

EVSES = bench_chargers.LOCATIONS * bench_chargers.EVSES_PER_LOCATION


class GapMeter:
    """Ticks every 1 ms on the UI thread and remembers the gaps between ticks."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps: list[float] = []
        self.last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self.last)
        self.last = now

    def measure(self, loop, coroutine) -> tuple[float, float]:
        """(longest gap ms, p99 gap ms) while ``coroutine`` runs on ``loop``."""
        self.gaps.clear()
        self.last = time.perf_counter()
        self.timer.start()
        loop.run_until_complete(coroutine)
        self.timer.stop()
        gaps = sorted(self.gaps) or [0.0]
        return gaps[-1] * 1000, gaps[int(len(gaps) * 0.99)] * 1000


def build(url: str, state: Path):
    """The kiosk window with the charger screens, on a service reading ``url``."""
    from kiosk import config
    from kiosk.chargers import ChargerService
    from kiosk.chargers.client import OcpiClient
    from kiosk.session import FakeClock
    from ui.app import ensure_qapplication, make_session
    from ui.context import AppContext
    from ui.screens import chargers as chargers_ui
    from ui.screens.attract import AttractScreen
    from ui.screens.home import HomeScreen
    from ui.shell import KioskWindow

    from ui import gcguard

    app = ensure_qapplication()
    gcguard.install()  # as the app does (ui.app.build_window): collections on the UI thread only
    cfg = config.load(environ={}).replace("paths", state_dir=str(state))
    ctx = AppContext(config=cfg, session=make_session(cfg, FakeClock()))
    window = KioskWindow(ctx, screens=[AttractScreen, HomeScreen, chargers_ui.screens])
    service = ChargerService(OcpiClient(url, "bench"), state / "cache", source="bench",
                             kiosk_position=(cfg.location.lat, cfg.location.lon))
    ctx.services["chargers"] = service
    window.resize(*cfg.screen_size)
    window.show()
    ctx.session.activity()
    app.processEvents()
    return app, window, service


async def first_visit(window) -> None:
    """The visitor opens EV charging on a kiosk that just started: the refresh process starts,
    the first refresh lands and the list's cards are built."""
    window.ctx.session.open("chargers")
    await window.screens["chargers"].feed.settled()


async def refresh_and_draw(screen) -> None:
    """A refresh as the visitor sees it: until the new data is on screen."""
    screen.feed.refresh()
    await screen.feed.settled()


def main() -> None:
    import qasync

    locations = bench_chargers.make_locations()
    server = bench_chargers.serve(locations)
    url = f"http://127.0.0.1:{server.server_address[1]}/locations"
    with tempfile.TemporaryDirectory() as tmp:
        app, window, service = build(url, Path(tmp))
        screen = window.screens["chargers"]
        loop = qasync.QEventLoop(app)
        meter = GapMeter()
        try:
            idle = meter.measure(loop, asyncio.sleep(0.5))
            first = meter.measure(loop, first_visit(window))
            ui = [meter.measure(loop, refresh_and_draw(screen)) for _ in range(3)]
            renders = []
            for _ in range(20):
                t0 = time.perf_counter()
                screen.render()
                renders.append((time.perf_counter() - t0) * 1000)
            shown = sum(card.isVisible() for card in screen.cards.values())
            # Last: it leaves 10^5 objects of its own in this process.
            from kiosk import threadguard
            with threadguard.allowed():
                core = [meter.measure(loop, asyncio.to_thread(service.refresh, True)) for _ in range(2)]
        finally:
            window.stop()
            loop.close()
            server.shutdown()
            server.server_close()
    renders.sort()
    worst_core, worst_ui = max(g for g, _ in core), max(g for g, _ in ui)
    print(f"Charger list: UI-thread stall while refreshing {EVSES:,} EVSEs "
          f"({len(locations):,} sites, {shown} nearest shown) and re-rendering:")
    print(f"  idle loop (baseline):            longest gap {idle[0]:5.1f} ms, p99 {idle[1]:4.1f} ms")
    print(f"  first visit (process starts):    longest gap {first[0]:5.1f} ms, p99 {first[1]:4.1f} ms")
    for label, runs in (("in-process thread (baseline)", core), ("screen refresh + re-render", ui)):
        for n, (gap, p99) in enumerate(runs, 1):
            print(f"  {label + ' #' + str(n):33s}longest gap {gap:5.1f} ms, p99 {p99:4.1f} ms")
    print(f"  one render() turn, in place:     median {renders[len(renders) // 2]:.2f} ms, "
          f"worst {renders[-1]:.2f} ms")
    print(f"  worst screen stall {worst_ui:.1f} ms (target ≤ 16 ms); "
          f"{worst_ui / max(worst_core, 0.001):.2f}× the in-process thread, "
          f"{worst_ui / max(idle[0], 0.001):.1f}× the idle loop")


if __name__ == "__main__":
    main()
