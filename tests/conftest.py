"""Shared fixtures for all tests."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KIOSK_SPEECH_ENGINE", "mock")

REPO = Path(__file__).resolve().parent.parent
# Test tooling (tests/support: accessibility measurements, the soak visitor) is not part of the
# runtime packages; tests and benchmarks import it as `support`.
sys.path.insert(0, str(REPO / "tests"))
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """The read-only reference data beside the checkout; tests using it skip where it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present beside this checkout")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test writes state, caches and config into its own temporary home, never the user's."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state"),
                     ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)


@pytest.fixture(autouse=True)
def _english_first() -> None:
    """Start every test in English, whatever the previous test switched to."""
    from kiosk import i18n
    i18n.set_language("en")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`make test` spreads tests one by one over the cores (pytest-xdist, ``--dist loadgroup``),
    except that the tests of a file sharing a module- or class-scoped fixture (the accessibility
    walk, a built bundle, an imported extract) stay together, so that fixture is built once."""
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        if info is None:
            continue
        if any(d.scope in ("module", "class", "package") for defs in info.name2fixturedefs.values() for d in defs):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))
