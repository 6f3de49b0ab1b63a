"""Reading fields out of a ``lesson.toml`` table while collecting every problem: the
:class:`Checker` the schema rules (:mod:`kiosk.lessons.schema`) use, and the small text helpers
their messages share (quoting a value, naming its TOML type)."""
from __future__ import annotations

import datetime as _dt
import difflib
from pathlib import Path
from typing import Any, Callable

from kiosk.lessons.limits import LIMITS, Limits, image_problem

IMAGE_SUFFIXES = (".svg", ".png")


def normalize_text(value: str) -> str:
    """Lesson text as the kiosk uses it (and as the catalogs must hold it): trimmed at both ends.

    The Babel extractor applies the same function, so ``_(step.text)`` finds its translation.
    """
    return value.strip()


def quoted(value: Any, limit: int = 40) -> str:
    """A value from the file, quoted for a one-line message: ``'tripletap'``, controls escaped."""
    text = str(value)
    text = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return f"'{text}'"


def type_name(value: Any) -> str:
    """How a lesson writer would call the TOML type of ``value``."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, (_dt.date, _dt.time, _dt.datetime)):
        return "a date/time"
    return type(value).__name__


class Checker:
    """Collects problems for one file while reading fields out of TOML tables."""

    def __init__(self, shown: str, folder: Path, limits: Limits = LIMITS) -> None:
        self.shown = shown
        self.folder = folder
        self.limits = limits
        self.problems: list = []

    def add(self, place: str, message: str) -> None:
        from kiosk.lessons.loader import Problem
        self.problems.append(Problem(self.shown, place, message))

    def unknown(self, table: dict, allowed: tuple[str, ...], place: str,
                explain: Callable[[str], str | None] | None = None) -> None:
        for key in table:
            if key in allowed:
                continue
            reason = explain(key) if explain else None
            if reason == "":
                continue
            if reason is None:
                close = difflib.get_close_matches(key, allowed, n=1)
                reason = f"unknown field {quoted(key)}" + (f" (did you mean '{close[0]}'?)" if close else "")
            self.add(place, reason)

    def text(self, table: dict, key: str, place: str, required: bool = True,
             one_line: bool = False) -> str | None:
        if key not in table:
            if required:
                self.add(place, f"missing field '{key}'")
            return None
        value = table[key]
        if not isinstance(value, str):
            self.add(place, f"'{key}' must be text, not {type_name(value)}")
            return None
        if not value.strip():
            self.add(place, f"'{key}' must not be empty")
            return None
        if len(value) > self.limits.text_chars:
            self.add(place, f"'{key}' is {len(value):,} characters; the limit is "
                            f"{self.limits.text_chars:,}")
            return None
        if one_line and "\n" in value.strip():
            self.add(place, f"'{key}' must be one line")
            return None
        return normalize_text(value)

    def choice(self, table: dict, key: str, place: str, allowed: tuple[str, ...] | dict,
               required: bool = True) -> str | None:
        value = self.text(table, key, place, required)
        if value is not None and value not in allowed:
            self.add(place, f"{key} {quoted(value)} is not one of {', '.join(allowed)}")
            return None
        return value

    def number(self, table: dict, key: str, place: str, low: float, high: float,
               whole: bool, required: bool = True) -> float | int | None:
        if key not in table:
            if required:
                self.add(place, f"missing field '{key}'")
            return None
        value = table[key]
        kinds = (int,) if whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds):
            wanted = "a whole number" if whole else "a number"
            self.add(place, f"'{key}' must be {wanted}, not {type_name(value)}")
            return None
        if not low <= value <= high:
            self.add(place, f"'{key}' must be between {low:g} and {high:g} (it is {value:g})")
            return None
        return value

    def image(self, table: dict, place: str, key: str = "image") -> str | None:
        name = self.text(table, key, place, required=False)
        if name is None:
            return None
        if "/" in name or "\\" in name or name in (".", ".."):
            self.add(place, f"image {quoted(name)} must be a file name in the lesson folder, not a path")
            return None
        if not name.lower().endswith(IMAGE_SUFFIXES):
            self.add(place, f"image {quoted(name)} must be an SVG or PNG file")
            return None
        if not (self.folder / name).is_file():
            self.add(place, f"image {quoted(name)} not found in the lesson folder")
            return None
        problem = image_problem(self.folder / name, self.limits)
        if problem:
            self.add(place, f"image {quoted(name)} {problem}")
            return None
        return name
