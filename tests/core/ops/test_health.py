"""The health report, its live counters and the real endpoint on 127.0.0.1."""
from __future__ import annotations

import json
import logging
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import requests

from kiosk.chargers.cache import SnapshotCache
from kiosk.chargers.model import Snapshot
from kiosk.ops.health import (HealthReporter, HealthServer, HealthState, install_error_counter,
                              prometheus_text)
from kiosk.progress.events import LearningEvent, Verb
from kiosk.progress.store import open_from_config
from ops_helpers import make_config, make_content

NOW = datetime(2025, 3, 4, 15, 30, tzinfo=timezone.utc)


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_report_reads_content_charger_cache_and_todays_completions(kiosk_dirs) -> None:
    make_content(kiosk_dirs["content"], lessons=3)
    cfg = make_config(kiosk_dirs)
    SnapshotCache(kiosk_dirs["state"] / "cache").save(
        Snapshot(sites=(), fetched_at=NOW - timedelta(minutes=5), source="simulator"))
    with open_from_config(cfg) as store:
        store.record(LearningEvent("a1", Verb.COMPLETED, "lesson-0", timestamp=NOW - timedelta(hours=1)))
        store.record(LearningEvent("a2", Verb.COMPLETED, "lesson-1", timestamp=NOW - timedelta(hours=2)))
        store.record(LearningEvent("a1", Verb.COMPLETED, "lesson-1", timestamp=NOW - timedelta(days=1)))
        store.record(LearningEvent("a1", Verb.STARTED, "lesson-2", timestamp=NOW - timedelta(minutes=1)))
        live = HealthReporter(cfg, HealthState(clock=FakeClock(NOW)), store=store,
                              clock=FakeClock(NOW)).report()
    report = HealthReporter(cfg, clock=FakeClock(NOW)).report()  # as `kiosk health` would, from files

    for r in (live, report):
        assert r["content"]["lessons"]["count"] == 3
        assert len(r["content"]["lessons"]["hash"]) == 16
        assert r["content"]["map"]["id"] == "weho"
        assert set(r["content"]["translations"]) == {"es", "ru"}
        assert r["chargers"]["age_seconds"] == 300.0
        assert r["chargers"]["source"] == "simulator"
        assert r["lessons_completed_today"] == 2
    assert live["live"] and live["memory_bytes"] > 10_000_000
    assert report["live"] is False and report["sessions_today"] is None and report["memory_bytes"] is None


def test_content_hash_changes_when_a_lesson_changes(kiosk_dirs) -> None:
    make_content(kiosk_dirs["content"], lessons=1, with_map=False)
    cfg = make_config(kiosk_dirs)
    before = HealthReporter(cfg).report()["content"]
    (kiosk_dirs["content"] / "lessons" / "lesson-0" / "lesson.toml").write_text(
        (kiosk_dirs["content"] / "lessons" / "lesson-0" / "lesson.toml").read_text() + "\n# edited\n")
    after = HealthReporter(cfg).report()["content"]
    assert before["lessons"]["hash"] != after["lessons"]["hash"]
    assert before["map"]["hash"] is None  # no pack: reported as such, no crash


def test_missing_store_and_damaged_cache_leave_the_rest_of_the_report(kiosk_dirs) -> None:
    cfg = make_config(kiosk_dirs)
    (kiosk_dirs["state"] / "cache").mkdir()
    (kiosk_dirs["state"] / "cache" / "chargers-snapshot.json").write_text("{not json")
    report = HealthReporter(cfg).report()
    assert report["lessons_completed_today"] is None
    assert report["chargers"]["last_success"] is None and "problem" in report["chargers"]
    assert report["content"]["lessons"]["count"] == 0
    assert not (kiosk_dirs["data"] / "progress.sqlite3").exists()  # reporting created nothing


def test_sessions_today_start_again_after_midnight() -> None:
    clock = FakeClock(datetime(2025, 3, 4, 23, 50).astimezone())
    state = HealthState(clock=clock)
    state.session_started()
    state.session_started()
    assert state.sessions_today == 2
    clock.now += timedelta(minutes=20)
    assert state.sessions_today == 0
    state.session_started()
    assert (state.sessions_today, state.sessions_total) == (1, 3)


def test_error_counter_counts_errors_not_warnings() -> None:
    state = HealthState()
    log = logging.getLogger("kiosk.test.health-errors")
    handler = install_error_counter(state, log)
    try:
        assert install_error_counter(state, log) is handler  # installing twice counts once
        log.warning("just a warning")
        log.error("broken")
        log.critical("very broken")
        assert state.errors == 2
    finally:
        log.removeHandler(handler)


