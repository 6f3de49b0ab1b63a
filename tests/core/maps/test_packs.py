"""Pack validation (broken packs are reported, never crash) and the OpenStreetMap importer."""
from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest

from kiosk import cli, config
from kiosk.errors import ContentError
from kiosk.maps import Wayfinder, load_pack, validate_pack

DEMO_PACK = Path(__file__).resolve().parents[3] / "maps" / "weho"


@pytest.fixture
def pack_copy(tmp_path):
    dest = tmp_path / "maps" / "weho"
    shutil.copytree(DEMO_PACK, dest, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return dest


def _edit(path, fn):
    data = json.loads(path.read_text(encoding="utf-8"))
    fn(data["features"])
    path.write_text(json.dumps(data), encoding="utf-8")


def test_demo_pack_is_valid():
    assert [p for p in validate_pack(DEMO_PACK) if p.severity == "error"] == []
    assert [str(p) for p in validate_pack(DEMO_PACK)] == []


def test_broken_json_is_reported_with_file_and_line(pack_copy):
    (pack_copy / "places.geojson").write_text('{"type": "FeatureCollection",\n "features": [}', encoding="utf-8")
    problems = validate_pack(pack_copy)
    assert len(problems) == 1
    assert str(problems[0]).startswith(f"{pack_copy / 'places.geojson'}: line 2: not valid JSON")
    with pytest.raises(ContentError) as err:
        load_pack(pack_copy)
    assert err.value.file == str(pack_copy / "places.geojson")


def test_each_bad_feature_is_named(pack_copy):
    def break_streets(features):
        features[0]["properties"]["highway"] = "motorway"
        features[1]["geometry"]["coordinates"] = [[-118.37, 34.09]]
        features[2]["properties"]["id"] = features[3]["properties"]["id"]
        features[4]["geometry"]["coordinates"][0] = ["x", 34.0]

    def break_places(features):
        features[0]["properties"]["categories"] = ["casino"]
        del features[1]["properties"]["name"]
        features[2]["geometry"] = {"type": "Point", "coordinates": [-120.0, 30.0]}

    _edit(pack_copy / "streets.geojson", break_streets)
    _edit(pack_copy / "places.geojson", break_places)
    text = [str(p) for p in validate_pack(pack_copy)]
    streets, places = str(pack_copy / "streets.geojson"), str(pack_copy / "places.geojson")
    assert any(t.startswith(f"{streets}: feature s-1: highway 'motorway' is not a walkable kind") for t in text)
    assert f"{streets}: feature s-2: a line needs at least two points" in text
    assert f"{streets}: feature s-4: duplicate id" in text
    assert any(t.startswith(f"{streets}: feature s-5: coordinates must be") for t in text)
    assert any(t.startswith(f"{places}: feature city-hall: unknown category 'casino'") for t in text)
    assert f"{places}: feature library: missing name" in text
    assert f"{places}: feature west-hollywood-park: lies outside the pack bounds" in text
    with pytest.raises(ContentError, match="and 6 more"):
        load_pack(pack_copy)


def test_missing_or_bad_metadata(pack_copy, tmp_path):
    toml = pack_copy / "pack.toml"
    toml.write_text('[pack]\nid = "x"\nname = "X"\nbounds = [34.2, -118.3, 34.0, -118.4]\n', encoding="utf-8")
    text = [str(p) for p in validate_pack(pack_copy)]
    assert f"{toml}: [pack] licence: missing or empty; must be text" in text
    assert any(t.startswith(f"{toml}: [pack] bounds:") for t in text)
    assert any(t.startswith(f"{toml}: [pack] attribution:") for t in text)
    toml.unlink()
    assert f"{toml}: file not found (every pack needs pack.toml)" in [str(p) for p in validate_pack(pack_copy)]
    assert validate_pack(tmp_path / "nowhere")[0].problem.startswith("not a folder")


def test_validate_command_exit_codes(pack_copy, capsys):
    assert cli.main(["maps", "validate", str(DEMO_PACK)]) == 0
    assert capsys.readouterr().out.strip().endswith(": OK")
    (pack_copy / "streets.geojson").write_text("[]", encoding="utf-8")
    assert cli.main(["maps", "validate", str(pack_copy)]) == 1
    err = capsys.readouterr().err
    assert f"{pack_copy / 'streets.geojson'}: must be a GeoJSON FeatureCollection" in err


def test_broken_pack_makes_the_map_unavailable_not_a_crash(pack_copy, tmp_path, capsys):
    (pack_copy / "streets.geojson").write_bytes(b"\xff\xfe not text")
    cfg = config.from_mapping({"paths": {"content_dir": str(tmp_path)}})
    with pytest.raises(ContentError):
        Wayfinder.from_config(cfg)
    cfg_file = tmp_path / "k.toml"
    cfg_file.write_text(f'[paths]\ncontent_dir = "{tmp_path}"\n', encoding="utf-8")
    assert cli.main(["route", "here", "library", "--config", str(cfg_file)]) == 1
    assert "map unavailable" in capsys.readouterr().err


def test_unconnected_street_is_a_warning(pack_copy):
    def add_island(features):
        features.append({"type": "Feature", "properties": {"id": "island", "highway": "footway"},
                         "geometry": {"type": "LineString", "coordinates": [[-118.36, 34.1], [-118.359, 34.1]]}})
    _edit(pack_copy / "streets.geojson", add_island)
    problems = validate_pack(pack_copy)
    assert [(p.feature, p.severity) for p in problems] == [("feature island", "warning")]
    load_pack(pack_copy)  # warnings do not stop the pack


# -- OpenStreetMap import ---------------------------------------------------------------------

OSM_XML = textwrap.dedent("""\
    <?xml version="1.0" encoding="UTF-8"?>
    <osm version="0.6" generator="test">
      <node id="1" lat="34.0900" lon="-118.3800" version="1"/>
      <node id="2" lat="34.0900" lon="-118.3780" version="1"/>
      <node id="3" lat="34.0900" lon="-118.3760" version="1"/>
      <node id="4" lat="34.0915" lon="-118.3780" version="1"/>
      <node id="5" lat="34.0905" lon="-118.3780" version="1"/>
      <node id="6" lat="34.0915" lon="-118.3760" version="1"/>
      <node id="7" lat="34.0915" lon="-118.3800" version="1"/>
      <node id="10" lat="34.0916" lon="-118.3779" version="1">
        <tag k="amenity" v="library"/><tag k="name" v="Test Library"/>
        <tag k="name:es" v="Biblioteca de Prueba"/><tag k="name:ru" v="Тестовая библиотека"/>
        <tag k="internet_access" v="wlan"/><tag k="addr:housenumber" v="625"/>
        <tag k="addr:street" v="N San Vicente Blvd"/>
      </node>
      <node id="11" lat="34.0901" lon="-118.3770" version="1"><tag k="amenity" v="toilets"/></node>
      <node id="12" lat="34.0901" lon="-118.3790" version="1"><tag k="highway" v="bus_stop"/></node>
      <way id="100" version="1">
        <nd ref="1"/><nd ref="2"/><nd ref="3"/>
        <tag k="highway" v="primary"/><tag k="name" v="Santa Monica Boulevard"/>
        <tag k="name:ru" v="бульвар Санта-Моника"/><tag k="sidewalk" v="both"/>
      </way>
      <way id="101" version="1">
        <nd ref="2"/><nd ref="5"/><tag k="highway" v="footway"/><tag k="footway" v="crossing"/>
        <tag k="crossing" v="traffic_signals"/>
      </way>
      <way id="102" version="1">
        <nd ref="5"/><nd ref="4"/><tag k="highway" v="steps"/><tag k="step_count" v="12"/>
      </way>
      <way id="103" version="1">
        <nd ref="3"/><nd ref="6"/><nd ref="4"/><tag k="highway" v="footway"/><tag k="wheelchair" v="yes"/>
      </way>
      <way id="104" version="1">
        <nd ref="1"/><nd ref="7"/><tag k="highway" v="service"/><tag k="access" v="private"/>
      </way>
      <way id="105" version="1">
        <nd ref="4"/><nd ref="6"/><nd ref="3"/><nd ref="2"/><nd ref="4"/>
        <tag k="leisure" v="park"/><tag k="name" v="Test Park"/><tag k="name:es" v="Parque de Prueba"/>
      </way>
    </osm>
    """)


@pytest.fixture
def imported(tmp_path, capsys):
    src = tmp_path / "area.osm"
    src.write_text(OSM_XML, encoding="utf-8")
    out = tmp_path / "maps" / "test"
    assert cli.main(["maps", "import", str(src), "--out", str(out), "--name", "Test area"]) == 0
    assert "4 ways" in capsys.readouterr().out
    return load_pack(out)


def test_import_keeps_names_in_every_language_and_pedestrian_tags(imported):
    streets = {s.id: s for s in imported.streets}
    assert set(streets) == {"w100", "w101", "w102", "w103"}  # the private service road is left out
    assert streets["w100"].names == {"": "Santa Monica Boulevard", "ru": "бульвар Санта-Моника"}
    assert streets["w100"].tags["sidewalk"] == "both"
    assert streets["w101"].is_crossing and streets["w101"].tags["crossing"] == "traffic_signals"
    assert streets["w102"].is_steps and streets["w102"].tags["step_count"] == "12"
    assert streets["w103"].tags["wheelchair"] == "yes"
    library = imported.place("n10")
    assert library.names["es"] == "Biblioteca de Prueba" and library.names["ru"] == "Тестовая библиотека"
    assert set(library.categories) == {"library", "wifi"}
    assert library.address == "625 N San Vicente Blvd"
    assert imported.place("n11").categories == ("restrooms",)
    assert imported.place("n12") is None  # an unnamed bus stop cannot be listed
    assert imported.place("w105").categories == ("parks",)
    assert [a.kind for a in imported.areas] == ["park"]
    assert imported.attribution == ("Map data © OpenStreetMap contributors, https://www.openstreetmap.org/copyright",)
    assert "ODbL" in imported.licence or "Open Database" in imported.licence
    assert {"es", "ru"} <= set(imported.languages)


def test_imported_pack_routes_with_and_without_steps(imported):
    finder = Wayfinder(imported, (34.0900, -118.3780))
    library = imported.place("n10")
    usual = finder.route("here", library)
    step_free = finder.route("here", library, step_free=True)
    assert [s.maneuver for s in usual.steps()][:2] == ["cross", "steps"]
    assert "steps" not in [s.maneuver for s in step_free.steps()]
    assert step_free.distance_m > usual.distance_m
    i18n_street = [s for s in step_free.steps() if s.street]
    assert i18n_street and i18n_street[0].street == "Santa Monica Boulevard"


def test_import_of_a_broken_file_fails_cleanly(tmp_path, capsys):
    src = tmp_path / "bad.osm"
    src.write_text("<osm><node id='1' lat='x'", encoding="utf-8")
    assert cli.main(["maps", "import", str(src), "--out", str(tmp_path / "out")]) == 1
    assert "import failed" in capsys.readouterr().err
    assert cli.main(["maps", "import", str(tmp_path / "missing.osm"), "--out", str(tmp_path / "o")]) == 1


def test_the_data_date_is_read_shown_in_each_language_and_a_wrong_one_only_warns(tmp_path) -> None:
    from kiosk import i18n

    pack = load_pack(DEMO_PACK)
    assert pack.data_date == "2022-12"
    i18n.set_language("es")
    try:
        assert i18n.format_day_or_month(pack.data_date) == "diciembre de 2022"
        assert i18n.format_day_or_month("2024-05-01") == "1 de mayo de 2024"
    finally:
        i18n.set_language("en")
    assert i18n.format_day_or_month("2022-12") == "December 2022"
    copy = tmp_path / "weho"
    shutil.copytree(DEMO_PACK, copy)
    toml = (copy / "pack.toml").read_text().replace('data_date = "2022-12"', 'data_date = "last winter"')
    (copy / "pack.toml").write_text(toml)
    problems = validate_pack(copy)
    assert [str(p) for p in problems if "data_date" in str(p)] == [
        f"{copy / 'pack.toml'}: [pack] data_date: 'last winter' is not a date like 2024-05-01 or 2024-05; left out"]
    assert all(p.severity == "warning" for p in problems if "data_date" in str(p))
    assert load_pack(copy).data_date == ""
