"""Practice pads: safe pretend spaces where a learner tries each touchscreen gesture.

A pad only turns real input (mouse, touch, wheel, keys) into a gesture report — ``attempted(kind,
details)`` — which the lesson player hands to :meth:`kiosk.lessons.LessonRun.report_gesture`. The
engine judges it and chooses the feedback; a pad never decides success itself (the typing pad
only notices early that the text already matches, so nobody has to find Enter).

Every pad has :meth:`PracticePad.perform` to report a gesture directly (tests, demos) and shows the
lesson's own labels (``target``, ``item``, ``destination``), translated when shown.

==============  ==================================================================================
tap             a big target button; a tap beside it counts as off target
double_tap      two taps within the system double-click time (a lone tap is reported as a tap)
press_hold      the press is timed with QElapsedTimer; the button fills up while held
drag_drop       press the item, move, release over the box; or tap the item, then tap the box
swipe           direction of the press→release line, at least ``SWIPE_MIN`` px long
scroll          a list (drag it or use the wheel); success when the starred line is in view
type            the on-screen keyboard (or a real one) and a big line showing the text
pinch           two-finger touch, touchpad pinch or Ctrl+wheel; and big + / − buttons (WCAG 2.5.7)
==============  ==================================================================================
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QWidget

from kiosk.lessons import Gesture
from ui.widgets.practice_base import (DEFAULT_LABELS, DRAG_MIN, PINCH_IN, PINCH_OUT, SCROLL_LINES,
                                      SCROLL_TARGET_LINE, SWIPE_MIN, PracticePad)
from ui.widgets.practice_move import DragDropPad, ScrollPad, SwipePad, swipe_direction
from ui.widgets.practice_target import DoubleTapPad, PressHoldPad, TapPad
from ui.widgets.practice_type_pinch import PinchPad, TypePad


PADS: dict[str, Callable[[Gesture], PracticePad]] = {
    pad.kind: pad for pad in (TapPad, DoubleTapPad, PressHoldPad, DragDropPad, SwipePad,
                              ScrollPad, TypePad, PinchPad)
}


def make_pad(gesture: Gesture, parent: QWidget | None = None, *,
             folder: Path | None = None) -> PracticePad:
    """The practice pad for ``gesture`` (one for each of the eight gestures); ``folder`` is the
    lesson's, where the gesture's pictures are."""
    return PADS[gesture.kind](gesture, parent, folder=folder)


__all__ = ["DEFAULT_LABELS", "DRAG_MIN", "PADS", "PINCH_IN", "PINCH_OUT", "SCROLL_LINES",
           "SCROLL_TARGET_LINE", "SWIPE_MIN", "DoubleTapPad", "DragDropPad", "PinchPad",
           "PracticePad", "PressHoldPad", "ScrollPad", "SwipePad", "TapPad", "TypePad", "make_pad",
           "swipe_direction"]
