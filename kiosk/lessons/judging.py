"""Judging practice gestures: did what a practice pad reported do what the step asks?

Pure functions over the gesture model; the try-again messages are specific and warm ("That was one
tap. Tap twice, quickly.") and marked for translation. Used by :class:`kiosk.lessons.engine.LessonRun`.
"""
from __future__ import annotations

import unicodedata
from typing import Any, Callable, Mapping

from kiosk import i18n
from kiosk.i18n import N_
from kiosk.lessons.model import Gesture

TRY_AGAIN = N_("Not quite — try again.")
TAP_ON_TARGET = N_("Almost — tap right on {target}.")
TAP_ONCE = N_("That was two taps. This time, tap just once and lift your finger.")
TAP_TWICE = N_("That was one tap. Tap twice, quickly.")
HOLD_LONGER = N_("Keep your finger down a little longer.")
DROP_ON_DESTINATION = N_("Almost — keep your finger down until it is over {destination}.")
KEEP_SCROLLING = N_("Keep going — slide the list until you see {item}.")
TYPE_AGAIN = N_("Not quite. Check each letter and try again.")
SWIPE_AGAIN = {
    "left": N_("Almost! Slide your finger to the left."),
    "right": N_("Almost! Slide your finger to the right."),
    "up": N_("Almost! Slide your finger up."),
    "down": N_("Almost! Slide your finger down."),
}
PINCH_AGAIN = {
    "in": N_("Almost! Move your two fingers apart to make it bigger."),
    "out": N_("Almost! Move your two fingers together to make it smaller."),
}
DEFAULT_TARGET = N_("the button")
DEFAULT_DESTINATION = N_("the box")

Verdict = tuple[bool, str, tuple[tuple[str, str], ...]]


def normalize_typed(text: str) -> str:
    """Typed text compared the forgiving way: any case, any run of spaces, Unicode-normalised,
    a full stop or other end-of-sentence mark at the end ignored."""
    folded = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    return folded.rstrip(".!?。！？").rstrip()


def judge(gesture: Gesture, kind: str, details: Mapping[str, Any]) -> Verdict:
    """Did the reported gesture ``kind`` (with ``details``) do what ``gesture`` asks?

    Returns ``(success, try-again message id, message params)``. Details a pad may send:
    ``on_target`` (tap, double_tap, press_hold, drag_drop), ``seconds`` (press_hold),
    ``direction`` (swipe), ``found`` (scroll), ``text`` (type), ``zoom`` or ``scale`` (pinch).
    """
    return _JUDGES[gesture.kind](gesture, kind, details)


def _target(gesture: Gesture) -> tuple[tuple[str, str], ...]:
    return (("target", getattr(gesture, "target", None) or DEFAULT_TARGET),)


def _judge_tap(g: Gesture, kind: str, d: Mapping[str, Any]) -> Verdict:
    if kind == "tap":
        return (True, "", ()) if d.get("on_target", True) else (False, TAP_ON_TARGET, _target(g))
    return False, TAP_ONCE if kind == "double_tap" else TRY_AGAIN, ()


def _judge_double_tap(g: Gesture, kind: str, d: Mapping[str, Any]) -> Verdict:
    if kind == "double_tap":
        return (True, "", ()) if d.get("on_target", True) else (False, TAP_ON_TARGET, _target(g))
    return False, TAP_TWICE if kind == "tap" else TRY_AGAIN, ()


def _judge_press_hold(g: Gesture, kind: str, d: Mapping[str, Any]) -> Verdict:
    if kind in ("press_hold", "tap"):
        if not d.get("on_target", True):
            return False, TAP_ON_TARGET, _target(g)
        seconds = _number(d.get("seconds"), g.hold_seconds if kind == "press_hold" else 0.0)
        return (True, "", ()) if seconds >= g.hold_seconds else (False, HOLD_LONGER, ())
    return False, TRY_AGAIN, ()


def _judge_drag_drop(g: Gesture, kind: str, d: Mapping[str, Any]) -> Verdict:
    if kind == "drag_drop" and d.get("on_target", True):
        return True, "", ()
    return False, DROP_ON_DESTINATION, (("destination", g.destination or DEFAULT_DESTINATION),)


def _judge_swipe(g: Gesture, kind: str, d: Mapping[str, Any]) -> Verdict:
    if kind == "swipe" and d.get("direction") == g.direction:
        return True, "", ()
    return False, SWIPE_AGAIN[g.direction], ()


def _judge_scroll(g: Gesture, kind: str, d: Mapping[str, Any]) -> Verdict:
    if kind == "scroll" and d.get("found", True):
        return True, "", ()
    return False, KEEP_SCROLLING, (("item", g.item),)


def _judge_type(g: Gesture, kind: str, d: Mapping[str, Any]) -> Verdict:
    typed = d.get("text")
    if kind == "type" and isinstance(typed, str):
        wanted = {normalize_typed(g.expected), normalize_typed(i18n._(g.expected))}
        if normalize_typed(typed) in wanted:
            return True, "", ()
    return False, TYPE_AGAIN, ()


def _judge_pinch(g: Gesture, kind: str, d: Mapping[str, Any]) -> Verdict:
    if kind == "pinch":
        zoom = d.get("zoom")
        scale = _number(d.get("scale"), 1.0)
        if zoom is None and scale != 1.0:
            zoom = "in" if scale > 1.0 else "out"
        if zoom == g.zoom:
            return True, "", ()
    return False, PINCH_AGAIN[g.zoom], ()


def _number(value: Any, default: float) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return default


_JUDGES: dict[str, Callable[[Gesture, str, Mapping[str, Any]], Verdict]] = {
    "tap": _judge_tap, "double_tap": _judge_double_tap, "press_hold": _judge_press_hold,
    "drag_drop": _judge_drag_drop, "swipe": _judge_swipe, "scroll": _judge_scroll,
    "type": _judge_type, "pinch": _judge_pinch,
}
