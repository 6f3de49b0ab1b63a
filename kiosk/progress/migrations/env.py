"""Alembic environment: migrates the connection handed over by :mod:`kiosk.progress.migrate`.

There is no alembic.ini at runtime; the caller puts an open connection into
``config.attributes["connection"]``. Developers can autogenerate a revision the same way.
"""
from __future__ import annotations

from alembic import context

from kiosk.progress.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
