"""The lesson catalog as the *Learn* screen shows it: which lessons, in what order, for this kiosk.

:class:`LessonCatalog` is the Qt-free view model of the catalog page. It holds the loaded
:class:`~kiosk.lessons.loader.LessonLibrary` (``None`` while it is still loading in the
background), keeps only the lessons this kiosk's profile offers (a lesson's ``profiles`` field —
"Using a mouse" is for the library PCs, not the mouse-less street kiosk), groups them by topic in
catalog order, remembers the chosen topic, and says what each card shows: title, summary, the
"⏱ 10 minutes · 14 steps · Beginner" line and where this visitor left off ("▶ Continue at step 4",
"✔ Done") from the visitor session's scratch space. While a learner is signed in, the lessons
their trainer gave their class come first, in a group of their own ("From your class"), each card
saying so.

Texts are produced at call time in the current language, so a language switch only re-reads them.
Listeners are plain callables told what changed (as :class:`kiosk.session.Session` does); the
lesson player (:mod:`kiosk.lessons.player`) looks lessons up here too, so both agree on what is
offered.
"""
from __future__ import annotations

import enum
import logging
from typing import Callable

from kiosk import i18n
from kiosk.i18n import N_, _, format_minutes, ngettext
from kiosk.lessons.loader import LessonLibrary
from kiosk.lessons.model import TOPICS, Lesson
from kiosk.session import Event, Session

logger = logging.getLogger(__name__)

#: The "All lessons" topic button.
ALL_TOPICS = ""
#: The group (and topic button) of the lessons a signed-in learner's class was given.
ASSIGNED = "from-your-class"
#: Where sign-in leaves those lessons in the session (``kiosk.progress.link.ASSIGNED_SCRATCH``).
ASSIGNED_SCRATCH = "signed-in:assigned"

LOADING, READY, EMPTY = "loading", "ready", "empty"

HEADING = N_("Learn at your own pace")
SUBHEADING = N_("Choose a lesson. Each one goes step by step, and you can practice on the screen.")
EMPTY_TEXT = N_("The lessons are not available right now. Please ask library staff.")
LOADING_TEXT = N_("Getting the lessons ready…")


def scratch_key(lesson_id: str) -> str:
    """Where a visitor's run of ``lesson_id`` is kept in the session's scratch space."""
    return f"lesson:{lesson_id}"


class CatalogChange(enum.Enum):
    """What changed, for listeners."""
    LIBRARY = "library"   # lessons arrived or were reloaded: rebuild the cards
    TOPIC = "topic"       # another topic was chosen


