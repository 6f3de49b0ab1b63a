"""Routing on the West Hollywood demo pack against the real street grid."""
from __future__ import annotations

import random

import networkx as nx
import pytest

from kiosk.maps import NoRoute, Wayfinder, load_pack
from kiosk.maps.geo import LocalProjection, haversine_m

SANTA_MONICA_WEST_TO_EAST = [
    "Doheny & Santa Monica", "La Peer & Santa Monica", "San Vicente & Santa Monica",
    "Larrabee & Santa Monica", "Hancock & Santa Monica", "Santa Monica & Westbourne",
    "La Cienega & Santa Monica", "Kings & Santa Monica", "Santa Monica & Sweetzer",
    "La Jolla & Santa Monica", "Crescent Heights & Santa Monica", "Fairfax & Santa Monica",
    "Genesee & Santa Monica", "Santa Monica & Spaulding", "Curson & Santa Monica",
    "Santa Monica & Sierra Bonita", "Gardner & Santa Monica", "Santa Monica & Vista",
    "Fuller & Santa Monica", "Formosa & Santa Monica", "La Brea & Santa Monica",
]


def _segment_length(segments, a, b) -> float:
    for s in segments:
        if {s["from_intersection"], s["to_intersection"]} == {a, b}:
            return float(s["length_m"])
    raise AssertionError(f"no segment {a} - {b}")


def test_santa_monica_blvd_end_to_end_matches_the_sum_of_its_segments(wayfinder, grid_facts):
    inter, segments = grid_facts
    chain = SANTA_MONICA_WEST_TO_EAST
    expected = sum(_segment_length(segments, a, b) for a, b in zip(chain, chain[1:]))
    route = wayfinder.route(inter[chain[0]], inter[chain[-1]])
    assert route.distance_m == pytest.approx(expected, rel=0.02)
    steps = route.steps()
    # twenty segments of one street read as one instruction, then arrival
    assert [s.maneuver for s in steps] == ["depart", "arrive"]
    assert "east on Santa Monica Blvd" in steps[0].text


def test_routes_between_intersections_match_shortest_paths_over_the_segment_table(wayfinder, grid_facts):
    inter, segments = grid_facts
    graph = nx.Graph()
    for s in segments:
        graph.add_edge(s["from_intersection"], s["to_intersection"], weight=float(s["length_m"]))
    rng = random.Random(5)
    names = sorted(inter)
    for _ in range(25):
        a, b = rng.sample(names, 2)
        expected = nx.shortest_path_length(graph, a, b, weight="weight")
        route = wayfinder.route(inter[a], inter[b])
        assert route.distance_m == pytest.approx(expected, rel=0.03), (a, b)
        assert route.distance_m >= haversine_m(*inter[a], *inter[b]) - 1


def test_minutes_follow_the_walking_speed(wayfinder, grid_facts):
    inter, _ = grid_facts
    route = wayfinder.route(inter["Santa Monica & Sweetzer"], inter["Kings & Sunset"])
    slow = wayfinder.route(inter["Santa Monica & Sweetzer"], inter["Kings & Sunset"], slow=True)
    assert route.minutes == pytest.approx(route.distance_m / (4800 / 60))
    assert slow.minutes == pytest.approx(route.distance_m / (3000 / 60))


def test_step_free_route_avoids_the_library_stair(wayfinder, grid_facts):
    inter, _ = grid_facts
    start = inter["Melrose & San Vicente"]
    usual = wayfinder.route(start, "library")
    step_free = wayfinder.route(start, "library", step_free=True)
    graph = wayfinder.graph
    assert any(graph.street_of(p.edge).is_steps for p in usual.path.pieces)
    assert "steps" in [s.maneuver for s in usual.steps()]
    assert not any(graph.street_of(p.edge).is_steps for p in step_free.path.pieces)
    assert "steps" not in [s.maneuver for s in step_free.steps()]
    assert step_free.distance_m > usual.distance_m + 50


def test_route_starts_on_the_street_nearest_an_off_street_point(wayfinder):
    # 40 m north of Santa Monica Blvd between Kings Rd and Sweetzer Ave
    proj = LocalProjection(34.0907, -118.3715)
    off_street = proj.to_latlon(0, 40)
    route = wayfinder.route(off_street, "here")
    assert route.points[0] == pytest.approx(off_street)
    assert route.distance_m < 40 + 150


def test_every_demo_place_is_reachable_from_the_kiosk(wayfinder, demo_pack):
    for place in demo_pack.places:
        route = wayfinder.route("here", place)
        assert route.distance_m > 0
        assert wayfinder.route("here", place, step_free=True).distance_m >= route.distance_m - 0.01


def test_disconnected_streets_give_no_route(tmp_path):
    (tmp_path / "pack.toml").write_text(
        '[pack]\nid = "t"\nname = "T"\nlicence = "MIT"\nattribution = "test"\n'
        "bounds = [34.0, -118.5, 34.2, -118.3]\n", encoding="utf-8")
    (tmp_path / "streets.geojson").write_text(
        '{"type": "FeatureCollection", "features": ['
        '{"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[-118.40, 34.10], [-118.39, 34.10]]}, "properties": {"id": "a", "highway": "residential", "name": "A St"}},'
        '{"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[-118.40, 34.11], [-118.39, 34.11]]}, "properties": {"id": "b", "highway": "residential", "name": "B St"}}]}',
        encoding="utf-8")
    (tmp_path / "places.geojson").write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    finder = Wayfinder(load_pack(tmp_path), (34.10, -118.395))
    with pytest.raises(NoRoute):
        finder.route((34.10, -118.395), (34.11, -118.395))
