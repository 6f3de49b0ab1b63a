"""``kiosk chargers status`` as a technician uses it."""
from __future__ import annotations

import json

from kiosk.chargers import weho_sites
from kiosk.cli import main


def test_status_json_from_the_demo_config_uses_the_in_process_simulator(capsys):
    assert main(["chargers", "status", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"sites", "dropped", "fetched_at"}
    assert [s["id"] for s in out["sites"]] == [s.site_id for s in weho_sites.SITES]
    site = out["sites"][0]
    assert set(site) == {"id", "name", "address", "lat", "lon", "ports"}
    port = site["ports"][0]
    assert set(port) == {"id", "status", "connectors", "last_updated"}
    assert port["connectors"] == [{"standard": "J1772", "power_kw": 6.6}]
    assert {p["status"] for s in out["sites"] for p in s["ports"]} <= {"available", "in_use", "out_of_order", "unknown"}
    assert out["dropped"] == []


def test_status_text_lists_sites_nearest_first_with_a_summary(capsys, simulator):
    simulator.set_faults("badpage")
    assert main(["chargers", "status", "--url", simulator.url, "--token", simulator.token]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("City Hall area")
    ports = sum(len(s.ports) for s in weho_sites.SITES)
    assert f"8 sites, {ports} ports (" in out
    assert "4 objects dropped" in out and "dropped 1× location has no id" in out


def test_status_with_a_refused_token_exits_1_with_the_reason(capsys, simulator):
    assert main(["chargers", "status", "--url", simulator.url, "--token", "wrong"]) == 1
    assert "refused the token (HTTP 401)" in capsys.readouterr().err


def test_status_with_an_ocpi_error_exits_1(capsys, httpserver):
    httpserver.expect_request("/locations").respond_with_json({"status_code": 2001, "status_message": "bad"})
    assert main(["chargers", "status", "--url", httpserver.url_for("/locations")]) == 1
    assert "OCPI error 2001: bad" in capsys.readouterr().err


def test_status_when_switched_off_exits_1(capsys, tmp_path):
    cfg = tmp_path / "config.toml"
    cfg.write_text('[chargers]\nsource = "none"\n', encoding="utf-8")
    assert main(["chargers", "status", "--config", str(cfg)]) == 1
    assert "switched off" in capsys.readouterr().err


def test_simulate_rejects_unknown_faults(capsys):
    assert main(["chargers", "simulate", "--faults", "500,meteor"]) == 2
    assert "unknown fault 'meteor'" in capsys.readouterr().err


def test_status_text_shows_prices_and_still_works_when_prices_fail(capsys, tmp_path, simulator):
    assert main(["chargers", "status"]) == 0  # the demo config's simulator publishes tariffs
    out = capsys.readouterr().out
    assert "Price: $0.30 per kWh, $1.00 per hour of parking" in out
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[chargers]\nsource = "ocpi"\nurl = "{simulator.url}"\ntoken = "{simulator.token}"\n'
                   f'tariffs_url = "{simulator.base_url}/ocpi/2.2.1/no-such-module"\n', encoding="utf-8")
    assert main(["chargers", "status", "--config", str(cfg)]) == 0
    out = capsys.readouterr().out
    assert "Price:" not in out and "note: prices not available:" in out and "8 sites" in out
