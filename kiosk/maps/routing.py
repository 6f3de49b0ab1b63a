"""Walking routes: bidirectional A* over the pedestrian graph between two snapped positions.

Both ends are points *on* edges (see :meth:`PedestrianGraph.snap`), so one search starts from
the two ends of the start edge and the other from the two ends of the goal edge, with the
offsets along those edges as their first distances. Both are guided by one potential made of a
lower bound to the goal and a lower bound from the start: straight-line metres (shrunk slightly
so they never exceed the haversine edge lengths) on small packs, and landmark distances (ALT)
on large ones, prepared once per graph by :func:`landmarks_of`. The result is the shortest
route, exactly as a plain Dijkstra would find it.

The hot loop works on flat per-node lists indexed by node number and heap entries of
``(key, node)``: on a 100,000-node grid that, the two-sided search and the landmark choice
took the 95th percentile query from about 100 ms to 20-35 ms (see bench/bench_maps.py).
The step-free profile searches a copy of the adjacency without edges that have steps.
"""
from __future__ import annotations

import heapq
import math
from array import array
from dataclasses import dataclass
from typing import Callable

from kiosk.maps.graph import PedestrianGraph, Snap

#: Graphs with at least this many nodes get landmarks; smaller ones are fast without them.
LANDMARK_MIN_NODES = 5000
#: Measured on the benchmark grid: 24 beat 8 and 16 clearly; they cost about 0.2 MB per
#: 1,000 nodes (flat arrays) and a few seconds of :func:`landmarks_of` on a 100,000-node graph.
LANDMARK_COUNT = 24
#: How many of the landmarks one query consults (the best ones for its start and goal); the
#: bound in :func:`_potential_for` is written out for exactly this many.
ACTIVE_LANDMARKS = 4
#: How much a landmark's distance from the query counts against it when choosing active ones.
NEARNESS = 0.5

#: Shrinks the straight-line estimate to stay below true lengths across a city-sized pack.
HEURISTIC_SCALE = 0.995
_GOAL = -1
_SOURCE = -2
_UNKNOWN = -math.inf  # a potential not computed yet (real ones are finite)


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
    """Bidirectional A* from ``start`` to ``goal``. Raises :class:`NoRoute` when they are not
    connected."""
    found = _meet(graph, start, goal, step_free)
    if found is None:
        raise NoRoute("the two places are not connected by a walkable route")
    total, chain = found
    return _build(graph, start, goal, chain, total)


def _meet(graph: PedestrianGraph, start: Snap, goal: Snap,
          step_free: bool) -> tuple[float, list[tuple[int, int]]] | None:
    """The length of a shortest walk and its chain of (node, edge that reached it), ending with
    ``(_GOAL, goal edge)``; None when no walk exists.

    The search labels nodes from both ends in turn. Both sides use the same potential
    ``p = (to_goal - from_start) / 2`` (``to_goal``, ``from_start``: lower bounds), which keeps
    every edge's reduced length non-negative in both directions, so each side is a plain Dijkstra
    on reduced lengths and may stop once the two smallest keys add up to the best walk seen.
    """
    n = graph.node_count
    adj = _adjacency(graph, step_free)
    ea, eb, lens = graph.edge_a, graph.edge_b, graph.edge_len
    s_len, g_len = lens[start.edge], lens[goal.edge]
    potential = _potential_for(graph, start, goal)
    pot = [_UNKNOWN] * n
    dist_f, dist_b = [math.inf] * n, [math.inf] * n
    via_f, via_b = [_SOURCE] * n, [_GOAL] * n  # the edge each node was labelled through
    best, meet = math.inf, _GOAL
    if start.edge == goal.edge:
        best, meet = abs(start.t - goal.t) * s_len, _SOURCE
    heap_b: list[tuple[float, int]] = []
    for v, d in ((ea[goal.edge], goal.t * g_len), (eb[goal.edge], (1.0 - goal.t) * g_len)):
        if d < dist_b[v]:
            dist_b[v] = d
            p = pot[v] = potential(v)
            heap_b.append((d - p, v))
    heap_f: list[tuple[float, int]] = []
    for v, d in ((ea[start.edge], start.t * s_len), (eb[start.edge], (1.0 - start.t) * s_len)):
        if d < dist_f[v]:
            dist_f[v] = d
            p = pot[v]
            if p == _UNKNOWN:
                p = pot[v] = potential(v)
            heap_f.append((d + p, v))
            if d + dist_b[v] < best:
                best, meet = d + dist_b[v], v
    heapq.heapify(heap_f)
    heapq.heapify(heap_b)
    pop, push = heapq.heappop, heapq.heappush
    forward = False
    # Strict turns measured better than "smaller key first" on street grids.
    while heap_f and heap_b and heap_f[0][0] + heap_b[0][0] < best:
        forward = not forward
        if forward:
            heap, dist, other, via, sign = heap_f, dist_f, dist_b, via_f, 1.0
        else:
            heap, dist, other, via, sign = heap_b, dist_b, dist_f, via_b, -1.0
        key, u = pop(heap)
        du = dist[u]
        if key > du + sign * pot[u]:
            continue  # a stale entry: u was labelled again more cheaply
        for v, length, edge in adj[u]:
            d = du + length
            if d < dist[v]:
                dist[v] = d
                via[v] = edge
                p = pot[v]
                if p == _UNKNOWN:
                    p = pot[v] = potential(v)
                push(heap, (d + sign * p, v))
                if d + other[v] < best:
                    best, meet = d + other[v], v
    if best == math.inf:
        return None
    return best, _chain(graph, meet, via_f, via_b, start.edge, goal.edge)


