"""Helpers for the view-model tests: a task runner that runs at once, lessons, a session, a link."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from kiosk.progress.lessonfacts import LessonFacts
from kiosk.progress.link import ProgressLink
from kiosk.progress.store import ProgressStore
from kiosk.session import FakeClock, Session


class Runner:
    """``ui.tasks.Tasks`` without threads: runs each call at once and delivers its result."""

    def __init__(self) -> None:
        self.slots: list[str] = []

    def run(self, slot: str, fn: Callable[..., Any], *args: Any,
            on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None, process: bool = False) -> int:
        self.slots.append(slot)
        try:
            result = fn(*args)
        except Exception as exc:  # noqa: BLE001 - delivered like the real runner does
            if on_error is None:
                raise
            on_error(exc)
            return len(self.slots)
        if on_done is not None:
            on_done(result)
        return len(self.slots)

    def busy(self, slot: str | None = None) -> bool:
        return False


@dataclass
class Step:
    kind: str
    question: str = ""


@dataclass
class Lesson:
    id: str
    title: str
    steps: list[Step] = field(default_factory=list)

    @property
    def step_count(self) -> int:
        return len(self.steps)


LESSONS = [Lesson("email-basics", "Email basics", [Step("explain"), Step("quiz", "Which one is an email address?"),
                                                   Step("explain")]),
           Lesson("video-call", "Video calls", [Step("explain"), Step("explain")])]


@dataclass
class Hooks:
    """What the lesson player offers (AppContext's two fields)."""

    lesson_listeners: list[Callable[[Any], None]] = field(default_factory=list)
    resume_lookup: Callable[[str], int | None] | None = None


def make_session() -> Session:
    session = Session(clock=FakeClock())
    session.activity()
    return session


def make_link(store: ProgressStore, session: Session, hooks: Hooks | None = None) -> ProgressLink:
    return ProgressLink(session, hooks or Hooks(), device_id="test-pc", open_store=lambda: store,
                        open_lessons=lambda: LessonFacts(LESSONS))
