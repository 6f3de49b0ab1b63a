"""kiosk.gcpause: bulk-allocation sections keep the cyclic collector out, across nesting and threads."""
from __future__ import annotations

import gc
import threading

import pytest

from kiosk import gcpause


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if was else gc.disable)()


def test_nested_sections_switch_the_collector_back_on_only_at_the_end(collector_on) -> None:
    assert not gcpause.active()
    with gcpause.paused():
        assert not gc.isenabled() and gcpause.active()
        with gcpause.paused():
            assert not gc.isenabled()
        assert not gc.isenabled() and gcpause.active()  # the outer section is still open
    assert gc.isenabled() and not gcpause.active()


def test_a_collector_switched_off_by_the_host_stays_off(collector_on) -> None:
    gc.disable()  # e.g. ui/gcguard.py runs it from a UI-thread timer
    with gcpause.paused():
        assert gcpause.active()
    assert not gc.isenabled() and not gcpause.active()


def test_sections_overlapping_on_two_threads(collector_on) -> None:
    inside, release = threading.Event(), threading.Event()

    def worker() -> None:
        with gcpause.paused():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=worker)
    with gcpause.paused():
        thread.start()
        assert inside.wait(5)
    # this thread's section ended; the worker's is still open
    assert gcpause.active() and not gc.isenabled()
    release.set()
    thread.join(5)
    assert not gcpause.active() and gc.isenabled()


def test_an_exception_still_closes_the_section(collector_on) -> None:
    with pytest.raises(ValueError):
        with gcpause.paused():
            raise ValueError("bad page")
    assert gc.isenabled() and not gcpause.active()
