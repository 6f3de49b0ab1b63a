"""Sections of bulk allocation that Python's cyclic garbage collector stays out of.

Decoding and parsing a charger feed makes hundreds of thousands of short-lived dicts and lists.
With the collector running, they trigger collections that walk the whole heap while holding the
GIL — measured stalls of 40–65 ms on the UI thread for a 10,000-EVSE refresh. Inside
:func:`paused` the collector is off (reference counting still frees the garbage), and
:func:`active` tells a collector run by the application itself (``ui/gcguard.py``) to wait until
the section ends: collecting then would walk every object the section has made so far.

Sections nest and may run on several threads at once; the collector is switched back on when the
last one ends, and only if it was on when the first one began.
"""
from __future__ import annotations

import contextlib
import gc
import threading
from typing import Iterator

_lock = threading.Lock()
_active = 0
_switched_off = False  # True when the first open section turned the collector off


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No automatic collection until the block (and every other open section) ends."""
    global _active, _switched_off
    with _lock:
        if _active == 0:
            _switched_off = gc.isenabled()
            gc.disable()
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0 and _switched_off:
                _switched_off = False
                gc.enable()


def active() -> bool:
    """True while any section is open (on any thread)."""
    return _active > 0
