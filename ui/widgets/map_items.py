"""What the map draws besides streets: colours, category symbols, place icons, labels, the
"you are here" marker, the north arrow, and small geometry helpers for the scene.

Icons, labels and the marker ignore the view's transformations: they stay the same size and
upright whatever the zoom and rotation (see :mod:`ui.widgets.mapview`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPixmap, QPolygonF, QTransform
from PySide6.QtWidgets import QGraphicsItem, QWidget

from kiosk.i18n import _


# -- colours and category symbols ------------------------------------------------------------------

@dataclass(frozen=True)
class MapColors:
    background: str
    park_fill: str
    park_edge: str
    street: str
    casing: str
    path: str
    steps: str
    ring: str
    route: str
    route_casing: str
    text: str
    halo: str
    here: str
    icon_edge: str
    building: str = "#DDD9D0"
    building_edge: str = "#B3ADA1"
    water: str = "#B9D7EE"


MAP_COLORS = {
    "standard": MapColors(
        background="#F2F0EA", park_fill="#CDE6C0", park_edge="#3D7A36", street="#FFFFFF",
        casing="#7D848F", path="#6B5A3A", steps="#3A2E1C", ring="#0B3D91", route="#0B3D91",
        route_casing="#FFFFFF", text="#111111", halo="#FFFFFF", here="#C62828", icon_edge="#FFFFFF"),
    "high_contrast": MapColors(
        background="#000000", park_fill="#0B3512", park_edge="#7CFF7C", street="#E6E6E6",
        casing="#000000", path="#BDBDBD", steps="#FFFFFF", ring="#00E5FF", route="#FFE600",
        route_casing="#000000", text="#FFFFFF", halo="#000000", here="#FF6B6B", icon_edge="#FFFFFF",
        building="#2B2B2B", building_edge="#8C8C8C", water="#0A2A4A"),
}

#: Category -> (shape, fill colour, pictogram). Shape and pictogram tell categories apart
#: without colour; the panel shows the same symbol next to the category's name.
CATEGORY_SYMBOLS = {
    "city_services": ("square", "#0B3D91", "building"),
    "library": ("circle", "#6A1B9A", "book"),
    "parks": ("hexagon", "#1B5E20", "tree"),
    "transit": ("rounded", "#00695C", "bus"),
    "wifi": ("diamond", "#37474F", "wifi"),
    "ev_charging": ("pentagon", "#B23C00", "bolt"),
    "restrooms": ("stadium", "#4E342E", "wc"),
}
#: A landmark that is in no category (a statue, a theatre): a star, unlike every category.
LANDMARK_SYMBOL = ("star", "#5D4037", "dot")


def _polygon(sides: int, r: float, start_deg: float) -> QPolygonF:
    return QPolygonF([QPointF(r * math.cos(math.radians(start_deg + i * 360 / sides)),
                              r * math.sin(math.radians(start_deg + i * 360 / sides)))
                      for i in range(sides)])


def _shape_path(shape: str, r: float) -> QPainterPath:
    path = QPainterPath()
    if shape == "circle":
        path.addEllipse(QPointF(0, 0), r, r)
    elif shape == "square":
        path.addRect(QRectF(-r * 0.9, -r * 0.9, r * 1.8, r * 1.8))
    elif shape == "rounded":
        path.addRoundedRect(QRectF(-r * 0.9, -r * 0.9, r * 1.8, r * 1.8), r * 0.45, r * 0.45)
    elif shape == "stadium":
        path.addRoundedRect(QRectF(-r, -r * 0.78, r * 2, r * 1.56), r * 0.78, r * 0.78)
    elif shape == "diamond":
        path.addPolygon(_polygon(4, r * 1.12, -90))
    elif shape == "star":
        path.addPolygon(QPolygonF([QPointF((r * 1.15 if i % 2 == 0 else r * 0.55) * math.cos(math.radians(-90 + i * 36)),
                                           (r * 1.15 if i % 2 == 0 else r * 0.55) * math.sin(math.radians(-90 + i * 36)))
                                   for i in range(10)]))
    elif shape == "hexagon":
        path.addPolygon(_polygon(6, r, -90))
    else:  # pentagon
        path.addPolygon(_polygon(5, r * 1.05, -90))
    path.closeSubpath()
    return path


def _pictogram(painter: QPainter, kind: str, r: float, color: QColor) -> None:
    """A simple white pictogram within radius ``r`` around (0, 0)."""
    u = r / 10.0
    painter.setBrush(color)
    painter.setPen(Qt.PenStyle.NoPen)
    if kind == "building":  # roof, three columns, base
        painter.drawPolygon(QPolygonF([QPointF(-6 * u, -2 * u), QPointF(0, -6 * u), QPointF(6 * u, -2 * u)]))
        for x in (-4.5, -0.9, 2.7):
            painter.drawRect(QRectF(x * u, -1.2 * u, 1.8 * u, 5 * u))
        painter.drawRect(QRectF(-6 * u, 4.2 * u, 12 * u, 1.6 * u))
    elif kind == "book":
        painter.drawPolygon(QPolygonF([QPointF(-6 * u, -4 * u), QPointF(-0.6 * u, -3 * u),
                                       QPointF(-0.6 * u, 5 * u), QPointF(-6 * u, 4 * u)]))
        painter.drawPolygon(QPolygonF([QPointF(6 * u, -4 * u), QPointF(0.6 * u, -3 * u),
                                       QPointF(0.6 * u, 5 * u), QPointF(6 * u, 4 * u)]))
    elif kind == "tree":
        painter.drawEllipse(QPointF(0, -1.8 * u), 4.6 * u, 4.4 * u)
        painter.drawRect(QRectF(-1 * u, 1.5 * u, 2 * u, 4.8 * u))
    elif kind == "bus":
        body = QPainterPath()
        body.addRoundedRect(QRectF(-4.8 * u, -5.5 * u, 9.6 * u, 9.5 * u), 1.5 * u, 1.5 * u)
        painter.drawPath(body)
        painter.drawEllipse(QPointF(-3 * u, 4.6 * u), 1.3 * u, 1.3 * u)
        painter.drawEllipse(QPointF(3 * u, 4.6 * u), 1.3 * u, 1.3 * u)
        painter.setBrush(QColor(0, 0, 0, 150))
        painter.drawRect(QRectF(-3.6 * u, -4 * u, 7.2 * u, 3.4 * u))
    elif kind == "wifi":
        pen = QPen(color, 1.5 * u, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for radius in (2.5, 4.8, 7.0):
            rect = QRectF(-radius * u, (3.5 - radius) * u, 2 * radius * u, 2 * radius * u)
            painter.drawArc(rect, 45 * 16, 90 * 16)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawEllipse(QPointF(0, 3.8 * u), 1.3 * u, 1.3 * u)
    elif kind == "bolt":
        painter.drawPolygon(QPolygonF([QPointF(1.5 * u, -6.5 * u), QPointF(-4 * u, 1 * u),
                                       QPointF(-0.5 * u, 1 * u), QPointF(-1.5 * u, 6.5 * u),
                                       QPointF(4 * u, -1 * u), QPointF(0.5 * u, -1 * u)]))
    elif kind == "dot":
        painter.drawEllipse(QPointF(0, 0), 2.2 * u, 2.2 * u)
    else:  # wc: the international sign is the letters themselves
        font = QFont()
        font.setPixelSize(max(6, int(8 * u)))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(color)
        painter.drawText(QRectF(-r, -r, 2 * r, 2 * r), Qt.AlignmentFlag.AlignCenter, "WC")


def paint_symbol(painter: QPainter, category: str, radius: float, edge: str = "#FFFFFF") -> None:
    """Draw ``category``'s symbol centred on (0, 0) in the painter's current coordinates."""
    shape, fill, picto = CATEGORY_SYMBOLS.get(
        category, LANDMARK_SYMBOL if category == "landmark" else ("circle", "#455A64", "building"))
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(QColor(edge), max(2.0, radius / 7)))
    painter.setBrush(QColor(fill))
    painter.drawPath(_shape_path(shape, radius))
    _pictogram(painter, picto, radius * 0.78, QColor("#FFFFFF"))


def symbol_pixmap(category: str, side: int, edge: str = "#FFFFFF") -> QPixmap:
    """The category symbol as a square pixmap (for tiles and result rows)."""
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.translate(side / 2, side / 2)
    paint_symbol(painter, category, side * 0.44, edge)
    painter.end()
    return pixmap


# -- items that keep their screen size and stay upright ------------------------------------------

class PlaceItem(QGraphicsItem):
    """A place's symbol, constant size on screen."""

    def __init__(self, place_id: str, category: str, radius: float, edge: str) -> None:
        super().__init__()
        self.place_id = place_id
        self.category = category
        self.radius = radius
        self.edge = edge
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        r = self.radius * 1.2 + 4
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        paint_symbol(painter, self.category, self.radius, self.edge)


