"""The learning-records store: one class over SQLAlchemy Core for SQLite and PostgreSQL.

:func:`open_store` picks the database from a URL — empty means the SQLite file
``<data_dir>/progress.sqlite3`` (WAL, ``synchronous=FULL`` so a commit survives a power cut);
``postgresql+psycopg://…`` lets a fleet of library PCs share one server. The schema comes from the
Alembic migrations. A SQLite file proven damaged at start-up (its quick check fails, or it is
not a database) is moved aside with a timestamp and a fresh one is used
(:attr:`ProgressStore.recovery` says so for the trainer screen and the log); a file the kiosk's
user may not read or write is a :class:`StoreError` naming owner, mode and fix, and left alone.
While the kiosk runs, :class:`FileGuard` watches the file: removed or replaced by a damaged file,
it is rebuilt from the copy the kiosk still holds open, so nothing a learner did is lost (see the
class).

Events go in with insert-or-ignore on their UUID, so recording twice is harmless. Accounts,
trainer PIN, summaries and the LRS outbox are built on top (``accounts``, ``pin``, ``summary``,
``outbox`` modules); this module holds the engine, the events and the integrity check.

**Threads.** One :class:`ProgressStore` is meant to be shared: the kiosk opens it once and its
worker threads (screens' background tasks, the event recorder, the LRS outbox, the health
endpoint) all use the same object. That is safe: each call checks a connection out of
SQLAlchemy's thread-safe pool for its own transaction (SQLite connections are opened with
``check_same_thread=False`` and never shared by two threads at once), and :class:`FileGuard`
serialises its repairs with a lock. What is *not* allowed is calling it on the UI thread: every
connection checkout calls :func:`kiosk.threadguard.check` ("progress store"), which raises in
tests run with ``KIOSK_STRICT_THREADS=1`` and logs the place in the running kiosk.
"""
from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Iterable, Sequence

from sqlalchemy import Engine, and_, case, create_engine, delete, event, func, select, text
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from kiosk import threadguard
from kiosk.errors import StoreError
from kiosk.progress import migrate, schema
from kiosk.progress.events import Clock, LearningEvent, Result, Verb, from_us, to_us, utc_now
# The SQLite file's care lives in its own module; these names stay importable from here.
from kiosk.progress.sqlitefile import (SQLITE_FILE, FileGuard, RecoveryNotice,  # noqa: F401
                                       _move_aside, _sqlite_engine, _sqlite_problem, access_problem,
                                       file_identity, is_damage, open_sqlite_file, sqlite_path)
from kiosk.redact import redact_text

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RawSummary:
    """What the events say about one learner in one lesson (see :mod:`kiosk.progress.summary`)."""

    account: str
    lesson_id: str
    first_us: int
    last_us: int
    max_step: int | None
    completions: int
    help_requests: int
    wrong_answers: int
    right_answers: int
    time_spent_us: int
    score: float | None = None


@dataclass(frozen=True)
class QuestionStats:
    """How one quiz step of a lesson was answered."""

    lesson_id: str
    step: int
    wrong: int
    right: int
    learners_wrong: int

    @property
    def answers(self) -> int:
        return self.wrong + self.right

    @property
    def wrong_share(self) -> float:
        return self.wrong / self.answers if self.answers else 0.0


