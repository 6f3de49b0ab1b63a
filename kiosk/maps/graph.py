"""The pedestrian graph of a pack: nodes where lines meet, edges between consecutive points.

Lines join wherever they share a position (rounded to about a centimetre), which is how both the
demo pack and imported OpenStreetMap ways connect. A grid index over the edges finds the nearest
point *on* a street for any position, so a route starts at the pavement in front of the kiosk
rather than at the nearest junction.
"""
from __future__ import annotations

import gc
import math
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Sequence

from kiosk.maps.geo import EARTH_RADIUS_M, LocalProjection
from kiosk.maps.packdata import MapPack, Problem, Street
from kiosk.maps.profile import is_snappable, is_walkable

CELL_M = 100.0
MAX_SNAP_M = 1500.0
#: A place this close to a way is on it (a station entrance in a passage, a kiosk on a plaza).
ON_WAY_M = 3.0
#: How much further than the nearest way the main network may be and still be preferred: the
#: fragments and tunnels found in real extracts lie 10-70 m nearer than the street.
DETOUR_M = 150.0


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold the cyclic garbage collector while a pack's objects are built. Loading makes half a
    million lists and tuples, none of them garbage; each collection the allocations trigger walks
    every object in the process (the whole kiosk, and the pack being loaded), which measured as
    40-50 % of the load time of a 100,000-node pack. Reference counting still frees as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()



@dataclass(frozen=True)
class Snap:
    """Where a position meets the network: ``t`` of the way along ``edge`` (0 = its node a)."""

    edge: int
    t: float
    x: float
    y: float
    distance_m: float  # from the position asked about to the snapped point


