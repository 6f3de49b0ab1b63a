"""Static directories (Open Charge Map, AFDC) and the simulator as a source."""
from __future__ import annotations

import base64
import json
from collections import Counter
from datetime import datetime, timezone

import pytest
import requests

from kiosk.chargers import weho_sites
from kiosk.chargers.model import CCS1, CCS2, CHADEMO, J1772, PortStatus
from kiosk.chargers.parse import parse_payload
from kiosk.chargers.simulator import FaultQueue, build_locations, StatusModel, start_simulator
from kiosk.chargers.static_sources import parse_afdc, parse_open_charge_map, static_snapshot

NOW = datetime(2025, 6, 1, tzinfo=timezone.utc)


# ---------------------------------------------------------------------------------- static sources

def test_open_charge_map_is_never_shown_as_available(fixtures_dir):
    result = parse_open_charge_map((fixtures_dir / "ocm_poi.json").read_bytes(), NOW)
    (site,) = result.sites
    assert (site.id, site.name, site.live) == ("US/OCM/501", "Test Garage", False)
    assert [p.standards for p in site.ports] == [(J1772,)] * 3 + [(CCS1,), (CCS2,)]
    assert [p.status for p in site.ports] == [PortStatus.UNKNOWN] * 3 + [PortStatus.OUT_OF_ORDER, PortStatus.UNKNOWN]
    assert site.ports[0].price_text == "$1.50/h"
    assert site.free_ports == 0
    snapshot = static_snapshot(result, "Open Charge Map", NOW)
    view = snapshot.port_view(site, site.ports[4], NOW)
    assert view.status is PortStatus.UNKNOWN and view.text(NOW) == "Live status not available"
    assert snapshot.site_free_ports(site, NOW) is None
    assert Counter(d.reason for d in result.dropped) == {
        "place has no usable coordinates": 1, "place has no ID or no AddressInfo": 1, "place is not an object": 1}
    assert result.hidden == 2  # planned place, place without connections


def test_afdc_stations_become_static_sites(fixtures_dir):
    result = parse_afdc((fixtures_dir / "afdc_stations.json").read_bytes(), NOW)
    assert [s.id for s in result.sites] == ["US/AFDC/9001", "US/AFDC/9002"]
    library, closed = result.sites
    assert library.total_ports == 6 and not library.live and library.free_ports == 0
    assert library.standards == (J1772, CHADEMO, CCS1)
    assert library.opening_times.twentyfourseven
    assert {p.status for p in library.ports} == {PortStatus.UNKNOWN}
    assert {p.status for p in closed.ports} == {PortStatus.OUT_OF_ORDER}
    assert result.hidden == 1 and len(result.dropped) == 2


# ---------------------------------------------------------------------------------- simulator

def test_simulator_is_deterministic_for_a_seed_and_moves_with_time():
    at = datetime(2025, 6, 18, 21, tzinfo=timezone.utc)
    one, two = build_locations(StatusModel(5), at), build_locations(StatusModel(5), at)
    assert one == two
    statuses = lambda locs: [e["status"] for loc in locs for e in loc["evses"]]
    later = build_locations(StatusModel(5), at.replace(hour=23))
    assert statuses(one) != statuses(later)
    other_seed = build_locations(StatusModel(6), at)
    assert statuses(one) != statuses(other_seed)


def test_simulated_sites_are_labelled_and_placed_in_west_hollywood():
    result = parse_payload({"data": build_locations(StatusModel(1), NOW)}, NOW)
    assert [s.id for s in result.sites] == [s.site_id for s in weho_sites.SITES]
    for site in result.sites:
        assert "simulated" in site.operator
        assert 34.07 < site.lat < 34.10 and -118.40 < site.lon < -118.34
    assert result.sites[0].name.startswith("West Hollywood Library")


def test_simulator_serves_ocpi_versions_pages_and_checks_the_token(simulator):
    session = requests.Session()
    auth = {"Authorization": f"Token {simulator.token}"}
    versions = session.get(simulator.versions_url, headers=auth, timeout=5).json()
    assert versions["data"][0]["version"] == "2.2.1"
    details = session.get(versions["data"][0]["url"], headers=auth, timeout=5).json()
    assert details["data"]["endpoints"][0]["url"] == simulator.url
    page = session.get(simulator.url, headers=auth, timeout=5)
    assert page.headers["X-Total-Count"] == str(len(weho_sites.SITES))
    assert page.headers["X-Limit"] == "3" and 'rel="next"' in page.headers["Link"]
    b64 = base64.b64encode(simulator.token.encode()).decode()
    assert session.get(simulator.url, headers={"Authorization": f"Token {b64}"}, timeout=5).status_code == 200
    refused = session.get(simulator.url, headers={"Authorization": "Token wrong"}, timeout=5)
    assert refused.status_code == 401 and refused.json()["status_code"] == 2002


