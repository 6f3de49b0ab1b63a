""""Are you still there?": the warning before the kiosk forgets a visitor.

It covers the whole window with one big button and a countdown of at least 20 seconds
(WCAG 2.2.1). Any touch on it counts as "still here".
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from kiosk.i18n import _, ngettext
from ui.widgets.buttons import BigButton


class IdleOverlay(QWidget):
    still_here = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("idleOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 48, 48, 48)
        card = QFrame()
        card.setObjectName("card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.setSpacing(36)
        self.question = QLabel()
        self.question.setProperty("role", "display")
        self.countdown = QLabel()
        self.countdown.setProperty("role", "lead")
        for label in (self.question, self.countdown):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = BigButton(role="primary")
        self.button.setObjectName("still_here")
        self.button.setMinimumHeight(160)
        self.button.clicked.connect(self.still_here.emit)
        layout.addWidget(self.question)
        layout.addWidget(self.countdown)
        layout.addWidget(self.button)
        outer.addStretch(1)
        outer.addWidget(card)
        outer.addStretch(1)
        self.seconds_left = 0
        self.hide()

    def retranslate(self) -> None:
        self.question.setText(_("Are you still there?"))
        self.button.setText(_("I’m still here"))
        self.set_seconds_left(self.seconds_left)

    def set_seconds_left(self, seconds: int) -> None:
        self.seconds_left = seconds
        self.countdown.setText(ngettext(
            "The screen will start over in {n} second.",
            "The screen will start over in {n} seconds.", seconds).format(n=seconds))

    def mousePressEvent(self, event) -> None:  # noqa: N802 - a tap anywhere means "still here"
        self.still_here.emit()
        event.accept()
