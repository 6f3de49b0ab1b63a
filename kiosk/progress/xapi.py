"""Learning events as xAPI 1.0.3 statements — the form a city's Learning Record Store reads.

The actor is an ``account`` (``homePage`` + the opaque learner id), never an email address. Verbs
use the ADL verb IRIs; lessons and their steps are activities under a configurable home page IRI.

A ``completed`` statement of a lesson with a mastery rule says in ``result.success`` whether the
learner mastered it, and names the rule in the result extension ``<home>/xapi/extensions/
mastery-rule`` (``all-quiz-right``, ``m-of-n:4/5``, ``practice-no-skip``), so an LRS report can
tell "completed" from "mastered" and by which rule.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping
from urllib.parse import quote

from kiosk.progress.events import LearningEvent, Verb
from kiosk.progress.summary import LessonInfo, LessonLookup, lesson_info

XAPI_VERSION = "1.0.3"
#: Default base IRI of actors' accounts and of activity ids; set your own for a real deployment.
DEFAULT_HOME_PAGE = "https://www.weho.org/kiosk"
PLATFORM = "WeHo Kiosk"

_ADL = "http://adlnet.gov/expapi/verbs/"
VERB_IRIS: dict[Verb, str] = {
    Verb.STARTED: _ADL + "attempted",
    Verb.PROGRESSED: _ADL + "progressed",
    Verb.ANSWERED: _ADL + "answered",
    Verb.COMPLETED: _ADL + "completed",
    Verb.ASKED_FOR_HELP: _ADL + "asked",
}
VERB_DISPLAY: dict[Verb, str] = {
    Verb.STARTED: "attempted", Verb.PROGRESSED: "progressed", Verb.ANSWERED: "answered",
    Verb.COMPLETED: "completed", Verb.ASKED_FOR_HELP: "asked for help",
}
LESSON_TYPE = "http://adlnet.gov/expapi/activities/lesson"
QUESTION_TYPE = "http://adlnet.gov/expapi/activities/question"
STEP_TYPE = "http://adlnet.gov/expapi/activities/interaction"


def _base(home_page: str) -> str:
    return home_page.rstrip("/")


def lesson_activity_id(home_page: str, lesson_id: str) -> str:
    return f"{_base(home_page)}/lessons/{quote(lesson_id, safe='-._~')}"


def step_activity_id(home_page: str, lesson_id: str, step: int) -> str:
    return f"{lesson_activity_id(home_page, lesson_id)}/steps/{step + 1}"


def _lesson_activity(home_page: str, lesson: LessonInfo) -> dict[str, Any]:
    return {"objectType": "Activity", "id": lesson_activity_id(home_page, lesson.id),
            "definition": {"type": LESSON_TYPE, "name": {"en-US": lesson.display_title}}}


def _object(event: LearningEvent, home_page: str, lesson: LessonInfo) -> dict[str, Any]:
    """Start and completion are about the lesson; the other verbs about the step they happened on."""
    if event.step is None or event.verb in (Verb.STARTED, Verb.COMPLETED):
        return _lesson_activity(home_page, lesson)
    kind = QUESTION_TYPE if event.verb is Verb.ANSWERED else STEP_TYPE
    return {"objectType": "Activity", "id": step_activity_id(home_page, lesson.id, event.step),
            "definition": {"type": kind,
                           "name": {"en-US": f"{lesson.display_title}, step {event.step + 1}"}}}


def mastery_extension(home_page: str) -> str:
    """The IRI of the result extension naming a lesson's mastery rule."""
    return f"{_base(home_page)}/xapi/extensions/mastery-rule"


def _result(event: LearningEvent, rule: str | None = None, home_page: str = DEFAULT_HOME_PAGE
            ) -> dict[str, Any] | None:
    result: dict[str, Any] = {}
    if event.result.score is not None:
        result["score"] = {"scaled": round(event.result.score, 4)}
    if event.result.success is not None:
        result["success"] = event.result.success
    if event.verb is Verb.COMPLETED:
        result["completion"] = True
    if event.result.response is not None:
        result["response"] = event.result.response
    if event.result.duration is not None:
        result["duration"] = f"PT{round(event.result.duration.total_seconds(), 2):g}S"
    if rule and event.verb is Verb.COMPLETED:
        result["extensions"] = {mastery_extension(home_page): rule}
    return result or None


def statement(event: LearningEvent, home_page: str = DEFAULT_HOME_PAGE,
              lesson: LessonInfo | None = None, rule: str | None = None) -> dict[str, Any]:
    """One event as an xAPI statement (a JSON-ready dict); ``rule`` names the lesson's mastery
    rule (a completed statement carries it)."""
    lesson = lesson or LessonInfo(event.lesson_id)
    context: dict[str, Any] = {
        "platform": PLATFORM,
        "extensions": {f"{_base(home_page)}/xapi/extensions/device": event.device_id},
    }
    obj = _object(event, home_page, lesson)
    if obj["id"] != lesson_activity_id(home_page, lesson.id):
        context["contextActivities"] = {"parent": [_lesson_activity(home_page, lesson)]}
    stmt: dict[str, Any] = {
        "id": event.id,
        "actor": {"objectType": "Agent",
                  "account": {"homePage": _base(home_page), "name": event.account}},
        "verb": {"id": VERB_IRIS[event.verb], "display": {"en-US": VERB_DISPLAY[event.verb]}},
        "object": obj,
        "context": context,
        "timestamp": event.timestamp.astimezone().isoformat(timespec="milliseconds"),
    }
    result = _result(event, rule, home_page)
    if result:
        stmt["result"] = result
    return stmt


def statements(events: Iterable[LearningEvent], home_page: str = DEFAULT_HOME_PAGE,
               lessons: LessonLookup = None, rules: Mapping[str, str] | None = None
               ) -> list[dict[str, Any]]:
    """The events as statements; ``rules`` maps lesson ids to their mastery rule's name."""
    rules = rules or {}
    cache: dict[str, LessonInfo] = {}
    out = []
    for event in events:
        if event.lesson_id not in cache:
            cache[event.lesson_id] = lesson_info(lessons, event.lesson_id)
        out.append(statement(event, home_page, cache[event.lesson_id], rules.get(event.lesson_id)))
    return out
