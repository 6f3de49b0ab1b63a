"""The OCPI client against real HTTP servers on 127.0.0.1, one test per fault class."""
from __future__ import annotations

import base64
import json
import random
from datetime import timedelta
from email.utils import format_datetime

import pytest
from werkzeug import Request, Response

from kiosk.chargers.client import AuthRefused, OcpiClient, OcpiStatusError, RateLimited, retry_after_seconds
from kiosk.errors import NetworkError


def _location(n: int) -> dict:
    return {"country_code": "US", "party_id": "TST", "id": f"L{n}",
            "coordinates": {"latitude": "34.09", "longitude": f"-118.{370 + n}"},
            "evses": [{"uid": f"L{n}-1", "status": "AVAILABLE", "last_updated": "2025-06-01T00:00:00Z"}],
            "last_updated": "2025-06-01T00:00:00Z"}


def _envelope(data) -> str:
    return json.dumps({"data": data, "status_code": 1000, "timestamp": "2025-06-01T00:00:00Z"})


def _client(url: str, sleeper=None, clock=None, token: str = "secret", **kwargs) -> OcpiClient:
    kwargs.setdefault("attempts", 3)
    extra = {"sleep": sleeper} if sleeper is not None else {}
    if clock is not None:
        extra["clock"] = clock
    if url.endswith("/ocpi/2.2.1/locations"):
        token = "weho-demo-token"  # the simulator's
    return OcpiClient(url, token, rng=random.Random(1), **extra, **kwargs)


def _paged(total: int, page: int = 2, link=None, total_header=None):
    """A handler serving ``total`` locations ``page`` at a time; ``link(request, offset)`` may
    override the next link (None = the normal one)."""
    def handler(request: Request) -> Response:
        offset = int(request.args.get("offset", 0))
        items = [_location(n) for n in range(offset, min(total, offset + page))]
        headers = {"X-Total-Count": str(total_header(offset) if total_header else total), "X-Limit": str(page)}
        nxt = link(request, offset) if link else (
            f"{request.host_url}locations?offset={offset + page}" if offset + page < total else None)
        if nxt:
            headers["Link"] = f'<{nxt}>; rel="next"'
        return Response(_envelope(items), headers=headers, content_type="application/json")
    return handler


# ---------------------------------------------------------------------------------- happy paths

def test_follows_link_pages_and_unites_them(httpserver, sleeper):
    httpserver.expect_request("/locations").respond_with_handler(_paged(5))
    result = _client(httpserver.url_for("/locations"), sleeper).fetch()
    assert [s.id for s in result.sites] == [f"US/TST/L{n}" for n in range(5)]
    assert (result.pages, result.total_count, result.complete) == (3, 5, True)
    assert sleeper.waits == []


@pytest.mark.parametrize("encoding, sent", [("raw", "Token secret"),
                                            ("base64", "Token " + base64.b64encode(b"secret").decode())])
def test_token_is_sent_raw_or_base64(httpserver, encoding, sent):
    httpserver.expect_request("/locations", headers={"Authorization": sent}).respond_with_data(
        _envelope([_location(1)]), content_type="application/json")
    result = _client(httpserver.url_for("/locations"), token_encoding=encoding).fetch()
    assert len(result.sites) == 1


def test_incremental_fetch_sends_date_from(httpserver, clock):
    httpserver.expect_request("/locations", query_string={"offset": "0", "date_from": "2025-06-18T20:00:00Z"}) \
        .respond_with_data(_envelope([_location(7)]), content_type="application/json")
    result = _client(httpserver.url_for("/locations")).fetch(date_from=clock.now - timedelta(hours=1))
    assert [s.id for s in result.sites] == ["US/TST/L7"]


# ---------------------------------------------------------------------------------- server errors

