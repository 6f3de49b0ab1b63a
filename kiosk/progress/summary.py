"""What a trainer sees: per learner × lesson summaries, the class grid, learner detail, and the
"difficult questions" of a quiz — all derived from the learning events, never stored.

Status rules (Kolibri's coach reports are the model):

* **Mastered** — completed, and the learner met the lesson's mastery rule (only lessons with a
  rule; judged from the events by :func:`kiosk.progress.mastery.with_mastered`).
* **Completed** — the lesson has a ``completed`` event.
* **Needs help** — not completed, and the learner asked for help or answered wrong
  :data:`NEEDS_HELP_WRONG` times or more.
* **Started** — any other event.
* **Not started** — no event.

Time spent adds up the events' durations (each the time since the learner's previous event,
capped at 5 minutes by the :class:`~kiosk.progress.events.Recorder`: a longer gap means they
walked away). Lesson titles and step counts come from the
caller as :class:`LessonInfo`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import Callable, Mapping, Sequence, Union

from kiosk.i18n import N_, _
from kiosk.progress.accounts import Learner, SchoolClass
from kiosk.progress.events import from_us
from kiosk.progress.store import ProgressStore, QuestionStats, RawSummary

NEEDS_HELP_WRONG = 3


class Status(str, Enum):
    NOT_STARTED = "not-started"
    STARTED = "started"
    NEEDS_HELP = "needs-help"
    COMPLETED = "completed"
    MASTERED = "mastered"

    def label(self) -> str:
        """The status in words, in the current language."""
        return _(_STATUS_LABELS[self])

    @property
    def icon(self) -> str:
        """Icon name for the grid (the UI maps it to ui/theme/icons/<name>.svg)."""
        return f"progress-{self.value}"


_STATUS_LABELS = {
    Status.NOT_STARTED: N_("Not started"),
    Status.STARTED: N_("Started"),
    Status.NEEDS_HELP: N_("Needs help"),
    Status.COMPLETED: N_("Completed"),
    Status.MASTERED: N_("Mastered"),
}


@dataclass(frozen=True)
class LessonInfo:
    """What the caller knows about a lesson: its id, title (in the current language), steps."""

    id: str
    title: str = ""
    step_count: int | None = None

    @property
    def display_title(self) -> str:
        return self.title or self.id

    @property
    def shown_title(self) -> str:
        """The title in the current language (titles are catalog message ids; see
        :mod:`kiosk.progress.lessonfacts`)."""
        return _(self.title) if self.title else self.id


#: Lesson metadata the caller passes: a mapping id → LessonInfo, or a function of the id.
LessonLookup = Union[Mapping[str, LessonInfo], Callable[[str], LessonInfo], None]


def lesson_info(lookup: LessonLookup, lesson_id: str) -> LessonInfo:
    if lookup is None:
        return LessonInfo(lesson_id)
    if callable(lookup):
        return lookup(lesson_id)
    return lookup.get(lesson_id) or LessonInfo(lesson_id)


@dataclass(frozen=True)
class LessonSummary:
    """One cell of the grid: one learner in one lesson."""

    account: str
    lesson: LessonInfo
    status: Status
    steps_reached: int = 0
    time_spent: timedelta = timedelta(0)
    last_activity: datetime | None = None
    score: float | None = None
    help_requests: int = 0
    wrong_answers: int = 0

    @property
    def lesson_id(self) -> str:
        return self.lesson.id

    @property
    def time_spent_minutes(self) -> float:
        return round(self.time_spent.total_seconds() / 60, 1)

    @property
    def score_percent(self) -> int | None:
        return None if self.score is None else round(self.score * 100)


def summarize(account: str, lesson: LessonInfo, raw: RawSummary | None) -> LessonSummary:
    if raw is None:
        return LessonSummary(account, lesson, Status.NOT_STARTED)
    if raw.completions:
        status = Status.COMPLETED
    elif raw.help_requests or raw.wrong_answers >= NEEDS_HELP_WRONG:
        status = Status.NEEDS_HELP
    else:
        status = Status.STARTED
    reached = 0 if raw.max_step is None else raw.max_step + 1
    if status is Status.COMPLETED and lesson.step_count:
        reached = lesson.step_count
    elif lesson.step_count:
        reached = min(reached, lesson.step_count)
    return LessonSummary(account, lesson, status, reached, timedelta(microseconds=raw.time_spent_us),
                         from_us(raw.last_us), raw.score, raw.help_requests, raw.wrong_answers)


@dataclass(frozen=True)
class ClassGrid:
    """Learners (rows) × assigned lessons (columns) of one class."""

    school_class: SchoolClass
    learners: list[Learner]
    lessons: list[LessonInfo]
    cells: dict[tuple[str, str], LessonSummary] = field(repr=False)

    def cell(self, learner_id: str, lesson_id: str) -> LessonSummary:
        return self.cells[(learner_id, lesson_id)]

    def rows(self) -> list[tuple[Learner, list[LessonSummary]]]:
        return [(learner, [self.cells[(learner.id, lesson.id)] for lesson in self.lessons])
                for learner in self.learners]

    def status_counts(self, lesson_id: str) -> dict[Status, int]:
        """How many learners are in each status for one lesson (a column footer)."""
        counts = {status: 0 for status in Status}
        for learner in self.learners:
            counts[self.cells[(learner.id, lesson_id)].status] += 1
        return counts


def class_grid(store: ProgressStore, class_id: int, lessons: LessonLookup = None) -> ClassGrid:
    """The progress grid of a class over its assigned lessons."""
    school_class = store.accounts.get_class(class_id)
    learners = store.accounts.list_learners(class_id)
    infos = [lesson_info(lessons, lid) for lid in store.accounts.assigned_lessons(class_id)]
    raw = store.raw_summaries([l.id for l in learners], [i.id for i in infos])
    cells = {(learner.id, info.id): summarize(learner.id, info, raw.get((learner.id, info.id)))
             for learner in learners for info in infos}
    return ClassGrid(school_class, learners, infos, cells)


@dataclass(frozen=True)
class LearnerDetail:
    """One learner: every assigned lesson (then any other lesson they opened) and their quiz steps."""

    learner: Learner
    school_class: SchoolClass
    lessons: list[LessonSummary]
    questions: dict[str, list[QuestionStats]]


def learner_detail(store: ProgressStore, learner_id: str, lessons: LessonLookup = None) -> LearnerDetail:
    learner = store.accounts.get_learner(learner_id)
    school_class = store.accounts.get_class(learner.class_id)
    assigned = store.accounts.assigned_lessons(learner.class_id)
    raw = store.raw_summaries([learner_id])
    extra = sorted(lid for (_acc, lid) in raw if lid not in assigned)
    summaries = [summarize(learner_id, lesson_info(lessons, lid), raw.get((learner_id, lid)))
                 for lid in [*assigned, *extra]]
    questions = {}
    for lid in [s.lesson_id for s in summaries if s.wrong_answers or s.status is not Status.NOT_STARTED]:
        stats = store.question_stats(lid, [learner_id])
        if stats:
            questions[lid] = sorted(stats, key=lambda q: q.step)
    return LearnerDetail(learner, school_class, summaries, questions)


def difficult_questions(store: ProgressStore, lesson_id: str, class_id: int | None = None,
                        limit: int = 10) -> list[QuestionStats]:
    """The quiz steps of a lesson most often answered wrong (by a class, or everyone)."""
    accounts: Sequence[str] | None = None
    if class_id is not None:
        accounts = [l.id for l in store.accounts.list_learners(class_id)]
    return [q for q in store.question_stats(lesson_id, accounts) if q.wrong][:limit]
