"""What a lesson is: frozen dataclasses for a lesson, its steps and the practice gestures.

The model holds the English source text exactly as written in ``lesson.toml``; every string is a
gettext message id and is translated where it is shown (``_(step.text)``), so a language switch
mid-lesson re-reads the catalogs without reloading anything. :meth:`Step.speech_text` gives the
words the *Read to me* button speaks, already translated.

The format itself is documented for lesson writers in ``lessons/README.md``; the loader
(:mod:`kiosk.lessons.loader`) turns a file into these objects or says precisely what is wrong.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Union

from kiosk import i18n
from kiosk.config import PROFILES
from kiosk.i18n import N_
from kiosk.lessons.mastery import MasteryRule

TOPICS: dict[str, str] = {
    "basics": N_("Basics"),
    "internet": N_("Internet"),
    "communication": N_("Keeping in touch"),
    "safety": N_("Staying safe"),
    "city": N_("City services"),
    "ev": N_("Electric cars"),
}
LEVELS: dict[str, str] = {"beginner": N_("Beginner"), "intermediate": N_("Intermediate")}

DEFAULT_ORDER = 1000
DEFAULT_HOLD_SECONDS = 1.5
DEFAULT_SCROLL_ITEM = N_("the star")


def _tr(message: str, language: str | None) -> str:
    """``message`` in ``language`` (or the current language when None)."""
    if not message:
        return message
    return i18n.translate_in(language, message) if language else i18n._(message)


# -- gestures -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tap:
    """Touch the target once."""
    kind: ClassVar[str] = "tap"
    target: str | None = None


@dataclass(frozen=True)
class DoubleTap:
    """Tap the target twice quickly."""
    kind: ClassVar[str] = "double_tap"
    target: str | None = None


@dataclass(frozen=True)
class PressHold:
    """Keep a finger on the target for ``hold_seconds``."""
    kind: ClassVar[str] = "press_hold"
    target: str | None = None
    hold_seconds: float = DEFAULT_HOLD_SECONDS


@dataclass(frozen=True)
class DragDrop:
    """Drag ``item`` into ``destination``; each may have a picture (an SVG or PNG file in the
    lesson folder) so "the apple" is an apple and "the basket" a basket."""
    kind: ClassVar[str] = "drag_drop"
    item: str | None = None
    destination: str | None = None
    item_picture: str | None = None
    destination_picture: str | None = None


@dataclass(frozen=True)
class Swipe:
    """Slide a finger across the screen towards ``direction`` (left, right, up, down)."""
    kind: ClassVar[str] = "swipe"
    direction: str = "left"


@dataclass(frozen=True)
class Scroll:
    """Scroll a list until ``item`` shows."""
    kind: ClassVar[str] = "scroll"
    item: str = DEFAULT_SCROLL_ITEM


@dataclass(frozen=True)
class Type:
    """Type ``expected`` on the on-screen keyboard."""
    kind: ClassVar[str] = "type"
    expected: str = ""


@dataclass(frozen=True)
class Pinch:
    """Pinch two fingers apart (``zoom = "in"``) or together (``"out"``) on ``picture`` (a file
    in the lesson folder; without one the pad shows a line of small print)."""
    kind: ClassVar[str] = "pinch"
    zoom: str = "in"
    picture: str | None = None


Gesture = Union[Tap, DoubleTap, PressHold, DragDrop, Swipe, Scroll, Type, Pinch]
GESTURES: dict[str, type] = {g.kind: g for g in (Tap, DoubleTap, PressHold, DragDrop, Swipe,
                                                 Scroll, Type, Pinch)}
SWIPE_DIRECTIONS = ("left", "right", "up", "down")
ZOOMS = ("in", "out")


def gesture_labels(gesture: Gesture) -> dict[str, str]:
    """The on-screen labels a practice pad shows for ``gesture`` (field name → message id)."""
    names = ("target", "item", "destination")
    return {n: getattr(gesture, n) for n in names if getattr(gesture, n, None)}


# -- steps ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Choice:
    """One answer of a quiz; ``feedback`` is shown when the learner picks it."""
    text: str
    correct: bool = False
    feedback: str | None = None


@dataclass(frozen=True)
class ExplainStep:
    kind: ClassVar[str] = "explain"
    text: str
    title: str | None = None
    image: str | None = None

    def speech_text(self, language: str | None = None) -> str:
        return _join(self.title, self.text, language=language)


@dataclass(frozen=True)
class PracticeStep:
    kind: ClassVar[str] = "practice"
    gesture: Gesture
    text: str
    success: str
    hint: str
    title: str | None = None
    image: str | None = None

    def speech_text(self, language: str | None = None) -> str:
        return _join(self.title, self.text, language=language)


@dataclass(frozen=True)
class QuizStep:
    kind: ClassVar[str] = "quiz"
    question: str
    choices: tuple[Choice, ...]
    explanation: str | None = None
    title: str | None = None
    image: str | None = None

    @property
    def correct_index(self) -> int:
        return next(i for i, c in enumerate(self.choices) if c.correct)

    def speech_text(self, language: str | None = None) -> str:
        return _join(self.title, self.question, *(c.text for c in self.choices), language=language)


@dataclass(frozen=True)
class DoneStep:
    kind: ClassVar[str] = "done"
    text: str
    learned: tuple[str, ...]
    title: str | None = None
    image: ClassVar[None] = None

    def speech_text(self, language: str | None = None) -> str:
        return _join(self.title, self.text, *self.learned, language=language)


Step = Union[ExplainStep, PracticeStep, QuizStep, DoneStep]
STEP_KINDS: dict[str, type] = {s.kind: s for s in (ExplainStep, PracticeStep, QuizStep, DoneStep)}


def _join(*parts: str | None, language: str | None) -> str:
    """Translated parts, one per line, each ending in a full stop so speech pauses between them."""
    lines = []
    for part in parts:
        if not part:
            continue
        text = _tr(part, language).strip()
        if text and text[-1] not in ".!?:;…。？！":
            text += "."
        lines.append(text)
    return "\n".join(lines)


def speech_text(step: Step, language: str | None = None) -> str:
    """The words *Read to me* speaks for ``step``, in ``language`` (default: the current one)."""
    return step.speech_text(language)


# -- lesson ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Lesson:
    """One lesson as loaded from ``folder/lesson.toml``."""
    id: str
    title: str
    summary: str
    topic: str
    level: str
    minutes: int
    order: int
    steps: tuple[Step, ...]
    folder: Path = field(compare=False)
    #: The kiosk profiles that offer this lesson (``profiles = ["library"]`` in ``lesson.toml``):
    #: "Using a mouse" has no place on the mouse-less street kiosk.
    profiles: tuple[str, ...] = PROFILES
    #: What "mastered" means for this lesson (:mod:`kiosk.lessons.mastery`); None: completed.
    mastery: MasteryRule | None = None

    @property
    def source(self) -> Path:
        return self.folder / "lesson.toml"

    @property
    def step_count(self) -> int:
        return len(self.steps)

    def image_path(self, step: Step | int) -> Path | None:
        """The picture file of ``step`` (a step or its 0-based index), or None when it has none."""
        if isinstance(step, int):
            step = self.steps[step]
        name = getattr(step, "image", None)
        return self.folder / name if name else None

    def offered_on(self, profile: str) -> bool:
        """Whether a kiosk of ``profile`` (street, library) offers this lesson."""
        return profile in self.profiles

    def topic_title(self) -> str:
        """The topic's name in the current language."""
        return i18n._(TOPICS.get(self.topic, self.topic))

    def level_title(self) -> str:
        return i18n._(LEVELS.get(self.level, self.level))
