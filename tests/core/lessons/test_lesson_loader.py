"""The loader and validator: valid lessons load; every kind of mistake gives one precise line."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest

from kiosk.errors import ContentError
from kiosk.lessons import (DoneStep, ExplainStep, PracticeStep, QuizStep, Swipe, Type, load_all,
                           load_lesson, validate)
from kiosk.lessons.loader import check_lesson

FILE = "lessons/test-lesson/lesson.toml"


def lines(path: Path | str) -> list[str]:
    return [str(p) for p in validate([path])]


def test_fixture_lessons_load_with_every_kind_and_gesture(fixtures_dir: Path) -> None:
    lesson = load_lesson(fixtures_dir / "all-gestures")
    assert lesson.id == "all-gestures" and lesson.order == 20 and lesson.minutes == 12
    assert [s.kind for s in lesson.steps] == ["explain"] + ["practice"] * 8 + ["quiz", "done"]
    kinds = [s.gesture.kind for s in lesson.steps if isinstance(s, PracticeStep)]
    assert kinds == ["tap", "double_tap", "press_hold", "drag_drop", "swipe", "scroll", "type",
                     "pinch"]
    hold = lesson.steps[3].gesture
    assert hold.target == "Star" and hold.hold_seconds == 2.0
    assert lesson.steps[6].gesture.item == "the star"          # the documented default
    assert lesson.image_path(0) == fixtures_dir / "all-gestures" / "hand.svg"
    assert lesson.image_path(1) is None
    quiz = lesson.steps[9]
    assert isinstance(quiz, QuizStep) and quiz.correct_index == 0 and len(quiz.choices) == 3
    done = lesson.steps[-1]
    assert isinstance(done, DoneStep) and len(done.learned) == 3


def test_inline_choices_and_multiline_text_are_read(fixtures_dir: Path) -> None:
    lesson = load_lesson(fixtures_dir / "quiz-first")
    assert lesson.order == 1000                                 # no order: after ordered lessons
    assert lesson.steps[2].choices[1].correct
    assert lesson.steps[4].text == "Use a different password\nfor each site."


def test_base_lesson_is_valid(write_lesson) -> None:
    folder = write_lesson()
    assert lines(folder) == []
    lesson = load_lesson(folder / "lesson.toml")
    assert isinstance(lesson.steps[1].gesture, Swipe) and isinstance(lesson.steps[2].gesture, Type)
    assert isinstance(lesson.steps[0], ExplainStep)


BAD = [
    (("gesture = \"swipe\"", "gesture = \"tripletap\""),
     f"{FILE}: step 2 (practice): unknown gesture 'tripletap'"),
    (("kind = \"explain\"\ntitle", "kind = \"explainer\"\ntitle"),
     f"{FILE}: step 1: unknown step kind 'explainer' (use explain, practice, quiz, done)"),
    (("title = \"Hello\"\n", "title = \"Hello\"\ncolour = \"red\"\n"),
     f"{FILE}: step 1 (explain): unknown field 'colour'"),
    (("minutes = 5", "minutes = 5\nminuets = 3"),
     f"{FILE}: unknown field 'minuets' (did you mean 'minutes'?)"),
    (("summary = \"A lesson for the tests.\"\n", ""), f"{FILE}: missing field 'summary'"),
    (("hint = \"Tap the letters one by one.\"\n", ""),
     f"{FILE}: step 3 (practice): missing field 'hint'"),
    (("minutes = 5", "minutes = \"five\""), f"{FILE}: 'minutes' must be a whole number, not text"),
    (("minutes = 5", "minutes = 90"), f"{FILE}: 'minutes' must be between 1 and 60 (it is 90)"),
    (("title = \"Hello\"", "title = 3"), f"{FILE}: step 1 (explain): 'title' must be text, not a whole number"),
    (("text = \"Welcome to the test.\"", "text = \"   \""),
     f"{FILE}: step 1 (explain): 'text' must not be empty"),
    (("topic = \"basics\"", "topic = \"cooking\""),
     f"{FILE}: topic 'cooking' is not one of basics, internet, communication, safety, city, ev"),
    (("direction = \"left\"", "direction = \"sideways\""),
     f"{FILE}: step 2 (practice): direction 'sideways' is not one of left, right, up, down"),
    (("direction = \"left\"", "zoom = \"in\""),
     f"{FILE}: step 2 (practice): field 'zoom' is not used by gesture 'swipe'"),
    (("expected = \"Hello\"", "expected = \"" + "x" * 41 + "\""),
     f"{FILE}: step 3 (practice): 'expected' must be 1 to 40 characters (it has 41)"),
    (("text = \"Right\"\n", "text = \"Right\"\ncorrect = true\n"),
     f"{FILE}: step 4 (quiz): a quiz needs exactly one choice with correct = true (it has 2)"),
    (("text = \"Left\"\ncorrect = true", "text = \"Left\""),
     f"{FILE}: step 4 (quiz): a quiz needs exactly one choice with correct = true (it has 0)"),
    (("text = \"Left\"\ncorrect = true", "text = \"Left\"\ncorrect = \"yes\""),
     f"{FILE}: step 4 (quiz), choice 1: 'correct' must be true or false, not text"),
    (("title = \"Hello\"", "title = \"Hello\"\nimage = \"missing.svg\""),
     f"{FILE}: step 1 (explain): image 'missing.svg' not found in the lesson folder"),
    (("title = \"Hello\"", "title = \"Hello\"\nimage = \"../x.svg\""),
     f"{FILE}: step 1 (explain): image '../x.svg' must be a file name in the lesson folder, not a path"),
    (("id = \"test-lesson\"", "id = \"other-lesson\""),
     f"{FILE}: id: 'other-lesson' does not match the folder name 'test-lesson'"),
    (("id = \"test-lesson\"", "id = \"Test Lesson\""),
     f"{FILE}: id: 'Test Lesson' must use only lowercase letters, digits and '-'"),
    (("learned = [\"Swiping\", \"Typing\"]", "learned = []"),
     f"{FILE}: step 6 (done): 'learned' needs 1 to 6 lines (it has 0)"),
    (("[[steps]]\nkind = \"done\"", "[[steps]]\nkind = \"explain\"\n[[steps]]\nkind = \"done\""),
     f"{FILE}: step 6 (explain): missing field 'text'"),
    (("kind = \"explain\"\ntext = \"Almost done.\"", "kind = \"done\"\ntext = \"Almost done.\"\nlearned = [\"x\"]"),
     f"{FILE}: step 5 (done): only the last step may be a 'done' step"),
    (("minutes = 5", "minutes = 5\nsteps = 3\n"), None),  # TOML: steps defined twice → syntax error
]


@pytest.mark.parametrize("change,expected", BAD, ids=[e or "dup" for _, e in BAD])
def test_each_mistake_gives_its_line(write_lesson, change, expected) -> None:
    folder = write_lesson(replace=change)
    found = lines(folder)
    if expected is None:
        assert len(found) == 1 and found[0].startswith(f"{FILE}: line ")
        return
    assert expected in found, found
    with pytest.raises(ContentError):
        load_lesson(folder)


def test_toml_syntax_error_names_the_line(write_lesson) -> None:
    folder = write_lesson(replace=("level = \"beginner\"", "level = \"beginner"))
    [line] = lines(folder)
    assert line.startswith(f"{FILE}: line 5: not valid TOML: ")


def test_unreadable_bytes_and_missing_file(write_lesson, tmp_path: Path) -> None:
    folder = write_lesson(data=b"id = \"x\"\ntitle = \"\xff\xfe\"\n")
    assert lines(folder) == [f"{FILE}: line 2: not UTF-8 text (save the file as UTF-8)"]
    (tmp_path / "lessons" / "empty").mkdir()
    assert lines(tmp_path / "lessons" / "empty") == ["lessons/empty/lesson.toml: file not found"]
    assert lines(tmp_path / "nowhere") == ["nowhere: not found"]


def test_step_count_and_last_step(write_lesson) -> None:
    text = "\n".join(f'[[steps]]\nkind = "explain"\ntext = "Step {n}."' for n in range(16))
    head = 'id = "test-lesson"\ntitle = "T"\nsummary = "S"\ntopic = "ev"\nlevel = "beginner"\nminutes = 3\n'
    found = lines(write_lesson(head + text))
    assert f"{FILE}: steps: a lesson needs 6 to 15 steps (it has 16)" in found
    assert f"{FILE}: step 16 (explain): the last step must be a 'done' step" in found
    found = lines(write_lesson(head + text.split("[[steps]]\nkind = \"explain\"\ntext = \"Step 3.\"")[0]))
    assert f"{FILE}: steps: a lesson needs 6 to 15 steps (it has 3)" in found


def test_all_problems_of_a_file_are_reported_together(write_lesson) -> None:
    folder = write_lesson(replace=("minutes = 5", "minutes = 0\ntopic2 = 1"))
    found = lines(folder)
    assert len(found) == 2
    with pytest.raises(ContentError) as err:
        load_lesson(folder)
    assert len(err.value.problems) == 2 and str(err.value) == found[0]


def test_duplicate_ids_across_folders(write_lesson, tmp_path: Path) -> None:
    write_lesson()
    other = tmp_path / "more" / "test-lesson"
    other.mkdir(parents=True)
    (other / "lesson.toml").write_bytes((tmp_path / "lessons/test-lesson/lesson.toml").read_bytes())
    found = [str(p) for p in validate([tmp_path / "lessons", tmp_path / "more"])]
    assert found == [f"more/test-lesson/lesson.toml: id: 'test-lesson' is also the id of {FILE}"]


def test_load_all_skips_bad_lessons_with_one_log_line_each(write_lesson, tmp_path: Path,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    write_lesson(folder="good-one")
    write_lesson(folder="broken-one", replace=("gesture = \"swipe\"", "gesture = \"wave\""))
    write_lesson(folder="broken-two", data=b"[[[not toml")
    (tmp_path / "lessons" / "README.md").write_text("not a lesson")
    with caplog.at_level(logging.WARNING, logger="kiosk.lessons.loader"):
        library = load_all(tmp_path / "lessons")
    assert [l.id for l in library] == ["good-one"]
    assert "good-one" in library and library.get("broken-one") is None
    skipped = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(skipped) == 2
    assert "unknown gesture 'wave'" in skipped[0].getMessage()
    assert library.health()["skipped"] == ["lessons/broken-one/lesson.toml",
                                           "lessons/broken-two/lesson.toml"]


def test_load_all_orders_by_order_then_title(write_lesson, tmp_path: Path) -> None:
    write_lesson(folder="zeta", replace=("title = \"Test lesson\"", "title = \"Zeta\"\norder = 5"))
    write_lesson(folder="alpha", replace=("title = \"Test lesson\"", "title = \"Alpha\""))
    write_lesson(folder="beta", replace=("title = \"Test lesson\"", "title = \"Beta\""))
    library = load_all(tmp_path / "lessons")
    assert [l.id for l in library] == ["zeta", "alpha", "beta"]
    assert list(library.by_topic()) == ["basics"]


def test_load_all_of_a_missing_folder_is_empty_not_an_error(tmp_path: Path) -> None:
    library = load_all(tmp_path / "nope")
    assert len(library) == 0 and library.problems


def test_check_lesson_returns_problems_without_raising(tmp_path: Path) -> None:
    lesson, problems = check_lesson(tmp_path)
    assert lesson is None and problems[0].message == "file not found"
