"""The EV-charging pages without Qt: what the list and a site page show, and what a tap does.

:class:`ChargersViewModel` holds the newest :class:`~kiosk.chargers.board.Board`, whether the last
refresh failed, and the visitor's plug filter. Views ask it for a :class:`ListPage` or a
:class:`SitePage` — every word already in the language on screen, nearest first, filter-correct
counts per plug type, staleness with "Updated 12 minutes ago", and which controls make sense —
and draw exactly that. Listeners (plain callables, as :class:`kiosk.session.Session` has) hear
of every change; the CLI and tests use it with no Qt at all.

"Now" comes from :attr:`ChargersViewModel.clock`, so a test can look at the same data hours later.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

from kiosk.chargers.board import MAX_ROWS, Board, NearSite
from kiosk.chargers.model import ChargerSite, connector_label, port_view
from kiosk.chargers.words import (
    PlugSummary, plug_summaries, port_status, stale_banner_text, updated_text, walk_text,
)
from kiosk.i18n import _, format_ago, format_number

logger = logging.getLogger(__name__)

Listener = Callable[[], None]
#: How many sites "Read to me" on the list reads (nearest first): more is too long to follow.
SPOKEN_SITES = 3


@dataclass(frozen=True)
class FilterChoice:
    plug: str | None  # None: every plug
    label: str
    selected: bool


@dataclass(frozen=True)
class SiteRow:
    """One site on the list."""

    site_id: str
    name: str
    walk: str
    plugs: tuple[PlugSummary, ...]

    @property
    def spoken(self) -> str:
        return " ".join([f"{self.name}. {self.walk}.", *(p.spoken for p in self.plugs)])


@dataclass(frozen=True)
class ListPage:
    updated: str
    banner: str  # the old-data notice, "" when the data is current
    has_data: bool  # False: nothing was ever fetched (no intro, no filters)
    filters: tuple[FilterChoice, ...]  # empty when there is nothing to choose between
    message: str  # e.g. "No chargers with this plug nearby."
    message_more: str
    rows: tuple[SiteRow, ...]
    more_note: str  # "Showing the 25 nearest of 2,500."
    speech: str  # what "Read to me" says ("" → the button is not offered)


@dataclass(frozen=True)
class PortLine:
    number: int
    label: str  # "Port 3"
    kind: str
    status: str  # "In use", "Status unknown — last seen Available 2 hours ago"
    changed: str  # "Status last changed 5 minutes ago" or ""

    @property
    def text(self) -> str:
        return f"{self.label} · {self.status}"


@dataclass(frozen=True)
class PlugGroup:
    """One plug type on the site page: its summary once (price included), then its ports."""

    summary: PlugSummary
    ports: tuple[PortLine, ...]


@dataclass(frozen=True)
class SitePage:
    found: bool  # False: the site is not in the data (or there is no data)
    site_id: str
    title: str
    address: str
    walk: str
    updated: str
    banner: str
    note: str  # no live status / the chosen plug is not here
    operator: str
    hours: str
    groups: tuple[PlugGroup, ...]  # the chosen plug first
    others_heading: str  # over the groups of other plugs when a plug is chosen, else ""
    others_from: int  # index in ``groups`` where the other plugs begin
    speech: str

    @property
    def can_walk_there(self) -> bool:
        return self.found


class ChargersViewModel:
    """State and rules of both charger pages (see the module docs)."""

    def __init__(self, *, stale_after: timedelta = timedelta(minutes=30), walking_speed_kmh: float = 4.8,
                 units: str = "auto", clock: Callable[[], datetime] | None = None,
                 max_rows: int = MAX_ROWS) -> None:
        self.stale_after = stale_after
        self.walking_speed_kmh = walking_speed_kmh
        self.units = units
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(timezone.utc))
        self.max_rows = max_rows
        self.board: Board | None = None
        self.failed = False
        self.plug: str | None = None
        self._listeners: list[Listener] = []

    # -- observing -------------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        if listener not in self._listeners:
            self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            try:
                listener()
            except Exception:  # noqa: BLE001 - one broken view must not stop the others
                logger.exception("charger view listener failed")

    # -- what happens ----------------------------------------------------------------------------
    def show_board(self, board: Board | None, *, failed: bool = False) -> None:
        """New data arrived (``failed``: the refresh failed and ``board`` is the last good data).
        Data older than what is shown is ignored (a cache read finishing after a refresh)."""
        if board is not None and (self.board is None or board.fetched_at >= self.board.fetched_at):
            self.board = board
        self.failed = failed
        self._changed()

    def refresh_failed(self) -> None:
        self.failed = True
        self._changed()

    def choose_plug(self, plug: str | None) -> None:
        if plug != self.plug:
            self.plug = plug
            self._changed()

    def reset(self) -> None:
        """The session wipe: the next visitor starts with every plug shown (the data stays)."""
        if self.plug is not None:
            self.plug = None
            self._changed()

    # -- what to show ----------------------------------------------------------------------------
    def now(self) -> datetime:
        return self.clock()

    def is_stale(self, now: datetime | None = None) -> bool:
        return self.board is not None and self.board.is_stale(now or self.now(), self.stale_after)

    def _walk(self, metres: float) -> str:
        return walk_text(metres, self.walking_speed_kmh, self.units)

    def _row(self, pair: NearSite, now: datetime) -> SiteRow:
        site = pair.site
        plugs = plug_summaries(site, self.board.fetched_at, now, self.stale_after, self.plug)
        return SiteRow(site.id, site.name, self._walk(pair.metres), tuple(plugs))

    def _status_lines(self, now: datetime) -> tuple[str, str]:
        board = self.board
        updated = updated_text(board.fetched_at if board else None, now, self.failed)
        banner = stale_banner_text(board.fetched_at, now) if self.is_stale(now) else ""
        return updated, banner

    def list_page(self) -> ListPage:
        now = self.now()
        updated, banner = self._status_lines(now)
        board = self.board
        if board is None:
            return ListPage(updated, banner, False, (), _("Charger status is not available right now."),
                            _("The kiosk keeps trying by itself. Please look again later, or ask staff for help."),
                            (), "", "")
        plug = self.plug if self.plug in board.plug_types else None
        filters: tuple[FilterChoice, ...] = ()
        if len(board.plug_types) > 1:
            filters = tuple(FilterChoice(choice, _("All") if choice is None else connector_label(choice),
                                         choice == plug) for choice in (None, *board.plug_types))
        rows = tuple(self._row(pair, now) for pair in board.nearest(plug, self.max_rows))
        message = more = ""
        if not rows:
            message = _("No chargers with this plug nearby.") if plug else _("No chargers nearby.")
            more = _("Tap “All” to see every charger.") if plug else ""
        total = board.count(plug)
        more_note = _("Showing the {shown} nearest of {total}.").format(
            shown=format_number(len(rows)), total=format_number(total)) if total > len(rows) else ""
        speech = ""
        if rows:
            intro = _("Public chargers near this kiosk, nearest first. Tap one to see its ports.")
            if plug:
                intro += " " + _("Only chargers with a {plug} plug.").format(plug=connector_label(plug))
            speech = " ".join([intro, *(row.spoken for row in rows[:SPOKEN_SITES]), updated])
        return ListPage(updated, banner, True, filters, message, more, rows, more_note, speech)

    def site_page(self, site_id: str | None) -> SitePage:
        """The page of ``site_id`` (None: the nearest site — a screenshot opened without one)."""
        now = self.now()
        updated, banner = self._status_lines(now)
        board = self.board
        pair = None
        if board is not None:
            pair = board.site(site_id) if site_id is not None else next(iter(board.near), None)
        if pair is None:
            address = (_("Charger status is not available right now.") if board is None
                       else _("Tap “Back” to see the chargers that are."))
            return SitePage(False, site_id or "", _("This charger is not in the list right now."), address, "", updated,
                            banner, "", "", "", (), "", 0, "")
        site = pair.site
        summaries = plug_summaries(site, board.fetched_at, now, self.stale_after)
        plug = self.plug
        chosen = [s for s in summaries if s.plug == plug]
        others = [s for s in summaries if s.plug != plug]
        groups = tuple(PlugGroup(s, self._ports(site, s, now)) for s in [*chosen, *others])
        note = ""
        if not site.live:
            note = _("This charger does not report which ports are in use.")
        if plug is not None and not chosen:
            note = " ".join(t for t in (_("This charger has no {plug} plug.").format(
                plug=connector_label(plug)), note) if t)
        others_heading = _("Other plugs here") if plug is not None and chosen and others else ""
        operator = _("Run by {operator}").format(operator=site.operator) if site.operator else ""
        hours = site.opening_times_text
        hours = _("Opening hours: {hours}").format(hours=hours) if hours else ""
        walk = self._walk(pair.metres)
        spoken = [site.name, site.address, walk, note, *(g.summary.spoken for g in groups), hours, updated]
        speech = ". ".join(p.rstrip(".") for p in spoken if p) + "."
        return SitePage(True, site.id, site.name, site.address, walk, updated, banner, note, operator, hours,
                        groups, others_heading, len(chosen) if others_heading else 0, speech)

    def _ports(self, site: ChargerSite, summary: PlugSummary, now: datetime) -> tuple[PortLine, ...]:
        lines = []
        for number in summary.port_numbers:
            port = site.ports[number - 1]
            view = port_view(site, port, self.board.fetched_at, now, self.stale_after)
            kind, status = port_status(view, now)
            changed = ""
            if port.last_updated is not None and view.live and not view.stale:
                changed = _("Status last changed {ago}").format(ago=format_ago(port.last_updated, now))
            lines.append(PortLine(number, _("Port {number}").format(number=format_number(number)),
                                  kind, status, changed))
        return tuple(lines)

