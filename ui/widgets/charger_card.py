"""One charging site in the list: a big tappable card with name, walk, status chip and connectors.

The card is a plain widget with its own labels so the list can update it in place (only the texts
that changed are set), which keeps the list still while a refresh lands under the visitor's finger.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ui.theme import TOUCH_MIN, Palette
from ui.widgets.status_chip import StatusChip


def _label(role: str = "") -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    if role:
        label.setProperty("role", role)
    return label


def set_text(label: QLabel, text: str) -> None:
    """Set a label only when its text really changes (no relayout, no flicker otherwise)."""
    if label.text() != text:
        label.setText(text)
    visible = bool(text)
    if label.isHidden() == visible:
        label.setVisible(visible)


class SiteCard(QFrame):
    """A site row. ``clicked`` fires on a tap (or Enter/Space when reached by keyboard).

    The name uses ``role="cardTitle"``, styled by the page's style sheet.
    """

    clicked = Signal()

    def __init__(self, site_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.site_id = site_id
        self.setObjectName("chargerCard")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setMinimumHeight(TOUCH_MIN)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.setSpacing(10)
        self.name = _label("cardTitle")
        self.walk = _label()
        self.chip = StatusChip()
        self.chip.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.detail = _label("muted")
        self.connectors = _label()
        chip_row = QHBoxLayout()
        chip_row.setSpacing(16)
        chip_row.addWidget(self.chip)
        chip_row.addStretch(1)
        layout.addWidget(self.name)
        layout.addWidget(self.walk)
        layout.addLayout(chip_row)
        layout.addWidget(self.detail)
        layout.addWidget(self.connectors)

    def show_site(self, name: str, walk: str, kind: str, status: str, detail: str, connectors: str) -> None:
        set_text(self.name, name)
        set_text(self.walk, walk)
        self.chip.set_status(kind, status)
        set_text(self.detail, detail)
        set_text(self.connectors, connectors)
        spoken = ". ".join(t for t in (name, status, detail, walk, connectors) if t)
        if self.accessibleName() != spoken:
            self.setAccessibleName(spoken)

    def restyle(self, palette: Palette, scale: float) -> None:
        self.chip.restyle(palette, scale)

    # -- Qt overrides ---------------------------------------------------------------------------
    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)
