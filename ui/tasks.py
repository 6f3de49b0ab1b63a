"""The one background-task path of the kiosk UI (in the spirit of Anki's ``QueryOp``).

Every blocking core call — a database query, an HTTP fetch, parsing a feed, loading a map pack —
goes through :class:`Tasks`: the call runs off the UI thread, and its result or its error is
delivered back **on the UI thread** through a queued Qt signal. Nothing here touches a widget
from a worker; callbacks run on the UI thread only.

Each view asks for work under a *slot* name (``"chargers.refresh"``, ``"trainer.grid"`` …). A new
call in the same slot supersedes the previous one: the older result is dropped when it arrives
(the view no longer wants it). :meth:`Tasks.cancel_all` drops every pending result — the session
wipe and shutdown call it, so a slow query can never show one visitor's data to the next.

``process=True`` runs the call in a child process instead of a thread: for CPU-heavy pure
functions (parsing 10,000 EVSEs) that would otherwise hold the interpreter lock and stall the UI.
The function and its arguments must then be picklable (module-level functions, plain data).

Tests and screenshots wait with :meth:`Tasks.wait_idle` (it keeps Qt's event loop turning, so
deliveries happen exactly as in the running kiosk).
"""
from __future__ import annotations

import concurrent.futures
import itertools
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Signal

from kiosk import threadguard

logger = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


@dataclass
class _Ticket:
    slot: str
    generation: int
    on_done: Done | None
    on_error: Failed | None
    future: concurrent.futures.Future | None = None


class _Bridge(QObject):
    """Lives on the UI thread; a worker emits ``finished`` and Qt queues the call over."""

    finished = Signal(object, object, object)  # ticket, result, error


class Tasks:
    """Runs core calls off the UI thread and hands results back on it (see module docs)."""

    def __init__(self, *, threads: int = 4) -> None:
        threadguard.mark_ui_thread()
        self._threads = concurrent.futures.ThreadPoolExecutor(threads, thread_name_prefix="kiosk-task")
        #: One child process per feature (the slot's first word): a charger API that hangs for its
        #: whole deadline must not hold up a map pack load.
        self._processes: dict[str, concurrent.futures.ProcessPoolExecutor] = {}
        self._bridge = _Bridge()
        self._bridge.finished.connect(self._deliver)
        self._generation = itertools.count(1)
        self._latest: dict[str, int] = {}
        self._pending: dict[int, _Ticket] = {}
        self._lock = threading.Lock()
        self._closed = False

    # -- starting work ---------------------------------------------------------------------------
    def run(self, slot: str, fn: Callable[..., Any], *args: Any, on_done: Done | None = None,
            on_error: Failed | None = None, process: bool = False) -> int:
        """Run ``fn(*args)`` off the UI thread; later call ``on_done(result)`` or
        ``on_error(exc)`` on the UI thread — unless a newer call in ``slot`` came first, or the
        slot was cancelled. Returns the call's generation number."""
        if self._closed:
            raise RuntimeError("the kiosk's task runner is closed")
        generation = next(self._generation)
        ticket = _Ticket(slot, generation, on_done, on_error)
        with self._lock:
            self._latest[slot] = generation
            self._pending[generation] = ticket
        executor = self._process_pool(slot.split(".")[0]) if process else self._threads
        try:
            future = executor.submit(fn, *args) if process else executor.submit(self._call, fn, args)
        except Exception as exc:  # noqa: BLE001 - a broken pool is reported like any failure
            self._bridge.finished.emit(ticket, None, exc)
            return generation
        ticket.future = future
        future.add_done_callback(lambda f, t=ticket: self._finished(t, f))
        return generation

    @staticmethod
    def _call(fn: Callable[..., Any], args: tuple) -> Any:
        with threadguard.worker():
            return fn(*args)

    def _process_pool(self, feature: str) -> concurrent.futures.ProcessPoolExecutor:
        if feature not in self._processes:
            import multiprocessing

            # "spawn": a fork of a process running Qt threads can deadlock in the child.
            self._processes[feature] = concurrent.futures.ProcessPoolExecutor(
                1, mp_context=multiprocessing.get_context("spawn"))
        return self._processes[feature]

    def _finished(self, ticket: _Ticket, future: concurrent.futures.Future) -> None:
        # Runs on the worker (or the pool's management thread): only emit, never touch views.
        if future.cancelled():
            self._bridge.finished.emit(ticket, None, concurrent.futures.CancelledError())
            return
        error = future.exception()
        self._bridge.finished.emit(ticket, None if error else future.result(), error)

    def _deliver(self, ticket: _Ticket, result: Any, error: BaseException | None) -> None:
        with self._lock:
            self._pending.pop(ticket.generation, None)
            wanted = self._latest.get(ticket.slot) == ticket.generation
            if wanted:
                del self._latest[ticket.slot]
        if not wanted or self._closed:
            logger.debug("dropped a result nobody wants any more (%s)", ticket.slot)
            return
        try:
            if error is None:
                if ticket.on_done is not None:
                    ticket.on_done(result)
            elif isinstance(error, concurrent.futures.CancelledError):
                return
            elif ticket.on_error is not None:
                ticket.on_error(error)
            else:
                logger.error("background task %s failed: %s", ticket.slot, error,
                             exc_info=(type(error), error, error.__traceback__))
        except Exception:  # noqa: BLE001 - a view's callback must never kill the loop
            logger.exception("handling the result of %s failed", ticket.slot)

    # -- dropping work ---------------------------------------------------------------------------
    def cancel(self, slot: str) -> None:
        """Drop the pending result of ``slot`` (the call itself finishes and is ignored)."""
        with self._lock:
            generation = self._latest.pop(slot, None)
            ticket = self._pending.get(generation) if generation else None
        if ticket is not None and ticket.future is not None:
            ticket.future.cancel()

    def cancel_all(self) -> None:
        """Drop every pending result (the session wipe: nothing reaches the next visitor)."""
        with self._lock:
            slots = list(self._latest)
        for slot in slots:
            self.cancel(slot)

    def busy(self, slot: str | None = None) -> bool:
        with self._lock:
            return bool(self._latest) if slot is None else slot in self._latest

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Turn Qt's event loop until no wanted result is pending (tests, screenshots)."""
        deadline = time.monotonic() + timeout
        app = QCoreApplication.instance()
        while self.busy():
            if time.monotonic() > deadline:
                return False
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.002)
        app.processEvents()
        return True

    def close(self) -> None:
        """Stop (the kiosk is closing): drop all pending results and end the workers; a child
        process gets at most a second to end before it is killed."""
        self.cancel_all()
        self._closed = True
        self._threads.shutdown(wait=False, cancel_futures=True)
        for pool in self._processes.values():
            # The kiosk is stopping: a child still fetching (up to the charger deadline) would
            # outlive it. Its work is discarded anyway (the cache is written by rename).
            workers = list(getattr(pool, "_processes", {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for worker in workers:
                if worker.is_alive():
                    worker.terminate()
            for worker in workers:
                # A child caught while still starting up (or one whose SIGTERM is ignored, as a
                # parent's ignored signals carry over) must not outlive the kiosk either: a
                # moment to end, then SIGKILL. Only at stop, at most a second per feature.
                worker.join(1.0)
                if worker.is_alive():
                    worker.kill()
