"""A secret planted in every place the config can hold one is found in no output the kiosk makes:
`kiosk config check`, `kiosk doctor`, `kiosk health` (text and JSON), the log file and stderr (the
journal), `/health` and `/metrics`.
"""
from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import textwrap
from datetime import datetime, timezone
from pathlib import Path

import pytest
import requests
from pytest_httpserver import HTTPServer

from kiosk import config as config_mod
from kiosk.chargers.cache import SnapshotCache
from kiosk.chargers.model import Snapshot
from kiosk.ops.health import HealthReporter, HealthServer, HealthState
from kiosk.redact import redact_text, redact_url

SECRETS = {
    "apikey in the OCPI url": "S3CRET-APIKEY-0001",
    "token in the tariffs url": "S3CRET-TARIFF-0002",
    "charger token": "S3CRET-TOKEN-0003",
    "key in the LRS url": "S3CRET-LRSKEY-0004",
    "LRS password": "S3CRET-LRSPW-0005",
    "database password": "S3CRET-DBPW-0006",
}
ENCODED_TOKEN = base64.b64encode(SECRETS["charger token"].encode()).decode()


def leaks(text: str) -> list[str]:
    return [where for where, secret in SECRETS.items() if secret in text] + \
        (["base64 charger token"] if ENCODED_TOKEN in text else [])


@pytest.fixture
def secret_config(kiosk_dirs, tmp_path: Path, httpserver: HTTPServer) -> Path:
    httpserver.expect_request("/ocpi/locations").respond_with_data("nope", status=500)
    base = httpserver.url_for("/")
    s = SECRETS
    path = tmp_path / "config.toml"
    path.write_text(textwrap.dedent(f"""\
        [chargers]
        source = "ocpi"
        url = "{base}ocpi/locations?apikey={s['apikey in the OCPI url']}&limit=10"
        tariffs_url = "{base}ocpi/tariffs?token={s['token in the tariffs url']}"
        token = "{s['charger token']}"
        token_encoding = "base64"
        [progress]
        lrs_url = "{base}xapi/statements?key={s['key in the LRS url']}"
        lrs_username = "kiosk-7"
        lrs_password = "{s['LRS password']}"
        database_url = "postgresql://kiosk:{s['database password']}@127.0.0.1:1/kiosk?connect_timeout=2"
        [paths]
        content_dir = "{kiosk_dirs['content']}"
        state_dir = "{kiosk_dirs['state']}"
        data_dir = "{kiosk_dirs['data']}"
        """))
    path.chmod(0o600)
    cfg = config_mod.load_file(path, environ={})
    # The charger service names its source by URL today; the cache keeps whatever it is given.
    SnapshotCache(kiosk_dirs["state"] / "cache").save(Snapshot(
        sites=(), fetched_at=datetime(2025, 3, 4, 15, 0, tzinfo=timezone.utc), source=f"ocpi {cfg.chargers.url}"))
    return path


def kiosk(*args: str, env: dict[str, str] | None = None) -> str:
    out = subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env or {})))
    return out.stdout + out.stderr


def test_no_command_prints_a_secret(secret_config: Path) -> None:
    outputs = {
        "config check": kiosk("config", "check", str(secret_config)),
        "doctor": kiosk("doctor", "--config", str(secret_config)),
        "health": kiosk("health", "--config", str(secret_config)),
        "health --json": kiosk("health", "--json", "--config", str(secret_config)),
    }
    assert "OK" in outputs["config check"]
    assert "charger API" in outputs["doctor"] and "HTTP 500" in outputs["doctor"]
    assert "apikey=***" in outputs["doctor"]  # the URL is still recognisable, its key is not
    report = json.loads(outputs["health --json"][:outputs["health --json"].rindex("}") + 1])
    assert report["chargers"]["source"].startswith("ocpi http")
    for name, text in outputs.items():
        assert leaks(text) == [], f"`kiosk {name}` printed {leaks(text)}:\n{text}"


def test_the_log_file_and_stderr_hold_no_secret(secret_config: Path, kiosk_dirs) -> None:
    script = textwrap.dedent(f"""
        import logging, requests
        from kiosk import config, logsetup
        cfg = config.load_file({str(secret_config)!r}, environ={{}})
        log_file = logsetup.configure(cfg.state_dir)
        log = logging.getLogger("kiosk.chargers.client")
        log.error("fetching %s failed", cfg.chargers.url)
        log.warning("tariffs from %s", cfg.chargers.tariffs_url)
        log.info("LRS %s as %s:%s", cfg.progress.lrs_url, cfg.progress.lrs_username, cfg.progress.lrs_password)
        log.info("headers %s", {{"Authorization": "Token " + cfg.chargers.token}})
        log.info("database %s", cfg.progress.database_url)
        try:
            requests.get(cfg.chargers.url.replace("http://", "http://no-such-host.invalid/"), timeout=1)
        except requests.RequestException:
            log.exception("refresh failed")
        try:
            raise ValueError("bad answer for " + cfg.progress.lrs_url)
        except ValueError:
            logging.getLogger("kiosk.crash").error("uncaught error", exc_info=True)
        print(log_file)
        """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    log_text = Path(out.stdout.strip()).read_text()
    assert "refresh failed" in log_text and "Traceback" in log_text and "uncaught error" in log_text
    assert "apikey=***" in log_text
    assert leaks(log_text) == [], log_text
    assert leaks(out.stderr) == [], out.stderr


def test_health_and_metrics_hold_no_secret(secret_config: Path) -> None:
    cfg = config_mod.load_file(secret_config, environ={})
    reporter = HealthReporter(cfg, HealthState())
    with HealthServer(reporter.report) as server:
        health = requests.get(server.url + "/health", timeout=30)
        metrics = requests.get(server.url + "/metrics", timeout=30)
    assert health.status_code == 200 and metrics.status_code == 200
    assert health.json()["chargers"]["source"].startswith("ocpi http://")
    assert leaks(health.text) == [] and leaks(metrics.text) == []


@pytest.mark.parametrize("text, hidden", [
    ("https://u:pa55word-xyz@h.test/x", "pa55word-xyz"),
    ("GET /v1.json?api_key=K3Y-VALUE-1&zip=90069", "K3Y-VALUE-1"),
    ("HTTPSConnectionPool(host='h', port=443): Max retries exceeded with url: /l?ApiKey=ZZZ-999-abc", "ZZZ-999-abc"),
    ("{'Authorization': 'Token tok-123456'}", "tok-123456"),
    ("postgresql+psycopg://kiosk:dbpw-98765@db:5432/k", "dbpw-98765"),
    ("https://h.test/?access_token=at-1234567&x=1", "at-1234567"),
])
def test_redaction_masks_secrets_in_free_text(text: str, hidden: str) -> None:
    assert hidden not in redact_text(text) and "***" in redact_text(text)


def test_redaction_keeps_what_is_not_secret() -> None:
    url = "https://developer.nrel.gov/api/alt-fuel-stations/v1.json?api_key=abc123def&state=CA&zip=90069"
    assert redact_url(url) == "https://developer.nrel.gov/api/alt-fuel-stations/v1.json?api_key=***&state=CA&zip=90069"
    assert redact_text("route from City Hall to the library: 5 min") == "route from City Hall to the library: 5 min"
