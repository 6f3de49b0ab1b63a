"""A refresh as the kiosk runs it in a child process: the job crosses, a small board comes back."""
from __future__ import annotations

import concurrent.futures
import multiprocessing
import pickle

import pytest

from kiosk.chargers import weho_sites
from kiosk.chargers.client import OcpiClient
from kiosk.chargers.refresh import RefreshOutcome, run
from kiosk.chargers.service import ChargerService


def service(simulator, cache_dir, token: str | None = None) -> ChargerService:
    client = OcpiClient(simulator.url, simulator.token if token is None else token, attempts=1,
                        tariffs_url=simulator.tariffs_url)
    return ChargerService(client, cache_dir, source="simulator", kiosk_position=(34.0900, -118.3705))


def test_a_refresh_in_a_child_process_returns_the_nearest_sites_and_writes_the_cache(simulator, tmp_path) -> None:
    kiosk = service(simulator, tmp_path)
    pool = concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    try:
        outcome = pool.submit(run, kiosk.job()).result(timeout=120)
    finally:
        pool.shutdown()
    assert outcome.error is None
    assert {p.site.id for p in outcome.board.near} == {s.site_id for s in weho_sites.SITES}
    assert outcome.board.near[0].site.name == "City Hall area"
    kiosk.absorb(outcome)
    assert kiosk.failures == 0
    # The child wrote the cache: the kiosk's next start shows the same data at once.
    restarted = service(simulator, tmp_path)
    assert restarted.current().fetched_at == outcome.board.fetched_at


def test_a_failed_refresh_reports_why_and_keeps_the_last_good_board(simulator, tmp_path, caplog) -> None:
    run(service(simulator, tmp_path).job())  # good data on disk
    kiosk = service(simulator, tmp_path, token="wrong")
    cached = run(kiosk.job(cached_only=True))
    assert cached.cached_only and cached.board is not None
    outcome = run(kiosk.job())
    assert "refused the token (HTTP 401)" in outcome.error
    assert outcome.board is not None and outcome.board.fetched_at == cached.board.fetched_at
    kiosk.absorb(outcome)
    assert kiosk.failures == 1 and kiosk.next_refresh_delay() > 0
    assert "charger refresh failed (1 in a row)" in caplog.text


def test_the_outcome_is_small_whatever_the_feed(simulator, tmp_path) -> None:
    outcome = run(service(simulator, tmp_path).job())
    assert isinstance(outcome, RefreshOutcome)
    assert len(pickle.dumps(outcome)) < 50_000


def test_a_switched_off_source_cannot_make_a_refresh_job(tmp_path) -> None:
    from kiosk.errors import NetworkError
    off = ChargerService(None, tmp_path, source="none")
    with pytest.raises(NetworkError):
        off.job()
    assert run(off.job(cached_only=True)).board is None
