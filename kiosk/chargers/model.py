"""The normalised charger model every source (OCPI, static directories, the cache) turns into.

A :class:`ChargerSite` is a place a visitor can walk to; its :class:`Port` objects are the
individual charging points (OCPI EVSEs) with one display status each. A :class:`Snapshot` is one
complete view of all sites at a moment, plus what had to be dropped on the way and why.

Staleness is a property of the snapshot, not of a port: a port whose status has not changed for
hours is still current if we fetched it a minute ago. Once the snapshot is older than the
configured age, :meth:`Snapshot.port_view` reports every port as unknown with the status it had
when last seen, so the screen never claims "Available" on old data.
"""
from __future__ import annotations

import enum
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from kiosk.i18n import N_, _


class PortStatus(enum.Enum):
    """What a visitor needs to know about one charging port."""

    AVAILABLE = "available"
    IN_USE = "in_use"
    OUT_OF_ORDER = "out_of_order"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """The status in words, in the current language."""
        return _(_STATUS_LABELS[self])


_STATUS_LABELS = {
    PortStatus.AVAILABLE: N_("Available"),
    PortStatus.IN_USE: N_("In use"),
    PortStatus.OUT_OF_ORDER: N_("Out of order"),
    PortStatus.UNKNOWN: N_("Unknown"),
}

#: Plain-word connector standards. They are proper names except the last few, which are marked
#: for translation; :func:`connector_label` gives the visitor's wording.
J1772, CCS1, CCS2, CHADEMO, NACS, TYPE2 = "J1772", "CCS1", "CCS2", "CHAdeMO", "NACS (J3400)", "Type 2"
HOUSEHOLD, INDUSTRIAL, OTHER_CONNECTOR = N_("Household socket"), N_("Industrial socket"), N_("Other")


#: The names drivers know a plug by, where the standard's own name is not enough: a Tesla owner
#: looks for "Tesla", and "Combo" is the word on many CCS1 cars' charge-port doors.
PLUG_NAMES = {NACS: "NACS (Tesla)", CCS1: "CCS1 (Combo)", CCS2: "CCS2 (Combo)"}


def connector_label(standard: str) -> str:
    """The plug name as the visitor reads it (translates the few generic names)."""
    if standard in (HOUSEHOLD, INDUSTRIAL, OTHER_CONNECTOR):
        return _(standard)
    return PLUG_NAMES.get(standard, standard)


def data_is_stale(fetched_at: datetime, now: datetime | None, stale_after: timedelta) -> bool:
    """The one staleness rule: data fetched longer than ``stale_after`` ago no longer says
    which ports are available (used by snapshots, boards, the CLI and the screens)."""
    now = now or datetime.now(timezone.utc)
    return now - fetched_at > stale_after


@dataclass(frozen=True)
class Connector:
    standard: str
    power_kw: float | None = None


@dataclass(frozen=True)
class Price:
    """What charging costs, from an OCPI tariff (amounts include VAT where the tariff gives it).

    Words for a visitor come from :func:`kiosk.chargers.tariffs.price_words`, in the language
    on screen at that moment — so the model keeps numbers, not sentences.
    """

    currency: str  # ISO 4217, e.g. "USD"
    per_kwh: float | None = None
    per_hour: float | None = None  # time spent charging
    per_session: float | None = None  # a fixed fee to start
    parking_per_hour: float | None = None
    varies: bool = False  # other prices apply at some times or conditions
    alt_text: tuple[tuple[str, str], ...] = ()  # (language, the operator's own words)


@dataclass(frozen=True)
class Port:
    """One charging port (an OCPI EVSE)."""

    id: str
    evse_id: str
    status: PortStatus
    connectors: tuple[Connector, ...] = ()
    price_text: str | None = None  # free text from a static source (e.g. "Free", "$0.25/kWh")
    last_updated: datetime | None = None
    price: Price | None = None  # from the OCPI Tariffs module

    @property
    def max_power_kw(self) -> float | None:
        powers = [c.power_kw for c in self.connectors if c.power_kw]
        return max(powers) if powers else None

    @property
    def standards(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.standard for c in self.connectors))


@dataclass(frozen=True)
class OpeningTimes:
    """When a site may be used. ``regular_hours`` holds (ISO weekday 1–7, "HH:MM", "HH:MM")."""

    twentyfourseven: bool = False
    regular_hours: tuple[tuple[int, str, str], ...] = ()

    def text(self) -> str:
        """Short opening hours in the visitor's language ("Open 24/7", "Mon 08:00–18:00, …")."""
        from kiosk.i18n import babel_locale  # Babel locale lookup only when shown
        if self.twentyfourseven:
            return _("Open 24/7")
        if not self.regular_hours:
            return ""
        days = babel_locale().days["format"]["abbreviated"]
        return ", ".join(f"{days[(d - 1) % 7]} {b}–{e}" for d, b, e in self.regular_hours)


