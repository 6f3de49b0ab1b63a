"""How much one guess at the trainer PIN costs someone holding a copy of the database.

Prints the time of one hash check with the current cost (``PIN_COST``) beside a baseline measured
in the same run (the old cost, ``OLD_PIN_COST``), the median of a few runs each, and what that
means for guessing every PIN of the shortest allowed length on this machine (one core). The goal
is at least 100 ms a guess.

    python bench/bench_pin.py [--runs 5]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.progress.pin_rules import PIN_MIN_DIGITS  # noqa: E402
from kiosk.progress.secrets_hash import OLD_PIN_COST, PIN_COST, hash_secret, verify_secret  # noqa: E402

GOAL_MS = 100.0


def time_check(cost: tuple[int, int, int], runs: int) -> float:
    """Median milliseconds of one wrong-PIN check against a hash made with ``cost``."""
    stored = hash_secret("730954", cost)
    verify_secret("000000", stored)  # warm up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        verify_secret("000000", stored)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def describe(cost: tuple[int, int, int]) -> str:
    n, r, p = cost
    return f"scrypt N=2^{n.bit_length() - 1} r={r} p={p} ({128 * n * r // 2 ** 20} MiB)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    baseline = time_check(OLD_PIN_COST, args.runs)
    current = time_check(PIN_COST, args.runs)
    space = 10 ** PIN_MIN_DIGITS
    print(f"baseline  {describe(OLD_PIN_COST):34} {baseline:8.1f} ms a guess")
    print(f"current   {describe(PIN_COST):34} {current:8.1f} ms a guess "
          f"({current / baseline:.1f}× the baseline)")
    print(f"every {PIN_MIN_DIGITS}-digit PIN on one core: {space * current / 1000 / 86400:.1f} days "
          f"(baseline: {space * baseline / 1000 / 86400:.1f} days)")
    verdict = "meets" if current >= GOAL_MS else "MISSES"
    print(f"{verdict} the goal of ≥ {GOAL_MS:.0f} ms a guess")


if __name__ == "__main__":
    main()
