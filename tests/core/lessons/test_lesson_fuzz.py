"""Property test: whatever a lesson file contains, the loader answers with clean problem lines.

Mangled files — random bytes, valid lessons cut short, values swapped for ones of the wrong type,
lines dropped or repeated — must never raise anything but ContentError, and every problem must
be one line naming the file. The Babel extractor must not crash on them either.
"""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.errors import ContentError
from kiosk.lessons import load_lesson, validate
from kiosk.lessons.extract import extract_lessons
from kiosk.lessons.loader import check_lesson

from lesson_samples import BASE_LESSON, FIXTURES

SOURCES = [BASE_LESSON.format(id="fuzz"),
           (FIXTURES / "all-gestures" / "lesson.toml").read_text(encoding="utf-8"),
           (FIXTURES / "quiz-first" / "lesson.toml").read_text(encoding="utf-8")]
LITERALS = ['1', '-3', '1.5', 'nan', 'true', '""', '"   "', '"x"', '"\\n\\t"', '[]', '[1, "a"]',
            '{}', '{ text = "a" }', '[[1]]', '1979-05-27', '07:32:00', '"tripletap"', '"done"',
            '"' + "y" * 60 + '"', "'''multi\nline'''"]


@pytest.fixture(scope="module")
def lesson_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz") / "fuzz"
    folder.mkdir()
    return folder


def swap_value(text: str, line: int, literal: str) -> str:
    lines = text.splitlines()
    candidates = [i for i, l in enumerate(lines) if "=" in l]
    i = candidates[line % len(candidates)]
    key = lines[i].split("=", 1)[0]
    lines[i] = f"{key}= {literal}"
    return "\n".join(lines)


def edit_lines(text: str, picks: list[int], repeat: bool) -> str:
    lines = text.splitlines()
    for pick in picks:
        if not lines:
            break
        i = pick % len(lines)
        if repeat:
            lines.insert(i, lines[i])
        else:
            del lines[i]
    return "\n".join(lines)


mangled = st.one_of(
    st.binary(max_size=400),
    st.builds(lambda s, cut: s.encode()[:cut], st.sampled_from(SOURCES), st.integers(0, 3000)),
    st.builds(lambda s, n, lit: swap_value(s, n, lit).encode(), st.sampled_from(SOURCES),
              st.integers(0, 200), st.sampled_from(LITERALS)),
    st.builds(lambda s, picks, rep: edit_lines(s, picks, rep).encode(), st.sampled_from(SOURCES),
              st.lists(st.integers(0, 500), min_size=1, max_size=4), st.booleans()),
    st.builds(lambda s, pos, junk: (s.encode()[:pos] + junk + s.encode()[pos:]),
              st.sampled_from(SOURCES), st.integers(0, 3000), st.binary(min_size=1, max_size=8)),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=mangled)
def test_mangled_lesson_files_give_clean_problems(lesson_dir: Path, data: bytes) -> None:
    (lesson_dir / "lesson.toml").write_bytes(data)
    lesson, problems = check_lesson(lesson_dir)
    assert (lesson is None) == bool(problems)
    for problem in problems:
        line = str(problem)
        assert "\n" not in line and line.startswith(problem.file)
        assert problem.file.endswith("fuzz/lesson.toml")
    assert [str(p) for p in validate([lesson_dir])] == [str(p) for p in problems]
    try:
        load_lesson(lesson_dir)
    except ContentError as exc:
        assert str(exc) == str(problems[0])
    stream = io.BytesIO(data)
    stream.name = str(lesson_dir / "lesson.toml")
    for lineno, _func, message, comments in extract_lessons(stream, (), (), {}):
        assert isinstance(message, str) and message and lineno >= 1 and comments
