"""EV charging: public chargers nearest the kiosk with live status, and one page per site.

Two screens share one :class:`ChargerFeed`, which feeds one Qt-free
:class:`kiosk.chargers.viewmodel.ChargersViewModel` through the kiosk's task path:

* ``chargers`` (:mod:`.list_screen`) — nearest first, one line per plug type ("J1772 ×8 · 6.6 kW ·
  2 available · $0.30/kWh"), a plug filter, "Updated 3 minutes ago" always on screen, a banner
  when the data is old, *Read to me*;
* ``charger_site`` (:mod:`.site_screen`, args ``{"id": site_id}``) — address, opening hours, the
  ports grouped by plug type with each price said once, *Walk there* (opens the map with the
  site as destination) and *Read to me*.
"""
from __future__ import annotations

from kiosk.chargers.board import MAX_ROWS
from kiosk.chargers.words import available_text, walk_text
from ui.context import AppContext
from ui.screens.base import Screen
from ui.screens.chargers.feed import ChargerFeed
from ui.screens.chargers.list_screen import ChargersScreen
from ui.screens.chargers.site_screen import ChargerSiteScreen

__all__ = ["MAX_ROWS", "ChargerFeed", "ChargerSiteScreen", "ChargersScreen", "screens"]


def screens(ctx: AppContext) -> list[Screen]:
    """The charger list and the site page, sharing one feed (closed with the other services)."""
    feed = ctx.service("chargers_feed", lambda: ChargerFeed(ctx))
    # Babel reads its locale data (~50 ms) on the first number and distance it formats: do that
    # while the kiosk starts, not when the first list is drawn.
    available_text(1), walk_text(100.0, ctx.config.maps.walking_speed_kmh, ctx.config.maps.units)
    return [ChargersScreen(ctx, feed), ChargerSiteScreen(ctx, feed)]
