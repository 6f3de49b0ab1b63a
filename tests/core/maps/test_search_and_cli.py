"""Search in every language, the demo pack's directory, and the ``kiosk route`` command."""
from __future__ import annotations

import json

import pytest

from kiosk import cli, i18n
from kiosk.maps import CATEGORIES
from kiosk.maps.search import fold


def test_fold_removes_case_and_accents():
    assert fold("Café  TROPICAL!") == "cafe tropical"
    assert fold("Ёлка") == "елка"


@pytest.mark.parametrize("query, expected", [
    ("library", "library"), ("BIBLIOTÉCA", "library"), ("библиотека", "library"),
    ("мэрия", "city-hall"), ("ayuntamiento", "city-hall"), ("plummer", "plummer-park"),
    ("kings road", "kings-road-park"),
])
def test_search_matches_names_in_any_language(wayfinder, query, expected):
    results = wayfinder.search(query)
    assert expected in [r.place.id for r in results[:2]]


def test_search_shows_the_name_in_the_current_language(wayfinder):
    i18n.set_language("ru")
    result = wayfinder.search("city hall")[0]
    assert result.place.id == "city-hall"
    assert result.name == "Мэрия Уэст-Голливуда"


def test_category_filter_lists_places_nearest_first_with_walking_minutes(wayfinder):
    parks = wayfinder.search(category="parks")
    assert [r.place.id for r in parks] == ["kings-road-park", "west-hollywood-park", "plummer-park"]
    minutes = [r.minutes for r in parks]
    assert minutes == sorted(minutes) and minutes[0] < 5 < minutes[-1] < 40
    route = wayfinder.route("here", "plummer-park")
    assert parks[-1].distance_m == pytest.approx(route.distance_m, rel=1e-6)


def test_no_match_returns_nothing(wayfinder):
    assert wayfinder.search("zzzz") == []


def test_demo_pack_covers_every_directory_category(demo_pack):
    for category in CATEGORIES:
        assert demo_pack.places_in(category), category
    for place in demo_pack.places:
        assert {"", "es", "ru"} <= set(place.names), place.id
    assert demo_pack.demo and "main streets" in demo_pack.name
    assert any("GTFS" in a for a in demo_pack.attribution)
    assert any(s.is_steps for s in demo_pack.streets) and any(s.is_crossing for s in demo_pack.streets)


def _run(capsys, *argv):
    code = cli.main(["route", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_route_command_prints_distance_minutes_and_directions(capsys):
    code, out, _ = _run(capsys, "here", "Kings Road Park")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "You are here → Kings Road Park"
    assert lines[1] == "0.2 miles, 4 minutes"  # in the units of the steps, not metres
    # the demo kiosk's screen faces north: with it behind you, west (toward Kings Rd) is left
    assert lines[2] == "1. With the kiosk behind you, turn left onto Santa Monica Blvd and walk 550 feet toward Kings Rd"


def test_route_command_json(capsys):
    code, out, _ = _run(capsys, "34.081841,-118.383442", "library", "--step-free", "--json", "--lang", "es")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"distance_m", "minutes", "steps", "path"}
    assert 300 < data["distance_m"] < 600
    assert data["minutes"] == pytest.approx(data["distance_m"] / 80, abs=0.1)
    assert any("metros" in step for step in data["steps"])
    assert data["path"][0] == pytest.approx([34.081841, -118.383442])


def test_route_command_slow_profile(capsys):
    _, fast, _ = _run(capsys, "here", "library", "--json")
    _, slow, _ = _run(capsys, "here", "library", "--json", "--slow")
    assert json.loads(slow)["minutes"] == pytest.approx(json.loads(fast)["minutes"] * 4.8 / 3.0, abs=0.1)


def test_unknown_place_exits_1_with_suggestions(capsys):
    code, out, err = _run(capsys, "here", "plumer prak")
    assert code == 1 and out == ""
    assert "unknown place 'plumer prak'" in err and "plummer-park" in err


def test_route_command_reads_the_kiosk_location_from_config(tmp_path, capsys):
    config = tmp_path / "kiosk.toml"
    config.write_text("[location]\nlat = 34.092500\nlon = -118.351000\n", encoding="utf-8")
    code, out, _ = _run(capsys, "here", "plummer-park", "--json", "--config", str(config))
    assert code == 0 and json.loads(out)["distance_m"] < 50


def test_ev_places_are_the_sites_the_charger_simulator_serves(demo_pack):
    from kiosk.chargers.weho_sites import SITES
    from kiosk.maps import haversine_m

    on_map = {p.tags["charger_site"]: p for p in demo_pack.places_in("ev_charging")}
    assert set(on_map) == {site.site_id for site in SITES}
    for site in SITES:
        assert haversine_m(site.lat, site.lon, on_map[site.site_id].lat, on_map[site.site_id].lon) < 1
