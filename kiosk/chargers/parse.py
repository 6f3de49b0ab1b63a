"""Tolerant reader of OCPI Locations payloads (2.2, 2.2.1 and 2.3.0 values): objects to sites.

Real feeds break the spec in many small ways (see the project's OCPI notes): a byte-order mark,
a bare array instead of the envelope, ``status_code`` as text, coordinates as numbers, nulls,
``"CHARGING "`` with a trailing space, invented connector names, EVSEs without ``uid``, invalid
time zones, nanosecond timestamps, timestamps without a zone or in the future, duplicates.

The rule: check object by object. A broken location or EVSE is dropped with a reason (collected in
:class:`ParseResult.dropped` and logged as a count); the rest of the page is kept. Only a payload
that is not JSON at all, or an envelope whose ``status_code`` says error, fails the whole page —
that raises :class:`PayloadError`.

This module builds the sites, ports and connectors. Single values are coerced in
:mod:`kiosk.chargers.values` and the envelope is opened in :mod:`kiosk.chargers.envelope`; their
names stay importable from here.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

from kiosk.chargers.envelope import PayloadError, decode_json, ocpi_status, unwrap
from kiosk.chargers.model import ChargerSite, Connector, Dropped, OpeningTimes, Port, Price
from kiosk.chargers.values import (
    CONNECTOR_STANDARD, EVSE_STATUS, as_coordinates, connector_power_kw, as_text, as_time, connector_standard,
    parse_time, port_status, valid_time_zone,
)

# What other modules import from here, including the names that moved to envelope/values.
__all__ = ["CONNECTOR_STANDARD", "EVSE_STATUS", "ParseResult", "PayloadError", "connector_standard",
           "decode_json", "ocpi_status", "parse_evse", "parse_location", "parse_locations", "parse_payload",
           "parse_time", "port_status", "unwrap", "valid_time_zone"]

logger = logging.getLogger(__name__)


@dataclass
class ParseResult:
    """Sites read from one payload; ``hidden`` counts locations left out on purpose."""

    sites: list[ChargerSite] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    hidden: int = 0
    hidden_ids: list[str] = field(default_factory=list)
    raw_count: int = 0


# ---------------------------------------------------------------------------------- parts

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
            found.append(_connector(standard if isinstance(standard, str) else None, connector_power_kw(item)))
    return tuple(found)


def _opening_times(raw: Any) -> OpeningTimes:
    if not isinstance(raw, dict):
        return OpeningTimes()
    hours = []
    regular = raw.get("regular_hours")
    for item in regular if isinstance(regular, list) else ():
        if isinstance(item, dict) and isinstance(item.get("weekday"), int) and 1 <= item["weekday"] <= 7:
            hours.append((item["weekday"], as_text(item.get("period_begin")), as_text(item.get("period_end"))))
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
    parts = [as_text(raw.get(k)) for k in ("country_code", "party_id", "id")]
    return "location " + ("/".join(parts) if parts[2] else f"#{index + 1} (no id)")


def parse_evse(raw: Any, site_id: str, index: int, now: datetime,
               tariffs: dict[str, Price] | None = None) -> Port | Dropped | None:
    """One EVSE → a Port, a Dropped with the reason, or None when it is not shown (PLANNED/REMOVED)."""
    if not isinstance(raw, dict):
        return Dropped(f"{site_id} EVSE #{index + 1}", "EVSE is not an object")
    status = port_status(raw.get("status"))
    if status is None:
        return None
    uid = as_text(raw.get("uid"))
    evse_id = as_text(raw.get("evse_id"))
    connectors_raw = raw.get("connectors")
    return Port(
        id=uid or evse_id or f"#{index + 1}",  # EVSEs without uid exist in real feeds
        evse_id=evse_id,
        status=status,
        connectors=_connectors(connectors_raw),
        price=_tariff(connectors_raw, tariffs),
        last_updated=as_time(raw.get("last_updated"), now),
    )


def parse_location(raw: Any, index: int, now: datetime, result: ParseResult,
                   tariffs: dict[str, Price] | None = None) -> ChargerSite | None:
    """One location → a site (or None, with the reason recorded in ``result``)."""
    if not isinstance(raw, dict):
        result.dropped.append(Dropped(f"location #{index + 1}", "location is not an object"))
        return None
    label = _location_label(raw, index)
    loc_id = as_text(raw.get("id"))
    if not loc_id:
        result.dropped.append(Dropped(label, "location has no id"))
        return None
    site_id = f"{as_text(raw.get('country_code')) or '?'}/{as_text(raw.get('party_id')) or '?'}/{loc_id}"
    if raw.get("publish") is False:
        result.hidden += 1
        result.hidden_ids.append(site_id)
        return None
    position = as_coordinates(raw.get("coordinates"))
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
        name=as_text(raw.get("name")) or as_text(raw.get("address")) or loc_id,
        address=_address(raw),
        lat=position[0], lon=position[1],
        operator=as_text(operator.get("name")) if isinstance(operator, dict) else "",
        opening_times=_opening_times(raw.get("opening_times")),
        ports=ports,
        live=True,
        last_updated=as_time(raw.get("last_updated"), now),
    )


def _address(raw: dict[str, Any]) -> str:
    street, city = as_text(raw.get("address")), as_text(raw.get("city"))
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