@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_retried_with_growing_jittered_waits(httpserver, sleeper, status):
    url = httpserver.url_for("/locations")
    httpserver.expect_oneshot_request("/locations").respond_with_data("oops", status=status)
    httpserver.expect_oneshot_request("/locations").respond_with_data("oops", status=status)
    httpserver.expect_request("/locations").respond_with_data(_envelope([_location(1)]))
    result = _client(url, sleeper, backoff_base=2.0).fetch()
    assert len(result.sites) == 1
    first, second = sleeper.waits
    assert 1.0 <= first <= 2.0 and 2.0 <= second <= 4.0  # base·2^n, half of it random


def test_persistent_server_error_gives_up_with_the_reason(httpserver, sleeper):
    httpserver.expect_request("/locations").respond_with_data("down", status=503)
    with pytest.raises(NetworkError, match="HTTP 503"):
        _client(httpserver.url_for("/locations"), sleeper).fetch()
    assert len(httpserver.log) == 3


def test_connection_refused_is_a_network_error(sleeper):
    with pytest.raises(NetworkError, match="connection failed"):
        _client("http://127.0.0.1:9/locations", sleeper).fetch()


# ---------------------------------------------------------------------------------- 429

def test_retry_after_seconds_is_honoured(httpserver, sleeper):
    httpserver.expect_oneshot_request("/locations").respond_with_data("", status=429, headers={"Retry-After": "7"})
    httpserver.expect_request("/locations").respond_with_data(_envelope([_location(1)]))
    _client(httpserver.url_for("/locations"), sleeper).fetch()
    assert sleeper.waits == [7.0]


def test_retry_after_http_date_is_honoured(httpserver, sleeper, clock):
    when = format_datetime(clock.now + timedelta(seconds=30), usegmt=True)
    httpserver.expect_oneshot_request("/locations").respond_with_data("", status=429, headers={"Retry-After": when})
    httpserver.expect_request("/locations").respond_with_data(_envelope([_location(1)]))
    _client(httpserver.url_for("/locations"), sleeper, clock=clock).fetch()
    assert sleeper.waits == [30.0]


def test_huge_retry_after_is_capped(httpserver, sleeper):
    httpserver.expect_oneshot_request("/locations").respond_with_data("", status=429, headers={"Retry-After": "86400"})
    httpserver.expect_request("/locations").respond_with_data(_envelope([_location(1)]))
    _client(httpserver.url_for("/locations"), sleeper, max_retry_after=20).fetch()
    assert sleeper.waits == [20.0]


def test_endless_429_reports_how_long_the_server_wants(httpserver, sleeper):
    httpserver.expect_request("/locations").respond_with_data("", status=429, headers={"Retry-After": "120"})
    with pytest.raises(RateLimited) as caught:
        _client(httpserver.url_for("/locations"), sleeper, deadline_seconds=60).fetch()
    assert caught.value.retry_after == 120.0
    assert sleeper.waits == []  # waiting 120 s would pass the 60 s deadline: give up at once


def test_retry_after_parsing():
    assert retry_after_seconds("12") == 12.0
    assert retry_after_seconds("not a date") is None
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past


# ---------------------------------------------------------------------------------- refusals

def test_bad_token_is_refused_without_retrying(httpserver, sleeper):
    httpserver.expect_request("/locations").respond_with_data("no", status=401)
    with pytest.raises(AuthRefused, match="401"):
        _client(httpserver.url_for("/locations"), sleeper).fetch()
    assert len(httpserver.log) == 1


def test_http_200_with_ocpi_error_code_is_an_error(httpserver, sleeper):
    httpserver.expect_request("/locations").respond_with_json(
        {"data": None, "status_code": 3001, "status_message": "Unable to use the client's API."})
    with pytest.raises(OcpiStatusError, match="3001"):
        _client(httpserver.url_for("/locations"), sleeper).fetch()
    assert len(httpserver.log) == 1


def test_html_error_page_with_http_200_is_retried_then_reported(httpserver, sleeper):
    httpserver.expect_request("/locations").respond_with_data(
        "<html><body>Maintenance</body></html>", content_type="text/html")
    with pytest.raises(NetworkError, match="web page"):
        _client(httpserver.url_for("/locations"), sleeper).fetch()
    assert len(httpserver.log) == 3


# ---------------------------------------------------------------------------------- size and time

