"""Limits on what a pack may hold, and the prepared network an import stores in the pack."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kiosk import cli
from kiosk.errors import ContentError
from kiosk.maps import Wayfinder, load_pack
from kiosk.maps import osm_import, pack as pack_mod, routing
from kiosk.maps.prepared import FILE, read_prepared

DEMO_PACK = Path(__file__).resolve().parents[3] / "maps" / "weho"


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "weho"
    shutil.copytree(DEMO_PACK, dest, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return dest


def test_a_deeply_nested_file_is_refused_with_a_message(pack_copy: Path) -> None:
    (pack_copy / "places.geojson").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_pack(pack_copy)
    assert "places.geojson" in str(err.value) and "nests deeper than" in str(err.value)


def test_too_many_points_is_refused_naming_the_limit(pack_copy: Path, monkeypatch) -> None:
    monkeypatch.setattr(pack_mod, "MAX_STREET_POINTS", 100)
    with pytest.raises(ContentError) as err:
        load_pack(pack_copy)
    assert "streets.geojson" in str(err.value) and "memory budget allows 100" in str(err.value)


def test_too_many_features_is_refused(pack_copy: Path, monkeypatch) -> None:
    monkeypatch.setattr(pack_mod, "MAX_FEATURES", 10)
    with pytest.raises(ContentError) as err:
        load_pack(pack_copy)
    assert "at most 10 per file" in str(err.value)


def test_a_file_too_big_is_refused(pack_copy: Path, monkeypatch) -> None:
    monkeypatch.setattr(pack_mod, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ContentError) as err:
        load_pack(pack_copy)
    assert "the limit is 1,000" in str(err.value)


@pytest.fixture
def helsinki(shared_data: Path) -> Path:
    source = shared_data / "osm" / "helsinki.osm.pbf"
    if not source.is_file():
        pytest.skip("no Helsinki extract")
    return source


def test_import_refuses_a_city_too_big_for_the_kiosk(helsinki: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(osm_import, "MAX_NODES", 5000)
    code = cli.main(["maps", "import", str(helsinki), "--out", str(tmp_path / "hki")])
    err = capsys.readouterr().err
    assert code == 1
    assert "helsinki.osm.pbf" in err and "too big for the kiosk" in err and "allows 5,000" in err
    assert not (tmp_path / "hki" / "streets.geojson").exists()


def test_the_import_stores_graph_and_landmarks_and_loading_uses_them(helsinki: Path, tmp_path: Path,
                                                                      monkeypatch) -> None:
    osm_import.import_osm(helsinki, tmp_path / "hki")
    assert (tmp_path / "hki" / FILE).is_file()
    pack = load_pack(tmp_path / "hki")
    built = Wayfinder(pack, (60.16985, 24.93850))  # stored graph
    assert built.graph._landmarks is not None  # landmarks came with it

    def no_searching(*args, **kwargs):
        raise AssertionError("landmarks were computed again on load")
    monkeypatch.setattr(routing, "_dijkstra_all", no_searching)
    built.prepare()
    route = built.route("here", "Oodi")
    monkeypatch.undo()
    (tmp_path / "hki" / FILE).unlink()
    fresh = Wayfinder(load_pack(tmp_path / "hki"), (60.16985, 24.93850))
    assert fresh.route("here", "Oodi").distance_m == pytest.approx(route.distance_m, abs=1e-6)
    assert fresh.graph.node_count == built.graph.node_count


def test_a_stored_network_of_other_streets_is_ignored(helsinki: Path, tmp_path: Path) -> None:
    osm_import.import_osm(helsinki, tmp_path / "hki")
    streets = tmp_path / "hki" / "streets.geojson"
    data = json.loads(streets.read_text(encoding="utf-8"))
    data["features"] = data["features"][: len(data["features"]) // 2]
    streets.write_text(json.dumps(data), encoding="utf-8")
    assert read_prepared(load_pack(tmp_path / "hki")) is None
    (tmp_path / "hki" / FILE).write_bytes(b"garbage")
    assert read_prepared(load_pack(tmp_path / "hki")) is None


def test_here_on_the_command_line_chooses_the_buildings_around_the_kiosk(helsinki: Path, tmp_path: Path,
                                                                         capsys) -> None:
    import json
    import math

    senate_square = (60.16952, 24.95250)
    assert cli.main(["maps", "import", str(helsinki), "--out", str(tmp_path / "hki"),
                     "--here", f"{senate_square[0]},{senate_square[1]}"]) == 0
    assert "buildings" in capsys.readouterr().out
    areas = json.loads((tmp_path / "hki" / "areas.geojson").read_text())["features"]
    buildings = [f for f in areas if f["properties"]["kind"] == "building"]
    assert buildings
    lat0, lon0 = senate_square
    for feature in buildings:
        lon, lat = feature["geometry"]["coordinates"][0][0]
        metres = math.hypot((lat - lat0) * 111_320, (lon - lon0) * 111_320 * math.cos(math.radians(lat0)))
        assert metres < 600 + 300, feature["properties"]  # centre within 600 m; a corner a little further


def test_a_wrong_here_is_refused_with_the_form_to_use(helsinki: Path, tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit):
        cli.main(["maps", "import", str(helsinki), "--out", str(tmp_path / "hki"), "--here", "Plummer Park"])
    assert "latitude,longitude" in capsys.readouterr().err


def test_an_imported_pack_says_how_recent_its_data_is(helsinki: Path, tmp_path: Path) -> None:
    import osmium

    osm_import.import_osm(helsinki, tmp_path / "hki")
    newest = max(w.timestamp for w in osmium.FileProcessor(str(helsinki), osmium.osm.WAY)
                 if "highway" in w.tags)
    pack = load_pack(tmp_path / "hki")
    assert pack.data_date and pack.data_date <= newest.date().isoformat()
    assert pack.data_date >= "2015-01-01"
