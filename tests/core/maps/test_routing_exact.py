"""The router finds exactly the shortest walk: checked against a plain Dijkstra written here, on
random street networks (with steps, islands reached only by steps, and islands not reached at
all) and on a jittered grid full of near-equal routes, with and without landmarks."""
from __future__ import annotations

import heapq
import math
import random

import pytest

from kiosk.maps import routing
from kiosk.maps.geo import LocalProjection
from kiosk.maps.graph import PedestrianGraph, Snap
from kiosk.maps.pack import Street
from kiosk.maps.routing import NoRoute, shortest_path

PROJ = LocalProjection(34.09, -118.37)


def _street(sid: str, points: list[tuple[float, float]], steps: bool = False) -> Street:
    return Street(sid, "steps" if steps else "residential", tuple(PROJ.to_latlon(x, y) for x, y in points),
                  {"": sid})


def _random_network(seed: int) -> PedestrianGraph:
    """About 700 junctions joined to their nearest neighbours; one street in eight is steps.
    Off to the east: an island joined only by steps, and an island joined by nothing."""
    rng = random.Random(seed)
    pts = [(rng.uniform(0, 3000), rng.uniform(0, 3000)) for _ in range(600)]
    near = [sorted(range(len(pts)), key=lambda j: (pts[j][0] - x) ** 2 + (pts[j][1] - y) ** 2)[1:4]
            for x, y in pts]
    pairs = sorted({(min(i, j), max(i, j)) for i in range(len(pts)) for j in near[i]})
    streets = []
    for i, j in pairs:
        (x0, y0), (x1, y1) = pts[i], pts[j]
        bend = ((x0 + x1) / 2 + rng.uniform(-20, 20), (y0 + y1) / 2 + rng.uniform(-20, 20))
        streets.append(_street(f"s{i}-{j}", [pts[i], bend, pts[j]], steps=rng.random() < 0.125))
    for name, x0, link_steps in (("stairs-island", 3300, True), ("lost-island", 3900, None)):
        ring = [(x0 + 200 * math.cos(a / 6 * math.tau), 1500 + 200 * math.sin(a / 6 * math.tau)) for a in range(7)]
        streets.append(_street(name, ring))
        if link_steps:
            east = max(pts, key=lambda p: p[0])
            streets.append(_street(f"{name}-link", [east, ring[3]], steps=True))
    return PedestrianGraph(streets, PROJ)


def _jittered_grid(side: int, seed: int) -> PedestrianGraph:
    rng = random.Random(seed)
    pos = [[(80.0 * i + rng.uniform(-8, 8), 80.0 * j + rng.uniform(-8, 8)) for j in range(side)]
           for i in range(side)]
    streets = [_street(f"col{i}", pos[i]) for i in range(side)]
    streets += [_street(f"row{j}", [pos[i][j] for i in range(side)]) for j in range(side)]
    return PedestrianGraph(streets, PROJ)


def _reference_length(graph: PedestrianGraph, start: Snap, goal: Snap, step_free: bool) -> float:
    """Textbook Dijkstra from the start point over every usable edge; inf when unreachable."""
    dist = {}
    s_len, g_len = graph.edge_len[start.edge], graph.edge_len[goal.edge]
    heap = [(start.t * s_len, graph.edge_a[start.edge]), ((1 - start.t) * s_len, graph.edge_b[start.edge])]
    neighbours: dict[int, list[tuple[int, float]]] = {}
    for e in range(graph.edge_count):
        if step_free and not graph.edge_step_free[e]:
            continue
        a, b, length = graph.edge_a[e], graph.edge_b[e], graph.edge_len[e]
        neighbours.setdefault(a, []).append((b, length))
        neighbours.setdefault(b, []).append((a, length))
    while heap:
        d, node = heapq.heappop(heap)
        if node in dist:
            continue
        dist[node] = d
        for other, length in neighbours.get(node, ()):
            if other not in dist:
                heapq.heappush(heap, (d + length, other))
    best = min(dist.get(graph.edge_a[goal.edge], math.inf) + goal.t * g_len,
               dist.get(graph.edge_b[goal.edge], math.inf) + (1 - goal.t) * g_len)
    if start.edge == goal.edge:
        best = min(best, abs(start.t - goal.t) * s_len)
    return best


def _random_snaps(graph: PedestrianGraph, rng: random.Random, step_free: bool) -> tuple[Snap, Snap]:
    lats, lons = graph.lat, graph.lon
    ends = []
    while len(ends) < 2:
        snap = graph.snap(rng.uniform(min(lats), max(lats)), rng.uniform(min(lons), max(lons)), step_free)
        if snap is not None:
            ends.append(snap)
    return ends[0], ends[1]


