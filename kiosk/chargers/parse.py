"""Tolerant reader of OCPI Locations payloads (2.2, 2.2.1 and 2.3.0 values).

Real feeds break the spec in many small ways (see the project's OCPI notes): a byte-order mark,
a bare array instead of the envelope, ``status_code`` as text, coordinates as numbers, nulls,
``"CHARGING "`` with a trailing space, invented connector names, EVSEs without ``uid``, invalid
time zones, nanosecond timestamps, timestamps without a zone or in the future, duplicates.

The rule: check object by object. A broken location or EVSE is dropped with a reason (collected in
:class:`ParseResult.dropped` and logged as a count); the rest of the page is kept. Only a payload
that is not JSON at all, or an envelope whose ``status_code`` says error, fails the whole page —
that raises :class:`PayloadError`.
"""
from __future__ import annotations

import json
import logging
import math
import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

from kiosk.chargers.model import (
    CCS1, CCS2, CHADEMO, HOUSEHOLD, INDUSTRIAL, J1772, NACS, OTHER_CONNECTOR, TYPE2,
    ChargerSite, Connector, Dropped, OpeningTimes, Port, PortStatus, Price,
)

logger = logging.getLogger(__name__)

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

# A timestamp this far after the fetch is a clock problem at the operator, not news.
_YEAR_MIN = 2000


class PayloadError(ValueError):
    """The whole response is unusable (not JSON, an HTML page, or an OCPI error status)."""

    def __init__(self, reason: str, ocpi_status: int | None = None) -> None:
        super().__init__(reason)
        self.ocpi_status = ocpi_status


@dataclass
class ParseResult:
    """Sites read from one payload; ``hidden`` counts locations left out on purpose."""

    sites: list[ChargerSite] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    hidden: int = 0
    hidden_ids: list[str] = field(default_factory=list)
    raw_count: int = 0


# ---------------------------------------------------------------------------------- envelope

def decode_json(body: bytes | str) -> Any:
    """JSON from a response body; tolerates a BOM, explains HTML and truncation."""
    if isinstance(body, bytes):
        text = body.decode("utf-8-sig", errors="replace")
    else:
        text = body[1:] if body.startswith("\ufeff") else body
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        head = text.lstrip()[:200].lower()
        if head.startswith("<") or "<html" in head:
            raise PayloadError("the server sent a web page instead of OCPI data") from None
        if not head:
            raise PayloadError("the server sent an empty response") from None
        raise PayloadError(f"the response is not valid JSON (cut short or damaged): {exc}") from None


