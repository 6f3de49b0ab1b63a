"""The map's layers, bottom to top: parks, water and building footprints; the 5- and 10-minute
walk areas; streets by class with casings; street names along their lines; place icons (landmarks
larger) with their names; the route; "you are here".

A mixin of :class:`ui.widgets.mapview.MapView`: it fills the view's scene; where the labels go is
decided by :mod:`ui.widgets.map_labels`. Streets are one path item per drawing class with
cosmetic pens (their width in screen pixels stays readable at every zoom), so a city's worth of
streets paints as a handful of items.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainterPath, QPen, QPolygonF

from kiosk.i18n import _
from ui.widgets.map_items import (STREET_WIDTHS, HereItem, LabelItem, PlaceItem, _cosmetic,
                                  _line_path, _to_scene)

#: Icon radius (screen pixels) of an ordinary place and of a landmark.
PLACE_RADIUS, LANDMARK_RADIUS = 17, 24


def is_landmark(place) -> bool:
    return place.tags.get("landmark") == "yes"


class MapLayers:
    """Builds the scene of a :class:`~ui.widgets.mapview.MapView` (see module docs)."""

    def _build(self) -> None:
        scene, c, wf = self.scene(), self.colors, self.wf
        scene.clear()
        self.place_items, self.place_labels, self.ring_items, self.route_items = {}, {}, [], []
        self.street_labels = []
        self.here_item = self.here_label = self.route_flag = None  # deleted with the old scene
        scene.setBackgroundBrush(QColor(c.background))
        x0, y0, x1, y1 = wf.pack.bounds_xy()
        margin = 3000.0
        scene.setSceneRect(QRectF(x0 - margin, -y1 - margin, x1 - x0 + 2 * margin, y1 - y0 + 2 * margin))
        self._build_areas()
        self._build_rings()
        self._build_streets()
        self._build_places()
        self.here = _to_scene(wf.here_xy)
        self.here_item = HereItem(c.here, c.icon_edge, 14)
        self.here_item.setPos(self.here)
        self.here_item.setZValue(9)
        scene.addItem(self.here_item)
        # centred on its point: the label placement moves it beside the marker (map_labels)
        self.here_label = LabelItem(_("You are here"), self._font(bold=True),
                                    c.here if c.halo == "#000000" else c.text, c.halo, centred=True)
        self.here_label.setPos(self.here)
        self.here_label.setZValue(9)
        scene.addItem(self.here_label)
        if self.route is not None:
            self._build_route()

    def _font(self, bold: bool = False, delta: int = 0) -> QFont:
        font = QFont()
        font.setPixelSize(self.font_px + delta)
        font.setBold(bold)
        return font

    def _build_areas(self) -> None:
        """Parks and water as filled areas, buildings as light footprints with a darker edge
        (under the streets: a street kiosk reads blocks by their buildings), other kinds as a
        thin outline."""
        scene, c, proj = self.scene(), self.colors, self.wf.projection
        style = {"park": (c.park_edge, 2.5, c.park_fill, 0.0), "water": (c.water, 1.0, c.water, 0.0),
                 "building": (c.building_edge, 1.2, c.building, 0.5),
                 "plaza": (c.building_edge, 1.0, c.background, 0.2)}
        for area in self.wf.pack.areas:
            path = QPainterPath()
            for ring in area.rings:
                path.addPolygon(QPolygonF([_to_scene(proj.to_xy(lat, lon)) for lat, lon in ring]))
                path.closeSubpath()
            edge, width, fill, z = style.get(area.kind, (c.park_edge, 2.5, None, 0.0))
            item = scene.addPath(path, _cosmetic(edge, width),
                                 QBrush(QColor(fill)) if fill else QBrush(Qt.BrushStyle.NoBrush))
            item.setZValue(z)

    def _build_streets(self) -> None:
        scene, c, pack = self.scene(), self.colors, self.wf.pack
        by_style: dict[str, list] = {}
        for street in pack.streets:
            tags = street.tags
            if tags.get("tunnel") in ("yes", "building_passage") or tags.get("indoor") not in (None, "no") \
                    or tags.get("layer", "").startswith("-"):
                continue  # underground or indoors: not a street a visitor sees on the corner
            style = street.style
            if style == "minor" and street.highway in ("service", "track"):
                style = "service"  # alleys and driveways: thinner than residential streets
            by_style.setdefault(style, []).append(pack.street_xy(street))
        widths = STREET_WIDTHS
        order = [("path", c.path, Qt.PenStyle.DotLine), ("service", c.street, Qt.PenStyle.SolidLine),
                 ("minor", c.street, Qt.PenStyle.SolidLine),
                 ("major", c.street, Qt.PenStyle.SolidLine), ("crossing", c.street, Qt.PenStyle.SolidLine),
                 ("steps", c.steps, Qt.PenStyle.DashLine)]
        for z, (style, color, pen_style) in enumerate(order):
            lines = by_style.get(style)
            if not lines:
                continue
            path = _line_path(lines)
            if style in ("service", "minor", "major", "crossing"):
                casing = scene.addPath(path, _cosmetic(c.casing, widths[style] + 4))
                casing.setZValue(2 + z * 0.1)
            item = scene.addPath(path, _cosmetic(color, widths[style], pen_style))
            item.setZValue(3 + z * 0.1)
            if style == "crossing":  # zebra stripes over the white
                stripes = scene.addPath(path, _cosmetic(c.casing, widths[style] - 2, Qt.PenStyle.DotLine))
                stripes.setZValue(3.95)
        self._build_street_labels()

    def _build_street_labels(self) -> None:
        """Labels along their streets: up to four per name, at the middle of its longest pieces,
        turned to the line (kept readable left to right as the view turns); the declutter pass
        drops the ones that would collide."""
        pack, c = self.wf.pack, self.colors
        pieces: dict[str, list[tuple[float, tuple[float, float], float]]] = {}
        for street in pack.streets:
            if street.style not in ("major", "minor") or not street.name(self.lang):
                continue
            if street.tags.get("tunnel") in ("yes", "building_passage"):
                continue
            xy = pack.street_xy(street)
            lengths = [math.dist(p, q) for p, q in zip(xy, xy[1:])]
            total = sum(lengths)
            if total < 60:
                continue  # too short to carry a name along it
            walked, mid, angle = 0.0, xy[0], 0.0
            for (p, q), seg in zip(zip(xy, xy[1:]), lengths):
                if walked + seg >= total / 2 and seg > 0:
                    t = (total / 2 - walked) / seg
                    mid = (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t)
                    angle = math.degrees(math.atan2(-(q[1] - p[1]), q[0] - p[0]))  # scene y is down
                    break
                walked += seg
            pieces.setdefault(street.name(self.lang), []).append((total, mid, angle))
        font = self._font(delta=-4)
        here = self.wf.here_xy
        # on the street itself: dark text with a halo of the street's own colour, so a white
        # street in high contrast does not swallow white letters
        text = c.casing if c.halo == "#000000" else c.text
        for name, found in pieces.items():
            # nearest the kiosk first (the street it stands on gets its name in view), long ones
            # before short ones at the same distance
            found.sort(key=lambda piece: (round(math.dist(piece[1], here) / 250), -piece[0]))
            chosen = [found[0]]
            for piece in found[1:]:
                if len(chosen) == 4:
                    break
                if all(math.dist(piece[1], m) > 450 for _, m, _ in chosen):
                    chosen.append(piece)
            for _length, mid, angle in chosen:
                label = LabelItem(name, font, text, c.street, centred=True)
                label.line_deg = angle
                label.setPos(_to_scene(mid))
                label.setZValue(6)
                self.scene().addItem(label)
                self.street_labels.append(label)

    def _build_places(self) -> None:
        c = self.colors
        for place in self.wf.pack.places:
            landmark = is_landmark(place)
            category = place.categories[0] if place.categories else ("landmark" if landmark else "")
            item = PlaceItem(place.id, category, LANDMARK_RADIUS if landmark else PLACE_RADIUS, c.icon_edge)
            item.landmark = landmark
            item.setPos(_to_scene(self.wf.place_xy(place)))
            item.setZValue(7.2 if landmark else 7)
            self.scene().addItem(item)
            self.place_items[place.id] = item
            radius = LANDMARK_RADIUS if landmark else PLACE_RADIUS
            label = LabelItem(place.name(self.lang), self._font(bold=True, delta=0 if landmark else -2),
                              c.text, c.halo, (radius + 9, 0))
            label.place_id = place.id  # hidden with its icon
            label.landmark = landmark
            label.setPos(item.pos())
            label.setZValue(8.2 if landmark else 8)
            self.scene().addItem(label)
            self.place_labels[place.id] = label
        self._show_labels()

    def _build_rings(self) -> None:
        """The walk areas as soft filled shapes (the 5-minute one looks darker: both fills
        overlap there) with a thin edge, and a "5 min" label placed on the edge later."""
        c = self.colors
        for ring in self.rings:
            points = [_to_scene(xy) for xy in ring.polygon_xy]
            if len(points) < 3:
                continue
            fill = QColor(c.ring)
            fill.setAlpha(22 if c.halo != "#000000" else 40)
            edge = QColor(c.ring)
            edge.setAlpha(150)
            pen = QPen(edge, 2.5, Qt.PenStyle.SolidLine)
            pen.setCosmetic(True)
            item = self.scene().addPolygon(QPolygonF(points), pen, QBrush(fill))
            item.setZValue(1)
            text = _("{minutes} min").format(minutes=int(ring.minutes))
            label = LabelItem(text, self._font(bold=True, delta=-4), c.ring,
                              c.halo, centred=True, plate=True)
            label.setZValue(6.5)
            self.scene().addItem(label)
            self.ring_items.append((item, label, points))

    def _build_route(self) -> None:
        c, route = self.colors, self.route
        path = _line_path([list(route.points_xy)])
        casing = self.scene().addPath(path, _cosmetic(c.route_casing, 18))
        line = self.scene().addPath(path, _cosmetic(c.route, 11))
        casing.setZValue(4.5)
        line.setZValue(4.6)
        end = _to_scene(route.points_xy[-1])
        pin = HereItem(c.route, c.route_casing, 16)
        pin.cone_deg = None
        pin.setPos(end)
        pin.setZValue(8.5)
        flag = LabelItem(self.route_label or _("Destination"), self._font(bold=True), c.text, c.halo,
                         centred=True)
        flag.setPos(end)
        flag.setZValue(8.6)
        self.route_flag = flag
        self.route_items = [casing, line, pin, flag]
        for item in (pin, flag):
            self.scene().addItem(item)
