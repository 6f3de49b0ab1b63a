"""Which thread may block: the UI thread never waits on a database or the network.

The Qt layer marks its thread with :func:`mark_ui_thread` when it starts its task runner. Core
code that blocks (SQL, HTTP) calls :func:`check` first. On the UI thread that is a bug: in strict
mode (tests set ``KIOSK_STRICT_THREADS=1``) it raises :class:`BlockingOnUiThread`, so a test fails
the moment a screen queries the store directly; in the running kiosk it logs the place once and
carries on (a visitor must not lose the screen over it).

The CLI never marks a UI thread, so it may block wherever it likes. Test set-up code that seeds a
store from the test's own thread wraps that in :func:`allowed`.
"""
from __future__ import annotations

import contextlib
import logging
import os
import threading
import traceback
from typing import Iterator

logger = logging.getLogger(__name__)

_ui_thread: int | None = None
_local = threading.local()
_reported: set[str] = set()


class BlockingOnUiThread(RuntimeError):
    """Blocking I/O was started on the UI thread."""


def mark_ui_thread() -> None:
    global _ui_thread
    _ui_thread = threading.get_ident()


def strict() -> bool:
    return os.environ.get("KIOSK_STRICT_THREADS", "") not in ("", "0")


@contextlib.contextmanager
def allowed() -> Iterator[None]:
    """Blocking here is intended (test set-up, shutdown)."""
    depth = getattr(_local, "allowed", 0)
    _local.allowed = depth + 1
    try:
        yield
    finally:
        _local.allowed = depth


@contextlib.contextmanager
def worker() -> Iterator[None]:
    """Marks a block as running on a worker (a no-op marker kept for symmetry and logs)."""
    yield


def on_ui_thread() -> bool:
    return _ui_thread is not None and threading.get_ident() == _ui_thread


def check(what: str) -> None:
    """Call before blocking on ``what`` ("progress store", "charger API")."""
    if not on_ui_thread() or getattr(_local, "allowed", 0):
        return
    if strict():
        raise BlockingOnUiThread(f"{what} called on the UI thread; run it through ui.tasks")
    where = "".join(traceback.format_stack(limit=6)[:-1])
    if where not in _reported:
        _reported.add(where)
        logger.error("%s called on the UI thread (the screen froze while it ran):\n%s", what, where)
