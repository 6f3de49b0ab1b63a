"""Each doctor check against real conditions made in a temporary folder."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from kiosk.ops import doctor
from kiosk.ops.doctor import FAIL, OK, WARN
from ops_helpers import make_config, make_content


def test_display_needs_a_real_screen() -> None:
    assert doctor.check_display({"WAYLAND_DISPLAY": "wayland-0"}).status == OK
    assert doctor.check_display({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}).status == WARN
    assert doctor.check_display({}).status == WARN


def test_missing_qt_library_names_the_package_to_install() -> None:
    listing = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    if doctor.check_qt_libraries(listing).status != OK:
        pytest.skip("this machine lacks Qt's libraries itself")
    without_cursor = "\n".join(l for l in listing.splitlines() if "libxcb-cursor.so.0 " not in l)
    check = doctor.check_qt_libraries(without_cursor)
    assert check.status == FAIL and check.fix == "sudo apt-get install -y libxcb-cursor0"


def test_qt_starts_offscreen_and_fails_on_a_display_that_is_not_there() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    assert doctor.check_qt_start(env).status == OK
    bad = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY",)}
    bad.update(QT_QPA_PLATFORM="xcb", DISPLAY=":97")
    check = doctor.check_qt_start(bad)
    assert check.status == FAIL and "cannot open the display" in check.detail


def test_fonts_missing_for_a_language_fail(tmp_path: Path) -> None:
    if shutil.which("fc-list") is None:
        pytest.skip("fontconfig not installed here")
    assert doctor.check_fonts(["en", "ru"]).status == OK
    empty = tmp_path / "fonts"
    empty.mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{empty}</dir>'
                    f'<cachedir>{tmp_path / "cache"}</cachedir></fontconfig>\n')
    check = doctor.check_fonts(["en", "ru"], dict(os.environ, FONTCONFIG_FILE=str(conf)))
    assert check.status == FAIL and "en, ru" in check.detail and "fonts-noto-core" in check.fix


def test_speech_engine_missing_fails(tmp_path: Path) -> None:
    check = doctor.check_speech(["en"], {"PATH": str(tmp_path)})
    assert check.status == FAIL and "espeak-ng" in check.fix
    if shutil.which("espeak-ng"):
        check = doctor.check_speech(["en", "es", "ru", "fa"])
        if Path("/proc/asound/cards").exists() and "no soundcards" not in Path("/proc/asound/cards").read_text():
            assert check.status == OK, check
        else:  # voices work; a machine without a sound card gets a warning and the fix
            assert check.status == WARN and "sound card" in check.detail and "aplay -l" in check.fix


def test_invalid_config_fails_with_the_key(tmp_path: Path) -> None:
    bad = tmp_path / "config.toml"
    bad.write_text("[kiosk]\nidle_seconds = 5\n")
    check, cfg = doctor.check_config(str(bad), {})
    assert cfg is None and check.status == FAIL and "idle_seconds" in check.detail


def test_broken_lesson_warns_and_no_lessons_fail(kiosk_dirs) -> None:
    content = kiosk_dirs["content"]
    assert doctor.check_lessons(content).status == FAIL
    make_content(content, lessons=2, with_map=False)
    assert doctor.check_lessons(content).status == OK
    toml = content / "lessons" / "lesson-1" / "lesson.toml"
    toml.write_text(toml.read_text().replace("[[steps]]", "[[stepz]]", 1))
    check = doctor.check_lessons(content)
    assert check.status == WARN and "1 lessons, 1 skipped" in check.detail and "lesson-1" in check.detail


def test_map_pack_missing_or_broken_fails(kiosk_dirs) -> None:
    content = kiosk_dirs["content"]
    assert doctor.check_map(content, "weho").status == FAIL
    make_content(content, lessons=0, with_map=True)
    assert doctor.check_map(content, "weho").status == OK
    (content / "maps" / "weho" / "streets.geojson").write_text("{broken")
    check = doctor.check_map(content, "weho")
    assert check.status == FAIL and "streets.geojson" in check.detail


def test_translations_missing_for_a_language_warn(kiosk_dirs) -> None:
    make_content(kiosk_dirs["content"], lessons=0, with_map=False)
    assert doctor.check_translations(kiosk_dirs["content"], ["en", "es", "ru"]).status == OK
    check = doctor.check_translations(kiosk_dirs["content"], ["en", "fa"])
    assert check.status == WARN and "fa" in check.detail


def test_database_unwritable_or_damaged_fails(kiosk_dirs, tmp_path: Path) -> None:
    cfg = make_config(kiosk_dirs)
    assert doctor.check_database(cfg).status == OK
    (tmp_path / "blocker").write_text("a file where the data folder should be")
    blocked = cfg.replace("paths", data_dir=str(tmp_path / "blocker" / "data"))
    check = doctor.check_database(blocked)
    assert check.status == FAIL and "not a folder" in check.detail
    (kiosk_dirs["data"] / "progress.sqlite3").write_bytes(b"SQLite format 3\0" + b"\x13" * 4000)
    check = doctor.check_database(cfg)
    assert check.status == FAIL and "progress.sqlite3" in check.detail


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_data_folder_fails(kiosk_dirs) -> None:
    kiosk_dirs["data"].chmod(0o500)
    try:
        assert doctor.check_database(make_config(kiosk_dirs)).status == FAIL
    finally:
        kiosk_dirs["data"].chmod(0o700)


def test_database_intact_after_the_kiosk_used_it(kiosk_dirs) -> None:
    from kiosk.progress.store import open_from_config
    cfg = make_config(kiosk_dirs)
    open_from_config(cfg).close()
    check = doctor.check_database(cfg)
    assert check.status == OK and check.detail == "writable and intact"


def charger_config(kiosk_dirs, url: str, token: str = "secret"):
    return make_config(kiosk_dirs, chargers={"source": "ocpi", "url": url, "token": token}).chargers


def test_charger_api_refusing_the_token_fails(kiosk_dirs, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/ocpi/locations").respond_with_json(
        {"status_code": 2001, "status_message": "Unauthorized"}, status=401)
    check = doctor.check_chargers(charger_config(kiosk_dirs, httpserver.url_for("/ocpi/locations")))
    assert check.status == FAIL and "not authorised (HTTP 401)" in check.detail and "token" in check.fix


def test_charger_api_answering_is_ok_and_gets_the_token(kiosk_dirs, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/ocpi/locations", headers={"Authorization": "Token secret"},
                              query_string="limit=1").respond_with_json(
        {"status_code": 1000, "data": [], "timestamp": "2025-03-04T12:00:00Z"})
    check = doctor.check_chargers(charger_config(kiosk_dirs, httpserver.url_for("/ocpi/locations")))
    assert check.status == OK


def test_a_charger_directory_is_checked_with_its_own_query(kiosk_dirs, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/alt-fuel-stations/v1.json", query_string="api_key=K").respond_with_json(
        {"fuel_stations": []})
    section = make_config(kiosk_dirs, chargers={
        "source": "afdc", "url": httpserver.url_for("/api/alt-fuel-stations/v1.json") + "?api_key=K"}).chargers
    check = doctor.check_chargers(section)
    assert check.status == OK and "no live status" in check.detail


def test_charger_api_unreachable_fails_and_simulator_warns(kiosk_dirs) -> None:
    import socket
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    check = doctor.check_chargers(charger_config(kiosk_dirs, f"http://127.0.0.1:{port}/locations"),
                                  timeout=(1, 1))
    assert check.status == FAIL and "not reachable" in check.detail
    assert doctor.check_chargers(make_config(kiosk_dirs).chargers).status == WARN
    assert doctor.check_chargers(make_config(kiosk_dirs, chargers={"source": "none"}).chargers).status == OK


def test_disk_space_below_the_limit_fails(tmp_path: Path) -> None:
    free_mb = shutil.disk_usage(tmp_path).free / 1e6
    assert doctor.check_disk([tmp_path], fail_mb=1, warn_mb=2).status == OK
    assert doctor.check_disk([tmp_path / "not" / "yet"], fail_mb=free_mb * 2, warn_mb=free_mb * 3).status == FAIL
    assert doctor.check_disk([tmp_path], fail_mb=1, warn_mb=free_mb * 2).status == WARN


def test_clock_behind_the_files_or_before_2024_fails(tmp_path: Path) -> None:
    now = datetime.now(timezone.utc)
    (tmp_path / "kiosk.log").write_text("written now")
    assert doctor.check_clock(now, [tmp_path]).status == OK
    assert doctor.check_clock(datetime(2020, 1, 1, tzinfo=timezone.utc), [tmp_path]).status == FAIL
    future = (now + timedelta(days=40)).timestamp()
    os.utime(tmp_path / "kiosk.log", (future, future))
    check = doctor.check_clock(now, [tmp_path])
    assert check.status == FAIL and "days after" in check.detail and "timedatectl" in check.fix


def test_doctor_command_exits_1_when_a_visitor_would_notice(kiosk_dirs, tmp_path: Path) -> None:
    make_content(kiosk_dirs["content"], lessons=2)
    config = tmp_path / "config.toml"
    lines = ['[chargers]\nsource = "none"\n[paths]', f'content_dir = "{kiosk_dirs["content"]}"',
             f'state_dir = "{kiosk_dirs["state"]}"', f'data_dir = "{kiosk_dirs["data"]}"']
    config.write_text("\n".join(lines) + "\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = lambda: subprocess.run([sys.executable, "-m", "kiosk", "doctor", "--config", str(config)],  # noqa: E731
                                 capture_output=True, text=True, timeout=120, env=env)
    good = run()
    statuses = {line.split(":")[0].split(None, 1)[1]: line.split()[0] for line in good.stdout.splitlines()
                if line[:4] in ("OK  ", "WARN", "FAIL")}
    assert statuses["lessons"] == "OK" and statuses["database"] == "OK" and statuses["config"] == "OK"
    shutil.rmtree(kiosk_dirs["content"] / "maps")
    bad = run()
    assert bad.returncode == 1 and "FAIL  map pack" in bad.stdout
