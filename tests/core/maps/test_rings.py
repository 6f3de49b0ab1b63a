"""Walk areas ("5 min" / "10 min") as a visitor sees them drawn: one smooth, simple outline that
holds every junction reachable in time, nested, and no circle where there is no street."""
from __future__ import annotations

import math

import pytest

from kiosk.maps import Wayfinder
from kiosk.maps.rings import point_inside, reached_points
from kiosk.maps.routing import distances_from


def _segments_cross(p1, p2, q1, q2) -> bool:
    def orient(a, b, c) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    d1, d2 = orient(q1, q2, p1), orient(q1, q2, p2)
    d3, d4 = orient(p1, p2, q1), orient(p1, p2, q2)
    return (d1 > 0) != (d2 > 0) and (d3 > 0) != (d4 > 0)


def is_simple(poly) -> bool:
    n = len(poly)
    edges = [(poly[k], poly[(k + 1) % n]) for k in range(n)]
    for a in range(n):
        for b in range(a + 2, n):
            if a == 0 and b == n - 1:
                continue  # neighbours through the closing edge
            if _segments_cross(*edges[a], *edges[b]):
                return False
    return True


def near_or_inside(point, poly, tolerance_m: float = 1.0) -> bool:
    """Inside ``poly`` or on its edge (where two walks reach the same street's far side, the
    two outlines run together)."""
    if point_inside(point, poly):
        return True
    px, py = point
    for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1]):
        dx, dy = x2 - x1, y2 - y1
        t = max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy or 1.0)))
        if math.dist(point, (x1 + t * dx, y1 + t * dy)) <= tolerance_m:
            return True
    return False


def sharpest_inward_turn(poly, stretch_m: float) -> float:
    """The most the outline turns inwards (degrees, concave) along any ``stretch_m`` of it: a
    sharp notch or spike turns a lot over a short way; a soft bay turns gently."""
    n = len(poly)
    turns, lengths = [], []
    for k in range(n):
        a, b, c = poly[k - 1], poly[k], poly[(k + 1) % n]
        h1 = math.atan2(b[1] - a[1], b[0] - a[0])
        h2 = math.atan2(c[1] - b[1], c[0] - b[0])
        turns.append(math.degrees((h2 - h1 + math.pi) % (2 * math.pi) - math.pi))  # + = left
        lengths.append(math.dist(b, c))
    worst = 0.0
    for k in range(n):
        total, walked, m = 0.0, 0.0, k
        while walked < stretch_m and m < k + n:
            total += turns[m % n]
            walked += lengths[m % n]
            m += 1
            worst = min(worst, total)  # counter-clockwise outline: right turns are inward
    return -worst


@pytest.fixture
def rings(wayfinder):
    wayfinder.prepare()
    return wayfinder.walk_rings((5, 10))


def test_each_walk_area_is_one_simple_smooth_outline(rings) -> None:
    for ring in rings:
        poly = list(ring.polygon_xy)
        assert len(poly) >= 24
        assert is_simple(poly), f"{ring.minutes} min outline crosses itself"
        # no notch: never more than a gentle bend inward over 60 m of outline (the old
        # sector outline turned 150-180 degrees where a spoke reached the kiosk)
        assert sharpest_inward_turn(poly, 60.0) < 75, ring.minutes


def test_walk_areas_hold_every_junction_reachable_in_time_and_nest(wayfinder, rings) -> None:
    graph = wayfinder.graph
    start = graph.snap(*wayfinder.here)
    for ring in rings:
        poly = list(ring.polygon_xy)
        reached = distances_from(graph, start, ring.distance_m)
        assert len(reached) >= 3
        for node in reached:
            assert point_inside((graph.x[node], graph.y[node]), poly), (ring.minutes, node)
        assert point_inside(wayfinder.here_xy, poly)
    five, ten = (list(r.polygon_xy) for r in rings)
    assert all(near_or_inside(p, ten) for p in five)


def test_no_area_where_no_street_reaches(wayfinder, rings) -> None:
    here = wayfinder.here_xy
    five = list(rings[0].polygon_xy)
    # farther than the 5-minute walk in a straight line: out whatever the streets
    assert not any(math.dist(p, here) > rings[0].distance_m + 60 for p in five)
    # 300 m due south: no street to walk on there in the demo pack
    assert not point_inside((here[0], here[1] - 300), five)


def test_reached_points_never_exceed_the_limit(wayfinder) -> None:
    wayfinder.prepare()
    graph = wayfinder.graph
    points = reached_points(graph, graph.snap(*wayfinder.here), 400.0, 20.0)
    assert points and max(p.walked for p in points) <= 400.0
    # along a street, each point is no farther from the kiosk than the walk to it
    here = wayfinder.here_xy
    assert all(math.dist((p.x, p.y), here) <= p.walked + 25 for p in points)


def test_a_city_extract_gives_smooth_nested_areas(shared_data) -> None:
    pbf = shared_data / "osm" / "helsinki.osm.pbf"
    if not pbf.exists():
        pytest.skip("no Helsinki extract")
    pytest.importorskip("osmium")
    from kiosk.maps.osm_import import import_osm

    import tempfile
    from pathlib import Path

    from kiosk.maps import load_pack
    from kiosk.threadguard import allowed
    with tempfile.TemporaryDirectory() as tmp, allowed():
        import_osm(pbf, Path(tmp) / "hki")
        wf = Wayfinder(load_pack(Path(tmp) / "hki"), (60.16985, 24.93850))
        wf.prepare()
        five, ten = wf.walk_rings((5, 10))
    for ring in (five, ten):
        poly = list(ring.polygon_xy)
        assert is_simple(poly)
        assert sharpest_inward_turn(poly, 60.0) < 90
    assert all(near_or_inside(p, list(ten.polygon_xy)) for p in five.polygon_xy)
