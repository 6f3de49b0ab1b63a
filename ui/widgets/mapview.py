"""The vector map: streets, parks, places, walk rings, a route and "you are here", in a
QGraphicsView that pans, pinch-zooms and turns heads-up.

The scene is in projected metres from :attr:`kiosk.maps.service.Wayfinder.projection` with y
flipped for Qt (scene x = east metres, scene y = −north metres). Streets are one path item per
drawing class with cosmetic pens (their width in screen pixels stays readable at every zoom), so a
city's worth of streets paints as a handful of items. Icons, labels and the "you are here" marker
ignore the view's transformations: they stay the same size and upright whatever the zoom and
rotation, and the facing cone is turned by hand to match the view.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF, QTransform
from PySide6.QtWidgets import (QGraphicsItem, QGraphicsPathItem, QGraphicsScene, QGraphicsView,
                               QPinchGesture, QWidget)

from kiosk.i18n import _
from ui.widgets.map_items import (CATEGORY_SYMBOLS, MAP_COLORS, STREET_WIDTHS, HereItem, LabelItem,
                                  MapColors, NorthArrow, PlaceItem, _cosmetic, _line_path, _to_scene,
                                  paint_symbol, soften_ring, symbol_pixmap)

if TYPE_CHECKING:
    from kiosk.maps.service import Route, Wayfinder

ZOOM_MIN, ZOOM_MAX = 0.08, 6.0  # screen pixels per metre

#: Which icons win where they would overlap (first wins), and from which zoom (screen pixels per
#: metre) each category is drawn at all when the visitor is not choosing among it: a city has
#: hundreds of bus stops and WiFi points, which would bury the streets at the starting zoom.
ICON_PRIORITY = ("city_services", "library", "parks", "restrooms", "ev_charging", "wifi", "transit")
ICON_MIN_ZOOM = {"wifi": 1.5, "transit": 2.0}
#: Screen pixels around "you are here" kept free of icons.
HERE_CLEAR_PX = 34
BUTTON_ZOOM = 1.5

#: Re-exported: the screen, the accessibility tests and the bench read these from here.
__all__ = ["BUTTON_ZOOM", "CATEGORY_SYMBOLS", "MAP_COLORS", "MapColors", "MapView", "ZOOM_MAX",
           "ZOOM_MIN", "paint_symbol", "soften_ring", "symbol_pixmap"]


class MapView(QGraphicsView):
    """The map. :meth:`show_map` draws a Wayfinder's pack; :meth:`show_route` adds a route."""

    view_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mapView")
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self.zoom = 0.5
        self.rotation_deg = 0.0  # the view's clockwise turn; heads-up = −facing
        self.facing_deg = 0.0
        self.here = QPointF(0, 0)
        self.home_zoom = 0.5
        self.colors = MAP_COLORS["standard"]
        self.font_px = 24
        self.wf: Wayfinder | None = None
        self.lang = "en"
        self.place_items: dict[str, PlaceItem] = {}
        self.place_labels: dict[str, LabelItem] = {}
        self.here_item: HereItem | None = None
        self.ring_items: list[tuple[QGraphicsPathItem, LabelItem, list[QPointF]]] = []
        self.route_items: list[QGraphicsItem] = []
        self.route: Route | None = None
        self.route_label = ""
        self.highlight: str | None = None
        self.north = NorthArrow(self)
        self.north.move(16, 16)
        # What to redo when the view is resized before the visitor moved the map (first layout).
        self._auto_view = self.back_to_me

    # -- building ---------------------------------------------------------------------------
    def show_map(self, wf: Wayfinder, rings: list, *, theme: str = "standard", font_px: int = 24,
                 lang: str = "en", heads_up: bool = False) -> None:
        """Draw ``wf``'s pack (and walk ``rings``); keeps the current zoom and centre if any."""
        first = self.wf is None
        self.wf = wf
        self.rings = rings
        self.colors = MAP_COLORS.get(theme, MAP_COLORS["standard"])
        self.north.colors = self.colors
        self.font_px = font_px
        self.lang = lang
        self.facing_deg = wf.facing_deg
        self.heads_up = heads_up
        centre = self.mapToScene(self.viewport().rect().center()) if not first else None
        self._build()
        if first:
            self.rotation_deg = -wf.facing_deg if heads_up else 0.0
            self.back_to_me()
        else:
            self._apply(centre)

    def _build(self) -> None:
        scene, c, wf = self.scene(), self.colors, self.wf
        scene.clear()
        self.place_items, self.place_labels, self.ring_items, self.route_items = {}, {}, [], []
        self.street_labels = []
        scene.setBackgroundBrush(QColor(c.background))
        x0, y0, x1, y1 = wf.pack.bounds_xy()
        margin = 3000.0
        scene.setSceneRect(QRectF(x0 - margin, -y1 - margin, x1 - x0 + 2 * margin, y1 - y0 + 2 * margin))
        proj = wf.projection
        for area in wf.pack.areas:
            path = QPainterPath()
            for ring in area.rings:
                path.addPolygon(QPolygonF([_to_scene(proj.to_xy(lat, lon)) for lat, lon in ring]))
                path.closeSubpath()
            item = scene.addPath(path, _cosmetic(c.park_edge, 2.5), QBrush(QColor(c.park_fill)))
            if area.kind != "park":
                item.setBrush(Qt.BrushStyle.NoBrush)
            item.setZValue(0)
        self._build_rings()
        self._build_streets()
        self._build_places()
        self.here = _to_scene(wf.here_xy)
        self.here_item = HereItem(c.here, c.icon_edge, 14)
        self.here_item.setPos(self.here)
        self.here_item.setZValue(9)
        scene.addItem(self.here_item)
        here_label = LabelItem(_("You are here"), self._font(bold=True), c.here if c.halo == "#000000"
                               else c.text, c.halo, (26, 0))
        here_label.setPos(self.here)
        here_label.setZValue(9)
        scene.addItem(here_label)
        if self.route is not None:
            self._build_route()

    def _font(self, bold: bool = False, delta: int = 0) -> QFont:
        font = QFont()
        font.setPixelSize(self.font_px + delta)
        font.setBold(bold)
        return font

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
        """Labels along their streets: up to three per name, at the middle of its longest pieces,
        turned to the line (kept readable left to right as the view turns, see :meth:`_apply`);
        the declutter pass drops the ones that would collide."""
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
        self.street_labels: list[LabelItem] = []
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

    def _turn_street_labels(self) -> None:
        for label in getattr(self, "street_labels", ()):
            screen = (label.line_deg + self.rotation_deg + 90) % 180 - 90  # never upside down
            label.set_angle(screen)

    def _build_places(self) -> None:
        c = self.colors
        for place in self.wf.pack.places:
            category = place.categories[0] if place.categories else ""
            item = PlaceItem(place.id, category, 17, c.icon_edge)
            item.setPos(_to_scene(self.wf.place_xy(place)))
            item.setZValue(7)
            self.scene().addItem(item)
            self.place_items[place.id] = item
            label = LabelItem(place.name(self.lang), self._font(bold=True, delta=-2), c.text, c.halo, (26, 0))
            label.place_id = place.id  # hidden with its icon
            label.setPos(item.pos())
            label.setZValue(8)
            self.scene().addItem(label)
            self.place_labels[place.id] = label
        self._show_labels()

    def _build_rings(self) -> None:
        c = self.colors
        centre = self.wf.here_xy
        for ring in self.rings:
            points = [_to_scene(xy) for xy in soften_ring(ring.polygon_xy, centre)]
            if len(points) < 3:
                continue
            fill = QColor(c.ring)
            fill.setAlpha(14)
            edge = QColor(c.ring)
            edge.setAlpha(170)
            pen = QPen(edge, 3, Qt.PenStyle.DashLine)
            pen.setCosmetic(True)
            item = self.scene().addPolygon(QPolygonF(points), pen, QBrush(fill))
            item.setZValue(1)
            text = _("{minutes} min").format(minutes=int(ring.minutes))
            label = LabelItem(text, self._font(bold=True, delta=-4), c.ring if c.halo == "#000000" else c.text,
                              c.halo, centred=True)
            label.setZValue(6.5)
            self.scene().addItem(label)
            self.ring_items.append((item, label, points))

    # -- places and route -----------------------------------------------------------------------
    def set_highlight(self, category: str | None) -> None:
        """Label the places of ``category`` (the ones the visitor is choosing among)."""
        self.highlight = category
        self._show_labels()

    def _show_labels(self) -> None:
        wanted = {self.highlight} if self.highlight else {"city_services", "library", "parks"}
        destination = self.route.destination.place.id if self.route and self.route.destination.place else None
        for place in self.wf.pack.places if self.wf else ():
            label = self.place_labels.get(place.id)
            if label is not None:
                label.wanted = place.id == destination or (destination is None
                                                          and bool(wanted & set(place.categories[:1])))
        self._declutter()

    def show_route(self, route: Route | None, label: str = "") -> None:
        """Draw ``route`` (None clears it) and fit it in view."""
        for item in self.route_items:
            self.scene().removeItem(item)
        self.route_items = []
        self.route, self.route_label = route, label
        if route is not None:
            self._build_route()
            self._auto_view = self.fit_route
            self.fit_route()
        self._show_labels()

    def fit_route(self) -> None:
        if self.route is not None:
            self.fit_points([_to_scene(xy) for xy in self.route.points_xy] + [self.here])

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
        flag = LabelItem(self.route_label or _("Destination"), self._font(bold=True), c.text, c.halo, (28, 0))
        flag.setPos(end)
        flag.setZValue(8.6)
        self.route_items = [casing, line, pin, flag]
        for item in (pin, flag):
            self.scene().addItem(item)

    # -- viewing ----------------------------------------------------------------------------------
    def _apply(self, centre: QPointF | None = None) -> None:
        if centre is None:
            centre = self.mapToScene(self.viewport().rect().center())
        self.setTransform(QTransform().rotate(self.rotation_deg).scale(self.zoom, self.zoom))
        self.centerOn(centre)
        if self.here_item is not None:
            self.here_item.cone_deg = self.facing_deg + self.rotation_deg
            self.here_item.update()
        self.north.angle = self.rotation_deg
        self.north.update()
        self._turn_street_labels()
        self._place_ring_labels()
        self._declutter()
        self.view_changed.emit()

    def _place_ring_labels(self) -> None:
        """Put each "N min" label on its ring where it is highest on screen (up, not behind)."""
        up = QTransform().rotate(-self.rotation_deg).map(QPointF(0, -1))
        for _item, label, points in self.ring_items:
            best = max(points, key=lambda p: (p.x() - self.here.x()) * up.x() + (p.y() - self.here.y()) * up.y())
            label.setPos(best)

    def _declutter(self) -> None:
        """Hide labels that would overlap a more important one at this zoom (priority: you are
        here and the destination, rings, places, then streets), so every shown word is readable."""
        # "You are here" and the destination's name come first: icons make way for them, and a
        # name that would run off the right edge goes to the left of its point instead
        width = self.viewport().width()
        for label in self.labels:
            if label.zValue() >= 8.5:
                label.setTransform(QTransform())
                box = self._screen_box(label)
                if box.right() > width and box.left() - box.width() - 60 > 0:
                    label.setTransform(QTransform().translate(-(box.width() + 56), 0))
        first = [self._screen_box(label) for label in self.labels if label.zValue() >= 8.5 and label.wanted]
        icons = self._declutter_icons(first)
        taken: list[QRectF] = []
        vp = QRectF(self.viewport().rect())
        # the map's own controls: north arrow, zoom buttons, "Back to me" (no label under them)
        blocked = [QRectF(0, 0, 120, 120), QRectF(vp.width() - 130, 0, 130, 230),
                   QRectF(vp.width() - 260, vp.height() - 120, 260, 120)]
        for label in sorted(self.labels, key=lambda item: -item.zValue()):
            icon = self.place_items.get(getattr(label, "place_id", ""))
            if not label.wanted or (icon is not None and not icon.isVisible()):
                label.setVisible(False)
                continue
            box = self._screen_box(label)
            first_rank = label.zValue() >= 8.5  # the icons already made way for these
            own = icon.boundingRect().translated(QPointF(self.mapFromScene(icon.pos()))) if icon else None
            hit = any(box.intersects(other) for other in taken) or \
                (not first_rank and any(box.intersects(other) for other in icons if other != own))
            if not first_rank and (not vp.contains(box) or any(box.intersects(b) for b in blocked)):
                hit = True  # cut at the edge or under a button: better not shown at all
            label.setVisible(not hit)
            if not hit:
                taken.append(box)

    def _screen_box(self, label: LabelItem) -> QRectF:
        bounds = label.transform().mapRect(label.bounds)  # bounds already follow set_angle
        return bounds.translated(QPointF(self.mapFromScene(label.pos())))

    def _declutter_icons(self, keep_clear: list[QRectF]) -> list[QRectF]:
        """Show place icons by priority and zoom, never over "you are here", the boxes in
        ``keep_clear`` or a more important icon; returns the icons' screen boxes (labels then
        keep clear of them)."""
        if self.here_item is None:
            return []
        here = QPointF(self.mapFromScene(self.here))
        taken = [QRectF(here.x() - HERE_CLEAR_PX, here.y() - HERE_CLEAR_PX, 2 * HERE_CLEAR_PX, 2 * HERE_CLEAR_PX)]
        taken += keep_clear
        reserved = len(taken)
        destination = self.route.destination.place.id if self.route and self.route.destination.place else None
        rank = {c: i for i, c in enumerate(ICON_PRIORITY)}
        items = sorted(self.place_items.values(),
                       key=lambda it: (it.place_id != destination, it.category != self.highlight,
                                       rank.get(it.category, len(rank)), it.place_id))
        for item in items:
            chosen = item.place_id == destination or item.category == self.highlight
            if not chosen and self.zoom < ICON_MIN_ZOOM.get(item.category, 0.0):
                item.setVisible(False)
                continue
            box = item.boundingRect().translated(QPointF(self.mapFromScene(item.pos())))
            hit = item.place_id != destination and any(box.intersects(other) for other in taken)
            item.setVisible(not hit)
            if not hit:
                taken.append(box)
        return taken[reserved:]  # the icons only: the first labels are placed again by the caller

    @property
    def labels(self) -> list[LabelItem]:
        return [item for item in self.scene().items() if isinstance(item, LabelItem)]

    def default_zoom(self) -> float:
        side = min(self.viewport().width(), self.viewport().height()) or 800
        return max(ZOOM_MIN, min(ZOOM_MAX, side / 2100.0))

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        zoom = max(ZOOM_MIN, min(ZOOM_MAX, zoom))
        vp = self.viewport().rect()
        anchor = anchor if anchor is not None else QPointF(vp.center())
        fixed = self.mapToScene(anchor.toPoint())
        centre = self.mapToScene(vp.center())
        self.zoom = zoom
        self._apply(centre)
        moved = self.mapToScene(anchor.toPoint())
        self._apply(centre + (fixed - moved))

    def zoom_in(self) -> None:
        self._auto_view = None
        self.set_zoom(self.zoom * BUTTON_ZOOM)

    def zoom_out(self) -> None:
        self._auto_view = None
        self.set_zoom(self.zoom / BUTTON_ZOOM)

    def back_to_me(self) -> None:
        """The kiosk in the middle at the starting zoom and turn."""
        self._auto_view = self.back_to_me
        self.zoom = self.default_zoom()
        self.rotation_deg = -self.facing_deg if getattr(self, "heads_up", False) else 0.0
        self._apply(self.here)

    def fit_points(self, points: list[QPointF], margin: tuple[int, int] = (150, 120)) -> None:
        """Zoom and centre so ``points`` fit (in the rotated frame), clear of the map's buttons
        (``margin``: screen pixels kept free left/right and top/bottom)."""
        if not points:
            return
        turn = QTransform().rotate(self.rotation_deg)
        turned = [turn.map(p) for p in points]
        xs, ys = [p.x() for p in turned], [p.y() for p in turned]
        width, height = max(xs) - min(xs) or 1.0, max(ys) - min(ys) or 1.0
        vp = self.viewport().rect()
        room_x, room_y = max(100, vp.width() - 2 * margin[0]), max(100, vp.height() - 2 * margin[1])
        self.zoom = max(ZOOM_MIN, min(ZOOM_MAX, room_x / width, room_y / height, self.default_zoom() * 2))
        centre = turn.inverted()[0].map(QPointF((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2))
        self._apply(centre)

    def viewport_pos(self, xy: tuple[float, float]) -> QPointF:
        """Where projected point ``xy`` (metres east, north) is drawn in the viewport."""
        return self.viewportTransform().map(_to_scene(xy))

    # -- gestures -----------------------------------------------------------------------------
    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt override
        steps = event.angleDelta().y() / 120.0
        self._auto_view = None
        if steps:
            self.set_zoom(self.zoom * 1.2 ** steps, event.position())
        event.accept()

    def viewportEvent(self, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Gesture:
            pinch = event.gesture(Qt.GestureType.PinchGesture)
            if isinstance(pinch, QPinchGesture):
                flags = pinch.changeFlags()
                self._auto_view = None
                if flags & QPinchGesture.ChangeFlag.ScaleFactorChanged:
                    centre = self.viewport().mapFromGlobal(pinch.centerPoint().toPoint())
                    self.set_zoom(self.zoom * pinch.scaleFactor(), QPointF(centre))
                event.accept()
                return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override: a drag pans the map
        self._auto_view = None
        super().mousePressEvent(event)

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 - Qt override (panning)
        super().scrollContentsBy(dx, dy)
        self.view_changed.emit()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.wf is not None and self._auto_view is not None:
            self._auto_view()
