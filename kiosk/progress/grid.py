"""The class grid as a trainer sees it — one row per learner, one column per assigned lesson — and
everything derived from it: column totals, the class summary, and the rows of the CSV export.

Qt-free. The screen, the CSV and the printed report all read this one :class:`GridView`, so a
status or a number in a file is exactly the one on the screen. Each status has a shape of its own
(:data:`STATUS_SHAPES`; the screen draws it, the words say it) so nothing depends on colour alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Collection

from kiosk.i18n import _, format_ago, format_minutes, ngettext
from kiosk.progress.accounts import Learner, SchoolClass
from kiosk.progress.summary import ClassGrid, LessonInfo, LessonSummary, Status

#: A text mark per status, for places that cannot draw (files, the accessibility tree).
STATUS_MARKS = {Status.NOT_STARTED: "○", Status.STARTED: "◐", Status.NEEDS_HELP: "⚠",
                Status.COMPLETED: "✓", Status.MASTERED: "★"}
#: The shape the grid draws per status: an empty ring, a half-filled circle, a triangle with an
#: exclamation mark, a filled circle with a tick, a five-pointed star (mastered: completed and the
#: lesson's mastery rule met).
STATUS_SHAPES = {Status.NOT_STARTED: "ring", Status.STARTED: "half", Status.NEEDS_HELP: "triangle",
                 Status.COMPLETED: "tick", Status.MASTERED: "star"}
#: The order of the legend and of the totals (best first).
LEGEND_ORDER = (Status.MASTERED, Status.COMPLETED, Status.STARTED, Status.NEEDS_HELP,
                Status.NOT_STARTED)


@dataclass(frozen=True)
class GridCell:
    """One learner in one lesson, with the numbers the grid and the exports show."""

    learner: Learner
    summary: LessonSummary

    @property
    def lesson(self) -> LessonInfo:
        return self.summary.lesson

    @property
    def status(self) -> Status:
        return self.summary.status

    @property
    def shape(self) -> str:
        return STATUS_SHAPES[self.status]

    @property
    def steps_reached(self) -> int:
        return self.summary.steps_reached

    @property
    def steps_total(self) -> int | None:
        return self.lesson.step_count

    @property
    def minutes(self) -> float:
        return self.summary.time_spent_minutes

    @property
    def last_activity(self) -> datetime | None:
        return self.summary.last_activity

    @property
    def score_percent(self) -> int | None:
        return self.summary.score_percent

    @property
    def opened(self) -> bool:
        return self.last_activity is not None

    def short(self) -> str:
        """What fits beside the shape in a dense cell: steps reached of the lesson's steps."""
        if not self.opened:
            return ""
        total = self.steps_total
        return f"{self.steps_reached}/{total}" if total else str(self.steps_reached)

    def spoken(self) -> str:
        """The whole cell in words (screen readers, tooltips)."""
        parts = [f"{self.learner.display_name}, {self.lesson.shown_title}: {self.status.label()}"]
        if self.opened:
            if self.steps_total:
                parts.append(_("{n} of {total} steps").format(n=self.steps_reached,
                                                              total=self.steps_total))
            parts.append(format_minutes(self.minutes))
            parts.append(format_ago(self.last_activity))
        if self.score_percent is not None:
            parts.append(_("quiz score {percent} %").format(percent=self.score_percent))
        return ", ".join(parts)


@dataclass(frozen=True)
class Totals:
    """How many cells are in each status (a column of the grid, or the whole class). Each cell
    counts once: ``completed`` are the completed cells not mastered, ``mastered`` the others."""

    completed: int = 0
    in_progress: int = 0
    needs_help: int = 0
    not_started: int = 0
    mastered: int = 0

    @property
    def cells(self) -> int:
        return self.completed + self.in_progress + self.needs_help + self.not_started + self.mastered

    def count(self, status: Status) -> int:
        return {Status.COMPLETED: self.completed, Status.STARTED: self.in_progress,
                Status.NEEDS_HELP: self.needs_help, Status.NOT_STARTED: self.not_started,
                Status.MASTERED: self.mastered}[status]

    @staticmethod
    def of(cells: list[GridCell]) -> Totals:
        count = {status: 0 for status in Status}
        for cell in cells:
            count[cell.status] += 1
        return Totals(count[Status.COMPLETED], count[Status.STARTED], count[Status.NEEDS_HELP],
                      count[Status.NOT_STARTED], count[Status.MASTERED])

    def shown(self, ruled: bool) -> list[Status]:
        """The statuses a footer counts: mastered first where the lesson has a rule."""
        return ([Status.MASTERED] if ruled else []) + [Status.COMPLETED, Status.STARTED,
                                                       Status.NEEDS_HELP]

    def words(self, ruled: bool = False) -> str:
        """"12 completed · 5 in progress · 2 need help" (the column footers, the summary), with
        "3 mastered" first where a lesson has a mastery rule."""
        head = ([ngettext("{n} mastered", "{n} mastered", self.mastered).format(n=self.mastered)]
                if ruled else [])
        return " · ".join((
            *head,
            ngettext("{n} completed", "{n} completed", self.completed).format(n=self.completed),
            ngettext("{n} in progress", "{n} in progress", self.in_progress).format(n=self.in_progress),
            ngettext("{n} needs help", "{n} need help", self.needs_help).format(n=self.needs_help)))


@dataclass(frozen=True)
class GridColumn:
    lesson: LessonInfo
    totals: Totals
    #: The lesson has a mastery rule: its cells may be **Mastered** and its footer counts them.
    ruled: bool = False

    def words(self) -> str:
        return self.totals.words(self.ruled)


@dataclass(frozen=True)
class GridView:
    """Learners × lessons with totals per lesson and for the class."""

    school_class: SchoolClass
    columns: list[GridColumn]
    rows: list[tuple[Learner, list[GridCell]]]
    totals: Totals

    @property
    def lessons(self) -> list[LessonInfo]:
        return [column.lesson for column in self.columns]

    def cell(self, row: int, column: int) -> GridCell:
        return self.rows[row][1][column]

    def summary(self) -> str:
        """One sentence about the class: learners, lessons, and where they stand."""
        learners, lessons = len(self.rows), len(self.columns)
        head = " · ".join((
            ngettext("{n} learner", "{n} learners", learners).format(n=learners),
            ngettext("{n} lesson", "{n} lessons", lessons).format(n=lessons)))
        return f"{head} · {self.totals.words(self.ruled)}"

    @property
    def ruled(self) -> bool:
        """Some lesson of the grid has a mastery rule (the legend then explains the star)."""
        return any(column.ruled for column in self.columns)

    def legend(self) -> list[Status]:
        """The statuses the legend explains, best first."""
        return [s for s in LEGEND_ORDER if s is not Status.MASTERED or self.ruled]


def grid_view(grid: ClassGrid, ruled: Collection[str] = ()) -> GridView:
    """The view of ``grid``; ``ruled`` are the ids of lessons with a mastery rule."""
    rows = [(learner, [GridCell(learner, summary) for summary in cells])
            for learner, cells in grid.rows()]
    columns = [GridColumn(lesson, Totals.of([cells[n] for _learner, cells in rows]),
                          lesson.id in ruled)
               for n, lesson in enumerate(grid.lessons)]
    return GridView(grid.school_class, columns, rows,
                    Totals.of([cell for _learner, cells in rows for cell in cells]))
