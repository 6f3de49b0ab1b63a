"""The one background-task path: results arrive on the UI thread, superseded ones are dropped."""
from __future__ import annotations

import threading

import pytest

from kiosk import threadguard
from ui.tasks import Tasks


@pytest.fixture
def tasks(qapp):
    runner = Tasks(threads=2)
    yield runner
    runner.close()


def test_result_and_error_arrive_on_the_ui_thread(tasks):
    seen = []
    ui = threading.get_ident()
    worker_threads = []

    def work(x):
        worker_threads.append(threading.get_ident())
        return x * 2

    def boom():
        raise ValueError("bad feed")

    tasks.run("a", work, 21, on_done=lambda r: seen.append((r, threading.get_ident())))
    tasks.run("b", boom, on_error=lambda e: seen.append((str(e), threading.get_ident())))
    assert tasks.wait_idle()
    assert sorted(seen, key=str) == sorted([(42, ui), ("bad feed", ui)], key=str)
    assert worker_threads and worker_threads[0] != ui


def test_a_newer_call_in_the_same_slot_drops_the_older_result(tasks):
    gate = threading.Event()
    seen = []
    tasks.run("grid", lambda: (gate.wait(5), "old")[1], on_done=seen.append)
    tasks.run("grid", lambda: "new", on_done=seen.append)
    gate.set()
    assert tasks.wait_idle()
    assert seen == ["new"]


def test_cancel_all_drops_everything_pending(tasks):
    gate = threading.Event()
    seen = []
    tasks.run("one", lambda: (gate.wait(5), 1)[1], on_done=seen.append)
    tasks.run("two", lambda: (gate.wait(5), 2)[1], on_done=seen.append)
    tasks.cancel_all()
    gate.set()
    assert tasks.wait_idle()
    tasks._threads.shutdown(wait=True)
    from PySide6.QtWidgets import QApplication
    QApplication.processEvents()
    assert seen == []


def test_process_pool_runs_picklable_work(tasks):
    seen = []
    tasks.run("sum", sum, [1, 2, 3], on_done=seen.append, process=True)
    assert tasks.wait_idle(60)
    assert seen == [6]


def test_blocking_on_the_ui_thread_fails_in_strict_mode(tasks, monkeypatch):
    monkeypatch.setenv("KIOSK_STRICT_THREADS", "1")
    with pytest.raises(threadguard.BlockingOnUiThread):
        threadguard.check("progress store")
    with threadguard.allowed():
        threadguard.check("progress store")
    errors = []
    tasks.run("q", threadguard.check, "progress store", on_error=errors.append, on_done=errors.append)
    assert tasks.wait_idle()
    assert errors == [None]


def test_closing_ends_the_child_processes(qapp):
    runner = Tasks(threads=1)
    runner.run("slow", __import__("time").sleep, 30, process=True)
    pool = runner._processes["slow"]
    import time as _time
    deadline = _time.monotonic() + 30
    while not getattr(pool, "_processes", None) and _time.monotonic() < deadline:
        _time.sleep(0.05)
    workers = list(pool._processes.values())
    assert workers
    runner.close()
    for worker in workers:
        worker.join(10)
        assert not worker.is_alive()
