"""Initial learning-records schema: events, classes, learners, assignments, settings, LRS outbox.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "learning_events",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("verb", sa.String(20), nullable=False),
        sa.Column("lesson_id", sa.String(120), nullable=False),
        sa.Column("step", sa.Integer, nullable=True),
        sa.Column("score", sa.Float, nullable=True),
        sa.Column("success", sa.Boolean, nullable=True),
        sa.Column("response", sa.Text, nullable=True),
        sa.Column("at_us", sa.BigInteger, nullable=False),
        sa.Column("device_id", sa.String(64), nullable=False),
        sa.Column("duration_ms", sa.BigInteger, nullable=True),
    )
    op.create_index("ix_learning_events_summary", "learning_events",
                    ["account", "lesson_id", "at_us", "verb", "step", "success", "duration_ms"])
    op.create_index("ix_learning_events_lesson_verb", "learning_events", ["lesson_id", "verb"])
    op.create_table(
        "classes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("archived", sa.Boolean, nullable=False),
        sa.Column("created_us", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "learners",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("class_id", sa.Integer, sa.ForeignKey("classes.id"), nullable=False),
        sa.Column("first_name", sa.String(40), nullable=False),
        sa.Column("last_initial", sa.String(1), nullable=False),
        sa.Column("code_hash", sa.String(200), nullable=False),
        sa.Column("failed_codes", sa.Integer, nullable=False),
        sa.Column("paused_until_us", sa.BigInteger, nullable=True),
        sa.Column("created_us", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_learners_class_id", "learners", ["class_id"])
    op.create_table(
        "class_lessons",
        sa.Column("class_id", sa.Integer, sa.ForeignKey("classes.id"), primary_key=True),
        sa.Column("lesson_id", sa.String(120), primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "lrs_sent",
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("sent_us", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    for table in ("lrs_sent", "settings", "class_lessons", "learners", "classes"):
        op.drop_table(table)
    op.drop_index("ix_learning_events_lesson_verb", "learning_events")
    op.drop_index("ix_learning_events_summary", "learning_events")
    op.drop_table("learning_events")
