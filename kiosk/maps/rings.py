"""Walk areas: the part of the map reachable on foot in a few minutes, measured along the streets.

Dijkstra from the kiosk gives the walking distance of every junction within reach; every street
leaving a reached junction is followed as far as the remaining time allows, sampled every grid
cell. Each sampled point ``p`` (reached after ``d`` metres) claims a disc around it whose radius
is what a walker could still cover off the drawn network::

    radius(p) = min((limit - d) / OFF_NETWORK_DETOUR, reach_cap) + base

``base`` keeps a street's own sidewalks and doors inside the area. The detour factor stands for
the side streets and courtyards a pack does not draw (a demo pack of main streets only); the cap
(half the typical gap between the reached streets) keeps a dense city network from spilling
across a harbour or a rail yard. The union of the discs is held as a field on a grid —
``F(x) = max_p(radius(p) - |x - p|)``, positive inside, the distance to the area outside — so:

* enclosed pockets (a block ringed by reachable streets) are filled: you can walk round them;
* a light box blur of the field rounds the corners a union of discs leaves (no sharp notches);
* marching squares draws the outline at ``F = 0``: one closed, simple polygon around the kiosk.

Every reached point lies at least ``base`` inside its own disc and the blur is smaller than
``base``, so the outline contains every reachable junction. Grid, cap and blur are shared by all
the rings of one call and the field only grows with the limit, so a 10-minute area contains the
5-minute one. No Qt and no numeric libraries: the grid is a few thousand cells.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from kiosk.maps.graph import PedestrianGraph, Snap
from kiosk.maps.routing import distances_from

#: Off the drawn network a walker covers ground this many times slower (zig-zags, side streets).
OFF_NETWORK_DETOUR = 2.0
CELLS_ACROSS = 80  # grid cells across the largest ring's reach (20 m for 10 minutes)
MIN_CELL_M = 8.0


@dataclass(frozen=True)
class WalkRing:
    """The outline reachable within ``minutes`` (polygon in projected metres and in lat/lon)."""

    minutes: float
    distance_m: float
    polygon_xy: tuple[tuple[float, float], ...]
    polygon_latlon: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Reached:
    """A point on the network and the walking metres to it from the kiosk."""

    x: float
    y: float
    walked: float


def reached_points(graph: PedestrianGraph, start: Snap, limit_m: float, spacing_m: float,
                   step_free: bool = False) -> list[Reached]:
    """Points on the network within ``limit_m`` of walking from ``start``, about ``spacing_m``
    apart along every street (partly walked streets included)."""
    dist = distances_from(graph, start, limit_m, step_free)
    xs, ys = graph.x, graph.y
    points = [Reached(start.x, start.y, 0.0)]
    s_len = graph.edge_len[start.edge]
    for node, span in ((graph.edge_a[start.edge], start.t * s_len),
                       (graph.edge_b[start.edge], (1 - start.t) * s_len)):
        points += _along(start.x, start.y, 0.0, xs[node], ys[node], span, limit_m, spacing_m)
    for node, walked in dist.items():
        points.append(Reached(xs[node], ys[node], walked))
        for other, length, edge in graph.adj[node]:
            if step_free and not graph.edge_step_free[edge]:
                continue
            far = dist.get(other)
            if far is not None and other < node:
                continue  # both ends reached: sampled once, from the lower-numbered end
            points += _along(xs[node], ys[node], walked, xs[other], ys[other], length, limit_m,
                             spacing_m, far)
    return points


def _along(x0: float, y0: float, walked: float, x1: float, y1: float, length: float,
           limit_m: float, spacing_m: float, far: float | None = None) -> list[Reached]:
    """Points every ``spacing_m`` from (x0, y0) towards (x1, y1) while the walk stays in limit;
    ``far`` is the walk to (x1, y1) when that end is reached too (each point takes the shorter)."""
    if length <= 0:
        return []
    reach = length if far is not None else min(length, limit_m - walked)
    if reach <= 0:
        return []
    count = max(1, math.ceil(reach / spacing_m))
    out = []
    for i in range(1, count + (0 if far is not None else 1)):
        s = reach * i / count
        d = walked + s if far is None else min(walked + s, far + length - s)
        if d <= limit_m:
            out.append(Reached(x0 + (x1 - x0) * s / length, y0 + (y1 - y0) * s / length, d))
    return out


# -- the field -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Grid:
    """A square grid in projected metres; cell (i, j) is centred at (x0 + i·cell, y0 + j·cell)."""

    x0: float
    y0: float
    cell: float
    nx: int
    ny: int

    def xy(self, i: float, j: float) -> tuple[float, float]:
        return self.x0 + i * self.cell, self.y0 + j * self.cell


def _grid_for(points: list[Reached], cell: float, pad_m: float) -> Grid:
    x0 = min(p.x for p in points) - pad_m
    y0 = min(p.y for p in points) - pad_m
    x1 = max(p.x for p in points) + pad_m
    y1 = max(p.y for p in points) + pad_m
    return Grid(x0, y0, cell, int(math.ceil((x1 - x0) / cell)) + 1, int(math.ceil((y1 - y0) / cell)) + 1)


def reach_cap(points: list[Reached], limit_m: float, base_m: float, spacing_m: float) -> float:
    """Half the typical gap between reached streets: street metres per square metre of a
    limit-sized disc give a grid spacing of 2·area/length."""
    walked_length = len(points) * spacing_m  # points are about that far apart along the streets
    area = math.pi * limit_m * limit_m
    spacing = 2.0 * area / max(walked_length, 1.0)
    return max(base_m, spacing / 2.0)


def field(grid: Grid, points: list[Reached], limit_m: float, cap_m: float, base_m: float,
          outside: float) -> list[list[float]]:
    """``F`` on the grid (rows by j): positive inside the union of discs (see module docs)."""
    cell = grid.cell
    values = [[outside] * grid.nx for _ in range(grid.ny)]
    margin = cell  # just past its disc: the field there is what the blur reads at the edge
    for p in points:
        if p.walked > limit_m:
            continue
        radius = min((limit_m - p.walked) / OFF_NETWORK_DETOUR, cap_m) + base_m
        reach = radius + margin
        fi, fj = (p.x - grid.x0) / cell, (p.y - grid.y0) / cell
        i0, i1 = max(0, int(fi - reach / cell)), min(grid.nx - 1, int(fi + reach / cell) + 1)
        j0, j1 = max(0, int(fj - reach / cell)), min(grid.ny - 1, int(fj + reach / cell) + 1)
        hypot = math.hypot
        for j in range(j0, j1 + 1):
            row = values[j]
            dy = (j - fj) * cell
            if abs(dy) > reach:
                continue
            chord = math.sqrt(reach * reach - dy * dy) / cell  # only the cells within reach
            for i in range(max(i0, int(fi - chord)), min(i1, int(fi + chord) + 1) + 1):
                value = radius - hypot((i - fi) * cell, dy)
                if value > row[i]:
                    row[i] = value
    return values


def fill_pockets(values: list[list[float]], fill: float) -> None:
    """Give ``fill`` to every outside cell (F <= 0) not connected to the grid's edge."""
    ny, nx = len(values), len(values[0])
    seen = [[False] * nx for _ in range(ny)]
    stack = [(i, j) for i in range(nx) for j in (0, ny - 1)] + [(i, j) for j in range(ny) for i in (0, nx - 1)]
    while stack:
        i, j = stack.pop()
        if seen[j][i] or values[j][i] > 0:
            continue
        seen[j][i] = True
        for a, b in ((i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)):
            if 0 <= a < nx and 0 <= b < ny and not seen[b][a]:
                stack.append((a, b))
    for j in range(ny):
        for i in range(nx):
            if not seen[j][i] and values[j][i] <= 0:
                values[j][i] = fill


