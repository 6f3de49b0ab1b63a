"""The kiosk's configuration: one TOML file plus ``KIOSK_*`` environment overrides.

The file is found from ``--config``, else ``KIOSK_CONFIG``, else ``$XDG_CONFIG_HOME/weho-kiosk/
config.toml``, else the built-in West Hollywood demo config. It is validated into one frozen
:class:`Config`. Unknown sections or keys, wrong types and impossible values raise
:class:`~kiosk.errors.ConfigError` naming the file, the key and what is allowed — the kiosk refuses
to start on a broken config rather than guessing.

Environment overrides: keys of ``[kiosk]`` as ``KIOSK_<KEY>`` (``KIOSK_PROFILE=library``), keys of
other sections as ``KIOSK_<SECTION>_<KEY>`` (``KIOSK_CHARGERS_URL=…``). Lists are comma-separated.

This module finds, reads, merges and validates; the sections and their keys are declared in
:mod:`kiosk.config_sections` (and importable from here, as before).
"""
from __future__ import annotations

import dataclasses
import math
import os
import re
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from kiosk import languages as language_registry
from kiosk import paths, redact
from kiosk.config_rules import KIND_TEXT, check_text
from kiosk.config_sections import (
    LANGUAGES, PROFILE_SIZE, PROFILES, THEMES, AccessibilitySection, ChargersSection, DisplaySection,
    HealthSection, KioskSection, LocationSection, MapsSection, PathsSection, ProgressSection,
)
from kiosk.errors import ConfigError

DEMO_CONFIG = Path(__file__).resolve().parent / "demo" / "config.toml"

#: A config file is a few kilobytes; anything this large is not one (and is not read into memory).
MAX_CONFIG_BYTES = 1 << 20


@dataclass(frozen=True)
class Config:
    """The whole validated config: one attribute per ``[section]``, and ``source`` (the file)."""

    kiosk: KioskSection = field(default_factory=KioskSection)
    location: LocationSection = field(default_factory=LocationSection)
    display: DisplaySection = field(default_factory=DisplaySection)
    chargers: ChargersSection = field(default_factory=ChargersSection)
    maps: MapsSection = field(default_factory=MapsSection)
    progress: ProgressSection = field(default_factory=ProgressSection)
    health: HealthSection = field(default_factory=HealthSection)
    accessibility: AccessibilitySection = field(default_factory=AccessibilitySection)
    paths: PathsSection = field(default_factory=PathsSection)
    source: str = "<defaults>"

    @property
    def screen_size(self) -> tuple[int, int]:
        return PROFILE_SIZE[self.kiosk.profile]

    @property
    def content_dir(self) -> Path:
        return Path(self.paths.content_dir) if self.paths.content_dir else paths.default_content_dir()

    @property
    def state_dir(self) -> Path:
        return Path(self.paths.state_dir) if self.paths.state_dir else paths.state_dir()

    @property
    def data_dir(self) -> Path:
        return Path(self.paths.data_dir) if self.paths.data_dir else paths.data_dir()

    def replace(self, section: str, **changes: Any) -> Config:
        """A copy with some keys of one section changed (validated like the file)."""
        merged = dataclasses.asdict(getattr(self, section)) | changes
        config = dataclasses.replace(self, **{section: _build_section(
            _SECTIONS[section], merged, self.source, section)})
        if section in ("kiosk", "paths"):
            _check_languages(config)
        return config


_SECTIONS: dict[str, type] = {f.name: typing.get_type_hints(Config)[f.name]
                              for f in dataclasses.fields(Config) if f.name != "source"}


def _type_name(tp: Any) -> str:
    if tp is bool:
        return "true or false"
    if tp is int:
        return "a whole number"
    if tp is float:
        return "a number"
    if tp is str:
        return "text in quotes"
    return "a list of text values"


