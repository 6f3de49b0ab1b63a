"""Building outlines and landmarks in a pack: imported from every shared OSM extract around the
kiosk, within the radius and the caps that maps/README.md states, and the demo pack's landmarks.

The buildings a pack should hold are found again here with pyosmium (closed ``building=*``
ways whose corners' mean lies within the radius), so an importer that drops or invents
outlines shows as a different set of ids.
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from kiosk.maps import load_pack
from kiosk.maps import osm_import
from kiosk.maps.osm_import import BUILDING_RADIUS_M, MAX_BUILDINGS, MAX_LANDMARKS, import_osm, is_landmark

EXTRACTS = ("helsinki", "baltimore", "nyc")
REPO = Path(__file__).resolve().parents[3]
DEMO_PACK = REPO / "maps" / "weho"
SHARED_OSM = REPO.parent / "shared" / "data" / "osm"  # as tests/conftest.py's shared_data


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(a))


def _centre(ring: tuple[tuple[float, float], ...]) -> tuple[float, float]:
    corners = ring[:-1]
    return sum(p[0] for p in corners) / len(corners), sum(p[1] for p in corners) / len(corners)


@pytest.fixture(scope="module", params=EXTRACTS)
def imported(request, tmp_path_factory) -> tuple[str, Path, Path, tuple[float, float]]:
    """Each shared extract imported once, with the kiosk at the middle of its streets."""
    source = SHARED_OSM / f"{request.param}.osm.pbf"
    if not source.is_file():
        pytest.skip(f"no {request.param} extract in ../shared/data/osm")
    out = tmp_path_factory.mktemp(request.param) / "pack"
    import_osm(source, out)
    s, w, n, e = load_pack(out).bounds
    return request.param, source, out, ((s + n) / 2, (w + e) / 2)


def _reference_buildings(source: Path, here: tuple[float, float]) -> dict[str, float]:
    osmium = pytest.importorskip("osmium")
    found: dict[str, float] = {}

    class Buildings(osmium.SimpleHandler):
        def way(self, w):
            if w.tags.get("building", "no") == "no":
                return
            ring = [(n.location.lat, n.location.lon) for n in w.nodes if n.location.valid()]
            if len(ring) < 4 or ring[0] != ring[-1]:
                return
            lat, lon = _centre(tuple(ring))
            distance = _metres(here[0], here[1], lat, lon)
            if distance <= BUILDING_RADIUS_M:
                found[f"w{w.id}:building"] = distance

    Buildings().apply_file(str(source), locations=True)
    return found


def test_buildings_near_the_kiosk_are_imported_and_none_further(imported):
    name, source, out, here = imported
    pack = load_pack(out)
    buildings = pack.buildings()
    assert buildings, f"{name}: no building outlines imported"
    assert len(buildings) <= MAX_BUILDINGS
    assert all(b.kind == "building" and len(b.rings[0]) >= 4 for b in buildings)
    assert max(_metres(*here, *_centre(b.rings[0])) for b in buildings) <= BUILDING_RADIUS_M + 0.5
    expected = _reference_buildings(source, here)
    assert {b.id for b in buildings} == set(sorted(expected, key=expected.get)[:MAX_BUILDINGS])


def test_the_building_cap_keeps_the_nearest(imported, tmp_path, monkeypatch):
    name, source, _, here = imported
    monkeypatch.setattr(osm_import, "MAX_BUILDINGS", 5)
    counts = import_osm(source, tmp_path / "capped", here=here)
    kept = load_pack(tmp_path / "capped").buildings()
    expected = _reference_buildings(source, here)
    assert counts["buildings"] == len(kept) == min(5, len(expected))
    cut = max(_metres(*here, *_centre(b.rings[0])) for b in kept)
    assert sum(1 for d in expected.values() if d < cut - 0.01) < 5  # nothing nearer was left out


def test_landmarks_are_found_named_and_marked(imported):
    name, _, out, _ = imported
    pack = load_pack(out)
    marks = pack.landmarks()
    assert 0 < len(marks) <= MAX_LANDMARKS
    assert all(p.tags.get("landmark") == "yes" and p.name() for p in marks)
    names = {p.name() for p in marks}
    if name == "baltimore":  # the extract's own landmarks: churches, parks, museums
        assert any("Church" in n for n in names) and any(p.categories == ("parks",) for p in marks)
    else:
        assert {"helsinki": "Kansalliskirjasto", "nyc": "Stonewall Inn"}[name] in names


def test_the_landmark_cap_unmarks_the_furthest(imported, tmp_path, monkeypatch):
    _, source, out, here = imported
    full = load_pack(out)
    monkeypatch.setattr(osm_import, "MAX_LANDMARKS", 2)
    import_osm(source, tmp_path / "capped", here=here)
    capped = load_pack(tmp_path / "capped")
    assert len(capped.landmarks()) == min(2, len(full.landmarks()))
    # places in a directory category stay (unmarked); landmark-only places go
    assert {p.id for p in full.places if p.categories} <= {p.id for p in capped.places}
    assert all(p.categories or p.tags.get("landmark") == "yes" for p in capped.places)


@pytest.mark.parametrize("tags, area, expected", [
    ({"amenity": "townhall", "name": "City Hall"}, 0, True),
    ({"amenity": "place_of_worship", "name": "St Mary"}, 0, True),
    ({"amenity": "place_of_worship"}, 0, False),  # unnamed: nothing to call it by
    ({"tourism": "attraction", "name": "The Pier"}, 0, True),
    ({"historic": "castle", "name": "Old Fort"}, 0, True),
    ({"historic": "memorial", "memorial": "plaque", "name": "A plaque"}, 0, False),
    ({"historic": "milestone", "name": "Mile 3"}, 0, False),
    ({"leisure": "park", "name": "Big Park"}, 25_000, True),
    ({"leisure": "park", "name": "Pocket Park"}, 900, False),
    ({"shop": "bakery", "name": "Bread"}, 0, False),
])
def test_what_counts_as_a_landmark(tags, area, expected):
    assert is_landmark(tags, area) is expected


def test_the_demo_pack_marks_city_hall_library_parks_and_gateways():
    pack = load_pack(DEMO_PACK)
    marked = {p.id for p in pack.places if p.tags.get("landmark") == "yes"}
    assert marked == {"city-hall", "library", "west-hollywood-park", "plummer-park", "kings-road-park",
                      "gateway-west", "gateway-east"}
    gateways = [p for p in pack.places if p.id.startswith("gateway-")]
    assert all(p.categories == () and {"en", "es", "ru", "fa"} <= set(p.names) for p in gateways)
    assert not any(p.tags.get("landmark") for p in pack.places_in("transit"))


def test_a_place_without_a_category_must_be_a_landmark(tmp_path):
    import json
    import shutil

    dest = tmp_path / "weho"
    shutil.copytree(DEMO_PACK, dest, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    data = json.loads((dest / "places.geojson").read_text(encoding="utf-8"))
    del data["features"][-1]["properties"]["landmark"]  # a gateway, now in no category and no landmark
    (dest / "places.geojson").write_text(json.dumps(data), encoding="utf-8")
    from kiosk.maps import validate_pack

    problems = [str(p) for p in validate_pack(dest) if p.severity == "error"]
    assert problems == [f"{dest / 'places.geojson'}: feature gateway-east: categories missing; give a list "
                        "such as [\"parks\"] (a landmark may have an empty list)"]