def box_blur(values: list[list[float]], radius: int) -> list[list[float]]:
    """A separable box blur of ``radius`` cells (edges repeat their last value)."""
    if radius <= 0:
        return values
    ny, nx = len(values), len(values[0])
    width = 2 * radius + 1

    def blur_line(line: list[float]) -> list[float]:
        n = len(line)
        padded = [line[0]] * radius + line + [line[-1]] * radius
        total = sum(padded[:width])
        out = [total / width]
        for k in range(1, n):
            total += padded[k + width - 1] - padded[k - 1]
            out.append(total / width)
        return out

    rows = [blur_line(row) for row in values]
    columns = [blur_line([rows[j][i] for j in range(ny)]) for i in range(nx)]
    return [[columns[i][j] for i in range(nx)] for j in range(ny)]


# -- the outline ---------------------------------------------------------------------------------

def contours(values: list[list[float]]) -> list[list[tuple[float, float]]]:
    """Closed outlines at ``F = 0`` by marching squares, in grid coordinates (i, j). The edge
    rows and columns must be outside (negative) so every outline closes."""
    ny, nx = len(values), len(values[0])

    def cross(a: tuple[int, int], b: tuple[int, int]) -> tuple[float, float]:
        va, vb = values[a[1]][a[0]], values[b[1]][b[0]]
        t = va / (va - vb)
        return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t

    # Each square's corners: 0 = (i, j), 1 = (i+1, j), 2 = (i+1, j+1), 3 = (i, j+1); its edges
    # are named by their corner pair, and an edge crossing point is shared by the two squares.
    following: dict[tuple, tuple] = {}
    points: dict[tuple, tuple[float, float]] = {}
    for j in range(ny - 1):
        for i in range(nx - 1):
            corners = ((i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1))
            inside = [values[c[1]][c[0]] > 0 for c in corners]
            if all(inside) or not any(inside):
                continue
            edges = [tuple(sorted((corners[k], corners[(k + 1) % 4]))) for k in range(4)]
            # Walk round the square; an edge where inside turns outside starts a segment that
            # ends at the next edge where outside turns inside (inside kept on the left).
            starts = [k for k in range(4) if inside[k] and not inside[(k + 1) % 4]]
            ends = [k for k in range(4) if not inside[k] and inside[(k + 1) % 4]]
            if len(starts) == 2:  # a saddle: the centre decides whether the insides join
                centre = sum(values[c[1]][c[0]] for c in corners) / 4
                turn = 1 if centre > 0 else 3  # joined: cut off each outside corner
                pairs = [(s, (s + turn) % 4) for s in starts]
            else:
                pairs = [(starts[0], ends[0])]
            for s, e in pairs:
                a, b = edges[s], edges[e]
                following[a] = b
                for edge in (a, b):
                    if edge not in points:
                        points[edge] = cross(*edge)
    loops = []
    while following:
        first, nxt = following.popitem()
        loop = [points[first]]
        while nxt != first and nxt in following:
            loop.append(points[nxt])
            nxt = following.pop(nxt)
        if len(loop) >= 3:
            loops.append(loop)
    return loops


