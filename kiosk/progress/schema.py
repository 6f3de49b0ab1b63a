"""The learning-records schema as SQLAlchemy Core tables, shared by SQLite and PostgreSQL.

Alembic migrations in ``migrations/versions`` create and evolve these tables; this module is the
description the code queries against. Times are stored as whole microseconds since the Unix epoch
(UTC) in a BIGINT, so both dialects sort, subtract and aggregate them the same way; durations as
whole milliseconds.
"""
from __future__ import annotations

from sqlalchemy import (BigInteger, Boolean, Column, Float, ForeignKey, Index, Integer, MetaData,
                        String, Table, Text)

metadata = MetaData()

#: Append-only learning events, one per xAPI-shaped statement. Never updated; deleted only when a
#: trainer removes a learner.
events = Table(
    "learning_events", metadata,
    Column("id", String(36), primary_key=True),
    Column("account", String(64), nullable=False),
    Column("verb", String(20), nullable=False),
    Column("lesson_id", String(120), nullable=False),
    Column("step", Integer, nullable=True),
    Column("score", Float, nullable=True),
    Column("success", Boolean, nullable=True),
    Column("response", Text, nullable=True),
    Column("at_us", BigInteger, nullable=False),
    Column("device_id", String(64), nullable=False),
    Column("duration_ms", BigInteger, nullable=True),
)
# Covers the per learner × lesson aggregate of the grid (read from the index alone) and the
# latest-event lookup for resuming.
Index("ix_learning_events_summary", events.c.account, events.c.lesson_id, events.c.at_us,
      events.c.verb, events.c.step, events.c.success, events.c.duration_ms)
Index("ix_learning_events_lesson_verb", events.c.lesson_id, events.c.verb)

classes = Table(
    "classes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(80), nullable=False),
    Column("archived", Boolean, nullable=False, default=False),
    Column("created_us", BigInteger, nullable=False),
)

#: A learner's ``id`` is the opaque account id written into events and xAPI statements.
learners = Table(
    "learners", metadata,
    Column("id", String(64), primary_key=True),
    Column("class_id", Integer, ForeignKey("classes.id"), nullable=False, index=True),
    Column("first_name", String(40), nullable=False),
    Column("last_initial", String(1), nullable=False),
    Column("code_hash", String(200), nullable=False),
    Column("failed_codes", Integer, nullable=False, default=0),
    Column("paused_until_us", BigInteger, nullable=True),
    Column("created_us", BigInteger, nullable=False),
)

class_lessons = Table(
    "class_lessons", metadata,
    Column("class_id", Integer, ForeignKey("classes.id"), primary_key=True),
    Column("lesson_id", String(120), primary_key=True),
    Column("position", Integer, nullable=False),
)

#: Small key/value facts of this store: the trainer PIN hash and its lockout, LRS sync state.
settings = Table(
    "settings", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

#: Events the LRS outbox has delivered (the outbox is every event not in here).
lrs_sent = Table(
    "lrs_sent", metadata,
    Column("event_id", String(36), primary_key=True),
    Column("sent_us", BigInteger, nullable=False),
)

__all__ = ["metadata", "events", "classes", "learners", "class_lessons", "settings", "lrs_sent"]
