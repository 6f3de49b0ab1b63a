"""How the trainer pages put progress into words: a grid cell, a learner's lesson, a step by name.

Every status has its own mark as well as its word (never colour alone). Steps are named by their
title (or question), never just "Step 4". All text is worked out when a page draws, in the
language current then.
"""
from __future__ import annotations

from kiosk.i18n import _, format_ago, format_minutes, ngettext
from kiosk.progress.grid import STATUS_MARKS
from kiosk.progress.lessonfacts import StepInfo
from kiosk.progress.queries import QuestionRow, StepAttempts
from kiosk.progress.store import QuestionStats
from kiosk.progress.summary import LessonSummary, Status

__all__ = ["STATUS_MARKS", "answers_line", "attempts_line", "cell_lines", "lesson_line",
           "question_lines", "status_text", "step_name"]

_LONGEST_LABEL = 70


def status_text(cell: LessonSummary) -> str:
    return f"{STATUS_MARKS[cell.status]} {cell.status.label()}"


def cell_lines(cell: LessonSummary) -> list[str]:
    """A cell in words: status, steps reached, time spent, last activity (only the status when the
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


def step_name(step: StepInfo) -> str:
    """"Practice 4: Double tap" — the kind, the number and the step's own title."""
    kinds = {"practice": _("Practice {n}"), "quiz": _("Question {n}")}
    head = kinds.get(step.kind, _("Step {n}")).format(n=step.number)
    if not step.label:
        return head
    label = " ".join(_(step.label).split())
    if len(label) > _LONGEST_LABEL:
        label = label[:_LONGEST_LABEL - 1].rstrip() + "…"
    return f"{head}: {label}"


def answers_line(stats: QuestionStats, step: StepInfo | None = None) -> str:
    """How a learner did at one step: "Practice 4: Double tap — 3 missed, 1 right"."""
    name = step_name(step or StepInfo(stats.step, "", ""))
    return _("{step} — {wrong} missed, {right} right").format(
        step=name, wrong=stats.wrong, right=stats.right)


def attempts_line(row: StepAttempts) -> str:
    """The tries at one step, in order: "✗ ✗ ✓ — 2 missed, then right", or where they stand."""
    if row.attempts:
        marks = " ".join("✓" if ok else "✗" for ok in row.attempts)
        if row.missed == 0:
            words = _("right the first time") if len(row.attempts) == 1 else _("all right")
        elif row.attempts[-1]:
            words = ngettext("{n} missed, then right", "{n} missed, then right",
                             row.missed).format(n=row.missed)
        else:
            words = ngettext("{n} missed, not right yet", "{n} missed, not right yet",
                             row.missed).format(n=row.missed)
        text = f"{marks} — {words}"
    else:
        text = _("seen") if row.reached else _("not reached yet")
    if row.help_requests:
        text += " · " + ngettext("asked for help once", "asked for help {n} times",
                                 row.help_requests).format(n=row.help_requests)
    return text


def question_lines(row: QuestionRow) -> tuple[str, str]:
    """A step the class missed: its name, and how many misses and learners."""
    stats = row.stats
    title = step_name(StepInfo(row.step, row.kind, row.question))
    detail = (ngettext("{wrong} of {n} try was missed", "{wrong} of {n} tries were missed",
                       stats.answers).format(wrong=stats.wrong, n=stats.answers)
              + " · " + ngettext("{n} learner missed it", "{n} learners missed it",
                                 stats.learners_wrong).format(n=stats.learners_wrong))
    return title, detail


def status_word(status: Status) -> str:
    return f"{STATUS_MARKS[status]} {status.label()}"


def mastery_line(rule: object | None, mastered: bool | None) -> str:
    """A learner against the lesson's mastery rule: "★ Mastered. <rule>" (empty without a rule)."""
    if rule is None:
        return ""
    said = rule.describe()  # type: ignore[attr-defined] - kiosk.lessons.mastery.MasteryRule
    return f"★ {_('Mastered.')} {said}" if mastered else f"{_('Not mastered yet.')} {said}"


def class_mastery_line(rule: object | None, mastered: int, learners: int) -> str:
    """A class against a lesson's mastery rule: "<rule> 7 of 30 learners mastered it."."""
    if rule is None:
        return ""
    return " ".join((rule.describe(),  # type: ignore[attr-defined]
                     ngettext("{n} of {total} learner mastered it.",
                              "{n} of {total} learners mastered it.", learners).format(
                         n=mastered, total=learners)))