def test_endpoint_serves_json_and_prometheus_metrics(kiosk_dirs) -> None:
    make_content(kiosk_dirs["content"], lessons=2, with_map=False)
    cfg = make_config(kiosk_dirs)
    state = HealthState()
    state.session_started()
    reporter = HealthReporter(cfg, state)
    with HealthServer(reporter.report, port=0) as server:
        health = requests.get(server.url + "/health", timeout=10)
        metrics = requests.get(server.url + "/metrics", timeout=10)
        missing = requests.get(server.url + "/admin", timeout=10)
        state.session_started()
        again = requests.get(server.url + "/health", timeout=10).json()
    assert health.status_code == 200 and health.headers["Content-Type"] == "application/json"
    body = health.json()
    assert body["sessions_today"] == 1 and again["sessions_today"] == 2
    assert body["profile"] == "street" and body["content"]["lessons"]["count"] == 2
    assert metrics.status_code == 200 and metrics.headers["Content-Type"].startswith("text/plain")
    samples = {line.split("{")[0].split(" ")[0]: line for line in metrics.text.splitlines()
               if line and not line.startswith("#")}
    assert samples["weho_kiosk_sessions_today"].endswith(" 1")
    assert 'profile="street"' in samples["weho_kiosk_info"] and 'version="0.1.0"' in samples["weho_kiosk_info"]
    assert "weho_kiosk_memory_bytes" in samples and "weho_kiosk_uptime_seconds" in samples
    assert "weho_kiosk_charger_sync_age_seconds" not in samples  # never synced: no made-up value
    assert "# TYPE weho_kiosk_errors_total counter" in metrics.text
    assert missing.status_code == 404


def test_endpoint_answers_500_when_the_report_fails_and_keeps_serving() -> None:
    calls = []

    def flaky() -> dict:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("boom")
        return {"version": "x", "profile": "street"}

    with HealthServer(flaky) as server:
        assert requests.get(server.url + "/health", timeout=10).status_code == 500
        assert requests.get(server.url + "/health", timeout=10).json()["version"] == "x"


def test_label_values_are_escaped() -> None:
    text = prometheus_text({"version": 'a"b\\c\nd', "profile": "street"})
    assert 'version="a\\"b\\\\c\\nd"' in text


def test_health_command_prints_json(kiosk_dirs, tmp_path: Path) -> None:
    make_content(kiosk_dirs["content"], lessons=1, with_map=False)
    config_file = tmp_path / "config.toml"
    config_file.write_text(f'[kiosk]\ndevice_id = "kiosk-7"\n[paths]\ncontent_dir = "{kiosk_dirs["content"]}"\n'
                           f'state_dir = "{kiosk_dirs["state"]}"\ndata_dir = "{kiosk_dirs["data"]}"\n')
    out = subprocess.run([sys.executable, "-m", "kiosk", "health", "--json", "--config", str(config_file)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["device_id"] == "kiosk-7" and report["content"]["lessons"]["count"] == 1
    text = subprocess.run([sys.executable, "-m", "kiosk", "health", "--config", str(config_file)],
                          capture_output=True, text=True, timeout=60)
    assert "kiosk-7" in text.stdout and "charger sync:   never" in text.stdout


def test_health_command_asks_the_running_kiosk(kiosk_dirs) -> None:
    state = HealthState()
    state.session_started()
    reporter = HealthReporter(make_config(kiosk_dirs), state)
    with HealthServer(reporter.report) as server:
        port = server.port
        out = subprocess.run([sys.executable, "-m", "kiosk", "health", "--port", str(port)],
                             capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "sessions today: 1" in out.stdout and "unknown" not in out.stdout.split("sessions today")[1].splitlines()[0]
    gone = subprocess.run([sys.executable, "-m", "kiosk", "health", "--port", str(port)],
                          capture_output=True, text=True, timeout=60)
    assert gone.returncode == 1 and "did not answer" in gone.stderr


def test_the_report_says_whether_speech_can_work(tmp_path) -> None:
    from kiosk.ops.health import HealthReporter
    from ops_helpers import make_config

    dirs = {name: tmp_path / name for name in ("content", "state", "data")}
    report = HealthReporter(make_config(dirs)).report()
    speech = report["speech"]
    assert set(speech) == {"ok", "engine", "reason", "fix"}
    assert speech["engine"] == "espeak-ng"
    assert speech["ok"] or (speech["reason"] and speech["fix"])
