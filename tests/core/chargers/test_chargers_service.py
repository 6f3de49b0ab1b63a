"""ChargerService with the simulator: cache at start, full vs incremental, backoff, staleness."""
from __future__ import annotations

import json
import random
from datetime import timedelta

import pytest

from kiosk import config as config_module
from kiosk.chargers import weho_sites
from kiosk.chargers.cache import SnapshotCache
from kiosk.chargers.client import OcpiClient, RateLimited
from kiosk.chargers.model import PortStatus, Snapshot
from kiosk.chargers.service import ChargerService
from kiosk.errors import NetworkError
from kiosk.i18n import set_language


class Ticker:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def _service(simulator, clock, cache_dir, ticker=None, **kwargs) -> ChargerService:
    client = OcpiClient(simulator.url, simulator.token, clock=clock, sleep=lambda s: None,
                        rng=random.Random(2), attempts=2)
    return ChargerService(client, cache_dir, source="simulator", refresh_seconds=60,
                          full_refresh_seconds=900, kiosk_position=(34.090718, -118.370532),
                          monotonic=ticker or Ticker(), rng=random.Random(3), **kwargs)


def test_first_refresh_is_full_and_is_cached_for_the_next_start(simulator, clock, tmp_path):
    service = _service(simulator, clock, tmp_path)
    assert service.current() is None
    snapshot = service.refresh()
    assert len(snapshot.sites) == len(weho_sites.SITES)
    assert snapshot.port_count == sum(len(s.ports) for s in weho_sites.SITES)
    restarted = _service(simulator, clock, tmp_path)
    assert restarted.current() == snapshot  # shown the moment the kiosk starts, even offline


def test_incremental_refresh_asks_for_changes_and_merges(simulator, clock, tmp_path):
    ticker = Ticker()
    service = _service(simulator, clock, tmp_path, ticker)
    first = service.refresh()
    served = simulator.requests_served
    clock.advance(minutes=30)
    ticker.t += 120
    second = service.refresh()
    incremental_pages = simulator.requests_served - served
    assert {s.id for s in second.sites} == {s.id for s in first.sites}  # unchanged sites kept
    assert second.fetched_at == clock.now
    assert incremental_pages <= 3
    changed = [s.id for s in second.sites if s != first.site(s.id)]
    assert changed, "30 simulated minutes change some statuses"
    ticker.t += 900
    served = simulator.requests_served
    service.refresh()
    assert simulator.requests_served - served == 3  # the periodic full crawl reads every page


def test_failure_keeps_the_last_snapshot_and_backs_off(simulator, clock, tmp_path):
    service = _service(simulator, clock, tmp_path)
    good = service.refresh()
    assert service.next_refresh_delay() == 60
    simulator.set_faults("503*20")
    delays = []
    for _ in range(4):
        with pytest.raises(NetworkError):
            service.refresh()
        delays.append(service.next_refresh_delay())
    assert service.current() == good
    assert 30 <= delays[0] <= 60 and 240 <= delays[3] <= 480  # doubling, with jitter
    assert "503" in service.last_error
    simulator.set_faults("")
    service.refresh()
    assert service.next_refresh_delay() == 60 and service.failures == 0


def test_rate_limit_sets_the_next_delay(httpserver, tmp_path):
    httpserver.expect_request("/locations").respond_with_data("", status=429, headers={"Retry-After": "600"})
    client = OcpiClient(httpserver.url_for("/locations"), "t", sleep=lambda s: None, attempts=2)
    service = ChargerService(client, tmp_path, refresh_seconds=60, rng=random.Random(3))
    with pytest.raises(RateLimited):
        service.refresh()
    assert service.next_refresh_delay() == 600  # the server's wish, not our 30–60 s backoff


def test_stale_snapshot_never_claims_available(simulator, clock, tmp_path):
    service = _service(simulator, clock, tmp_path, stale_after_minutes=30)
    snapshot = service.refresh()
    site = next(s for s in snapshot.sites if s.free_ports)
    port = next(p for p in site.ports if p.status is PortStatus.AVAILABLE)
    fresh = snapshot.port_view(site, port, clock.now, service.stale_after)
    assert (fresh.status, fresh.stale, fresh.text(clock.now)) == (PortStatus.AVAILABLE, False, "Available")
    later = clock.now + timedelta(hours=2)
    stale = snapshot.port_view(site, port, later, service.stale_after)
    assert stale.status is PortStatus.UNKNOWN and stale.last_seen_status is PortStatus.AVAILABLE
    assert stale.age == timedelta(hours=2)
    assert stale.text(later) == "Status unknown — last seen Available 2 hours ago"
    assert snapshot.site_free_ports(site, later, service.stale_after) is None
    set_language("es")
    assert "hace 2 horas" in stale.text(later)


def test_sites_are_sorted_by_distance_and_filterable(simulator, clock, tmp_path):
    service = _service(simulator, clock, tmp_path)
    service.refresh()
    near = service.sites_near()
    assert near[0][0].id == "US/WEH/CITYHALL" and near[0][1] < 100
    assert [m for _, m in near] == sorted(m for _, m in near)
    fast = service.sites_near("CCS1")
    assert {s.id for s, _ in fast} == {"US/WEH/LIBRARY", "US/WEH/LABREA"}


def test_corrupt_cache_is_moved_aside_and_ignored(tmp_path, caplog):
    (tmp_path / "chargers-snapshot.json").write_text('{"format": 1, "sites": [{"id": ', encoding="utf-8")
    assert SnapshotCache(tmp_path).load() is None
    assert not (tmp_path / "chargers-snapshot.json").exists()
    assert len(list(tmp_path.glob("chargers-snapshot.json.corrupt-*"))) == 1
    assert "moved aside" in caplog.text


def test_cache_with_a_wrong_shape_is_also_set_aside(tmp_path):
    (tmp_path / "chargers-snapshot.json").write_text(json.dumps({"format": 1, "sites": "x"}), encoding="utf-8")
    assert SnapshotCache(tmp_path).load() is None
    assert list(tmp_path.glob("*.corrupt-*"))


def test_from_config_runs_the_simulator_in_process(tmp_path):
    cfg = config_module.from_mapping({"paths": {"state_dir": str(tmp_path)}})
    service = ChargerService.from_config(cfg)
    try:
        snapshot = service.refresh()
        assert isinstance(snapshot, Snapshot) and len(snapshot.sites) == len(weho_sites.SITES)
        assert all(s.operator == weho_sites.OPERATOR for s in snapshot.sites)
        assert (tmp_path / "cache" / "chargers-snapshot.json").exists()
    finally:
        service.close()
    with pytest.raises(NetworkError):
        ChargerService.from_config(cfg.replace("chargers", source="none")).refresh()
