"""Charger widgets: a site's card on the list, one line per plug type, and the site page's groups.

Every widget here shows words a view model already chose (:mod:`kiosk.chargers.viewmodel`) and
updates in place — only texts that changed are set — so a refresh landing under the visitor's
finger neither flickers nor moves the list. Status is always an icon *shape* and a word; colour
only repeats it.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.chargers.viewmodel import PlugGroup, PortLine, SiteRow
from kiosk.chargers.words import PlugSummary
from ui.theme import TOUCH_MIN, Palette, px
from ui.widgets.status_chip import StatusChip, StatusIcon, kind_colour

#: Kinds whose words are greyed: old data and no live status must not look like good news.
GREYED = ("unknown", "none")


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


def set_role(widget: QWidget, role: str) -> None:
    """Change a style-sheet role, re-polishing only when it really changes."""
    if widget.property("role") != role:
        widget.setProperty("role", role)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class _Looks:
    """Palette and scale a widget was last styled with (icons are drawn, not style-sheeted)."""

    palette: Palette | None = None
    scale: float = 1.0

    def icon_look(self, icon: StatusIcon, kind: str, role: str = "body") -> None:
        if self.palette is not None:
            side = int(px(role, self.scale) * 1.3)
            icon.set_look(kind, kind_colour(kind, self.palette), self.palette.window, side)
        else:
            icon.kind = kind


class PlugLine(QWidget, _Looks):
    """One plug type on a list card: status shape, "J1772 ×8 · 6.6 kW · 2 available · $0.30/kWh",
    and under it what was last seen when the data is old."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = "unknown"
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(14)
        self.icon = StatusIcon()
        self.icon.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        words = QVBoxLayout()
        words.setSpacing(2)
        self.text = _label("plugLine")
        self.detail = _label("muted")
        words.addWidget(self.text)
        words.addWidget(self.detail)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(words, 1)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def show_summary(self, summary: PlugSummary) -> None:
        set_text(self.text, summary.line)
        set_text(self.detail, summary.detail)
        set_role(self.text, "plugLineGreyed" if summary.kind in GREYED else "plugLine")
        if summary.kind != self.kind or self.icon.kind != summary.kind:
            self.kind = summary.kind
            self.icon_look(self.icon, self.kind)

    def restyle(self, palette: Palette, scale: float) -> None:
        self.palette, self.scale = palette, scale
        self.icon_look(self.icon, self.kind)


class SiteCard(QFrame):
    """A site on the list: name, walk, one :class:`PlugLine` per plug type. ``clicked`` fires on
    a tap (or Enter/Space when reached by keyboard). The name uses ``role="cardTitle"``."""

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
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(28, 20, 28, 20)
        self.layout_.setSpacing(10)
        self.name = _label("cardTitle")
        self.walk = _label()
        self.layout_.addWidget(self.name)
        self.layout_.addWidget(self.walk)
        self.lines: list[PlugLine] = []
        self._looks: tuple[Palette, float] | None = None

    def show_row(self, row: SiteRow) -> None:
        set_text(self.name, row.name)
        set_text(self.walk, row.walk)
        while len(self.lines) < len(row.plugs):
            line = PlugLine()
            if self._looks:
                line.restyle(*self._looks)
            self.layout_.addWidget(line)
            self.lines.append(line)
        for index, line in enumerate(self.lines):
            if index < len(row.plugs):
                line.show_summary(row.plugs[index])
                if line.isHidden():
                    line.show()
            elif not line.isHidden():
                line.hide()
        spoken = row.spoken
        if self.accessibleName() != spoken:
            self.setAccessibleName(spoken)

    def restyle(self, palette: Palette, scale: float) -> None:
        self._looks = (palette, scale)
        for line in self.lines:
            line.restyle(palette, scale)

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


class PortRow(QWidget, _Looks):
    """One port inside a plug group: shape, "Port 3 · In use", when it last changed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = "unknown"
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        self.icon = StatusIcon()
        words = QVBoxLayout()
        words.setSpacing(0)
        self.text = _label()
        self.changed = _label("muted")
        words.addWidget(self.text)
        words.addWidget(self.changed)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(words, 1)

    def show_port(self, line: PortLine) -> None:
        set_text(self.text, line.text)
        set_text(self.changed, line.changed)
        if line.kind != self.kind or self.icon.kind != line.kind:
            self.kind = line.kind
            self.icon_look(self.icon, self.kind)
        spoken = ". ".join(t for t in (line.text, line.changed) if t)
        if self.accessibleName() != spoken:
            self.setAccessibleName(spoken)

    def restyle(self, palette: Palette, scale: float) -> None:
        self.palette, self.scale = palette, scale
        self.icon_look(self.icon, self.kind)


class PlugGroupBox(QFrame):
    """One plug type on the site page: its name, count and power; a big status chip; its price
    (said once, not on every port); then its ports."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plugGroup")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        self.title = _label("cardTitle")
        self.chip = StatusChip()
        self.detail = _label("muted")
        self.price = _label()
        chip_row = QHBoxLayout()
        chip_row.addWidget(self.chip)
        chip_row.addStretch(1)
        layout.addWidget(self.title)
        layout.addLayout(chip_row)
        layout.addWidget(self.detail)
        layout.addWidget(self.price)
        self.ports_layout = QVBoxLayout()
        self.ports_layout.setSpacing(8)
        layout.addLayout(self.ports_layout)
        self.port_rows: list[PortRow] = []
        self._looks: tuple[Palette, float] | None = None

    def show_group(self, group: PlugGroup) -> None:
        summary = group.summary
        set_text(self.title, summary.heading)
        self.chip.set_status(summary.kind, summary.status)
        set_text(self.detail, summary.detail)
        set_text(self.price, summary.price)
        while len(self.port_rows) < len(group.ports):
            row = PortRow()
            if self._looks:
                row.restyle(*self._looks)
            self.ports_layout.addWidget(row)
            self.port_rows.append(row)
        for index, row in enumerate(self.port_rows):
            if index < len(group.ports):
                row.show_port(group.ports[index])
                row.show()
            else:
                row.hide()
        spoken = summary.spoken
        if self.accessibleName() != spoken:
            self.setAccessibleName(spoken)

    def restyle(self, palette: Palette, scale: float) -> None:
        self._looks = (palette, scale)
        self.chip.restyle(palette, scale)
        for row in self.port_rows:
            row.restyle(palette, scale)
