"""Fixtures of the ops tests."""
from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def kiosk_dirs(tmp_path: Path) -> dict[str, Path]:
    dirs = {name: tmp_path / name for name in ("content", "state", "data")}
    for path in dirs.values():
        path.mkdir()
    return dirs

