"""The link between the lesson player and the progress store while a learner is signed in.

:class:`ProgressLink` owns the kiosk's one store (opened on first use, always off the UI thread)
and, while a learner is signed in, hooks two things into the lesson player (any object with
``lesson_listeners`` and ``resume_lookup``, e.g. the UI's ``AppContext``):

* a listener that turns each lesson event into a learning record — written by
  :class:`QueuedSink` on one recording thread, in order, so a lesson never waits for a disk flush;
* ``resume_lookup(lesson_id)`` — a pure in-memory lookup of where the learner left each lesson,
  read from the store when they sign in (:meth:`ProgressLink.fetch_positions`, in a worker) and
  kept up to date as their events are recorded. Opening a lesson never queries the database.

An event that cannot be saved (a full disk, a read-only file) is kept and tried again; while a
learner is signed in, :func:`unsaved_notice` gives the lesson screen a gentle sentence to show.

Signing out and the idle wipe unhook both at once and never wait: records already handed over
are still written by the recording thread (they are a learner's progress), after the next visitor
has the screen.
"""
from __future__ import annotations

import logging
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Mapping, Protocol, Sequence, TypeVar

from kiosk import threadguard
from kiosk.errors import KioskError, StoreError
from kiosk.i18n import _
from kiosk.progress.accounts import Learner
from kiosk.progress.events import LearningEvent, Recorder
from kiosk.progress.lessonfacts import LessonFacts
from kiosk.progress.store import ProgressStore
from kiosk.redact import redact_text
from kiosk.session import Event, Session, SignedIn

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: Where the lessons the signed-in learner's trainer assigned to their class wait in the visitor
#: session (``{"account": id, "lessons": [ids]}``; the catalog lists them first). Wiped with the
#: session; ``kiosk.lessons.viewmodel.ASSIGNED_SCRATCH`` is the same key.
ASSIGNED_SCRATCH = "signed-in:assigned"


class LessonEventLike(Protocol):
    """What the lesson player reports (``kiosk.lessons.LearningEvent``), read by duck typing so
    this package never imports the lessons package."""

    verb: str
    lesson_id: str
    step_index: int
    result: Mapping[str, Any]


class LessonHooks(Protocol):
    """Where the lesson player looks for listeners and a resume lookup (``ui.context.AppContext``)."""

    lesson_listeners: list[Callable[[Any], None]]
    resume_lookup: Callable[[str], int | None] | None


