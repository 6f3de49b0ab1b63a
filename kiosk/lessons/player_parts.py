"""The small pieces the lesson player's view model hands to its screen: what changed
(:class:`PlayerChange`), a control and why it does nothing yet (:class:`Control`, reason codes
and :func:`reason_text`), a quiz answer as shown (:class:`ChoiceView`). Qt-free; re-exported by
:mod:`kiosk.lessons.player`.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass

from kiosk import i18n
from kiosk.i18n import N_, _, ngettext
from kiosk.lessons.engine import MISSES_BEFORE_HINT

NOT_AVAILABLE = N_("Sorry, this lesson is not available right now. Tap Back to choose another one.")
LOADING_LESSON = N_("Getting the lesson ready…")

#: Why a control does nothing yet (codes; :func:`reason_text` gives the words).
FIRST_STEP, TRY_PRACTICE, ANSWER_FIRST = "first_step", "try_practice", "answer_first"


def reason_text(reason: str) -> str:
    """The words for a ``reason`` code in the current language ("" for none)."""
    if reason == FIRST_STEP:
        return _("This is the first step, so there is no step before it.")
    if reason == TRY_PRACTICE:
        return ngettext("Try the practice above first. After {n} try, you can skip it.",
                        "Try the practice above first. After {n} tries, you can skip it.",
                        MISSES_BEFORE_HINT).format(n=i18n.format_number(MISSES_BEFORE_HINT))
    if reason == ANSWER_FIRST:
        return _("Choose an answer above first.")
    return ""


class PlayerChange(enum.Enum):
    """What changed, for listeners."""
    LESSON = "lesson"      # another lesson, or none (loading / not available): redraw everything
    STEP = "step"          # another step, or the same one shown again
    STATE = "state"        # feedback, marks, controls or notice of the same step
    FINISHED = "finished"  # Finish was pressed on the last step


@dataclass(frozen=True)
class Control:
    """One of Previous / Next / Skip: shown or not, usable or not, and why not (a reason code)."""
    visible: bool = True
    available: bool = True
    reason: str = ""

    def reason_text(self) -> str:
        return reason_text(self.reason)


HIDDEN = Control(visible=False, available=False)


@dataclass(frozen=True)
class ChoiceView:
    """One quiz answer as shown: its words with a ✔/✖ mark, and whether it can still be tapped."""
    text: str
    mark: str
    enabled: bool

    @property
    def label(self) -> str:
        return f"{self.mark} {self.text}" if self.mark else self.text


def _step_index(step: int | str | None) -> int | None:
    """0-based index of a 1-based ``step`` argument; None when absent or not a number."""
    try:
        number = int(step) if step not in (None, "") else None
    except (TypeError, ValueError):
        return None
    return max(number - 1, 0) if number is not None else None
