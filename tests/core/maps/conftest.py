"""Fixtures for the wayfinding tests: the demo pack and a wayfinder standing at City Hall."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kiosk.maps import Wayfinder, load_pack

REPO = Path(__file__).resolve().parents[3]
DEMO_PACK = REPO / "maps" / "weho"
CITY_HALL_STOP = (34.090718, -118.370532)  # Santa Monica Blvd & Sweetzer Ave, the demo kiosk


@pytest.fixture(scope="session")
def demo_pack():
    return load_pack(DEMO_PACK)


@pytest.fixture
def wayfinder(demo_pack) -> Wayfinder:
    return Wayfinder(demo_pack, CITY_HALL_STOP)


@pytest.fixture
def grid_facts(shared_data: Path) -> tuple[dict[str, tuple[float, float]], list[dict[str, str]]]:
    """Intersections (name -> lat, lon) and street segments from the reference data."""
    weho = shared_data / "weho"
    with open(weho / "intersections.csv", encoding="utf-8") as fh:
        inter = {r["intersection"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)}
    with open(weho / "street_segments.csv", encoding="utf-8") as fh:
        segments = list(csv.DictReader(fh))
    return inter, segments
