"""The status shapes of the class grid, drawn rather than typed: an empty ring, a half-filled
circle, a triangle with "!", a filled circle with a tick, a star for a mastered lesson — in the
status colour. Used by the grid's cells and column totals (:mod:`ui.screens.trainer.grid`) and by
:class:`GridLegend`, the key above the grid that says what each shape means.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from kiosk.i18n import _
from kiosk.progress.grid import STATUS_SHAPES, GridView
from kiosk.progress.summary import Status
from ui.theme import Palette, px
from ui.widgets.flow import FlowWidget


def leading(rect: QRectF, x: float, wide: float, rtl: bool) -> QRectF:
    """A box ``wide`` across, ``x`` from the start of ``rect`` (its left edge, or its right
    edge right to left), as tall as ``rect``."""
    left = rect.right() - x - wide if rtl else rect.left() + x
    return QRectF(left, rect.top(), wide, rect.height())


def status_color(palette: Palette, status: Status) -> str:
    return {Status.COMPLETED: palette.good, Status.MASTERED: palette.good,
            Status.NEEDS_HELP: palette.bad, Status.STARTED: palette.warn}.get(status, palette.muted)


def star(rect: QRectF) -> QPolygonF:
    """A five-pointed star filling ``rect`` (a square), one point up."""
    centre, outer = rect.center(), rect.width() / 2
    points = []
    for n in range(10):
        radius = outer if n % 2 == 0 else outer * 0.45
        angle = math.radians(-90 + 36 * n)
        points.append(QPointF(centre.x() + radius * math.cos(angle),
                              centre.y() + 0.08 * outer + radius * math.sin(angle)))
    return QPolygonF(points)


def paint_shape(painter: QPainter, rect: QRectF, shape: str, color: QColor, window: QColor) -> None:
    """Draw a status shape filling ``rect`` (a square)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    line = max(2.0, rect.width() / 9)
    inner = rect.adjusted(line / 2, line / 2, -line / 2, -line / 2)
    pen = QPen(color, line)
    if shape == "ring":
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(inner)
    elif shape == "half":
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(inner)
        half = QPainterPath()
        half.moveTo(inner.center())
        half.arcTo(inner, 90, 180)  # the left half, whichever way the text runs
        half.closeSubpath()
        painter.fillPath(half, color)
    elif shape == "triangle":
        triangle = QPolygonF([QPointF(rect.center().x(), rect.top()), rect.bottomRight(),
                              rect.bottomLeft()])
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawPolygon(triangle)
        mark = QPen(window, line)
        mark.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(mark)
        x = rect.center().x()
        painter.drawLine(QPointF(x, rect.top() + rect.height() * 0.38),
                         QPointF(x, rect.top() + rect.height() * 0.68))
        painter.drawPoint(QPointF(x, rect.top() + rect.height() * 0.84))
    elif shape == "star":
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawPolygon(star(rect.adjusted(-1, -1, 1, 1)))
    else:  # tick
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawEllipse(rect)
        tick = QPen(window, line * 1.2)
        tick.setCapStyle(Qt.PenCapStyle.RoundCap)
        tick.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(tick)
        w, h, left, top = rect.width(), rect.height(), rect.left(), rect.top()
        painter.drawPolyline(QPolygonF([QPointF(left + w * 0.27, top + h * 0.52),
                                        QPointF(left + w * 0.44, top + h * 0.69),
                                        QPointF(left + w * 0.74, top + h * 0.34)]))
    painter.restore()


class ShapeIcon(QWidget):
    """One status shape, the size of a line of text (the legend's pictures)."""

    def __init__(self, status: Status, palette: Palette, side: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status, self.palette_ = status, palette
        self.setFixedSize(side, side)

    def paintEvent(self, _event) -> None:  # noqa: ANN001, N802 - Qt override
        painter = QPainter(self)
        paint_shape(painter, QRectF(1, 1, self.width() - 2, self.height() - 2),
                    STATUS_SHAPES[self.status], QColor(status_color(self.palette_, self.status)),
                    QColor(self.palette_.window))
        painter.end()


class GridLegend(FlowWidget):
    """What each shape means: the shape as drawn in the cells, its word beside it; the items
    wrap onto more lines at big text."""

    def __init__(self, view: GridView, palette: Palette, scale: float,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, spacing=int(px("small", scale) * 1.2), margin=0)
        self.setObjectName("trainer_grid_legend")
        font = QFont()
        font.setPixelSize(px("small", scale))
        side = int(QFontMetrics(font).height() * 0.85)
        self.labels: list[QLabel] = []
        for status in view.legend():
            item = QWidget()
            row = QHBoxLayout(item)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(max(4, side // 3))
            row.addWidget(ShapeIcon(status, palette, side))
            word = QLabel(status.label())
            word.setFont(font)
            word.setObjectName(f"trainer_legend_{status.value}")
            row.addWidget(word)
            self.labels.append(word)
            self.add(item)
        words = ", ".join(label.text() for label in self.labels)
        self.setAccessibleName(_("What the shapes mean") + ": " + words)