@dataclass(frozen=True)
class ChargerSite:
    """A charging location: where it is, who runs it, and its ports."""

    id: str  # "country_code/party_id/id"
    name: str
    address: str
    lat: float
    lon: float
    operator: str = ""
    opening_times: OpeningTimes = field(default_factory=OpeningTimes)
    ports: tuple[Port, ...] = ()
    live: bool = True
    last_updated: datetime | None = None

    @property
    def total_ports(self) -> int:
        return len(self.ports)

    @property
    def free_ports(self) -> int:
        """Ports a visitor can plug into now (0 for static sources, which never claim Available)."""
        return sum(1 for p in self.ports if p.status is PortStatus.AVAILABLE) if self.live else 0

    def status_counts(self) -> Counter[PortStatus]:
        return Counter(p.status for p in self.ports)

    @property
    def standards(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for p in self.ports for s in p.standards))

    @property
    def max_power_kw(self) -> float | None:
        powers = [p.max_power_kw for p in self.ports if p.max_power_kw]
        return max(powers) if powers else None

    @property
    def opening_times_text(self) -> str:
        return self.opening_times.text()

    def distance_m(self, lat: float, lon: float) -> float:
        return haversine_m(lat, lon, self.lat, self.lon)


@dataclass(frozen=True)
class Dropped:
    """An object the parser could not use, and why (shown in `kiosk chargers status`)."""

    object: str
    reason: str


@dataclass(frozen=True)
class PortView:
    """What the screen shows for one port right now.

    ``status`` is what to show (UNKNOWN once stale); ``last_seen_status`` is the status in the
    data; ``age`` is how old the data is; ``live`` is False for static sources.
    """

    port: Port
    status: PortStatus
    last_seen_status: PortStatus
    stale: bool
    age: timedelta
    live: bool = True

    def text(self, now: datetime | None = None) -> str:
        """The status line in the visitor's language."""
        from kiosk.i18n import format_ago
        if not self.live:
            return _("Live status not available")
        if self.stale and self.last_seen_status is not PortStatus.UNKNOWN:
            seen_at = (now or datetime.now(timezone.utc)) - self.age
            return _("Status unknown — last seen {status} {ago}").format(
                status=self.last_seen_status.label, ago=format_ago(seen_at, now))
        return self.status.label


@dataclass(frozen=True)
class Snapshot:
    """All sites from one source at one moment."""

    sites: tuple[ChargerSite, ...]
    fetched_at: datetime
    source: str
    dropped: tuple[Dropped, ...] = ()
    hidden: int = 0  # locations not shown on purpose (unpublished, no shown port)
    complete: bool = True  # False when a crawl stopped early (bad next link, page bound)

    def age(self, now: datetime | None = None) -> timedelta:
        now = now or datetime.now(timezone.utc)
        return max(now - self.fetched_at, timedelta(0))

    def is_stale(self, now: datetime | None = None, stale_after: timedelta = timedelta(minutes=30)) -> bool:
        return data_is_stale(self.fetched_at, now, stale_after)

    def port_view(self, site: ChargerSite, port: Port, now: datetime | None = None,
                  stale_after: timedelta = timedelta(minutes=30)) -> PortView:
        return port_view(site, port, self.fetched_at, now, stale_after)

    def site_free_ports(self, site: ChargerSite, now: datetime | None = None,
                        stale_after: timedelta = timedelta(minutes=30)) -> int | None:
        """Free ports to show, or None when unknown (stale data or a static source)."""
        if not site.live or self.is_stale(now, stale_after):
            return None
        return site.free_ports

    def status_counts(self) -> Counter[PortStatus]:
        counts: Counter[PortStatus] = Counter()
        for site in self.sites:
            counts.update(site.status_counts())
        return counts

    @property
    def port_count(self) -> int:
        return sum(s.total_ports for s in self.sites)

    def site(self, site_id: str) -> ChargerSite | None:
        return next((s for s in self.sites if s.id == site_id), None)

    def standards(self) -> tuple[str, ...]:
        """Every connector standard present, for the screen's filter chips (sorted)."""
        return tuple(sorted({s for site in self.sites for s in site.standards}))

    def dropped_reasons(self) -> Counter[str]:
        return Counter(d.reason for d in self.dropped)


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Straight-line (great-circle) distance in metres."""
    r = 6_371_008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def port_view(site: ChargerSite, port: Port, fetched_at: datetime, now: datetime | None,
              stale_after: timedelta) -> PortView:
    """What to show for one port of data fetched at ``fetched_at``, seen at ``now``."""
    now = now or datetime.now(timezone.utc)
    stale = data_is_stale(fetched_at, now, stale_after)
    shown = PortStatus.UNKNOWN if stale or not site.live else port.status
    if not site.live and port.status is PortStatus.OUT_OF_ORDER:
        shown = PortStatus.OUT_OF_ORDER  # a directory saying "not working" is still worth showing
    return PortView(port, shown, port.status, stale, max(now - fetched_at, timedelta(0)), site.live)
