"""The class page judges mastery for a whole class in the database (``kiosk.progress.mastery_sql``);
a learner's own page judges it from their records one by one (``mastery.judge``). A trainer must
never see a star in the grid that the learner's page does not explain, so both ways are compared
cell by cell on a randomised store — answers in the same microsecond included — on SQLite and
PostgreSQL."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest

from kiosk.lessons.mastery import MasteryRule
from kiosk.progress import queries
from kiosk.progress.events import LearningEvent, Result, Verb
from kiosk.progress.lessonfacts import LessonFacts
from kiosk.progress.mastery import judge
from kiosk.progress.summary import Status, summarize


START = datetime(2026, 11, 25, 15, 30, tzinfo=timezone.utc)
KINDS = ("explain", "quiz", "practice", "quiz", "explain", "practice", "quiz", "done")


@dataclass(frozen=True)
class Step:
    kind: str
    title: str = "A step"


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    steps: tuple[Step, ...]
    mastery: object = None

    @property
    def step_count(self) -> int:
        return len(self.steps)


@dataclass(frozen=True)
class EveryOther:
    """A rule the database path does not know: it must be judged the straightforward way."""

    rule: str = "every-other"

    def met(self, attempts, _quiz, _practice, completed) -> bool:  # noqa: ANN001
        return completed and sum(a.right for a in attempts) % 2 == 0


RULES = (None, MasteryRule("all-quiz-right"), MasteryRule("m-of-n", 3, 4),
         MasteryRule("m-of-n", 1, 1), MasteryRule("practice-no-skip"), EveryOther())


def random_store(store, seed: int) -> tuple[int, LessonFacts]:
    rng = random.Random(seed)
    facts = LessonFacts(Lesson(f"l{n}", f"Lesson {n}", tuple(Step(k) for k in KINDS), rule)
                        for n, rule in enumerate(RULES))
    cls = store.accounts.create_class("Randomised")
    store.accounts.assign_lessons(cls.id, [f"l{n}" for n in range(len(RULES))])
    learners = [store.accounts.add_learner(cls.id, f"Ana{chr(97 + n)}", "R").learner
                for n in range(8)]
    events, at = [], START
    for _ in range(900):
        # Now and then two records share a microsecond: the database cannot order them by time.
        if rng.random() > 0.15:
            at += timedelta(seconds=rng.randrange(1, 60))
        verb = rng.choices([Verb.ANSWERED, Verb.PROGRESSED, Verb.COMPLETED, Verb.ASKED_FOR_HELP],
                           [8, 4, 1, 1])[0]
        step = rng.choice([None, *range(len(KINDS) + 1)]) if verb is not Verb.COMPLETED else 7
        success = rng.choice([True, True, False, None]) if verb is Verb.ANSWERED else None
        events.append(LearningEvent(rng.choice(learners).id, verb, f"l{rng.randrange(len(RULES))}",
                                    step, Result(success=success), at, "test"))
    store.record_many(events)
    return cls.id, facts


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_class_page_statuses_match_judging_each_learner_from_their_records(store, seed):
    class_id, facts = random_store(store, seed)
    page = queries.class_page(store, facts, class_id)

    seen = {Status.MASTERED: 0, Status.COMPLETED: 0}
    for learner, cells in page.view.rows:
        raw = store.raw_summaries([learner.id])
        for cell in cells:
            expected = summarize(learner.id, facts.info(cell.lesson.id),
                                 raw.get((learner.id, cell.lesson.id))).status
            mine = store.events(account=learner.id, lesson_id=cell.lesson.id)
            if expected is Status.COMPLETED and judge(mine, facts, cell.lesson.id):
                expected = Status.MASTERED
            assert cell.status is expected, (learner.first_name, cell.lesson.id)
            seen[cell.status] = seen.get(cell.status, 0) + 1
    # The store is varied enough that both outcomes of the rules are really compared.
    assert seen[Status.MASTERED] > 0 and seen[Status.COMPLETED] > 0


def test_a_tie_in_time_is_decided_by_record_id_as_on_the_learner_page(store):
    """Two answers to the first quiz step in the same microsecond: the one with the smaller id
    counts as first (the order every page reads records in), so the grid agrees."""
    facts = LessonFacts([Lesson("q", "Quiz", tuple(Step(k) for k in KINDS),
                                MasteryRule("all-quiz-right"))])
    cls = store.accounts.create_class("Ties")
    store.accounts.assign_lessons(cls.id, ["q"])
    results = {}
    for name, first_right in (("Ana", True), ("Ben", False)):
        learner = store.accounts.add_learner(cls.id, name, "T").learner
        at = START + timedelta(minutes=1)
        answers = [LearningEvent(learner.id, Verb.ANSWERED, "q", 1, Result(success=first_right),
                                 at, "t", id=f"00000000-0000-4000-8000-{len(results):012d}"),
                   LearningEvent(learner.id, Verb.ANSWERED, "q", 1, Result(success=not first_right),
                                 at, "t", id=f"00000000-0000-4000-9000-{len(results):012d}")]
        rest = [LearningEvent(learner.id, Verb.ANSWERED, "q", step, Result(success=True),
                              at + timedelta(seconds=step), "t") for step in (3, 6)]
        done = LearningEvent(learner.id, Verb.COMPLETED, "q", 7, Result(),
                             at + timedelta(seconds=30), "t")
        store.record_many([*reversed(answers), *rest, done])
        results[name] = learner.id
    page = queries.class_page(store, facts, cls.id)
    shown = {learner.first_name: cells[0].status for learner, cells in page.view.rows}
    assert shown == {"Ana": Status.MASTERED, "Ben": Status.COMPLETED}
