"""The wayfinding service the map screen and ``kiosk route`` use: one object per loaded pack.

:class:`Wayfinder` holds the pack, its pedestrian graph and where the kiosk stands, and answers
everything the screen asks: routes with directions, walk rings, search with walking minutes,
and the OpenStreetMap link for the take-away QR code. Geometry for drawing comes in projected
metres (x east, y north, origin at the pack centre); see :attr:`Wayfinder.projection`.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Union

from kiosk.errors import ContentError
from kiosk.i18n import _
from kiosk.maps.directions import Step, build_steps
from kiosk.maps.geo import LocalProjection, haversine_m
from kiosk.maps.graph import PedestrianGraph, Snap
from kiosk.maps.pack import CATEGORIES, MapPack, Place, load_pack
from kiosk.maps.prepared import read_prepared
from kiosk.maps.profile import place_is_inside
from kiosk.maps.rings import WalkRing, walk_rings
from kiosk.maps.routing import NoRoute, RoutePath, distances_from, shortest_path
from kiosk.maps.search import closest_names, fold, match_score

if TYPE_CHECKING:
    from kiosk.config import Config

OSM_DIRECTIONS = ("https://www.openstreetmap.org/directions?engine=fossgis_osrm_foot"
                  "&route={0:.6f}%2C{1:.6f}%3B{2:.6f}%2C{3:.6f}")
_LATLON = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


class UnknownPlace(LookupError):
    """A FROM/TO text names no place; ``suggestions`` are the closest places."""

    def __init__(self, text: str, suggestions: list[Place]) -> None:
        self.text = text
        self.suggestions = suggestions
        super().__init__(text)


@dataclass(frozen=True)
class Endpoint:
    """A route end: a place, the kiosk ("here"), or a bare position."""

    lat: float
    lon: float
    place: Place | None = None
    is_here: bool = False

    def label(self, lang: str | None = None) -> str:
        if self.place is not None:
            return self.place.name(lang)
        return _("You are here") if self.is_here else f"{self.lat:.5f}, {self.lon:.5f}"


Where = Union[Endpoint, Place, tuple[float, float], str]


@dataclass(frozen=True)
class Route:
    """A walking route. :meth:`steps` re-reads the directions in the current language."""

    origin: Endpoint
    destination: Endpoint
    distance_m: float
    minutes: float
    step_free: bool
    points: tuple[tuple[float, float], ...]  # (lat, lon), origin to destination
    points_xy: tuple[tuple[float, float], ...]  # the same in projected metres
    path: RoutePath = field(repr=False)
    _graph: PedestrianGraph = field(repr=False, compare=False)
    units: str = "auto"
    facing_deg: float | None = None  # set for a walk from the kiosk: the first step turns from it

    def steps(self) -> list[Step]:
        return build_steps(self._graph, self.path, (self.destination.lat, self.destination.lon), self.units,
                           self.facing_deg)

    def to_json(self) -> dict:
        return {"distance_m": round(self.distance_m, 1), "minutes": round(self.minutes, 1),
                "steps": [s.text for s in self.steps()],
                "path": [[round(lat, 6), round(lon, 6)] for lat, lon in self.points]}


@dataclass(frozen=True)
class SearchResult:
    place: Place
    name: str  # in the current language
    distance_m: float | None  # walking, from the kiosk; None when unreachable
    minutes: float | None


class Wayfinder:
    """Routing, rings and search over one pack, from the kiosk's position."""

    def __init__(self, pack: MapPack, here: tuple[float, float], facing_deg: float = 0.0,
                 walking_speed_kmh: float = 4.8, slow_walking_speed_kmh: float = 3.0,
                 units: str = "auto") -> None:
        self.pack = pack
        # a pack imported by `kiosk maps import` carries its prepared network: seconds saved
        self.graph = read_prepared(pack) or PedestrianGraph.from_pack(pack)
        self.here = here
        self.facing_deg = facing_deg
        self.walking_speed_kmh = walking_speed_kmh
        self.slow_walking_speed_kmh = slow_walking_speed_kmh
        self.units = units
        self._from_here: dict[bool, dict[int, float]] = {}

    @classmethod
    def from_config(cls, config: Config) -> Wayfinder:
        """The configured pack at the configured location; raises ContentError for a broken pack."""
        pack = load_pack(config.content_dir / "maps" / config.maps.pack)
        return cls(pack, (config.location.lat, config.location.lon), config.location.facing_deg,
                   config.maps.walking_speed_kmh, config.maps.slow_walking_speed_kmh, config.maps.units)

    def prepare(self) -> None:
        """Do the one-off work of a large pack now (landmarks for routing; seconds on a city
        import, nothing on the demo) — call it from a worker thread after loading."""
        from kiosk.maps.routing import landmarks_of
        landmarks_of(self.graph)

    # -- geometry for drawing ------------------------------------------------------------------
    @property
    def projection(self) -> LocalProjection:
        return self.pack.projection

    @property
    def here_xy(self) -> tuple[float, float]:
        return self.projection.to_xy(*self.here)

    def place_xy(self, place: Place) -> tuple[float, float]:
        return self.projection.to_xy(place.lat, place.lon)

    # -- places ------------------------------------------------------------------------------
    def resolve(self, text: str) -> Endpoint:
        """``here``, a place id, a place name in any language, or ``lat,lon``."""
        if fold(text) in ("here", "aqui", "здесь"):
            return Endpoint(*self.here, is_here=True)
        m = _LATLON.match(text)
        if m:
            lat, lon = float(m.group(1)), float(m.group(2))
            if -90 <= lat <= 90 and -180 <= lon <= 180:
                return Endpoint(lat, lon)
        place = self.pack.place(text.strip())
        if place is None:
            exact = [p for p in self.pack.places if fold(text) in {fold(n) for n in p.names.values()}]
            place = self._nearest(exact)  # 21 "Public restroom": the one nearest the kiosk
        if place is None:
            scored = sorted(((match_score(text, p), p) for p in self.pack.places), key=lambda sp: -sp[0])
            top = [p for score, p in scored if score == scored[0][0]] if scored and scored[0][0] >= 3 else []
            if len(top) == 1 or (top and len({fold(p.name()) for p in top}) == 1):
                place = self._nearest(top)
        if place is None:
            raise UnknownPlace(text, closest_names(text, self.pack.places))
        return Endpoint(place.lat, place.lon, place)

    def _nearest(self, places: list[Place]) -> Place | None:
        """Of places that answer to the same name, the one nearest the kiosk (straight line)."""
        if not places:
            return None
        return min(places, key=lambda p: (haversine_m(*self.here, p.lat, p.lon), p.id))

    def _endpoint(self, where: Where) -> Endpoint:
        if isinstance(where, Endpoint):
            return where
        if isinstance(where, Place):
            return Endpoint(where.lat, where.lon, where)
        if isinstance(where, str):
            return self.resolve(where)
        return Endpoint(float(where[0]), float(where[1]))

    def _snap(self, end: Endpoint, step_free: bool) -> Snap:
        inside = end.place is not None and place_is_inside(end.place.tags)
        snap = self.graph.snap(end.lat, end.lon, step_free, inside=inside)
        if snap is None:
            raise NoRoute(f"{end.label()} is too far from any street on this map")
        return snap

    def speed_kmh(self, slow: bool = False) -> float:
        return self.slow_walking_speed_kmh if slow else self.walking_speed_kmh

    def minutes_for(self, distance_m: float, slow: bool = False) -> float:
        return distance_m / (self.speed_kmh(slow) * 1000.0 / 60.0)

    # -- routes ------------------------------------------------------------------------------
    def route(self, origin: Where, destination: Where, step_free: bool = False,
              slow: bool = False) -> Route:
        """The shortest walk; raises UnknownPlace for unknown names, NoRoute when unreachable."""
        a, b = self._endpoint(origin), self._endpoint(destination)
        sa, sb = self._snap(a, step_free), self._snap(b, step_free)
        path = shortest_path(self.graph, sa, sb, step_free)
        distance = path.distance_m + sa.distance_m + sb.distance_m
        points = list(path.points)
        if sa.distance_m > 1.0:
            points.insert(0, (a.lat, a.lon))
        if sb.distance_m > 1.0:
            points.append((b.lat, b.lon))
        proj = self.projection
        return Route(a, b, distance, self.minutes_for(distance, slow), step_free, tuple(points),
                     tuple(proj.to_xy(*p) for p in points), path, self.graph, self.units,
                     self.facing_deg if a.is_here else None)

    def osm_directions_url(self, destination: Where, origin: Where | None = None) -> str:
        """An openstreetmap.org walking-directions link (for the take-away QR code)."""
        a = self._endpoint(origin) if origin is not None else Endpoint(*self.here, is_here=True)
        b = self._endpoint(destination)
        return OSM_DIRECTIONS.format(a.lat, a.lon, b.lat, b.lon)

    # -- rings and walking times from the kiosk ------------------------------------------------
    def walk_rings(self, minutes: tuple[float, ...] = (5, 10), step_free: bool = False,
                   slow: bool = False) -> list[WalkRing]:
        start = self._snap(Endpoint(*self.here, is_here=True), step_free)
        return walk_rings(self.graph, start, minutes, self.speed_kmh(slow), step_free)

    def walk_distance_m(self, place: Place, step_free: bool = False) -> float | None:
        """Walking metres from the kiosk to ``place`` (one Dijkstra, cached), None if unreachable."""
        if step_free not in self._from_here:
            start = self._snap(Endpoint(*self.here, is_here=True), step_free)
            self._from_here[step_free] = distances_from(self.graph, start, math.inf, step_free)
            self._from_here[step_free][-1] = start.distance_m  # remember the start snap
            self._start = {**getattr(self, "_start", {}), step_free: start}
        dist = self._from_here[step_free]
        snap = self.graph.snap(place.lat, place.lon, step_free, inside=place_is_inside(place.tags))
        if snap is None:
            return None
        g = self.graph
        length = g.edge_len[snap.edge]
        candidates = [dist[n] + off for n, off in ((g.edge_a[snap.edge], snap.t * length),
                                                  (g.edge_b[snap.edge], (1 - snap.t) * length)) if n in dist]
        start = self._start[step_free]
        if start.edge == snap.edge:
            candidates.append(abs(start.t - snap.t) * length)
        if not candidates:
            return None
        return min(candidates) + snap.distance_m + start.distance_m

    def walk_minutes(self, place: Place, step_free: bool = False, slow: bool = False) -> float | None:
        d = self.walk_distance_m(place, step_free)
        return None if d is None else self.minutes_for(d, slow)

    # -- directory and search ----------------------------------------------------------------
    @staticmethod
    def categories() -> dict[str, str]:
        """Category id -> untranslated label (wrap in ``_()`` where shown)."""
        return dict(CATEGORIES)

    def search(self, text: str = "", category: str | None = None, step_free: bool = False,
               slow: bool = False, limit: int = 50) -> list[SearchResult]:
        """Places matching ``text`` in any language (all of them for empty text), nearest first
        among equally good matches."""
        from kiosk.i18n import current_language
        lang = current_language()
        found = []
        for place in self.pack.places:
            if category and category not in place.categories:
                continue
            score = match_score(text, place)
            if score == 0:
                continue
            d = self.walk_distance_m(place, step_free)
            found.append((-score, d if d is not None else math.inf, place, d))
        found.sort(key=lambda f: (f[0], f[1], f[2].id))
        return [SearchResult(p, p.name(lang), d, None if d is None else self.minutes_for(d, slow))
                for _, _, p, d in found[:limit]]


def straight_line_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    return haversine_m(a[0], a[1], b[0], b[1])


__all__ = ["Wayfinder", "Route", "Endpoint", "SearchResult", "UnknownPlace", "NoRoute",
           "ContentError", "straight_line_m"]
