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
from kiosk.maps.graph import CELL_M, PedestrianGraph
from kiosk.maps.packdata import Street
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


#: How far a sidewalk may lie from the street it runs along (metres).
ALONG_M = 30.0
#: How far an untagged footway may lie from a street it runs parallel to, to count as its sidewalk.
PARALLEL_M = 20.0


@dataclass
class _Leg:
    key: tuple[str, str]
    kind: str  # street, path, sidewalk, ramp, crossing, steps
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
    along_cache: dict[int, dict[str, str]] = {}
    for piece in path.pieces:
        street = graph.street_of(piece.edge)
        kind = _kind(street)
        names = street.names
        if kind in ("sidewalk", "path"):
            # OSM sidewalks are often untagged footways: one running beside a street is one
            sid = graph.edge_street[piece.edge]
            if sid not in along_cache:
                along_cache[sid] = _street_alongside(graph, piece.edge, parallel=kind == "path")
            names = along_cache[sid]
            if names:
                kind = "sidewalk"
        key = (names.get("", ""), kind)
        a_ll, b_ll = graph.point_on(piece.edge, piece.t0), graph.point_on(piece.edge, piece.t1)
        a, b = proj.to_xy(*a_ll), proj.to_xy(*b_ll)
        bearing = xy_bearing_deg(b[0] - a[0], b[1] - a[1])
        if legs and legs[-1].key == key:
            leg = legs[-1]
            leg.length += piece.length_m
            leg.end = b
            leg.last_bearing = bearing
        else:
            legs.append(_Leg(key, kind, names, piece.length_m, a, b, a_ll, bearing, bearing))
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


def _kind(street: Street) -> str:
    """How a piece of the walk is spoken of: by its name, or by what it is."""
    if street.is_crossing:
        return "crossing"
    if street.is_steps:
        return "steps"
    if street.names:
        return "street"
    tags = street.tags
    if tags.get("footway") == "sidewalk" or tags.get("sidewalk") in ("yes", "both", "left", "right") \
            and street.highway in ("footway", "path"):
        return "sidewalk"
    if tags.get("ramp") == "yes" or tags.get("incline") not in (None, "no", "0", "0%"):
        return "ramp"
    return "path"


def _street_alongside(graph: PedestrianGraph, edge: int, parallel: bool = False) -> dict[str, str]:
    """The names of the named street a sidewalk runs along (empty if none is near); with
    ``parallel``, only a street within :data:`PARALLEL_M` running the same way counts."""
    lat, lon = graph.point_on(edge, 0.5)
    px, py = graph.projection.to_xy(lat, lon)
    a, b = graph.edge_a[edge], graph.edge_b[edge]
    heading = xy_bearing_deg(graph.x[b] - graph.x[a], graph.y[b] - graph.y[a])
    reach = PARALLEL_M if parallel else ALONG_M
    best: tuple[float, dict[str, str]] | None = None
    cx, cy = math.floor(px / CELL_M), math.floor(py / CELL_M)
    for gx in (cx - 1, cx, cx + 1):
        for gy in (cy - 1, cy, cy + 1):
            for e in graph._cells.get((gx, gy), ()):
                street = graph.street_of(e)
                if not street.names or street.style not in ("major", "minor"):
                    continue
                d = graph._project_onto(e, px, py)[0]
                if parallel:
                    ea, eb = graph.edge_a[e], graph.edge_b[e]
                    other = xy_bearing_deg(graph.x[eb] - graph.x[ea], graph.y[eb] - graph.y[ea])
                    if abs((heading - other + 90) % 180 - 90) > 20:
                        continue
                if d <= reach and (best is None or d < best[0]):
                    best = (d, street.names)
    return best[1] if best else {}


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


def _name(names: dict[str, str]) -> str:
    return names.get(current_language()) or names.get("", "")


def _street_label(leg: _Leg) -> str:
    if leg.kind == "street":
        return _name(leg.street_names)
    if leg.kind == "sidewalk":
        along = _name(leg.street_names)
        return _("the sidewalk along {street}").format(street=along) if along else _("the sidewalk")
    if leg.kind == "ramp":
        return _("the ramp")
    if leg.kind == "crossing":
        return _("the crossing")
    if leg.kind == "steps":
        return _("the steps")
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


def _from_kiosk(leg: _Leg, facing_deg: float, next_leg: _Leg | None, distance: str) -> tuple[str, str]:
    """The first sentence of a walk from the kiosk, turned to the way a visitor stands when they
    step away from it (the kiosk behind them, facing where its screen faces)."""
    walk = xy_bearing_deg(leg.end[0] - leg.start[0], leg.end[1] - leg.start[1]) \
        if leg.length > 30 else leg.first_bearing
    turn = _turn((walk - facing_deg + 540) % 360 - 180)
    street = _street_label(leg)
    toward = _name(next_leg.street_names) if next_leg and next_leg.kind in ("street", "sidewalk") else ""
    if toward == street:
        toward = ""
    if turn in ("slight_left", "left"):
        text = (_("With the kiosk behind you, turn left onto {street} and walk {distance} toward {toward}") if toward else
                _("With the kiosk behind you, turn left onto {street} and walk {distance}"))
        code = "left"
    elif turn in ("slight_right", "right"):
        text = (_("With the kiosk behind you, turn right onto {street} and walk {distance} toward {toward}") if toward else
                _("With the kiosk behind you, turn right onto {street} and walk {distance}"))
        code = "right"
    elif turn == "u_turn":
        text = (_("Walk past the kiosk on {street} for {distance} toward {toward}") if toward else
                _("Walk past the kiosk on {street} for {distance}"))
        code = "u_turn"
    else:
        text = (_("With the kiosk behind you, walk {distance} straight ahead on {street} toward {toward}") if toward else
                _("With the kiosk behind you, walk {distance} straight ahead on {street}"))
        code = "continue"
    return text.format(street=street, toward=toward, distance=distance), code


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
                units: str = "auto", facing_deg: float | None = None) -> list[Step]:
    """Sentences for ``path`` in the current language; ``destination`` is the (lat, lon) walked to.
    ``facing_deg`` (a walk from the kiosk): the first sentence turns from the way its screen faces."""
    legs = _legs(graph, path)
    steps: list[Step] = []
    prev: _Leg | None = None
    for index, leg in enumerate(legs):
        if prev is None:
            maneuver = "depart"
        else:
            maneuver = _turn((leg.first_bearing - prev.last_bearing + 540) % 360 - 180)
        code = "cross" if leg.kind == "crossing" else "steps" if leg.kind == "steps" else maneuver
        distance = format_distance(leg.length, units)
        if prev is None and facing_deg is not None and leg.kind not in ("crossing", "steps"):
            next_leg = legs[index + 1] if index + 1 < len(legs) else None
            text, code = _from_kiosk(leg, facing_deg, next_leg, distance)
        else:
            text = _leg_text(leg, maneuver, distance)
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