def test_declared_oversize_response_is_refused(httpserver, sleeper):
    httpserver.expect_request("/locations").respond_with_data(_envelope([_location(1)]) + " " * 300_000)
    with pytest.raises(NetworkError, match="too large"):
        _client(httpserver.url_for("/locations"), sleeper, max_response_bytes=100_000).fetch()


def test_streamed_oversize_response_is_cut_off(httpserver, sleeper):
    def endless(request: Request) -> Response:
        def chunks():
            yield b'{"data": ['
            for _ in range(1000):
                yield b" " * 10_000
        return Response(chunks(), content_type="application/json")  # chunked: no Content-Length
    httpserver.expect_request("/locations").respond_with_handler(endless)
    with pytest.raises(NetworkError, match="larger than"):
        _client(httpserver.url_for("/locations"), sleeper, max_response_bytes=200_000).fetch()


def test_hanging_server_hits_the_read_timeout_then_succeeds(simulator, sleeper):
    simulator.set_faults("hang")
    result = _client(simulator.url, sleeper, read_timeout=0.3).fetch()
    assert len(result.sites) == 8 and len(sleeper.waits) == 1


def test_hanging_server_forever_is_reported(simulator, sleeper):
    simulator.set_faults("hang*5")
    with pytest.raises(NetworkError, match="in time"):
        _client(simulator.url, sleeper, read_timeout=0.2, attempts=2).fetch()


def test_slow_dribble_cannot_outlast_the_deadline(simulator, sleeper):
    simulator.set_faults("slow")
    with pytest.raises(NetworkError, match="deadline"):
        _client(simulator.url, sleeper, read_timeout=5, deadline_seconds=0.5).fetch()


def test_truncated_body_is_retried(simulator, sleeper):
    simulator.set_faults("truncate*2")
    result = _client(simulator.url, sleeper).fetch()
    assert len(result.sites) == 8 and len(sleeper.waits) == 2


def test_oversized_simulated_page_is_refused(simulator, sleeper):
    simulator.set_faults("big")
    with pytest.raises(NetworkError, match="too large"):
        _client(simulator.url, sleeper, max_response_bytes=1_000_000).fetch()


def test_bad_page_keeps_the_good_objects(simulator, sleeper):
    simulator.set_faults("badpage")
    result = _client(simulator.url, sleeper).fetch()
    assert len(result.sites) == 8
    assert len(result.dropped) == 4


# ---------------------------------------------------------------------------------- pagination traps

def test_next_link_to_another_host_is_not_followed(httpserver, sleeper):
    offhost = lambda request, offset: "http://elsewhere.invalid/locations?offset=2" if offset == 0 else None
    httpserver.expect_request("/locations").respond_with_handler(_paged(4, link=offhost))
    result = _client(httpserver.url_for("/locations"), sleeper).fetch()
    assert all(entry[0].host.startswith("localhost") or "127.0.0.1" in entry[0].host for entry in httpserver.log)
    assert len(result.sites) == 4 and result.complete  # fetched the rest by offset on our own host
    assert "another host" in result.notes[0]


def test_next_link_with_a_broken_port_is_not_followed(httpserver, sleeper):
    broken = lambda request, offset: "http://127.0.0.1:99999/locations?offset=2" if offset == 0 else None
    httpserver.expect_request("/locations").respond_with_handler(_paged(4, link=broken))
    result = _client(httpserver.url_for("/locations"), sleeper).fetch()
    assert len(result.sites) == 4 and result.complete  # the rest by offset on the configured server
    assert "another host" in result.notes[0]


def test_next_link_to_the_same_page_stops_the_loop(httpserver, sleeper):
    same = lambda request, offset: request.url
    httpserver.expect_request("/locations").respond_with_handler(_paged(2, link=same))
    result = _client(httpserver.url_for("/locations"), sleeper).fetch()
    assert len(result.sites) == 2 and result.complete
    assert len(httpserver.log) <= 2


