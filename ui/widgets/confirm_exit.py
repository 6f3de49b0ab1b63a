"""The technician's "close the kiosk program?" card (development/windowed mode only)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.i18n import _
from ui.widgets.buttons import BigButton


class ConfirmExit(QWidget):
    """Technician exit confirmation (development/windowed mode only)."""

    confirmed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("idleOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        card = QFrame()
        card.setObjectName("card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(48, 48, 48, 48)
        self.question = QLabel()
        self.question.setProperty("role", "title")
        self.question.setWordWrap(True)
        row = QHBoxLayout()
        self.stay = BigButton(role="primary")
        self.stay.setObjectName("exit_stay")
        self.leave = BigButton()
        self.leave.setObjectName("exit_leave")
        self.stay.clicked.connect(self.hide)
        self.leave.clicked.connect(self.confirmed.emit)
        row.addWidget(self.stay)
        row.addWidget(self.leave)
        layout.addWidget(self.question)
        layout.addLayout(row)
        outer.addStretch(1)
        outer.addWidget(card)
        outer.addStretch(1)
        self.hide()

    def retranslate(self) -> None:
        self.question.setText(_("Close the kiosk program? (technician)"))
        self.stay.setText(_("Keep running"))
        self.leave.setText(_("Close"))