def ocpi_status(value: Any) -> int | None:
    """The envelope's ``status_code`` as a number; "Success" and other words count as 1000."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and math.isfinite(value):
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.isdigit():
            return int(text)
        lowered = text.lower()
        if lowered in ("success", "ok", "accepted"):
            return 1000
        if "error" in lowered or "fail" in lowered:
            return 2000
    return None


def unwrap(document: Any) -> list[Any]:
    """The list of location objects inside an OCPI response, whatever its shape."""
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        raise PayloadError("the response is neither an OCPI envelope nor a list of locations")
    code = ocpi_status(document.get("status_code"))
    if code is not None and not 1000 <= code < 2000:
        message = str(document.get("status_message") or "").strip()[:200]
        raise PayloadError(f"OCPI error {code}" + (f": {message}" if message else ""), code)
    if "data" not in document:
        if any(key in document for key in ("evses", "coordinates", "elements")):
            return [document]  # a single location (or tariff) without an envelope
        raise PayloadError("the response has no 'data'")
    data = document["data"]
    if data is None:
        return []
    if isinstance(data, dict):
        return [data]
    if not isinstance(data, list):
        raise PayloadError("'data' is neither a list nor a location")
    return data


# ---------------------------------------------------------------------------------- values

def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _number(value: Any) -> float | None:
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


def _trim_fraction(text: str) -> str:
    """Cut a fractional second to 6 digits (for Pythons that refuse 7–9)."""
    dot = text.find(".", 10)
    if dot < 0:
        return text
    end = dot + 1
    while end < len(text) and text[end].isdigit():
        end += 1
    return text[:dot + 1] + text[dot + 1:end][:6].ljust(1, "0") + text[end:]


def _time(value: Any, now: datetime) -> datetime | None:
    if not isinstance(value, str):
        return None
    when = parse_time(value)
    if when is not None and when > now:
        return now  # a clock ahead of ours: treat as "just now", never as the future
    return when


@lru_cache(maxsize=512)
def valid_time_zone(name: str) -> bool:
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


def _power_kw(raw: dict[str, Any]) -> float | None:
    watts = raw.get("max_electric_power")
    if type(watts) is not int or watts <= 0:  # the common case is a plain int: skip the slow path
        watts = _number(watts)
        if not watts:
            volts, amps = _number(raw.get("max_voltage")), _number(raw.get("max_amperage"))
            if volts and amps:
                phases = 3 if _text(raw.get("power_type")).upper() == "AC_3_PHASE" else 1
                watts = volts * amps * phases
    if not watts or watts <= 0 or watts > 5_000_000:
        return None
    return _kw(watts)


@lru_cache(maxsize=1024)
def _kw(watts: float) -> float:
    return round(watts / 1000.0, 1)


@lru_cache(maxsize=1024)
def _connector(standard: str | None, power_kw: float | None) -> Connector:
    """Connectors are immutable and repeat a lot: share one object per kind."""
    return Connector(connector_standard(standard), power_kw)


def _connectors(raw: Any) -> tuple[Connector, ...]:
    if not isinstance(raw, list):
        return ()
    found = []
    for item in raw:
        if isinstance(item, dict):
            standard = item.get("standard")
            found.append(_connector(standard if isinstance(standard, str) else None, _power_kw(item)))
    return tuple(found)


def _opening_times(raw: Any) -> OpeningTimes:
    if not isinstance(raw, dict):
        return OpeningTimes()
    hours = []
    regular = raw.get("regular_hours")
    for item in regular if isinstance(regular, list) else ():
        if isinstance(item, dict) and isinstance(item.get("weekday"), int) and 1 <= item["weekday"] <= 7:
            hours.append((item["weekday"], _text(item.get("period_begin")), _text(item.get("period_end"))))
    hours.sort()
    return OpeningTimes(raw.get("twentyfourseven") is True, tuple(hours))


def _tariff(connectors: Any, tariffs: dict[str, Price] | None) -> Price | None:
    """The price of the first connector's first known tariff (OCPI connectors list tariff ids)."""
    if not tariffs or not isinstance(connectors, list):
        return None
    for connector in connectors:
        ids = connector.get("tariff_ids") if isinstance(connector, dict) else None
        for tariff_id in ids if isinstance(ids, list) else ():
            if isinstance(tariff_id, str) and tariff_id in tariffs:
                return tariffs[tariff_id]
    return None


# ---------------------------------------------------------------------------------- objects

def _location_label(raw: dict[str, Any], index: int) -> str:
    parts = [_text(raw.get(k)) for k in ("country_code", "party_id", "id")]
    return "location " + ("/".join(parts) if parts[2] else f"#{index + 1} (no id)")


def parse_evse(raw: Any, site_id: str, index: int, now: datetime,
               tariffs: dict[str, Price] | None = None) -> Port | Dropped | None:
    """One EVSE → a Port, a Dropped with the reason, or None when it is not shown (PLANNED/REMOVED)."""
    if not isinstance(raw, dict):
        return Dropped(f"{site_id} EVSE #{index + 1}", "EVSE is not an object")
    status = port_status(raw.get("status"))
    if status is None:
        return None
    uid = _text(raw.get("uid"))
    evse_id = _text(raw.get("evse_id"))
    connectors_raw = raw.get("connectors")
    return Port(
        id=uid or evse_id or f"#{index + 1}",  # EVSEs without uid exist in real feeds
        evse_id=evse_id,
        status=status,
        connectors=_connectors(connectors_raw),
        price=_tariff(connectors_raw, tariffs),
        last_updated=_time(raw.get("last_updated"), now),
    )


def _coordinates(raw: Any) -> tuple[float, float] | None:
    if not isinstance(raw, dict):
        return None
    lat, lon = _number(raw.get("latitude")), _number(raw.get("longitude"))
    if lat is None or lon is None or not -90 <= lat <= 90 or not -180 <= lon <= 180:
        return None
    if lat == 0 and lon == 0:
        return None  # "null island": a missing position written as zeros
    return lat, lon


