"""A large status chip: a drawn shape + icon and a word, in a colour that only repeats the meaning.

Colour-blind visitors tell the kinds apart by shape alone: a round badge with a tick (free), an
hourglass (in use), an octagon with a cross (out of order), a dashed ring with a question mark
(unknown or out of date) and a ring with an "i" (no live status). The chip's accessible name is
its word, so a screen reader says the same as the eye reads.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

from ui.theme import Palette, px

#: Every kind of chip. "unknown" is greyed on purpose: old data must not look like good news.
KINDS = ("good", "warn", "bad", "unknown", "none")


def kind_colour(kind: str, palette: Palette) -> str:
    return {"good": palette.good, "warn": palette.warn, "bad": palette.bad}.get(kind, palette.muted)


def paint_status_shape(painter: QPainter, kind: str, colour: QColor, inner: QColor, rect: QRectF) -> None:
    """Draw the shape of ``kind`` in the square ``rect`` (also used by painted charger cards)."""
    painter.save()
    painter.translate(rect.topLeft())
    _Shapes(colour, inner).draw(painter, kind, float(min(rect.width(), rect.height())))
    painter.restore()


class _Shapes:
    def __init__(self, colour: QColor, inner: QColor) -> None:
        self.colour, self.inner = colour, inner

    def draw(self, painter: QPainter, kind: str, side: float) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(side * 0.06, side * 0.06, side * 0.88, side * 0.88)
        {"good": self._tick, "warn": self._hourglass, "bad": self._cross,
         "none": self._info}.get(kind, self._question)(painter, box, side)

    def _pen(self, colour: QColor, side: float, width: float) -> QPen:
        pen = QPen(colour, side * width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def _tick(self, painter: QPainter, box: QRectF, side: float) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.colour)
        painter.drawEllipse(box)
        painter.setPen(self._pen(self.inner, side, 0.11))
        path = QPainterPath(QPointF(side * 0.28, side * 0.52))
        path.lineTo(side * 0.44, side * 0.68)
        path.lineTo(side * 0.73, side * 0.34)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)

    def _hourglass(self, painter: QPainter, box: QRectF, side: float) -> None:
        painter.setPen(self._pen(self.colour, side, 0.06))
        painter.setBrush(self.colour)
        left, right, top, bottom, mid = box.left() + side * 0.1, box.right() - side * 0.1, box.top(), box.bottom(), side / 2
        painter.drawPolygon(QPolygonF([QPointF(left, top), QPointF(right, top), QPointF(mid, mid)]))
        painter.drawPolygon(QPolygonF([QPointF(mid, mid), QPointF(right, bottom), QPointF(left, bottom)]))

    def _cross(self, painter: QPainter, box: QRectF, side: float) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.colour)
        centre, radius = box.center(), box.width() / 2
        points = [QPointF(centre.x() + radius * math.cos(math.radians(22.5 + 45 * k)),
                          centre.y() + radius * math.sin(math.radians(22.5 + 45 * k))) for k in range(8)]
        painter.drawPolygon(QPolygonF(points))
        painter.setPen(self._pen(self.inner, side, 0.11))
        a, b = side * 0.33, side * 0.67
        painter.drawLine(QPointF(a, a), QPointF(b, b))
        painter.drawLine(QPointF(a, b), QPointF(b, a))

    def _ring_with(self, painter: QPainter, box: QRectF, side: float, letter: str, dashed: bool) -> None:
        pen = self._pen(self.colour, side, 0.08)
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(box.adjusted(side * 0.04, side * 0.04, -side * 0.04, -side * 0.04))
        font = QFont(painter.font())
        font.setPixelSize(max(8, int(side * 0.55)))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(self.colour)
        painter.drawText(QRectF(0, 0, side, side), Qt.AlignmentFlag.AlignCenter, letter)

    def _question(self, painter: QPainter, box: QRectF, side: float) -> None:
        self._ring_with(painter, box, side, "?", dashed=True)

    def _info(self, painter: QPainter, box: QRectF, side: float) -> None:
        self._ring_with(painter, box, side, "i", dashed=False)


class StatusIcon(QWidget):
    """The chip's shape, drawn at any size in the chip's colour (no image files to go missing)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = "unknown"
        self.colour = QColor("#000000")
        self.inner = QColor("#FFFFFF")
        self.setFixedSize(48, 48)

    def set_look(self, kind: str, colour: str, inner: str, side: int) -> None:
        self.kind, self.colour, self.inner = kind, QColor(colour), QColor(inner)
        self.setFixedSize(side, side)
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        side = float(min(self.width(), self.height()))
        paint_status_shape(painter, self.kind, self.colour, self.inner, QRectF(0, 0, side, side))
        painter.end()


