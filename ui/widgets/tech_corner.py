"""An invisible corner a technician presses and holds to leave the kiosk.

The public never finds it by accident: it needs a deliberate 5-second hold in the top-left corner.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ui.theme import TOUCH_MIN


class TechCorner(QWidget):
    triggered = Signal()

    HOLD_MS = 5000

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("techCorner")
        self.setFixedSize(TOUCH_MIN, TOUCH_MIN)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setAccessibleName("")
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(self.HOLD_MS)
        self.timer.timeout.connect(self.triggered.emit)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.timer.start()
        event.accept()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.timer.stop()
        event.accept()
