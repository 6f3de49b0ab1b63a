"""Python's cyclic garbage collector, run only on the UI thread.

A collection runs on whichever thread happens to allocate when a threshold is crossed. If that is
a worker thread (a task of :mod:`ui.tasks`) and the garbage holds Qt objects, Qt destroys them on
the wrong thread: "Timers cannot be stopped from another thread", then a segmentation fault —
seen in this project's accessibility walk. So the automatic collector is switched off and the same
generational policy runs from a timer on the UI thread instead.

What start-up made lives for the whole run and is frozen out of the collector's passes once;
:func:`quiet_time` (the session wipe, when nobody is there) looks at everything again, so a cycle
can never be kept for weeks. Heavy parsing (the charger feed) runs in a child process
(:mod:`kiosk.chargers.refresh`), so nothing else here tunes the interpreter.
"""
from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

logger = logging.getLogger(__name__)

INTERVAL_MS = 500


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName("mainThreadCollector")
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    def collect(self) -> None:
        """Collect the generations whose thresholds are crossed, as CPython itself would."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.thresholds[generation]:
                gc.collect(generation)
                return


def quiet_time() -> None:
    """Nobody is at the kiosk: a full collection including frozen objects, then freeze again."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def keep(what: str) -> None:
    """Something that lives for the rest of the run has just been built (a city's map pack: tens
    of thousands of records): freeze it out of the collector's full passes, which otherwise walk
    it every time (~50 ms on the UI thread for a 100,000-node pack). The next :func:`quiet_time`
    looks at everything again, so nothing is kept out of sight for long."""
    gc.freeze()
    logger.debug("frozen out of the collector's passes: %s (%d objects frozen)", what, gc.get_freeze_count())


def install() -> MainThreadCollector:
    """Install once per process (idempotent); the collector lives as long as the QApplication."""
    app = QApplication.instance()
    existing = app.findChild(MainThreadCollector, "mainThreadCollector")
    if existing is not None:
        return existing
    collector = MainThreadCollector(app)
    gc.collect()
    gc.freeze()  # what start-up made lives for the whole run: keep it out of every full pass
    logger.info("garbage collection runs on the UI thread")
    return collector
