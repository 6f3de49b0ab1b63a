"""Tolerant coercion of single OCPI values: text, numbers, timestamps, statuses, connectors.

Real feeds send ``status_code`` as text, coordinates as strings with commas, ``"CHARGING "``
with a trailing space, invented connector names, nanosecond or zone-less timestamps and times
in the future. Each function here takes whatever arrived and gives the one plain value the
kiosk uses, or None / a neutral value when there is nothing usable — never an exception. The
object builders (:mod:`kiosk.chargers.parse`, :mod:`kiosk.chargers.static_sources`,
:mod:`kiosk.chargers.tariffs`) and the simulator share them.
"""
from __future__ import annotations

import math
import zoneinfo
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

from kiosk.chargers.model import (
    CCS1, CCS2, CHADEMO, HOUSEHOLD, INDUSTRIAL, J1772, NACS, OTHER_CONNECTOR, TYPE2, PortStatus,
)

#: OCPI EVSE status → what the kiosk shows; None = not shown at all.
EVSE_STATUS: dict[str, PortStatus | None] = {
    "AVAILABLE": PortStatus.AVAILABLE,
    "CHARGING": PortStatus.IN_USE, "BLOCKED": PortStatus.IN_USE, "RESERVED": PortStatus.IN_USE,
    "INOPERATIVE": PortStatus.OUT_OF_ORDER, "OUTOFORDER": PortStatus.OUT_OF_ORDER,
    "UNKNOWN": PortStatus.UNKNOWN,
    "PLANNED": None, "REMOVED": None,
}

CONNECTOR_STANDARD: dict[str, str] = {
    "IEC_62196_T1": J1772, "IEC_62196_T1_COMBO": CCS1,
    "IEC_62196_T2": TYPE2, "IEC_62196_T2_COMBO": CCS2,
    "CHADEMO": CHADEMO, "CHAOJI": "ChaoJi",
    "TESLA_S": NACS, "SAE_J3400": NACS, "NACS": NACS, "TESLA_R": "Tesla Roadster",
    "GBT_AC": "GB/T AC", "GBT_DC": "GB/T DC", "MCS": "MCS",
    "IEC_62196_T3A": "Type 3", "IEC_62196_T3C": "Type 3",
}

#: Fallbacks for invented names ("Type 2 outlet", "GB/T (DC)"): letters and digits only, by prefix.
_FUZZY_STANDARD = (
    ("CCS1", CCS1), ("CCS2", CCS2), ("CCSTYPE1", CCS1), ("CCSTYPE2", CCS2), ("COMBO1", CCS1),
    ("COMBO2", CCS2), ("J1772COMBO", CCS1), ("CCS", CCS1),
    ("J1772", J1772), ("TYPE1", J1772), ("TYPE2", TYPE2), ("MENNEKES", TYPE2),
    ("CHADEMO", CHADEMO), ("J3400", NACS), ("NACS", NACS), ("TESLA", NACS),
    ("GBTDC", "GB/T DC"), ("GBTAC", "GB/T AC"), ("GBT", "GB/T DC"),
    ("DOMESTIC", HOUSEHOLD), ("SCHUKO", HOUSEHOLD), ("NEMA", HOUSEHOLD), ("IEC60309", INDUSTRIAL),
)

# Timestamps before this year are placeholders (1970, year 1) from feeds with no real reading.
_YEAR_MIN = 2000


def as_text(value: Any) -> str:
    """Text stripped of spaces; a number as its digits; anything else (null, a list) → ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def as_number(value: Any) -> float | None:
    """A finite number from a number or text ("34,09" too); booleans, junk, nan, inf → None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


@lru_cache(maxsize=8192)
def parse_time(value: str) -> datetime | None:
    """An OCPI timestamp in UTC; no zone means UTC; odd digit counts allowed; junk → None."""
    text = value.strip()
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        try:
            when = datetime.fromisoformat(_trim_fraction(text))
        except ValueError:
            return None
    if when.year < _YEAR_MIN:
        return None
    if when.tzinfo is None:
        return when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc)


def format_time(when: datetime) -> str:
    """``when`` as an OCPI timestamp: UTC, whole seconds, ``Z`` (what servers parse most surely)."""
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _trim_fraction(text: str) -> str:
    """Cut a fractional second to 6 digits (for Pythons that refuse 7–9)."""
    dot = text.find(".", 10)
    if dot < 0:
        return text
    end = dot + 1
    while end < len(text) and text[end].isdigit():
        end += 1
    return text[:dot + 1] + text[dot + 1:end][:6].ljust(1, "0") + text[end:]


def as_time(value: Any, now: datetime) -> datetime | None:
    """A ``last_updated`` value in UTC, never later than ``now``; not a usable timestamp → None."""
    if not isinstance(value, str):
        return None
    when = parse_time(value)
    if when is not None and when > now:
        return now  # a clock ahead of ours: treat as "just now", never as the future
    return when


@lru_cache(maxsize=512)
def valid_time_zone(name: str) -> bool:
    """True when ``name`` is an IANA time zone this machine knows."""
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def port_status(value: Any) -> PortStatus | None:
    """Display status of an OCPI EVSE status; unknown words → UNKNOWN; PLANNED/REMOVED → None."""
    if not isinstance(value, str):
        return PortStatus.UNKNOWN
    key = value.strip().upper()
    return EVSE_STATUS.get(key, PortStatus.UNKNOWN) if key in EVSE_STATUS else PortStatus.UNKNOWN


@lru_cache(maxsize=256)
def connector_standard(value: str | None) -> str:
    """Plain-word name of an OCPI connector standard, tolerant of invented names."""
    if not value:
        return OTHER_CONNECTOR
    key = value.strip().upper()
    if key in CONNECTOR_STANDARD:
        return CONNECTOR_STANDARD[key]
    if key.startswith("DOMESTIC_") or key.startswith("NEMA_"):
        return HOUSEHOLD
    if key.startswith("IEC_60309"):
        return INDUSTRIAL
    squeezed = "".join(ch for ch in key if ch.isalnum())
    for prefix, name in _FUZZY_STANDARD:
        if squeezed.startswith(prefix):
            return name
    return OTHER_CONNECTOR


def connector_power_kw(raw: dict[str, Any]) -> float | None:
    """A connector's power in kW from ``max_electric_power`` (watts), else volts × amps × phases."""
    watts = raw.get("max_electric_power")
    if type(watts) is not int or watts <= 0:  # the common case is a plain int: skip the slow path
        watts = as_number(watts)
        if not watts:
            volts, amps = as_number(raw.get("max_voltage")), as_number(raw.get("max_amperage"))
            if volts and amps:
                phases = 3 if as_text(raw.get("power_type")).upper() == "AC_3_PHASE" else 1
                watts = volts * amps * phases
    if not watts or watts <= 0 or watts > 5_000_000:
        return None
    return _kw(watts)


@lru_cache(maxsize=1024)
def _kw(watts: float) -> float:
    return round(watts / 1000.0, 1)


def as_coordinates(raw: Any) -> tuple[float, float] | None:
    """(lat, lon) from ``{"latitude", "longitude"}`` (strings or numbers); out of range → None."""
    if not isinstance(raw, dict):
        return None
    lat, lon = as_number(raw.get("latitude")), as_number(raw.get("longitude"))
    if lat is None or lon is None or not -90 <= lat <= 90 or not -180 <= lon <= 180:
        return None
    if lat == 0 and lon == 0:
        return None  # "null island": a missing position written as zeros
    return lat, lon
