"""What the kiosk can show of a charger snapshot: the sites nearest the kiosk, per plug type.

A city feed may hold 10,000 ports; a visitor on foot looks at the 25 nearest sites. A
:class:`Board` keeps only those — the nearest :data:`MAX_ROWS` for "all plugs" and for each plug
type, plus every site within :data:`NEAR_RADIUS_M` (so a site page opened from the map finds its
site) — with how many sites offer each plug type, so the list can say "the 25 nearest of 2,500".

It is built where the snapshot is (the refresh process, or the CLI) and is small enough to cross
to the UI in well under a millisecond. This module is the one place for "nearest first" and "only
this plug type": :meth:`kiosk.chargers.ChargerService.sites_near`, the CLI and the screens all use it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from kiosk.chargers.model import ChargerSite, Snapshot, data_is_stale, haversine_m

#: The list shows at most this many sites for one choice of plug.
MAX_ROWS = 25
#: Sites this close are always kept (the map may link to any of them).
NEAR_RADIUS_M = 2500.0
#: …but never more than this many of them.
MAX_NEAR = 200


class NearSite(NamedTuple):
    """A site and its straight-line distance from the kiosk."""

    site: ChargerSite
    metres: float


def by_distance(sites: tuple[ChargerSite, ...] | list[ChargerSite], position: tuple[float, float] | None,
                plug: str | None = None) -> list[NearSite]:
    """Sites nearest first, optionally only those with a ``plug`` type. Ties are broken by site
    id, so the order is the same from one refresh to the next."""
    lat, lon = position or (0.0, 0.0)
    pairs = [NearSite(s, haversine_m(lat, lon, s.lat, s.lon)) for s in sites
             if plug is None or plug in s.standards]
    pairs.sort(key=lambda pair: (round(pair.metres, 1), pair.site.id))
    return pairs


@dataclass(frozen=True)
class Board:
    """The shown part of one snapshot (see the module docs)."""

    near: tuple[NearSite, ...]  # nearest first
    plug_types: tuple[str, ...]  # every plug type in the whole snapshot, sorted
    site_counts: tuple[tuple[str | None, int], ...]  # sites offering each plug type (None: all)
    fetched_at: datetime
    source: str
    complete: bool = True

    @classmethod
    def from_snapshot(cls, snapshot: Snapshot, position: tuple[float, float] | None,
                      keep: int | None = MAX_ROWS) -> Board:
        """``keep=None`` keeps every site (the CLI)."""
        ordered = by_distance(snapshot.sites, position)
        plug_types = snapshot.standards()
        counts: dict[str | None, int] = {None: len(ordered)}
        taken: dict[str, None] = {}
        seen_per_plug: dict[str | None, int] = {}
        for index, pair in enumerate(ordered):
            site_plugs = pair.site.standards
            for plug in site_plugs:
                counts[plug] = counts.get(plug, 0) + 1
            wanted = keep is None or index < keep or (
                pair.metres <= NEAR_RADIUS_M and len(taken) < MAX_NEAR)
            for plug in site_plugs:
                seen = seen_per_plug.get(plug, 0)
                seen_per_plug[plug] = seen + 1
                wanted = wanted or seen < keep
            if wanted:
                taken[pair.site.id] = None
        near = tuple(pair for pair in ordered if pair.site.id in taken)
        return cls(near, plug_types, tuple(counts.items()), snapshot.fetched_at, snapshot.source,
                   snapshot.complete)

    def nearest(self, plug: str | None = None, limit: int | None = None) -> list[NearSite]:
        """Sites nearest first, only those with ``plug`` when given, at most ``limit``."""
        chosen = [pair for pair in self.near if plug is None or plug in pair.site.standards]
        return chosen if limit is None else chosen[:limit]

    def count(self, plug: str | None = None) -> int:
        """How many sites in the whole snapshot offer ``plug`` (all sites for None)."""
        return dict(self.site_counts).get(plug, 0)

    def site(self, site_id: str) -> NearSite | None:
        return next((pair for pair in self.near if pair.site.id == site_id), None)

    def is_stale(self, now: datetime | None, stale_after: timedelta) -> bool:
        return data_is_stale(self.fetched_at, now, stale_after)
