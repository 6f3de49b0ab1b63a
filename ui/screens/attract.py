"""The attract screen: a calm welcome while nobody is using the kiosk.

It cycles its invitation through the kiosk's languages ("Touch to start", "Toque para empezar",
"Коснитесь, чтобы начать") so a passer-by sees their own language within a few seconds. With
``[kiosk] reduced_motion`` nothing changes by itself: every language's invitation is shown at once,
one per line. Any touch starts a session (the shell's input filter does that, not this screen).
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.i18n import LANGUAGES, N_, translate_in
from ui import theme
from ui.context import AppContext
from ui.screens.base import Screen, heading

CITY = N_("City of West Hollywood")
OFFER = N_("Free lessons, a walking map and EV charging")
INVITE = N_("Touch to start")

#: Seconds each language stays on screen.
CYCLE_MS = 4000


class AttractScreen(Screen):
    name = "attract"
    shows_controls = False

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._languages = list(ctx.config.kiosk.languages)
        self._index = 0
        self.reduced_motion = ctx.config.kiosk.reduced_motion
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 96, 0, 0)
        layout.setSpacing(40)
        self.city = heading("display")
        self.offer = heading("lead")
        self.invite = heading("display")
        self.invite.setObjectName("attractInvite")
        self.invite.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.languages_line = heading("lead")
        for label in (self.city, self.offer, self.invite, self.languages_line):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.icons = [QLabel() for _ in ("learn", "map", "charger")]
        icon_row = QHBoxLayout()
        icon_row.setSpacing(48)
        icon_row.addStretch(1)
        for label in self.icons:
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            icon_row.addWidget(label)
        icon_row.addStretch(1)
        body = QVBoxLayout()
        body.setContentsMargins(64, 0, 64, 0)
        body.setSpacing(40)
        body.addStretch(2)
        body.addWidget(self.city)
        body.addWidget(self.offer)
        body.addStretch(2)
        body.addLayout(icon_row)
        body.addStretch(2)
        body.addWidget(self.invite)
        body.addStretch(3)
        layout.addLayout(body, 1)
        footer = QWidget()
        footer.setObjectName("attractFooter")
        footer_layout = QVBoxLayout(footer)
        footer_layout.setContentsMargins(24, 32, 24, 48)
        footer_layout.addWidget(self.languages_line)
        layout.addWidget(footer)
        self.timer = QTimer(self)
        self.timer.setInterval(CYCLE_MS)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.retranslate()

    @property
    def shown_language(self) -> str:
        return self._languages[self._index]

    def title(self) -> str:
        return translate_in(self.shown_language, CITY)

    def retranslate(self) -> None:
        code = self.shown_language
        self.city.setText(translate_in(code, CITY))
        self.offer.setText(translate_in(code, OFFER))
        if self.reduced_motion:
            # Still: all invitations at once, each in its own direction (the label is centred).
            invitation = "\n".join(translate_in(c, INVITE) for c in self._languages)
        else:
            invitation = translate_in(code, INVITE)
        self.invite.setText(invitation)
        self.invite.setAccessibleName(invitation)
        self.invite.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if LANGUAGES[code].rtl else Qt.LayoutDirection.LeftToRight)
        self.languages_line.setText("   ·   ".join(LANGUAGES[c].native_name for c in self._languages))

    def restyle(self) -> None:
        p = self.ctx.palette
        # Icons stop growing at 150 % so the words keep the room they need at 200 %.
        side = int(150 * min(self.ctx.scale, 1.5))
        for label, name in zip(self.icons, ("learn", "map", "charger")):
            label.setPixmap(theme.icon(name, p.on_primary, 192).pixmap(side - 48, side - 48))
            label.setFixedSize(side, side)
            label.setStyleSheet(f"background: {p.primary}; border-radius: {side // 2}px;")
        # Several invitations at once (reduced motion) use title-sized words so they all fit.
        size = theme.px("title" if self.reduced_motion else "display", self.ctx.scale)
        self.invite.setStyleSheet(
            f"background: {p.primary}; color: {p.on_primary}; border-radius: 60px; padding: 28px;"
            f" font-size: {size}px;")

    def show_next_language(self) -> None:
        self._index = (self._index + 1) % len(self._languages)
        self.retranslate()

    def reset(self) -> None:
        self._index = 0
        self.retranslate()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if len(self._languages) > 1 and not self.reduced_motion:
            self.timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.timer.stop()
        super().hideEvent(event)

    def _on_timer_timeout(self) -> None:
        self.show_next_language()