def test_simulator_honours_date_from(simulator, clock):
    auth = {"Authorization": f"Token {simulator.token}"}
    everything = requests.get(simulator.url, params={"limit": 100}, headers=auth, timeout=5).json()["data"]
    newest = max(loc["last_updated"] for loc in everything)
    recent = requests.get(simulator.url, params={"date_from": newest}, headers=auth, timeout=5).json()["data"]
    assert recent and all(loc["last_updated"] >= newest for loc in recent)
    assert len(recent) < len(weho_sites.SITES)


def test_fault_queue_order_counts_and_repeat():
    once = FaultQueue("500*2,429")
    assert [once.next() for _ in range(5)] == ["500", "500", "429", None, None]
    cycling = FaultQueue("html", repeat=True, gap=2)
    assert [cycling.next() for _ in range(7)] == ["html", None, None, "html", None, None, "html"]
    with pytest.raises(ValueError, match="unknown fault"):
        FaultQueue("meteor")


def test_every_fault_class_answers_as_named():
    with start_simulator(faults="500,429,429-date,html,ocpi-error,auth,truncate") as sim:
        get = lambda: requests.get(sim.url, headers={"Authorization": f"Token {sim.token}"}, timeout=5)
        assert get().status_code == 500
        limited = get()
        assert limited.status_code == 429 and limited.headers["Retry-After"] == "1"
        assert "GMT" in get().headers["Retry-After"]
        html = get()
        assert html.status_code == 200 and html.headers["Content-Type"] == "text/html"
        assert get().json()["status_code"] == 3001
        assert get().status_code == 401
        with pytest.raises(requests.exceptions.ChunkedEncodingError):
            get()
        assert json.loads(get().content)["status_code"] == 1000


# ---------------------------------------------------------------------------------- directories as the source

@pytest.mark.parametrize("source, fixture, sites", [("afdc", "afdc_stations.json", 2),
                                                    ("openchargemap", "ocm_poi.json", 1)])
def test_a_directory_configured_as_the_source_is_fetched_and_never_live(
        httpserver, fixtures_dir, tmp_path, source, fixture, sites):
    from kiosk import config
    from kiosk.chargers import ChargerService

    httpserver.expect_request("/directory", query_string="api_key=K").respond_with_data(
        (fixtures_dir / fixture).read_bytes(), content_type="application/json")
    cfg = config.load(environ={}).replace(
        "chargers", source=source, url=httpserver.url_for("/directory") + "?api_key=K")
    service = ChargerService.from_config(cfg, tmp_path / "cache")
    snapshot = service.refresh()
    assert len(snapshot.sites) == sites and not any(site.live for site in snapshot.sites)
    assert snapshot.source == f"{source} {httpserver.host}:{httpserver.port}"
    assert all(snapshot.site_free_ports(site, snapshot.fetched_at) is None for site in snapshot.sites)
    assert snapshot.dropped  # the fixtures' broken entries, each with its reason
    # the next refresh reads the whole directory again (it has no incremental form)
    service.refresh()
    assert all("date_from" not in request.args for request, _ in httpserver.log)
    service.close()


def test_a_directory_answering_html_is_retried_then_reported(httpserver, tmp_path):
    from kiosk.chargers.directory import DirectoryClient
    from kiosk.errors import NetworkError

    httpserver.expect_request("/directory").respond_with_data("<html>maintenance</html>", content_type="text/html")
    client = DirectoryClient(httpserver.url_for("/directory"), "afdc", attempts=2, sleep=lambda s: None)
    with pytest.raises(NetworkError, match="could not read"):
        client.fetch()
    assert len(httpserver.log) == 2


def test_cli_status_reads_a_configured_directory(httpserver, fixtures_dir, tmp_path, capsys):
    from kiosk.cli import main

    httpserver.expect_request("/v3/poi").respond_with_data((fixtures_dir / "ocm_poi.json").read_bytes(),
                                                           content_type="application/json")
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[chargers]\nsource = "openchargemap"\nurl = "{httpserver.url_for("/v3/poi")}"\n',
                   encoding="utf-8")
    assert main(["chargers", "status", "--config", str(cfg)]) == 0
    out = capsys.readouterr().out
    assert "Test Garage" in out and "live status not available" in out
