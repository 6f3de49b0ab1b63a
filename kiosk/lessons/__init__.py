"""Lessons for the *Learn* tile: the model, the loader/validator and the step engine.

Typical use by the UI::

    library = load_all(config.content_dir / "lessons")     # at start-up; never raises on content
    run = LessonRun.resume(library.get(lesson_id), session_scratch.get(key), listener)
    run.report_gesture("swipe", direction="left")            # from a practice pad
    session_scratch[key] = run.to_dict()                     # after every change

Nothing here imports Qt.
"""
from __future__ import annotations

from kiosk.lessons.engine import (MISSES_BEFORE_HINT, Feedback, LearningEvent, LessonRun,
                                  NotThisStep, Position, QuizScore)
from kiosk.lessons.judging import judge, normalize_typed
from kiosk.lessons.loader import (LessonError, LessonLibrary, Problem, check_lesson, load_all,
                                  load_lesson, validate)
from kiosk.lessons.model import (GESTURES, LEVELS, STEP_KINDS, TOPICS, Choice, DoneStep,
                                 DoubleTap, DragDrop, ExplainStep, Gesture, Lesson, Pinch,
                                 PracticeStep, PressHold, QuizStep, Scroll, Step, Swipe, Tap, Type,
                                 gesture_labels, speech_text)

__all__ = [
    "MISSES_BEFORE_HINT", "Feedback", "LearningEvent", "LessonRun", "NotThisStep", "Position",
    "QuizScore", "judge", "normalize_typed", "LessonError", "LessonLibrary", "Problem",
    "check_lesson", "load_all", "load_lesson", "validate", "GESTURES", "LEVELS", "STEP_KINDS",
    "TOPICS", "Choice", "DoneStep", "DoubleTap", "DragDrop", "ExplainStep", "Gesture", "Lesson",
    "Pinch", "PracticeStep", "PressHold", "QuizStep", "Scroll", "Step", "Swipe", "Tap", "Type",
    "gesture_labels", "speech_text",
]
