"""Plumbing shared by the progress view models (sign-in, trainer PIN, trainer dashboard).

A view model is plain Python: it holds what a page shows, decides what a tap does, and tells its
listeners when something changed (plain callbacks, as :class:`kiosk.session.Session` does). It
never blocks: every store call is handed to a :class:`TaskRunner` — in the kiosk that is
``ui.tasks.Tasks`` (work off the UI thread, result back on it); in core tests a runner that calls
at once. Messages are kept as :data:`Say` callables, so a page shows them in whatever language is
current when it draws — a language switch re-renders, it never re-queries.
"""
from __future__ import annotations

import logging
from typing import Any, Callable, Protocol

from kiosk.errors import KioskError, StoreError
from kiosk.i18n import _
from kiosk.session import Session

logger = logging.getLogger(__name__)

#: A message in the current language, worked out when it is shown.
Say = Callable[[], str]
Listener = Callable[[], None]


class TaskRunner(Protocol):
    """What a view model needs of the one background-task path (``ui.tasks.Tasks``)."""

    def run(self, slot: str, fn: Callable[..., Any], *args: Any,
            on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None,
            process: bool = False) -> int: ...

    def busy(self, slot: str | None = None) -> bool: ...


def said(text: str) -> Say:
    """A fixed text (already translated, or not language-dependent) as a message."""
    return lambda: text


def calm_message(exc: BaseException, trainer: bool = False) -> Say:
    """A translated sentence for a store problem; a trainer's own input errors say what to fix."""
    if isinstance(exc, KioskError) and not isinstance(exc, StoreError):
        return said(str(exc))  # already in the visitor's language (raised by the store's checks)
    logger.warning("progress store not available: %s", exc)
    if trainer:
        return lambda: _("The learning records cannot be reached right now. Please try again "
                         "later or ask a technician.")
    return lambda: _("Saving progress is not available right now — you can still use the lessons.")


class ViewModel:
    """Listeners, a message, and the one way to run a store call (see module docs)."""

    #: Slots of the task runner are named after the page, so a newer load drops an older one.
    slot = "progress"
    trainer = False

    def __init__(self, tasks: TaskRunner, session: Session) -> None:
        self.tasks = tasks
        self.session = session
        self.message: Say | None = None
        self._listeners: list[Listener] = []

    # -- listeners -------------------------------------------------------------------------------
    def subscribe(self, callback: Listener) -> None:
        self._listeners.append(callback)

    def unsubscribe(self, callback: Listener) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    def changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    # -- messages --------------------------------------------------------------------------------
    def message_text(self) -> str:
        return self.message() if self.message is not None else ""

    def say(self, message: Say | None) -> None:
        self.message = message
        self.changed()

    def failed(self, exc: BaseException) -> None:
        self.say(calm_message(exc, trainer=self.trainer))

    # -- background work ---------------------------------------------------------------------------
    def run(self, what: str, fn: Callable[..., Any], *args: Any,
            then: Callable[[Any], None], failed: Callable[[BaseException], None] | None = None) -> None:
        """Run ``fn(*args)`` off the UI thread in this page's slot ``what``; ``then(result)`` or
        ``failed(exc)`` (default: a calm message) run back on the UI thread."""
        self.tasks.run(f"{self.slot}.{what}", fn, *args, on_done=then,
                       on_error=failed or self.failed)

    def reset(self) -> None:
        """The session wipe: forget everything (pages add their own state)."""
        self.say(None)
