"""What both charger pages share: the old-data banner, *Read to me*, the page style, the base screen."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from kiosk.i18n import _
from ui.context import AppContext
from ui.screens.base import ReadAloud, Screen
from ui.screens.chargers.feed import ChargerFeed
from ui.theme import Palette, px
from ui.widgets.charger_card import set_text
from ui.widgets.status_chip import StatusIcon, chip_stylesheet

#: How often the "Updated … ago" words and the old-data check are renewed while a page is shown.
AGE_TICK_MS = 30_000


class Banner(QFrame):
    """A framed notice with the "unknown" shape: old data."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chargerBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(self)
        row.setContentsMargins(20, 16, 20, 16)
        row.setSpacing(16)
        self.icon = StatusIcon()
        self.label = QLabel()
        self.label.setWordWrap(True)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)

    def show_text(self, text: str) -> None:
        set_text(self.label, text)
        self.setVisible(bool(text))
        self.setAccessibleName(text)

    def restyle(self, palette: Palette, scale: float) -> None:
        side = int(px("body", scale) * 1.4)
        self.icon.set_look("unknown", palette.text, palette.window, side)


class OfferedReadAloud(ReadAloud):
    """*Read to me* as on every other page (:class:`~ui.screens.base.ReadAloud`: hidden without
    speech; tap to read, again to pause, again to continue), offered only while the page has
    words to read — the view model gives none when there is nothing worth hearing (no chargers
    to list, a site no longer in the data), and then the button is not shown at all."""

    offered = False  # until the page is first drawn

    def offer(self, has_words: bool) -> None:
        """Show or withdraw the button as the page now has words or not (call from render)."""
        self.offered = has_words
        self.refresh()

    def refresh(self) -> None:
        if self.offered:
            super().refresh()
        else:
            self.button.hide()  # hiding also stops this button's reading (see ReadAloud)


def screen_stylesheet(p: Palette, scale: float) -> str:
    return chip_stylesheet(p, scale) + f"""
QLabel[role="cardTitle"] {{ font-size: {px('tile', scale)}px; font-weight: 700; }}
QLabel[role="plugLine"] {{ font-size: {px('body', scale)}px; font-weight: 700; }}
QLabel[role="plugLineGreyed"] {{ font-size: {px('body', scale)}px; font-weight: 700; color: {p.muted}; }}
QFrame#chargerCard, QFrame#plugGroup {{ background: {p.surface}; border: 3px solid {p.border}; border-radius: 20px; }}
QFrame#chargerCard:focus {{ border: 5px solid {p.focus}; }}
QFrame#chargerBanner {{ background: {p.window}; border: 4px dashed {p.text}; border-radius: 16px; }}
QFrame#chargerBanner QLabel {{ font-size: {px('body', scale)}px; font-weight: 700; }}
QPushButton[filter="true"][selected="true"] {{
    background: {p.selected}; color: {p.on_selected}; border-color: {p.selected};
}}
"""


class ChargerScreen(Screen):
    """Both pages: the shared feed, the age ticker, styling. Subclasses draw in :meth:`render`."""

    def __init__(self, ctx: AppContext, feed: ChargerFeed, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.feed = feed
        self.model = feed.model
        self.model.subscribe(self._on_model_changed)
        self.age_timer = QTimer(self)
        self.age_timer.setInterval(AGE_TICK_MS)
        self.age_timer.timeout.connect(self.render)

    def title(self) -> str:
        return _("EV charging")

    def render(self) -> None:
        """Show the view model as of its clock, updating widgets in place."""

    def retranslate(self) -> None:
        self.render()

    def restyle(self) -> None:
        self.setStyleSheet(screen_stylesheet(self.ctx.palette, self.ctx.scale))

    def on_show(self, args: dict[str, Any]) -> None:
        self.feed.start()
        self.render()

    def _on_model_changed(self) -> None:
        # A hidden page is drawn when it is next shown (on_show).
        if self.isVisible():
            self.render()

    async def load(self) -> None:
        """Refresh once and wait for the answer (screenshots, tests)."""
        self.feed.start()
        self.feed.refresh()
        await self.feed.settled()
        self.render()

    def stop(self) -> None:
        self.age_timer.stop()
        self.model.unsubscribe(self._on_model_changed)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.age_timer.start()
        super().showEvent(event)

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.age_timer.stop()
        super().hideEvent(event)
