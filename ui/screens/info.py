"""Simple text screens: Help, "coming soon" for features not built yet, and "One moment…"."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.i18n import LANGUAGES, N_, _
from ui.context import AppContext
from ui.screens.base import ReadAloud, Screen, heading, page_layout, vertical_scroll
from ui.widgets.buttons import BigButton, ReadAloudButton
from ui.widgets.flow import FlowWidget


class TextScreen(Screen):
    """A heading, *Read to me*, paragraphs that scroll when the text is large, and one big button
    home."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = page_layout(self)
        self.heading = heading("title")
        layout.addWidget(self.heading)
        self.read_aloud = ReadAloudButton()
        self.read_aloud.setObjectName(f"{self.name or 'text'}_read_aloud")
        row = FlowWidget(self, margin=0)  # parented at birth: Qt owns it from the start
        row.add(self.read_aloud)
        layout.addWidget(row)
        self.reader = ReadAloud(ctx, self.read_aloud, self.speech_text)
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setSpacing(28)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        self.body_layout.addStretch(1)
        self.paragraphs: list[QLabel] = []
        self.body_scroll = vertical_scroll(body)
        layout.addWidget(self.body_scroll, 1)
        self.home_button = BigButton(role="primary")
        self.home_button.setObjectName("textscreen_home")
        self.home_button.clicked.connect(ctx.session.go_home)
        layout.addWidget(self.home_button)

    def speech_text(self) -> str:
        """The heading and every paragraph shown, for *Read to me*."""
        return "\n".join([self.heading.text(), *(p.text() for p in self.paragraphs if not p.isHidden())])

    def restyle(self) -> None:
        self.reader.refresh()

    def set_paragraphs(self, texts: list[str]) -> None:
        while len(self.paragraphs) < len(texts):
            label = QLabel()
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            self.body_layout.insertWidget(len(self.paragraphs), label)
            self.paragraphs.append(label)
        for label, text in zip(self.paragraphs, texts):
            label.setText(text)
            label.setVisible(True)
        for label in self.paragraphs[len(texts):]:
            label.setVisible(False)
        self.reader.refresh()  # its words follow the language too


class HelpScreen(TextScreen):
    name = "help"

    def title(self) -> str:
        return _("How to use this kiosk")

    def retranslate(self) -> None:
        self.heading.setText(self.title())
        self.set_paragraphs([
            _("Tap a big button with one finger to choose it."),
            _("“Back” takes you one step back. “Home” takes you to the start."),
            _("In a lesson, “Previous step” and “Next step” move through the lesson. "
              "“Back” leaves the lesson; you can come back to it later."),
            _("Tap your language at the bottom of the screen: {languages}.").format(
                languages=", ".join(LANGUAGES[c].native_name for c in self.ctx.config.kiosk.languages)),
            _("“A+” makes the text bigger. “A−” makes it smaller."),
            _("When you walk away, the kiosk forgets everything you did after a short time."),
            _("Need a person? Ask library staff, or visit City Hall at 8300 Santa Monica Blvd."),
        ])
        self.home_button.setText(_("Back to Home"))


#: Features whose screens are not built yet: (screen name, title).
COMING_SOON = {
    "lessons": N_("Learn"),
    "map": N_("Find your way"),
    "chargers": N_("EV charging"),
}


class ComingSoonScreen(TextScreen):
    """An honest page for a feature that is on its way: never a blank or a dead end."""

    def __init__(self, ctx: AppContext, feature: str, parent: QWidget | None = None) -> None:
        self.name = feature
        self.feature_title = COMING_SOON[feature]
        super().__init__(ctx, parent)

    def title(self) -> str:
        return _(self.feature_title)

    def retranslate(self) -> None:
        self.heading.setText(self.title())
        self.set_paragraphs([
            _("This part of the kiosk is coming soon."),
            _("Please tap “Back to Home” to choose something else."),
        ])
        self.home_button.setText(_("Back to Home"))


class OneMomentScreen(TextScreen):
    """Shown after an unexpected error: calm words, then back to Home by itself."""

    name = "oops"
    shows_controls = False
    #: Long enough to read the sentence slowly; the Home button is there for the quick.
    RETURN_MS = 20_000

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(self.RETURN_MS)
        self.timer.timeout.connect(ctx.session.go_home)

    def title(self) -> str:
        return _("One moment…")

    def retranslate(self) -> None:
        self.heading.setText(self.title())
        self.set_paragraphs([_("Something did not work. We are taking you back to the start.")])
        self.home_button.setText(_("Back to Home"))

    def on_show(self, args: dict[str, Any]) -> None:
        self.timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.timer.stop()
        super().hideEvent(event)
