"""What the trainer pages need to know about the kiosk's lessons: titles, step counts, quiz questions.

The progress package never imports :mod:`kiosk.lessons`; the caller hands over its lesson library
and this adapter reads it through :class:`LessonLike`. Titles and questions are kept as the lesson
file wrote them (catalog message ids) and translated when shown, so a trainer page switches
language without asking the store again.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Protocol, Sequence

from kiosk.i18n import _
from kiosk.progress.summary import LessonInfo

logger = logging.getLogger(__name__)


class StepLike(Protocol):
    kind: str


class LessonLike(Protocol):
    id: str
    title: str

    @property
    def step_count(self) -> int: ...

    @property
    def steps(self) -> Sequence[StepLike]: ...


@dataclass(frozen=True)
class StepInfo:
    """A step of a lesson as the trainer pages name it: its kind and a label (a message id: a
    quiz's question, else the step's title, else its text) — never just "Step 4"."""

    index: int
    kind: str
    label: str

    @property
    def number(self) -> int:
        return self.index + 1


def _label(step: StepLike) -> str:
    # A quiz is named by its question: several are titled just "Quick check".
    names = ("question", "title", "text") if step.kind == "quiz" else ("title", "question", "text")
    for name in names:
        value = getattr(step, name, None)
        if value:
            return str(value)
    return ""


class LessonFacts:
    """Lesson metadata by id, for grids, details, difficult questions and exports."""

    def __init__(self, lessons: Iterable[LessonLike] = ()) -> None:
        self._lessons: dict[str, LessonLike] = {lesson.id: lesson for lesson in lessons}

    @classmethod
    def from_folder(cls, folder: Path) -> LessonFacts | None:
        """The lessons of a kiosk's ``lessons/`` folder, for a worker that has no library at hand
        (the LRS outbox); None when they cannot be read — records still go, without mastery.
        The one place this package reaches for :mod:`kiosk.lessons`, lazily."""
        try:
            from kiosk.lessons import load_all

            return cls(load_all(Path(folder)))
        except Exception:  # noqa: BLE001 - lessons are a nicety here, the records are not
            logger.exception("lessons in %s not read; statements go without mastery", folder)
            return None

    def __iter__(self) -> Iterator[LessonInfo]:
        return (self.info(lesson_id) for lesson_id in self._lessons)

    def __contains__(self, lesson_id: object) -> bool:
        return lesson_id in self._lessons

    def info(self, lesson_id: str) -> LessonInfo:
        """Title as a message id (see :attr:`LessonInfo.shown_title`) and the step count."""
        lesson = self._lessons.get(lesson_id)
        return LessonInfo(lesson_id, lesson.title, lesson.step_count) if lesson else LessonInfo(lesson_id)

    def translated(self, lesson_id: str) -> LessonInfo:
        """The same with the title in the current language (for files a trainer takes away)."""
        info = self.info(lesson_id)
        return LessonInfo(info.id, _(info.title), info.step_count) if info.title else info

    def step(self, lesson_id: str, index: int) -> StepInfo:
        """The kind and label of one step (an unknown step: its number only, label empty)."""
        lesson = self._lessons.get(lesson_id)
        if lesson is None or not 0 <= index < len(lesson.steps):
            return StepInfo(index, "", "")
        found = lesson.steps[index]
        return StepInfo(index, found.kind, _label(found))

    def kinds(self, lesson_id: str) -> list[str]:
        """The kind of each step of a lesson, in order (empty for an unknown lesson)."""
        lesson = self._lessons.get(lesson_id)
        return [step.kind for step in lesson.steps] if lesson else []

    def mastery(self, lesson_id: str) -> object | None:
        """The lesson's mastery rule (``kiosk.lessons.mastery.MasteryRule``, read by duck typing),
        or None when completing the lesson is mastering it."""
        return getattr(self._lessons.get(lesson_id), "mastery", None)

    def question(self, lesson_id: str, step: int) -> str | None:
        """The question of a quiz step (a message id), or None when that step is no quiz."""
        lesson = self._lessons.get(lesson_id)
        if lesson is None or not 0 <= step < len(lesson.steps):
            return None
        found = lesson.steps[step]
        return getattr(found, "question", None) if found.kind == "quiz" else None
