"""EV charging: public chargers nearest the kiosk with live status, and one page per site.

Two screens share one :class:`ChargerFeed` (the UI side of :class:`kiosk.chargers.ChargerService`):

* ``chargers`` — the list: nearest first, a big status chip per site (icon + word, never colour
  alone), connector filter, "Updated 3 minutes ago" always on screen, a banner when the data is old;
* ``charger_site`` (args ``{"id": site_id}``) — address, opening hours, every port, *Walk there*
  (opens the map with the site as destination) and *Read to me*.

The feed refreshes in a worker thread (``asyncio.to_thread``) and emits ``changed``; the screens
then update their existing widgets in place, so the list never jumps under the visitor's finger.
"What time is it" comes from ``feed.clock`` so tests can show the same data hours later.
"""
from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.chargers import ChargerService, ChargerSite, Snapshot, connector_label, sites_by_distance
from kiosk import gcpause
from kiosk.chargers.model import PortStatus, PortView
from kiosk.chargers.tariffs import price_words
from kiosk.errors import KioskError
from kiosk.i18n import _, format_ago, format_distance, format_minutes, format_number, ngettext
from ui import gcguard
from ui.context import AppContext
from ui.screens.base import Screen, heading, page_layout, vertical_scroll
from ui.theme import Palette, px
from ui.widgets.buttons import BigButton, WrapButton
from ui.widgets.charger_card import SiteCard, set_text
from ui.widgets.flow import FlowWidget
from ui.widgets.status_chip import StatusChip, StatusIcon, chip_stylesheet

logger = logging.getLogger(__name__)

#: The list shows at most this many sites: a kiosk visitor walks, and a 10,000-port feed must
#: not become 2,500 cards to build and scroll through.
MAX_ROWS = 25
#: UI-thread time one event-loop turn may spend updating or building cards. Building all 25
#: cards at once held the UI thread for 150–230 ms, and updating 25 statuses at once (each chip
#: restyled, each card shown) 30–60 ms — a touch unanswered. Within this budget per turn, Qt lays
#: out and paints between turns and the list is complete a few turns later, nearest sites first.
TURN_BUDGET_S = 0.003
#: Spare cards are built ahead, one per timer tick while the kiosk is otherwise idle, so the first
#: list a visitor sees only fills in texts: a new card costs 1–3 ms to build and style, and 25 of
#: them, even three per turn, kept each turn at 10–14 ms and the first fill over 30 ms.
SPARE_TICK_MS = 40
#: How many filter buttons are made ahead (All + the usual connector standards).
SPARE_FILTERS = 6
#: When the previous charger snapshot is let go after a new one is shown (see ChargerFeed.refresh).
RELEASE_DELAY_MS = 250
#: How often the "Updated … ago" words and the stale check are renewed while a page is shown.
AGE_TICK_MS = 30_000
PORT_KINDS = {PortStatus.AVAILABLE: "good", PortStatus.IN_USE: "warn",
              PortStatus.OUT_OF_ORDER: "bad", PortStatus.UNKNOWN: "unknown"}


# ------------------------------------------------------------------------------ data for the view

@dataclass(frozen=True)
class SiteEntry:
    site: ChargerSite
    metres: float
    standards: frozenset[str]


@dataclass(frozen=True)
class Prepared:
    """A snapshot made ready for drawing: sites nearest first (computed off the UI thread)."""

    snapshot: Snapshot
    entries: tuple[SiteEntry, ...]
    standards: tuple[str, ...]

    def entry(self, site_id: str) -> SiteEntry | None:
        return next((e for e in self.entries if e.site.id == site_id), None)


def prepare(snapshot: Snapshot | None, position: tuple[float, float] | None) -> Prepared | None:
    if snapshot is None:
        return None
    lat, lon = position or (0.0, 0.0)
    entries = tuple(SiteEntry(site, metres, frozenset(site.standards))
                    for site, metres in sites_by_distance(snapshot.sites, lat, lon))
    return Prepared(snapshot, entries, snapshot.standards())


