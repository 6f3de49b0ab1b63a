"""Walk rings: the area reachable on foot in a few minutes, measured along the streets.

Dijkstra from the kiosk gives the walking distance of every junction within reach; each edge
leaving a reached junction is followed as far as the remaining time allows (partial edges), and
points along it are sampled. The outline takes the farthest reach in each of 90 direction
sectors around the kiosk — a star-shaped polygon that follows the street grid (a street
running far out makes a spike, a block with no way through stays a notch), unlike a plain circle
or a convex hull.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from kiosk.maps.graph import PedestrianGraph, Snap
from kiosk.maps.routing import distances_from

SECTORS = 90
SAMPLE_M = 20.0


@dataclass(frozen=True)
class WalkRing:
    """The outline reachable within ``minutes`` (polygon in projected metres and in lat/lon)."""

    minutes: float
    distance_m: float
    polygon_xy: tuple[tuple[float, float], ...]
    polygon_latlon: tuple[tuple[float, float], ...]


def reachable_points(graph: PedestrianGraph, start: Snap, limit_m: float,
                     step_free: bool = False) -> list[tuple[float, float]]:
    """Projected points on the network within ``limit_m`` of walking from ``start``."""
    dist = distances_from(graph, start, limit_m, step_free)
    xs, ys = graph.x, graph.y
    points = [(start.x, start.y)]
    # the start edge itself, from the snapped point outwards
    for node, t_end in ((graph.edge_a[start.edge], 0.0), (graph.edge_b[start.edge], 1.0)):
        span = abs(t_end - start.t) * graph.edge_len[start.edge]
        reach = min(1.0, limit_m / span) if span > 0 else 1.0
        points += _along(start.x, start.y, xs[node], ys[node], span, reach)
    for node, d in dist.items():
        points.append((xs[node], ys[node]))
        left = limit_m - d
        for other, length, edge in graph.adj[node]:
            if step_free and not graph.edge_step_free[edge]:
                continue
            reach = min(1.0, left / length) if length > 0 else 1.0
            points += _along(xs[node], ys[node], xs[other], ys[other], length, reach)
    return points


def _along(x0: float, y0: float, x1: float, y1: float, length: float, reach: float) -> list[tuple[float, float]]:
    """Points every SAMPLE_M from (x0, y0) towards (x1, y1), up to fraction ``reach``."""
    count = max(1, int(length * reach / SAMPLE_M))
    return [(x0 + (x1 - x0) * reach * i / count, y0 + (y1 - y0) * reach * i / count)
            for i in range(1, count + 1)]


def sector_radii(points: list[tuple[float, float]], centre: tuple[float, float],
                 sectors: int = SECTORS) -> dict[int, float]:
    """The farthest distance reached in each direction sector around ``centre``."""
    cx, cy = centre
    far: dict[int, float] = {}
    for x, y in points:
        r = math.hypot(x - cx, y - cy)
        if r < 1e-6:
            continue
        sector = int((math.atan2(y - cy, x - cx) + math.pi) / (2 * math.pi) * sectors) % sectors
        if r > far.get(sector, 0.0):
            far[sector] = r
    return far


def outline(radii: dict[int, float], centre: tuple[float, float],
            sectors: int = SECTORS) -> list[tuple[float, float]]:
    """A star-shaped polygon: one vertex per reached sector, on the sector's middle direction.

    Vertices sit on fixed directions, so a larger ring whose radii are at least as large in every
    sector always contains the smaller one.
    """
    cx, cy = centre
    poly = []
    for sector in sorted(radii):
        angle = (sector + 0.5) / sectors * 2 * math.pi - math.pi
        poly.append((cx + radii[sector] * math.cos(angle), cy + radii[sector] * math.sin(angle)))
    return poly


def walk_rings(graph: PedestrianGraph, start: Snap, minutes: tuple[float, ...], speed_kmh: float,
               step_free: bool = False) -> list[WalkRing]:
    """One :class:`WalkRing` per entry of ``minutes``, computed on the network."""
    rings = []
    proj = graph.projection
    centre = (start.x, start.y)
    radii: dict[int, float] = {}
    for m in sorted(minutes):
        limit = speed_kmh * 1000.0 / 60.0 * m
        reached = sector_radii(reachable_points(graph, start, limit, step_free), centre)
        radii = {s: max(radii.get(s, 0.0), reached.get(s, 0.0)) for s in set(radii) | set(reached)}
        poly = outline(radii, centre)
        rings.append(WalkRing(m, limit, tuple(poly), tuple(proj.to_latlon(x, y) for x, y in poly)))
    return rings
