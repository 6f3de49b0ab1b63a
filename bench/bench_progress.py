"""Benchmark of the learning-records store (SQLite, the default).

Figures: recording one event (p50/p95, a durable commit each) against a bare durable INSERT of
the same row with the sqlite3 module; and building the class page (grid, totals, summary — what
``queries.class_page`` hands the screen) for 30 learners × 12 lessons with 50,000 events in the
store (target ≤ 100 ms), twice: with no mastery rules, and with a rule on every lesson (the three
kinds in turn, so every completed cell is judged). Both against a bare ``SELECT COUNT(*)`` over the
events table measured in the same run: the machine is shared, the ratio is the steadier figure.

The events are lesson runs as the player records them: started, a step at a time with answers on
quiz and practice steps (wrong ones and help now and then), completed or left part-way.
"""
from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.lessons.mastery import MasteryRule  # noqa: E402
from kiosk.progress.events import LearningEvent, Result, Verb  # noqa: E402
from kiosk.progress.lessonfacts import LessonFacts  # noqa: E402
from kiosk.progress.queries import class_page  # noqa: E402
from kiosk.progress.store import ProgressStore, open_store  # noqa: E402
from kiosk.progress.summary import Status  # noqa: E402

LEARNERS, LESSONS, EVENTS = 30, 12, 50_000
RECORD_SAMPLES = 300
GRID_RUNS = 15


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def bench_record(store: ProgressStore, db: Path) -> None:
    start = datetime(2026, 11, 25, 15, 0, tzinfo=timezone.utc)
    times = []
    for n in range(RECORD_SAMPLES):
        event = LearningEvent("bench-acc", Verb.PROGRESSED, "bench-lesson", n % 10,
                              timestamp=start + timedelta(seconds=n), device_id="bench")
        t0 = time.perf_counter()
        store.record(event)
        times.append(time.perf_counter() - t0)
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA synchronous=FULL")
    base = []
    for n in range(RECORD_SAMPLES):
        t0 = time.perf_counter()
        con.execute("BEGIN")
        con.execute("INSERT INTO learning_events (id, account, verb, lesson_id, step, at_us, device_id)"
                    " VALUES (?, 'b', 'progressed', 'b', 0, 0, 'b')", (f"baseline-{n}",))
        con.execute("COMMIT")
        base.append(time.perf_counter() - t0)
    con.close()
    p50, p95 = statistics.median(times), _pct(times, 0.95)
    b50, b95 = statistics.median(base), _pct(base, 0.95)
    print(f"record one event:      p50 {_ms(p50)}  p95 {_ms(p95)}  ({RECORD_SAMPLES} samples)")
    print(f"baseline bare INSERT:  p50 {_ms(b50)}  p95 {_ms(b95)}  (sqlite3, same file, FULL sync)")
    print(f"ratio record/baseline: p50 {p50 / b50:.1f}×  p95 {p95 / b95:.1f}×")


#: The steps of every bench lesson (10, like the shipped ones): explanations, quizzes, practice.
KINDS = ("explain", "explain", "quiz", "explain", "practice", "quiz", "explain", "practice", "quiz",
         "done")
RULES = (MasteryRule("all-quiz-right"), MasteryRule("m-of-n", 4, 5), MasteryRule("practice-no-skip"))


@dataclass(frozen=True)
class BenchStep:
    kind: str
    title: str = "Step"


@dataclass(frozen=True)
class BenchLesson:
    """Enough of ``kiosk.lessons.Lesson`` for :class:`LessonFacts` (read by duck typing)."""

    id: str
    title: str
    steps: tuple[BenchStep, ...]
    mastery: MasteryRule | None = None

    @property
    def step_count(self) -> int:
        return len(self.steps)


def lesson_facts(ruled: bool) -> LessonFacts:
    steps = tuple(BenchStep(kind) for kind in KINDS)
    return LessonFacts(BenchLesson(f"lesson-{n:02d}", f"Lesson {n}", steps,
                                   RULES[n % len(RULES)] if ruled else None)
                       for n in range(LESSONS))


