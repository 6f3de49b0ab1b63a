"""Large, clearly named buttons and home-screen tiles sized for unsteady hands."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ui.theme import TOUCH_MIN


class BigButton(QPushButton):
    """A push button at least 88 px each way whose accessible name follows its text."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, role: str = "") -> None:
        super().__init__(text, parent)
        if role:
            self.setProperty("role", role)
        self.setMinimumSize(TOUCH_MIN, TOUCH_MIN)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        # Focus by keyboard only: a tap must not leave a focus ring behind on a touchscreen.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override keeps the name in sync
        super().setText(text)
        self.setAccessibleName(text)


class Tile(QPushButton):
    """A big home-screen choice: icon, a word-wrapped title and a one-line description."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "tile")
        self.setMinimumSize(TOUCH_MIN * 2, TOUCH_MIN * 2)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        row = QHBoxLayout(self)
        row.setContentsMargins(32, 24, 32, 24)
        row.setSpacing(28)
        self.icon_label = QLabel()
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        texts = QVBoxLayout()
        texts.setSpacing(8)
        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        self.description_label = QLabel()
        self.description_label.setWordWrap(True)
        for label in (self.icon_label, self.title_label, self.description_label):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        texts.addStretch(1)
        texts.addWidget(self.title_label)
        texts.addWidget(self.description_label)
        texts.addStretch(1)
        row.addWidget(self.icon_label)
        row.addLayout(texts, 1)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override: wrapped text needs height
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return max(self.minimumHeight(), self.layout().heightForWidth(width))

    def minimumSizeHint(self):  # noqa: N802 - Qt override
        hint = super().minimumSizeHint()
        hint.setHeight(max(hint.height(), self.heightForWidth(max(self.width(), self.minimumWidth()))))
        return hint

    def set_content(self, title: str, description: str, icon: QIcon, icon_px: int) -> None:
        self.title_label.setText(title)
        self.description_label.setText(description)
        self.icon_label.setPixmap(icon.pixmap(icon_px, icon_px))
        self.icon_label.setFixedWidth(icon_px + 8)
        self.setAccessibleName(title)
        self.setAccessibleDescription(description)

    def style_texts(self, title_px: int, description_px: int, color: str) -> None:
        self.title_label.setStyleSheet(
            f"font-size: {title_px}px; font-weight: 700; color: {color}; background: transparent;")
        self.description_label.setStyleSheet(
            f"font-size: {description_px}px; color: {color}; background: transparent;")
