"""A robot visitor for soak runs: many whole visits through every screen in one process.

Each visit starts at the attract screen, opens a lesson and steps through it, asks the map for a
route, looks at the chargers and one site, (on a library PC) opens sign-in, goes Home and walks
away — then the fake clock runs out the idle warning and the session is wiped. Used by
``tests/ui/test_soak.py`` (a short run that fails on leaked widgets or objects) and
``bench/bench_soak.py`` (the long run that prints memory and object growth).
"""
from __future__ import annotations

import gc
import random
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QApplication

from kiosk.session import FakeClock, State


@dataclass(frozen=True)
class Census:
    """What is alive in the process at one moment."""
    widgets: int
    objects: int
    threads: int
    rss_bytes: int

    @staticmethod
    def take(window) -> Census:
        pump()
        gc.collect()
        return Census(widgets=len(QApplication.allWidgets()),
                      objects=len(window.findChildren(QObject)) + len(QApplication.instance().children()),
                      threads=threading.active_count(), rss_bytes=rss_bytes())


def rss_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def settle_in(window, timeout_s: float = 30.0) -> None:
    """Let the kiosk build what its screens build ahead while idle (the charger list's spare
    cards): a census taken before that would count them as growth."""
    deadline = time.monotonic() + timeout_s
    while not all(screen.warmed_up() for screen in window.screens.values()):
        if time.monotonic() > deadline:
            raise TimeoutError("screens still building ahead after %.0f s" % timeout_s)
        pump()
        time.sleep(0.01)


def pump() -> None:
    """Let Qt finish everything pending, including objects scheduled with deleteLater()."""
    app = QApplication.instance()
    app.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


class Visitor:
    """Drives one window through whole visits, choosing lessons and places at random (seeded)."""

    def __init__(self, window, clock: FakeClock, seed: int = 7) -> None:
        self.window = window
        self.clock = clock
        self.rng = random.Random(seed)
        self.visits = 0

    @property
    def session(self):
        return self.window.ctx.session

    def _open(self, screen: str, **args) -> None:
        if screen in self.window.screens:
            self.session.open(screen, **args)
            pump()

    def visit(self) -> None:
        session, services = self.session, self.window.ctx.services
        session.activity()
        pump()
        self._open("lessons")
        lessons = list(services.get("lessons") or [])
        if lessons:
            self._open("lesson", id=self.rng.choice(lessons).id)
            player = self.window.screens["lesson"]
            for _ in range(self.rng.randint(1, 4)):
                if player.run is not None and player.run.can_go_next:
                    player.run.next()
                    player.on_show({"id": player.run.lesson.id})
                    pump()
        self._open("map")
        wayfinder = services.get("maps")
        if wayfinder is not None:
            self._open("map", destination=self.rng.choice(wayfinder.pack.places).id)
        self._open("chargers")
        self._open("charger_site")
        if self.window.ctx.profile == "library":
            self._open("signin")
        self._open("help")
        session.go_home()
        pump()
        self.walk_away()
        self.visits += 1

    def walk_away(self) -> None:
        session = self.session
        self.clock.advance(session.idle_seconds)
        session.tick()
        pump()
        assert session.state is State.WARNING
        self.clock.advance(session.warning_seconds)
        session.tick()
        pump()
        assert session.state is State.ATTRACT
