"""The attract screen: a calm welcome while nobody is using the kiosk.

It cycles its invitation through the kiosk's languages ("Touch to start", "Toque para empezar",
"Коснитесь, чтобы начать") so a passer-by sees their own language within a few seconds. With
``[kiosk] reduced_motion`` nothing changes by itself: every language's invitation is shown at once,
one per line. Any touch starts a session (the shell's input filter does that, not this screen), and
only starts it: the touch does not go on to press what Home shows under the finger. A touch on a
language's name, or on the invitation while it shows a language, starts the session in that
language (:meth:`AttractScreen.language_for`).

The labels keep the height of their tallest language, so the page does not jump as it cycles.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.i18n import LANGUAGES, N_, translate_in
from kiosk.speechnav import DEFAULT_KEYS, start_prompt
from ui import theme
from ui.context import AppContext
from ui.screens.base import Screen, heading
from ui.widgets.flow import FlowWidget

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
        #: How a visitor who cannot see the screen starts speech (ADA §707.8, EZ Access).
        self.speech_hint = heading("lead")
        self.speech_hint.setObjectName("attractSpeechHint")
        for label in (self.city, self.offer, self.invite, self.speech_hint):
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
        body.addStretch(1)
        body.addWidget(self.speech_hint)
        body.addStretch(2)
        layout.addLayout(body, 1)
        footer = QWidget()
        footer.setObjectName("attractFooter")
        footer_layout = QVBoxLayout(footer)
        footer_layout.setContentsMargins(24, 32, 24, 48)
        # The names wrap onto a second row rather than clip (four languages at 200 % text).
        self.language_row = FlowWidget(margin=0)
        footer_layout.addWidget(self.language_row)
        #: One button per language, in its own name: touching one starts the session in it.
        self.language_buttons: dict[str, QPushButton] = {}
        for code in self._languages:
            button = QPushButton(LANGUAGES[code].native_name)
            button.setObjectName(f"attract_lang_{code}")
            button.setProperty("language", code)
            button.setProperty("role", "language")
            button.setAccessibleName(translate_in(code, N_("Start in {language}")).format(
                language=LANGUAGES[code].native_name))
            self.language_buttons[code] = button
            self.language_row.add(button)
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
        self.speech_hint.setText(start_prompt(code, self._speech_keys()))
        self.invite.setAccessibleName(invitation)
        self.invite.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if LANGUAGES[code].rtl else Qt.LayoutDirection.LeftToRight)
        self._keep_heights()

    def _speech_keys(self) -> dict[str, str]:
        a11y = self.ctx.config.accessibility
        return {action: getattr(a11y, f"key_{action}") for action in DEFAULT_KEYS}

    def language_for(self, widget: QWidget) -> str | None:
        """The language a touch on ``widget`` asks for: a language button's, the invitation's
        (while it shows one language), else None (the kiosk's default)."""
        while widget is not None and widget is not self:
            code = widget.property("language")
            if code in self._languages:
                return code
            if widget is self.invite and not self.reduced_motion:
                return self.shown_language
            widget = widget.parentWidget()
        return None

    def _keep_heights(self) -> None:
        """Each label as tall as its tallest language, so nothing moves when the language
        changes every few seconds."""
        width = max(self.width() - 128, 200)
        keys = self._speech_keys()
        for label, text_in in ((self.city, lambda c: translate_in(c, CITY)),
                               (self.offer, lambda c: translate_in(c, OFFER)),
                               (self.speech_hint, lambda c: start_prompt(c, keys))):
            current = label.text()
            tallest = 0
            for code in self._languages:
                label.setText(text_in(code))
                tallest = max(tallest, label.heightForWidth(width))
            label.setText(current)
            label.setMinimumHeight(tallest)
        if not self.reduced_motion:
            current = self.invite.text()
            tallest = 0
            for code in self._languages:
                self.invite.setText(translate_in(code, INVITE))
                tallest = max(tallest, self.invite.heightForWidth(width))
            self.invite.setText(current)
            self.invite.setMinimumHeight(tallest)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._keep_heights()

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
        self._keep_heights()

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