class LabelItem(QGraphicsItem):
    """Text with a halo, upright at every rotation; ``offset`` in screen pixels from its point."""

    def __init__(self, text: str, font: QFont, color: str, halo: str,
                 offset: tuple[float, float] = (0.0, 0.0), centred: bool = False,
                 plate: bool = False) -> None:
        super().__init__()
        self.text = text
        # A plate (a rounded box in the halo colour) for a label that sits on a line, such as
        # "10 min" on its walk area's edge: a halo alone lets the line show between the words.
        self.plate = plate
        path = QPainterPath()
        path.addText(0, 0, font, text)
        box = path.boundingRect()
        dx = offset[0] - (box.width() / 2 if centred else 0) - box.left()
        dy = offset[1] - box.top() - box.height() / 2
        self.path = path.translated(dx, dy)
        self.fill = QColor(color)
        self.halo_pen = QPen(QColor(halo), max(3.0, font.pixelSize() / 5), Qt.PenStyle.SolidLine,
                             Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        self.bounds = self.path.boundingRect().adjusted(-6, -6, 6, 6)
        self._flat_path = self.path
        self.angle = 0.0
        self.wanted = True  # False: hidden whatever the room (e.g. a place of another category)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        # Stroking a text outline is slow; the label never changes size or turns on screen, so
        # one cached pixmap per label makes a repaint a blit (map paint 52 ms -> under 10).
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def set_angle(self, degrees: float) -> None:
        """Turn the text (a street name along its line). The turn is baked into the outline
        rather than set as the item's rotation: a rotated item misses the pixmap cache and made
        every map repaint 5-15 times slower."""
        if abs(degrees - self.angle) < 0.01:
            return
        self.prepareGeometryChange()
        self.angle = degrees
        self.path = QTransform().rotate(degrees).map(self._flat_path)
        self.bounds = self.path.boundingRect().adjusted(-6, -6, 6, 6)
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self.bounds

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.plate:
            box = self.path.boundingRect().adjusted(-5, -3, 5, 3)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.halo_pen.color())
            painter.drawRoundedRect(box, 4, 4)
        painter.strokePath(self.path, self.halo_pen)
        painter.fillPath(self.path, self.fill)