class PedestrianGraph:
    """Nodes (lat/lon and projected x/y), undirected edges with lengths, and a snapping index."""

    def __init__(self, streets: Sequence[Street], projection: LocalProjection, build: bool = True) -> None:
        self.projection = projection
        self.streets = list(streets)
        self.lat: list[float] = []
        self.lon: list[float] = []
        self.x: list[float] = []
        self.y: list[float] = []
        self.edge_a: list[int] = []
        self.edge_b: list[int] = []
        self.edge_len: list[float] = []
        self.edge_street: list[int] = []
        self.edge_step_free: list[bool] = []
        self.edge_snappable: list[bool] = []  # a walk may start or end here (profile.is_snappable)
        self.adj: list[list[tuple[int, float, int]]] = []  # node -> [(other node, metres, edge)]
        self._ids: dict[tuple[int, int], int] = {}
        self._landmarks = None  # set by kiosk.maps.routing.landmarks_of on large graphs
        self._cells: dict[tuple[int, int], list[int]] = {}
        self._main: dict[bool, list[bool]] = {}
        if build:
            with paused_gc():
                self._build()

    @classmethod
    def from_pack(cls, pack: MapPack) -> PedestrianGraph:
        return cls(pack.streets, pack.projection)

    @classmethod
    def from_arrays(cls, streets: Sequence[Street], projection: LocalProjection, lat: Sequence[float],
                    lon: Sequence[float], edge_a: Sequence[int], edge_b: Sequence[int],
                    edge_street: Sequence[int], edge_len: Sequence[float],
                    flags: bytes | Sequence[int],
                    cells: tuple[tuple[int, int, int, int], Sequence[int], Sequence[int]] | None = None,
                    adjacency: tuple[Sequence[int], Sequence[int], Sequence[float], Sequence[int]] | None = None
                    ) -> PedestrianGraph:
        """A graph stored by :mod:`kiosk.maps.prepared`. ``flags`` per edge: 1 step-free,
        2 snappable, 4 on the main network, 8 on the main step-free network (both main bits
        zero everywhere means "not stored": worked out on first use); ``cells`` as
        :meth:`dense_cells` gives them (None: indexed here); ``adjacency`` as :meth:`adjacency_arrays`. Everything is
        copied with C-level loops (zip, map, slices): no Python statement runs per edge."""
        g = cls(streets, projection, build=False)
        lat0, lon0, kx, ky = projection.lat0, projection.lon0, projection._kx, projection._ky
        g.lat, g.lon = list(lat), list(lon)
        g.x = [(v - lon0) * kx for v in g.lon]
        g.y = [(v - lat0) * ky for v in g.lat]
        g.edge_a, g.edge_b, g.edge_street, g.edge_len = list(edge_a), list(edge_b), list(edge_street), list(edge_len)
        bits = bytes(flags) if not isinstance(flags, bytes) else flags
        g.edge_step_free = list(map(bool, bits.translate(_BIT_TABLES[1])))
        g.edge_snappable = list(map(bool, bits.translate(_BIT_TABLES[2])))
        if any(bits.translate(_BIT_TABLES[4])):
            g._main = {False: list(map(bool, bits.translate(_BIT_TABLES[4]))),
                       True: list(map(bool, bits.translate(_BIT_TABLES[8])))}
        if adjacency is None:
            adj: list[list[tuple[int, float, int]]] = [[] for _ in g.lat]
            for e, (a, b, length) in enumerate(zip(g.edge_a, g.edge_b, g.edge_len)):
                adj[a].append((b, length, e))
                adj[b].append((a, length, e))
            g.adj = adj
        else:
            offsets, others, lengths, via = adjacency
            # tuples, not lists: once the collector has seen them they are untracked, so its full
            # passes on the UI thread (ui/gcguard.py) no longer walk 100,000 adjacency lists
            entries = tuple(zip(others, lengths, via))
            g.adj = list(map(entries.__getitem__, map(slice, offsets, offsets[1:])))  # type: ignore[arg-type]
        if cells is None:
            for e in range(len(g.edge_a)):
                g._index_edge(e)
        else:
            g._cells = _DenseCells(*cells)  # type: ignore[assignment]
        return g

    def adjacency_arrays(self) -> tuple[list[int], list[int], list[float], list[int]]:
        """The adjacency lists flattened (per-node offsets; other nodes; lengths; edges) for
        storing (the lengths repeat edge_len, so loading needs no lookup per entry)."""
        offsets = [0]
        others: list[int] = []
        lengths: list[float] = []
        via: list[int] = []
        for entries in self.adj:
            others += [other for other, _, _ in entries]
            lengths += [length for _, length, _ in entries]
            via += [edge for _, _, edge in entries]
            offsets.append(len(others))
        return offsets, others, lengths, via

    def dense_cells(self) -> tuple[tuple[int, int, int, int], list[int], list[int]] | None:
        """The snapping grid as a dense table over its bounding box for storing: (x0, y0, width,
        height), one offset per cell plus one, and the edges; None when the box is too big."""
        cells = dict(self._cells.items())
        if not cells:
            return None
        xs, ys = [c[0] for c in cells], [c[1] for c in cells]
        x0, y0 = min(xs), min(ys)
        width, height = max(xs) - x0 + 1, max(ys) - y0 + 1
        if width * height > MAX_DENSE_CELLS:
            return None
        offsets, edges = [0], []
        for i in range(width):
            for j in range(height):
                edges += cells.get((x0 + i, y0 + j), ())
                offsets.append(len(edges))
        return (x0, y0, width, height), offsets, edges

    def _index_edge(self, e: int) -> None:
        a, b = self.edge_a[e], self.edge_b[e]
        x0, x1 = sorted((self.x[a], self.x[b]))
        y0, y1 = sorted((self.y[a], self.y[b]))
        for cx in range(math.floor(x0 / CELL_M), math.floor(x1 / CELL_M) + 1):
            for cy in range(math.floor(y0 / CELL_M), math.floor(y1 / CELL_M) + 1):
                self._cells.setdefault((cx, cy), []).append(e)

    def node_at(self, lat: float, lon: float) -> int | None:
        """The node at exactly this position (to about a centimetre), if any."""
        if not self._ids and self.lat:
            self._ids = {(round(a * 1e7), round(b * 1e7)): i for i, (a, b) in enumerate(zip(self.lat, self.lon))}
        return self._ids.get((round(lat * 1e7), round(lon * 1e7)))

    # -- building --------------------------------------------------------------------------
    def _build(self) -> None:
        """Nodes, edges and the grid index in one pass. Written out flat (no per-point method
        calls): a 100,000-node pack must load in well under a second on the kiosk."""
        ids, lats, lons, xs, ys, adj = self._ids, self.lat, self.lon, self.x, self.y, self.adj
        ea, eb, elen, estreet = self.edge_a, self.edge_b, self.edge_len, self.edge_street
        estep, esnap, cells = self.edge_step_free, self.edge_snappable, self._cells
        lat0, lon0 = self.projection.lat0, self.projection.lon0
        kx, ky = self.projection.to_xy(lat0 + 1.0, lon0 + 1.0)
        radians, sin, cos, asin, sqrt, floor = math.radians, math.sin, math.cos, math.asin, math.sqrt, math.floor
        r2 = 2 * EARTH_RADIUS_M
        for index, street in enumerate(self.streets):
            if not is_walkable(street.highway, street.tags):
                continue
            snappable, step_free = is_snappable(street.tags), street.step_free
            prev = -1
            plat = plon = px = py = 0.0
            for lat, lon in street.coords:
                key = (round(lat * 1e7), round(lon * 1e7))
                node = ids.get(key)
                if node is None:
                    node = ids[key] = len(lats)
                    lats.append(lat)
                    lons.append(lon)
                    x, y = (lon - lon0) * kx, (lat - lat0) * ky
                    xs.append(x)
                    ys.append(y)
                    adj.append([])
                else:
                    lat, lon, x, y = lats[node], lons[node], xs[node], ys[node]
                if prev >= 0 and node != prev:
                    # haversine, as kiosk.maps.geo.haversine_m computes it
                    p1, p2 = radians(plat), radians(lat)
                    h = sin((p2 - p1) / 2) ** 2 + cos(p1) * cos(p2) * sin(radians(lon - plon) / 2) ** 2
                    length = r2 * asin(min(1.0, sqrt(h)))
                    e = len(ea)
                    ea.append(prev)
                    eb.append(node)
                    elen.append(length)
                    estreet.append(index)
                    estep.append(step_free)
                    esnap.append(snappable)
                    adj[prev].append((node, length, e))
                    adj[node].append((prev, length, e))
                    cx0, cx1 = floor(px / CELL_M), floor(x / CELL_M)
                    cy0, cy1 = floor(py / CELL_M), floor(y / CELL_M)
                    if cx0 == cx1 and cy0 == cy1:
                        cells.setdefault((cx0, cy0), []).append(e)
                    else:
                        for cx in range(min(cx0, cx1), max(cx0, cx1) + 1):
                            for cy in range(min(cy0, cy1), max(cy0, cy1) + 1):
                                cells.setdefault((cx, cy), []).append(e)
                prev, plat, plon, px, py = node, lat, lon, x, y

    # -- queries ---------------------------------------------------------------------------
    @property
    def node_count(self) -> int:
        return len(self.lat)

    @property
    def edge_count(self) -> int:
        return len(self.edge_a)

    def street_of(self, edge: int) -> Street:
        return self.streets[self.edge_street[edge]]

    def point_on(self, edge: int, t: float) -> tuple[float, float]:
        """(lat, lon) a fraction ``t`` along ``edge`` from its node a."""
        a, b = self.edge_a[edge], self.edge_b[edge]
        return (self.lat[a] + (self.lat[b] - self.lat[a]) * t,
                self.lon[a] + (self.lon[b] - self.lon[a]) * t)

    def _project_onto(self, e: int, px: float, py: float) -> tuple[float, float, float, float]:
        a, b = self.edge_a[e], self.edge_b[e]
        ax, ay, bx, by = self.x[a], self.y[a], self.x[b], self.y[b]
        dx, dy = bx - ax, by - ay
        seg2 = dx * dx + dy * dy
        t = 0.0 if seg2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / seg2))
        sx, sy = ax + t * dx, ay + t * dy
        return math.hypot(px - sx, py - sy), t, sx, sy

    def snap(self, lat: float, lon: float, step_free: bool = False,
             max_distance_m: float = MAX_SNAP_M, inside: bool = False) -> Snap | None:
        """Where a walk from or to this position meets the network, or None when nothing usable is
        within ``max_distance_m``.

        The nearest point on the main network (the largest connected part, in this profile) on a
        public way in the open air, when it is at most :data:`DETOUR_M` further than the nearest
        way of any kind: a place beside a 10 m fragment of footway or above a service tunnel snaps
        to the street it is reached from. For a place mapped ``inside`` (indoors, underground: see
        :func:`kiosk.maps.profile.place_is_inside`) a way it is on (within :data:`ON_WAY_M`) wins
        even in a tunnel or indoors — the place is there. Past the detour, the nearest way stays
        (an island far from the main network is where the place really is).
        """
        usable = self.edge_step_free
        nearest = self._nearest(lat, lon, max_distance_m, lambda e: not step_free or usable[e])
        if nearest is None:
            return None
        main = self.main_edges(step_free)
        snappable = self.edge_snappable
        if main[nearest.edge] and (snappable[nearest.edge] or (inside and nearest.distance_m <= ON_WAY_M)):
            return nearest
        better = self._nearest(lat, lon, min(max_distance_m, nearest.distance_m + DETOUR_M),
                               lambda e: main[e] and snappable[e])
        return better or nearest

    def _nearest(self, lat: float, lon: float, max_distance_m: float,
                 accept: Callable[[int], bool]) -> Snap | None:
        px, py = self.projection.to_xy(lat, lon)
        cx, cy = math.floor(px / CELL_M), math.floor(py / CELL_M)
        best: tuple[float, float, float, float, int] | None = None
        max_ring = int(max_distance_m / CELL_M) + 1
        for ring in range(max_ring + 1):
            if best is not None and best[0] <= (ring - 1) * CELL_M:
                break
            for cell in _ring_cells(cx, cy, ring):
                for e in self._cells.get(cell, ()):
                    if not accept(e):
                        continue
                    d, t, sx, sy = self._project_onto(e, px, py)
                    if best is None or d < best[0]:
                        best = (d, t, sx, sy, e)
        if best is None or best[0] > max_distance_m:
            return None
        d, t, sx, sy, e = best
        return Snap(e, t, sx, sy, d)

    def main_edges(self, step_free: bool = False) -> list[bool]:
        """Per edge: is it on the largest connected part of the network (in this profile)?"""
        cached = self._main.get(step_free)
        if cached is None:
            comp = self.components(step_free)
            usable = self.edge_step_free
            cached = [comp[a] == 0 and (not step_free or usable[e]) for e, a in enumerate(self.edge_a)]
            self._main[step_free] = cached
        return cached

    def components(self, step_free: bool = False) -> list[int]:
        """Component number of every node (0 = the largest), without steps when ``step_free``."""
        usable = self.edge_step_free
        comp = [-1] * self.node_count
        sizes = []
        for start in range(self.node_count):
            if comp[start] != -1:
                continue
            label, size = len(sizes), 0
            comp[start] = label
            queue = deque([start])
            while queue:
                node = queue.popleft()
                size += 1
                for other, _, edge in self.adj[node]:
                    if comp[other] == -1 and (not step_free or usable[edge]):
                        comp[other] = label
                        queue.append(other)
            sizes.append(size)
        order = sorted(range(len(sizes)), key=lambda c: -sizes[c])
        rank = {c: i for i, c in enumerate(order)}
        return [rank[c] for c in comp]


