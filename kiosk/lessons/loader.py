"""Read lesson folders, check them against the format in ``lessons/README.md``, build the model.

Three entry points:

* :func:`check_lesson` — one folder → ``(Lesson or None, problems)``; collects *every* problem.
* :func:`load_lesson` — one folder → :class:`Lesson`, or :class:`LessonError` (a ContentError).
* :func:`validate` — any mix of lesson folders, ``lesson.toml`` files and folders of lessons →
  the list of :class:`Problem` (also duplicate ids across folders); ``kiosk lessons validate``.
* :func:`load_all` — the kiosk's start-up: every valid lesson of a folder, invalid ones skipped
  with one log line each; it never raises because of content.

Every lesson is held to :mod:`kiosk.lessons.limits` (file size, text length, image bytes and pixels,
read from headers): a hostile lesson is refused here, in a worker, before any screen draws it.

Each problem prints as one line a lesson writer can act on without reading code:
``lessons/<id>/lesson.toml: step 4 (practice): unknown gesture 'tripletap'``.
"""
from __future__ import annotations

import logging
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from kiosk import threadguard
from kiosk.errors import ContentError
from kiosk.lessons import schema
from kiosk.lessons.limits import LIMITS, Limits, size_text
from kiosk.lessons.model import DEFAULT_ORDER, Lesson

logger = logging.getLogger(__name__)

LESSON_FILE = "lesson.toml"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a lesson file: ``file: place: message`` (place may be empty)."""
    file: str
    place: str
    message: str

    def __str__(self) -> str:
        return ": ".join(p for p in (self.file, self.place, self.message) if p)

    def as_error(self) -> ContentError:
        return ContentError(self.file, self.place, self.message)


class LessonError(ContentError):
    """A lesson cannot be loaded; ``problems`` lists everything wrong, ``str()`` the first."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        super().__init__(first.file, first.place, first.message)
        self.problems = list(problems)


def display_path(path: Path) -> str:
    """``path`` relative to the current directory when it is inside it, else absolute."""
    path = Path(os.path.abspath(path))
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def lesson_file(path: str | Path) -> Path:
    """The ``lesson.toml`` for a lesson folder (or the file itself when given)."""
    path = Path(path)
    return path if path.name == LESSON_FILE or path.suffix == ".toml" else path / LESSON_FILE


# -- one lesson -----------------------------------------------------------------------------

