"""Mastery of many (learner, lesson) cells at once, with the grouping done by the database.

:func:`kiosk.progress.mastery.judge` reads one learner's answers in one lesson in time order —
right for one page, but the class page would read every answer of the class (tens of thousands of
rows) to judge a few hundred cells. Each known rule needs much less, and SQL can pick it out from
the covering index the grid already reads (account, lesson, time, verb, step, success):

* ``all-quiz-right`` and ``practice-no-skip`` — per learner, lesson and step, when the first right
  and the first wrong answer came (``GROUP BY``): the first answer was right when the first right
  one came before any wrong one; a step is solved when it has a right one at all;
* ``m-of-n`` — the last n answers per learner and lesson (``row_number()`` counted from the end).

Records are ordered by time, then id (:meth:`ProgressStore.events`); the id is not in the index,
so two answers of one learner in the same microsecond that would decide the rule are left to the
straightforward judgement (``mastery._judge_rows``) — they are rare, and the result stays exact.
Tests in tests/core/progress compare both ways on a randomised store, SQLite and PostgreSQL.
"""
from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy import case, func, select

from kiosk.progress import schema
from kiosk.progress.events import Verb
from kiosk.progress.lessonfacts import LessonFacts
from kiosk.progress.store import ProgressStore

#: The rules judged here; any other is judged from every answer (``mastery._judge_rows``).
FAST_RULES = ("all-quiz-right", "m-of-n", "practice-no-skip")

Pair = tuple[str, str]


def _answered(pairs: Iterable[Pair]) -> list[Any]:
    """The WHERE of the queries here: answers with a step, of these learners in these lessons."""
    e = schema.events
    pairs = list(pairs)
    # The verb is compared through coalesce() so that SQLite's planner, which has no statistics,
    # reads the covering summary index by learner and lesson (every column needed is in it)
    # rather than the (lesson, verb) index and a table lookup per answer: 3-4 times faster.
    return [e.c.account.in_(sorted({a for a, _l in pairs})),
            e.c.lesson_id.in_(sorted({l for _a, l in pairs})),
            func.coalesce(e.c.verb, "") == Verb.ANSWERED.value, e.c.step.is_not(None)]


def _steps_of(lessons: LessonFacts, lesson_id: str, kind: str) -> list[int]:
    return [n for n, k in enumerate(lessons.kinds(lesson_id)) if k == kind]


def _by_step(conn: Any, lessons: LessonFacts, pairs: set[Pair]) -> tuple[set[Pair], set[Pair]]:
    """``all-quiz-right`` (each quiz step's first answer right) and ``practice-no-skip`` (each
    practice step answered right once): (mastered, undecided by a tie in time)."""
    e = schema.events
    first_right = func.min(case((e.c.success.is_(True), e.c.at_us), else_=None))
    first_wrong = func.min(case((e.c.success.is_(True), None), else_=e.c.at_us))
    query = (select(e.c.account, e.c.lesson_id, e.c.step, first_right, first_wrong)
             .where(*_answered(pairs)).group_by(e.c.account, e.c.lesson_id, e.c.step))
    steps: dict[Pair, dict[int, tuple[int | None, int | None]]] = {}
    for account, lesson_id, step, right_at, wrong_at in conn.execute(query).all():
        steps.setdefault((account, lesson_id), {})[step] = (right_at, wrong_at)
    mastered, undecided = set(), set()
    for pair in pairs:
        mine = steps.get(pair, {})
        rule = str(getattr(lessons.mastery(pair[1]), "rule", ""))
        if rule == "practice-no-skip":
            if all(mine.get(step, (None, None))[0] is not None
                   for step in _steps_of(lessons, pair[1], "practice")):
                mastered.add(pair)
            continue
        firsts = [mine.get(step, (None, None)) for step in _steps_of(lessons, pair[1], "quiz")]
        if any(right is not None and right == wrong for right, wrong in firsts):
            undecided.add(pair)
        elif all(right is not None and (wrong is None or right < wrong) for right, wrong in firsts):
            mastered.add(pair)
    return mastered, undecided


def _m_of_n(conn: Any, lessons: LessonFacts, pairs: set[Pair]) -> tuple[set[Pair], set[Pair]]:
    """At least m of the last n answers (any step) right: (mastered, undecided by a tie)."""
    e = schema.events
    rules = {lesson_id: lessons.mastery(lesson_id) for _a, lesson_id in pairs}
    widest = max(int(getattr(rule, "n", 0)) for rule in rules.values())
    back = func.row_number().over(partition_by=(e.c.account, e.c.lesson_id),
                                  order_by=e.c.at_us.desc()).label("back")
    ranked = (select(e.c.account, e.c.lesson_id, e.c.at_us, e.c.success, back)
              .where(*_answered(pairs)).subquery())
    # One more than the widest rule: a tie across the n-th answer shows as equal times there.
    query = (select(ranked.c.account, ranked.c.lesson_id, ranked.c.at_us, ranked.c.success,
                    ranked.c.back).where(ranked.c.back <= widest + 1))
    last: dict[Pair, list[tuple[int, int, bool]]] = {}
    for account, lesson_id, at_us, success, back_n in conn.execute(query).all():
        last.setdefault((account, lesson_id), []).append((back_n, at_us, bool(success)))
    mastered, undecided = set(), set()
    for pair in pairs:
        rule = rules[pair[1]]
        n, m = int(getattr(rule, "n", 0)), int(getattr(rule, "m", 0))
        mine = sorted(last.get(pair, []))
        if len(mine) > n and n > 0 and mine[n - 1][1] == mine[n][1]:
            undecided.add(pair)
        elif sum(right for _b, _at, right in mine[:n]) >= m:
            mastered.add(pair)
    return mastered, undecided


def judge_in_sql(store: ProgressStore, lessons: LessonFacts,
                 pairs: Iterable[Pair]) -> tuple[set[Pair], set[Pair]]:
    """Of the completed (learner, lesson) ``pairs`` whose lesson has one of :data:`FAST_RULES`:
    those that met it, and those a tie in time leaves to the caller's exact judgement — at most
    two queries for the whole class."""
    windowed: set[Pair] = set()
    grouped: set[Pair] = set()
    for pair in pairs:
        rule = getattr(lessons.mastery(pair[1]), "rule", None)
        (windowed if rule == "m-of-n" else grouped).add(pair)
    mastered: set[Pair] = set()
    undecided: set[Pair] = set()
    with store.engine.connect() as conn:
        for judge, mine in ((_by_step, grouped), (_m_of_n, windowed)):
            if mine:
                met, unsure = judge(conn, lessons, mine)
                mastered |= met
                undecided |= unsure
    return mastered, undecided
