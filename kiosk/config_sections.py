"""The sections of the kiosk's config file: every key, its default and what it may hold.

One frozen dataclass per ``[section]``; each key is declared with :func:`_opt`, whose metadata
(range, choices, pattern, text kind, help) is what :mod:`kiosk.config` validates a file against
and what ``kiosk config keys`` prints. Adding a key here is all it takes to make it loadable,
overridable from ``KIOSK_*`` and documented. Import these from :mod:`kiosk.config`, which also
holds the :class:`~kiosk.config.Config` that gathers them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk import languages as language_registry
from kiosk.config_rules import TEXT_KINDS

PROFILES = ("street", "library")
#: Every language code the registry knows (built in + the default content folder's); a config is
#: checked against the registry of its own content folder (see ``kiosk.config._check_languages``).
LANGUAGES = tuple(language_registry.LANGUAGES)
_LANGUAGE_HELP = (f"codes from the language registry: {', '.join(language_registry.BUILT_IN)}"
                  ", or a language the content folder adds (translations/<code>/language.toml)")
THEMES = ("standard", "high_contrast")

#: Screen size of each profile, in pixels (width, height).
PROFILE_SIZE = {"street": (1080, 1920), "library": (1920, 1080)}


def _opt(default: Any, *, min: float | None = None, max: float | None = None,
         choices: tuple[Any, ...] | None = None, pattern: str | None = None, help: str = "",
         kind: str = "text") -> Any:
    """A config key with its default and what values are allowed."""
    assert kind in TEXT_KINDS, kind
    meta = {"min": min, "max": max, "choices": choices, "pattern": pattern, "help": help, "kind": kind}
    if isinstance(default, (list, tuple)):
        return field(default_factory=lambda: tuple(default), metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class KioskSection:
    """``[kiosk]``: profile, languages, session timing and look."""

    profile: str = _opt("street", choices=PROFILES)
    device_id: str = _opt("weho-kiosk", kind="name",
                          help="a name for this kiosk in reports and metrics")
    idle_seconds: int = _opt(90, min=30, max=3600)
    warning_seconds: int = _opt(30, min=20, max=300)
    default_language: str = _opt("en", help="one of languages")
    languages: tuple[str, ...] = _opt(tuple(language_registry.BUILT_IN), help=_LANGUAGE_HELP)
    text_scale: float = _opt(1.0, min=1.0, max=2.0)
    theme: str = _opt("standard", choices=THEMES)
    reduced_motion: bool = _opt(False)
    nightly_restart: str = _opt("04:00", pattern=r"(|([01]\d|2[0-3]):[0-5]\d)",
                                help="local time HH:MM the kiosk restarts each night; empty = never")


@dataclass(frozen=True)
class LocationSection:
    """``[location]``: where the kiosk stands and which way its screen faces."""

    name: str = _opt("", help="where the kiosk stands, e.g. 'Santa Monica Blvd at City Hall'")
    lat: float = _opt(34.090718, min=-90, max=90)
    lon: float = _opt(-118.370532, min=-180, max=180)
    facing_deg: float = _opt(0.0, min=0, max=360, help="compass direction the screen faces the visitor from")


@dataclass(frozen=True)
class DisplaySection:
    """``[display]``: the physical screen (sizes on screen are computed from it)."""

    diagonal_inches: float = _opt(32.0, min=7, max=100)


@dataclass(frozen=True)
class ChargersSection:
    """``[chargers]``: where charger data comes from and how patiently it is fetched."""

    source: str = _opt("simulator", choices=("simulator", "ocpi", "openchargemap", "afdc", "none"),
                       help="ocpi = live status; openchargemap / afdc = a directory without live status")
    url: str = _opt("", kind="url", help="OCPI Locations endpoint (https://…/locations), or the "
                                         "directory's query URL with its API key for openchargemap / afdc")
    tariffs_url: str = _opt("", kind="url",
                            help="OCPI Tariffs endpoint (https://…/tariffs); empty = no prices shown")
    token: str = _opt("", kind="secret")
    token_encoding: str = _opt("raw", choices=("raw", "base64"))
    refresh_seconds: int = _opt(60, min=10, max=86400)
    full_refresh_seconds: int = _opt(900, min=60, max=604800)
    stale_after_minutes: int = _opt(30, min=1, max=10080)
    connect_timeout: float = _opt(3.05, min=0.1, max=60)
    read_timeout: float = _opt(10.0, min=0.1, max=300)
    deadline_seconds: float = _opt(60.0, min=1, max=3600)
    max_response_mb: float = _opt(16.0, min=0.1, max=512)
    simulator_seed: int = _opt(7, min=0, max=2**32 - 1)


@dataclass(frozen=True)
class MapsSection:
    """``[maps]``: which map pack, which units, how fast visitors walk."""

    pack: str = _opt("weho", kind="name", help="a folder name under maps/ of the content")
    units: str = _opt("auto", choices=("auto", "imperial", "metric"))
    walking_speed_kmh: float = _opt(4.8, min=1, max=8)
    slow_walking_speed_kmh: float = _opt(3.0, min=0.5, max=6)


@dataclass(frozen=True)
class ProgressSection:
    """``[progress]``: where learning progress is stored and sent."""

    database_url: str = _opt("", kind="db_url",
                             help="SQLAlchemy URL (sqlite:///… or postgresql://…); empty = SQLite file in the data folder")
    lrs_url: str = _opt("", kind="url", help="xAPI Learning Record Store statements endpoint; empty = off")
    lrs_username: str = _opt("")
    lrs_password: str = _opt("", kind="secret")
    xapi_home_page: str = _opt("https://www.weho.org/kiosk", kind="url",
                               help="IRI naming the kiosk system in xAPI statements (actor account homePage)")


@dataclass(frozen=True)
class HealthSection:
    """``[health]``: the local health and metrics endpoint."""

    port: int = _opt(0, min=0, max=65535, help="health/metrics HTTP port on 127.0.0.1; 0 = off")


#: A Qt key name (``Up``, ``F1``, ``PageDown``): letters and digits only.
_KEY = r"[A-Za-z0-9]{1,20}"


@dataclass(frozen=True)
class AccessibilitySection:
    """``[accessibility]``: speech output and the speech-mode keypad keys."""

    speech_log: str = _opt("", kind="path", help="append one JSON line per spoken utterance and earcon to this file; "
                                    "empty = off")
    audio_device: str = _opt("", pattern=r"[A-Za-z0-9:,=_.\-]{0,64}",
                             help="ALSA device for speech (e.g. plughw:1,0 for a USB headphone adapter); "
                                  "empty = the default device")
    key_previous: str = _opt("Up", pattern=_KEY, help="Qt key name of the speech-mode keys")
    key_next: str = _opt("Down", pattern=_KEY)
    key_activate: str = _opt("Return", pattern=_KEY)
    key_back: str = _opt("Backspace", pattern=_KEY)
    key_help: str = _opt("F1", pattern=_KEY)
    key_louder: str = _opt("PageUp", pattern=_KEY)
    key_softer: str = _opt("PageDown", pattern=_KEY)


@dataclass(frozen=True)
class PathsSection:
    """``[paths]``: content, state and data folders (empty = the defaults)."""

    content_dir: str = _opt("", kind="path", help="folder holding lessons/, maps/, translations/; empty = built in")
    state_dir: str = _opt("", kind="path", help="logs and caches; empty = XDG state folder")
    data_dir: str = _opt("", kind="path", help="databases; empty = XDG data folder")
