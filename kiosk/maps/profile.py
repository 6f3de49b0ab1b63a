"""The pedestrian profile: which OpenStreetMap ways a walker may use, and where a route may start.

One set of rules, used by the OSM importer (what goes into a pack), by the pack graph (what is
routed on) and by snapping (where a place or the kiosk meets the network). ``maps/README.md``
("Pedestrian profile") documents them for people; the tests on real extracts check them against
an independent reading of the same rules.
"""
from __future__ import annotations

from typing import Mapping

#: Bumped whenever the rules below change: prepared networks stored in packs
#: (:mod:`kiosk.maps.prepared`) made under other rules are then rebuilt from the GeoJSON.
PROFILE_VERSION = 2

#: OSM ``highway`` values a pedestrian may walk along, and the drawing class of each. Link roads
#: (slip roads between ordinary streets) are walkable like the roads they join; motorways and
#: their ramps are not (nor in any country's rules for walkers).
WALKABLE: dict[str, str] = {
    "trunk": "major", "trunk_link": "major", "primary": "major", "primary_link": "major",
    "secondary": "major", "secondary_link": "major",
    "tertiary": "minor", "tertiary_link": "minor", "unclassified": "minor", "residential": "minor",
    "living_street": "minor", "service": "minor", "road": "minor",
    "pedestrian": "path", "footway": "path", "path": "path", "track": "path",
    "cycleway": "path", "bridleway": "path", "corridor": "path", "steps": "steps",
    "elevator": "path",
}

#: ``foot`` values that allow walking whatever ``access`` says.
FOOT_YES = frozenset({"yes", "designated", "permissive"})
#: ``foot``/``access`` values that close a way to the public.
CLOSED = frozenset({"no", "private"})
#: ``access`` values that let a walker through but do not make a way a public place to start
#: or end a walk (a delivery yard, a customers-only car park).
NOT_PUBLIC = frozenset({"destination", "customers", "delivery", "agricultural", "forestry",
                        "permit", "military"})

#: Extra metres a route pays, so a shortest walk is also a sensible one. Both are zero: routes
#: stay the shortest walk on the network, which keeps every distance and minute shown true.
CROSSING_COST_M = 0.0
STEPS_COST_M = 0.0


def is_walkable(highway: str | None, tags: Mapping[str, str]) -> bool:
    """May a pedestrian use a way with this ``highway`` and these tags?"""
    if highway not in WALKABLE or tags.get("area") == "yes":
        return False
    foot = tags.get("foot", "")
    if foot in FOOT_YES:
        return True  # an explicit foot permission overrides access=no|private
    if foot in CLOSED or tags.get("access") in CLOSED:
        return False
    if tags.get("footway") == "crossing" and tags.get("crossing") == "no":
        return False  # mapped as "no crossing here"
    return True


def is_snappable(tags: Mapping[str, str]) -> bool:
    """May a route start or end on this way? Not in tunnels, indoors or on non-public ways —
    unless the place itself is there (the caller checks that by distance)."""
    if tags.get("tunnel") in ("yes", "building_passage", "culvert") or tags.get("indoor") not in (None, "no"):
        return False
    if tags.get("layer", "0").lstrip("-").isdigit() and int(tags.get("layer", "0")) < 0:
        return False
    if tags.get("foot", "") in FOOT_YES:
        return True
    return tags.get("access") not in NOT_PUBLIC


def place_is_inside(tags: Mapping[str, str]) -> bool:
    """Is a place mapped indoors or below ground (a metro entrance hall, a toilet in a station)?
    Only such a place may start or end a walk on a tunnel or an indoor way."""
    return (tags.get("indoor") not in (None, "no") or tags.get("location") in ("underground", "indoor")
            or tags.get("level", "0").startswith("-") or tags.get("layer", "0").startswith("-"))


__all__ = ["PROFILE_VERSION", "WALKABLE", "FOOT_YES", "CLOSED", "NOT_PUBLIC", "CROSSING_COST_M", "STEPS_COST_M",
           "is_walkable", "is_snappable", "place_is_inside"]
