"""Fixtures for the lesson tests: the small test lessons beside this file and a lesson writer."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from lesson_samples import BASE_LESSON, FIXTURES


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def write_lesson(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """``write_lesson(text=None, folder="test-lesson", replace=(old, new), ...)`` → lesson folder.

    Writes under ``tmp_path/lessons`` and makes ``tmp_path`` the current directory, so problem
    lines read ``lessons/<folder>/lesson.toml: ...`` just as a lesson writer sees them.
    """
    monkeypatch.chdir(tmp_path)

    def write(text: str | None = None, folder: str = "test-lesson",
              replace: tuple[str, str] | None = None, data: bytes | None = None) -> Path:
        path = tmp_path / "lessons" / folder
        path.mkdir(parents=True, exist_ok=True)
        if data is None:
            text = BASE_LESSON.format(id=folder) if text is None else text
            if replace is not None:
                assert replace[0] in text, replace[0]
                text = text.replace(replace[0], replace[1], 1)
            data = text.encode("utf-8")
        (path / "lesson.toml").write_bytes(data)
        return path

    return write
