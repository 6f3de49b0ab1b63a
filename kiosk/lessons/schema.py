"""The rules of ``lesson.toml`` (see ``lessons/README.md``): parsed TOML → :class:`Lesson` + problems.

Every check adds a :class:`~kiosk.lessons.loader.Problem` and carries on, so a lesson writer sees
all mistakes of a file in one run. A lesson object is built only when nothing is wrong.
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from kiosk.config import PROFILES
from kiosk.lessons import model
from kiosk.lessons.mastery import check_mastery
from kiosk.lessons.model import (GESTURES, LEVELS, STEP_KINDS, SWIPE_DIRECTIONS, TOPICS, ZOOMS,
                                 Choice, DoneStep, ExplainStep, Lesson, PracticeStep, QuizStep)
from kiosk.lessons.limits import LIMITS, Limits  # noqa: I001 - kept apart for merges
# The field readers live next door; normalize_text, quoted and type_name stay importable from here.
from kiosk.lessons.schema_checker import (Checker, normalize_text,  # noqa: F401
                                          quoted, type_name)

MIN_STEPS, MAX_STEPS = 6, 15
MIN_CHOICES, MAX_CHOICES = 2, 5
MIN_LEARNED, MAX_LEARNED = 1, 6
MIN_MINUTES, MAX_MINUTES = 1, 60
MIN_HOLD, MAX_HOLD = 0.5, 5.0
MAX_EXPECTED = 40
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

LESSON_FIELDS = ("id", "title", "summary", "topic", "level", "minutes", "order", "profiles", "steps",
                 "mastery")
STEP_FIELDS = {
    "explain": ("kind", "text", "title", "image"),
    "practice": ("kind", "gesture", "text", "success", "hint", "title", "image"),
    "quiz": ("kind", "question", "choices", "explanation", "title", "image"),
    "done": ("kind", "text", "learned", "title"),
}
GESTURE_FIELDS = {name: tuple(f.name for f in dataclasses.fields(cls))
                  for name, cls in GESTURES.items()}
REQUIRED_GESTURE_FIELDS = {"swipe": ("direction",), "type": ("expected",), "pinch": ("zoom",)}
ALL_GESTURE_FIELDS = {f for names in GESTURE_FIELDS.values() for f in names}
CHOICE_FIELDS = ("text", "correct", "feedback")


def build_lesson(data: dict, folder: Path, shown: str,
                 limits: Limits = LIMITS) -> tuple[Lesson | None, list]:
    """Check parsed TOML ``data`` of the lesson in ``folder``; build the lesson if it is valid."""
    c = Checker(shown, folder, limits)
    c.unknown(data, LESSON_FIELDS, "")
    lesson_id = c.text(data, "id", "")
    if lesson_id is not None:
        if not ID_PATTERN.fullmatch(lesson_id):
            c.add("id", f"{quoted(lesson_id)} must use only lowercase letters, digits and '-'")
        elif lesson_id != folder.name:
            c.add("id", f"{quoted(lesson_id)} does not match the folder name {quoted(folder.name)}")
    title = c.text(data, "title", "", one_line=True)
    summary = c.text(data, "summary", "", one_line=True)
    topic = c.choice(data, "topic", "", TOPICS)
    level = c.choice(data, "level", "", LEVELS)
    minutes = c.number(data, "minutes", "", MIN_MINUTES, MAX_MINUTES, whole=True)
    order = c.number(data, "order", "", -10**6, 10**6, whole=True, required=False)
    profiles = _profiles(c, data)
    steps = _steps(c, data)
    kinds = [getattr(step, "kind", "") for step in steps]
    mastery = check_mastery(data.get("mastery"), c.add, kinds.count("quiz"), kinds.count("practice"))
    if c.problems:
        return None, c.problems
    lesson = Lesson(id=lesson_id, title=title, summary=summary, topic=topic, level=level,
                    minutes=int(minutes), order=model.DEFAULT_ORDER if order is None else int(order),
                    steps=tuple(steps), folder=folder, profiles=profiles, mastery=mastery)
    return lesson, []


def _profiles(c: Checker, data: dict) -> tuple[str, ...]:
    """``profiles = ["library"]``: where the lesson is offered (every profile when left out)."""
    if "profiles" not in data:
        return PROFILES
    raw = data["profiles"]
    if not isinstance(raw, list):
        c.add("profiles", f"must be a list such as [\"library\"], not {type_name(raw)}")
        return PROFILES
    if not raw:
        c.add("profiles", f"must name at least one of {', '.join(PROFILES)} (or leave it out)")
        return PROFILES
    found: list[str] = []
    for value in raw:
        if not isinstance(value, str):
            c.add("profiles", f"each profile must be text, not {type_name(value)}")
        elif value not in PROFILES:
            c.add("profiles", f"{quoted(value)} is not one of {', '.join(PROFILES)}")
        elif value in found:
            c.add("profiles", f"{quoted(value)} is listed twice")
        else:
            found.append(value)
    return tuple(p for p in PROFILES if p in found) or PROFILES


def _steps(c: Checker, data: dict) -> list:
    if "steps" not in data:
        c.add("", "missing field 'steps' (add [[steps]] tables)")
        return []
    raw = data["steps"]
    if not isinstance(raw, list):
        c.add("steps", f"must be a list of [[steps]] tables, not {type_name(raw)}")
        return []
    if not MIN_STEPS <= len(raw) <= MAX_STEPS:
        c.add("steps", f"a lesson needs {MIN_STEPS} to {MAX_STEPS} steps (it has {len(raw)})")
    steps = []
    for number, table in enumerate(raw, start=1):
        last = number == len(raw)
        step = _step(c, table, number, last)
        if step is not None:
            steps.append(step)
    return steps


def _step(c: Checker, table: Any, number: int, last: bool) -> Any:
    if not isinstance(table, dict):
        c.add(f"step {number}", f"must be a [[steps]] table, not {type_name(table)}")
        return None
    kind = table.get("kind")
    if "kind" not in table:
        c.add(f"step {number}", "missing field 'kind'")
        return None
    if not isinstance(kind, str):
        c.add(f"step {number}", f"'kind' must be text, not {type_name(kind)}")
        return None
    if kind not in STEP_KINDS:
        c.add(f"step {number}", f"unknown step kind {quoted(kind)} (use {', '.join(STEP_KINDS)})")
        return None
    place = f"step {number} ({kind})"
    before = len(c.problems)
    if last and kind != "done":
        c.add(place, "the last step must be a 'done' step")
    elif kind == "done" and not last:
        c.add(place, "only the last step may be a 'done' step")
    step = _BUILDERS[kind](c, table, place)
    allowed = STEP_FIELDS[kind]
    if kind == "practice":
        gesture_name = table.get("gesture")
        allowed = allowed + GESTURE_FIELDS.get(gesture_name, ()) if isinstance(gesture_name, str) \
            else allowed
        c.unknown(table, allowed, place, lambda key: _foreign_field(key, gesture_name))
    else:
        c.unknown(table, allowed, place)
    return step if len(c.problems) == before else None


def _foreign_field(key: str, gesture: Any) -> str | None:
    """Say a gesture field belongs to another gesture; stay quiet when the gesture is unknown."""
    if key not in ALL_GESTURE_FIELDS:
        return None
    if isinstance(gesture, str) and gesture in GESTURES:
        return f"field {quoted(key)} is not used by gesture '{gesture}'"
    return ""


def _explain(c: Checker, t: dict, place: str) -> Any:
    text = c.text(t, "text", place)
    title = c.text(t, "title", place, required=False, one_line=True)
    image = c.image(t, place)
    return ExplainStep(text=text, title=title, image=image)


def _practice(c: Checker, t: dict, place: str) -> Any:
    gesture = _gesture(c, t, place)
    text = c.text(t, "text", place)
    success = c.text(t, "success", place)
    hint = c.text(t, "hint", place)
    title = c.text(t, "title", place, required=False, one_line=True)
    image = c.image(t, place)
    return PracticeStep(gesture=gesture, text=text, success=success, hint=hint, title=title,
                        image=image)


def _gesture(c: Checker, t: dict, place: str) -> Any:
    if "gesture" not in t:
        c.add(place, "missing field 'gesture'")
        return None
    name = t["gesture"]
    if not isinstance(name, str):
        c.add(place, f"'gesture' must be text, not {type_name(name)}")
        return None
    if name not in GESTURES:
        c.add(place, f"unknown gesture {quoted(name)}")
        return None
    values: dict[str, Any] = {}
    required = REQUIRED_GESTURE_FIELDS.get(name, ())
    for key in GESTURE_FIELDS[name]:
        if key == "direction":
            value = c.choice(t, key, place, SWIPE_DIRECTIONS, key in required)
        elif key == "zoom":
            value = c.choice(t, key, place, ZOOMS, key in required)
        elif key == "hold_seconds":
            value = c.number(t, key, place, MIN_HOLD, MAX_HOLD, whole=False, required=False)
            value = float(value) if value is not None else None
        elif key.endswith("picture"):
            value = c.image(t, place, key)
        elif key == "expected":
            value = c.text(t, key, place, key in required, one_line=True)
            if value is not None and len(value) > MAX_EXPECTED:
                c.add(place, f"'expected' must be 1 to {MAX_EXPECTED} characters "
                             f"(it has {len(value)})")
                value = None
        else:
            value = c.text(t, key, place, key in required, one_line=True)
        if value is not None:
            values[key] = value
    return GESTURES[name](**values)


def _quiz(c: Checker, t: dict, place: str) -> Any:
    question = c.text(t, "question", place)
    explanation = c.text(t, "explanation", place, required=False)
    title = c.text(t, "title", place, required=False, one_line=True)
    image = c.image(t, place)
    choices = _choices(c, t, place)
    return QuizStep(question=question, choices=choices, explanation=explanation, title=title,
                    image=image)


def _choices(c: Checker, t: dict, place: str) -> tuple[Choice, ...]:
    if "choices" not in t:
        c.add(place, "missing field 'choices' (add [[steps.choices]] tables)")
        return ()
    raw = t["choices"]
    if not isinstance(raw, list):
        c.add(place, f"'choices' must be a list of [[steps.choices]] tables, not {type_name(raw)}")
        return ()
    if not MIN_CHOICES <= len(raw) <= MAX_CHOICES:
        c.add(place, f"a quiz needs {MIN_CHOICES} to {MAX_CHOICES} choices (it has {len(raw)})")
    choices = []
    for number, item in enumerate(raw, start=1):
        where = f"{place}, choice {number}"
        if not isinstance(item, dict):
            c.add(where, f"must be a [[steps.choices]] table, not {type_name(item)}")
            continue
        c.unknown(item, CHOICE_FIELDS, where)
        text = c.text(item, "text", where)
        feedback = c.text(item, "feedback", where, required=False)
        correct = item.get("correct", False)
        if not isinstance(correct, bool):
            c.add(where, f"'correct' must be true or false, not {type_name(correct)}")
            correct = False
        choices.append(Choice(text=text, correct=correct, feedback=feedback))
    right = sum(1 for ch in choices if ch.correct)
    if choices and right != 1:
        c.add(place, f"a quiz needs exactly one choice with correct = true (it has {right})")
    return tuple(choices)


def _done(c: Checker, t: dict, place: str) -> Any:
    text = c.text(t, "text", place)
    title = c.text(t, "title", place, required=False, one_line=True)
    learned: list[str] = []
    if "learned" not in t:
        c.add(place, "missing field 'learned'")
    elif not isinstance(t["learned"], list):
        c.add(place, f"'learned' must be a list of short lines, not {type_name(t['learned'])}")
    else:
        raw = t["learned"]
        if not MIN_LEARNED <= len(raw) <= MAX_LEARNED:
            c.add(place, f"'learned' needs {MIN_LEARNED} to {MAX_LEARNED} lines (it has {len(raw)})")
        for number, line in enumerate(raw, start=1):
            if not isinstance(line, str):
                c.add(place, f"'learned' line {number} must be text, not {type_name(line)}")
            elif not line.strip():
                c.add(place, f"'learned' line {number} must not be empty")
            else:
                learned.append(normalize_text(line))
    return DoneStep(text=text, learned=tuple(learned), title=title)


_BUILDERS = {"explain": _explain, "practice": _practice, "quiz": _quiz, "done": _done}