def test_endless_distinct_links_are_bounded(httpserver, sleeper):
    forever = lambda request, offset: f"{request.host_url}locations?offset={offset + 2}"
    httpserver.expect_request("/locations").respond_with_handler(_paged(6, link=forever, total_header=lambda o: 10**6))
    result = _client(httpserver.url_for("/locations"), sleeper, max_pages=10).fetch()
    assert result.pages == 10 and not result.complete
    assert len(result.sites) == 6


def test_empty_page_with_next_link_is_followed(httpserver, sleeper):
    def link(request, offset):
        return f"{request.host_url}locations?offset={offset + 2}" if offset < 4 else None
    def handler(request: Request) -> Response:
        offset = int(request.args.get("offset", 0))
        items = [] if offset == 2 else [_location(offset), _location(offset + 1)]
        headers = {"X-Total-Count": "4"}
        if link(request, offset):
            headers["Link"] = f'<{link(request, offset)}>; rel="next"'
        return Response(_envelope(items), headers=headers)
    httpserver.expect_request("/locations").respond_with_handler(handler)
    result = _client(httpserver.url_for("/locations"), sleeper).fetch()
    assert [s.id for s in result.sites] == ["US/TST/L0", "US/TST/L1", "US/TST/L4", "US/TST/L5"]


def test_total_count_shifting_mid_crawl_is_tolerated(httpserver, sleeper):
    httpserver.expect_request("/locations").respond_with_handler(_paged(6, total_header=lambda o: 6 + o))
    result = _client(httpserver.url_for("/locations"), sleeper).fetch()
    assert len(result.sites) == 6


def test_duplicates_across_pages_are_merged(httpserver, sleeper):
    def handler(request: Request) -> Response:
        offset = int(request.args.get("offset", 0))
        items = [_location(0), _location(1)] if offset == 0 else [_location(1), _location(2)]
        headers = {"Link": f'<{request.host_url}locations?offset=2>; rel="next"'} if offset == 0 else {}
        return Response(_envelope(items), headers=headers)
    httpserver.expect_request("/locations").respond_with_handler(handler)
    result = _client(httpserver.url_for("/locations"), sleeper).fetch()
    assert [s.id for s in result.sites] == ["US/TST/L0", "US/TST/L1", "US/TST/L2"]
    assert [d.reason for d in result.dropped] == ["duplicate location (kept the newest)"]


def test_garbage_collector_is_running_again_after_good_and_failed_pages(httpserver, sleeper):
    import gc
    was_enabled = gc.isenabled()  # the Qt app runs the collector itself (ui/gcguard.py)
    gc.enable()
    try:
        httpserver.expect_oneshot_request("/locations").respond_with_data("<html>down</html>")
        httpserver.expect_request("/locations").respond_with_handler(_paged(3))
        _client(httpserver.url_for("/locations"), sleeper).fetch()
        assert gc.isenabled()
        gc.disable()
        # a host application that manages the collector itself is left alone
        _client(httpserver.url_for("/locations"), sleeper).fetch()
        assert not gc.isenabled()
    finally:
        (gc.enable if was_enabled else gc.disable)()


def test_a_redirect_to_another_site_is_refused(httpserver, sleeper):
    """The city's server sending the kiosk elsewhere must not make another site's data look like
    the city's (the token is dropped either way)."""
    from pytest_httpserver import HTTPServer

    other = HTTPServer(host="127.0.0.1", port=0)
    other.start()
    try:
        other.expect_request("/locations").respond_with_data(_envelope([_location(1)]),
                                                             content_type="application/json")
        httpserver.expect_request("/locations").respond_with_data(
            "", status=302, headers={"Location": other.url_for("/locations")})
        with pytest.raises(NetworkError, match="redirected to another site"):
            _client(httpserver.url_for("/locations"), sleeper).fetch()
        assert not other.log, "the other site was contacted"
    finally:
        other.clear()
        other.stop()


def test_a_redirect_within_the_server_is_followed(httpserver, sleeper):
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/locations"})
    httpserver.expect_request("/locations").respond_with_data(_envelope([_location(1)]),
                                                              content_type="application/json")
    result = _client(httpserver.url_for("/old"), sleeper).fetch()
    assert len(result.sites) == 1