def _chain(graph: PedestrianGraph, meet: int, via_f: list[int], via_b: list[int],
           start_edge: int, goal_edge: int) -> list[tuple[int, int]]:
    """(node, edge walked to reach it) from the first node after the start to ``_GOAL``."""
    if meet == _SOURCE:  # both ends on one edge, walked directly
        return [(_GOAL, start_edge)]
    ea, eb = graph.edge_a, graph.edge_b
    head: list[tuple[int, int]] = []
    node = meet
    while True:
        edge = via_f[node]
        if edge == _SOURCE:
            head.append((node, start_edge))
            break
        head.append((node, edge))
        node = ea[edge] if eb[edge] == node else eb[edge]
    head.reverse()
    node = meet
    while True:
        edge = via_b[node]
        if edge == _GOAL:
            head.append((_GOAL, goal_edge))
            return head
        node = ea[edge] if eb[edge] == node else eb[edge]
        head.append((node, edge))


def _potential_for(graph: PedestrianGraph, start: Snap, goal: Snap) -> Callable[[int], float]:
    """``p(v) = (lower bound of v to goal - lower bound of start to v) / 2`` for one query.

    Landmark bounds on large graphs, straight-line bounds on small ones. Each is consistent
    (it changes by no more than an edge's length along any edge), and so is their half
    difference; constants such as the snap offsets cancel out of the search.
    """
    marks = landmarks_of(graph)
    if marks is None:
        xs, ys = graph.x, graph.y
        gx, gy, sx, sy = goal.x, goal.y, start.x, start.y
        hypot = math.hypot
        half = HEURISTIC_SCALE * 0.5

        def straight(v: int) -> float:
            x, y = xs[v], ys[v]
            return (hypot(x - gx, y - gy) - hypot(x - sx, y - sy)) * half
        return straight
    s, t = graph.edge_a[start.edge], graph.edge_a[goal.edge]
    c0, c1, c2, c3 = to_goal = _active_columns(marks, s, t)
    t0, t1, t2, t3 = (c[t] for c in to_goal)
    d0, d1, d2, d3 = from_start = _active_columns(marks, t, s)
    s0, s1, s2, s3 = (c[s] for c in from_start)

    def by_landmarks(v: int) -> float:
        # max |d(L, v) - d(L, t)| - max |d(L', v) - d(L', s)|, unrolled: this runs once per
        # node a search touches, and calls to abs/max cost more than the arithmetic
        x = c0[v]
        to_t = x - t0 if x > t0 else t0 - x
        x = c1[v]
        h = x - t1 if x > t1 else t1 - x
        if h > to_t:
            to_t = h
        x = c2[v]
        h = x - t2 if x > t2 else t2 - x
        if h > to_t:
            to_t = h
        x = c3[v]
        h = x - t3 if x > t3 else t3 - x
        if h > to_t:
            to_t = h
        x = d0[v]
        to_s = x - s0 if x > s0 else s0 - x
        x = d1[v]
        h = x - s1 if x > s1 else s1 - x
        if h > to_s:
            to_s = h
        x = d2[v]
        h = x - s2 if x > s2 else s2 - x
        if h > to_s:
            to_s = h
        x = d3[v]
        h = x - s3 if x > s3 else s3 - x
        if h > to_s:
            to_s = h
        return (to_t - to_s) * 0.5
    return by_landmarks


