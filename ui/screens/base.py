"""The base of every screen: a title, live retranslation, restyling and a wipe hook."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.context import AppContext


class Screen(QWidget):
    """A full page of the kiosk. Subclasses build widgets in ``__init__`` and fill text in
    :meth:`retranslate`, which the shell calls whenever the language changes."""

    #: The name used by navigation, ``kiosk screenshot --screen`` and tests.
    name = ""
    #: Whether the control bar (Back, Home, languages, text size, help) shows under this screen.
    shows_controls = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(f"screen_{self.name}")

    def title(self) -> str:
        """The screen's heading in the current language (also its accessible name)."""
        return ""

    def retranslate(self) -> None:
        """Set every visible string again in the current language."""

    def restyle(self) -> None:
        """React to a new text size or theme (icons, fixed sizes); fonts follow the style sheet."""

    def reset(self) -> None:
        """Forget anything the last visitor typed, chose or scrolled to."""

    def on_show(self, args: dict[str, Any]) -> None:
        """Called each time navigation brings this screen forward, with its arguments."""

    async def load(self) -> None:
        """Fetch what the screen shows now (screenshots and tests await it; the running kiosk
        loads in the background on its own)."""


def page_layout(widget: QWidget, margin: int = 48, spacing: int = 32) -> QVBoxLayout:
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(margin, margin, margin, margin)
    layout.setSpacing(spacing)
    return layout


def heading(role: str = "title") -> QLabel:
    label = QLabel()
    label.setProperty("role", role)
    label.setWordWrap(True)
    return label