def polygon_area(poly: list[tuple[float, float]]) -> float:
    """Signed area (positive counter-clockwise)."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1])) / 2


def point_inside(point: tuple[float, float], poly: list[tuple[float, float]]) -> bool:
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def walk_area(grid: Grid, points: list[Reached], limit_m: float, cap_m: float, base_m: float,
              blur_cells: int, centre: tuple[float, float],
              floor: list[list[float]] | None = None) -> tuple[list[tuple[float, float]], list[list[float]]]:
    """The outline around ``centre`` of everything reachable within ``limit_m`` (module docs),
    and its field before the blur. ``floor`` is a shorter walk's field: this one is never
    below it, so the longer walk's area holds the shorter one's."""
    # farther out the field is held at two cells' distance: the blur only needs the sign there
    outside = -2.0 * grid.cell
    values = field(grid, points, limit_m, cap_m, base_m, outside)
    fill_pockets(values, grid.cell)
    if floor is not None:
        values = [[max(a, b) for a, b in zip(row, low)] for row, low in zip(values, floor)]
    unblurred = values
    values = box_blur(box_blur(values, blur_cells), blur_cells)
    for row in (values[0], values[-1]):  # the edge stays outside so every outline closes
        row[:] = [min(v, -1.0) for v in row]
    for row in values:
        row[0], row[-1] = min(row[0], -1.0), min(row[-1], -1.0)
    loops = [[grid.xy(i, j) for i, j in loop] for loop in contours(values)]
    around = [loop for loop in loops if point_inside(centre, loop)]
    best = max(around or loops, key=lambda loop: abs(polygon_area(loop)), default=[])
    if best and polygon_area(best) < 0:
        best.reverse()  # counter-clockwise (x east, y north)
    return best, unblurred


def walk_rings(graph: PedestrianGraph, start: Snap, minutes: tuple[float, ...], speed_kmh: float,
               step_free: bool = False) -> list[WalkRing]:
    """One :class:`WalkRing` per entry of ``minutes``, computed on the network."""
    proj = graph.projection
    limits = {m: speed_kmh * 1000.0 / 60.0 * m for m in minutes}
    if not limits:
        return []
    longest = max(limits.values())
    cell = max(MIN_CELL_M, 2 * longest / CELLS_ACROSS)
    base = 2.5 * cell  # the street's own width and doors; larger than the blur (see module docs)
    blur = 2
    # discs of at least ``base`` every ``base`` metres overlap: the streets stay unbroken
    points = reached_points(graph, start, longest, base, step_free)
    cap = reach_cap(points, longest, base, base)
    grid = _grid_for(points, cell, longest / OFF_NETWORK_DETOUR + base + 6 * cell)
    rings = []
    floor = None
    for m in sorted(minutes):
        poly, floor = walk_area(grid, points, limits[m], cap, base, blur, (start.x, start.y), floor)
        rings.append(WalkRing(m, limits[m], tuple(poly), tuple(proj.to_latlon(x, y) for x, y in poly)))
    return rings
