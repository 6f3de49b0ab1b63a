"""Babel extractor for ``lesson.toml``: puts every piece of lesson text into ``kiosk.pot``.

Registered as the ``kiosk_lessons`` extraction method (``babel.extractors`` entry point), so a
Babel mapping line such as ``[kiosk_lessons: lessons/**/lesson.toml]`` makes ``pybabel extract``
collect lesson titles, summaries, step text, questions, choices, feedback, hints, practice labels
and "what you learned" lines next to the UI strings. Each message carries its line number and a
translator comment naming the lesson, the step and the field, so translators see the context.

The extractor reads files as they are, even ones the validator would reject, and never raises:
a file that is not TOML at all is logged and yields nothing. Text is trimmed exactly as the
loader trims it (:func:`kiosk.lessons.schema.normalize_text`), so ``_(step.text)`` finds it.
"""
from __future__ import annotations

import logging
import re
import tomllib
from typing import Any, BinaryIO, Collection, Iterator, Mapping

from kiosk.lessons.schema import normalize_text

logger = logging.getLogger(__name__)

Message = tuple[int, None, str, list[str]]

STEP_FIELDS = ("title", "text", "question", "explanation", "success", "hint", "target", "item",
               "destination", "expected")
FIELD_NOTES = {
    "expected": "the exact text the learner types on the on-screen keyboard; keep it short and "
                "easy to type (the English text is accepted too)",
    "target": "label on the practice button",
    "item": "label of the thing the learner drags or looks for",
    "destination": "label of the place the learner drags to",
}

_TABLE = re.compile(r"^\s*\[\[\s*steps\s*\]\]")
_CHOICE_TABLE = re.compile(r"^\s*\[\[\s*steps\s*\.\s*choices\s*\]\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


class _Lines:
    """Where each key of each ``[[steps]]`` / ``[[steps.choices]]`` table is written in the file."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.keys: dict[tuple[int, int, str], int] = {}
        self.steps: dict[int, int] = {}
        step, choice, in_string = -1, -1, False
        for number, line in enumerate(self.lines, start=1):
            quotes = line.count('"""') + line.count("'''")
            if not in_string:
                if _CHOICE_TABLE.match(line):
                    choice += 1
                elif _TABLE.match(line):
                    step, choice = step + 1, -1
                    self.steps[step] = number
                else:
                    match = _KEY.match(line)
                    if match:
                        self.keys.setdefault((step, choice, match.group(1)), number)
            if quotes % 2:
                in_string = not in_string

    def key(self, step: int, choice: int, name: str) -> int:
        return self.keys.get((step, choice, name)) or self.keys.get((step, -1, name)) \
            or self.steps.get(step) or 1

    def find(self, start: int, value: str) -> int:
        """The first line from ``start`` showing the start of ``value`` (else ``start``)."""
        probe = value.splitlines()[0].strip()[:30] if value.strip() else ""
        if probe:
            for number in range(max(start, 1), len(self.lines) + 1):
                if probe in self.lines[number - 1]:
                    return number
        return start


def extract_lessons(fileobj: BinaryIO, keywords: Collection[str], comment_tags: Collection[str],
                    options: Mapping[str, Any]) -> Iterator[Message]:
    """Yield ``(lineno, None, message, [translator comment])`` for every text of a lesson file."""
    name = getattr(fileobj, "name", "lesson.toml")
    try:
        text = fileobj.read().decode("utf-8-sig")
        data = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError, ValueError) as exc:
        logger.warning("%s: not extracted, not a readable lesson file (%s)", name, exc)
        return
    yield from _messages(data, _Lines(text), _lesson_name(data, str(name)))


def _lesson_name(data: Mapping[str, Any], file_name: str) -> str:
    lesson_id = data.get("id")
    if isinstance(lesson_id, str) and lesson_id.strip():
        return lesson_id.strip()
    parts = re.split(r"[\\/]", file_name)
    return parts[-2] if len(parts) > 1 else file_name


def _messages(data: Mapping[str, Any], lines: _Lines, lesson: str) -> Iterator[Message]:
    for key in ("title", "summary"):
        yield from _one(data.get(key), lines.key(-1, -1, key), f"lesson {lesson}: {key}")
    steps = data.get("steps")
    if not isinstance(steps, list):
        return
    for index, step in enumerate(steps):
        if isinstance(step, Mapping):
            yield from _step(step, index, lines, lesson)


def _step(step: Mapping[str, Any], index: int, lines: _Lines, lesson: str) -> Iterator[Message]:
    kind = step.get("kind") if isinstance(step.get("kind"), str) else "?"
    place = f"lesson {lesson}, step {index + 1} ({kind})"
    for key in STEP_FIELDS:
        note = f"{place}: {key}" + (f" — {FIELD_NOTES[key]}" if key in FIELD_NOTES else "")
        yield from _one(step.get(key), lines.key(index, -1, key), note)
    choices = step.get("choices")
    if isinstance(choices, list):
        start = lines.key(index, -1, "choices")
        for number, choice in enumerate(choices):
            if not isinstance(choice, Mapping):
                continue
            right = " (the right answer)" if choice.get("correct") is True else ""
            for key, label in (("text", "choice"), ("feedback", "feedback on choice")):
                line = lines.keys.get((index, number, key)) or _find(lines, start, choice.get(key))
                yield from _one(choice.get(key), line, f"{place}: {label} {number + 1}{right}")
    learned = step.get("learned")
    if isinstance(learned, list):
        start = lines.key(index, -1, "learned")
        for number, item in enumerate(learned):
            yield from _one(item, _find(lines, start, item),
                            f"{place}: what you learned, line {number + 1}")


def _find(lines: _Lines, start: int, value: Any) -> int:
    return lines.find(start, value) if isinstance(value, str) else start


def _one(value: Any, line: int, comment: str) -> Iterator[Message]:
    if isinstance(value, str):
        text = normalize_text(value)
        if text:
            yield line, None, text, [comment]
