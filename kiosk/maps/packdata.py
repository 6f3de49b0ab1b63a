"""What a loaded map pack holds: streets, places, areas and the pack itself (no file reading).

:mod:`kiosk.maps.pack` reads and validates the folder format (``maps/README.md``) into these;
everything else — the graph, routing, the map screen — works on them. A city import has tens of
thousands of streets, so :class:`Street` is a slotted class that keeps the GeoJSON it came from
and works out its names, tags and (lat, lon) points only when asked: the router never asks (the
prepared network carries what it needs), and the map asks once, when it draws.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from kiosk.i18n import N_
from kiosk.maps.geo import LocalProjection
from kiosk.maps.profile import WALKABLE

#: Directory categories, in the order the screen shows the tiles. Translate where shown.
CATEGORIES: dict[str, str] = {
    "city_services": N_("City services"),
    "library": N_("Library"),
    "parks": N_("Parks"),
    "transit": N_("Transit"),
    "wifi": N_("Free WiFi"),
    "ev_charging": N_("EV charging"),
    "restrooms": N_("Restrooms"),
}

AREA_KINDS = ("park", "city_limits", "building", "water", "plaza")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a pack. ``severity`` is ``error`` (pack refused) or ``warning``."""

    file: str
    feature: str
    problem: str
    severity: str = "error"

    def __str__(self) -> str:
        return ": ".join(p for p in (self.file, self.feature, self.problem) if p)


def names_of(props: Mapping[str, Any]) -> dict[str, str]:
    """``name`` under key ``""`` and ``name:xx`` under ``xx``."""
    out: dict[str, str] = {}
    for key, value in props.items():
        if not isinstance(value, str) or not value.strip():
            continue
        if key == "name":
            out[""] = value.strip()
        elif key.startswith("name:") and len(key) > 5:
            out[key[5:]] = value.strip()
    return out


def tags_of(props: Mapping[str, Any], skip: Iterable[str]) -> dict[str, str]:
    """Every other property that is text or a number, as text (names and ``skip`` left out)."""
    skip = set(skip)
    return {k: str(v) for k, v in props.items()
            if k not in skip and k != "name" and not k.startswith("name:")
            and isinstance(v, (str, int, float)) and not isinstance(v, bool)}


def pick_name(names: Mapping[str, str], lang: str | None) -> str:
    if lang and lang in names:
        return names[lang]
    return names.get("", names.get("en", ""))


_STREET_SKIP = ("id", "highway")


class Street:
    """A walkable line: a street centreline, footpath, crossing or flight of steps.

    Built as ``Street(id, highway, coords, names, tags)``; a pack being loaded builds it with
    :meth:`from_geojson` instead, which defers the per-point and per-tag work until first use.
    Treat it as read-only.
    """

    # _raw: GeoJSON positions, or (with _stop > 0) the pack's flat point array, this street's
    # points being _raw[_start:_stop]; plain ints rather than a tuple: one object less per street
    __slots__ = ("id", "highway", "_coords", "_raw", "_start", "_stop", "_names", "_tags", "_props")

    def __init__(self, id: str, highway: str, coords: Iterable[tuple[float, float]],
                 names: dict[str, str] | None = None, tags: dict[str, str] | None = None) -> None:
        self.id = id
        self.highway = highway
        self._coords: tuple[tuple[float, float], ...] | None = tuple(coords)
        self._raw: Any = None
        self._start = self._stop = 0
        self._names = names if names is not None else {}
        self._tags = tags if tags is not None else {}
        self._props: dict[str, Any] | None = None

    @classmethod
    def from_geojson(cls, id: str, highway: str, positions: list[Any], props: dict[str, Any]) -> Street:
        """A street over GeoJSON ``[lon, lat]`` positions and properties already checked."""
        street = cls.__new__(cls)
        street.id, street.highway = id, highway
        street._coords, street._raw, street._start, street._stop = None, positions, 0, 0
        street._names = street._tags = None  # type: ignore[assignment]
        street._props = props
        return street

    @classmethod
    def from_flat(cls, id: str, highway: str, flat: Any, start: int, stop: int, props: dict[str, Any]) -> Street:
        """A street whose points are ``flat[start:stop]``, a run of lon, lat, lon, lat … in an
        array shared by every street of the pack (see :mod:`kiosk.maps.prepared`)."""
        street = cls.__new__(cls)
        street.id, street.highway = id, highway
        street._coords, street._raw, street._start, street._stop = None, flat, start, stop
        street._names = street._tags = None  # type: ignore[assignment]
        street._props = props
        return street

    @property
    def coords(self) -> tuple[tuple[float, float], ...]:
        """The line's points as (lat, lon)."""
        if self._coords is None:
            if self._stop:
                run = self._raw[self._start:self._stop]
                self._coords = tuple(zip(run[1::2], run[0::2]))
            else:
                self._coords = tuple((float(p[1]), float(p[0])) for p in self._raw or ())
            self._raw, self._stop = None, 0
        return self._coords

    def lonlat(self) -> list[Any]:
        """The points as ``[lon, lat]`` pairs, read straight from where they were loaded."""
        if self._stop:
            run = self._raw[self._start:self._stop]
            return list(zip(run[0::2], run[1::2]))
        if self._raw is not None:
            return self._raw
        return [(lon, lat) for lat, lon in self.coords]

    def properties(self) -> dict[str, Any]:
        """The street as GeoJSON properties (``id``, ``highway``, names, tags)."""
        if self._props is not None:
            return {**self._props, "id": self.id, "highway": self.highway}
        names = {("name" if lang == "" else f"name:{lang}"): value for lang, value in self.names.items()}
        return {"id": self.id, "highway": self.highway, **names, **self.tags}

    @property
    def names(self) -> dict[str, str]:
        if self._names is None:
            self._names = names_of(self._props or {})
        return self._names

    @property
    def tags(self) -> dict[str, str]:
        if self._tags is None:
            self._tags = tags_of(self._props or {}, _STREET_SKIP)
        return self._tags

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Street):
            return NotImplemented
        return (self.id, self.highway, self.coords, self.names, self.tags) == \
            (other.id, other.highway, other.coords, other.names, other.tags)

    __hash__ = None  # type: ignore[assignment]  # names and tags are dicts, as in the other records

    def __repr__(self) -> str:
        return f"Street(id={self.id!r}, highway={self.highway!r}, names={self.names!r})"

    @property
    def style(self) -> str:
        """Drawing class: ``major``, ``minor``, ``path``, ``steps`` or ``crossing``."""
        return "crossing" if self.is_crossing else WALKABLE.get(self.highway, "minor")

    @property
    def is_steps(self) -> bool:
        return self.highway == "steps"

    @property
    def is_crossing(self) -> bool:
        return self.tags.get("footway") == "crossing" or self.highway == "crossing"

    @property
    def step_free(self) -> bool:
        """Usable in a wheelchair or with a pram: no steps and not tagged ``wheelchair=no``."""
        return not self.is_steps and self.tags.get("wheelchair") != "no"

    def name(self, lang: str | None = None) -> str:
        return pick_name(self.names, lang)


