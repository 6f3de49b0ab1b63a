"""Hostile config values: nan and inf, odd URLs, paths that climb, ids with line breaks, fuzzing.

Each is refused by `kiosk config check` (and so by `kiosk run`) with the file or variable, the key
and the rule — never accepted to fail later, never another exception than ConfigError.
"""
from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import config
from kiosk.cli import main
from kiosk.errors import ConfigError

FLOAT_KEYS = [("kiosk", "text_scale"), ("location", "lat"), ("location", "lon"),
              ("location", "facing_deg"), ("display", "diagonal_inches"),
              ("chargers", "connect_timeout"), ("chargers", "read_timeout"),
              ("chargers", "deadline_seconds"), ("chargers", "max_response_mb"),
              ("maps", "walking_speed_kmh"), ("maps", "slow_walking_speed_kmh")]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(path: Path, environ: dict[str, str] | None = None) -> str:
    with pytest.raises(ConfigError) as err:
        config.load_file(path, environ=environ or {})
    return str(err.value)


@pytest.mark.parametrize("section, key", FLOAT_KEYS)
@pytest.mark.parametrize("literal", ["nan", "inf", "-inf", "+nan"])
def test_non_finite_numbers_in_the_file_are_refused(tmp_path: Path, section: str, key: str,
                                                    literal: str) -> None:
    path = write(tmp_path, f"[{section}]\n{key} = {literal}\n")
    message = refused(path)
    assert message.startswith(str(path)) and f"[{section}] {key}" in message
    assert "finite number" in message


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-Infinity", " nan "])
def test_non_finite_numbers_in_environment_variables_are_refused(tmp_path: Path, value: str) -> None:
    message = refused(write(tmp_path, ""), {"KIOSK_CHARGERS_DEADLINE_SECONDS": value})
    assert "KIOSK_CHARGERS_DEADLINE_SECONDS" in message and "finite number" in message


def test_an_environment_value_out_of_range_names_the_variable(tmp_path: Path) -> None:
    message = refused(write(tmp_path, ""), {"KIOSK_TEXT_SCALE": "9"})
    assert message.startswith("environment: KIOSK_TEXT_SCALE: must be at most 2.0")


def test_a_huge_whole_number_for_a_number_key_is_a_config_error(tmp_path: Path) -> None:
    assert "[location] lat" in refused(write(tmp_path, "[location]\nlat = " + "9" * 400 + "\n"))


@pytest.mark.parametrize("key", ["[chargers]\nurl", "[chargers]\ntariffs_url", "[progress]\nlrs_url",
                                 "[progress]\nxapi_home_page"])
@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.test/x", "not a url",
                                 "javascript:alert(1)", "https://", "http://host:port/x"])
def test_urls_must_be_http_or_https(tmp_path: Path, key: str, url: str) -> None:
    message = refused(write(tmp_path, f"{key} = {url!r}\n"))
    name = key.replace("\n", " ")
    assert name in message and ("http:// or https://" in message or "not a URL" in message)


def test_credentials_inside_a_url_are_refused_without_showing_them(tmp_path: Path) -> None:
    message = refused(write(tmp_path, "[chargers]\nurl = 'https://user:hunter2secret@ocpi.test/locations'\n"))
    assert "[chargers] url" in message and "token" in message
    assert "hunter2secret" not in message


def test_good_urls_and_the_afdc_api_key_query_are_accepted(tmp_path: Path) -> None:
    cfg = config.load_file(write(tmp_path, "[chargers]\nsource = 'afdc'\nurl = "
                                 "'https://developer.nrel.gov/api/alt-fuel-stations/v1.json?api_key=K&zip=90069'\n"
                                 "[progress]\nlrs_url = 'http://127.0.0.1:8080/xapi/'\n"
                                 "database_url = 'postgresql+psycopg://kiosk:pw@db/kiosk'\n"), environ={})
    assert cfg.chargers.url.endswith("zip=90069") and cfg.progress.lrs_url.startswith("http://")


@pytest.mark.parametrize("url", ["mysql://x/y", "file:///tmp/x", "sqlite", "oracle://db"])
def test_database_url_must_name_a_supported_database(tmp_path: Path, url: str) -> None:
    assert "[progress] database_url" in refused(write(tmp_path, f"[progress]\ndatabase_url = {url!r}\n"))


@pytest.mark.parametrize("pack", ["../../../../etc", "weho/../../x", "/etc", "a b", ".hidden", "we\\ho"])
def test_map_pack_must_be_a_plain_folder_name(tmp_path: Path, pack: str) -> None:
    message = refused(write(tmp_path, f"[maps]\npack = {pack!r}\n"))
    assert "[maps] pack" in message and "no spaces or slashes" in message


