"""Judging a lesson's mastery rule from the learning records (the rule itself lives with the
lesson: :mod:`kiosk.lessons.mastery`, read here by duck typing through :class:`LessonFacts`).

The records hold every answer in order — quiz questions and practice steps — so the trainer
pages and the xAPI export judge mastery from them the same way the rule is written: a learner
who completed the lesson *and* met its rule mastered it. A practice step passed without a right
answer was skipped.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterable, NamedTuple, Sequence

from kiosk.progress.events import LearningEvent, Result, Verb
from kiosk.progress.lessonfacts import LessonFacts
from kiosk.progress.store import ProgressStore
from kiosk.progress.summary import ClassGrid, LessonSummary, Status


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


def rule_name(rule: object) -> str:
    """The rule as a short stable name for files and statements: ``all-quiz-right``,
    ``m-of-n:4/5``, ``practice-no-skip``."""
    name = str(getattr(rule, "rule", ""))
    if name == "m-of-n":
        return f"{name}:{getattr(rule, 'm', 0)}/{getattr(rule, 'n', 0)}"
    return name


def _answers(store: ProgressStore, lesson_ids: Iterable[str], accounts: Iterable[str]
             ) -> dict[tuple[str, str], list[tuple[str, int | None, bool | None]]]:
    """Answers and completions of ``accounts`` in ``lesson_ids`` as plain (verb, step, success)
    rows in time order, per (learner, lesson) — one narrow query on the (lesson, verb) index,
    no event objects: the class page judges thousands of them."""
    from sqlalchemy import select

    from kiosk.progress import schema

    e = schema.events
    query = (select(e.c.account, e.c.lesson_id, e.c.verb, e.c.step, e.c.success)
             .where(e.c.lesson_id.in_(list(lesson_ids)),
                    e.c.verb.in_([Verb.ANSWERED.value, Verb.COMPLETED.value]),
                    e.c.account.in_(list(accounts)))
             .order_by(e.c.at_us, e.c.id))
    found: dict[tuple[str, str], list[tuple[str, int | None, bool | None]]] = {}
    with store.engine.connect() as conn:
        for account, lesson_id, verb, step, success in conn.execute(query):
            found.setdefault((account, lesson_id), []).append((verb, step, success))
    return found


def _judge_rows(rows: Sequence[tuple[str, int | None, bool | None]], rule: object,
                kinds: Sequence[str]) -> bool:
    """:func:`judge` over plain rows of :func:`_answers` (the same rule, the same reading)."""
    answered, completed = Verb.ANSWERED.value, Verb.COMPLETED.value
    tries = [Try(step, kinds[step] if 0 <= step < len(kinds) else "", bool(success))
             for verb, step, success in rows if verb == answered and step is not None]
    done = any(verb == completed for verb, _step, _success in rows)
    return bool(rule.met(tries, [n for n, k in enumerate(kinds) if k == "quiz"],  # type: ignore[attr-defined]
                         [n for n, k in enumerate(kinds) if k == "practice"], done))


def mastered_pairs(store: ProgressStore, lessons: LessonFacts,
                   pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Of the (learner, lesson) ``pairs`` — completed ones — those that met the lesson's rule.

    The class page asks this for hundreds of cells, so each rule's question goes to the database
    whole (:mod:`kiosk.progress.mastery_sql`): one query per kind of rule for all learners and
    lessons at once, returning a handful of rows per cell rather than every answer. A rule this
    module does not know, or a cell two answers in the same microsecond leave undecided there, is
    judged the straightforward way (:func:`_judge_rows`)."""
    from kiosk.progress.mastery_sql import FAST_RULES, judge_in_sql

    wanted = {(account, lesson_id) for account, lesson_id in pairs
              if lessons.mastery(lesson_id) is not None}
    if not wanted:
        return set()
    fast = {pair for pair in wanted
            if getattr(lessons.mastery(pair[1]), "rule", None) in FAST_RULES}
    mastered, slow = judge_in_sql(store, lessons, fast) if fast else (set(), set())
    slow |= wanted - fast
    if slow:
        answers = _answers(store, {lesson for _a, lesson in slow}, {account for account, _l in slow})
        mastered |= {(account, lesson_id) for account, lesson_id in slow
                     if _judge_rows(answers.get((account, lesson_id), []),
                                    lessons.mastery(lesson_id), lessons.kinds(lesson_id))}
    return mastered


def upgrade(summary: LessonSummary, mastered: set[tuple[str, str]]) -> LessonSummary:
    """A completed cell whose learner met the rule, as **Mastered**; any other unchanged."""
    if summary.status is Status.COMPLETED and (summary.account, summary.lesson_id) in mastered:
        return replace(summary, status=Status.MASTERED)
    return summary


def with_mastered(grid: ClassGrid, store: ProgressStore, lessons: LessonFacts) -> ClassGrid:
    """The grid with each completed cell that met its lesson's rule marked **Mastered** — what
    the screen, the CSV and the printed report all show."""
    done = [key for key, cell in grid.cells.items() if cell.status is Status.COMPLETED]
    mastered = mastered_pairs(store, lessons, done)
    if not mastered:
        return grid
    return replace(grid, cells={key: upgrade(cell, mastered) for key, cell in grid.cells.items()})


def ruled_lessons(lessons: LessonFacts, infos: Iterable[object]) -> set[str]:
    """The ids of the lessons (``LessonInfo``-like, with ``id``) that have a mastery rule."""
    return {info.id for info in infos if lessons.mastery(info.id) is not None}  # type: ignore[attr-defined]


def judged_completions(store: ProgressStore, lessons: LessonFacts,
                       events: Sequence[LearningEvent]) -> list[LearningEvent]:
    """``events`` (a batch on its way to the LRS) with each ``completed`` one of a lesson with a
    rule carrying whether the learner had mastered it by then — judged from everything the
    learner did in that lesson up to that moment, earlier batches included."""
    out = []
    history: dict[tuple[str, str], list[LearningEvent]] = {}
    for event in events:
        if event.verb is Verb.COMPLETED and lessons.mastery(event.lesson_id) is not None:
            key = (event.account, event.lesson_id)
            if key not in history:
                history[key] = store.events(account=event.account, lesson_id=event.lesson_id)
            upto = [e for e in history[key] if (e.timestamp, e.id) <= (event.timestamp, event.id)]
            mastered = bool(judge(upto, lessons, event.lesson_id))
            event = replace(event, result=Result(event.result.score, mastered,
                                                 event.result.response, event.result.duration))
        out.append(event)
    return out


def rule_names(lessons: LessonFacts | None) -> dict[str, str]:
    """Lesson id → its rule's short name (:func:`rule_name`), for the xAPI statements."""
    if lessons is None:
        return {}
    return {info.id: rule_name(lessons.mastery(info.id)) for info in lessons
            if lessons.mastery(info.id) is not None}
