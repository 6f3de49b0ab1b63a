"""Directions text in English, Spanish and Russian; walk rings; the OpenStreetMap link."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from kiosk import i18n
from kiosk.maps import Wayfinder
from kiosk.maps.geo import LocalProjection

SWEETZER = (34.090718, -118.370531)
KINGS_SUNSET = (34.095258, -118.372692)
KINGS_SM = (34.090697, -118.372388)


def test_english_directions_name_the_street_turn_and_distance_in_feet(wayfinder):
    steps = wayfinder.route(SWEETZER, KINGS_SUNSET).steps()
    texts = [s.text for s in steps]
    assert texts[0] == "Walk 550 feet west on Santa Monica Blvd"  # 171 m
    assert texts[1] == "Turn right onto Kings Rd and walk 0.3 miles"  # 508 m
    assert texts[2] == "You have arrived"
    assert [s.maneuver for s in steps] == ["depart", "right", "arrive"]


def test_destination_side_is_told(wayfinder):
    proj = LocalProjection(*KINGS_SM)
    sweetzer_xy = proj.to_xy(*SWEETZER)
    north_of_street = proj.to_latlon(sweetzer_xy[0] / 2, 30)
    south_of_street = proj.to_latlon(sweetzer_xy[0] / 2, -30)
    assert wayfinder.route(KINGS_SM, north_of_street).steps()[-1].text == "Your destination is on the left"
    assert wayfinder.route(KINGS_SM, south_of_street).steps()[-1].text == "Your destination is on the right"


def test_crossing_and_paths_are_described(wayfinder):
    texts = [s.text for s in wayfinder.route("here", "plummer-park").steps()]
    # the kiosk's screen faces north (facing_deg 0): with it behind you, east is to the right
    assert texts[0] == "With the kiosk behind you, turn right onto Santa Monica Blvd and walk 1.1 miles"
    assert "Cross the street at the crosswalk" in texts


def test_spanish_and_russian_use_metres_formatted_by_babel(wayfinder):
    route = wayfinder.route(SWEETZER, KINGS_SUNSET)
    i18n.set_language("es")
    es = [s.text for s in route.steps()]
    assert "170 metros" in es[0] and "510 metros" in es[1]
    assert not any("feet" in t or "miles" in t for t in es)
    i18n.set_language("ru")
    ru = [s.text for s in route.steps()]
    assert "170 метров" in ru[0] and "510 метров" in ru[1]
    assert i18n.format_minutes(route.minutes) == "9 минут"


def test_units_setting_overrides_the_language_default(demo_pack):
    metric = Wayfinder(demo_pack, SWEETZER, units="metric")
    assert "170 meters" in metric.route(SWEETZER, KINGS_SUNSET).steps()[0].text
    imperial = Wayfinder(demo_pack, SWEETZER, units="imperial")
    i18n.set_language("es")
    assert "550 pies" in imperial.route(SWEETZER, KINGS_SUNSET).steps()[0].text


def test_long_distances_switch_to_kilometres(wayfinder):
    i18n.set_language("es")
    text = wayfinder.route("here", "plummer-park").steps()[0].text
    assert "kilómetros" in text and "metros" not in text.replace("kilómetros", "")


def _inside(point, polygon) -> bool:
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def test_walk_rings_follow_the_streets_not_a_circle(wayfinder):
    five, ten = wayfinder.walk_rings((5, 10))
    assert (five.minutes, ten.minutes) == (5, 10)
    assert five.distance_m == pytest.approx(400)
    here = wayfinder.here_xy
    along_santa_monica = wayfinder.projection.to_xy(*KINGS_SM)  # 171 m west, on the street
    assert _inside(along_santa_monica, list(five.polygon_xy))
    # 300 m due south is inside a 400 m circle but there is no street there to walk on
    assert not _inside((here[0], here[1] - 300), list(five.polygon_xy))
    shrunk = [(here[0] + (x - here[0]) * 0.99, here[1] + (y - here[1]) * 0.99) for x, y in five.polygon_xy]
    assert all(_inside(p, list(ten.polygon_xy)) for p in shrunk)
    assert max(abs(x - here[0]) for x, _ in ten.polygon_xy) > 700
    assert len(ten.polygon_latlon) == len(ten.polygon_xy)


def test_osm_directions_link_goes_from_the_kiosk_to_the_place(wayfinder, demo_pack):
    url = wayfinder.osm_directions_url("library")
    parsed = urlparse(url)
    assert parsed.netloc == "www.openstreetmap.org" and parsed.path == "/directions"
    query = parse_qs(parsed.query)
    assert query["engine"] == ["fossgis_osrm_foot"]
    start, end = query["route"][0].split(";")
    assert [float(v) for v in start.split(",")] == pytest.approx(list(SWEETZER), abs=1e-5)
    library = demo_pack.place("library")
    assert [float(v) for v in end.split(",")] == pytest.approx([library.lat, library.lon], abs=1e-6)
