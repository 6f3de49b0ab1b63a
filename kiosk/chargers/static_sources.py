"""Charger directories without live status: Open Charge Map and NREL AFDC, as the same model.

Their sites are marked ``live=False``: the screen shows "live status not available" and a port is
never *Available* — at most *Out of order* when the directory says the charger is not working.
Planned and removed entries are left out, like OCPI PLANNED/REMOVED. Bad entries are dropped one
by one with a reason, as in the OCPI parser.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from typing import Any, Callable

from kiosk.chargers.model import (
    CCS1, CCS2, CHADEMO, HOUSEHOLD, J1772, NACS, TYPE2, ChargerSite, Connector, Dropped,
    OpeningTimes, Port, PortStatus, Snapshot,
)
from kiosk.chargers.envelope import PayloadError, decode_json
from kiosk.chargers.parse import ParseResult
from kiosk.chargers.values import as_coordinates, as_number, as_text, as_time, connector_standard

# Open Charge Map reference data: ConnectionTypeID → standard.
OCM_CONNECTION_TYPES = {1: J1772, 2: CHADEMO, 25: TYPE2, 1036: TYPE2, 32: CCS1, 33: CCS2,
                        27: NACS, 30: NACS, 28: HOUSEHOLD}
OCM_HIDDEN = {150, 200, 210}  # planned, removed
OCM_NOT_WORKING = {30, 100}  # temporarily unavailable, not operational

AFDC_CONNECTORS = {"J1772": J1772, "J1772COMBO": CCS1, "CHADEMO": CHADEMO, "TESLA": NACS, "J3400": NACS,
                   "NEMA515": HOUSEHOLD, "NEMA520": HOUSEHOLD, "NEMA1450": HOUSEHOLD}
_AFDC_DC = {"J1772COMBO", "CHADEMO", "TESLA", "J3400"}


def _document(body: bytes | str | Any) -> Any:
    return decode_json(body) if isinstance(body, (bytes, str)) else body


def _int(value: Any) -> int | None:
    number = as_number(value)
    return int(number) if number is not None and number.is_integer() else None


#: Reads one directory entry: (raw, index, now, result) → a site, or None with the reason recorded.
SiteReader = Callable[[Any, int, datetime, ParseResult], ChargerSite | None]


def _read_entries(entries: list[Any], read_site: SiteReader, now: datetime) -> ParseResult:
    """Every entry through ``read_site``; the sites it gives are kept in order."""
    result = ParseResult()
    for index, raw in enumerate(entries):
        result.raw_count += 1
        site = read_site(raw, index, now, result)
        if site is not None:
            result.sites.append(site)
    return result


# ---------------------------------------------------------------------------------- Open Charge Map

def parse_open_charge_map(body: bytes | str | Any, now: datetime | None = None) -> ParseResult:
    """Open Charge Map ``/v3/poi`` output (a JSON list of POIs) → static sites."""
    now = now or datetime.now(timezone.utc)
    document = _document(body)
    if not isinstance(document, list):
        raise PayloadError("Open Charge Map answer is not a list of places")
    return _read_entries(document, _ocm_site, now)


def _ocm_site(raw: Any, index: int, now: datetime, result: ParseResult) -> ChargerSite | None:
    if not isinstance(raw, dict):
        result.dropped.append(Dropped(f"place #{index + 1}", "place is not an object"))
        return None
    ident = _int(raw.get("ID"))
    info = raw.get("AddressInfo")
    if ident is None or not isinstance(info, dict):
        result.dropped.append(Dropped(f"place #{index + 1}", "place has no ID or no AddressInfo"))
        return None
    country = info.get("Country")
    iso = as_text(country.get("ISOCode")) if isinstance(country, dict) else ""
    site_id = f"{iso or '?'}/OCM/{ident}"
    if _int(raw.get("StatusTypeID")) in OCM_HIDDEN:
        result.hidden += 1
        return None
    position = as_coordinates({"latitude": info.get("Latitude"), "longitude": info.get("Longitude")})
    if position is None:
        result.dropped.append(Dropped(site_id, "place has no usable coordinates"))
        return None
    ports = _ocm_ports(raw, site_id, now)
    if not ports:
        result.hidden += 1
        return None
    operator = raw.get("OperatorInfo")
    street, town = as_text(info.get("AddressLine1")), as_text(info.get("Town"))
    return ChargerSite(
        id=site_id, name=as_text(info.get("Title")) or street or site_id,
        address=", ".join(p for p in (street, town) if p), lat=position[0], lon=position[1],
        operator=as_text(operator.get("Title")) if isinstance(operator, dict) else "",
        ports=ports, live=False, last_updated=as_time(raw.get("DateLastStatusUpdate"), now))


def _ocm_ports(raw: dict[str, Any], site_id: str, now: datetime) -> tuple[Port, ...]:
    connections = raw.get("Connections")
    site_status = _int(raw.get("StatusTypeID"))
    price = as_text(raw.get("UsageCost")) or None
    updated = as_time(raw.get("DateLastStatusUpdate"), now)
    ports: list[Port] = []
    for number, conn in enumerate(connections if isinstance(connections, list) else ()):
        if not isinstance(conn, dict):
            continue
        status_id = _int(conn.get("StatusTypeID"))
        status_id = status_id if status_id is not None else site_status
        if status_id in OCM_HIDDEN:
            continue
        kind = conn.get("ConnectionType")
        standard = OCM_CONNECTION_TYPES.get(_int(conn.get("ConnectionTypeID")) or -1) or connector_standard(
            as_text(kind.get("Title")) if isinstance(kind, dict) else None)
        power = as_number(conn.get("PowerKW"))
        status = PortStatus.OUT_OF_ORDER if status_id in OCM_NOT_WORKING else PortStatus.UNKNOWN
        quantity = max(1, min(_int(conn.get("Quantity")) or 1, 50))
        for copy in range(quantity):
            ports.append(Port(id=f"{site_id}#{number + 1}.{copy + 1}", evse_id="", status=status,
                              connectors=(Connector(standard, power if power and power > 0 else None),),
                              price_text=price, last_updated=updated))
    return tuple(ports)


# ---------------------------------------------------------------------------------- NREL AFDC

def parse_afdc(body: bytes | str | Any, now: datetime | None = None) -> ParseResult:
    """NREL AFDC ``alt-fuel-stations`` output (``{"fuel_stations": [...]}``) → static sites."""
    now = now or datetime.now(timezone.utc)
    document = _document(body)
    if isinstance(document, dict) and isinstance(document.get("fuel_stations"), list):
        stations = document["fuel_stations"]
    elif isinstance(document, dict) and isinstance(document.get("alt_fuel_station"), dict):
        stations = [document["alt_fuel_station"]]
    elif isinstance(document, list):
        stations = document
    else:
        raise PayloadError("AFDC answer has no 'fuel_stations' list")
    return _read_entries(stations, _afdc_site, now)


def _afdc_site(raw: Any, index: int, now: datetime, result: ParseResult) -> ChargerSite | None:
    if not isinstance(raw, dict) or _int(raw.get("id")) is None:
        result.dropped.append(Dropped(f"station #{index + 1}", "station is not an object with an id"))
        return None
    site_id = f"US/AFDC/{_int(raw.get('id'))}"
    status_code = as_text(raw.get("status_code")).upper()
    if status_code == "P":
        result.hidden += 1
        return None
    position = as_coordinates({"latitude": raw.get("latitude"), "longitude": raw.get("longitude")})
    if position is None:
        result.dropped.append(Dropped(site_id, "station has no usable coordinates"))
        return None
    status = PortStatus.OUT_OF_ORDER if status_code == "T" else PortStatus.UNKNOWN
    ports = _afdc_ports(raw, site_id, status, now)
    if not ports:
        result.hidden += 1
        return None
    street, city = as_text(raw.get("street_address")), as_text(raw.get("city"))
    hours = as_text(raw.get("access_days_time")).lower()
    return ChargerSite(
        id=site_id, name=as_text(raw.get("station_name")) or street or site_id,
        address=", ".join(p for p in (street, city) if p), lat=position[0], lon=position[1],
        operator=as_text(raw.get("ev_network")), ports=ports, live=False,
        opening_times=OpeningTimes(twentyfourseven=hours.startswith("24 hours")),
        last_updated=as_time(raw.get("updated_at"), now))


def _afdc_ports(raw: dict[str, Any], site_id: str, status: PortStatus, now: datetime) -> tuple[Port, ...]:
    types_raw = raw.get("ev_connector_types")
    types = [as_text(t).upper() for t in types_raw] if isinstance(types_raw, list) else []
    ac = tuple(dict.fromkeys(AFDC_CONNECTORS.get(t, connector_standard(t)) for t in types if t not in _AFDC_DC))
    dc = tuple(dict.fromkeys(AFDC_CONNECTORS[t] for t in types if t in _AFDC_DC))
    price = as_text(raw.get("ev_pricing")) or None
    updated = as_time(raw.get("updated_at"), now)
    ports: list[Port] = []
    groups = (("L1", raw.get("ev_level1_evse_num"), ac or (HOUSEHOLD,)),
              ("L2", raw.get("ev_level2_evse_num"), ac or (J1772,)),
              ("DC", raw.get("ev_dc_fast_num"), dc or (CCS1,)))
    for level, count, standards in groups:
        for number in range(max(0, min(_int(count) or 0, 200))):
            ports.append(Port(id=f"{site_id}#{level}.{number + 1}", evse_id="", status=status,
                              connectors=tuple(Connector(s) for s in standards),
                              price_text=price, last_updated=updated))
    return tuple(ports)


def static_snapshot(result: ParseResult, source: str, fetched_at: datetime | None = None) -> Snapshot:
    """A snapshot of static sites (all ``live=False``, whatever the parser was given)."""
    return Snapshot(sites=tuple(replace(s, live=False) for s in result.sites),
                    fetched_at=fetched_at or datetime.now(timezone.utc), source=source,
                    dropped=tuple(result.dropped), hidden=result.hidden)
