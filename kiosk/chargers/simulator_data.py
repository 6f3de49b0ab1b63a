"""What the OCPI simulator serves: port statuses over the day, locations, tariffs and faults.

No HTTP here (that is :mod:`kiosk.chargers.simulator`): these are plain functions of a seed and
a clock, so tests can build the same payloads the server sends and compare.

Statuses change over time like real use: each port's day is cut into slots of its own length
(8–20 minutes); in each slot it is busy with a probability that follows the hour of day in
Los Angeles, and now and then it is offline or out of order for the day. Everything is derived
from (seed, port, slot), so a given seed and clock always give the same answers.

Faults are the scenarios the server plays on Locations requests, in order: an item is ``NAME`` or
``NAME*K`` (K requests in a row); see :data:`FAULTS` and :class:`FaultQueue`.
"""
from __future__ import annotations

import random
import threading
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable
from zoneinfo import ZoneInfo

from kiosk.chargers import weho_sites
from kiosk.chargers.values import format_time, parse_time

LOCAL = ZoneInfo(weho_sites.TIME_ZONE)
EPOCH = datetime(2024, 1, 1, tzinfo=timezone.utc)

# ---------------------------------------------------------------------------------- statuses

@dataclass(frozen=True)
class _PortPlan:
    site: weho_sites.SimulatedSite
    number: int
    standard: str
    power_kw: float


def _ports() -> list[_PortPlan]:
    return [_PortPlan(site, n + 1, std, kw) for site in weho_sites.SITES
            for n, (std, kw) in enumerate(site.ports)]


def _busy_chance(when: datetime) -> float:
    hour = when.astimezone(LOCAL).hour
    if 9 <= hour < 19:
        return 0.65
    if 7 <= hour < 9 or 19 <= hour < 22:
        return 0.45
    return 0.2