@dataclass(frozen=True)
class Place:
    """A destination: a point with one or more categories and a name per language.
    ``tags["landmark"] == "yes"`` marks a landmark the map draws and names (see maps/README.md)."""

    id: str
    categories: tuple[str, ...]
    lat: float
    lon: float
    names: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)

    def name(self, lang: str | None = None) -> str:
        return pick_name(self.names, lang)

    @property
    def address(self) -> str:
        return self.tags.get("address", "")

    @property
    def is_landmark(self) -> bool:
        return self.tags.get("landmark") == "yes"


@dataclass(frozen=True)
class Area:
    """A polygon drawn under the streets: a park, the city limits, a building, a plaza."""

    id: str
    kind: str
    rings: tuple[tuple[tuple[float, float], ...], ...]  # outer ring first, (lat, lon)
    names: dict[str, str] = field(default_factory=dict)

    def name(self, lang: str | None = None) -> str:
        return pick_name(self.names, lang)


@dataclass(frozen=True)
class MapPack:
    """A loaded, valid pack. Coordinates are WGS84; :attr:`projection` turns them into metres."""

    path: Path
    id: str
    name: str
    description: str
    demo: bool
    languages: tuple[str, ...]
    bounds: tuple[float, float, float, float]  # south, west, north, east
    centre: tuple[float, float]
    attribution: tuple[str, ...]
    licence: str
    streets: tuple[Street, ...]
    places: tuple[Place, ...]
    areas: tuple[Area, ...] = ()
    warnings: tuple[Problem, ...] = ()
    credit: str = ""  # one short line naming the sources, for under the map
    data_date: str = ""  # when the data was current: "2024-05-01" or "2024-05" ("" when unknown)
    #: digest of streets.geojson as :func:`kiosk.maps.prepared.streets_digest` computes it, when
    #: the loader already worked it out (saves hashing the file twice)
    streets_digest: str = field(default="", repr=False, compare=False)

    @property
    def short_credit(self) -> str:
        """``credit``, or the first attribution cut at its first comma or bracket."""
        if self.credit:
            return self.credit
        first = self.attribution[0] if self.attribution else ""
        for mark in (" (", ", ", "; "):
            first = first.split(mark)[0]
        return first.rstrip(".")

    @property
    def projection(self) -> LocalProjection:
        return LocalProjection(*self.centre)

    def place(self, place_id: str) -> Place | None:
        return next((p for p in self.places if p.id == place_id), None)

    def places_in(self, category: str) -> list[Place]:
        return [p for p in self.places if category in p.categories]

    def landmarks(self) -> list[Place]:
        """Places marked ``landmark=yes``: drawn and named on the map at every zoom."""
        return [p for p in self.places if p.is_landmark]

    def buildings(self) -> list[Area]:
        return [a for a in self.areas if a.kind == "building"]

    def street_xy(self, street: Street) -> list[tuple[float, float]]:
        """The street's line in projected metres (x east, y north)."""
        proj = self.projection
        kx, ky, lat0, lon0 = proj._kx, proj._ky, proj.lat0, proj.lon0
        return [((p[0] - lon0) * kx, (p[1] - lat0) * ky) for p in street.lonlat()]

    def bounds_xy(self) -> tuple[float, float, float, float]:
        """(min_x, min_y, max_x, max_y) of the pack bounds in projected metres."""
        s, w, n, e = self.bounds
        x0, y0 = self.projection.to_xy(s, w)
        x1, y1 = self.projection.to_xy(n, e)
        return x0, y0, x1, y1


__all__ = ["CATEGORIES", "AREA_KINDS", "Problem", "Street", "Place", "Area", "MapPack", "names_of",
           "tags_of", "pick_name"]
