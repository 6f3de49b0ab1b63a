"""Words for unnamed ways, the first step turned from the kiosk, same-named places, categories."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from kiosk.maps import Wayfinder, haversine_m, load_pack
from kiosk.maps.osm_import import _categories, import_osm

KINGS_SUNSET = (34.095258, -118.372692)


def test_the_first_step_turns_from_the_way_the_kiosk_faces(demo_pack):
    # Kings Road Park lies west along Santa Monica Blvd from the City Hall kiosk
    here = (34.090718, -118.370532)
    north = Wayfinder(demo_pack, here, facing_deg=0).route("here", "kings-road-park").steps()[0]
    south = Wayfinder(demo_pack, here, facing_deg=180).route("here", "kings-road-park").steps()[0]
    west = Wayfinder(demo_pack, here, facing_deg=270).route("here", "kings-road-park").steps()[0]
    assert north.text.startswith("With the kiosk behind you, turn left onto Santa Monica Blvd")
    assert north.text.endswith("toward Kings Rd") and north.maneuver == "left"
    assert south.text.startswith("With the kiosk behind you, turn right onto Santa Monica Blvd")
    assert west.text.startswith("With the kiosk behind you, walk 550 feet straight ahead on Santa Monica Blvd")


def test_a_walk_that_does_not_start_at_the_kiosk_keeps_compass_words(demo_pack):
    finder = Wayfinder(demo_pack, (34.090718, -118.370532), facing_deg=0)
    assert finder.route((34.090718, -118.370531), KINGS_SUNSET).steps()[0].text == \
        "Walk 550 feet west on Santa Monica Blvd"


def test_city_services_are_the_city_s_own_offices_not_every_government_office():
    assert "city_services" in _categories({"amenity": "townhall"})
    assert "city_services" in _categories({"office": "government", "government": "local"})
    assert "city_services" not in _categories({"office": "government", "government": "ministry"})
    assert "city_services" not in _categories({"office": "government"})


@pytest.fixture(scope="module")
def helsinki(tmp_path_factory) -> Wayfinder:
    source = Path(__file__).resolve().parents[4] / "shared" / "data" / "osm" / "helsinki.osm.pbf"
    if not source.is_file():
        pytest.skip("no Helsinki extract in ../shared/data/osm")
    out = tmp_path_factory.mktemp("hki") / "hki"
    import_osm(source, out)
    return Wayfinder(load_pack(out), (60.16985, 24.93850), facing_deg=90)


def test_unnamed_sidewalks_are_named_by_their_street(helsinki):
    texts = [s.text for s in helsinki.route("here", "Oodi").steps()]
    assert "Turn left onto the sidewalk along Mannerheimintie and walk 250 feet" in texts
    rng = random.Random(1)
    places = list(helsinki.pack.places)
    steps = []
    for _ in range(40):
        a, b = rng.sample(places, 2)
        steps += [s.text for s in helsinki.route(a, b).steps()]
    assert sum("the path" in t for t in steps) < 0.15 * len(steps)  # was 9 of 21 on one route
    assert any("the sidewalk along" in t for t in steps)


def test_a_name_many_places_share_means_the_nearest(helsinki):
    same = [p for p in helsinki.pack.places if p.name() == "Public restroom"]
    assert len(same) > 5
    nearest = min(same, key=lambda p: haversine_m(*helsinki.here, p.lat, p.lon))
    assert helsinki.resolve("Public restroom").place == nearest
    assert helsinki.resolve("public restroom").place == nearest
