"""Every question the trainer pages ask of the store, as typed page data.

Each function takes the store and the kiosk's :class:`LessonFacts` and returns what one trainer
page shows — run in a worker thread (:meth:`ProgressLink.query`), never on the UI thread. The same
functions serve the CLI and tests. Titles and quiz questions are catalog message ids, translated
when shown (``LessonInfo.shown_title``), so a page never re-queries on a language switch.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kiosk.progress.accounts import NewCode, SchoolClass
from kiosk.progress.export import ExportPlace, export_csv, export_places, export_xapi
from kiosk.progress.lessonfacts import LessonFacts
from kiosk.progress.store import ProgressStore, QuestionStats, RecoveryNotice
from kiosk.progress.summary import (ClassGrid, LearnerDetail, LessonInfo, Status, class_grid,
                                    difficult_questions, learner_detail)

ExportKind = Literal["csv", "xapi"]


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
        return self.counts[Status.COMPLETED]

    @property
    def needs_help(self) -> int:
        return self.counts[Status.NEEDS_HELP]

    @property
    def in_progress(self) -> int:
        return self.counts[Status.STARTED]


@dataclass(frozen=True)
class ClassPage:
    """One class: its progress grid and, per lesson, how many learners are where."""

    grid: ClassGrid
    totals: list[LessonTotals]

    @property
    def school_class(self) -> SchoolClass:
        return self.grid.school_class


@dataclass(frozen=True)
class LearnerPage:
    """One learner's lessons and quiz steps, and how many records removing them deletes."""

    detail: LearnerDetail
    events: int


@dataclass(frozen=True)
class QuestionRow:
    step: int
    question: str  # a catalog message id
    stats: QuestionStats


@dataclass(frozen=True)
class QuestionsPage:
    """The quiz questions of one lesson a class answered wrong, most often first."""

    lesson: LessonInfo
    rows: list[QuestionRow]


@dataclass(frozen=True)
class LessonChoice:
    """Every lesson of the kiosk, and which of them a class works on (in order)."""

    lessons: list[LessonInfo]
    chosen: list[str]


def class_list(store: ProgressStore, _lessons: LessonFacts, include_archived: bool) -> ClassList:
    return ClassList(store.accounts.list_classes(include_archived=include_archived), store.recovery)


def class_page(store: ProgressStore, lessons: LessonFacts, class_id: int) -> ClassPage:
    grid = class_grid(store, class_id, lessons.info)
    return ClassPage(grid, [LessonTotals(lesson, grid.status_counts(lesson.id)) for lesson in grid.lessons])


def learner_page(store: ProgressStore, lessons: LessonFacts, learner_id: str) -> LearnerPage:
    return LearnerPage(learner_detail(store, learner_id, lessons.info), store.count_events(learner_id))


def questions_page(store: ProgressStore, lessons: LessonFacts, class_id: int | None,
                   lesson_id: str) -> QuestionsPage:
    rows = []
    for stats in difficult_questions(store, lesson_id, class_id, limit=50):
        question = lessons.question(lesson_id, stats.step)
        if question is not None:
            rows.append(QuestionRow(stats.step, question, stats))
    return QuestionsPage(lessons.info(lesson_id), rows)


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
        return export_csv(store, folder, class_id, lessons.translated)
    return export_xapi(store, folder, class_id, lessons.translated)
