"""The lock files pin every dependency pyproject names, with hashes, and agree with each other."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", re.M)


def _name(requirement: str) -> str:
    return re.split(r"[<>=!\[ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _pins(path: Path) -> dict[str, str]:
    return {name.lower(): version for name, version in PIN.findall(path.read_text())}


def test_every_dependency_is_pinned_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = _pins(ROOT / "requirements.txt")
    dev = _pins(ROOT / "requirements-dev.txt")
    for requirement in project["dependencies"]:
        assert _name(requirement) in runtime, f"{requirement} is not in requirements.txt"
    for requirement in project["optional-dependencies"]["test"]:
        assert _name(requirement) in dev, f"{requirement} is not in requirements-dev.txt"
    for lock in ("requirements.txt", "requirements-dev.txt", "requirements-tools.txt"):
        text = (ROOT / lock).read_text()
        for block in re.split(r"\n(?=[A-Za-z0-9])", text.split("\n\n", 1)[-1]):
            if "==" in block.splitlines()[0]:
                assert "--hash=sha256:" in block, f"{lock}: {block.splitlines()[0]} has no hash"


def test_development_and_kiosk_locks_agree() -> None:
    runtime = _pins(ROOT / "requirements.txt")
    dev = _pins(ROOT / "requirements-dev.txt")
    differ = {name: (version, dev[name]) for name, version in runtime.items() if dev.get(name) != version}
    assert not differ, f"tests would run other versions than kiosks install: {differ}"


def test_the_excluded_pyside6_release_is_not_locked() -> None:
    # 6.12.0 crashes the kiosk after some thousand relayouts (see pyproject.toml).
    assert _pins(ROOT / "requirements.txt")["pyside6"] != "6.12.0"


def test_the_standard_lock_records_the_same_pins_with_hashes() -> None:
    """pylock.toml (PEP 751) holds exactly the development lock's versions, each wheel hashed."""
    lock = tomllib.loads((ROOT / "pylock.toml").read_text())
    assert lock["lock-version"] == "1.0"
    recorded = {p["name"].lower(): p["version"] for p in lock["packages"]}
    assert recorded == _pins(ROOT / "requirements-dev.txt")
    for package in lock["packages"]:
        files = package.get("wheels", []) + ([package["sdist"]] if "sdist" in package else [])
        assert files and all(f["hashes"].get("sha256") for f in files), package["name"]
