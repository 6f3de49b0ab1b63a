"""How the trainer pages put progress into words: a grid cell, a learner's lesson, a quiz step.

Every status has its own mark as well as its word (never colour alone). All text is worked out
when a page draws, in the language current then.
"""
from __future__ import annotations

from kiosk.i18n import _, format_ago, format_minutes, ngettext
from kiosk.progress.queries import QuestionRow
from kiosk.progress.store import QuestionStats
from kiosk.progress.summary import LessonSummary, Status

STATUS_MARKS = {Status.NOT_STARTED: "○", Status.STARTED: "◐", Status.NEEDS_HELP: "⚠",
                Status.COMPLETED: "✓"}


def status_text(cell: LessonSummary) -> str:
    return f"{STATUS_MARKS[cell.status]} {cell.status.label()}"


def cell_lines(cell: LessonSummary) -> list[str]:
    """A grid cell: status, steps reached, time spent, last activity (only the status when the
    learner has not opened the lesson)."""
    lines = [status_text(cell)]
    if cell.last_activity is None:
        return lines
    total = cell.lesson.step_count
    if total:
        lines.append(_("{n} of {total} steps").format(n=cell.steps_reached, total=total))
    lines.append(format_minutes(cell.time_spent_minutes))
    lines.append(format_ago(cell.last_activity))
    return lines


def lesson_line(summary: LessonSummary) -> list[str]:
    """One lesson of a learner's detail page: title, the cell's words, the quiz score."""
    parts = [summary.lesson.shown_title, *cell_lines(summary)]
    if summary.score_percent is not None:
        parts.append(_("quiz score {percent} %").format(percent=summary.score_percent))
    return parts


def answers_line(stats: QuestionStats) -> str:
    """How a learner answered one quiz step."""
    return _("Step {n}: {wrong} wrong, {right} right").format(
        n=stats.step + 1, wrong=stats.wrong, right=stats.right)


def question_lines(row: QuestionRow) -> tuple[str, str]:
    """A difficult question: "Step 4: <question>" and how many answered it wrong."""
    stats = row.stats
    step = _("Step {n}").format(n=row.step + 1)
    title = f"{step}: {_(row.question)}"
    detail = (ngettext("{wrong} of {n} answer was wrong", "{wrong} of {n} answers were wrong",
                       stats.answers).format(wrong=stats.wrong, n=stats.answers)
              + " · " + ngettext("{n} learner got it wrong", "{n} learners got it wrong",
                                 stats.learners_wrong).format(n=stats.learners_wrong))
    return title, detail
