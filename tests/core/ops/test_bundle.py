"""Build the installable bundle for real and check what a technician would get."""
from __future__ import annotations

import configparser
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from kiosk import __version__
from kiosk.ops.content import ContentReleases
from ops_helpers import REPO

NAME = f"weho-kiosk-{__version__}"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(["bash", str(REPO / "packaging" / "build-bundle.sh"), "--project-only",
                             "--out", str(out)], capture_output=True, text=True, timeout=300, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    archive = out / f"{NAME}.tar.gz"
    assert archive.is_file()
    unpacked = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")
    return unpacked / NAME


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(path)
    return parser


def test_unit_restarts_always_with_watchdog_and_memory_limit(bundle: Path) -> None:
    service = unit(bundle / "systemd" / "weho-kiosk.service")["Service"]
    assert service["Type"] == "notify"
    assert service["Restart"] == "always"
    assert service["WatchdogSec"] == "30"
    assert service["MemoryMax"].endswith(("M", "G"))
    assert service["User"] == "weho-kiosk"
    assert service["UMask"] == "0027"  # learning records and logs not readable by other users
    assert service["ExecStart"] == "/opt/weho-kiosk/share/session/weho-kiosk-session"
    timer = unit(bundle / "systemd" / "weho-kiosk-restart.timer")["Timer"]
    assert timer["OnCalendar"].startswith("*-*-* ")


def test_session_scripts_start_the_kiosk_in_cage_or_x(bundle: Path) -> None:
    session = (bundle / "session" / "weho-kiosk-session").read_text()
    assert "exec cage -d" in session and "weho-kiosk-client" in session
    assert "/opt/weho-kiosk/bin/kiosk run" in (bundle / "session" / "weho-kiosk-client").read_text()
    xsession = (bundle / "session" / "weho-kiosk-xsession").read_text()
    assert "xset s off" in xsession and "xset -dpms" in xsession and "unclutter" in xsession
    for script in (bundle / "session").iterdir():
        assert script.stat().st_mode & 0o111, f"{script.name} is not executable"
        assert subprocess.run(["sh", "-n", str(script)]).returncode == 0


def test_install_script_is_valid_bash_and_does_every_step(bundle: Path) -> None:
    install = bundle / "install.sh"
    assert install.stat().st_mode & 0o111
    assert subprocess.run(["bash", "-n", str(install)], capture_output=True).returncode == 0
    text = install.read_text()
    for step in ("apt-get install", "debian-packages.txt", "cage", "useradd", "python3 -m venv",
                 "kiosk\" content install", "systemctl enable weho-kiosk.service $restart_timer",
                 "10-time.conf", "kiosk\" doctor"):
        assert step in text, step
    # the config (charger token, LRS password) is never world-readable, also after an upgrade
    assert 'install -m 640 -o root -g "$user" "$here/config.example.toml" "$conf"' in text
    assert 'chown "root:$user" "$conf"' in text and 'chmod 640 "$conf"' in text
    assert text.index('chmod 640 "$conf"') < text.index('kiosk" content install')
    assert 'chown -R "$user:$user" "$home/state" "$home/data"' in text
    wanted = {line.strip() for line in (REPO / "packaging" / "debian-packages.txt").read_text().splitlines()
              if line.strip() and not line.startswith("#")}
    shipped = (bundle / "debian-packages.txt").read_text()
    assert wanted <= set(shipped.split()), "the bundle's package list lost packages"


def test_bundle_holds_the_app_wheel_and_valid_content(bundle: Path, tmp_path: Path) -> None:
    wheels = list((bundle / "wheels").glob("weho_kiosk-*.whl"))
    assert len(wheels) == 1
    import zipfile
    names = zipfile.ZipFile(wheels[0]).namelist()
    assert "kiosk/ops/watchdog.py" in names and "ui/app.py" in names
    # the bundled content installs as a release exactly as install.sh does it
    release = ContentReleases(tmp_path / "content").install(bundle / "content.tar.gz", map_pack="weho")
    assert len(list((release / "lessons").glob("*/lesson.toml"))) >= 10
    assert (release / "maps" / "weho" / "pack.toml").is_file()
    assert list((release / "translations").glob("*/LC_MESSAGES/kiosk.mo"))  # compiled catalogs
    config = (bundle / "config.example.toml").read_text()
    assert 'content_dir = "/var/lib/weho-kiosk/content/current"' in config
    assert (bundle / "README.md").read_text().startswith("# Installing a WeHo Kiosk")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_units_pass_systemd_analyze(bundle: Path) -> None:
    units = sorted(str(p) for p in (bundle / "systemd").iterdir())
    result = subprocess.run(["systemd-analyze", "verify", *units], capture_output=True, text=True,
                            timeout=60, cwd=bundle / "systemd")
    complaints = [line for line in (result.stdout + result.stderr).splitlines()
                  if line.strip() and "is not executable" not in line]  # /opt/weho-kiosk is not here
    assert complaints == []


def test_bundle_installs_the_locked_versions(bundle: Path) -> None:
    assert (bundle / "requirements.txt").read_text() == (REPO / "requirements.txt").read_text()
    text = (bundle / "install.sh").read_text()
    assert "--require-hashes -r \"$here/requirements.txt\"" in text
    assert "--no-deps" in text