def open_store(database_url: str = "", *, data_dir: Path | None = None,
               clock: Clock = utc_now, recover: bool = True) -> ProgressStore:
    """Open (creating and migrating as needed) the store a config names.

    ``database_url`` empty means SQLite in ``data_dir``. Raises :class:`StoreError` when the
    database cannot be reached or migrated. A damaged SQLite file is moved aside and replaced
    (``recover=True``, the kiosk at start-up) or reported as a :class:`StoreError` (``recover=False``,
    ``kiosk progress check``).
    """
    threadguard.check("progress store")
    recovery = None
    path = _sqlite_file(database_url, data_dir)
    if path is not None:
        engine, recovery = open_sqlite_file(path, clock, recover)
    elif database_url.startswith("sqlite"):
        engine = create_engine(database_url)  # in memory: tests and tools only
    else:
        try:
            # A server that does not answer must not hang the kiosk's start for minutes.
            extra = {} if "connect_timeout" in database_url else {"connect_args": {"connect_timeout": 10}}
            engine = create_engine(database_url, pool_pre_ping=True, **extra)
        except (SQLAlchemyError, ImportError, ValueError) as exc:
            raise StoreError(f"learning records database URL is not usable: {_short(exc)}") from None
    try:
        migrate.upgrade(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        if path is not None and not is_damage(_short(exc)):
            # e.g. "attempt to write a readonly database": say whose file it is and the fix.
            denied = access_problem(path)
            if denied:
                raise StoreError(denied) from None
        raise StoreError(f"cannot open the learning records database: {_short(exc)}") from None
    guard = FileGuard(path, engine, clock) if path is not None else None
    return ProgressStore(engine, clock=clock, recovery=recovery, guard=guard)


def _sqlite_file(database_url: str, data_dir: Path | None) -> Path | None:
    """The SQLite file a URL names (empty URL: the default file in ``data_dir``), else None."""
    if not database_url:
        if data_dir is None:
            raise StoreError("no database URL and no data folder given for the learning records")
        return sqlite_path(data_dir)
    if not database_url.startswith("sqlite"):
        return None
    try:
        database = make_url(database_url).database
    except ArgumentError as exc:
        raise StoreError(f"learning records database URL is not usable: {_short(exc)}") from None
    return Path(database) if database and database != ":memory:" else None


def open_from_config(config: Any, clock: Clock = utc_now, recover: bool = True) -> ProgressStore:
    """The store named by ``[progress] database_url`` (SQLite in ``config.data_dir`` when empty)."""
    return open_store(config.progress.database_url, data_dir=config.data_dir, clock=clock,
                      recover=recover)


def _short(exc: BaseException) -> str:
    """The first line of an error, with any password or key of an echoed URL masked."""
    return redact_text(str(exc).splitlines()[0]) if str(exc) else type(exc).__name__


class ProgressStore:
    """Learning events and everything derived from them, in one SQL database."""

    def __init__(self, engine: Engine, *, clock: Clock = utc_now,
                 recovery: RecoveryNotice | None = None, guard: FileGuard | None = None) -> None:
        self.engine = engine
        self.guard = guard
        self.clock = clock
        # Every SQL statement starts by checking out a connection: the one place to catch a
        # screen that queries the store on the UI thread.
        event.listen(engine, "checkout", _not_on_ui_thread)
        #: Set when a damaged SQLite file was moved aside at start-up; show ``recovery.message()``.
        self.recovery = recovery
        from kiosk.progress.accounts import Accounts
        from kiosk.progress.pin import TrainerPin
        self.accounts = Accounts(self)
        self.trainer_pin = TrainerPin(self)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()
        if self.guard is not None:
            self.guard.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------

    def insert_ignore(self, table: Any) -> Any:
        """An INSERT that skips rows whose primary key exists, in this store's dialect."""
        dialect = pg_dialect if self.dialect == "postgresql" else sqlite_dialect
        return dialect.insert(table).on_conflict_do_nothing()

    def upsert(self, table: Any, keys: Sequence[str], values: dict[str, Any]) -> Any:
        dialect = pg_dialect if self.dialect == "postgresql" else sqlite_dialect
        stmt = dialect.insert(table).values(**values)
        return stmt.on_conflict_do_update(index_elements=list(keys),
                                          set_={k: v for k, v in values.items() if k not in keys})

    def record(self, event: LearningEvent) -> bool:
        """Store one event durably; True if it was new, False if it was already there."""
        try:
            with self.engine.begin() as conn:
                inserted = conn.execute(self.insert_ignore(schema.events)
                                        .returning(schema.events.c.id), _event_row(event)).first()
        except SQLAlchemyError as exc:
            raise StoreError(f"could not record a learning event: {_short(exc)}") from None
        return inserted is not None

    def record_many(self, events: Iterable[LearningEvent], batch: int = 500) -> int:
        """Store many events (e.g. merged from another kiosk); returns how many were new."""
        added = 0
        rows = [_event_row(e) for e in events]
        try:
            with self.engine.begin() as conn:
                for start in range(0, len(rows), batch):
                    chunk = rows[start:start + batch]
                    ids = [r["id"] for r in chunk]
                    before = conn.execute(select(func.count()).select_from(schema.events)
                                          .where(schema.events.c.id.in_(ids))).scalar_one()
                    conn.execute(self.insert_ignore(schema.events), chunk)
                    added += len(set(ids)) - before
        except SQLAlchemyError as exc:
            raise StoreError(f"could not record learning events: {_short(exc)}") from None
        return added

    def delete_events_of(self, conn: Any, account: str) -> int:
        """Remove every event of one learner (only when a trainer removes them)."""
        conn.execute(delete(schema.lrs_sent).where(schema.lrs_sent.c.event_id.in_(
            select(schema.events.c.id).where(schema.events.c.account == account))))
        return conn.execute(delete(schema.events).where(schema.events.c.account == account)).rowcount

    # -- reading -----------------------------------------------------------------------------

    def events(self, account: str | None = None, lesson_id: str | None = None,
               ids: Sequence[str] | None = None) -> list[LearningEvent]:
        """Events in time order, optionally for one learner, one lesson or some ids."""
        e = schema.events
        query = select(e).order_by(e.c.at_us, e.c.id)
        if account is not None:
            query = query.where(e.c.account == account)
        if lesson_id is not None:
            query = query.where(e.c.lesson_id == lesson_id)
        if ids is not None:
            query = query.where(e.c.id.in_(list(ids)))
        with self.engine.connect() as conn:
            return [row_event(row) for row in conn.execute(query)]

    def count_events(self, account: str | None = None) -> int:
        """How many events the store holds (of one learner, e.g. before removing them)."""
        query = select(func.count()).select_from(schema.events)
        if account is not None:
            query = query.where(schema.events.c.account == account)
        with self.engine.connect() as conn:
            return conn.execute(query).scalar_one()

    def resume_step(self, account: str, lesson_id: str) -> int | None:
        """The step a learner was last on in a lesson, or None (never opened, or completed)."""
        e = schema.events
        query = (select(e.c.verb, e.c.step).where(e.c.account == account, e.c.lesson_id == lesson_id)
                 .order_by(e.c.at_us.desc()).limit(1))
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None or row.verb == Verb.COMPLETED.value:
            return None
        return row.step or 0

    def resume_positions(self, account: str) -> dict[str, int]:
        """Where a learner left each lesson they have not finished: lesson id → step.

        The same rule as :meth:`resume_step` for every lesson at once; read when the learner
        signs in, so opening a lesson afterwards never waits on the database."""
        e = schema.events
        query = (select(e.c.lesson_id, e.c.verb, e.c.step).where(e.c.account == account)
                 .order_by(e.c.at_us, e.c.id))
        positions: dict[str, int] = {}
        with self.engine.connect() as conn:
            for lesson_id, verb, step in conn.execute(query):
                if verb == Verb.COMPLETED.value:
                    positions.pop(lesson_id, None)
                else:
                    positions[lesson_id] = step or 0
        return positions

    def raw_summaries(self, accounts: Sequence[str],
                      lesson_ids: Sequence[str] | None = None) -> dict[tuple[str, str], RawSummary]:
        """Aggregate the events of these learners (in these lessons) per learner × lesson."""
        if not accounts:
            return {}
        e = schema.events
        where = [e.c.account.in_(list(accounts))]
        if lesson_ids is not None:
            where.append(e.c.lesson_id.in_(list(lesson_ids)))
        one = lambda cond: func.sum(case((cond, 1), else_=0))  # noqa: E731
        query = (select(e.c.account, e.c.lesson_id, func.min(e.c.at_us), func.max(e.c.at_us),
                        func.max(e.c.step), one(e.c.verb == Verb.COMPLETED.value),
                        one(e.c.verb == Verb.ASKED_FOR_HELP.value),
                        one(and_(e.c.verb == Verb.ANSWERED.value, e.c.success.is_(False))),
                        one(and_(e.c.verb == Verb.ANSWERED.value, e.c.success.is_(True))),
                        func.sum(func.coalesce(e.c.duration_ms, 0)))
                 .where(*where).group_by(e.c.account, e.c.lesson_id))
        scores = (select(e.c.account, e.c.lesson_id, e.c.score, e.c.at_us)
                  .where(*where, e.c.verb == Verb.COMPLETED.value, e.c.score.is_not(None))
                  .order_by(e.c.at_us))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            latest_score = {(r.account, r.lesson_id): r.score for r in conn.execute(scores)}
        out = {}
        for r in rows:
            key = (r[0], r[1])
            out[key] = RawSummary(r[0], r[1], int(r[2]), int(r[3]), r[4], int(r[5]), int(r[6]),
                                  int(r[7]), int(r[8]), int(r[9] or 0) * 1000, latest_score.get(key))
        return out

    def question_stats(self, lesson_id: str,
                       accounts: Sequence[str] | None = None) -> list[QuestionStats]:
        """Per quiz step of a lesson, how often it was answered wrong — most wrong first."""
        e = schema.events
        wrong = e.c.success.is_(False)
        query = (select(e.c.step, func.sum(case((wrong, 1), else_=0)),
                        func.sum(case((e.c.success.is_(True), 1), else_=0)),
                        func.count(func.distinct(case((wrong, e.c.account)))))
                 .where(e.c.lesson_id == lesson_id, e.c.verb == Verb.ANSWERED.value,
                        e.c.step.is_not(None))
                 .group_by(e.c.step))
        if accounts is not None:
            query = query.where(e.c.account.in_(list(accounts)))
        with self.engine.connect() as conn:
            stats = [QuestionStats(lesson_id, r[0], int(r[1]), int(r[2]), int(r[3]))
                     for r in conn.execute(query)]
        stats.sort(key=lambda s: (-s.wrong, -s.wrong_share, s.step))
        return stats

    def devices(self) -> dict[str, datetime]:
        """Each kiosk that has recorded events here, with its latest event (for "last synced")."""
        e = schema.events
        with self.engine.connect() as conn:
            rows = conn.execute(select(e.c.device_id, func.max(e.c.at_us)).group_by(e.c.device_id))
            return {r[0]: from_us(r[1]) for r in rows}

    # -- settings ----------------------------------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        s = schema.settings
        with self.engine.connect() as conn:
            value = conn.execute(select(s.c.value).where(s.c.key == key)).scalar_one_or_none()
        return default if value is None else value

    def set_settings(self, **values: str) -> None:
        with self.engine.begin() as conn:
            for key, value in values.items():
                conn.execute(self.upsert(schema.settings, ["key"], {"key": key, "value": value}))

    # -- health ------------------------------------------------------------------------------

    def check(self) -> list[str]:
        """Problems found by an integrity check (empty when the store is healthy)."""
        problems: list[str] = []
        try:
            with self.engine.connect() as conn:
                if self.dialect == "sqlite":
                    rows = conn.execute(text("PRAGMA integrity_check")).all()
                    problems += [r[0] for r in rows if r[0] != "ok"]
                    problems += [f"foreign key broken in {r[0]} row {r[1]}"
                                 for r in conn.execute(text("PRAGMA foreign_key_check"))]
                revision = migrate.current_revision(conn)
                head = migrate.head_revision()
                if revision != head:
                    problems.append(f"schema is at revision {revision}, expected {head}")
                for table in schema.metadata.sorted_tables:
                    conn.execute(select(func.count()).select_from(table)).scalar_one()
                orphans = conn.execute(select(func.count()).select_from(schema.learners).where(
                    schema.learners.c.class_id.not_in(select(schema.classes.c.id)))).scalar_one()
                if orphans:
                    problems.append(f"{orphans} learners belong to no class")
        except (SQLAlchemyError, sqlite3.Error) as exc:
            problems.append(_short(exc))
        return problems


def _not_on_ui_thread(_dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
    threadguard.check("progress store")


def _event_row(event: LearningEvent) -> dict[str, Any]:
    return {"id": event.id, "account": event.account, "verb": event.verb.value,
            "lesson_id": event.lesson_id, "step": event.step, "score": event.result.score,
            "success": event.result.success, "response": event.result.response,
            "at_us": to_us(event.timestamp), "device_id": event.device_id,
            "duration_ms": (None if event.result.duration is None
                            else event.result.duration // timedelta(milliseconds=1))}


def row_event(row: Any) -> LearningEvent:
    return LearningEvent(account=row.account, verb=Verb(row.verb), lesson_id=row.lesson_id,
                         step=row.step, result=Result(row.score, row.success, row.response, None
                                                      if row.duration_ms is None
                                                      else timedelta(milliseconds=row.duration_ms)),
                         timestamp=from_us(row.at_us), device_id=row.device_id, id=row.id)
