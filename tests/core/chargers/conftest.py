"""Fixtures for the charger tests: a controllable clock, a sleep that only records, the simulator."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from kiosk.chargers.simulator import start_simulator

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# A weekday afternoon in West Hollywood (21:00 UTC = 14:00 PDT).
NOON_ISH = datetime(2025, 6, 18, 21, 0, tzinfo=timezone.utc)


class Clock:
    """A wall clock the test moves by hand."""

    def __init__(self, now: datetime = NOON_ISH) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class Sleeper:
    """Stands in for time.sleep: remembers each wait instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sleeper() -> Sleeper:
    return Sleeper()


@pytest.fixture
def simulator(clock: Clock):
    handle = start_simulator(seed=11, clock=clock, slow_seconds=1.5, hang_seconds=10, big_mb=2)
    yield handle
    handle.stop()
