"""The LRS outbox against a real HTTP server on 127.0.0.1 that first refuses, then accepts."""
from __future__ import annotations

import base64
import json
import threading

import pytest
from werkzeug import Request, Response

from kiosk.progress.events import Recorder
from kiosk.progress.outbox import LrsOutbox


class FakeLrs:
    """Answers the first ``failures`` POSTs with 503, then stores statements like an LRS."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.requests: list[Request] = []
        self.stored: dict[str, dict] = {}

    def __call__(self, request: Request) -> Response:
        self.requests.append(request)
        if self.failures:
            self.failures -= 1
            return Response("busy", status=503)
        statements = json.loads(request.get_data())
        for stmt in statements:
            if stmt["id"] in self.stored and self.stored[stmt["id"]] != stmt:
                return Response("conflict", status=409)
        for stmt in statements:
            self.stored[stmt["id"]] = stmt
        return Response(json.dumps([s["id"] for s in statements]), status=200,
                        content_type="application/json")


@pytest.fixture
def learner_events(store, clock):
    rec = Recorder(store, "acc-7", "lib-pc-1", clock)
    rec.started("email-basics")
    for step in range(1, 5):
        clock.advance(seconds=20)
        rec.progressed("email-basics", step)
    return store.events()


def test_statements_wait_while_the_lrs_fails_and_go_when_it_accepts(store, learner_events, httpserver):
    lrs = FakeLrs(failures=1)
    httpserver.expect_request("/xapi/statements", method="POST").respond_with_handler(lrs)
    outbox = LrsOutbox(store, httpserver.url_for("/xapi"), "kiosk", "s3cret", batch_size=3)
    assert outbox.pending_count() == 5

    first = outbox.flush()
    assert not first.ok and "503" in first.error
    assert (first.sent, first.pending) == (0, 5)
    assert outbox.status().last_error == first.error and outbox.status().last_sent is None

    second = outbox.flush()
    assert second.ok and (second.sent, second.pending) == (5, 0)
    assert set(lrs.stored) == {e.id for e in learner_events}
    status = outbox.status()
    assert status.pending == 0 and status.last_error is None and status.last_sent is not None

    request = lrs.requests[-1]
    assert request.headers["X-Experience-API-Version"] == "1.0.3"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(b"kiosk:s3cret").decode()
    assert len(lrs.requests) == 3  # one refused, then batches of 3 and 2

    assert outbox.flush().sent == 0  # nothing is sent twice
    assert len(lrs.requests) == 3


def test_new_events_after_delivery_go_out_next_time(store, learner_events, httpserver, clock):
    lrs = FakeLrs(failures=0)
    httpserver.expect_request("/statements", method="POST").respond_with_handler(lrs)
    outbox = LrsOutbox(store, httpserver.url_for("/statements"))
    assert outbox.flush().sent == 5
    Recorder(store, "acc-7", "lib-pc-1", clock).completed("email-basics", score=1.0)
    assert outbox.pending_count() == 1
    assert outbox.flush().sent == 1
    assert len(lrs.stored) == 6


def test_statement_the_lrs_already_holds_does_not_block_the_rest(store, learner_events, httpserver):
    lrs = FakeLrs(failures=0)
    clash = learner_events[2].id
    lrs.stored[clash] = {"id": clash, "other": "content"}
    httpserver.expect_request("/statements", method="POST").respond_with_handler(lrs)
    outbox = LrsOutbox(store, httpserver.url_for("/"))
    result = outbox.flush()
    assert result.ok and result.pending == 0
    assert len(lrs.stored) == 5


def test_unreachable_lrs_is_reported_not_raised(store, learner_events):
    outbox = LrsOutbox(store, "http://127.0.0.1:9/statements", timeout=(0.5, 0.5))
    result = outbox.flush()
    assert not result.ok and "not reachable" in result.error and result.pending == 5


def test_run_retries_with_growing_pauses_until_accepted(store, learner_events, httpserver):
    lrs = FakeLrs(failures=3)
    httpserver.expect_request("/statements", method="POST").respond_with_handler(lrs)
    outbox = LrsOutbox(store, httpserver.url_for("/statements"))
    stop = threading.Event()
    pauses: list[float] = []

    def wait(seconds: float) -> bool:
        pauses.append(seconds)
        if outbox.pending_count() == 0:
            stop.set()
        return stop.is_set()

    outbox.run(stop, idle_seconds=60, first_retry=5, max_retry=15, wait=wait)
    assert pauses == [5, 10, 15, 60]
    assert len(lrs.stored) == 5


def test_removed_learner_is_never_forwarded(store, clock, httpserver):
    cls = store.accounts.create_class("Seniors")
    learner = store.accounts.add_learner(cls.id, "Ivan", "P").learner
    Recorder(store, learner.id, "pc", clock).started("email-basics")
    store.accounts.remove_learner(learner.id)
    lrs = FakeLrs(failures=0)
    httpserver.expect_request("/statements", method="POST").respond_with_handler(lrs)
    assert LrsOutbox(store, httpserver.url_for("/statements")).flush().sent == 0
    assert lrs.requests == []
