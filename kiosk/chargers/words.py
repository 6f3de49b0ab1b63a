"""What a driver reads about a charging site, per plug type: counts, status words, power, price.

A site with eight J1772 ports and two CCS1 ports is two facts, not one: "3 of 10 free" would send
a CCS1 driver to a site whose CCS1 ports are both taken. So every count, word and price here is
per plug type — :func:`plug_summaries` gives one :class:`PlugSummary` per plug type at a site,
and only the chosen type when the visitor filtered by plug:

    J1772 ×8 · 6.6 kW · 2 available · $0.30/kWh

"Available" is the word for a port nobody uses; "free" would read as "no charge". On old data
the counts become "Status unknown" with what was last seen and when; a directory without live
status says so instead of guessing. Texts come out in the language on screen at the moment of
the call (nothing here caches a sentence).
"""
from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable, TypeVar

from kiosk.chargers.model import ChargerSite, Port, PortStatus, PortView, Price, connector_label
from kiosk.chargers import tariffs
from kiosk.i18n import _, current_language, format_ago, format_distance, format_minutes, format_number, ngettext

#: Chip kind per port status (shape and colour in the UI; words always come with it).
PORT_KINDS = {PortStatus.AVAILABLE: "good", PortStatus.IN_USE: "warn",
              PortStatus.OUT_OF_ORDER: "bad", PortStatus.UNKNOWN: "unknown"}
#: Longest free-text price from a directory shown on the list (the site page shows it all).
BRIEF_PRICE_CHARS = 40


F = TypeVar("F", bound=Callable[..., str])


def per_language(fn: F) -> F:
    """Remember ``fn``'s words per language and arguments. Babel takes ~0.1 ms per number it
    formats; a list of 25 sites formats hundreds, every refresh and every 30 s — the same few
    "6.6 kW" and "$0.30/kWh" over and over."""
    cached = functools.lru_cache(maxsize=4096)(lambda language, *args: fn(*args))

    @functools.wraps(fn)
    def wrapper(*args: Any) -> str:
        return cached(current_language(), *args)

    return wrapper  # type: ignore[return-value]


price_brief = per_language(tariffs.price_brief)
price_words = per_language(tariffs.price_words)


@per_language
def count_text(count: int) -> str:
    """"8" in the language's digits and grouping."""
    return format_number(count)


@per_language
def ports_text(count: int) -> str:
    return ngettext("{count} port", "{count} ports", count).format(count=format_number(count))


@dataclass(frozen=True)
class PlugSummary:
    """One plug type at one site, as the list row and the site page's group show it."""

    plug: str  # the standard's key in the model ("J1772", "CCS1", …)
    name: str  # as drivers know it: "NACS (Tesla)"
    ports: int
    available: int | None  # None when not known (no live status, or old data)
    kind: str  # good / warn / bad / unknown / none
    status: str  # "2 available", "None available now", "Status unknown" …
    detail: str  # on old data: "Last seen: 2 available, 2 hours ago"
    power: str  # "6.6 kW" or ""
    price_brief: str  # "$0.30/kWh" or ""
    price: str  # "Price: $0.30 per kWh, $1.00 per hour of parking" or ""
    port_numbers: tuple[int, ...]  # which of the site's ports (1-based) have this plug

    @property
    def line(self) -> str:
        """The list row: "J1772 ×8 · 6.6 kW · 2 available · $0.30/kWh"."""
        head = f"{self.name} ×{count_text(self.ports)}"
        return " · ".join(part for part in (head, self.power, self.status, self.price_brief) if part)

    @property
    def heading(self) -> str:
        """The site page's group title: "J1772 · 8 ports · up to 6.6 kW"."""
        parts = [self.name, ports_text(self.ports)]
        if self.power:
            parts.append(_("up to {power}").format(power=self.power))
        return " · ".join(parts)

    @property
    def spoken(self) -> str:
        """For "Read to me": whole words, no symbols."""
        parts = [f"{self.name}: {ports_text(self.ports)}", self.status, self.detail, self.price]
        return ". ".join(p.rstrip(".") for p in parts if p) + "."


@per_language
def power_text(kw: float | None) -> str:
    if not kw:
        return ""
    return _("{power} kW").format(power=format_number(round(kw, 1)))


