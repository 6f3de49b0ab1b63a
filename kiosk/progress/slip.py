"""The take-home progress slip: one page a learner keeps — the City's heading, their name and
class, and each lesson they worked on with its status and the day they completed it (a star where
they mastered it).

Qt-free like the class report: :class:`ProgressSlip` is plain text in the trainer's language,
worked out from the same records as the learner's page (statuses judged the same way, mastery
included); ``ui.screens.trainer.slip`` lays it out as a PDF to print. Nothing on it but the
learner's first name and last initial, their class and their lessons — no account id, no code.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.i18n import _, format_date, ngettext
from kiosk.progress.events import Verb
from kiosk.progress.grid import STATUS_MARKS
from kiosk.progress.lessonfacts import LessonFacts
from kiosk.progress.mastery import mastered_pairs, upgrade
from kiosk.progress.store import ProgressStore
from kiosk.progress.summary import LessonSummary, Status, learner_detail

#: The heading of every slip: who gives the lessons.
CITY = "City of West Hollywood"


@dataclass(frozen=True)
class SlipRow:
    lesson: str
    mark: str
    status: str       # in words
    status_value: str  # for styling
    completed_on: str  # the day, or "" when not completed


@dataclass(frozen=True)
class ProgressSlip:
    learner_name: str
    city: str
    title: str
    class_line: str
    made: str
    summary: str
    columns: tuple[str, str, str]
    rows: list[SlipRow]
    footnote: str


def completion_days(store: ProgressStore, learner_id: str) -> dict[str, datetime]:
    """When the learner first completed each lesson."""
    days: dict[str, datetime] = {}
    for event in store.events(account=learner_id):
        if event.verb is Verb.COMPLETED:
            days.setdefault(event.lesson_id, event.timestamp)
    return days


def learner_lessons(store: ProgressStore, lessons: LessonFacts, learner_id: str):  # noqa: ANN201
    """The learner's detail with each completed lesson that met its rule marked **Mastered** (as
    the class grid shows it)."""
    detail = learner_detail(store, learner_id, lessons.info)
    done = [(s.account, s.lesson_id) for s in detail.lessons if s.status is Status.COMPLETED]
    mastered = mastered_pairs(store, lessons, done)
    return detail, [upgrade(s, mastered) for s in detail.lessons]


def progress_slip(store: ProgressStore, lessons: LessonFacts, learner_id: str,
                  now: datetime) -> ProgressSlip:
    """The slip of one learner as their records stand at ``now`` (texts in the current language)."""
    detail, summaries = learner_lessons(store, lessons, learner_id)
    days = completion_days(store, learner_id)
    worked: list[LessonSummary] = [s for s in summaries if s.status is not Status.NOT_STARTED]
    rows = [SlipRow(s.lesson.shown_title, STATUS_MARKS[s.status], s.status.label(), s.status.value,
                    format_date(days[s.lesson_id].astimezone()) if s.lesson_id in days else "")
            for s in worked]
    completed = sum(1 for s in worked if s.status in (Status.COMPLETED, Status.MASTERED))
    mastered = sum(1 for s in worked if s.status is Status.MASTERED)
    summary = ngettext("{n} lesson completed", "{n} lessons completed", completed).format(n=completed)
    if mastered:
        summary += " · " + ngettext("{n} mastered", "{n} mastered", mastered).format(n=mastered)
    name = detail.learner.display_name
    return ProgressSlip(
        learner_name=name,
        city=_(CITY),
        title=_("Learning progress: {name}").format(name=name),
        class_line=_("Class: {name}").format(name=detail.school_class.name),
        made=_("As of {date}").format(date=format_date(now.astimezone())),
        summary=summary if worked else _("No lessons started yet."),
        columns=(_("Lesson"), _("Status"), _("Completed on")),
        rows=rows,
        footnote=_("★ Mastered: completed, and the lesson's own goal was met (for example, every "
                   "quiz question right the first time). Keep learning at the library or the "
                   "city's kiosks."))
