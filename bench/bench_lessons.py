"""Benchmark: loading every lesson at start-up, and the step engine's transitions.

Figures printed (not pass/fail):
* ``load_all`` of the lessons folder (target ≤ 100 ms), against a baseline measured in the same
  run: only reading the same ``lesson.toml`` files and ``tomllib.loads`` on them — so the ratio is
  what validation and building the model cost on top of parsing.
* ``LessonRun`` step transitions (next/back, a practice gesture, a quiz answer, to_dict/resume),
  against a baseline of a bare Python method call with the same loop.
"""
from __future__ import annotations

import statistics
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.lessons import LessonRun, load_all  # noqa: E402
from kiosk.lessons.loader import LESSON_FILE, lesson_folders  # noqa: E402

LESSONS = ROOT / "lessons"
FIXTURES = ROOT / "tests" / "core" / "lessons" / "fixtures"


def timed(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def parse_only(folder: Path) -> None:
    for sub in lesson_folders(folder):
        file = sub / LESSON_FILE
        if file.exists():
            tomllib.loads(file.read_bytes().decode("utf-8"))


def bench_loading(folder: Path) -> None:
    library = load_all(folder)
    count = len(library)
    steps = sum(l.step_count for l in library)
    load = timed(lambda: load_all(folder), 30)
    base = timed(lambda: parse_only(folder), 30)
    med, base_med = statistics.median(load), statistics.median(base)
    print(f"load_all({folder.relative_to(ROOT)}): {count} lessons, {steps} steps")
    print(f"  load_all     median {med * 1000:7.2f} ms   p95 {p95(load) * 1000:7.2f} ms   "
          f"(target <= 100 ms: {'met' if p95(load) <= 0.100 else 'MISSED'})")
    print(f"  baseline     median {base_med * 1000:7.2f} ms   (read + tomllib.loads only)")
    print(f"  ratio        {med / base_med:7.2f}x the parse-only baseline")


def bench_engine(folder: Path) -> None:
    library = load_all(folder)
    lesson = max(library, key=lambda l: l.step_count)
    n = 20000

    # every step already done, so Next is always allowed: walk to the end and back, repeatedly
    solved = {str(i): {"solved": True, "answers": [getattr(s, "correct_index", 0)]}
              for i, s in enumerate(lesson.steps) if s.kind in ("practice", "quiz")}
    state = {"lesson": lesson.id, "index": 0, "steps": solved}
    last = lesson.step_count - 1

    def transitions() -> None:
        run = LessonRun.resume(lesson, state)
        forward = True
        for _ in range(n):
            if forward:
                run.next()
                forward = run.index < last
            else:
                run.back()
                forward = run.index == 0
        assert run.index in range(lesson.step_count)

    class Bare:
        index = 0

        def step(self) -> bool:
            self.index += 1
            return True

    def bare() -> None:
        obj = Bare()
        for _ in range(n):
            obj.step()

    t = statistics.median(timed(transitions, 5)) / n
    b = statistics.median(timed(bare, 5)) / n
    print(f"engine on '{lesson.id}' ({lesson.step_count} steps):")
    print(f"  next/back    {t * 1e6:7.2f} µs per transition   "
          f"(bare method call {b * 1e6:.3f} µs, ratio {t / b:.0f}x)")

    def one_gesture_and_save() -> None:
        run = LessonRun.start(lesson)
        for index, step in enumerate(lesson.steps):
            run.index = index
            if step.kind == "practice":
                run.report_gesture("tap" if step.gesture.kind != "tap" else "double_tap")
            elif step.kind == "quiz":
                run.answer(step.correct_index)
        LessonRun.resume(lesson, run.to_dict())

    per = statistics.median(timed(one_gesture_and_save, 200)) / max(1, lesson.step_count)
    print(f"  judge+save   {per * 1e6:7.2f} µs per step (a gesture or answer, then to_dict/resume)")


def main() -> None:
    folder = LESSONS if any((p / LESSON_FILE).exists() for p in lesson_folders(LESSONS)) \
        else FIXTURES
    bench_loading(folder)
    bench_engine(folder)


if __name__ == "__main__":
    main()
