"""Where the map's words and icons go, so every shown word is readable.

A mixin of :class:`ui.widgets.mapview.MapView`, run after every zoom or turn. In order:

1. "You are here" and the destination's name try up to eight places around their marker and take
   the first that is inside the map, clear of the route line, the map's buttons (zoom, Back to
   me, north arrow) and each other — in every language, however long the words;
2. place icons by priority and zoom (landmarks first, well apart), never over those two labels,
   the marker or a button, and not cut at the map's edge;
3. the other labels by rank — landmarks, places, the "5 min" / "10 min" labels (which slide along
   their ring's edge to the first free spot, highest on screen first), then street names — each
   shown only where it overlaps nothing already shown, is not cut at the edge and is not under a
   button.
"""
from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QTransform
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from ui.widgets.map_items import LabelItem, NorthArrow

#: Which icons win where they would overlap (first wins), and from which zoom (screen pixels per
#: metre) each category is drawn at all when the visitor is not choosing among it: a city has
#: hundreds of bus stops and WiFi points, which would bury the streets at the starting zoom.
ICON_PRIORITY = ("city_services", "library", "parks", "restrooms", "ev_charging", "wifi", "transit")
ICON_MIN_ZOOM = {"wifi": 1.5, "transit": 2.0}
#: Screen pixels around "you are here" kept free of icons.
HERE_CLEAR_PX = 34
#: Screen pixels between two landmarks shown at once: a city centre has dozens of statues and
#: theatres; a few well-spread ones help a visitor find their bearings, dozens bury the streets.
LANDMARK_SPACING_PX = 110
#: Half the drawn route's width with its casing, and a little air (screen pixels).
ROUTE_CLEAR_PX = 12
#: Candidate sides around a marker: right, left, above, below, then the corners.
SIDES = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1))


def segment_hits_rect(line: QLineF, rect: QRectF) -> bool:
    """Whether the segment ``line`` touches ``rect``."""
    if rect.contains(line.p1()) or rect.contains(line.p2()):
        return True
    corners = [rect.topLeft(), rect.topRight(), rect.bottomRight(), rect.bottomLeft()]
    for a, b in zip(corners, corners[1:] + corners[:1]):
        if line.intersects(QLineF(a, b))[0] == QLineF.IntersectionType.BoundedIntersection:
            return True
    return False


