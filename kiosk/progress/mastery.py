"""Judging a lesson's mastery rule from the learning records (the rule itself lives with the
lesson: :mod:`kiosk.lessons.mastery`, read here by duck typing through :class:`LessonFacts`).

The records hold every answer in order — quiz questions and practice steps — so the trainer
pages and the xAPI export judge mastery from them the same way the rule is written: a learner
who completed the lesson *and* met its rule mastered it. A practice step passed without a right
answer was skipped.
"""
from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple, Sequence

from kiosk.progress.events import LearningEvent, Result, Verb
from kiosk.progress.lessonfacts import LessonFacts


class Try(NamedTuple):
    """One answer, shaped as the rule reads it (``kiosk.lessons.mastery.Attempt``)."""

    step: int
    kind: str
    right: bool


def judge(events: Sequence[LearningEvent], lessons: LessonFacts, lesson_id: str) -> bool | None:
    """Whether one learner's ``events`` of one lesson (in time order) meet its mastery rule;
    None when the lesson has no rule."""
    rule = lessons.mastery(lesson_id)
    if rule is None:
        return None
    kinds = lessons.kinds(lesson_id)
    tries = [Try(e.step, kinds[e.step] if 0 <= e.step < len(kinds) else "", bool(e.result.success))
             for e in events if e.verb is Verb.ANSWERED and e.step is not None]
    completed = any(e.verb is Verb.COMPLETED for e in events)
    return bool(rule.met(tries, [n for n, k in enumerate(kinds) if k == "quiz"],
                         [n for n, k in enumerate(kinds) if k == "practice"], completed))


def with_mastery(events: Sequence[LearningEvent], lessons: LessonFacts) -> list[LearningEvent]:
    """The events with each ``completed`` one's ``success`` set to whether the learner mastered
    the lesson by then (lessons without a rule keep what the player said) — xAPI's
    ``result.success``."""
    seen: dict[tuple[str, str], list[LearningEvent]] = {}
    out = []
    for event in events:
        mine = seen.setdefault((event.account, event.lesson_id), [])
        mine.append(event)
        if event.verb is Verb.COMPLETED:
            mastered = judge(mine, lessons, event.lesson_id)
            if mastered is not None:
                event = replace(event, result=Result(event.result.score, mastered,
                                                     event.result.response, event.result.duration))
        out.append(event)
    return out