class StatusChip(QFrame):
    """Icon + word in a bordered pill. ``set_status(kind, text)``; ``restyle(palette, scale)``.

    The page holding chips sets :func:`chip_stylesheet` once (borders, fonts, colours by kind).
    """

    def __init__(self, parent: QWidget | None = None, *, size_role: str = "button") -> None:
        super().__init__(parent)
        self.setObjectName("statusChip")
        self.size_role = size_role
        self.kind = "unknown"
        self.setProperty("kind", self.kind)
        self.icon = StatusIcon()
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 20, 8)
        row.setSpacing(12)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.label, 1)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        for child in (self.icon, self.label):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._palette: Palette | None = None
        self._scale = 1.0

    @property
    def text(self) -> str:
        return self.label.text()

    def set_status(self, kind: str, text: str) -> None:
        """Show ``kind`` (one of :data:`KINDS`) with ``text``; unchanged values cost nothing."""
        if kind not in KINDS:
            kind = "unknown"
        if text != self.label.text():
            self.label.setText(text)
            self.setAccessibleName(text)
            self._fit()
        if kind != self.kind:
            self.kind = kind
            self._apply()

    def restyle(self, palette: Palette, scale: float) -> None:
        """Icon size and colours; borders and fonts come from :func:`chip_stylesheet` on the page."""
        self._palette, self._scale = palette, scale
        self._apply()
        self._fit()

    def _fit(self) -> None:
        """Keep the words on one line while they fit in most of the window: a word-wrapped
        label inside a chip otherwise guesses too narrow a width and cuts longer words off
        (seen with Farsi statuses). Longer words still wrap."""
        font = QFont(self.label.font())
        font.setPixelSize(px(self.size_role, self._scale))
        font.setBold(True)
        window = self.window()
        room = int((window.width() if window is not None and window.width() > 400 else 1080) * 0.6)
        self.label.setMinimumWidth(min(QFontMetrics(font).horizontalAdvance(self.label.text()) + 6, room))

    def _apply(self) -> None:
        if self.property("kind") != self.kind:
            # A property and a page-wide style sheet: far cheaper than a style sheet per chip.
            self.setProperty("kind", self.kind)
            for widget in (self, self.label):
                widget.style().unpolish(widget)
                widget.style().polish(widget)
        if self._palette is not None:
            side = int(px(self.size_role, self._scale) * 1.35)
            self.icon.set_look(self.kind, kind_colour(self.kind, self._palette), self._palette.window, side)


def chip_stylesheet(p: Palette, scale: float, size_role: str = "button") -> str:
    """Rules for every :class:`StatusChip` under the widget this sheet is set on."""
    font_px = px(size_role, scale)
    # Under half the chip's height at every text size: a larger radius makes Qt draw square
    # corners (seen at 200 %), and the pill shape is part of how the chip reads.
    radius = int(font_px * 0.6)
    rules = [f"QFrame#statusChip {{ border: 4px solid {p.muted}; border-radius: {radius}px; background: {p.window}; }}",
             f"QFrame#statusChip QLabel {{ color: {p.muted}; font-size: {font_px}px; font-weight: 700; }}",
             'QFrame#statusChip[kind="unknown"] { border-style: dashed; }']
    for kind in ("good", "warn", "bad"):
        colour = kind_colour(kind, p)
        rules.append(f'QFrame#statusChip[kind="{kind}"] {{ border-color: {colour}; }}')
        rules.append(f'QFrame#statusChip[kind="{kind}"] QLabel {{ color: {colour}; }}')
    return "\n".join(rules)