class QueuedSink:
    """Records events on one worker thread, in order; :meth:`record` returns at once.

    An event that cannot be written (a full disk, a read-only or unreachable database) is kept in
    memory and tried again — before the next event, and every ``retry_seconds`` — so a passing
    problem loses nothing. :attr:`unsaved` says how many are waiting (the lesson screen tells the
    learner). At most ``keep`` are kept; beyond that the oldest are dropped with an error logged,
    so a database that never comes back cannot eat the kiosk's memory.
    """

    def __init__(self, store: Callable[[], ProgressStore], *, retry_seconds: float = 30,
                 keep: int = 5000) -> None:
        self._store = store
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="progress-record")
        self._waiting: deque[LearningEvent] = deque()
        self._waiting_lock = threading.Lock()
        self._retry_seconds = retry_seconds
        self._keep = keep
        self._timer: threading.Timer | None = None
        self._closed = False

    @property
    def unsaved(self) -> int:
        """How many events could not be written yet (kept to try again)."""
        with self._waiting_lock:
            return len(self._waiting)

    def record(self, event: LearningEvent) -> bool:
        self._executor.submit(self._write, event)
        return True

    def retry(self) -> None:
        """Try the waiting events again now (on the recording thread)."""
        try:
            self._executor.submit(self._write, None)
        except RuntimeError:
            pass  # closed: close() made its own last attempt

    def _write(self, event: LearningEvent | None) -> None:
        # Only events that failed count as unsaved: one being written right now must not make
        # the lesson screen flash the notice.
        with self._waiting_lock:
            batch = list(self._waiting)
        written = 0
        try:
            if batch or event is not None:
                store = self._store()
                for waiting in batch:  # older first: a lesson's events keep their sequence
                    store.record(waiting)
                    written += 1
                if event is not None:
                    store.record(event)
                    event = None
        except Exception as exc:  # noqa: BLE001 - kept for later; the lesson goes on
            logger.error("could not record a learning event (%d waiting, tried again in %gs): %s",
                         len(batch) - written + (event is not None), self._retry_seconds,
                         redact_text(str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
            self._schedule_retry()
        finally:
            with self._waiting_lock:
                for _done in range(written):
                    self._waiting.popleft()
                if event is not None:
                    self._waiting.append(event)
                while len(self._waiting) > self._keep:
                    lost = self._waiting.popleft()
                    logger.error("learning event %s dropped: %d events were already waiting to "
                                 "be saved", lost.id, self._keep)
        if written:
            logger.info("%d learning events that had waited were saved", written)

    def _schedule_retry(self) -> None:
        if self._closed or (self._timer is not None and self._timer.is_alive()):
            return
        self._timer = threading.Timer(self._retry_seconds, self.retry)
        self._timer.daemon = True
        self._timer.start()

    def flush(self, timeout: float | None = 30) -> bool:
        """Wait until every event handed over so far is written (tests; shutting down)."""
        try:
            self._executor.submit(lambda: None).result(timeout)
        except Exception:  # noqa: BLE001 - a timeout or a closed sink: report, never raise
            return False
        return True

    def close(self) -> None:
        """Write what is queued (one last try for waiting events), then stop the thread."""
        self._closed = True
        if self._timer is not None:
            self._timer.cancel()
        if self.unsaved:
            self._executor.submit(self._write, None)
        self._executor.shutdown(wait=True)
        if self.unsaved:
            logger.error("%d learning events could not be saved before the kiosk stopped",
                         self.unsaved)


def record_lesson_event(recorder: Recorder, event: LessonEventLike) -> LearningEvent | None:
    """Turn a lesson player event into the matching :class:`Recorder` call; returns the record."""
    verb, lesson, step, result = event.verb, event.lesson_id, event.step_index, dict(event.result)
    if verb == "started":
        return recorder.started(lesson, step)
    if verb == "resumed":
        return recorder.progressed(lesson, step)
    if verb == "progressed":
        # The engine reports the step just finished; the store keeps the step the learner is on,
        # which is where they resume.
        return recorder.progressed(lesson, step + 1)
    if verb == "answered":
        response = result.get("response")
        return recorder.answered(lesson, step, bool(result.get("success")),
                                 None if response is None else str(response))
    if verb == "asked-for-help":
        return recorder.asked_for_help(lesson, step)
    if verb == "completed":
        total = result.get("quiz_total") or 0
        score = min(1.0, result.get("quiz_first_try", 0) / total) if total else None
        return recorder.completed(lesson, step, score, result.get("success"))
    logger.warning("unknown lesson event verb %r not recorded", verb)
    return None


class ProgressLink:
    """The shared progress store and the hooks that record a signed-in learner's lessons.

    ``open_store`` and ``open_lessons`` block (SQL, migrations, reading lesson files): they are only
    called from worker threads, through :meth:`store`, :meth:`lessons` and :meth:`call`.
    """

    def __init__(self, session: Session, hooks: LessonHooks, *, device_id: str,
                 open_store: Callable[[], ProgressStore],
                 open_lessons: Callable[[], LessonFacts] = LessonFacts) -> None:
        self.session = session
        self.hooks = hooks
        self.device_id = device_id
        self._open_store = open_store
        self._open_lessons = open_lessons
        self._lock = threading.Lock()
        self.account: str | None = None
        self.positions: dict[str, int] = {}
        self._listener: Callable[[Any], None] | None = None
        self._sink = QueuedSink(self.store)
        session.subscribe(self._on_session_event)

    # -- the store (worker threads only) ------------------------------------------------------------
    def store(self) -> ProgressStore:
        """The progress store, opened on first use (blocking: never on the UI thread)."""
        threadguard.check("progress store")
        with self._lock:
            return self._open_store()

    def lessons(self) -> LessonFacts:
        with self._lock:
            return self._open_lessons()

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(store, *args)``; anything unexpected becomes a :class:`StoreError` (logged)."""
        try:
            return fn(self.store(), *args)
        except (KioskError, OSError):
            raise
        except Exception as exc:  # noqa: BLE001 - database drivers raise their own types
            logger.exception("progress store call failed")
            raise StoreError(redact_text(str(exc).splitlines()[0]) if str(exc)
                             else type(exc).__name__) from None

    def query(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(store, lessons, *args)`` for the trainer pages (titles, questions), as :meth:`call`."""
        return self.call(lambda store: fn(store, self.lessons(), *args))

    def fetch_positions(self, account: str) -> dict[str, int]:
        """Where ``account`` left each unfinished lesson (worker thread, before :meth:`sign_in`)."""
        return self.call(ProgressStore.resume_positions, account)

    # -- learners (UI thread: no I/O) -----------------------------------------------------------
    def sign_in(self, learner: Learner, positions: Mapping[str, int],
                assigned: Sequence[str] = ()) -> None:
        """Sign the learner in and hook recording and resuming into the lesson player;
        ``assigned`` are the lessons of their class (read in the worker with the code check)."""
        self.attach(learner.id, positions)
        # Before the session says who signed in: the catalog looks when it hears so.
        self.session.scratch[ASSIGNED_SCRATCH] = {"account": learner.id, "lessons": list(assigned)}
        self.session.sign_in(SignedIn(learner.id, learner.first_name))

    def attach(self, account: str, positions: Mapping[str, int]) -> None:
        self.detach()
        recorder = Recorder(self._sink, account, self.device_id)
        self.positions = dict(positions)

        def listen(event: LessonEventLike) -> None:
            recorded = record_lesson_event(recorder, event)
            if recorded is not None:
                self._remember(recorded)

        self._listener = listen
        self.hooks.lesson_listeners.append(listen)
        self.hooks.resume_lookup = self.resume
        self.account = account

    def _remember(self, event: LearningEvent) -> None:
        """Keep the resume positions as the store will have them (see ``resume_positions``)."""
        if event.verb.value == "completed":
            self.positions.pop(event.lesson_id, None)
        else:
            self.positions[event.lesson_id] = event.step or 0

    def resume(self, lesson_id: str) -> int | None:
        """Where the signed-in learner left ``lesson_id`` (None: never opened, or finished)."""
        return self.positions.get(lesson_id)

    def detach(self) -> None:
        """Unhook from the lesson player at once; records handed over are still written."""
        if self._listener is not None and self._listener in self.hooks.lesson_listeners:
            self.hooks.lesson_listeners.remove(self._listener)
        self._listener = None
        if self.hooks.resume_lookup == self.resume:
            self.hooks.resume_lookup = None
        self.account = None
        self.positions = {}
        self.session.scratch.pop(ASSIGNED_SCRATCH, None)

    def flush(self, timeout: float | None = 30) -> bool:
        """Wait until every event handed over so far is in the store (tests)."""
        return self._sink.flush(timeout)

    def unsaved(self) -> int:
        """How many of the recorded events could not be saved yet (they are kept and retried)."""
        return self._sink.unsaved

    def _on_session_event(self, event: Event) -> None:
        if event in (Event.SIGN_IN, Event.WIPED) and self.account is not None:
            who = self.session.signed_in
            if who is None or who.account_id != self.account:
                self.detach()

    def close(self) -> None:
        """The kiosk stops: unhook, then write whatever is still queued."""
        self.detach()
        self.session.unsubscribe(self._on_session_event)
        self._sink.close()


def unsaved_notice(services: Mapping[str, Any]) -> str:
    """A gentle line for the lesson screen while a signed-in learner's progress waits to be saved.

    ``services`` is the UI's ``ctx.services``: no link (nobody ever signed in) means no notice.
    Only reads a counter, so it is safe on the UI thread.
    """
    link = services.get("progress_link")
    if not isinstance(link, ProgressLink) or link.account is None or not link.unsaved():
        return ""
    return _("Your progress could not be saved just now. It will be saved when the kiosk can.")
