"""The pedestrian profile and snapping on real OpenStreetMap extracts (../shared/data/osm).

Each extract is imported with the kiosk's importer, then held against a pedestrian graph built
here independently — pyosmium reads the ways, the rules of maps/README.md ("Pedestrian profile")
are written out again below, networkx finds the distances — so a mistake in the kiosk's profile,
importer or router shows as routes of different lengths.
"""
from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from kiosk.maps import Wayfinder, load_pack
from kiosk.maps.graph import Snap
from kiosk.maps.osm_import import import_osm
from kiosk.maps.profile import place_is_inside
from kiosk.maps.routing import NoRoute, shortest_path

osmium = pytest.importorskip("osmium")
nx = pytest.importorskip("networkx")

EXTRACTS = ("helsinki", "baltimore", "nyc")

# The README's rules, written independently of kiosk.maps.profile.
_ROADS = {"trunk", "primary", "secondary", "tertiary", "unclassified", "residential", "living_street",
          "service", "road", "trunk_link", "primary_link", "secondary_link", "tertiary_link",
          "pedestrian", "footway", "path", "track", "cycleway", "bridleway", "corridor", "steps",
          "elevator"}


def _walkable(tags: dict[str, str]) -> bool:
    if tags.get("highway") not in _ROADS or tags.get("area") == "yes":
        return False
    if tags.get("foot") in ("yes", "designated", "permissive"):
        return True
    if tags.get("foot") in ("no", "private") or tags.get("access") in ("no", "private"):
        return False
    return not (tags.get("footway") == "crossing" and tags.get("crossing") == "no")


def _haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def _reference_graph(path: Path):
    graph = nx.Graph()
    where: dict[int, tuple[float, float]] = {}

    class Ways(osmium.SimpleHandler):
        def way(self, w):
            tags = {t.k: t.v for t in w.tags}
            if not _walkable(tags):
                return
            nodes = [(n.ref, n.location.lat, n.location.lon) for n in w.nodes if n.location.valid()]
            for (a, alat, alon), (b, blat, blon) in zip(nodes, nodes[1:]):
                where[a], where[b] = (alat, alon), (blat, blon)
                if a != b:
                    d = _haversine(alat, alon, blat, blon)
                    if not graph.has_edge(a, b) or graph[a][b]["w"] > d:
                        graph.add_edge(a, b, w=d)
    Ways().apply_file(str(path), locations=True)
    return graph, where


_IMPORTED: dict[str, Path] = {}


@pytest.fixture(params=EXTRACTS)
def extract(request, shared_data: Path, tmp_path_factory) -> tuple[str, Path, Path]:
    """(name, the .osm.pbf, the pack imported from it) — imported once per test session."""
    source = shared_data / "osm" / f"{request.param}.osm.pbf"
    if not source.is_file():
        pytest.skip(f"{source} is not present")
    if request.param not in _IMPORTED:
        out = tmp_path_factory.mktemp("packs") / request.param
        import_osm(source, out, name=request.param)
        _IMPORTED[request.param] = out
    return request.param, source, _IMPORTED[request.param]


def _snap_at_node(graph, node: int) -> Snap:
    _, _, edge = graph.adj[node][0]
    t = 0.0 if graph.edge_a[edge] == node else 1.0
    return Snap(edge, t, graph.x[node], graph.y[node], 0.0)


def test_route_lengths_match_an_independent_pedestrian_graph(extract):
    name, source, pack_dir = extract
    ref, where = _reference_graph(source)
    finder = Wayfinder(load_pack(pack_dir), (0.0, 0.0))
    graph = finder.graph
    biggest = max(nx.connected_components(ref), key=len)
    rng = random.Random(15)
    nodes = sorted(biggest)
    checked = agree = 0
    worst: list[str] = []
    for source_node in rng.sample(nodes, 12):
        lengths = nx.single_source_dijkstra_path_length(ref, source_node, weight="w")
        ours_a = graph.node_at(*where[source_node])
        assert ours_a is not None, f"{name}: node {source_node} is walkable but missing from the pack"
        for target in rng.sample(nodes, 15):
            ours_b = graph.node_at(*where[target])
            assert ours_b is not None, f"{name}: node {target} is walkable but missing from the pack"
            checked += 1
            try:
                got = shortest_path(graph, _snap_at_node(graph, ours_a), _snap_at_node(graph, ours_b)).distance_m
            except NoRoute:
                got = math.inf
            expected = lengths[target]
            if abs(got - expected) <= 0.01 * expected + 0.01:
                agree += 1
            elif len(worst) < 5:
                worst.append(f"{source_node}->{target}: ours {got:.0f} m, reference {expected:.0f} m")
    assert agree >= 0.99 * checked, f"{name}: {checked - agree} of {checked} routes differ: {worst}"


