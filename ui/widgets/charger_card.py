"""Charger widgets: a site's card on the list (one line per plug type) and the site page's groups.

Every widget here shows words a view model already chose (:mod:`kiosk.chargers.viewmodel`) and
updates in place — only texts that changed are set — so a refresh landing under the visitor's
finger neither flickers nor moves the list. Status is always an icon *shape* and a word; colour
only repeats it.
"""
from __future__ import annotations

import unicodedata

from PySide6.QtCore import QEvent, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk import i18n
from kiosk.chargers.viewmodel import PlugGroup, PortLine, SiteRow
from ui.theme import TOUCH_MIN, Palette, px
from ui.widgets.status_chip import StatusChip, StatusIcon, kind_colour, paint_status_shape

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


#: Right-to-left mark: starts a paragraph right-to-left even when its first letter is Latin.
RLM = "\u200f"
#: Left-to-right embedding … pop: a Latin-only text keeps its own order inside that paragraph.
LRE, PDF = "\u202a", "\u202c"


def in_page_direction(text: str) -> str:
    """``text`` as a paragraph of the page's direction. A Farsi line that starts with a Latin
    name ("J1772 ×8 · …") would otherwise be laid out left-to-right, its Farsi words shuffled
    around the numbers, and flush left on a right-to-left page. A Latin-only text (an address)
    is kept left-to-right inside, so "625 N San Vicente Blvd" does not become "N San … 625"."""
    if not text or not i18n.is_rtl() or text.startswith(RLM):
        return text
    if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text):
        return RLM + text
    return RLM + LRE + text + PDF


def set_text(label: QLabel, text: str) -> None:
    """Set a label only when its text really changes (no relayout, no flicker otherwise)."""
    text = in_page_direction(text)
    if label.text() != text:
        label.setText(text)
    visible = bool(text)
    if label.isHidden() == visible:
        label.setVisible(visible)


class _Looks:
    """Palette and scale a widget was last styled with (icons are drawn, not style-sheeted)."""

    # Not "palette"/"scale": those would hide QWidget.palette().
    look_palette: Palette | None = None
    look_scale: float = 1.0

    def icon_look(self, icon: StatusIcon, kind: str, role: str = "body") -> None:
        if self.look_palette is not None:
            side = int(px(role, self.look_scale) * 1.3)
            icon.set_look(kind, kind_colour(kind, self.look_palette), self.look_palette.window, side)
        else:
            icon.kind = kind


class SiteCard(QFrame):
    """A site on the list: its name, the walk, and one line per plug type (status shape + words,
    greyed when old), in one painted widget. ``clicked`` fires on a tap (or Enter/Space when
    reached by keyboard).

    Painted rather than built from labels: a list of 25 sites with a few plug types each was
    ~500 widgets, and building them held the UI thread for a few hundred milliseconds the first
    time the list was shown. One widget per site costs a few milliseconds; the card's
    accessible name carries every word for screen readers.
    """

    clicked = Signal()
    MARGIN_X, MARGIN_Y, GAP, ICON_GAP = 28, 20, 10, 14

    def __init__(self, site_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.site_id = site_id
        self.row: SiteRow | None = None
        self.setObjectName("chargerCard")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setMinimumHeight(TOUCH_MIN)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._palette: Palette | None = None
        self._scale = 1.0
        #: Width → what to draw where: Qt asks a card's height many times while the list lays
        #: out (dozens of times per card when a whole list appears), and measuring wrapped text
        #: is what costs.
        self._measured: dict[int, tuple[list[tuple], int]] = {}

    def show_row(self, row: SiteRow) -> None:
        if row == self.row:
            return
        self.row = row
        self.setAccessibleName(row.spoken)
        self._changed()

    def restyle(self, palette: Palette, scale: float) -> None:
        self._palette, self._scale = palette, scale
        self._changed()

    def _changed(self) -> None:
        self._measured.clear()
        self.updateGeometry()
        self.update()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.LayoutDirectionChange, QEvent.Type.StyleChange):
            self._measured.clear()
        super().changeEvent(event)

    # -- layout and painting --------------------------------------------------------------------
    def _font(self, role: str, bold: bool) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(px(role, self._scale))
        font.setBold(bold)
        return font

    def _blocks(self, width: int) -> tuple[list[tuple], int]:
        """What to draw where: (kind, rect, text or plug kind, font, greyed) and the height."""
        measured = self._measured.get(width)
        if measured is None:
            if len(self._measured) > 8:
                self._measured.clear()
            measured = self._measured[width] = self._measure(width)
        return measured

    def _measure(self, width: int) -> tuple[list[tuple], int]:
        flags = int(Qt.TextFlag.TextWordWrap)
        blocks: list[tuple] = []
        if self.row is None:
            return blocks, TOUCH_MIN
        inner = max(50, width - 2 * self.MARGIN_X)
        y = self.MARGIN_Y
        for text, font in ((self.row.name, self._font("tile", True)), (self.row.walk, self._font("body", False))):
            height = QFontMetrics(font).boundingRect(QRect(0, 0, inner, 100_000), flags, in_page_direction(text)).height()
            blocks.append(("text", QRect(self.MARGIN_X, y, inner, height), text, font, False))
            y += height + self.GAP
        icon = int(px("body", self._scale) * 1.3)
        words_x = self.MARGIN_X + icon + self.ICON_GAP
        words_w = max(50, inner - icon - self.ICON_GAP)
        bold, small = self._font("body", True), self._font("small", False)
        for plug in self.row.plugs:
            greyed = plug.kind in GREYED
            blocks.append(("icon", QRect(self.MARGIN_X, y, icon, icon), plug.kind, None, greyed))
            height = QFontMetrics(bold).boundingRect(QRect(0, 0, words_w, 100_000), flags,
                                                     in_page_direction(plug.line)).height()
            blocks.append(("text", QRect(words_x, y, words_w, height), plug.line, bold, greyed))
            y += max(height, icon)
            if plug.detail:
                height = QFontMetrics(small).boundingRect(QRect(0, 0, words_w, 100_000), flags,
                                                          in_page_direction(plug.detail)).height()
                blocks.append(("text", QRect(words_x, y + 2, words_w, height), plug.detail, small, True))
                y += height + 2
            y += self.GAP // 2
        return blocks, max(TOUCH_MIN, y - self.GAP // 2 + self.MARGIN_Y)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._blocks(width)[1]

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        width = max(self.width(), 400)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(200, TOUCH_MIN)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)  # background and border from the page's style sheet
        if self.row is None or self._palette is None:
            return
        p = self._palette
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        # Leading edge: the painter takes the widget's direction, so this is right in Farsi.
        align = Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop
        for kind, rect, what, font, greyed in self._blocks(self.width())[0]:
            if rtl:  # mirror: icons on the right, words flush right
                rect = QRect(self.width() - rect.right() - 1, rect.y(), rect.width(), rect.height())
            if kind == "icon":
                paint_status_shape(painter, what, QColor(kind_colour(what, p)), QColor(p.window), QRectF(rect))
                continue
            painter.setFont(font)
            painter.setPen(QColor(p.muted if greyed else p.text))
            painter.drawText(rect, int(align) | int(Qt.TextFlag.TextWordWrap), in_page_direction(what))
        painter.end()

    # -- input ----------------------------------------------------------------------------------
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
        self.look_palette, self.look_scale = palette, scale
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
        self.chip.set_status(summary.kind, in_page_direction(summary.status))
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
