"""The tolerant OCPI parser: hostile fixtures, the six real feeds, and mutated payloads."""
from __future__ import annotations

import copy
import json
from collections import Counter
from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.chargers.model import CCS1, CCS2, CHADEMO, J1772, NACS, OTHER_CONNECTOR, TYPE2, PortStatus
from kiosk.chargers.parse import PayloadError, connector_standard, parse_payload, parse_time

NOW = datetime(2025, 6, 1, tzinfo=timezone.utc)
A, U, O, K = PortStatus.AVAILABLE, PortStatus.IN_USE, PortStatus.OUT_OF_ORDER, PortStatus.UNKNOWN


@pytest.fixture
def hostile(fixtures_dir):
    return parse_payload((fixtures_dir / "hostile_locations.json").read_bytes(), NOW)


def test_hostile_feed_keeps_every_good_object(hostile):
    assert [s.id for s in hostile.sites] == ["US/TST/GOOD", "US/TST/NULLS"]
    good = hostile.sites[0]
    assert [p.status for p in good.ports] == [A, U, U, K, O, O, U, U, K]  # PLANNED, REMOVED hidden
    assert (good.free_ports, good.total_ports) == (1, 9)
    assert (good.lat, good.lon) == (34.0901, -118.3701)  # numeric coordinates accepted


def test_hostile_feed_drops_only_broken_objects_with_reasons(hostile):
    reasons = Counter(d.reason for d in hostile.dropped)
    assert reasons == {
        "location has no usable coordinates": 3, "location has no id": 1, "'evses' is not a list": 1,
        "location is not an object": 2, "EVSE is not an object": 3,
        "duplicate EVSE (kept the newest)": 1, "duplicate location (kept the newest)": 1}
    assert hostile.hidden == 4  # empty, no evses, only removed/planned, unpublished


def test_nulls_bad_zone_and_odd_values_do_not_lose_the_site(hostile):
    site = hostile.sites[1]
    assert site.name == "NULLS Test St"  # null name falls back to the address
    ports = {p.id: p for p in site.ports}
    assert len(ports) == 9
    assert ports["B1"].status is U  # the newer duplicate won
    assert ports["B1"].last_updated == datetime(2025, 5, 1, 11, tzinfo=timezone.utc)
    assert ports["B2"].last_updated == datetime(2025, 5, 1, 10, tzinfo=timezone.utc)  # naive = UTC
    assert ports["B3"].last_updated == NOW  # the future is clamped to the fetch time
    assert ports["B4"].last_updated is None
    assert ports["B4"].standards == (TYPE2,)
    assert ports["B5"].standards == (OTHER_CONNECTOR,)
    assert ports["B6"].standards == ("GB/T DC",)
    assert ports["B7"].standards == (NACS,)
    assert "US*TST*ENOUID" in ports and "#9" in ports  # EVSEs without uid are kept
    assert ports["B2"].max_power_kw == 7.2


def test_first_copy_of_a_duplicate_location_wins_when_newer(hostile):
    assert hostile.sites[0].lat != 1.0


def test_bare_array_partial_envelope_and_single_location():
    loc = {"country_code": "US", "party_id": "X", "id": "1", "coordinates": {"latitude": 1.5, "longitude": 2.5},
           "evses": [{"uid": "e", "status": "AVAILABLE"}]}
    for document in ([loc], {"data": [loc]}, {"data": loc}, loc, {"status_code": "Success", "data": [loc]}):
        result = parse_payload(json.dumps(document).encode(), NOW)
        assert [s.id for s in result.sites] == ["US/X/1"]


@pytest.mark.parametrize("document, words", [
    ({"status_code": 2001, "status_message": "Invalid or missing parameters", "data": None}, "2001"),
    ({"status_code": "3000", "data": []}, "3000"),
    ({"status_code": 4001, "data": [{"id": "1"}]}, "4001"),
    ({"status_code": "Error", "data": []}, "OCPI error"),
])
def test_ocpi_error_status_fails_the_page(document, words):
    with pytest.raises(PayloadError, match=words):
        parse_payload(json.dumps(document).encode(), NOW)