#: Largest snapping grid stored densely (cells of the pack's bounding box): 4 bytes a cell.
MAX_DENSE_CELLS = 4_000_000


class _DenseCells:
    """The snapping grid as stored: one offsets entry per cell of the network's bounding box, so
    a lookup is two array reads and a slice, and loading builds nothing (:meth:`get` is all
    snapping and directions use)."""

    __slots__ = ("_x0", "_y0", "_width", "_height", "_offsets", "_edges")

    def __init__(self, origin: tuple[int, int, int, int], offsets: Sequence[int], edges: Sequence[int]) -> None:
        self._x0, self._y0, self._width, self._height = origin
        self._offsets, self._edges = offsets, edges

    def get(self, cell: tuple[int, int], default: Any = ()) -> Any:
        i, j = cell[0] - self._x0, cell[1] - self._y0
        if not (0 <= i < self._width and 0 <= j < self._height):
            return default
        k = i * self._height + j
        start, stop = self._offsets[k], self._offsets[k + 1]
        return self._edges[start:stop] if stop > start else default

    def items(self) -> Iterator[tuple[tuple[int, int], list[int]]]:
        for k in range(self._width * self._height):
            start, stop = self._offsets[k], self._offsets[k + 1]
            if stop > start:
                yield (self._x0 + k // self._height, self._y0 + k % self._height), list(self._edges[start:stop])


#: bytes.translate tables picking one flag bit out of each edge's flags byte
_BIT_TABLES = {bit: bytes(1 if i & bit else 0 for i in range(256)) for bit in (1, 2, 4, 8)}


def _ring_cells(cx: int, cy: int, ring: int) -> list[tuple[int, int]]:
    if ring == 0:
        return [(cx, cy)]
    cells = [(cx + dx, cy + dy) for dx in range(-ring, ring + 1) for dy in (-ring, ring)]
    cells += [(cx + dx, cy + dy) for dx in (-ring, ring) for dy in range(-ring + 1, ring)]
    return cells


def connectivity_problems(pack: MapPack) -> list[Problem]:
    """Warnings for streets cut off from the main network and places no route can reach."""
    graph = PedestrianGraph.from_pack(pack)
    if graph.node_count == 0:
        return []
    comp = graph.components()
    problems = []
    streets_file = str(pack.path / "streets.geojson")
    cut_off = sorted({graph.street_of(e).id for e in range(graph.edge_count) if comp[graph.edge_a[e]] != 0})
    for sid in cut_off[:20]:
        problems.append(Problem(streets_file, f"feature {sid}",
                                "not connected to the main street network", "warning"))
    places_file = str(pack.path / "places.geojson")
    for place in pack.places:
        snap = graph.snap(place.lat, place.lon)
        if snap is None:
            problems.append(Problem(places_file, f"feature {place.id}",
                                    f"no street within {MAX_SNAP_M:.0f} m; it cannot be routed to"))
        elif comp[graph.edge_a[snap.edge]] != 0:
            problems.append(Problem(places_file, f"feature {place.id}",
                                    "nearest street is cut off from the main network", "warning"))
    return problems