class HereItem(QGraphicsItem):
    """"You are here": a dot with a cone showing which way the visitor looks at the screen."""

    def __init__(self, color: str, edge: str, radius: float) -> None:
        super().__init__()
        self.color = QColor(color)
        self.edge = QColor(edge)
        self.radius = radius
        self.cone_deg: float | None = 0.0  # on screen: 0 = up, clockwise; None = no cone
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        r = self.radius * 4
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.cone_deg is not None:
            cone = QColor(self.color)
            cone.setAlpha(90)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(cone)
            r = self.radius * 3.8
            # Qt angles: 0 = 3 o'clock, counter-clockwise; our 0 = up, clockwise.
            painter.drawPie(QRectF(-r, -r, 2 * r, 2 * r), int((90 - self.cone_deg - 35) * 16), 70 * 16)
        painter.setPen(QPen(self.edge, self.radius / 3))
        painter.setBrush(self.color)
        painter.drawEllipse(QPointF(0, 0), self.radius, self.radius)


class NorthArrow(QWidget):
    """A small compass needle in the map's corner pointing where north is on screen."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.angle = 0.0
        self.colors = MAP_COLORS["standard"]
        self.setFixedSize(96, 96)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAccessibleName(_("North arrow"))

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        c = self.colors
        painter.setPen(QPen(QColor(c.text), 3))
        painter.setBrush(QColor(c.halo))
        painter.drawEllipse(QRectF(4, 4, 88, 88))
        painter.translate(48, 48)
        painter.rotate(self.angle)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(c.here))
        painter.drawPolygon(QPolygonF([QPointF(0, -18), QPointF(9, 4), QPointF(-9, 4)]))
        painter.setBrush(QColor(c.text))
        painter.drawPolygon(QPolygonF([QPointF(0, 24), QPointF(7, 4), QPointF(-7, 4)]))
        painter.rotate(-self.angle)
        font = QFont()
        font.setPixelSize(22)
        font.setBold(True)
        painter.setFont(font)
        # The letter sits beside the needle's tip, upright.
        tip = QTransform().rotate(self.angle).map(QPointF(0, -31))
        painter.setPen(QColor(c.text))
        painter.drawText(QRectF(tip.x() - 14, tip.y() - 14, 28, 28),
                         Qt.AlignmentFlag.AlignCenter, _("N"))
        painter.end()


# -- the view -----------------------------------------------------------------------------------

def _to_scene(xy: tuple[float, float]) -> QPointF:
    return QPointF(xy[0], -xy[1])


def _line_path(lines: Iterable[list[tuple[float, float]]]) -> QPainterPath:
    path = QPainterPath()
    for line in lines:
        if len(line) < 2:
            continue
        path.moveTo(_to_scene(line[0]))
        for point in line[1:]:
            path.lineTo(_to_scene(point))
    return path


def _cosmetic(color: str, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(QColor(color), width, style, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    pen.setCosmetic(True)
    return pen


STREET_WIDTHS = {"major": 14.0, "minor": 9.0, "service": 5.0, "path": 4.0, "steps": 6.0, "crossing": 7.0}