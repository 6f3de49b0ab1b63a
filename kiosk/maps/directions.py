"""Turn-by-turn walking directions in the visitor's language.

A route's pieces are grouped into legs — consecutive pieces on the same named street, or the same
kind of unnamed path — and each leg becomes one sentence: the first says which way to walk, the
next ones how to turn. Sentences are gettext messages with named placeholders, so translators can
reorder them; distances and minutes are formatted by Babel via :mod:`kiosk.i18n`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from kiosk.i18n import _, current_language, format_distance, pgettext
from kiosk.maps.geo import haversine_m, xy_bearing_deg
from kiosk.maps.graph import PedestrianGraph
from kiosk.maps.routing import RoutePath

#: Legs shorter than this (metres) are folded into their neighbours: snapping noise, not a turn.
MIN_LEG_M = 3.0
#: Closer than this (metres) to the end of the walk, the destination is "here", not on a side.
ARRIVE_M = 8.0


@dataclass(frozen=True)
class Step:
    """One instruction. ``maneuver`` is a stable code for icons: depart, continue, slight_left,
    slight_right, left, right, u_turn, cross, steps, arrive_left, arrive_right, arrive."""

    text: str
    maneuver: str
    distance_m: float
    street: str
    lat: float
    lon: float


@dataclass
class _Leg:
    key: tuple[str, str]
    kind: str  # street, path, crossing, steps
    street_names: dict[str, str]
    length: float
    start: tuple[float, float]  # projected x, y
    end: tuple[float, float]
    start_ll: tuple[float, float]
    first_bearing: float
    last_bearing: float


def _legs(graph: PedestrianGraph, path: RoutePath) -> list[_Leg]:
    legs: list[_Leg] = []
    proj = graph.projection
    for piece in path.pieces:
        street = graph.street_of(piece.edge)
        kind = "crossing" if street.is_crossing else "steps" if street.is_steps else \
            "street" if street.names else "path"
        key = (street.names.get("", ""), kind)
        a_ll, b_ll = graph.point_on(piece.edge, piece.t0), graph.point_on(piece.edge, piece.t1)
        a, b = proj.to_xy(*a_ll), proj.to_xy(*b_ll)
        bearing = xy_bearing_deg(b[0] - a[0], b[1] - a[1])
        if legs and legs[-1].key == key:
            leg = legs[-1]
            leg.length += piece.length_m
            leg.end = b
            leg.last_bearing = bearing
        else:
            legs.append(_Leg(key, kind, street.names, piece.length_m, a, b, a_ll, bearing, bearing))
    # fold tiny legs into the previous one (or the next, at the start)
    out: list[_Leg] = []
    for leg in legs:
        if leg.length < MIN_LEG_M and out and leg.kind != "steps":
            out[-1].length += leg.length
            out[-1].end = leg.end
        else:
            out.append(leg)
    if len(out) > 1 and out[0].length < MIN_LEG_M and out[0].kind != "steps":
        out[1].length += out[0].length
        out[1].start, out[1].start_ll = out[0].start, out[0].start_ll
        out.pop(0)
    # two legs of one street separated by a folded sliver become one
    merged: list[_Leg] = []
    for leg in out:
        if merged and merged[-1].key == leg.key:
            merged[-1].length += leg.length
            merged[-1].end, merged[-1].last_bearing = leg.end, leg.last_bearing
        else:
            merged.append(leg)
    return merged


def compass_word(bearing: float) -> str:
    """The 8-point compass direction of a bearing, translated ("east", "noreste")."""
    words = (pgettext("heading", "north"), pgettext("heading", "northeast"), pgettext("heading", "east"),
             pgettext("heading", "southeast"), pgettext("heading", "south"),
             pgettext("heading", "southwest"), pgettext("heading", "west"),
             pgettext("heading", "northwest"))
    return words[int(((bearing % 360) + 22.5) // 45) % 8]


def _turn(delta: float) -> str:
    size = abs(delta)
    if size < 25:
        return "continue"
    if size > 155:
        return "u_turn"
    side = "right" if delta > 0 else "left"
    return f"slight_{side}" if size < 60 else side


def _street_label(leg: _Leg) -> str:
    if leg.kind == "street":
        lang = current_language()
        return leg.street_names.get(lang) or leg.street_names.get("", "")
    return _("the path")


def _leg_text(leg: _Leg, maneuver: str, distance: str) -> str:
    if leg.kind == "crossing":
        return _("Cross the street at the crosswalk")
    if leg.kind == "steps":
        return _("Take the steps ({distance})").format(distance=distance)
    street = _street_label(leg)
    direction = compass_word(xy_bearing_deg(leg.end[0] - leg.start[0], leg.end[1] - leg.start[1]))
    templates = {
        "depart": _("Walk {distance} {direction} on {street}"),
        "continue": _("Continue on {street} for {distance}"),
        "slight_left": _("Bear left onto {street} and walk {distance}"),
        "slight_right": _("Bear right onto {street} and walk {distance}"),
        "left": _("Turn left onto {street} and walk {distance}"),
        "right": _("Turn right onto {street} and walk {distance}"),
        "u_turn": _("Turn around and walk {distance} on {street}"),
    }
    return templates[maneuver].format(distance=distance, direction=direction, street=street)


def _arrival(last: _Leg, dest_xy: tuple[float, float] | None) -> tuple[str, str]:
    if dest_xy is None:
        return _("You have arrived"), "arrive"
    dx, dy = dest_xy[0] - last.end[0], dest_xy[1] - last.end[1]
    if math.hypot(dx, dy) < ARRIVE_M:
        return _("You have arrived"), "arrive"
    hx, hy = last.end[0] - last.start[0], last.end[1] - last.start[1]
    cross = hx * dy - hy * dx  # > 0: destination to the left of the walking direction
    if cross > 0:
        return _("Your destination is on the left"), "arrive_left"
    return _("Your destination is on the right"), "arrive_right"


def build_steps(graph: PedestrianGraph, path: RoutePath, destination: tuple[float, float] | None = None,
                units: str = "auto") -> list[Step]:
    """Sentences for ``path`` in the current language; ``destination`` is the (lat, lon) walked to."""
    legs = _legs(graph, path)
    steps: list[Step] = []
    prev: _Leg | None = None
    for leg in legs:
        if prev is None:
            maneuver = "depart"
        else:
            maneuver = _turn((leg.first_bearing - prev.last_bearing + 540) % 360 - 180)
        code = "cross" if leg.kind == "crossing" else "steps" if leg.kind == "steps" else maneuver
        text = _leg_text(leg, maneuver, format_distance(leg.length, units))
        name = _street_label(leg) if leg.kind == "street" else ""
        steps.append(Step(text, code, leg.length, name, *leg.start_ll))
        prev = leg
    end_ll = path.points[-1]
    dest_xy = graph.projection.to_xy(*destination) if destination else None
    if prev is None:
        text, code = (_("You have arrived"), "arrive")
    else:
        text, code = _arrival(prev, dest_xy)
        if destination and haversine_m(*end_ll, *destination) < ARRIVE_M:
            text, code = _("You have arrived"), "arrive"
    steps.append(Step(text, code, 0.0, "", *end_ll))
    return steps