class MapLabels:
    """Label and icon placement for a :class:`~ui.widgets.mapview.MapView` (see module docs)."""

    @property
    def labels(self) -> list[LabelItem]:
        return [item for item in self.scene().items() if isinstance(item, LabelItem)]

    def control_rects(self) -> list[QRectF]:
        """The map's own buttons, north arrow and credit line, in viewport pixels, with a little
        air."""
        offset = self.viewport().pos()
        rects = []
        for child in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if isinstance(child, (QAbstractButton, NorthArrow, QLabel)) and not child.isHidden():
                rects.append(QRectF(child.geometry().translated(-offset)).adjusted(-8, -8, 8, 8))
        return rects

    def route_screen_lines(self) -> list[QLineF]:
        if self.route is None:
            return []
        points = [self.viewport_pos(xy) for xy in self.route.points_xy]
        return [QLineF(a, b) for a, b in zip(points, points[1:])]

    def _screen_box(self, label: LabelItem) -> QRectF:
        bounds = label.transform().mapRect(label.bounds)  # bounds already follow set_angle
        return bounds.translated(QPointF(self.mapFromScene(label.pos())))

    def _turn_street_labels(self) -> None:
        for label in getattr(self, "street_labels", ()):
            screen = (label.line_deg + self.rotation_deg + 90) % 180 - 90  # never upside down
            label.set_angle(screen)

    def _place_point_label(self, label: LabelItem, gap: float, avoid: list[QRectF],
                           lines: list[QLineF]) -> QRectF:
        """Move ``label`` (centred on its point) to the first side of its point that is inside
        the map and clear of ``avoid`` and the route ``lines``; else the least bad side."""
        label.setTransform(QTransform())
        centre = self._screen_box(label)
        vp = QRectF(self.viewport().rect()).adjusted(4, 4, -4, -4)
        half_w, half_h = centre.width() / 2 - 6, centre.height() / 2 - 6
        sides = list(SIDES)
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            sides[0], sides[1] = sides[1], sides[0]  # right-to-left words sit left of the point
        best, best_cost = (0.0, 0.0), float("inf")
        for sx, sy in sides:
            dx = sx * (gap + half_w) * (0.8 if sy else 1.0)
            dy = sy * (gap + half_h)
            box = centre.translated(dx, dy)
            cost = 0.0
            if not vp.contains(box):
                inside = box.intersected(vp)
                cost += 4 * (box.width() * box.height() - inside.width() * inside.height())
            for rect in avoid:
                hit = box.intersected(rect)
                cost += hit.width() * hit.height()
            clear = box.adjusted(-ROUTE_CLEAR_PX, -ROUTE_CLEAR_PX, ROUTE_CLEAR_PX, ROUTE_CLEAR_PX)
            cost += 2000 * sum(1 for line in lines if segment_hits_rect(line, clear))
            if cost < best_cost:
                best, best_cost = (dx, dy), cost
            if cost == 0:
                break
        label.setTransform(QTransform().translate(*best))
        return self._screen_box(label)

    def _marker_rects(self) -> list[QRectF]:
        """The "you are here" dot and its facing cone, in viewport pixels."""
        here = QPointF(self.mapFromScene(self.here))
        r = 18
        rects = [QRectF(here.x() - r, here.y() - r, 2 * r, 2 * r)]
        if self.here_item is not None and self.here_item.cone_deg is not None:
            tip = QTransform().rotate(self.here_item.cone_deg).map(QPointF(0, -32))
            rects.append(QRectF(here.x() + tip.x() - 22, here.y() + tip.y() - 22, 44, 44))
        return rects

    def _place_first_labels(self) -> list[QRectF]:
        """"You are here" and the destination's name (see module docs); their screen boxes."""
        controls = self.control_rects()
        lines = self.route_screen_lines()
        taken: list[QRectF] = []
        here_label = getattr(self, "here_label", None)
        if here_label is not None:
            taken.append(self._place_point_label(here_label, 26, controls + self._marker_rects(), lines))
        flag = getattr(self, "route_flag", None) if self.route is not None else None
        if flag is not None:
            end = QPointF(self.mapFromScene(flag.pos()))
            pin = QRectF(end.x() - 20, end.y() - 20, 40, 40)
            taken.append(self._place_point_label(flag, 28, controls + taken + self._marker_rects() + [pin],
                                                 lines))
        return taken

    def _declutter(self) -> None:
        """Place and show labels and icons (see module docs)."""
        if self.wf is None:
            return
        first = self._place_first_labels()
        icons = self._declutter_icons(first)
        taken: list[QRectF] = list(first)
        vp = QRectF(self.viewport().rect())
        blocked = self.control_rects() + self._marker_rects()
        rings = {id(label): points for _item, label, points in self.ring_items}
        for label in sorted(self.labels, key=lambda item: -item.zValue()):
            if label.zValue() >= 8.5:
                continue  # placed first
            icon = self.place_items.get(getattr(label, "place_id", ""))
            if not label.wanted or (icon is not None and not icon.isVisible()):
                label.setVisible(False)
                continue
            own = icon.boundingRect().translated(QPointF(self.mapFromScene(icon.pos()))) if icon else None
            others = [box for box in icons if box != own]
            if id(label) in rings:
                box = self._slide_ring_label(label, rings[id(label)], vp, taken + blocked + others)
                hit = box is None
            else:
                box = self._screen_box(label)
                hit = (any(box.intersects(other) for other in taken + others)
                       or not vp.contains(box) or any(box.intersects(b) for b in blocked))
            label.setVisible(not hit)
            if not hit:
                taken.append(box)

    def _slide_ring_label(self, label: LabelItem, points: list[QPointF], vp: QRectF,
                          avoid: list[QRectF]) -> QRectF | None:
        """Put a ring's "N min" label on its edge: the highest free spot on screen."""
        screen = [(QPointF(self.mapFromScene(p)), p) for p in points]
        screen.sort(key=lambda pair: pair[0].y())
        for pos, scene_pos in screen[:: max(1, len(screen) // 60)]:
            label.setPos(scene_pos)
            box = self._screen_box(label)
            if vp.contains(box) and not any(box.intersects(other) for other in avoid):
                return box
        return None

    def _declutter_icons(self, keep_clear: list[QRectF]) -> list[QRectF]:
        """Show place icons by priority and zoom, never over "you are here", the boxes in
        ``keep_clear`` or a more important icon; returns the icons' screen boxes (labels then
        keep clear of them)."""
        if self.here_item is None:
            return []
        here = QPointF(self.mapFromScene(self.here))
        taken = [QRectF(here.x() - HERE_CLEAR_PX, here.y() - HERE_CLEAR_PX, 2 * HERE_CLEAR_PX, 2 * HERE_CLEAR_PX)]
        taken += keep_clear + self.control_rects()  # and never under the map's buttons
        reserved = len(taken)
        vp = QRectF(self.viewport().rect())
        destination = self.route.destination.place.id if self.route and self.route.destination.place else None
        rank = {c: i for i, c in enumerate(ICON_PRIORITY)}
        items = sorted(self.place_items.values(),
                       key=lambda it: (it.place_id != destination, it.category != self.highlight,
                                       not getattr(it, "landmark", False),
                                       rank.get(it.category, len(rank)), it.place_id))
        for item in items:
            chosen = item.place_id == destination or item.category == self.highlight
            chosen = chosen or getattr(item, "landmark", False)
            if not chosen and self.zoom < ICON_MIN_ZOOM.get(item.category, 0.0):
                item.setVisible(False)
                continue
            box = item.boundingRect().translated(QPointF(self.mapFromScene(item.pos())))
            room = box
            if getattr(item, "landmark", False) and item.category != self.highlight and item.place_id != destination:
                s = LANDMARK_SPACING_PX / 2
                room = box.adjusted(-s, -s, s, s)
            hit = item.place_id != destination and any(room.intersects(other) for other in taken)
            hit = hit or not vp.contains(box)  # half a symbol at the edge is no help to anyone
            item.setVisible(not hit)
            if not hit:
                taken.append(box)
        return taken[reserved:]  # the icons only: the caller has the first labels and the buttons

    def route_clear_of_controls(self) -> bool:
        """Whether every point of the route (and the kiosk) is inside the map and off its
        buttons."""
        vp = QRectF(self.viewport().rect()).adjusted(20, 20, -20, -20)
        controls = self.control_rects()
        points = [self.viewport_pos(xy) for xy in self.route.points_xy] if self.route else []
        points.append(QPointF(self.mapFromScene(self.here)))
        return all(vp.contains(p) and not any(r.contains(p) for r in controls) for p in points)
