"""Walking routes: A* over the pedestrian graph between two snapped positions.

Both ends are points *on* edges (see :meth:`PedestrianGraph.snap`), so the search starts with
the two ends of the start edge and finishes through a virtual goal reached from the two ends of
the goal edge. The straight-line estimate uses projected metres, shrunk slightly so it never
overestimates the haversine lengths of the edges (A* then returns the shortest route).
The step-free profile simply never relaxes an edge with steps.
"""
from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

from kiosk.maps.graph import PedestrianGraph, Snap

#: Shrinks the straight-line estimate to stay below true lengths across a city-sized pack.
HEURISTIC_SCALE = 0.995
_GOAL = -1
_SOURCE = -2


class NoRoute(Exception):
    """No walkable connection between the two positions (in this profile)."""


@dataclass(frozen=True)
class Piece:
    """Part of one edge walked by a route, from fraction ``t0`` to ``t1`` (may run backwards)."""

    edge: int
    t0: float
    t1: float
    length_m: float


@dataclass(frozen=True)
class RoutePath:
    """A shortest walk: its length, its pieces of edges in order, and its line (lat, lon)."""

    distance_m: float
    pieces: tuple[Piece, ...]
    points: tuple[tuple[float, float], ...]


def _piece(graph: PedestrianGraph, edge: int, t0: float, t1: float) -> Piece:
    return Piece(edge, t0, t1, abs(t1 - t0) * graph.edge_len[edge])


def shortest_path(graph: PedestrianGraph, start: Snap, goal: Snap, step_free: bool = False) -> RoutePath:
    """A* from ``start`` to ``goal``. Raises :class:`NoRoute` when they are not connected."""
    xs, ys, adj, lens = graph.x, graph.y, graph.adj, graph.edge_len
    usable = graph.edge_step_free
    gx, gy = goal.x, goal.y
    ga, gb = graph.edge_a[goal.edge], graph.edge_b[goal.edge]
    g_len = lens[goal.edge]
    to_goal = {ga: goal.t * g_len, gb: (1.0 - goal.t) * g_len}
    if ga == gb:
        to_goal = {ga: 0.0}

    best: dict[int, float] = {}
    prev: dict[int, tuple[int, int]] = {}
    heap: list[tuple[float, float, int]] = []

    def push(node: int, g: float, came: int, edge: int) -> None:
        if g < best.get(node, math.inf):
            best[node] = g
            prev[node] = (came, edge)
            h = 0.0 if node == _GOAL else math.hypot(xs[node] - gx, ys[node] - gy) * HEURISTIC_SCALE
            heapq.heappush(heap, (g + h, g, node))

    s_len = lens[start.edge]
    push(graph.edge_a[start.edge], start.t * s_len, _SOURCE, start.edge)
    push(graph.edge_b[start.edge], (1.0 - start.t) * s_len, _SOURCE, start.edge)
    if start.edge == goal.edge:
        push(_GOAL, abs(start.t - goal.t) * s_len, _SOURCE, start.edge)

    while heap:
        _, g, node = heapq.heappop(heap)
        if g > best.get(node, math.inf):
            continue
        if node == _GOAL:
            return _build(graph, start, goal, prev, g)
        if node in to_goal:
            push(_GOAL, g + to_goal[node], node, goal.edge)
        for other, length, edge in adj[node]:
            if step_free and not usable[edge]:
                continue
            ng = g + length
            if ng < best.get(other, math.inf):
                best[other] = ng
                prev[other] = (node, edge)
                heapq.heappush(heap, (ng + math.hypot(xs[other] - gx, ys[other] - gy) * HEURISTIC_SCALE,
                                      ng, other))
    raise NoRoute("the two places are not connected by a walkable route")


def _t_of(graph: PedestrianGraph, edge: int, node: int) -> float:
    return 0.0 if graph.edge_a[edge] == node else 1.0


def _build(graph: PedestrianGraph, start: Snap, goal: Snap,
           prev: dict[int, tuple[int, int]], total: float) -> RoutePath:
    chain: list[tuple[int, int]] = []  # (node reached, via edge), goal first
    node = _GOAL
    while node != _SOURCE:
        came, edge = prev[node]
        chain.append((node, edge))
        node = came
    chain.reverse()
    pieces: list[Piece] = []
    prev_node = _SOURCE
    for node, edge in chain:
        t0 = start.t if prev_node == _SOURCE else _t_of(graph, edge, prev_node)
        t1 = goal.t if node == _GOAL else _t_of(graph, edge, node)
        if t0 != t1:
            pieces.append(_piece(graph, edge, t0, t1))
        prev_node = node
    points = [graph.point_on(start.edge, start.t)]
    for piece in pieces:
        end = graph.point_on(piece.edge, piece.t1)
        if end != points[-1]:
            points.append(end)
    if len(points) == 1:
        points.append(graph.point_on(goal.edge, goal.t))
    return RoutePath(total, tuple(pieces), tuple(points))


def distances_from(graph: PedestrianGraph, start: Snap, limit_m: float,
                   step_free: bool = False) -> dict[int, float]:
    """Dijkstra: walking metres from ``start`` to every node within ``limit_m``."""
    best: dict[int, float] = {}
    s_len = graph.edge_len[start.edge]
    heap = [(start.t * s_len, graph.edge_a[start.edge]), ((1 - start.t) * s_len, graph.edge_b[start.edge])]
    heapq.heapify(heap)
    adj, usable = graph.adj, graph.edge_step_free
    while heap:
        g, node = heapq.heappop(heap)
        if g > limit_m or node in best:
            continue
        best[node] = g
        for other, length, edge in adj[node]:
            if other not in best and (not step_free or usable[edge]) and g + length <= limit_m:
                heapq.heappush(heap, (g + length, other))
    return best
