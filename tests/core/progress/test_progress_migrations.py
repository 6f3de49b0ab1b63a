"""The Alembic migrations build exactly the schema the code queries, and can be undone."""
from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from kiosk.progress import migrate, schema


def test_migrated_database_matches_the_schema_module(store):
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), schema.metadata)
        assert migrate.current_revision(conn) == migrate.head_revision()
    assert diff == []


def test_downgrade_to_nothing_and_upgrade_again(store):
    with store.engine.begin() as conn:
        cfg = migrate.alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert set(inspect(store.engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(store.engine)
    assert {t.name for t in schema.metadata.sorted_tables} <= set(inspect(store.engine).get_table_names())
    assert store.check() == []
