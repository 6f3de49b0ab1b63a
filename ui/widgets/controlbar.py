"""The bar under every screen: Back, Home, the language buttons, text size and Help.

Always in the same place, always large, wrapping onto a second row rather than clipping when the
text is big or the language long. One button per language the config offers, named in itself as
the language registry (:mod:`kiosk.languages`) names it; in a right-to-left language the Back
arrow points right, the way "back" goes there.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon, QTransform
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk import i18n
from kiosk.i18n import LANGUAGES, _
from ui import theme
from ui.context import AppContext
from ui.widgets.buttons import BigButton
from ui.widgets.flow import FlowWidget


#: The text size past which the bar's buttons stop growing.
BAR_SCALE_MAX = 1.5
#: Left and right padding inside the bar's buttons: narrower than elsewhere, so Back, Home,
#: four languages, A−, A+ and Help fit two rows of a portrait screen even at 200 % text.
BAR_SIDE_PADDING = 14


class ControlBar(QWidget):
    back_requested = Signal()
    home_requested = Signal()
    help_requested = Signal()
    language_chosen = Signal(str)
    bigger_requested = Signal()
    smaller_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("controlBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 0, 4, 0)
        flow = FlowWidget(self, spacing=16, margin=20)
        outer.addWidget(flow)
        self.back = self._button("nav_back", self.back_requested)
        self.home = self._button("nav_home", self.home_requested)
        self.language_buttons: dict[str, BigButton] = {}
        for code in ctx.config.kiosk.languages:
            button = BigButton(LANGUAGES[code].native_name)
            button.setObjectName(f"lang_{code}")
            button.setProperty("role", "language")
            button.clicked.connect(lambda _checked=False, c=code: self.language_chosen.emit(c))
            self.language_buttons[code] = button
        self.smaller = self._button("text_smaller", self.smaller_requested)
        self.bigger = self._button("text_bigger", self.bigger_requested)
        self.help = self._button("nav_help", self.help_requested)
        for widget in (self.back, self.home, *self.language_buttons.values(),
                       self.smaller, self.bigger, self.help):
            flow.add(widget)
        self.retranslate()

    def _button(self, name: str, signal: Signal) -> BigButton:
        button = BigButton()
        button.setObjectName(name)
        button.clicked.connect(signal.emit)
        return button

    def retranslate(self) -> None:
        self.back.setText(_("Back"))
        self.home.setText(_("Home"))
        self.help.setText(_("Help"))
        # Left-to-right marks keep "A−" / "A+" in that order inside right-to-left languages.
        self.smaller.setText("\u200eA−\u200e")
        self.smaller.setAccessibleName(_("Smaller text"))
        self.bigger.setText("\u200eA+\u200e")
        self.bigger.setAccessibleName(_("Bigger text"))
        for code, button in self.language_buttons.items():
            # Each language is named in itself; the accessible name says what tapping does.
            button.setAccessibleName(LANGUAGES[code].native_name)
            button.setAccessibleDescription(_("Show the kiosk in this language"))
        self.update_state()

    def update_state(self) -> None:
        """Mark the current language, grey out Back with nowhere to go, and limit A−/A+."""
        session = self.ctx.session
        for code, button in self.language_buttons.items():
            selected = code == session.language
            if button.property("selected") != selected:
                button.setProperty("selected", selected)
                button.style().unpolish(button)
                button.style().polish(button)
        self.back.setEnabled(session.navigation.can_go_back)
        self.smaller.setEnabled(session.text_scale > 1.0)
        self.bigger.setEnabled(session.text_scale < 2.0)
        self.restyle()

    def restyle(self) -> None:
        # The bar's few short words stop growing at 150 % (45 px letters), as the keyboard's do:
        # at 200 % the bar took three rows and pushed the screen's own choices out of sight.
        bar_scale = min(self.ctx.scale, BAR_SCALE_MAX)
        side = BAR_SIDE_PADDING
        # As in the theme, a focus ring (library PCs: 5 px instead of 3) takes its width out of
        # the padding, so a button keeps its size when focus moves onto it.
        ring = 2 if self.ctx.profile == "library" else 0
        sheet = (f"QPushButton {{ font-size: {theme.px('button', bar_scale)}px;"
                 f" padding: 12px {side}px; }}"
                 f" QPushButton:focus {{ padding: {12 - ring}px {side - ring}px; }}")
        if self.styleSheet() != sheet:
            self.setStyleSheet(sheet)
        p, size = self.ctx.palette, theme.icon_size(bar_scale)
        back = theme.icon("back", p.on_secondary)
        self.back.setIcon(mirrored(back) if i18n.is_rtl() else back)
        self.home.setIcon(theme.icon("home", p.on_secondary))
        self.help.setIcon(theme.icon("help", p.on_secondary))
        for button in (self.back, self.home, self.help):
            button.setIconSize(size)


def mirrored(icon: QIcon, side: int = 96) -> QIcon:
    """``icon`` flipped left to right (arrows that point the way a language reads)."""
    return QIcon(icon.pixmap(side, side).transformed(QTransform().scale(-1, 1)))
