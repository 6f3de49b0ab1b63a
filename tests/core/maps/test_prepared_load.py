"""Loading a pack from its prepared network.bin: the same streets and graph as from the GeoJSON,
and every way back to the GeoJSON (with its file: feature: problem messages) when the prepared
file is damaged or no longer matches what is beside it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.errors import ContentError
from kiosk.maps import Wayfinder, load_pack, validate_pack
from kiosk.maps.graph import PedestrianGraph
from kiosk.maps.osm_import import import_osm
from kiosk.maps.pack import _read
from kiosk.maps.prepared import FILE, read_prepared

SHARED_OSM = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "osm"
KAIVOKATU = (60.16985, 24.93850)


@pytest.fixture
def helsinki(tmp_path: Path) -> Path:
    source = SHARED_OSM / "helsinki.osm.pbf"
    if not source.is_file():
        pytest.skip("no Helsinki extract")
    import_osm(source, tmp_path / "hki")
    return tmp_path / "hki"


def _from_geojson(pack_dir: Path):
    pack, problems = _read(pack_dir)  # never trusts network.bin: every point checked
    assert pack is not None, problems
    return pack


def test_streets_and_graph_from_the_prepared_file_equal_those_from_the_geojson(helsinki: Path) -> None:
    stored, fresh = load_pack(helsinki), _from_geojson(helsinki)
    assert stored.streets == fresh.streets  # ids, points, names, tags
    middle = len(stored.streets) // 2
    assert stored.street_xy(stored.streets[middle]) == fresh.street_xy(fresh.streets[middle])
    graph, built = read_prepared(stored), PedestrianGraph.from_pack(fresh)
    assert graph is not None
    assert [list(hops) for hops in graph.adj] == built.adj and graph.edge_len == built.edge_len
    assert graph.main_edges() == built.main_edges() and graph.main_edges(True) == built.main_edges(True)
    for cell in list(dict(built._cells.items()))[:200]:
        assert list(graph._cells.get(cell)) == built._cells[cell]
    assert list(graph._cells.get((10 ** 6, 10 ** 6))) == []
    here = Wayfinder(stored, KAIVOKATU).route("here", "Oodi")
    assert here.distance_m == pytest.approx(Wayfinder(fresh, KAIVOKATU).route("here", "Oodi").distance_m,
                                            abs=1e-6)


def test_a_damaged_prepared_file_is_not_used(helsinki: Path) -> None:
    path = helsinki / FILE
    data = bytearray(path.read_bytes())
    data[-100] ^= 0xFF  # in the landmark columns: only the checksum can tell
    path.write_bytes(bytes(data))
    pack = load_pack(helsinki)
    assert read_prepared(pack) is None
    finder = Wayfinder(pack, KAIVOKATU)  # built from the GeoJSON instead
    assert finder.route("here", "Oodi").distance_m < 900
    data[len(data) // 4] ^= 0xFF  # now the streets too
    path.write_bytes(bytes(data))
    assert load_pack(helsinki).streets == _from_geojson(helsinki).streets


def test_an_edited_pack_is_checked_again_with_messages(helsinki: Path) -> None:
    streets = helsinki / "streets.geojson"
    data = json.loads(streets.read_text(encoding="utf-8"))
    data["features"][3]["properties"]["highway"] = "motorway"
    wrong = data["features"][3]["properties"]["id"]
    streets.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_pack(helsinki)
    assert str(err.value).startswith(f"{streets}: feature {wrong}: highway 'motorway' is not a walkable kind")


def test_places_and_areas_are_still_checked_beside_a_prepared_network(helsinki: Path) -> None:
    places = helsinki / "places.geojson"
    data = json.loads(places.read_text(encoding="utf-8"))
    data["features"][0]["geometry"]["coordinates"] = [500, 60.1]
    first = data["features"][0]["properties"]["id"]
    places.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_pack(helsinki)
    assert f"places.geojson: feature {first}: geometry must be a Point" in str(err.value)
    (helsinki / "areas.geojson").write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    problems = [str(p) for p in validate_pack(helsinki) if p.severity == "error"]
    assert any("areas.geojson" in p and "nests deeper than" in p for p in problems)