class ChargerFeed(QObject):
    """Holds the service and the prepared data; refreshes on a schedule; says when data changed."""

    changed = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.service: ChargerService | None = None
        self.data: Prepared | None = None
        self.failed = False
        self.task: asyncio.Task | None = None
        #: The wall clock used for "… ago" and staleness (tests put a fixed time here).
        self.clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)

    def ensure_service(self) -> ChargerService | None:
        """The charger service, built on first use; None when the configuration cannot give one."""
        if self.service is None:
            try:
                self.service = self.ctx.service(
                    "chargers", lambda: ChargerService.from_config(self.ctx.config))
            except KioskError as exc:  # e.g. source "ocpi" without a URL: a calm page, not a crash
                logger.warning("charger status unavailable: %s", exc)
                return None
            if self.data is None:
                self.data = prepare(self.service.current(), self.service.kiosk_position)
        return self.service

    @property
    def stale_after(self) -> timedelta:
        return self.service.stale_after if self.service else timedelta(minutes=30)

    def is_stale(self) -> bool:
        return self.data is not None and self.data.snapshot.is_stale(self.clock(), self.stale_after)

    async def refresh(self) -> None:
        """Fetch once in a worker thread; on failure keep the old data (its age shows)."""
        service = self.ensure_service()
        if service is None or not service.enabled:
            return
        try:
            prepared = await asyncio.to_thread(self._refresh_in_worker, service)
        except KioskError as exc:
            self.failed = True
            logger.info("charger refresh failed, showing older data: %s", exc)
        except Exception:  # noqa: BLE001 - the screen must keep going whatever a feed does
            self.failed = True
            logger.exception("charger refresh failed unexpectedly")
        else:
            gcguard.settle()  # thousands of long-lived objects: out of the GC's passes
            # The previous snapshot is ~10^5 objects: freeing them takes ~4 ms, so it happens in
            # an event-loop turn of its own once the list is drawn (a few turns), not in one
            # that draws it.
            previous = [self.data]
            self.data, self.failed = prepared, False
            QTimer.singleShot(RELEASE_DELAY_MS, previous.clear)  # its last reference goes then
        self.changed.emit()

    @staticmethod
    def _refresh_in_worker(service: ChargerService) -> Prepared | None:
        # One bulk-allocation section (kiosk.gcpause): the UI thread's collector waits for it
        # rather than walk a half-built snapshot of 10^5 objects (an 18 ms pass, measured).
        with gcpause.paused():
            return prepare(service.refresh(), service.kiosk_position)

    async def run(self) -> None:
        """Refresh now and then for as long as the kiosk runs (cancelled by :meth:`close`)."""
        while True:
            await self.refresh()
            service = self.service
            if service is None or not service.enabled:
                return
            await asyncio.sleep(service.next_refresh_delay())

    def start(self) -> None:
        """Start :meth:`run` once, on the running (qasync) loop; without a loop nothing starts."""
        if self.task is not None and not self.task.done():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self.task = loop.create_task(self.run(), name="charger-refresh")

    def close(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.task = None


# ------------------------------------------------------------------------------ words

def free_text(free: int, total: int) -> str:
    return ngettext("{free} of {total} free", "{free} of {total} free", free).format(
        free=format_number(free), total=format_number(total))


def power_text(kw: float | None) -> str:
    if not kw:
        return ""
    return _("{power} kW").format(power=format_number(round(kw, 1)))


def connectors_text(standards: tuple[str, ...], kw: float | None) -> str:
    names = ", ".join(connector_label(s) for s in standards) or _("Connector type not known")
    power = power_text(kw)
    return _("{connectors} · up to {power}").format(connectors=names, power=power) if power else names


def walk_text(metres: float, ctx: AppContext) -> str:
    speed_m_per_min = ctx.config.maps.walking_speed_kmh * 1000 / 60
    return _("{distance} · about {minutes} walk").format(
        distance=format_distance(metres, ctx.config.maps.units),
        minutes=format_minutes(metres / speed_m_per_min))


def site_status(snapshot: Snapshot, site: ChargerSite, now: datetime,
                stale_after: timedelta) -> tuple[str, str, str]:
    """(chip kind, chip words, detail line) for one site."""
    total = site.total_ports
    if not site.live:
        return "none", _("Live status not available"), _("This charger does not report whether it is free.")
    if snapshot.is_stale(now, stale_after):
        last_seen = free_text(site.free_ports, total)
        return "unknown", _("Status unknown"), _("Last seen: {status}, {ago}").format(
            status=last_seen, ago=format_ago(snapshot.fetched_at, now))
    free = site.free_ports
    if free:
        return "good", free_text(free, total), ""
    counts = site.status_counts()
    if counts[PortStatus.OUT_OF_ORDER] == total:
        return "bad", _("Out of order"), free_text(0, total)
    if counts[PortStatus.IN_USE]:
        return "warn", free_text(0, total), _("All in use right now")
    return "unknown", free_text(0, total), _("Status unknown")


def port_status(view: PortView, now: datetime) -> tuple[str, str]:
    if not view.live:
        kind = "bad" if view.status is PortStatus.OUT_OF_ORDER else "none"
        return kind, view.status.label if kind == "bad" else view.text(now)
    return ("unknown" if view.stale else PORT_KINDS[view.status]), view.text(now)


def updated_text(feed: ChargerFeed, now: datetime) -> str:
    if feed.data is None:
        return ""
    text = _("Updated {ago}").format(ago=format_ago(feed.data.snapshot.fetched_at, now))
    if feed.failed:
        text += " " + _("(could not check again just now)")
    return text


def stale_banner_text(feed: ChargerFeed, now: datetime) -> str:
    return _("This information is old (updated {ago}), so we cannot say which chargers are free. "
             "The kiosk keeps trying to update it.").format(
        ago=format_ago(feed.data.snapshot.fetched_at, now) if feed.data else "")


# ------------------------------------------------------------------------------ shared pieces

class Banner(QFrame):
    """A framed notice with the "unknown" shape: old data, no data."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chargerBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(self)
        row.setContentsMargins(20, 16, 20, 16)
        row.setSpacing(16)
        self.icon = StatusIcon()
        self.label = QLabel()
        self.label.setWordWrap(True)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)

    def show_text(self, text: str) -> None:
        set_text(self.label, text)
        self.setVisible(bool(text))
        self.setAccessibleName(text)

    def restyle(self, palette: Palette, scale: float) -> None:
        side = int(px("body", scale) * 1.4)
        self.icon.set_look("unknown", palette.text, palette.window, side)


def screen_stylesheet(p: Palette, scale: float) -> str:
    return chip_stylesheet(p, scale) + f"""
QLabel[role="cardTitle"] {{ font-size: {px('tile', scale)}px; font-weight: 700; }}
QFrame#chargerCard, QFrame#portRow {{ background: {p.surface}; border: 3px solid {p.border}; border-radius: 20px; }}
QFrame#chargerCard:focus {{ border: 5px solid {p.focus}; }}
QFrame#chargerBanner {{ background: {p.window}; border: 4px dashed {p.text}; border-radius: 16px; }}
QFrame#chargerBanner QLabel {{ font-size: {px('body', scale)}px; font-weight: 700; }}
QPushButton[filter="true"][selected="true"] {{
    background: {p.selected}; color: {p.on_selected}; border-color: {p.selected};
}}
"""


class _ChargerScreen(Screen):
    """What both charger pages share: the feed, the age ticker, styling."""

    def __init__(self, ctx: AppContext, feed: ChargerFeed, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.feed = feed
        feed.changed.connect(self._on_feed_changed)
        self.age_timer = QTimer(self)
        self.age_timer.setInterval(AGE_TICK_MS)
        self.age_timer.timeout.connect(self.render)

    def title(self) -> str:
        return _("EV charging")

    def render(self) -> None:
        """Show the feed's data as of ``feed.clock()``, updating widgets in place."""

    def retranslate(self) -> None:
        self.render()

    def restyle(self) -> None:
        self.setStyleSheet(screen_stylesheet(self.ctx.palette, self.ctx.scale))

    def on_show(self, args: dict[str, Any]) -> None:
        self.feed.ensure_service()
        self.feed.start()
        self.render()

    def _on_feed_changed(self) -> None:
        # A hidden page is drawn when it is next shown (on_show); drawing it now would only hold
        # the UI thread while the visitor uses the other page.
        if self.isVisible():
            self.render()

    async def load(self) -> None:
        """Refresh once and wait until the page is fully drawn (screenshots, tests)."""
        self.feed.ensure_service()
        await self.feed.refresh()
        await self.drawn()

    def filling(self) -> bool:
        """True while the page is still being drawn, a few widgets per event-loop turn."""
        return False

    async def drawn(self) -> None:
        """Return once :meth:`filling` is over."""
        while self.filling():
            await asyncio.sleep(0)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.age_timer.start()
        super().showEvent(event)

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.age_timer.stop()
        super().hideEvent(event)


# ------------------------------------------------------------------------------ the list

class ChargersScreen(_ChargerScreen):
    name = "chargers"

    def __init__(self, ctx: AppContext, feed: ChargerFeed, parent: QWidget | None = None) -> None:
        super().__init__(ctx, feed, parent)
        self.standard: str | None = None
        self.cards: dict[str, SiteCard] = {}
        #: Built, styled, hidden cards waiting for a site (see SPARE_TICK_MS).
        self.spares: list[SiteCard] = []
        self.order: list[str] = []
        # What the list is filling in: entries and "now" (not the whole snapshot: one kept alive
        # here would escape its timed release, see ChargerFeed.refresh).
        self._wanted: tuple[list[SiteEntry], datetime] = ([], datetime.min)
        self._next = 0  # the first entry of _wanted not yet drawn
        self._turn_started: float | None = None  # set by render(): its cost counts in the budget
        self._fill_timer = QTimer(self)
        self._fill_timer.setSingleShot(True)
        self._fill_timer.setInterval(0)
        self._fill_timer.timeout.connect(self._fill)
        self.filter_buttons: list[BigButton] = []
        outer = page_layout(self, margin=32, spacing=16)
        self.heading = heading("title")
        self.updated = heading("lead")
        self.updated.setObjectName("chargers_updated")
        self.banner = Banner()
        self.banner.hide()
        # The title, the data's age and the old-data banner stay put; the rest scrolls.
        outer.addWidget(self.heading)
        outer.addWidget(self.updated)
        outer.addWidget(self.banner)
        page = QWidget()
        self.scroll = vertical_scroll(page, self)
        outer.addWidget(self.scroll, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(20)
        self.intro = heading("muted")
        self.filters = FlowWidget(spacing=16, margin=0)
        self.filters.setObjectName("chargers_filters")
        self.message = heading("lead")
        self.message.setObjectName("chargers_message")
        self.message_more = heading("")
        self.cards_layout = QVBoxLayout()
        self.cards_layout.setSpacing(20)
        self.more_note = heading("muted")
        for widget in (self.intro, self.filters, self.message, self.message_more):
            layout.addWidget(widget)
        layout.addLayout(self.cards_layout)
        layout.addWidget(self.more_note)
        layout.addStretch(1)
        self.retranslate()
        self._spare_timer = QTimer(self)
        self._spare_timer.setInterval(SPARE_TICK_MS)
        self._spare_timer.timeout.connect(self._build_spare)
        self._spare_timer.start()

    # -- cards made ahead -----------------------------------------------------------------------
    def _build_spare(self) -> None:
        """One step of the warm-up: one filter button or one card, built and styled, hidden."""
        if len(self.filter_buttons) < SPARE_FILTERS:
            self._add_filter_button().hide()
            return
        if len(self.cards) + len(self.spares) >= MAX_ROWS:
            self._spare_timer.stop()
            return
        card = self._make_card()
        card.ensurePolished()  # styled now, while nobody waits
        self.spares.append(card)

    def stop(self) -> None:
        self._spare_timer.stop()
        self._fill_timer.stop()

    def warmed_up(self) -> bool:
        """True once every card and filter button the list may need exists (tests, bench)."""
        return (len(self.filter_buttons) >= SPARE_FILTERS
                and len(self.cards) + len(self.spares) >= MAX_ROWS)

    # -- drawing --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.heading.setText(self.title())
        self.intro.setText(_("Public chargers near this kiosk, nearest first. Tap one to see its ports."))
        self.render()

    def visible_entries(self) -> list[SiteEntry]:
        data = self.feed.data
        if data is None:
            return []
        chosen = [e for e in data.entries if self.standard is None or self.standard in e.standards]
        return chosen[:MAX_ROWS]

    def render(self) -> None:
        self._turn_started = time.perf_counter()
        feed, now = self.feed, self.feed.clock()
        data = feed.data
        set_text(self.updated, updated_text(feed, now))
        self.banner.show_text(stale_banner_text(feed, now) if feed.is_stale() else "")
        if data is None:
            self._show_message(_("Charger status is not available right now."),
                               _("The kiosk keeps trying by itself. Please look again later, "
                                 "or ask staff for help."))
            self.intro.hide()
            self.filters.hide()
            self._show_cards([], now)
            return
        self.intro.show()
        self._update_filters(data.standards)
        entries = self.visible_entries()
        if entries:
            self._show_message("", "")
        else:
            self._show_message(_("No chargers with this connector nearby."),
                               _("Tap “All” to see every charger."))
        self._show_cards(entries, now)
        total = sum(1 for e in data.entries if self.standard is None or self.standard in e.standards)
        set_text(self.more_note, _("Showing the {shown} nearest of {total}.").format(
            shown=format_number(len(entries)), total=format_number(total)) if total > len(entries) else "")

    def _show_message(self, lead: str, more: str) -> None:
        set_text(self.message, lead)
        set_text(self.message_more, more)

    def _update_filters(self, standards: tuple[str, ...]) -> None:
        self.filters.setVisible(len(standards) > 1)
        choices: list[str | None] = [None, *standards]
        while len(self.filter_buttons) < len(choices):
            self._add_filter_button()
        for index, button in enumerate(self.filter_buttons):
            if index >= len(choices):
                button.hide()
                continue
            choice = choices[index]
            selected = choice == self.standard
            word = _("All") if choice is None else connector_label(choice)
            # The chosen filter carries a tick, not just a colour.
            button.setText(f"✓ {word}" if selected else word)
            button.setObjectName(f"filter_{choice or 'all'}")
            button.choice = choice
            if button.property("selected") != selected:
                button.setProperty("selected", selected)
                button.style().unpolish(button)
                button.style().polish(button)
            button.show()

    def _add_filter_button(self) -> BigButton:
        button = BigButton()
        button.setProperty("filter", True)
        button.clicked.connect(lambda _c=False, i=len(self.filter_buttons): self._on_filter_clicked(i))
        self.filters.add(button)
        button.ensurePolished()
        self.filter_buttons.append(button)
        return button

    def _show_cards(self, entries: list[SiteEntry], now: datetime) -> None:
        """Show ``entries`` in order, a few cards per event-loop turn (see :data:`TURN_BUDGET_S`
        and :meth:`filling`), nearest first; a card not yet updated keeps its last words."""
        self._wanted = (entries, now)
        self._next = 0
        self._fill_timer.stop()
        self._fill()

    def filling(self) -> bool:
        """True while cards of the list are still being built or updated, a few per turn."""
        return self._fill_timer.isActive()

    def _fill(self) -> None:
        entries, now = self._wanted
        data = self.feed.data
        if data is None:
            entries = []
        bar = self.scroll.verticalScrollBar()
        keep = bar.value()
        started, self._turn_started = self._turn_started or time.perf_counter(), None
        index = self._next
        if index == 0:
            self._withdraw_cards_not_in(entries)
        first = index
        # At least one card per turn (the nearest site appears at once), then while time is left.
        while index < len(entries) and (index == first or time.perf_counter() - started < TURN_BUDGET_S):
            entry = entries[index]
            card = self.cards.get(entry.site.id) or self._new_card(entry.site.id)
            kind, status, detail = site_status(data.snapshot, entry.site, now, self.feed.stale_after)
            card.show_site(entry.site.name, walk_text(entry.metres, self.ctx), kind, status, detail,
                           connectors_text(entry.site.standards, entry.site.max_power_kw))
            self._put(card, index)
            index += 1
        self._next = index  # the rest next turn
        # Below the cards done so far, those further down that already exist keep their places
        # (and their last words for a turn or two): a refresh never shortens the list under the
        # visitor's finger, and a first fill grows from the top.
        order = [e.site.id for e in entries[:index]]
        for entry in entries[index:]:
            card = self.cards.get(entry.site.id)
            if card is not None:
                self._put(card, len(order))
                order.append(entry.site.id)
        self.order = order
        self._forget_gone_cards()
        bar.setValue(min(keep, bar.maximum()) if bar.maximum() else keep)
        if index < len(entries):
            self._fill_timer.start()

    def _put(self, card: SiteCard, position: int) -> None:
        """Show ``card`` at ``position`` of the list (the layout holds only shown cards)."""
        if self.cards_layout.indexOf(card) != position:
            self.cards_layout.removeWidget(card)
            self.cards_layout.insertWidget(position, card)
        if card.isHidden():
            card.show()

    def _withdraw_cards_not_in(self, entries: list[SiteEntry]) -> None:
        """Hide, and take out of the layout, the cards of sites the list no longer shows."""
        wanted = {e.site.id for e in entries}
        for site_id, card in self.cards.items():
            if site_id not in wanted and self.cards_layout.indexOf(card) >= 0:
                self.cards_layout.removeWidget(card)
                card.hide()

    def _make_card(self) -> SiteCard:
        """A hidden card on the list page (outside the layout until it shows a site)."""
        card = SiteCard("", self.cards_layout.parentWidget())
        card.clicked.connect(lambda c=card: self.ctx.session.open("charger_site", id=c.site_id))
        card.restyle(self.ctx.palette, self.ctx.scale)
        card.hide()
        return card

    def _new_card(self, site_id: str) -> SiteCard:
        """The card for ``site_id``: a spare one when there is one, else a new one."""
        card = self.spares.pop() if self.spares else self._make_card()
        card.site_id = site_id
        self.cards[site_id] = card
        return card

    def _forget_gone_cards(self) -> None:
        """Cards of sites no longer in the data are deleted (filters keep their cards)."""
        data = self.feed.data
        if data is None or len(self.cards) <= 2 * MAX_ROWS:
            return
        shown = set(self.order)
        for site_id in [s for s in self.cards if s not in shown]:
            card = self.cards.pop(site_id)
            if len(self.spares) < MAX_ROWS:
                self.cards_layout.removeWidget(card)
                card.hide()
                self.spares.append(card)  # kept for the next new site, not built again
            else:
                card.deleteLater()

    # -- taps and life cycle ----------------------------------------------------------------
    def _on_filter_clicked(self, index: int) -> None:
        choice = getattr(self.filter_buttons[index], "choice", None)
        self.standard = choice
        self.render()
        self.scroll.verticalScrollBar().setValue(0)

    def restyle(self) -> None:
        super().restyle()
        p, scale = self.ctx.palette, self.ctx.scale
        for card in (*self.cards.values(), *self.spares):
            card.restyle(p, scale)
        self.banner.restyle(p, scale)

    def reset(self) -> None:
        self.standard = None
        self.render()
        self.scroll.verticalScrollBar().setValue(0)


# ------------------------------------------------------------------------------ one site

class PortRow(QFrame):
    """One port on the site page, updated in place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("portRow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(8)
        self.name = heading("")
        self.chip = StatusChip()
        self.connectors = heading("")
        self.price = heading("")
        self.changed = heading("muted")
        chip_row = QHBoxLayout()
        chip_row.addWidget(self.chip)
        chip_row.addStretch(1)
        layout.addWidget(self.name)
        layout.addLayout(chip_row)
        for label in (self.connectors, self.price, self.changed):
            layout.addWidget(label)


class ChargerSiteScreen(_ChargerScreen):
    name = "charger_site"

    def __init__(self, ctx: AppContext, feed: ChargerFeed, parent: QWidget | None = None) -> None:
        super().__init__(ctx, feed, parent)
        self.site_id: str | None = None
        self.port_rows: list[PortRow] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        page = QWidget()
        self.scroll = vertical_scroll(page, self)
        outer.addWidget(self.scroll)
        layout = page_layout(page, margin=32, spacing=18)
        self.heading = heading("title")
        self.address = heading("lead")
        self.walk = heading("")
        self.operator = heading("")
        self.hours = heading("")
        self.updated = heading("lead")
        self.updated.setObjectName("charger_site_updated")
        self.banner = Banner()
        self.chip = StatusChip()
        self.detail = heading("muted")
        # The two buttons share a row while their words fit; at 200 % text they wrap.
        buttons = FlowWidget(spacing=20, margin=0)
        self.walk_there = WrapButton(role="primary")
        self.walk_there.setObjectName("charger_walk_there")
        self.walk_there.clicked.connect(self._on_walk_there_clicked)
        self.read_aloud = WrapButton()
        self.read_aloud.setObjectName("charger_read_aloud")
        self.read_aloud.clicked.connect(self._on_read_aloud_clicked)
        buttons.add(self.walk_there)
        buttons.add(self.read_aloud)
        chip_row = QHBoxLayout()
        chip_row.addWidget(self.chip)
        chip_row.addStretch(1)
        self.ports_heading = heading("lead")
        self.ports_layout = QVBoxLayout()
        self.ports_layout.setSpacing(16)
        for widget in (self.heading, self.address, self.walk, self.updated, self.banner):
            layout.addWidget(widget)
        layout.addLayout(chip_row)
        layout.addWidget(self.detail)
        layout.addWidget(buttons)
        for widget in (self.operator, self.hours, self.ports_heading):
            layout.addWidget(widget)
        layout.addLayout(self.ports_layout)
        layout.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        entry = self.entry()
        return entry.site.name if entry else _("EV charging")

    def entry(self) -> SiteEntry | None:
        data = self.feed.data
        if data is None or not data.entries:
            return None
        if self.site_id is None:
            return data.entries[0]  # no id (e.g. a screenshot): the nearest site
        return data.entry(self.site_id)

    def on_show(self, args: dict[str, Any]) -> None:
        new_id = args.get("id")
        if new_id != self.site_id:
            self.scroll.verticalScrollBar().setValue(0)
        self.site_id = new_id
        super().on_show(args)

    def retranslate(self) -> None:
        self.walk_there.setText(_("Walk there"))
        self.read_aloud.setText(_("Read to me"))
        self.ports_heading.setText(_("Charging ports"))
        self.render()

    def render(self) -> None:
        now = self.feed.clock()
        entry = self.entry()
        self.read_aloud.setVisible(entry is not None and self.ctx.speaker.available)
        self.walk_there.setVisible(entry is not None)
        self.chip.setVisible(entry is not None)
        self.ports_heading.setVisible(entry is not None)
        set_text(self.updated, updated_text(self.feed, now))
        self.banner.show_text(stale_banner_text(self.feed, now) if self.feed.is_stale() else "")
        if entry is None:
            set_text(self.heading, _("This charger is not in the list right now."))
            for label in (self.address, self.walk, self.operator, self.hours, self.detail):
                set_text(label, "")
            set_text(self.address, _("Charger status is not available right now.")
                     if self.feed.data is None else _("Tap “Back” to see the chargers that are."))
            self._show_ports(None, now)
            return
        site = entry.site
        set_text(self.heading, site.name)
        set_text(self.address, site.address)
        set_text(self.walk, walk_text(entry.metres, self.ctx))
        set_text(self.operator, _("Run by {operator}").format(operator=site.operator) if site.operator else "")
        hours = site.opening_times_text
        set_text(self.hours, _("Opening hours: {hours}").format(hours=hours) if hours else "")
        kind, status, detail = site_status(self.feed.data.snapshot, site, now, self.feed.stale_after)
        self.chip.set_status(kind, status)
        set_text(self.detail, detail)
        self._show_ports(entry, now)

    def _show_ports(self, entry: SiteEntry | None, now: datetime) -> None:
        ports = entry.site.ports if entry else ()
        while len(self.port_rows) < len(ports):
            row = PortRow()
            row.chip.restyle(self.ctx.palette, self.ctx.scale)
            self.ports_layout.addWidget(row)
            self.port_rows.append(row)
        snapshot = self.feed.data.snapshot if self.feed.data else None
        for index, row in enumerate(self.port_rows):
            if index >= len(ports):
                row.hide()
                continue
            port = ports[index]
            view = snapshot.port_view(entry.site, port, now, self.feed.stale_after)
            kind, text = port_status(view, now)
            set_text(row.name, _("Port {number}").format(number=format_number(index + 1)))
            row.chip.set_status(kind, text)
            set_text(row.connectors, connectors_text(port.standards, port.max_power_kw))
            set_text(row.price, price_words(port.price) if port.price else port.price_text or "")
            changed = ""
            if port.last_updated is not None and view.live and not view.stale:
                changed = _("Status last changed {ago}").format(ago=format_ago(port.last_updated, now))
            set_text(row.changed, changed)
            row.setAccessibleName(". ".join(t for t in (row.name.text(), text, row.connectors.text(),
                                                        row.price.text()) if t))
            row.show()

    def summary(self) -> str:
        """What "Read to me" says: the site in a few plain sentences."""
        entry = self.entry()
        if entry is None:
            return self.heading.text()
        site = entry.site
        parts = [site.name, site.address, self.chip.text, self.detail.text(), self.walk.text(),
                 connectors_text(site.standards, site.max_power_kw), self.hours.text(), self.updated.text()]
        return ". ".join(p.rstrip(".") for p in parts if p) + "."

    def _on_walk_there_clicked(self) -> None:
        entry = self.entry()
        if entry is not None:
            self.ctx.session.open("map", destination=entry.site.id)

    def _on_read_aloud_clicked(self) -> None:
        self.ctx.speaker.say(self.summary())

    def restyle(self) -> None:
        super().restyle()
        p, scale = self.ctx.palette, self.ctx.scale
        self.chip.restyle(p, scale)
        self.banner.restyle(p, scale)
        for row in self.port_rows:
            row.chip.restyle(p, scale)

    def reset(self) -> None:
        self.site_id = None
        self.scroll.verticalScrollBar().setValue(0)


def screens(ctx: AppContext) -> list[Screen]:
    """The charger list and the site page, sharing one feed (closed with the other services)."""
    feed = ctx.service("chargers_feed", lambda: ChargerFeed(ctx))
    # Babel loads its locale data (pickles, ~50 ms held under the GIL) on the first number it
    # formats; do that now, while the kiosk starts, not when the first card is drawn.
    free_text(1, 2), walk_text(100.0, ctx)
    return [ChargersScreen(ctx, feed), ChargerSiteScreen(ctx, feed)]