@pytest.mark.parametrize("body, words", [
    (b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>", "web page"),
    (b'{"data": [{"id": "1", "coordin', "not valid JSON"),
    (b"", "empty"),
    (b'"just a string"', "neither"),
])
def test_unusable_bodies_say_why(body, words):
    with pytest.raises(PayloadError, match=words):
        parse_payload(body, NOW)


def test_timestamps_in_the_forms_real_feeds_send():
    utc = timezone.utc
    assert parse_time("2023-05-08T01:58:08.3812354+00:00") == datetime(2023, 5, 8, 1, 58, 8, 381235, utc)
    assert parse_time("2025-06-21T11:20:36.504571") == datetime(2025, 6, 21, 11, 20, 36, 504571, utc)
    assert parse_time("2015-06-28T10:12:01+02:00") == datetime(2015, 6, 28, 8, 12, 1, tzinfo=utc)
    assert parse_time("0001-01-01T00:00:00") is None
    assert parse_time("soon") is None


@pytest.mark.parametrize("raw, plain", [
    ("IEC_62196_T1", J1772), ("IEC_62196_T1_COMBO", CCS1), ("IEC_62196_T2_COMBO", CCS2),
    ("CHADEMO", CHADEMO), ("TESLA_S", NACS), ("SAE_J3400", NACS), ("Type 2 outlet", TYPE2),
    (" iec_62196_t1 ", J1772), ("GB/T (DC)", "GB/T DC"), ("WIRELESS_MAGIC", OTHER_CONNECTOR), (None, OTHER_CONNECTOR),
])
def test_connector_standards_in_plain_words(raw, plain):
    assert connector_standard(raw) == plain


# ---------------------------------------------------------------------------------- real feeds

REAL_FEEDS = {
    # file: (sites shown, ports shown, {status: count})
    "ocpi_2_2_1_locations-punkt.json": (481, 1207, {A: 989, U: 69, O: 88, K: 61}),
    "ocpi_2_2_1_locations-sitronics.json": (62, 163, {A: 152, U: 1, O: 3, K: 7}),
    "ocpi_2_2_locations-chargesini.json": (372, 1144, {A: 989, U: 90, O: 62, K: 3}),
    "ocpi_2_2_locations-electricera.json": (3, 8, {A: 8}),
    "ocpi_2_2_locations-evio.json": (21, 29, {A: 19, U: 3, O: 7}),
    "ocpi_2_2_locations_powergo.json": (486, 1655, {A: 1426, U: 182, K: 45, O: 2}),
}


@pytest.mark.parametrize("name", sorted(REAL_FEEDS))
def test_real_feeds_show_the_sites_and_ports_a_visitor_expects(shared_data, name):
    sites, ports, statuses = REAL_FEEDS[name]
    result = parse_payload((shared_data / "ocpi" / "real-world-feeds" / name).read_bytes(), NOW)
    assert len(result.sites) == sites
    assert sum(s.total_ports for s in result.sites) == ports
    assert Counter(p.status for s in result.sites for p in s.ports) == statuses
    assert result.dropped == []  # defects in these feeds are survivable, nothing needs dropping


def test_powergo_charging_with_trailing_space_counts_as_in_use(shared_data):
    body = (shared_data / "ocpi" / "real-world-feeds" / "ocpi_2_2_locations_powergo.json").read_bytes()
    raw = json.loads(body)
    spaced = {e["uid"] for loc in raw["data"] for e in loc["evses"] if e["status"] == "CHARGING "}
    assert len(spaced) == 104
    shown = {p.id: p.status for s in parse_payload(body, NOW).sites for p in s.ports}
    assert {shown[uid] for uid in spaced} == {U}


def test_us_operator_feed_reads_ccs1_and_chademo(shared_data):
    body = (shared_data / "ocpi" / "real-world-feeds" / "ocpi_2_2_locations-electricera.json").read_bytes()
    result = parse_payload(body, NOW)
    standards = {s for site in result.sites for s in site.standards}
    assert standards == {CCS1, CHADEMO}
    assert all(site.operator for site in result.sites)


def test_spec_example_with_schema_bug_still_reads_its_evses(shared_data):
    body = (shared_data / "ocpi" / "spec-examples" / "ocpi-2.3.0-tag__location_example_SCHEMA_BUG.json").read_bytes()
    (site,) = parse_payload(body, NOW).sites
    assert [p.status for p in site.ports] == [A, U]


# ---------------------------------------------------------------------------------- fuzzing

_SEED_LOCATION = {
    "country_code": "US", "party_id": "TST", "id": "1", "publish": True, "name": "n", "address": "a",
    "coordinates": {"latitude": "34.09", "longitude": "-118.37"}, "time_zone": "America/Los_Angeles",
    "operator": {"name": "op"}, "opening_times": {"twentyfourseven": False, "regular_hours": [
        {"weekday": 1, "period_begin": "08:00", "period_end": "18:00"}]},
    "last_updated": "2025-01-01T00:00:00Z",
    "evses": [{"uid": "e1", "evse_id": "US*TST*E1", "status": "AVAILABLE", "last_updated": "2025-01-01T00:00:00Z",
               "connectors": [{"id": "1", "standard": "IEC_62196_T1", "power_type": "AC_1_PHASE",
                               "max_voltage": 240, "max_amperage": 30, "max_electric_power": 7200,
                               "tariff_ids": ["t"]}]}],
}

_junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, prefix + (index,))


_ALL_PATHS = list(_paths([_SEED_LOCATION, _SEED_LOCATION]))


def _mutate(document, path, value, delete):
    if not path:
        return value
    target = document
    for step in path[:-1]:
        target = target[step]
    if delete and isinstance(target, dict):
        target.pop(path[-1], None)
    else:
        target[path[-1]] = value
    return document


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations=st.lists(st.tuples(st.sampled_from(_ALL_PATHS), _junk, st.booleans()), min_size=1, max_size=4),
       envelope=st.sampled_from(["bare", "data", "full", "string-code"]))
def test_mutated_payloads_never_crash_the_parser(mutations, envelope):
    document = copy.deepcopy([_SEED_LOCATION, _SEED_LOCATION])
    for path, value, delete in mutations:
        try:
            document = _mutate(document, path, value, delete)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this path
    wrapped = {"bare": document, "data": {"data": document},
               "full": {"status_code": 1000, "data": document},
               "string-code": {"status_code": "1000", "data": document}}[envelope]
    try:
        result = parse_payload(json.dumps(wrapped).encode(), NOW)
    except PayloadError:
        return  # a whole-page verdict is allowed only for the envelope level
    for site in result.sites:
        assert site.ports and all(isinstance(p.status, PortStatus) for p in site.ports)
        assert -90 <= site.lat <= 90 and -180 <= site.lon <= 180
        site.opening_times_text  # formatting never raises either


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_give_a_page_error_or_a_result(body):
    try:
        parse_payload(body, NOW)
    except PayloadError:
        pass
