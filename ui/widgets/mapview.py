"""The vector map: streets, buildings, parks, places, walk areas, a route and "you are here", in
a QGraphicsView that pans, pinch-zooms and turns heads-up.

The scene is in projected metres from :attr:`kiosk.maps.service.Wayfinder.projection` with y
flipped for Qt (scene x = east metres, scene y = −north metres). Icons, labels and the "you are
here" marker ignore the view's transformations: they stay the same size and upright whatever the
zoom and rotation, and the facing cone is turned by hand to match the view.

Split by responsibility: :mod:`ui.widgets.map_layers` fills the scene, :mod:`ui.widgets.map_labels`
decides where words and icons go, :mod:`ui.widgets.map_items` draws the single items; this module
is the view itself — what is shown, zoom, turn, framing and gestures.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QPainter, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsScene, QGraphicsView, QPinchGesture, QWidget

from ui.widgets.map_items import (CATEGORY_SYMBOLS, MAP_COLORS, HereItem, LabelItem, MapColors, NorthArrow,
                                  PlaceItem, _to_scene, paint_symbol, symbol_pixmap)
from ui.widgets.map_labels import HERE_CLEAR_PX, ICON_MIN_ZOOM, ICON_PRIORITY, MapLabels
from ui.widgets.map_layers import MapLayers, is_landmark

if TYPE_CHECKING:
    from kiosk.maps.service import Route, Wayfinder

ZOOM_MIN, ZOOM_MAX = 0.08, 6.0  # screen pixels per metre
BUTTON_ZOOM = 1.5

#: Re-exported: the screen, the accessibility tests and the bench read these from here.
__all__ = ["BUTTON_ZOOM", "CATEGORY_SYMBOLS", "HERE_CLEAR_PX", "ICON_MIN_ZOOM", "ICON_PRIORITY",
           "MAP_COLORS", "MapColors", "MapView", "ZOOM_MAX", "ZOOM_MIN", "paint_symbol", "symbol_pixmap"]


class MapView(MapLayers, MapLabels, QGraphicsView):
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
        self.colors = MAP_COLORS["standard"]
        self.font_px = 24
        self.wf: Wayfinder | None = None
        self.lang = "en"
        self.rings: list = []
        self.place_items: dict[str, PlaceItem] = {}
        self.place_labels: dict[str, LabelItem] = {}
        self.here_item: HereItem | None = None
        self.here_label: LabelItem | None = None
        self.ring_items: list[tuple[QGraphicsPathItem, LabelItem, list[QPointF]]] = []
        self.route_items: list[QGraphicsItem] = []
        self.route: Route | None = None
        self.route_flag: LabelItem | None = None
        self.route_label = ""
        self.highlight: str | None = None
        self.north = NorthArrow(self)
        self.north.move(16, 16)
        # What to redo when the view is resized before the visitor moved the map (first layout).
        self._auto_view = self.back_to_me

    # -- what is shown -------------------------------------------------------------------------
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

    def set_highlight(self, category: str | None) -> None:
        """Label the places of ``category`` (the ones the visitor is choosing among)."""
        self.highlight = category
        self._show_labels()

    def _show_labels(self) -> None:
        """Which place names are wanted: the destination's on a route; else the category being
        chosen (or the main civic ones) — and landmarks always, they are how people find their
        bearings."""
        wanted = {self.highlight} if self.highlight else {"city_services", "library", "parks"}
        destination = self.route.destination.place.id if self.route and self.route.destination.place else None
        for place in self.wf.pack.places if self.wf else ():
            label = self.place_labels.get(place.id)
            if label is not None:
                label.wanted = place.id == destination or is_landmark(place) or (
                    destination is None and bool(wanted & set(place.categories[:1])))
        self._declutter()

    def show_route(self, route: Route | None, label: str = "") -> None:
        """Draw ``route`` (None clears it) and fit it in view."""
        for item in self.route_items:
            self.scene().removeItem(item)
        self.route_items, self.route_flag = [], None
        self.route, self.route_label = route, label
        if route is not None:
            self._build_route()
            self._auto_view = self.fit_route
            self.fit_route()
        self._show_labels()

    def fit_route(self) -> None:
        """The whole route and the kiosk in view, clear of the map's buttons (zoomed out a step
        at a time until no point of it is under one)."""
        if self.route is None:
            return
        self.fit_points([_to_scene(xy) for xy in self.route.points_xy] + [self.here])
        for _attempt in range(8):
            if self.route_clear_of_controls():
                break
            self.zoom = max(ZOOM_MIN, self.zoom * 0.85)
            self._apply()

    # -- viewing ----------------------------------------------------------------------------------
    def _apply(self, centre: QPointF | None = None, relabel: bool = True) -> None:
        if centre is None:
            centre = self.mapToScene(self.viewport().rect().center())
        self.setTransform(QTransform().rotate(self.rotation_deg).scale(self.zoom, self.zoom))
        self.centerOn(centre)
        if self.here_item is not None:
            self.here_item.cone_deg = self.facing_deg + self.rotation_deg
            self.here_item.update()
        self.north.angle = self.rotation_deg
        self.north.update()
        if relabel:
            self._turn_street_labels()
            self._declutter()
            self.view_changed.emit()

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
        self._apply(centre, relabel=False)  # only to learn where the anchor went
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
