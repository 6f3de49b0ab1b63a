"""Typed errors of the core. The UI catches these and shows a calm, translated message.

Every error that comes from a file names the file, the place in it and the problem, so a
technician can fix it without reading code: ``config.toml: [kiosk] idle_seconds: must be ≥ 30``.
"""
from __future__ import annotations

from pathlib import Path


class KioskError(Exception):
    """Base of every error the core raises on purpose."""


class ContentError(KioskError):
    """A file the kiosk reads (config, lesson, map pack, catalog, cache) is broken.

    ``file`` is the path, ``place`` where in it (a key, a line, a step), ``problem`` what is wrong.
    ``str()`` gives the one-line form ``file: place: problem``.
    """

    def __init__(self, file: str | Path | None, place: str, problem: str) -> None:
        self.file = str(file) if file is not None else None
        self.place = place
        self.problem = problem
        parts = [p for p in (self.file, place, problem) if p]
        super().__init__(": ".join(parts))


class ConfigError(ContentError):
    """The kiosk configuration is invalid; the kiosk refuses to start with this message."""


class NetworkError(KioskError):
    """A remote service could not be reached or answered badly (the reason is in the message)."""


class StoreError(KioskError):
    """The learning-records store cannot be read or written."""
