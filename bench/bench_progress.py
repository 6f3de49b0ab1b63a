"""Benchmark of the learning-records store (SQLite, the default).

Figures: recording one event (p50/p95, a durable commit each) against a bare durable INSERT of
the same row with the sqlite3 module; and building the class grid (with its totals, as the class page shows it) for 30 learners × 12 lessons
with 50,000 events in the store (target ≤ 100 ms) against a bare ``SELECT COUNT(*)`` over the
events table, measured in the same run.
"""
from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.progress.events import LearningEvent, Result, Verb  # noqa: E402
from kiosk.progress.store import ProgressStore, open_store  # noqa: E402
from kiosk.progress.grid import grid_view  # noqa: E402
from kiosk.progress.summary import LessonInfo, class_grid  # noqa: E402

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


def fill_class(store: ProgressStore) -> tuple[int, dict[str, LessonInfo]]:
    rng = random.Random(7)
    cls = store.accounts.create_class("Bench class")
    lessons = {f"lesson-{n:02d}": LessonInfo(f"lesson-{n:02d}", f"Lesson {n}", 10) for n in range(LESSONS)}
    store.accounts.assign_lessons(cls.id, list(lessons))
    learners = [store.accounts.add_learner(cls.id, f"Learner{chr(65 + n % 26)}{'a' * (n // 26)}", "B").learner
                for n in range(LEARNERS)]
    start = datetime(2026, 9, 1, 10, 0, tzinfo=timezone.utc)
    events = []
    verbs = [Verb.PROGRESSED] * 6 + [Verb.ANSWERED] * 3 + [Verb.ASKED_FOR_HELP]
    for n in range(EVENTS):
        learner = learners[n % LEARNERS]
        lesson = f"lesson-{rng.randrange(LESSONS):02d}"
        verb = rng.choice(verbs) if rng.random() > 0.01 else Verb.COMPLETED
        spent = timedelta(seconds=rng.randrange(5, 120))
        result = Result(success=rng.random() > 0.3, duration=spent) if verb is Verb.ANSWERED else \
            Result(score=rng.random(), duration=spent) if verb is Verb.COMPLETED else Result(duration=spent)
        events.append(LearningEvent(learner.id, verb, lesson, rng.randrange(10), result,
                                    start + timedelta(seconds=n * 17), "bench"))
    store.record_many(events)
    return cls.id, lessons


def bench_grid(store: ProgressStore) -> None:
    t0 = time.perf_counter()
    class_id, lessons = fill_class(store)
    print(f"filled {store.count_events():,} events for {LEARNERS} learners × {LESSONS} lessons "
          f"in {time.perf_counter() - t0:.1f} s")
    class_grid(store, class_id, lessons)  # warm the page cache once
    grid_times, count_times = [], []
    for _ in range(GRID_RUNS):
        t0 = time.perf_counter()
        # What the class page builds: the grid and the view with its totals and summary.
        grid = class_grid(store, class_id, lessons)
        view = grid_view(grid)
        grid_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        store.count_events()
        count_times.append(time.perf_counter() - t0)
    assert len(grid.cells) == LEARNERS * LESSONS and view.totals.cells == LEARNERS * LESSONS
    g50, c50 = statistics.median(grid_times), statistics.median(count_times)
    print(f"build class grid:      p50 {_ms(g50)}  max {_ms(max(grid_times))}  (target ≤ 100 ms)")
    print(f"baseline COUNT(*):     p50 {_ms(c50)}  (same store, same run)")
    print(f"ratio grid/COUNT(*):   {g50 / c50:.1f}×")


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