def _active_columns(marks: Landmarks, s: int, t: int) -> list[array[float]]:
    """The landmarks that bound walks from node ``s`` to node ``t`` best ("active landmarks":
    a bound costs less than a heap operation only while it consults few of them).

    Best means a large bound ``|d(L, s) - d(L, t)|`` from a landmark close behind ``s``:
    landmarks far away give bounds that fall off quickly beside the line from s to t.
    """
    columns = marks.columns

    def score(i: int) -> float:
        c = columns[i]
        return abs(c[s] - c[t]) - NEARNESS * c[s]
    order = sorted(range(len(columns)), key=score, reverse=True)
    return [columns[i] for i in (order * ACTIVE_LANDMARKS)[:ACTIVE_LANDMARKS]]


def _adjacency(graph: PedestrianGraph, step_free: bool) -> list[list[tuple[int, float, int]]]:
    """The graph's adjacency, or (cached) the same without edges that have steps."""
    if not step_free:
        return graph.adj
    cached = getattr(graph, "_step_free_adj", None)
    if cached is None:
        usable = graph.edge_step_free
        if all(usable):
            cached = graph.adj
        else:
            cached = [[hop for hop in hops if usable[hop[2]]] for hops in graph.adj]
        graph._step_free_adj = cached  # type: ignore[attr-defined]
    return cached


def _t_of(graph: PedestrianGraph, edge: int, node: int) -> float:
    return 0.0 if graph.edge_a[edge] == node else 1.0


def _build(graph: PedestrianGraph, start: Snap, goal: Snap,
           chain: list[tuple[int, int]], total: float) -> RoutePath:
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
    """Walking distances from a few far-apart nodes to every node (``columns[i][node]``).

    Unreachable nodes get a large finite value instead of infinity so differences stay numbers;
    a pair in different components has no route anyway. Columns are flat arrays of doubles:
    a quarter of the memory of Python float lists, and as fast to index.
    """

    UNREACHED = 1e12

    def __init__(self, graph: PedestrianGraph, count: int = LANDMARK_COUNT) -> None:
        self.nodes = _spread_nodes(graph, count)
        self.columns: list[array[float]] = [_dijkstra_all(graph, node, self.UNREACHED) for node in self.nodes]


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


def _dijkstra_all(graph: PedestrianGraph, source: int, unreached: float) -> array[float]:
    dist = [math.inf] * graph.node_count
    dist[source] = 0.0
    heap = [(0.0, source)]
    adj = graph.adj
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        g, node = pop(heap)
        if g > dist[node]:
            continue
        for other, length, _ in adj[node]:
            d = g + length
            if d < dist[other]:
                dist[other] = d
                push(heap, (d, other))
    return array("d", [unreached if d == math.inf else d for d in dist])


def landmarks_of(graph: PedestrianGraph) -> Landmarks | None:
    """The graph's landmarks, computed on first use for large graphs; None for small ones."""
    if graph.node_count < LANDMARK_MIN_NODES:
        return None
    cached = getattr(graph, "_landmarks", None)
    if cached is None:
        cached = Landmarks(graph)
        _adjacency(graph, step_free=True)  # also one-off, so the first step-free query is quick
        graph._landmarks = cached  # type: ignore[attr-defined]
    return cached