def _read_toml(file: Path, shown: str,
               limits: Limits = LIMITS) -> tuple[dict[str, Any] | None, list[Problem]]:
    if file.exists() and not file.is_file() and not file.is_dir():
        return None, [Problem(shown, "", "is not a regular file")]  # a FIFO would block the read
    try:
        with open(file, "rb") as fh:
            # Never more than the limit in memory: a 10 MB lesson would stall the parser and the
            # screens that show it.
            raw = fh.read(limits.file_bytes + 1)
        if len(raw) > limits.file_bytes:
            return None, [Problem(shown, "", f"the file is {size_text(_size(file, len(raw)))}; the "
                                             f"limit for a lesson file is {size_text(limits.file_bytes)}")]
    except FileNotFoundError:
        return None, [Problem(shown, "", "file not found")]
    except IsADirectoryError:
        return None, [Problem(shown, "", "is a folder, not a lesson file")]
    except OSError as exc:
        return None, [Problem(shown, "", f"cannot be read ({exc.strerror or exc})")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        return None, [Problem(shown, f"line {line}", "not UTF-8 text (save the file as UTF-8)")]
    try:
        return tomllib.loads(text), []
    except tomllib.TOMLDecodeError as exc:
        return None, [_toml_problem(shown, str(exc))]
    except (RecursionError, ValueError) as exc:  # absurdly nested or odd input
        return None, [Problem(shown, "", f"not valid TOML: {type(exc).__name__}")]


_AT_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


def _size(file: Path, at_least: int) -> int:
    try:
        return max(file.stat().st_size, at_least)
    except OSError:
        return at_least


def _toml_problem(shown: str, message: str) -> Problem:
    match = _AT_LINE.search(message)
    if match:
        text = message[:match.start()]
        return Problem(shown, f"line {match.group(1)}",
                       f"not valid TOML: {text} (column {match.group(2)})")
    text = _AT_END.sub("", message)
    return Problem(shown, "end of file", f"not valid TOML: {text}")


def check_lesson(path: str | Path, limits: Limits = LIMITS) -> tuple[Lesson | None, list[Problem]]:
    """Read and check one lesson (its folder or its ``lesson.toml``).

    Returns the lesson and ``[]`` when it is valid, else ``None`` and every problem found.
    """
    file = lesson_file(path)
    shown = display_path(file)
    data, problems = _read_toml(file, shown, limits)
    if data is None:
        return None, problems
    return schema.build_lesson(data, Path(os.path.abspath(file.parent)), shown, limits)


def load_lesson(path: str | Path, limits: Limits = LIMITS) -> Lesson:
    """The lesson in ``path`` (a folder or its ``lesson.toml``); raises :class:`LessonError`."""
    lesson, problems = check_lesson(path, limits)
    if lesson is None:
        raise LessonError(problems)
    return lesson


# -- many lessons ---------------------------------------------------------------------------

def lesson_folders(folder: Path) -> list[Path]:
    """Sub-folders of a lessons folder that are meant to be lessons (hidden ones and caches skipped)."""
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    return [p for p in entries if p.is_dir() and not p.name.startswith((".", "_"))]


def _expand(path: Path) -> Iterator[Path]:
    """Lesson files named by ``path``: a file, a lesson folder, or a folder of lesson folders."""
    if path.is_dir() and not (path / LESSON_FILE).exists():
        subs = lesson_folders(path)
        if any((p / LESSON_FILE).exists() for p in subs):
            for sub in subs:
                yield sub / LESSON_FILE
            return
    yield lesson_file(path)


def validate(paths: Iterable[str | Path], limits: Limits = LIMITS) -> list[Problem]:
    """Every problem in the lessons named by ``paths`` (empty when all are valid).

    A path may be a lesson folder, a ``lesson.toml`` or a folder of lessons such as ``lessons/``.
    Besides each lesson's own problems, two lessons sharing an id are reported.
    """
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in paths:
        path = Path(path)
        if not path.exists():
            problems.append(Problem(display_path(path), "", "not found"))
            continue
        for file in _expand(path):
            lesson, found = _check_safely(file, limits)
            problems.extend(found)
            if lesson is not None:
                shown = display_path(file)
                if lesson.id in seen and seen[lesson.id] != shown:
                    problems.append(Problem(shown, "id",
                                            f"'{lesson.id}' is also the id of {seen[lesson.id]}"))
                seen.setdefault(lesson.id, shown)
    return problems


def _check_safely(file: Path, limits: Limits = LIMITS) -> tuple[Lesson | None, list[Problem]]:
    """:func:`check_lesson`, turning even an unforeseen failure into a problem line."""
    try:
        return check_lesson(file, limits)
    except Exception as exc:  # noqa: BLE001 - content must never take the kiosk down
        logger.exception("unexpected failure reading %s", file)
        return None, [Problem(display_path(file), "", f"cannot be read ({type(exc).__name__})")]


@dataclass(frozen=True)
class LessonLibrary:
    """Every valid lesson, in catalog order, and the problems of the folders that were skipped."""
    lessons: tuple[Lesson, ...] = ()
    problems: tuple[Problem, ...] = ()
    folder: Path | None = None
    _by_id: dict[str, Lesson] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id.update({lesson.id: lesson for lesson in self.lessons})

    def __iter__(self) -> Iterator[Lesson]:
        return iter(self.lessons)

    def __len__(self) -> int:
        return len(self.lessons)

    def __contains__(self, lesson_id: object) -> bool:
        return lesson_id in self._by_id

    def get(self, lesson_id: str) -> Lesson | None:
        return self._by_id.get(lesson_id)

    def by_topic(self) -> dict[str, list[Lesson]]:
        """Lessons grouped by topic, topics in the order their first lesson appears."""
        groups: dict[str, list[Lesson]] = {}
        for lesson in self.lessons:
            groups.setdefault(lesson.topic, []).append(lesson)
        return groups

    def health(self) -> dict[str, Any]:
        """A summary for the doctor/health report."""
        skipped = sorted({p.file for p in self.problems})
        return {"lessons": len(self.lessons), "skipped": skipped,
                "problems": [str(p) for p in self.problems]}


def sort_key(lesson: Lesson) -> tuple[int, str, str]:
    return (lesson.order if lesson.order is not None else DEFAULT_ORDER, lesson.title.casefold(),
            lesson.id)


def load_all(lessons_dir: str | Path, limits: Limits = LIMITS) -> LessonLibrary:
    """Load every valid lesson in ``lessons_dir``; log and skip the rest. Never raises on content."""
    threadguard.check("reading the lessons folder")  # the UI runs this through ctx.tasks
    folder = Path(lessons_dir)
    if not folder.is_dir():
        logger.warning("lessons folder %s not found; the catalog is empty", folder)
        return LessonLibrary((), (Problem(display_path(folder), "", "lessons folder not found"),),
                             folder)
    lessons: dict[str, Lesson] = {}
    problems: list[Problem] = []
    for sub in lesson_folders(folder):
        file = sub / LESSON_FILE
        lesson, found = _check_safely(file, limits)
        if lesson is not None and lesson.id in lessons:
            found = [Problem(display_path(file), "id",
                             f"'{lesson.id}' is also the id of {display_path(lessons[lesson.id].source)}")]
            lesson = None
        if lesson is None:
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            logger.warning("skipping lesson %s: %s%s", sub.name, found[0], more)
            problems.extend(found)
            continue
        lessons[lesson.id] = lesson
    ordered = tuple(sorted(lessons.values(), key=sort_key))
    logger.info("loaded %d lessons from %s (%d skipped)", len(ordered), folder,
                len({p.file for p in problems}))
    return LessonLibrary(ordered, tuple(problems), folder)