class LessonCatalog:
    """The lessons a visitor can choose here, grouped by topic (see module docs)."""

    def __init__(self, session: Session, profile: str) -> None:
        self.session = session
        self.profile = profile
        self.library: LessonLibrary | None = None
        self.topic = ALL_TOPICS
        self._offered: tuple[Lesson, ...] = ()
        self._listeners: list[Callable[[CatalogChange], None]] = []
        self._assigned: tuple[str, ...] = ()
        session.subscribe(self._on_session_event)

    # -- listeners -------------------------------------------------------------------------------
    def subscribe(self, callback: Callable[[CatalogChange], None]) -> None:
        self._listeners.append(callback)

    def unsubscribe(self, callback: Callable[[CatalogChange], None]) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    def _emit(self, change: CatalogChange) -> None:
        for listener in list(self._listeners):
            listener(change)

    def _on_session_event(self, event: Event) -> None:
        """Signing in or out (or the wipe) changes which lessons come first: rebuild the cards."""
        if event in (Event.SIGN_IN, Event.WIPED) and self.assigned() != self._assigned:
            self._assigned = self.assigned()
            if self.topic not in self.topics():
                self.topic = ALL_TOPICS
            self._emit(CatalogChange.LIBRARY)

    def assigned(self) -> tuple[str, ...]:
        """The offered lessons the signed-in learner's class was given, in the trainer's order
        (empty when nobody is signed in)."""
        who = self.session.signed_in
        given = self.session.scratch.get(ASSIGNED_SCRATCH) or {}
        if who is None or given.get("account") != who.account_id:
            return ()
        offered = {lesson.id for lesson in self._offered}
        return tuple(lid for lid in given.get("lessons", ()) if lid in offered)

    def is_assigned(self, lesson_id: str) -> bool:
        return lesson_id in self.assigned()

    # -- the lessons -----------------------------------------------------------------------------
    def set_library(self, library: LessonLibrary) -> None:
        """The lessons have been loaded (on a worker); show the ones this kiosk offers."""
        self.library = library
        self._offered = tuple(lesson for lesson in library if lesson.offered_on(self.profile))
        hidden = len(library) - len(self._offered)
        if hidden:
            logger.info("%d lesson(s) not offered on the %s kiosk", hidden, self.profile)
        if self.topic not in self.topics():
            self.topic = ALL_TOPICS
        self._emit(CatalogChange.LIBRARY)

    @property
    def state(self) -> str:
        """``loading`` until the library arrives, then ``ready`` or ``empty`` (nothing offered)."""
        if self.library is None:
            return LOADING
        return READY if self._offered else EMPTY

    @property
    def needs_reload(self) -> bool:
        """Nothing to offer (content folder missing at start): worth looking again."""
        return self.state == EMPTY

    def lessons(self) -> tuple[Lesson, ...]:
        """Every lesson offered here, in catalog order."""
        return self._offered

    def get(self, lesson_id: str | None) -> Lesson | None:
        """The offered lesson ``lesson_id`` (None when unknown or not offered on this kiosk)."""
        return next((lesson for lesson in self._offered if lesson.id == lesson_id), None)

    def first(self) -> Lesson | None:
        return self._offered[0] if self._offered else None

    def by_topic(self) -> dict[str, list[Lesson]]:
        """Offered lessons grouped by topic, topics in the order their first lesson appears."""
        groups: dict[str, list[Lesson]] = {}
        assigned = self.assigned()
        if assigned:
            groups[ASSIGNED] = [lesson for lid in assigned if (lesson := self.get(lid))]
        for lesson in self._offered:
            if lesson.id not in assigned:
                groups.setdefault(lesson.topic, []).append(lesson)
        return groups

    # -- topics ----------------------------------------------------------------------------------
    def topics(self) -> list[str]:
        """The topic buttons: "All lessons" first, then each topic that has a lesson here."""
        return [ALL_TOPICS, *self.by_topic()]

    @staticmethod
    def topic_label(topic: str) -> str:
        if topic == ASSIGNED:
            return _("From your class")
        return _(TOPICS.get(topic, topic)) if topic else _("All lessons")

    def choose_topic(self, topic: str) -> None:
        if topic not in self.topics():
            topic = ALL_TOPICS
        self.topic = topic
        self._emit(CatalogChange.TOPIC)

    def shows_topic(self, topic: str) -> bool:
        """Whether the group of ``topic`` is shown under the chosen topic button."""
        return self.topic in (ALL_TOPICS, topic)

    # -- cards -----------------------------------------------------------------------------------
    @staticmethod
    def card_meta(lesson: Lesson) -> str:
        """"⏱ 10 minutes · 14 steps · Beginner" in the current language."""
        steps = ngettext("{n} step", "{n} steps", lesson.step_count).format(
            n=i18n.format_number(lesson.step_count))
        return f"⏱ {format_minutes(lesson.minutes)} · {steps} · {lesson.level_title()}"

    def marker(self, lesson_id: str) -> str:
        """Where this visitor left ``lesson_id``: "✔ Done", "▶ Continue at step 4" or nothing;
        "From your class" first for a lesson the signed-in learner's class was given."""
        where = self._where(lesson_id)
        if self.is_assigned(lesson_id):
            return " · ".join(filter(None, ["◆ " + _("From your class"), where]))
        return where

    def _where(self, lesson_id: str) -> str:
        state = self.session.scratch.get(scratch_key(lesson_id)) or {}
        if state.get("finished"):
            return "✔ " + _("Done")
        try:
            index = int(state.get("index") or 0)
        except (TypeError, ValueError):
            return ""
        if index:
            return "▶ " + _("Continue at step {number}").format(number=i18n.format_number(index + 1))
        return ""

    # -- page texts ------------------------------------------------------------------------------
    @staticmethod
    def heading() -> str:
        return _(HEADING)

    @staticmethod
    def subheading() -> str:
        return _(SUBHEADING)

    def status_text(self) -> str:
        """The line shown instead of cards: still loading, or nothing to offer."""
        return {LOADING: _(LOADING_TEXT), EMPTY: _(EMPTY_TEXT)}.get(self.state, "")

    # -- taps ------------------------------------------------------------------------------------
    def open(self, lesson_id: str) -> None:
        """A card was tapped: open the player on that lesson."""
        self.session.open("lesson", id=lesson_id)

    def reset(self) -> None:
        """The session wipe: the next visitor sees every topic again."""
        self.topic = ALL_TOPICS
        self._emit(CatalogChange.TOPIC)