def lesson_run(rng: random.Random, account: str, lesson: str, at: datetime) -> list[LearningEvent]:
    """One sitting of a lesson: each step in turn, answers (a wrong one first now and then, a
    practice step sometimes skipped), help now and then; most runs finish, some stop part-way."""
    events = [LearningEvent(account, Verb.STARTED, lesson, 0, Result(), at, "bench")]
    stop = len(KINDS) if rng.random() < 0.6 else rng.randrange(1, len(KINDS))

    def add(verb: Verb, step: int, result: Result) -> None:
        nonlocal at
        spent = timedelta(seconds=rng.randrange(5, 90))
        at += spent
        events.append(LearningEvent(account, verb, lesson, step,
                                    Result(result.score, result.success, result.response, spent),
                                    at, "bench"))

    for step in range(stop):
        kind = KINDS[step]
        if kind in ("quiz", "practice") and not (kind == "practice" and rng.random() < 0.1):
            if rng.random() < 0.08:
                add(Verb.ASKED_FOR_HELP, step, Result())
            while rng.random() < 0.3:
                add(Verb.ANSWERED, step, Result(success=False, response="0"))
            add(Verb.ANSWERED, step, Result(success=True, response="1"))
        add(Verb.PROGRESSED, step, Result())
    if stop == len(KINDS):
        add(Verb.COMPLETED, stop - 1, Result(score=rng.random(), success=True))
    return events


def fill_class(store: ProgressStore) -> int:
    """A class of 30 with 12 lessons assigned and about 50,000 events of lesson runs; a few
    learners never opened some lessons."""
    rng = random.Random(7)
    cls = store.accounts.create_class("Bench class")
    store.accounts.assign_lessons(cls.id, [info.id for info in lesson_facts(False)])
    learners = [store.accounts.add_learner(cls.id, f"Learner{chr(65 + n % 26)}{'a' * (n // 26)}", "B").learner
                for n in range(LEARNERS)]
    untouched = {(rng.randrange(LEARNERS), rng.randrange(LESSONS)) for _ in range(40)}
    at = datetime(2026, 9, 1, 10, 0, tzinfo=timezone.utc)
    events: list[LearningEvent] = []
    while len(events) < EVENTS:
        who, which = rng.randrange(LEARNERS), rng.randrange(LESSONS)
        if (who, which) in untouched:
            continue
        run = lesson_run(rng, learners[who].id, f"lesson-{which:02d}", at)
        events.extend(run[:EVENTS - len(events)])
        at = run[-1].timestamp + timedelta(minutes=rng.randrange(1, 30))
    store.record_many(events)
    return cls.id


def time_page(store: ProgressStore, class_id: int, facts: LessonFacts
              ) -> tuple[float, float, float, dict[Status, int]]:
    """p50 and max of building the class page, p50 of COUNT(*) interleaved, and the statuses."""
    class_page(store, facts, class_id)  # warm the page cache once
    page_times, count_times = [], []
    for _ in range(GRID_RUNS):
        t0 = time.perf_counter()
        page = class_page(store, facts, class_id)
        page_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        store.count_events()
        count_times.append(time.perf_counter() - t0)
    view = page.view
    assert view.totals.cells == LEARNERS * LESSONS
    return (statistics.median(page_times), max(page_times), statistics.median(count_times),
            {status: view.totals.count(status) for status in Status})


def bench_grid(store: ProgressStore) -> None:
    t0 = time.perf_counter()
    class_id = fill_class(store)
    print(f"filled {store.count_events():,} events for {LEARNERS} learners × {LESSONS} lessons "
          f"in {time.perf_counter() - t0:.1f} s")
    for label, facts in (("no mastery rules", lesson_facts(False)),
                         ("rules on all 12 lessons", lesson_facts(True))):
        g50, gmax, c50, counts = time_page(store, class_id, facts)
        shown = ", ".join(f"{counts[s]} {s.value}" for s in Status if counts[s])
        print(f"class grid, {label}:")
        print(f"  build class page:    p50 {_ms(g50)}  max {_ms(gmax)}  (target ≤ 100 ms)  [{shown}]")
        print(f"  baseline COUNT(*):   p50 {_ms(c50)}  (same store, same run)")
        print(f"  ratio page/COUNT(*): {g50 / c50:.1f}×")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-progress-") as folder:
        store = open_store("", data_dir=Path(folder))
        try:
            print(f"SQLite store in {folder} (WAL, synchronous=FULL)")
            bench_record(store, Path(folder) / "progress.sqlite3")
            bench_grid(store)
        finally:
            store.close()


if __name__ == "__main__":
    main()
