"""Fixtures for the learning-records tests: the same store on SQLite and on PostgreSQL.

PostgreSQL cases use ``KIOSK_TEST_PG_URL`` (``packaging/ci-postgres.sh`` starts a server) and skip
without it — except under CI (``CI=true``), where a missing server is a failure. Every test gets a
schema of its own, dropped afterwards.
"""
from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

import pytest

from kiosk.progress.store import ProgressStore, open_store

START = datetime(2026, 11, 25, 15, 30, tzinfo=timezone.utc)


@dataclass
class FakeClock:
    """A clock the test moves by hand."""

    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> datetime:
        self.now += timedelta(**kwargs)
        return self.now


def postgres_base_url() -> str:
    url = os.environ.get("KIOSK_TEST_PG_URL", "")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("KIOSK_TEST_PG_URL is not set under CI; PostgreSQL store tests cannot run")
        pytest.skip("KIOSK_TEST_PG_URL not set (run packaging/ci-postgres.sh)")
    return url


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL for an empty store: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'progress.sqlite3'}"
        return
    from sqlalchemy import create_engine, text

    base = postgres_base_url()
    schema_name = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema_name}"'))
    except Exception as exc:  # noqa: BLE001 - an unreachable server is a clear failure
        admin.dispose()
        pytest.fail(f"PostgreSQL at KIOSK_TEST_PG_URL is not usable: {exc}")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema_name}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema_name}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(database_url: str, clock: FakeClock) -> Iterator[ProgressStore]:
    opened = open_store(database_url, clock=clock)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def reopen(database_url: str, clock: FakeClock):  # noqa: ANN201 - a factory of stores
    """Open the same database again, as a kiosk restart would."""
    opened: list[ProgressStore] = []

    def _reopen() -> ProgressStore:
        store = open_store(database_url, clock=clock)
        opened.append(store)
        return store

    yield _reopen
    for store in opened:
        store.close()
