"""`kiosk doctor` under attack. Permissions are reported as permissions, with the fix: folders
and files the kiosk's user does not own or cannot write, learning records or a config with
secrets readable by everyone (the owner the doctor expects is given explicitly, so the tests work
as any user). A map file nested too deep is named, not a crash.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.ops import doctor
from kiosk.ops.doctor import FAIL, OK, WARN
from kiosk.ops.doctor_perms import Owner, check_permissions
from ops_helpers import make_config

ME = Owner(os.geteuid(), "me")
SOMEONE_ELSE = Owner(os.geteuid() + 4242, "weho-kiosk")


def seed(dirs: dict[str, Path]) -> Path:
    (dirs["state"] / "logs").mkdir()
    (dirs["state"] / "logs" / "kiosk.log").write_text("started\n")
    db = dirs["data"] / "progress.sqlite3"
    db.write_bytes(b"")
    for folder in (dirs["state"], dirs["state"] / "logs", dirs["data"]):
        folder.chmod(0o750)
    for file in (dirs["state"] / "logs" / "kiosk.log", db):
        file.chmod(0o640)
    return db


def test_folders_owned_by_the_kiosk_user_with_sane_modes_pass(kiosk_dirs) -> None:
    seed(kiosk_dirs)
    check = check_permissions(make_config(kiosk_dirs), owner=ME)
    assert check.status == OK


def test_files_owned_by_another_user_fail_with_the_chown_fix(kiosk_dirs) -> None:
    seed(kiosk_dirs)
    check = check_permissions(make_config(kiosk_dirs), owner=SOMEONE_ELSE)
    assert check.status == FAIL and "not weho-kiosk" in check.detail
    assert f"sudo chown -R weho-kiosk: {kiosk_dirs['state']}" in check.fix
    assert f"sudo chown -R weho-kiosk: {kiosk_dirs['data']}" in check.fix


def test_a_database_its_owner_cannot_write_is_a_permission_problem_not_damage(kiosk_dirs) -> None:
    db = seed(kiosk_dirs)
    db.chmod(0o400)
    check = check_permissions(make_config(kiosk_dirs), owner=ME)
    assert check.status == FAIL and str(db) in check.detail and "mode 0400" in check.detail
    assert check.fix == f"sudo chmod -R u+rwX {kiosk_dirs['data']}"
    assert db.exists() and not list(kiosk_dirs["data"].glob("*damaged*"))  # nothing moved aside


def test_world_writable_state_fails_and_world_readable_records_warn(kiosk_dirs) -> None:
    db = seed(kiosk_dirs)
    db.chmod(0o644)
    readable = check_permissions(make_config(kiosk_dirs), owner=ME)
    assert readable.status == WARN and "learning records" in readable.detail and "o-rwx" in readable.fix
    (kiosk_dirs["state"] / "logs").chmod(0o777)
    writable = check_permissions(make_config(kiosk_dirs), owner=ME)
    assert writable.status == FAIL and "every user" in writable.detail and "o-w" in writable.fix


def test_a_config_holding_a_token_must_not_be_world_readable(kiosk_dirs, tmp_path: Path) -> None:
    seed(kiosk_dirs)
    cfg = make_config(kiosk_dirs, chargers={"source": "ocpi", "url": "https://ocpi.test/locations",
                                            "token": "a-long-secret-token"})
    config_file = tmp_path / "config.toml"
    config_file.write_text("# the file the config came from\n")
    config_file.chmod(0o644)
    check = check_permissions(cfg, config_file, owner=ME)
    assert check.status == FAIL and "token or password" in check.detail
    assert check.fix == f"sudo chown root:weho-kiosk {config_file} && sudo chmod 640 {config_file}"
    assert "a-long-secret-token" not in check.line()
    config_file.chmod(0o640)
    assert check_permissions(cfg, config_file, owner=ME).status == OK


def test_doctor_database_check_calls_an_unreadable_file_a_permission_problem(kiosk_dirs) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file; the mode check above covers what root sees")
    db = seed(kiosk_dirs)
    db.chmod(0o000)
    check = doctor.check_database(make_config(kiosk_dirs))
    assert check.status == FAIL and "permission problem" in check.detail and "chown" in check.fix


def test_doctor_names_a_map_file_nested_too_deep_instead_of_crashing(kiosk_dirs) -> None:
    from ops_helpers import make_content
    make_content(kiosk_dirs["content"], lessons=1)
    (kiosk_dirs["content"] / "maps" / "weho" / "streets.geojson").write_text("[" * 100_000 + "]" * 100_000)
    check = doctor.check_map(kiosk_dirs["content"], "weho")
    assert check.status == FAIL and "streets.geojson" in check.detail and "nests deeper" in check.detail
