"""The config file: defaults, validation messages that name file and key, env overrides."""
from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import config
from kiosk.cli import main
from kiosk.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_demo_config_is_valid_and_is_a_street_kiosk_at_city_hall() -> None:
    cfg = config.load(environ={})
    assert cfg.source == str(config.DEMO_CONFIG)
    assert cfg.kiosk.profile == "street"
    assert cfg.screen_size == (1080, 1920)
    assert cfg.location.lat == pytest.approx(34.0907, abs=1e-3)
    assert cfg.kiosk.languages == ("en", "es", "ru", "fa")


@pytest.mark.parametrize("text, place, problem", [
    ("[kiosk]\nidle_seconds = 5\n", "[kiosk] idle_seconds", "at least 30"),
    ("[kiosk]\nidle_seconds = '90'\n", "[kiosk] idle_seconds", "whole number"),
    ("[kiosk]\nprofile = 'mall'\n", "[kiosk] profile", "choose from street, library"),
    ("[kiosk]\nidel_seconds = 90\n", "[kiosk] idel_seconds", "unknown key"),
    ("[kiosks]\n", "[kiosks]", "unknown section"),
    ("[kiosk]\nlanguages = ['en', 'de']\n", "[kiosk] languages", "'de' is not allowed"),
    ("[kiosk]\nlanguages = ['en', 'es', 'en']\n", "[kiosk] languages", "'en' is listed twice"),
    ("[kiosk]\ndefault_language = 'de'\n", "[kiosk] default_language", "must be one of"),
    ("[kiosk]\ndefault_language = 'ru'\nlanguages = ['en', 'es']\n", "[kiosk] default_language", "must be one of"),
    ("[location]\nlat = 123.0\n", "[location] lat", "at most 90"),
    ("[kiosk]\nwarning_seconds = 10\n", "[kiosk] warning_seconds", "at least 20"),
    ("[kiosk]\nreduced_motion = 1\n", "[kiosk] reduced_motion", "true or false"),
])
def test_bad_values_name_the_file_the_key_and_the_rule(tmp_path: Path, text: str, place: str,
                                                       problem: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        config.load_file(path, environ={})
    message = str(err.value)
    assert message.startswith(str(path))
    assert place in message
    assert problem in message


def test_toml_syntax_error_gives_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "[kiosk]\nprofile = 'street'\nidle_seconds = \n")
    with pytest.raises(ConfigError, match="line 3"):
        config.load_file(path, environ={})


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        config.load_file(tmp_path / "nope.toml", environ={})


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[kiosk]\nprofile = 'street'\n")
    cfg = config.load_file(path, environ={"KIOSK_PROFILE": "library", "KIOSK_IDLE_SECONDS": "120",
                                          "KIOSK_CHARGERS_URL": "https://example.test/ocpi",
                                          "KIOSK_LANGUAGES": "en, ru"})
    assert cfg.kiosk.profile == "library"
    assert cfg.kiosk.idle_seconds == 120
    assert cfg.chargers.url == "https://example.test/ocpi"
    assert cfg.kiosk.languages == ("en", "ru")
    assert cfg.screen_size == (1920, 1080)


def test_bad_environment_value_names_the_variable(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    with pytest.raises(ConfigError, match="KIOSK_IDLE_SECONDS: must be a whole number"):
        config.load_file(path, environ={"KIOSK_IDLE_SECONDS": "soon"})


def test_config_is_frozen() -> None:
    cfg = config.load(environ={})
    with pytest.raises(AttributeError):
        cfg.kiosk.profile = "library"  # type: ignore[misc]


def test_search_order_cli_then_env_then_xdg_then_demo(tmp_path: Path, monkeypatch) -> None:
    assert config.find_config_file(None, {}) == config.DEMO_CONFIG
    user = tmp_path / "xdg"
    (user / "weho-kiosk").mkdir(parents=True)
    (user / "weho-kiosk" / "config.toml").write_text("")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(user))
    assert config.find_config_file(None, {}) == user / "weho-kiosk" / "config.toml"
    assert config.find_config_file(None, {"KIOSK_CONFIG": "/a.toml"}) == Path("/a.toml")
    assert config.find_config_file("/b.toml", {"KIOSK_CONFIG": "/a.toml"}) == Path("/b.toml")


def test_config_check_command(tmp_path: Path, capsys) -> None:
    good = write(tmp_path, "[kiosk]\nprofile = 'library'\n")
    assert main(["config", "check", str(good)]) == 0
    assert "OK" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text("[maps]\nunits = 'furlongs'\n")
    assert main(["config", "check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "[maps] units" in err and "imperial" in err


def test_run_refuses_a_broken_config(tmp_path: Path, capsys) -> None:
    bad = write(tmp_path, "[kiosk]\nidle_seconds = -1\n")
    assert main(["run", "--config", str(bad)]) == 1
    assert "invalid config, not starting" in capsys.readouterr().err


def test_every_key_is_described() -> None:
    lines = config.describe_keys()
    assert any(line.startswith("[kiosk] idle_seconds = 90") for line in lines)
    assert any("[chargers] token_encoding" in line and "raw, base64" in line for line in lines)


def test_nightly_restart_must_be_a_clock_time(tmp_path: Path) -> None:
    assert config.load_file(write(tmp_path, "[kiosk]\nnightly_restart = '03:30'\n"), environ={}).kiosk.nightly_restart == "03:30"
    assert config.load_file(write(tmp_path, "[kiosk]\nnightly_restart = ''\n"), environ={}).kiosk.nightly_restart == ""
    with pytest.raises(ConfigError, match=r"\[kiosk\] nightly_restart: '25:00' is not in the expected form"):
        config.load_file(write(tmp_path, "[kiosk]\nnightly_restart = '25:00'\n"), environ={})


def test_health_port_defaults_to_off() -> None:
    assert config.load(environ={}).health.port == 0


def test_a_language_the_content_folder_adds_is_allowed(tmp_path: Path) -> None:
    from test_languages import MADE_UP, add_language
    content = tmp_path / "content"
    add_language(content / "translations", entry=MADE_UP)
    text = "[kiosk]\nlanguages = ['en', 'qaa']\ndefault_language = 'qaa'\n"
    path = write(tmp_path, text + f"[paths]\ncontent_dir = '{content}'\n")
    cfg = config.load_file(path, environ={})
    assert cfg.kiosk.languages == ("en", "qaa") and cfg.kiosk.default_language == "qaa"
    # The same config without that content folder names the language it does not know.
    with pytest.raises(ConfigError, match="'qaa' is not allowed"):
        config.load_file(write(tmp_path, text), environ={})
    # A config built in code (tests, screenshots) is checked the same way.
    assert cfg.replace("kiosk", languages=("qaa",)).kiosk.languages == ("qaa",)
    with pytest.raises(ConfigError, match="'qaa' is not allowed"):
        cfg.replace("paths", content_dir=str(tmp_path / "elsewhere"))


def test_a_broken_added_language_is_named_in_the_config_error(tmp_path: Path) -> None:
    from test_languages import MADE_UP, add_language
    content = tmp_path / "content"
    add_language(content / "translations", entry=MADE_UP.replace('"ltr"', '"sideways"'))
    path = write(tmp_path, f"[kiosk]\nlanguages = ['en', 'qaa']\n[paths]\ncontent_dir = '{content}'\n")
    with pytest.raises(ConfigError) as err:
        config.load_file(path, environ={})
    assert "'qaa' is not allowed" in str(err.value)
    assert "language.toml: direction: must be one of ltr, rtl" in str(err.value)
