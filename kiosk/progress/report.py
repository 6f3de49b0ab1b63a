"""The printable class report: what goes on paper, worked out from the same
:class:`~kiosk.progress.grid.GridView` the screen draws and the CSV holds.

Qt-free: :class:`ClassReport` is plain text in the trainer's language — a title, when it was made,
the class summary, a legend, one row per learner with a status mark and "steps / steps" per
lesson, and the totals per lesson. ``ui.screens.trainer.report`` lays it out as a PDF. Each status
has a mark of a different shape (★ ✓ ◐ ⚠ ○), so a black-and-white print still says everything.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.i18n import _, format_date, format_time
from kiosk.progress.grid import STATUS_MARKS, GridView


@dataclass(frozen=True)
class ReportCell:
    mark: str
    status: str  # the status value, for styling
    text: str  # "12/14", or "" when not started


@dataclass(frozen=True)
class ClassReport:
    class_name: str
    title: str
    made: str
    summary: str
    legend: list[str]
    lessons: list[str]
    totals: list[str]
    learners_heading: str
    rows: list[tuple[str, list[ReportCell]]]
    footnote: str


def class_report(view: GridView, now: datetime) -> ClassReport:
    """The report of one class as it stands at ``now`` (texts in the current language)."""
    rows = [(learner.display_name,
             [ReportCell(STATUS_MARKS[cell.status], cell.status.value, cell.short())
              for cell in cells]) for learner, cells in view.rows]
    # Two spaces between the counts: the layout keeps each mark with its number.
    totals = ["  ".join(f"{STATUS_MARKS[s]} {c.totals.count(s)}" for s in c.totals.shown(c.ruled))
              for c in view.columns]
    return ClassReport(
        class_name=view.school_class.name,
        title=_("Class progress: {name}").format(name=view.school_class.name),
        made=_("Made on {date} at {time}").format(date=format_date(now.astimezone()),
                                                  time=format_time(now.astimezone())),
        summary=view.summary(),
        legend=[f"{STATUS_MARKS[status]} {status.label()}" for status in view.legend()],
        lessons=[column.lesson.shown_title for column in view.columns],
        totals=totals,
        learners_heading=_("Learner"),
        rows=rows,
        footnote=_("Numbers are steps reached of the steps in the lesson. The spreadsheet (CSV) "
                   "export holds the same statuses and numbers, with time spent and quiz scores."))