def test_the_pack_keeps_no_motorway_and_every_link_road(extract):
    name, source, pack_dir = extract
    pack = load_pack(pack_dir)
    kinds = {s.highway for s in pack.streets}
    assert not kinds & {"motorway", "motorway_link"}
    for street in pack.streets:
        tags = street.tags
        if tags.get("access") in ("no", "private"):
            assert tags.get("foot") in ("yes", "designated", "permissive"), f"{name}: {street.id} is closed"


def _kiosk_point(finder: Wayfinder) -> tuple[float, float]:
    """The main-network junction nearest the middle of the pack: where a kiosk would stand."""
    s, w, n, e = finder.pack.bounds
    mx, my = finder.projection.to_xy((s + n) / 2, (w + e) / 2)
    graph, main = finder.graph, finder.graph.main_edges()
    best = min((e for e in range(graph.edge_count) if main[e] and graph.edge_snappable[e]),
               key=lambda e: math.hypot(graph.x[graph.edge_a[e]] - mx, graph.y[graph.edge_a[e]] - my))
    node = graph.edge_a[best]
    return graph.lat[node], graph.lon[node]


def _reachable_in_reference(source: Path, places, kiosk: tuple[float, float]) -> list:
    """The places the independent graph can reach from the kiosk: a node of the kiosk's network
    lies within 150 m of the place. (An extract clipped from a city
    leaves whole districts joined only by a motorway: nobody can walk there on that data.)"""
    ref, where = _reference_graph(source)
    biggest_first = sorted(nx.connected_components(ref), key=len, reverse=True)
    component = {node: i for i, nodes in enumerate(biggest_first) for node in nodes}
    scale = math.cos(math.radians(kiosk[0]))
    points = [(lat, lon * scale, node) for node, (lat, lon) in where.items() if node in component]

    def nearest(p_lat: float, p_lon: float, within: int | None = None) -> tuple[int, float]:
        x = p_lon * scale
        d2, node = min(((lat - p_lat) ** 2 + (lon - x) ** 2, node) for lat, lon, node in points
                       if within is None or component[node] == within)
        return node, math.sqrt(d2) * 111_195.0
    home = component[nearest(*kiosk)[0]]
    out = []
    for place in places:
        # in: the kiosk's network is within 150 m (even if a fragment is nearer), or no way is
        # (such a place must still snap somewhere sensible); out: only other networks are near
        if nearest(place.lat, place.lon, home)[1] <= 150 or nearest(place.lat, place.lon)[1] > 150:
            out.append(place)
    return out


def test_named_places_are_reachable_from_the_kiosk(extract):
    name, source, pack_dir = extract
    pack = load_pack(pack_dir)
    finder = Wayfinder(pack, (0.0, 0.0))
    finder.here = _kiosk_point(finder)
    places = _reachable_in_reference(source, pack.places, finder.here)
    assert len(places) >= 0.75 * len(pack.places)  # the extracts are mostly one network
    unreachable = [p.name() for p in places if finder.walk_distance_m(p) is None]
    assert len(unreachable) <= 0.01 * len(places), \
        f"{name}: {len(unreachable)} of {len(places)} unreachable: {unreachable[:8]}"


def test_no_place_snaps_into_a_tunnel_or_a_private_way_it_is_not_in(extract):
    name, _, pack_dir = extract
    pack = load_pack(pack_dir)
    graph = Wayfinder(pack, (0.0, 0.0)).graph
    for place in pack.places:
        if place_is_inside(place.tags):
            continue
        snap = graph.snap(place.lat, place.lon)
        tags = graph.street_of(snap.edge).tags
        assert tags.get("tunnel") != "yes" and tags.get("access") not in ("destination", "private", "no") \
            or not any(graph.edge_snappable), f"{name}: {place.name()} snapped onto {tags}"


def test_senate_square_is_reached_above_ground_and_oodi_at_all(shared_data: Path, tmp_path: Path):
    source = shared_data / "osm" / "helsinki.osm.pbf"
    if not source.is_file():
        pytest.skip("no Helsinki extract")
    import_osm(source, tmp_path / "hki")
    finder = Wayfinder(load_pack(tmp_path / "hki"), (60.16985, 24.93850))  # Kaivokatu, station side
    square = finder.resolve("Senaatintori")
    snap = finder.graph.snap(square.lat, square.lon)
    assert finder.graph.street_of(snap.edge).tags.get("tunnel") != "yes"
    route = finder.route("here", "Senaatintori")
    assert route.distance_m < 1200  # about 900 m on the streets; the tunnel walk was 1,600 m
    assert finder.route("here", "Oodi").distance_m < 900