@per_language
def available_text(count: int) -> str:
    return ngettext("{count} available", "{count} available", count).format(count=format_number(count))


def group_status(ports: list[Port], live: bool) -> tuple[str, str, int | None]:
    """(kind, words, available) for ports of one plug type, as the data says right now."""
    counts = Counter(p.status for p in ports)
    if not live:
        if counts[PortStatus.OUT_OF_ORDER] == len(ports):
            return "bad", _("Out of order"), None
        return "none", _("Live status not available"), None
    available = counts[PortStatus.AVAILABLE]
    if available:
        return "good", available_text(available), available
    if counts[PortStatus.OUT_OF_ORDER] == len(ports):
        return "bad", _("Out of order"), 0
    if counts[PortStatus.IN_USE]:
        return "warn", _("None available now"), 0
    return "unknown", _("Status unknown"), None


def _common_price(ports: list[Port]) -> tuple[str, str]:
    """(brief, full) price of the most common tariff among ``ports`` ("" when none has one)."""
    prices: Counter[Price] = Counter(p.price for p in ports if p.price is not None)
    if prices:
        price = prices.most_common(1)[0][0]
        return price_brief(price), price_words(price)
    texts = Counter(p.price_text for p in ports if p.price_text)
    if texts:
        text = texts.most_common(1)[0][0]
        brief = text if len(text) <= BRIEF_PRICE_CHARS else text[:BRIEF_PRICE_CHARS - 1].rstrip() + "…"
        return brief, text
    return "", ""


def plug_summaries(site: ChargerSite, fetched_at: datetime, now: datetime, stale_after: timedelta,
                   plug: str | None = None) -> list[PlugSummary]:
    """One summary per plug type at ``site`` (in the site's order), or only ``plug`` when given
    (empty when the site has none of it)."""
    stale = now - fetched_at > stale_after
    summaries = []
    for standard in site.standards:
        if plug is not None and standard != plug:
            continue
        numbered = [(n, p) for n, p in enumerate(site.ports, 1) if standard in p.standards]
        ports = [p for _n, p in numbered]
        kind, status, available = group_status(ports, site.live)
        detail = ""
        if stale and site.live:
            detail = _("Last seen: {status}, {ago}").format(status=status, ago=format_ago(fetched_at, now))
            kind, status, available = "unknown", _("Status unknown"), None
        powers = [c.power_kw for p in ports for c in p.connectors if c.standard == standard and c.power_kw]
        brief, full = _common_price(ports)
        summaries.append(PlugSummary(
            plug=standard, name=connector_label(standard), ports=len(ports), available=available,
            kind=kind, status=status, detail=detail, power=power_text(max(powers) if powers else None),
            price_brief=brief, price=full, port_numbers=tuple(n for n, _p in numbered)))
    return summaries


def port_status(view: PortView, now: datetime) -> tuple[str, str]:
    """(chip kind, words) for one port on the site page."""
    if not view.live:
        kind = "bad" if view.status is PortStatus.OUT_OF_ORDER else "none"
        return kind, view.status.label if kind == "bad" else view.text(now)
    return ("unknown" if view.stale else PORT_KINDS[view.status]), view.text(now)


def walk_text(metres: float, walking_speed_kmh: float, units: str) -> str:
    """"0.2 miles · about 4 minutes walk" in the visitor's language and units."""
    return _walk_text(round(metres), walking_speed_kmh, units)  # a metre more or less says the same


@per_language
def _walk_text(metres: float, walking_speed_kmh: float, units: str) -> str:
    speed_m_per_min = walking_speed_kmh * 1000 / 60
    return _("{distance} · about {minutes} walk").format(
        distance=format_distance(metres, units), minutes=format_minutes(metres / speed_m_per_min))


def updated_text(fetched_at: datetime | None, now: datetime, failed: bool) -> str:
    if fetched_at is None:
        return ""
    text = _("Updated {ago}").format(ago=format_ago(fetched_at, now))
    if failed:
        text += " " + _("(could not check again just now)")
    return text


def stale_banner_text(fetched_at: datetime, now: datetime) -> str:
    return _("This information is old (updated {ago}), so we cannot say which ports are available. "
             "The kiosk keeps trying to update it.").format(ago=format_ago(fetched_at, now))
