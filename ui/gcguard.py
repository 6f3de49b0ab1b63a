"""Python's cyclic garbage collector, run only on the UI thread; a short GIL switch interval.

A collection runs on whichever thread happens to allocate when a threshold is crossed. If that is
a worker thread (a charger refresh in ``asyncio.to_thread``) and the garbage holds Qt objects, Qt
destroys them on the wrong thread: "Timers cannot be stopped from another thread", then a
segmentation fault — seen in this project's accessibility walk. So the automatic collector is
switched off and the same generational policy runs from a timer on the UI thread instead.
Long-lived objects are frozen (start-up; each new charger snapshot via :func:`settle`), so the
passes that run while a visitor uses the kiosk stay short; whatever a freeze kept from the
collector is looked at again in :func:`quiet_time`, when nobody is there (the session wipe).

While a worker thread holds the GIL (parsing a charger feed), every Qt call that releases and
re-takes it makes the UI thread wait up to the interpreter's switch interval (5 ms by default):
building one list card then took up to 50 ms. :func:`install` shortens the interval to
:data:`SWITCH_INTERVAL_S` (measured: the longest UI-thread gap during a 10,000-EVSE refresh with
UI work going on fell from 28–58 ms to 11–13 ms).
"""
from __future__ import annotations

import gc
import logging
import sys

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from kiosk import gcpause

logger = logging.getLogger(__name__)

INTERVAL_MS = 500
#: The GIL switch interval for the kiosk process (seconds; Python's default is 0.005).
SWITCH_INTERVAL_S = 0.001


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
        """Collect the generations whose thresholds are crossed, as CPython itself would —
        except while a bulk-allocation section is open (:mod:`kiosk.gcpause`, e.g. a charger
        snapshot being built in a worker): the pass waits for the next tick."""
        if gcpause.active():
            return
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.thresholds[generation]:
                gc.collect(generation)
                return


def settle() -> None:
    """Keep what exists now (e.g. a just-loaded charger snapshot of thousands of objects) out of
    the collector's passes. Reference counting still frees it when it is replaced."""
    gc.freeze()


def quiet_time() -> None:
    """Nobody is at the kiosk: a full collection including frozen objects, then freeze again.
    Any cycle a freeze kept alive is freed here, so nothing accumulates over weeks."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def install() -> MainThreadCollector:
    """Install once per process (idempotent); the collector lives as long as the QApplication."""
    app = QApplication.instance()
    existing = app.findChild(MainThreadCollector, "mainThreadCollector")
    if existing is not None:
        return existing
    collector = MainThreadCollector(app)
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    gc.collect()
    gc.freeze()  # what start-up made lives for the whole run: keep it out of every full pass
    logger.info("garbage collection runs on the UI thread")
    return collector