def _check_value(value: Any, tp: Any, meta: Mapping[str, Any], where: str, source: str) -> Any:
    """Type-check and range-check one value; return it in its canonical Python type."""
    origin = typing.get_origin(tp)
    if origin is tuple:
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise ConfigError(source, where, f"must be {_type_name(tp)}, got {value!r}")
        items = tuple(value)
        choices = meta.get("choices")
        for item in items:
            if choices and item not in choices:
                raise ConfigError(source, where, f"{item!r} is not allowed; choose from {', '.join(choices)}")
        if not items:
            raise ConfigError(source, where, "must not be empty")
        return items
    ok = (isinstance(value, bool) if tp is bool
          else isinstance(value, int) and not isinstance(value, bool) if tp is int
          else isinstance(value, (int, float)) and not isinstance(value, bool) if tp is float
          else isinstance(value, str))
    if not ok:
        shown = "a value that is not shown here" if meta.get("kind") == "secret" else repr(value)
        raise ConfigError(source, where, f"must be {_type_name(tp)}, got {shown}")
    if tp is float:
        # A whole number too large for a float would raise OverflowError; nan and inf pass every
        # range check (each comparison with nan is false), so both are refused here by name.
        try:
            value = float(value)
        except OverflowError:
            raise ConfigError(source, where, f"must be {_type_name(tp)} of sensible size") from None
        if not math.isfinite(value):
            raise ConfigError(source, where, f"must be a finite number, got {value}")
    if tp is str:
        check_text(value, meta.get("kind", "text"), where, source)
    choices = meta.get("choices")
    if choices and value not in choices:
        raise ConfigError(source, where, f"{value!r} is not allowed; choose from {', '.join(choices)}")
    pattern = meta.get("pattern")
    if pattern and not re.fullmatch(pattern, value):
        raise ConfigError(source, where, f"{value!r} is not in the expected form ({meta.get('help')})")
    lo, hi = meta.get("min"), meta.get("max")
    if lo is not None and value < lo:
        raise ConfigError(source, where, f"must be at least {lo}, got {value}")
    if hi is not None and value > hi:
        raise ConfigError(source, where, f"must be at most {hi}, got {value}")
    return value


def _build_section(cls: type, raw: Mapping[str, Any], source: str, name: str) -> Any:
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in fields:
            raise ConfigError(source, f"[{name}] {key}",
                              f"unknown key; allowed keys are {', '.join(fields)}")
        values[key] = _check_value(value, hints[key], fields[key].metadata, f"[{name}] {key}", source)
    return cls(**values)


def _parse_env(text: str, tp: Any, where: str) -> Any:
    """Turn an environment string into the key's type (then checked like a file value)."""
    try:
        if tp is bool:
            lowered = text.strip().lower()
            if lowered in ("1", "true", "yes", "on"):
                return True
            if lowered in ("0", "false", "no", "off"):
                return False
            raise ValueError(text)
        if tp is int:
            return int(text)
        if tp is float:
            value = float(text)
            if not math.isfinite(value):
                raise ConfigError("environment", where, f"must be a finite number, got {text.strip()!r}")
            return value
        if typing.get_origin(tp) is tuple:
            return [part.strip() for part in text.split(",") if part.strip()]
    except ValueError:
        raise ConfigError("environment", where, f"must be {_type_name(tp)}, got {text!r}") from None
    return text


