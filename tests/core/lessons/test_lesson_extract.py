"""The Babel extractor puts every piece of lesson text into the catalog template."""
from __future__ import annotations

import io
from pathlib import Path

from babel.messages.extract import extract_from_dir, extract_from_file

from kiosk.lessons import PracticeStep, QuizStep, load_lesson
from kiosk.lessons.extract import extract_lessons


def model_texts(lesson) -> set[str]:
    """Every string the player shows for ``lesson``, straight from the loaded model."""
    texts = {lesson.title, lesson.summary}
    for step in lesson.steps:
        for name in ("title", "text", "question", "explanation", "success", "hint"):
            value = getattr(step, name, None)
            if value:
                texts.add(value)
        if isinstance(step, PracticeStep):
            for name in ("target", "item", "destination", "expected"):
                if getattr(step.gesture, name, None):
                    texts.add(getattr(step.gesture, name))
        if isinstance(step, QuizStep):
            texts.update(c.text for c in step.choices)
            texts.update(c.feedback for c in step.choices if c.feedback)
        texts.update(getattr(step, "learned", ()))
    return texts


def test_every_text_of_a_lesson_is_extracted(fixtures_dir: Path) -> None:
    file = fixtures_dir / "all-gestures" / "lesson.toml"
    found = list(extract_from_file(extract_lessons, str(file)))
    messages = {m[1] for m in found}
    lesson = load_lesson(file.parent)
    # the scroll step uses the built-in "the star", which is marked in the Python code instead
    assert messages == model_texts(lesson) - {"the star"}


def test_line_numbers_and_translator_comments(fixtures_dir: Path) -> None:
    file = fixtures_dir / "all-gestures" / "lesson.toml"
    lines = file.read_text(encoding="utf-8").splitlines()
    found = {m[1]: (m[0], m[2]) for m in extract_from_file(extract_lessons, str(file))}
    for message, (lineno, comments) in found.items():
        assert message.splitlines()[0] in lines[lineno - 1], (message, lineno)
    assert found["Every gesture"][1] == ["lesson all-gestures: title"]
    assert found["Star"][1] == ["lesson all-gestures, step 4 (practice): target — label on the "
                                "practice button"]
    assert found["Pinch two fingers apart"][1] == [
        "lesson all-gestures, step 10 (quiz): choice 1 (the right answer)"]
    assert found["Shake the screen"][0] == 96
    assert found["Press and hold"][1] == ["lesson all-gestures, step 11 (done): what you learned, line 2"]


def test_inline_choices_and_multiline_text(fixtures_dir: Path) -> None:
    found = {m[1]: m[0] for m in extract_from_file(
        extract_lessons, str(fixtures_dir / "quiz-first" / "lesson.toml"))}
    assert found["Banks never ask for it."] == 27 and found["Nobody"] == 28
    assert found["Use a different password\nfor each site."] == 37


def test_pybabel_style_directory_extraction(fixtures_dir: Path) -> None:
    method_map = [("**/lesson.toml", "kiosk_lessons")]   # the registered entry point
    files = {f for f, *_ in extract_from_dir(str(fixtures_dir), method_map)}
    assert files == {"all-gestures/lesson.toml", "quiz-first/lesson.toml"}


def test_broken_file_yields_nothing_and_never_raises() -> None:
    stream = io.BytesIO(b"title = \"unterminated\n")
    stream.name = "lessons/broken/lesson.toml"
    assert list(extract_lessons(stream, (), (), {})) == []
    stream = io.BytesIO(b'title = "Still here"\nsteps = "oops"\n')
    stream.name = "lessons/broken/lesson.toml"
    assert list(extract_lessons(stream, (), (), {})) == [
        (1, None, "Still here", ["lesson broken: title"])]
