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

#: Graphs with at least this many nodes get landmarks; smaller ones are fast without them.
LANDMARK_MIN_NODES = 5000
LANDMARK_COUNT = 8
#: How many of the landmarks one query consults (the best ones for its start and goal).
ACTIVE_LANDMARKS = 3

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
    # entries are (estimate of the whole walk, -walked so far, node): among equal estimates the
    # node farthest along comes first
    heap: list[tuple[float, float, int]] = []
    marks = landmarks_of(graph)
    if marks is not None:
        # d(v, goal) >= d(v, ga) - (ga to goal along the edge) >= ALT(v, ga) - offset
        table = marks.table
        target = table[ga]
        offset = to_goal[ga]
        # "Active landmarks": only the few that bound this query best at its start are consulted
        # per node, and each node's bound is computed once — the bound was most of the time spent.
        first = table[graph.edge_a[start.edge]]
        active = sorted(range(len(target)), key=lambda i: -abs(first[i] - target[i]))[:ACTIVE_LANDMARKS]
        goal_d = [target[i] for i in active]
        memo: dict[int, float] = {}

        def estimate(node: int) -> float:
            h = memo.get(node)
            if h is None:
                here = table[node]
                h = max([abs(here[i] - t) for i, t in zip(active, goal_d)]) - offset
                memo[node] = h
            return h
    else:
        def estimate(node: int) -> float:
            return math.hypot(xs[node] - gx, ys[node] - gy) * HEURISTIC_SCALE

    def push(node: int, g: float, came: int, edge: int) -> None:
        if g < best.get(node, math.inf):
            best[node] = g
            prev[node] = (came, edge)
            h = 0.0 if node == _GOAL else estimate(node)
            heapq.heappush(heap, (g + h, -g, node))

    s_len = lens[start.edge]
    push(graph.edge_a[start.edge], start.t * s_len, _SOURCE, start.edge)
    push(graph.edge_b[start.edge], (1.0 - start.t) * s_len, _SOURCE, start.edge)
    if start.edge == goal.edge:
        push(_GOAL, abs(start.t - goal.t) * s_len, _SOURCE, start.edge)

    while heap:
        _, neg_g, node = heapq.heappop(heap)
        g = -neg_g
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
                heapq.heappush(heap, (ng + estimate(other), -ng, other))
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


class Landmarks:
    """Walking distances from a few far-apart nodes to every node (``table[node]`` per landmark).

    Unreachable nodes get a large finite value instead of infinity so differences stay numbers;
    a pair in different components has no route anyway.
    """

    UNREACHED = 1e12

    def __init__(self, graph: PedestrianGraph, count: int = LANDMARK_COUNT) -> None:
        self.nodes = _spread_nodes(graph, count)
        columns = []
        for node in self.nodes:
            dist = _dijkstra_all(graph, node)
            columns.append([dist.get(v, self.UNREACHED) for v in range(graph.node_count)])
        self.table: list[tuple[float, ...]] = list(zip(*columns))


def _spread_nodes(graph: PedestrianGraph, count: int) -> list[int]:
    """The outermost node in each of ``count`` direction sectors around the graph's middle."""
    cx = sum(graph.x) / graph.node_count
    cy = sum(graph.y) / graph.node_count
    far: dict[int, tuple[float, int]] = {}
    for v in range(graph.node_count):
        dx, dy = graph.x[v] - cx, graph.y[v] - cy
        # sectors centred on the axes and diagonals, so a grid's corners and side midpoints win
        sector = int((math.atan2(dy, dx) + math.pi + math.pi / count) / (2 * math.pi) * count) % count
        r = dx * dx + dy * dy
        if r > far.get(sector, (-1.0, 0))[0]:
            far[sector] = (r, v)
    return [v for _, v in far.values()]


def _dijkstra_all(graph: PedestrianGraph, source: int) -> dict[int, float]:
    best: dict[int, float] = {}
    heap = [(0.0, source)]
    adj = graph.adj
    while heap:
        g, node = heapq.heappop(heap)
        if node in best:
            continue
        best[node] = g
        for other, length, _ in adj[node]:
            if other not in best:
                heapq.heappush(heap, (g + length, other))
    return best


def landmarks_of(graph: PedestrianGraph) -> Landmarks | None:
    """The graph's landmarks, computed on first use for large graphs; None for small ones."""
    if graph.node_count < LANDMARK_MIN_NODES:
        return None
    cached = getattr(graph, "_landmarks", None)
    if cached is None:
        cached = Landmarks(graph)
        graph._landmarks = cached  # type: ignore[attr-defined]
    return cached