def _check_path(graph: PedestrianGraph, path: routing.RoutePath, start: Snap, goal: Snap, step_free: bool) -> None:
    """The pieces join up end to end, add up to the length, and respect the profile."""
    assert sum(p.length_m for p in path.pieces) == pytest.approx(path.distance_m, abs=1e-6)
    here = graph.point_on(start.edge, start.t)
    for piece in path.pieces:
        assert graph.point_on(piece.edge, piece.t0) == pytest.approx(here, abs=1e-9)
        here = graph.point_on(piece.edge, piece.t1)
        if step_free:
            assert graph.edge_step_free[piece.edge]
    assert here == pytest.approx(graph.point_on(goal.edge, goal.t), abs=1e-9)


@pytest.fixture(params=["landmarks", "straight line"])
def guidance(request, monkeypatch) -> str:
    """Run a test once with landmark bounds (as on a city pack) and once with straight lines."""
    monkeypatch.setattr(routing, "LANDMARK_MIN_NODES", 0 if request.param == "landmarks" else 10**9)
    return request.param


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("step_free", [False, True])
def test_random_pairs_on_a_random_network_match_dijkstra(seed, step_free, guidance):
    graph = _random_network(seed)
    rng = random.Random(seed * 100 + step_free)
    routed = 0
    for _ in range(150):
        start, goal = _random_snaps(graph, rng, step_free)
        expected = _reference_length(graph, start, goal, step_free)
        if expected == math.inf:
            with pytest.raises(NoRoute):
                shortest_path(graph, start, goal, step_free)
            continue
        path = shortest_path(graph, start, goal, step_free)
        assert path.distance_m == pytest.approx(expected, abs=1e-6)
        _check_path(graph, path, start, goal, step_free)
        routed += 1
    assert routed >= 50  # the rest lie on islands cut off in this profile (checked above)


def test_random_pairs_on_a_jittered_grid_match_dijkstra(guidance):
    # near-equal routes everywhere: the case where a loose stopping rule would show
    graph = _jittered_grid(40, seed=3)
    rng = random.Random(4)
    for _ in range(150):
        start, goal = _random_snaps(graph, rng, False)
        path = shortest_path(graph, start, goal)
        assert path.distance_m == pytest.approx(_reference_length(graph, start, goal, False), abs=1e-6)
        _check_path(graph, path, start, goal, False)


def _near(graph: PedestrianGraph, x: float, y: float, step_free: bool = False) -> Snap:
    snap = graph.snap(*PROJ.to_latlon(x, y), step_free)
    assert snap is not None
    return snap


def test_the_steps_island_is_reached_only_by_the_usual_profile(guidance):
    graph = _random_network(1)
    town, island = _near(graph, 1500, 1500), _near(graph, 3300, 1500)
    assert shortest_path(graph, town, island).distance_m == pytest.approx(
        _reference_length(graph, town, island, False), abs=1e-6)
    with pytest.raises(NoRoute):
        shortest_path(graph, town, island, step_free=True)
    with pytest.raises(NoRoute):
        shortest_path(graph, island, town, step_free=True)


def test_the_unconnected_island_has_no_route_either_way(guidance):
    graph = _random_network(2)
    town, lost = _near(graph, 1500, 1500), _near(graph, 3900, 1500)
    for a, b in ((town, lost), (lost, town)):
        with pytest.raises(NoRoute):
            shortest_path(graph, a, b)
    # within the island, routes still work
    other_side = _near(graph, 3900, 1300)
    assert shortest_path(graph, lost, other_side).distance_m == pytest.approx(
        _reference_length(graph, lost, other_side, False), abs=1e-6)


def test_both_ends_on_one_street_walk_straight_along_it(guidance):
    graph = _jittered_grid(12, seed=5)
    edge = graph.adj[40][0][2]
    a, b = graph.edge_a[edge], graph.edge_b[edge]
    start, goal = (Snap(edge, t, graph.x[a] + t * (graph.x[b] - graph.x[a]),
                        graph.y[a] + t * (graph.y[b] - graph.y[a]), 0.0) for t in (0.2, 0.7))
    path = shortest_path(graph, start, goal)
    assert path.distance_m == pytest.approx(0.5 * graph.edge_len[edge])
    assert [(p.edge, p.t0, p.t1) for p in path.pieces] == [(edge, 0.2, 0.7)]
