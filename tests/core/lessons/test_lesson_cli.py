"""``kiosk lessons validate`` and ``kiosk lessons list`` as a lesson writer uses them."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.cli import main


def config_for(tmp_path: Path) -> str:
    config = tmp_path / "config.toml"
    config.write_text(f'[paths]\ncontent_dir = "{tmp_path}"\n', encoding="utf-8")
    return str(config)


def test_validate_good_lessons_prints_nothing(write_lesson, capsys) -> None:
    folder = write_lesson()
    assert main(["lessons", "validate", str(folder)]) == 0
    assert capsys.readouterr().out == ""


def test_validate_bad_lesson_prints_one_line_per_problem(write_lesson, capsys) -> None:
    write_lesson(replace=("gesture = \"swipe\"", "gesture = \"tripletap\""))
    write_lesson(folder="other", replace=("minutes = 5", "minutes = 0"))
    assert main(["lessons", "validate", "lessons/test-lesson", "lessons/other"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "lessons/test-lesson/lesson.toml: step 2 (practice): unknown gesture 'tripletap'",
        "lessons/other/lesson.toml: 'minutes' must be between 1 and 60 (it is 0)",
    ]


def test_validate_defaults_to_the_configured_lessons_folder(write_lesson, tmp_path, capsys) -> None:
    write_lesson(replace=("level = \"beginner\"", "level = \"expert\""))
    assert main(["lessons", "validate", "--config", config_for(tmp_path)]) == 1
    assert capsys.readouterr().out == \
        "lessons/test-lesson/lesson.toml: level 'expert' is not one of beginner, intermediate\n"


def test_validate_an_empty_lessons_folder_is_fine(tmp_path, capsys) -> None:
    (tmp_path / "lessons").mkdir()
    assert main(["lessons", "validate", "--config", config_for(tmp_path)]) == 0


def test_list_shows_valid_lessons_as_table_and_json(write_lesson, tmp_path, capsys) -> None:
    write_lesson(folder="first-lesson")
    write_lesson(folder="broken", data=b"nonsense")
    assert main(["lessons", "list", "--config", config_for(tmp_path), "--json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out) == [{"id": "first-lesson", "title": "Test lesson", "topic": "basics",
                                    "level": "beginner", "minutes": 5, "steps": 6,
                                    "profiles": ["street", "library"]}]
    assert "1 lesson(s) skipped" in out.err
    assert main(["lessons", "list", "--config", config_for(tmp_path)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["id", "title", "topic", "minutes", "steps", "profiles"]
    assert table[1].split() == ["first-lesson", "Test", "lesson", "basics", "5", "6", "street,library"]


def test_bad_config_is_reported(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[paths]\nnope = 1\n")
    assert main(["lessons", "list", "--config", str(bad)]) == 2
    assert "invalid config" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["lessons"], ["lessons", "check"]])
def test_unknown_action_is_a_usage_error(argv) -> None:
    with pytest.raises(SystemExit):
        main(argv)
