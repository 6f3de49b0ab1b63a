"""Alembic migrations of the learning-records store (run programmatically by kiosk.progress.migrate)."""
