"""Every lesson folder shipped in ``lessons/`` validates, loads and can be played to the end."""
from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.lessons import LessonRun, load_all, load_lesson, validate
from kiosk.lessons.loader import lesson_folders

LESSONS = Path(__file__).resolve().parents[3] / "lessons"
FOLDERS = lesson_folders(LESSONS)


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_shipped_lesson_is_valid(folder: Path) -> None:
    assert [str(p) for p in validate([folder])] == []


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_shipped_lesson_can_be_played_to_the_end(folder: Path) -> None:
    """Answer every quiz right and do every practice right (typed text as written)."""
    lesson = load_lesson(folder)
    run = LessonRun.start(lesson)
    right = {"tap": {}, "double_tap": {}, "drag_drop": {}, "scroll": {},
             "press_hold": {"seconds": 5.0}}
    while not run.finished:
        step = run.step
        if step.kind == "practice":
            g = step.gesture
            own = {"swipe": {"direction": getattr(g, "direction", None)},
                   "type": {"text": getattr(g, "expected", "")},
                   "pinch": {"zoom": getattr(g, "zoom", None)}}
            details = right[g.kind] if g.kind in right else own[g.kind]
            assert run.report_gesture(g.kind, **details).success, step
        elif step.kind == "quiz":
            assert run.answer(step.correct_index).success
        assert step.speech_text().strip()
        assert run.next()
    assert run.completed


def test_shipped_lessons_have_unique_ids_and_all_load() -> None:
    library = load_all(LESSONS)
    assert [str(p) for p in library.problems] == []
    assert len(library) == len(FOLDERS)