@pytest.mark.parametrize("key", ["content_dir", "state_dir", "data_dir"])
@pytest.mark.parametrize("value", ["relative/dir", "/var/lib/../../etc", "~/x"])
def test_state_and_content_paths_are_absolute_and_do_not_climb(tmp_path: Path, key: str, value: str) -> None:
    assert f"[paths] {key}" in refused(write(tmp_path, f"[paths]\n{key} = {value!r}\n"))


@pytest.mark.parametrize("device_id", ["kiosk\nERROR forged line", "kiosk 1", "", "ü-kiosk", "x" * 65,
                                       "kiosk\"} 1\n"])
def test_device_id_is_limited_to_safe_characters(tmp_path: Path, device_id: str) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("[kiosk]\ndevice_id = " + _toml_string(device_id) + "\n", encoding="utf-8")
    assert "[kiosk] device_id" in refused(path)


def test_control_characters_are_refused_in_any_text_and_secrets_are_not_echoed(tmp_path: Path) -> None:
    assert "control character" in refused(write(tmp_path, "[location]\nname = \"City Hall\\u0007\"\n"))
    message = refused(write(tmp_path, "[chargers]\ntoken = \"s3cr3t-token\\nX-Evil: 1\"\n"))
    assert "[chargers] token" in message and "s3cr3t-token" not in message
    assert "[progress] lrs_password" in refused(write(tmp_path, "[progress]\nlrs_password = 5\n"))


def test_absurd_files_are_config_errors(tmp_path: Path) -> None:
    assert "not a usable TOML file" in refused(write(tmp_path, "a = " + "[" * 20000 + "]" * 20000 + "\n"))
    assert "not a usable TOML file" in refused(write(tmp_path, "[location]\nlat = " + "1" * 5000 + "\n"))
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (config.MAX_CONFIG_BYTES + 10))
    assert "larger than" in refused(big)
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert "cannot be read" in refused(binary)


def test_config_check_command_refuses_nan_with_file_and_key(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, "[chargers]\ndeadline_seconds = nan\n")
    assert main(["config", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert str(path) in err and "[chargers] deadline_seconds" in err and "finite" in err


# -- fuzzing -------------------------------------------------------------------------------

def _toml_string(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\' or ord(ch) < 0x20 or ord(ch) == 0x7f:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        text = repr(value)
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(text, text)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{_toml_string(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"  # type: ignore[union-attr]


KNOWN = {name: [f.name for f in __import__("dataclasses").fields(cls)] for name, cls in config._SECTIONS.items()}
scalars = st.one_of(st.booleans(), st.integers(min_value=-(10 ** 30), max_value=10 ** 30), st.floats(),
                    st.text(max_size=40),
                    st.sampled_from(["https://ocpi.test/x?apikey=k", "file:///etc", "../../etc", "en", "street",
                                     "sqlite:///x", "weho", "/var/lib/k", "04:00", "", "nan"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.text(string.ascii_lowercase, min_size=1, max_size=5),
                                                                       inner, max_size=2)), max_leaves=6)
section_names = st.sampled_from(list(KNOWN) + ["bogus"])


@st.composite
def config_texts(draw: st.DrawFn) -> str:
    lines = []
    for section in draw(st.lists(section_names, max_size=4, unique=True)):
        lines.append(f"[{section}]")
        keys = KNOWN.get(section, []) + ["nope"]
        for key in draw(st.lists(st.sampled_from(keys), max_size=5, unique=True)):
            lines.append(f"{key} = {_toml_value(draw(values))}")
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=config_texts())
def test_any_config_file_loads_or_is_a_config_error(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    try:
        cfg = config.load_file(path, environ={})
    except ConfigError as exc:
        assert str(exc).startswith(str(path)) and exc.problem
        return
    assert cfg.kiosk.default_language in cfg.kiosk.languages  # a loaded config is a valid one
    for section in ("location", "chargers", "maps", "display"):
        for value in __import__("dataclasses").asdict(getattr(cfg, section)).values():
            if isinstance(value, float):
                assert value == value and abs(value) != float("inf")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300))
def test_any_bytes_load_or_are_a_config_error(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_bytes(raw)
    try:
        config.load_file(path, environ={})
    except ConfigError:
        pass


@settings(max_examples=200, deadline=None)
@given(env=st.dictionaries(st.sampled_from(["KIOSK_TEXT_SCALE", "KIOSK_IDLE_SECONDS", "KIOSK_LANGUAGES",
                                            "KIOSK_CHARGERS_URL", "KIOSK_MAPS_PACK", "KIOSK_DEVICE_ID",
                                            "KIOSK_REDUCED_MOTION", "KIOSK_HEALTH_PORT"]),
                           st.text(max_size=30), max_size=4))
def test_any_environment_loads_or_is_a_config_error(env: dict[str, str]) -> None:
    try:
        config.from_mapping({}, "x.toml", env)
    except ConfigError:
        pass