def env_overrides(environ: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """The ``KIOSK_*`` variables that name a known key, as ``{section: {key: value}}``."""
    found: dict[str, dict[str, Any]] = {}
    for section, cls in _SECTIONS.items():
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            var = f"KIOSK_{f.name.upper()}" if section == "kiosk" else f"KIOSK_{section.upper()}_{f.name.upper()}"
            if var in environ:
                # Checked here too, so a bad variable is named as itself, not as the file's key.
                value = _parse_env(environ[var], hints[f.name], var)
                found.setdefault(section, {})[f.name] = _check_value(
                    value, hints[f.name], f.metadata, var, "environment")
    return found


def from_mapping(data: Mapping[str, Any], source: str = "<memory>",
                 environ: Mapping[str, str] | None = None) -> Config:
    """Validate parsed TOML (plus environment overrides) into a :class:`Config`."""
    sections: dict[str, Any] = {}
    for name, raw in data.items():
        if name not in _SECTIONS:
            raise ConfigError(source, f"[{name}]", f"unknown section; allowed sections are {', '.join(_SECTIONS)}")
        if not isinstance(raw, dict):
            raise ConfigError(source, name, "must be a [section] table")
        sections[name] = dict(raw)
    for name, values in env_overrides(environ or {}).items():
        sections.setdefault(name, {}).update(values)
    built = {name: _build_section(_SECTIONS[name], raw, source, name) for name, raw in sections.items()}
    config = Config(**built, source=source)
    _check_languages(config)
    # From here on this process knows the secrets: every log record, doctor line and health
    # report masks them, whichever module prints them (see kiosk.redact).
    redact.remember(redact.config_secrets(config))
    return config


def _check_languages(config: Config) -> None:
    """The languages offered are in the registry of this config's content folder (so a language
    a deployment adds there is allowed), each once, and the default is one of them."""
    known, problems = language_registry.load(config.content_dir / "translations")
    seen: set[str] = set()
    for code in config.kiosk.languages:
        if code not in known:
            why = f" — {problems[code]}" if code in problems else ""
            raise ConfigError(config.source, "[kiosk] languages",
                              f"{code!r} is not allowed; choose from {', '.join(known)}{why}")
        if code in seen:
            raise ConfigError(config.source, "[kiosk] languages", f"{code!r} is listed twice")
        seen.add(code)
    if config.kiosk.default_language not in config.kiosk.languages:
        raise ConfigError(config.source, "[kiosk] default_language",
                          f"{config.kiosk.default_language!r} must be one of languages "
                          f"{list(config.kiosk.languages)}")


def load_file(path: str | Path, environ: Mapping[str, str] | None = None) -> Config:
    """Read and validate one TOML file. Raises :class:`ConfigError` for every problem."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_CONFIG_BYTES + 1)
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise ConfigError(path, "", "file not found") from None
    except PermissionError:
        raise ConfigError(path, "", "cannot be read: permission denied (the kiosk's user must be "
                                    "able to read it: sudo chown root:weho-kiosk FILE; sudo chmod 640 FILE)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, "", f"cannot be read ({exc})") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(path, "", f"is larger than {MAX_CONFIG_BYTES // 1024} KB; not a kiosk config")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, "", f"not valid TOML: {exc}") from None
    except (ValueError, RecursionError) as exc:
        # tomllib lets these through for a 5,000-digit number or arrays nested thousands deep.
        raise ConfigError(path, "", f"not a usable TOML file ({type(exc).__name__})") from None
    return from_mapping(data, str(path), environ)


def find_config_file(cli_path: str | None, environ: Mapping[str, str]) -> Path:
    """Which file to read: --config, else KIOSK_CONFIG, else the XDG config, else the demo."""
    if cli_path:
        return Path(cli_path)
    if environ.get("KIOSK_CONFIG"):
        return Path(environ["KIOSK_CONFIG"])
    user = paths.config_dir() / "config.toml"
    if user.exists():
        return user
    return DEMO_CONFIG


def load(cli_path: str | None = None, environ: Mapping[str, str] | None = None) -> Config:
    environ = os.environ if environ is None else environ
    return load_file(find_config_file(cli_path, environ), environ)


def describe_keys() -> list[str]:
    """Every key with its type and allowed values, for `kiosk config keys` and the README."""
    lines = []
    for section, cls in _SECTIONS.items():
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            meta = f.metadata
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
            allowed = []
            if meta.get("choices"):
                allowed.append("one of " + ", ".join(meta["choices"]))
            if meta.get("min") is not None:
                allowed.append(f"≥ {meta['min']}")
            if meta.get("max") is not None:
                allowed.append(f"≤ {meta['max']}")
            if meta.get("kind") in KIND_TEXT:
                allowed.append(KIND_TEXT[meta["kind"]])
            text = f"[{section}] {f.name} = {default!r}  ({_type_name(hints[f.name])}"
            text += ("; " + ", ".join(allowed) if allowed else "") + ")"
            if meta.get("help"):
                text += f"  — {meta['help']}"
            lines.append(text)
    return lines


__all__ = ["Config", "ConfigError", "load", "load_file", "from_mapping", "find_config_file",
           "DEMO_CONFIG", "PROFILES", "LANGUAGES", "PROFILE_SIZE", "THEMES", "describe_keys",
           "AccessibilitySection", "ChargersSection", "DisplaySection", "HealthSection", "KioskSection",
           "LocationSection", "MapsSection", "PathsSection", "ProgressSection"]
