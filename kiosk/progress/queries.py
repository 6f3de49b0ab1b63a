"""Every question the trainer pages ask of the store, as typed page data.

Each function takes the store and the kiosk's :class:`LessonFacts` and returns what one trainer
page shows — run in a worker thread (:meth:`ProgressLink.query`), never on the UI thread. The same
functions serve the CLI and tests. Titles and quiz questions are catalog message ids, translated
when shown (``LessonInfo.shown_title``), so a page never re-queries on a language switch.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from kiosk.progress.accounts import Learner, NewCode, SchoolClass
from kiosk.progress.events import Verb
from kiosk.progress.export import ExportPlace, export_csv, export_places, export_xapi
from kiosk.progress.grid import GridView, grid_view
from kiosk.progress.lessonfacts import LessonFacts, StepInfo
from kiosk.progress.mastery import judge, ruled_lessons, with_mastered
from kiosk.progress.report import ClassReport
from kiosk.progress.report import class_report as report_of
from kiosk.progress.slip import ProgressSlip, learner_lessons, progress_slip
from kiosk.progress.store import ProgressStore, QuestionStats, RecoveryNotice
from kiosk.progress.summary import (ClassGrid, LearnerDetail, LessonInfo, LessonSummary, Status,
                                    class_grid, difficult_questions, summarize)

ExportKind = Literal["csv", "xapi", "pdf", "slip"]


@dataclass(frozen=True)
class ClassList:
    """The dashboard: the classes (archived ones too when asked) and any start-up recovery."""

    classes: list[SchoolClass]
    recovery: RecoveryNotice | None


@dataclass(frozen=True)
class LessonTotals:
    """How a class stands in one lesson (a column footer of the grid)."""

    lesson: LessonInfo
    counts: dict[Status, int]

    @property
    def completed(self) -> int:
        """Completed, mastered or not."""
        return self.counts[Status.COMPLETED] + self.counts.get(Status.MASTERED, 0)

    @property
    def mastered(self) -> int:
        return self.counts.get(Status.MASTERED, 0)

    @property
    def needs_help(self) -> int:
        return self.counts[Status.NEEDS_HELP]

    @property
    def in_progress(self) -> int:
        return self.counts[Status.STARTED]


@dataclass(frozen=True)
class ClassPage:
    """One class: its progress grid and, per lesson, how many learners are where; ``view`` is
    what the screen draws (and what the CSV and the printed report hold)."""

    grid: ClassGrid
    totals: list[LessonTotals]
    view: GridView

    @property
    def school_class(self) -> SchoolClass:
        return self.grid.school_class


@dataclass(frozen=True)
class LearnerPage:
    """One learner's lessons and quiz steps, and how many records removing them deletes;
    ``steps`` names the steps the answers are about."""

    detail: LearnerDetail
    events: int
    steps: dict[tuple[str, int], StepInfo] = field(default_factory=dict)


@dataclass(frozen=True)
class QuestionRow:
    """A practice step or quiz question a class missed: its label (a catalog message id)."""

    step: int
    question: str
    stats: QuestionStats
    kind: str = "quiz"


@dataclass(frozen=True)
class StepAttempts:
    """One step of a lesson for one learner: each try in order (True right, False missed) and how
    often they asked for help there."""

    step: StepInfo
    attempts: list[bool]
    help_requests: int
    reached: bool

    @property
    def missed(self) -> int:
        return self.attempts.count(False)


@dataclass(frozen=True)
class LearnerLessonPage:
    """One learner in one lesson: the grid cell, and every step by name with its tries."""

    learner: Learner
    summary: LessonSummary
    steps: list[StepAttempts]
    #: The lesson's mastery rule (``describe()`` says it) and whether this learner met it.
    rule: Any = None
    mastered: bool | None = None


@dataclass(frozen=True)
class QuestionsPage:
    """The steps of one lesson a class missed, most often first; the mastery rule and how many
    learners of the class met it (``mastered`` of ``learners``)."""

    lesson: LessonInfo
    rows: list[QuestionRow]
    rule: Any = None
    mastered: int = 0
    learners: int = 0


@dataclass(frozen=True)
class LessonChoice:
    """Every lesson of the kiosk, and which of them a class works on (in order)."""

    lessons: list[LessonInfo]
    chosen: list[str]


def class_list(store: ProgressStore, _lessons: LessonFacts, include_archived: bool) -> ClassList:
    return ClassList(store.accounts.list_classes(include_archived=include_archived), store.recovery)


def class_page(store: ProgressStore, lessons: LessonFacts, class_id: int) -> ClassPage:
    grid = with_mastered(class_grid(store, class_id, lessons.info), store, lessons)
    return ClassPage(grid, [LessonTotals(lesson, grid.status_counts(lesson.id)) for lesson in grid.lessons],
                     grid_view(grid, ruled_lessons(lessons, grid.lessons)))


def learner_page(store: ProgressStore, lessons: LessonFacts, learner_id: str) -> LearnerPage:
    detail, summaries = learner_lessons(store, lessons, learner_id)
    detail = replace(detail, lessons=summaries)  # "Mastered" where the grid says so
    steps = {(lesson_id, q.step): lessons.step(lesson_id, q.step)
             for lesson_id, stats in detail.questions.items() for q in stats}
    return LearnerPage(detail, store.count_events(learner_id), steps)


def questions_page(store: ProgressStore, lessons: LessonFacts, class_id: int | None,
                   lesson_id: str) -> QuestionsPage:
    """The practice steps and quiz questions of a lesson a class missed, most misses first (a
    practice miss counts as much as a wrong answer: both are what "Needs help" is made of)."""
    rows = []
    for stats in difficult_questions(store, lesson_id, class_id, limit=50):
        step = lessons.step(lesson_id, stats.step)
        if step.kind in ("quiz", "practice") or not step.kind:
            rows.append(QuestionRow(stats.step, step.label, stats, step.kind or "quiz"))
    rule, mastered, learners = lessons.mastery(lesson_id), 0, 0
    if rule is not None and class_id is not None:
        accounts = [learner.id for learner in store.accounts.list_learners(class_id)]
        learners = len(accounts)
        events: dict[str, list] = {account: [] for account in accounts}
        for event in store.events(lesson_id=lesson_id):
            if event.account in events:
                events[event.account].append(event)
        mastered = sum(bool(judge(mine, lessons, lesson_id)) for mine in events.values())
    return QuestionsPage(lessons.info(lesson_id), rows, rule, mastered, learners)


def learner_lesson_page(store: ProgressStore, lessons: LessonFacts, learner_id: str,
                        lesson_id: str) -> LearnerLessonPage:
    learner = store.accounts.get_learner(learner_id)
    info = lessons.info(lesson_id)
    raw = store.raw_summaries([learner_id], [lesson_id]).get((learner_id, lesson_id))
    summary = summarize(learner_id, info, raw)
    tries: dict[int, list[bool]] = {}
    helped: dict[int, int] = {}
    furthest = -1
    events = store.events(account=learner_id, lesson_id=lesson_id)
    for event in events:
        if event.step is None:
            continue
        furthest = max(furthest, event.step)
        if event.verb is Verb.ANSWERED:
            tries.setdefault(event.step, []).append(bool(event.result.success))
        elif event.verb is Verb.ASKED_FOR_HELP:
            helped[event.step] = helped.get(event.step, 0) + 1
    done = summary.status is Status.COMPLETED
    count = max(info.step_count or 0, furthest + 1, *(n + 1 for n in tries), 0)
    steps = [StepAttempts(lessons.step(lesson_id, n), tries.get(n, []), helped.get(n, 0),
                          done or n <= furthest) for n in range(count)]
    return LearnerLessonPage(learner, summary, steps, lessons.mastery(lesson_id),
                             judge(events, lessons, lesson_id))


def class_report(store: ProgressStore, lessons: LessonFacts, class_id: int) -> ClassReport:
    """The printable report of a class, as its page shows it now (the PDF is laid out in ui/)."""
    return report_of(class_page(store, lessons, class_id).view, store.clock())


def slip(store: ProgressStore, lessons: LessonFacts, learner_id: str) -> ProgressSlip:
    """The take-home progress slip of a learner (the PDF is laid out in ui/)."""
    return progress_slip(store, lessons, learner_id, store.clock())


def lesson_choice(store: ProgressStore, lessons: LessonFacts, class_id: int) -> LessonChoice:
    return LessonChoice(list(lessons), store.accounts.assigned_lessons(class_id))


# -- changes -----------------------------------------------------------------------------------------

def create_class(store: ProgressStore, _lessons: LessonFacts, name: str) -> SchoolClass:
    return store.accounts.create_class(name)


def add_learner(store: ProgressStore, _lessons: LessonFacts, class_id: int, first: str,
                initial: str) -> NewCode:
    return store.accounts.add_learner(class_id, first, initial)


def rename_class(store: ProgressStore, _lessons: LessonFacts, class_id: int, name: str) -> SchoolClass:
    return store.accounts.rename_class(class_id, name)


def archive_class(store: ProgressStore, _lessons: LessonFacts, class_id: int,
                  archived: bool) -> SchoolClass:
    return store.accounts.archive_class(class_id, archived)


def edit_learner(store: ProgressStore, _lessons: LessonFacts, learner_id: str, first: str,
                 initial: str) -> None:
    store.accounts.edit_learner(learner_id, first, initial)


def new_code(store: ProgressStore, _lessons: LessonFacts, learner_id: str) -> NewCode:
    return store.accounts.new_code(learner_id)


def remove_learner(store: ProgressStore, _lessons: LessonFacts, learner_id: str) -> int:
    return store.accounts.remove_learner(learner_id)


def assign_lessons(store: ProgressStore, _lessons: LessonFacts, class_id: int,
                   lesson_ids: list[str]) -> list[str]:
    return store.accounts.assign_lessons(class_id, lesson_ids)


# -- exports ---------------------------------------------------------------------------------------

def find_places() -> list[ExportPlace]:
    """USB sticks and the home folder (reads mount points: a worker thread too)."""
    return export_places()


def write_export(store: ProgressStore, lessons: LessonFacts, kind: ExportKind, folder: Path,
                 class_id: int | None) -> Path:
    """The file the trainer takes away, with titles in the language they are using."""
    if kind == "csv":
        return export_csv(store, folder, class_id, lessons.translated, facts=lessons)
    return export_xapi(store, folder, class_id, lessons.translated, facts=lessons)