class StatusModel:
    """Deterministic status of every simulated port at any moment."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def _slot_minutes(self, uid: str) -> int:
        return random.Random(f"{self.seed}|{uid}|len").randint(8, 20)

    def _status_in_slot(self, uid: str, slot: int, minutes: int) -> str:
        start = EPOCH + timedelta(minutes=slot * minutes)
        day = start.astimezone(LOCAL).date().toordinal()
        if random.Random(f"{self.seed}|{uid}|day{day}").random() < 0.04:
            return "OUTOFORDER"
        draw = random.Random(f"{self.seed}|{uid}|{slot}").random()
        if draw > 0.985:
            return "UNKNOWN"
        busy = _busy_chance(start)
        if draw < busy * 0.9:
            return "CHARGING"
        if draw < busy:
            return "BLOCKED"
        return "AVAILABLE"

    def status(self, uid: str, now: datetime) -> tuple[str, datetime]:
        """(OCPI status, when it last changed) of one port."""
        minutes = self._slot_minutes(uid)
        slot = int((now - EPOCH).total_seconds() // (minutes * 60))
        current = self._status_in_slot(uid, slot, minutes)
        first = slot
        while first > slot - 24 and self._status_in_slot(uid, first - 1, minutes) == current:
            first -= 1
        return current, EPOCH + timedelta(minutes=first * minutes)


#: Made-up prices for the demo (the city's real rates are not published as OCPI): a level-2 rate,
#: and a fast-charging rate that is higher in the evening peak — so the kiosk shows "other
#: prices at some times". The fast tariff carries the operator's own English words.
SIMULATED_TARIFFS: tuple[dict[str, Any], ...] = (
    {"id": "WEH-L2", "currency": "USD", "type": "REGULAR",
     "elements": [{"price_components": [{"type": "ENERGY", "price": 0.30, "step_size": 1},
                                        {"type": "PARKING_TIME", "price": 1.00, "step_size": 900}]}]},
    {"id": "WEH-DC", "currency": "USD", "type": "REGULAR",
     "tariff_alt_text": [{"language": "en", "text": "$0.45 per kWh; $0.55 per kWh 4–9 pm (simulated)"}],
     "elements": [{"price_components": [{"type": "ENERGY", "price": 0.55, "step_size": 1}],
                   "restrictions": {"start_time": "16:00", "end_time": "21:00"}},
                  {"price_components": [{"type": "ENERGY", "price": 0.45, "step_size": 1}]}]},
)


def build_tariffs() -> list[dict[str, Any]]:
    """The simulated tariffs as OCPI 2.2.1 objects."""
    return [{"country_code": weho_sites.COUNTRY_CODE, "party_id": weho_sites.PARTY_ID, **tariff,
             "last_updated": format_time(EPOCH)} for tariff in SIMULATED_TARIFFS]


def build_locations(model: StatusModel, now: datetime) -> list[dict[str, Any]]:
    """All simulated locations as OCPI 2.2.1 objects at ``now``."""
    plans = _ports()
    locations = []
    for site in weho_sites.SITES:
        evses, newest = [], None
        for plan in (p for p in plans if p.site is site):
            uid = weho_sites.port_uid(site, plan.number)
            status, changed = model.status(uid, now)
            newest = max(newest or changed, changed)
            evses.append({
                "uid": uid, "evse_id": weho_sites.evse_id(site, plan.number), "status": status,
                "capabilities": ["RFID_READER"], "physical_reference": f"{plan.number}",
                "connectors": [{
                    "id": "1", "standard": plan.standard, "format": "CABLE",
                    "power_type": "DC" if plan.power_kw > 20 else "AC_1_PHASE",
                    "max_voltage": 400 if plan.power_kw > 20 else 240,
                    "max_amperage": 156 if plan.power_kw > 20 else 30,
                    "max_electric_power": int(plan.power_kw * 1000),
                    "tariff_ids": ["WEH-DC" if plan.power_kw > 20 else "WEH-L2"],
                    "last_updated": format_time(EPOCH)}],
                "last_updated": format_time(changed)})
        locations.append({
            "country_code": weho_sites.COUNTRY_CODE, "party_id": weho_sites.PARTY_ID, "id": site.id,
            "publish": True, "name": site.name, "address": site.address.split(",")[0],
            "city": "West Hollywood", "postal_code": "90069", "state": "CA", "country": "USA",
            "coordinates": {"latitude": f"{site.lat:.6f}", "longitude": f"{site.lon:.6f}"},
            "evses": evses, "operator": {"name": weho_sites.OPERATOR},
            "time_zone": weho_sites.TIME_ZONE, "opening_times": {"twentyfourseven": True},
            "last_updated": format_time(newest or EPOCH)})
    return locations


def in_window(location: dict[str, Any], date_from: str | None, date_to: str | None) -> bool:
    """Whether a location changed within ``[date_from, date_to)`` (OCPI's incremental query)."""
    updated = parse_time(location["last_updated"])
    start = parse_time(date_from) if date_from else None
    end = parse_time(date_to) if date_to else None
    return (start is None or updated >= start) and (end is None or updated < end)


# ---------------------------------------------------------------------------------- faults

#: The fault scenarios by name, with what the server does for each.
FAULTS = {
    "500": "HTTP 500", "502": "HTTP 502", "503": "HTTP 503",
    "429": "HTTP 429 with Retry-After in seconds", "429-date": "HTTP 429 with Retry-After as a date",
    "slow": "body dribbled out over slow_seconds", "hang": "no answer until hang_seconds pass",
    "truncate": "body cut in half (Content-Length promises more)", "html": "HTML error page with HTTP 200",
    "badpage": "a page with broken objects among the good ones", "ocpi-error": "HTTP 200, OCPI status 3001",
    "auth": "HTTP 401", "repeat": "next link pointing at the same page",
    "offhost": "next link pointing at another host", "big": "a page larger than big_mb",
}


class FaultQueue:
    """Faults handed out one per Locations request, in order."""

    def __init__(self, spec: str | Iterable[str] = (), repeat: bool = False, gap: int = 2) -> None:
        self._lock = threading.Lock()
        self.repeat, self.gap = repeat, gap
        self._plan: list[str] = []
        self._queue: deque[str | None] = deque()
        self.set(spec)

    def set(self, spec: str | Iterable[str]) -> None:
        items = [s.strip() for s in (spec.split(",") if isinstance(spec, str) else spec) if s.strip()]
        plan: list[str] = []
        for item in items:
            name, _, count = item.partition("*")
            if name not in FAULTS:
                raise ValueError(f"unknown fault {name!r}; choose from {', '.join(FAULTS)}")
            plan.extend([name] * (int(count) if count else 1))
        with self._lock:
            self._plan = plan
            self._queue = deque(plan)

    def next(self) -> str | None:
        with self._lock:
            if not self._queue and self.repeat and self._plan:
                for name in self._plan:
                    self._queue.extend([None] * self.gap + [name])
            return self._queue.popleft() if self._queue else None


def broken_objects() -> list[Any]:
    """The kinds of junk real feeds contain, to show the client drops only these."""
    return [
        "not a location",
        {"country_code": "US", "party_id": "WEH", "id": "BROKEN-NOCOORD", "evses": [{"uid": "x"}]},
        {"country_code": "US", "party_id": "WEH", "name": "no id",
         "coordinates": {"latitude": "34.09", "longitude": "-118.37"}},
        {"country_code": "US", "party_id": "WEH", "id": "BROKEN-EVSES", "evses": "none",
         "coordinates": {"latitude": "34.09", "longitude": "-118.37"}},
    ]
