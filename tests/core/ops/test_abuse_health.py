"""Attacks on the health endpoint and report: slow clients, floods, huge content files.

A real server on 127.0.0.1. Assertions are on behaviour and counts (threads, open connections,
reads), never on how long something took.
"""
from __future__ import annotations

import socket
import threading
import tracemalloc
from pathlib import Path

import pytest
import requests

from kiosk.ops import content_facts
from kiosk.ops.health import HealthReporter, HealthServer, HealthState
from ops_helpers import make_config, make_content


SLOW_CLIENTS = 300


def slow_client(port: int, data: bytes = b"GET /health HTTP/1.1\r\nHost: x\r\n") -> socket.socket:
    """A client that starts a request and never finishes it."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(data)
    return sock


def answer_of(sock: socket.socket) -> bytes:
    """What the server sent before closing (b'' when it closed without a word)."""
    chunks = []
    try:
        while chunk := sock.recv(4096):
            chunks.append(chunk)
    except (ConnectionResetError, socket.timeout):
        pass
    return b"".join(chunks)


def test_many_slow_clients_hold_no_threads_and_a_probe_still_gets_its_answer() -> None:
    calls = []

    def report() -> dict:
        calls.append(1)
        return {"version": "x", "profile": "street"}

    before = threading.active_count()
    with HealthServer(report, max_connections=16, workers=2, request_timeout=60) as server:
        slow = [slow_client(server.port) for _ in range(SLOW_CLIENTS)]
        probe = requests.get(server.url + "/health", timeout=10)
        threads = threading.active_count() - before
        assert server.open_connections <= 16
        evicted = [answer_of(sock) for sock in slow[:100]]  # the oldest were closed for newcomers
    for sock in slow:
        sock.close()
    assert probe.status_code == 200 and probe.json()["version"] == "x"
    assert threads <= 1 + 2, f"{threads} threads for {SLOW_CLIENTS} slow clients"  # selector + workers
    assert server.dropped >= SLOW_CLIENTS - 16
    assert all(answer == b"" or answer.startswith(b"HTTP/1.1 503") for answer in evicted)
    assert threading.active_count() <= before  # everything ended with stop()


def test_a_request_that_never_completes_is_closed_after_the_timeout() -> None:
    with HealthServer(lambda: {"version": "x"}, request_timeout=0.2) as server:
        sock = slow_client(server.port)
        answer = answer_of(sock)
        sock.close()
        assert requests.get(server.url + "/health", timeout=10).status_code == 200
    assert answer.startswith(b"HTTP/1.1 408")


def test_oversized_and_malformed_requests_are_refused() -> None:
    with HealthServer(lambda: {"version": "x"}) as server:
        huge = slow_client(server.port, b"GET /health HTTP/1.1\r\nX-Pad: " + b"a" * 20000)
        garbage = slow_client(server.port, b"\x00\x01\x02 nonsense\r\n\r\n")
        post = requests.post(server.url + "/health", data=b"x", timeout=10)
        head = requests.head(server.url + "/metrics", timeout=10)
        answers = answer_of(huge), answer_of(garbage)
        huge.close()
        garbage.close()
    assert answers[0].startswith(b"HTTP/1.1 431") and answers[1].startswith(b"HTTP/1.1 400")
    assert post.status_code == 405 and head.status_code == 200 and head.content == b""


def test_a_flood_builds_the_report_once_per_interval() -> None:
    calls = []

    def report() -> dict:
        calls.append(1)
        return {"version": "x", "profile": "street"}

    with HealthServer(report, cache_seconds=3600) as server:
        answers = [requests.get(server.url + path, timeout=10) for path in ("/health", "/metrics") * 10]
    assert all(a.status_code == 200 for a in answers)
    assert len(calls) == 1


def test_reports_reuse_the_app_store_and_parse_each_catalog_once(kiosk_dirs, monkeypatch) -> None:
    import babel.messages.pofile as pofile

    import kiosk.progress.store as store_mod
    make_content(kiosk_dirs["content"], lessons=1, with_map=False)
    cfg = make_config(kiosk_dirs)
    parsed = []
    real_read_po = pofile.read_po
    monkeypatch.setattr(pofile, "read_po", lambda *a, **k: parsed.append(1) or real_read_po(*a, **k))

    with store_mod.open_from_config(cfg) as store:
        asked = []

        def no_new_store(*a, **k):
            raise AssertionError("the report opened a store of its own")

        monkeypatch.setattr(store_mod, "open_from_config", no_new_store)
        reporter = HealthReporter(cfg, HealthState(), store=lambda: asked.append(1) or store,
                                  content_seconds=0, count_seconds=0)
        reports = [reporter.report() for _ in range(5)]
    assert all(r["lessons_completed_today"] == 0 for r in reports) and len(asked) == 5
    assert len(parsed) == 2  # es and ru, each parsed once for five reports
    assert {r["content"]["lessons"]["hash"] for r in reports} == {reports[0]["content"]["lessons"]["hash"]}


def test_content_hash_streams_big_files_and_rereads_only_what_changed(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "lessons" / "big"
    folder.mkdir(parents=True)
    with open(folder / "huge.svg", "wb") as fh:  # sparse: 64 MB on paper, nothing on disk
        fh.truncate(64 << 20)
    (folder / "lesson.toml").write_text("id = 'big'\n")
    tracemalloc.start()
    first = content_facts.tree_hash(tmp_path / "lessons")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 8 << 20, f"hashing held {peak >> 20} MB"

    reads = []
    real = content_facts.sha256_file
    monkeypatch.setattr(content_facts, "sha256_file", lambda p: reads.append(p.name) or real(p))
    assert content_facts.tree_hash(tmp_path / "lessons") == first and reads == []
    (folder / "lesson.toml").write_text("id = 'big'\n# changed\n")
    assert content_facts.tree_hash(tmp_path / "lessons") != first and reads == ["lesson.toml"]


def test_a_huge_charger_cache_is_not_parsed_for_the_report(kiosk_dirs) -> None:
    cache = kiosk_dirs["state"] / "cache"
    cache.mkdir()
    head = '{"format": 1, "source": "ocpi https://ocpi.test/locations?apikey=S3CRET-KEY", ' \
           '"fetched_at": "2025-03-04T15:00:00+00:00", "hidden": 0, "complete": true, "dropped": [], "sites": ['
    with open(cache / "chargers-snapshot.json", "w") as fh:
        fh.write(head)
        fh.truncate(content_facts.MAX_CACHE_PARSE_BYTES + 10)  # far too big to parse: not needed
    report = HealthReporter(make_config(kiosk_dirs)).report()
    assert report["chargers"]["last_success"] == "2025-03-04T15:00:00+00:00"
    assert "S3CRET-KEY" not in report["chargers"]["source"] and "ocpi.test" in report["chargers"]["source"]


@pytest.mark.parametrize("text", ["[1, 2]", '{"sites": []}', '{"fetched_at": 5}'])
def test_a_damaged_charger_cache_is_reported_not_raised(kiosk_dirs, text: str) -> None:
    (kiosk_dirs["state"] / "cache").mkdir()
    (kiosk_dirs["state"] / "cache" / "chargers-snapshot.json").write_text(text)
    report = HealthReporter(make_config(kiosk_dirs)).report()
    assert report["chargers"]["last_success"] is None and "problem" in report["chargers"]