def parse_location(raw: Any, index: int, now: datetime, result: ParseResult,
                   tariffs: dict[str, Price] | None = None) -> ChargerSite | None:
    """One location → a site (or None, with the reason recorded in ``result``)."""
    if not isinstance(raw, dict):
        result.dropped.append(Dropped(f"location #{index + 1}", "location is not an object"))
        return None
    label = _location_label(raw, index)
    loc_id = _text(raw.get("id"))
    if not loc_id:
        result.dropped.append(Dropped(label, "location has no id"))
        return None
    site_id = f"{_text(raw.get('country_code')) or '?'}/{_text(raw.get('party_id')) or '?'}/{loc_id}"
    if raw.get("publish") is False:
        result.hidden += 1
        result.hidden_ids.append(site_id)
        return None
    position = _coordinates(raw.get("coordinates"))
    if position is None:
        result.dropped.append(Dropped(label, "location has no usable coordinates"))
        return None
    evses = raw.get("evses")
    if evses is not None and not isinstance(evses, list):
        result.dropped.append(Dropped(label, "'evses' is not a list"))
        return None
    ports = _ports(evses or [], site_id, now, result, tariffs)
    if not ports:
        result.hidden += 1
        result.hidden_ids.append(site_id)
        return None
    zone = raw.get("time_zone")
    if isinstance(zone, str) and zone and not valid_time_zone(zone):
        logger.debug("%s: time zone %r is not an IANA name; ignored", label, zone)
    operator = raw.get("operator")
    return ChargerSite(
        id=site_id,
        name=_text(raw.get("name")) or _text(raw.get("address")) or loc_id,
        address=_address(raw),
        lat=position[0], lon=position[1],
        operator=_text(operator.get("name")) if isinstance(operator, dict) else "",
        opening_times=_opening_times(raw.get("opening_times")),
        ports=ports,
        live=True,
        last_updated=_time(raw.get("last_updated"), now),
    )


def _address(raw: dict[str, Any]) -> str:
    street, city = _text(raw.get("address")), _text(raw.get("city"))
    return f"{street}, {city}" if street and city and city not in street else street or city


def _ports(evses: list[Any], site_id: str, now: datetime, result: ParseResult,
           tariffs: dict[str, Price] | None) -> tuple[Port, ...]:
    by_id: dict[str, Port] = {}
    for index, raw in enumerate(evses):
        port = parse_evse(raw, site_id, index, now, tariffs)
        if port is None:
            continue
        if isinstance(port, Dropped):
            result.dropped.append(port)
            continue
        earlier = by_id.get(port.id)
        if earlier is not None:
            result.dropped.append(Dropped(f"{site_id} EVSE {port.id}", "duplicate EVSE (kept the newest)"))
            if _newer(earlier.last_updated, port.last_updated):
                continue
        by_id[port.id] = port
    return tuple(by_id.values())


def _newer(a: datetime | None, b: datetime | None) -> bool:
    """True when ``a`` is strictly newer than ``b`` (unknown times count as oldest)."""
    return a is not None and (b is None or a > b)


def parse_locations(items: list[Any], now: datetime | None = None,
                    tariffs: dict[str, Price] | None = None,
                    result: ParseResult | None = None) -> ParseResult:
    """Read a list of OCPI location objects into sites; never raises for bad objects."""
    now = now or datetime.now(timezone.utc)
    result = result if result is not None else ParseResult()
    seen: dict[str, int] = {s.id: i for i, s in enumerate(result.sites)}
    for index, raw in enumerate(items):
        result.raw_count += 1
        try:
            site = parse_location(raw, index, now, result, tariffs)
        except RecursionError:  # absurdly nested junk: drop it, keep going
            result.dropped.append(Dropped(f"location #{index + 1}", "location is nested too deeply"))
            continue
        if site is None:
            continue
        if site.id in seen:
            position = seen[site.id]
            result.dropped.append(Dropped(f"location {site.id}", "duplicate location (kept the newest)"))
            if not _newer(result.sites[position].last_updated, site.last_updated):
                result.sites[position] = site
            continue
        seen[site.id] = len(result.sites)
        result.sites.append(site)
    if result.dropped:
        logger.info("OCPI payload: %d objects dropped", len(result.dropped))
    return result


def parse_payload(body: bytes | str | Any, now: datetime | None = None,
                  tariffs: dict[str, Price] | None = None) -> ParseResult:
    """A whole response body (bytes/str, or already-decoded JSON) → sites. Raises PayloadError."""
    document = decode_json(body) if isinstance(body, (bytes, str)) else body
    return parse_locations(unwrap(document), now, tariffs)
