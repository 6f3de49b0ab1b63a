"""*Find your way* as the map screen shows it, without Qt: the directory, search and route panel.

:class:`MapScreenModel` is the view model of the map screen. Where the visitor is in the task
comes from the navigation arguments (so the shell's Back button steps back through it):

* ``{}`` — the directory: category tiles ("Parks · 3 places") and "Search by name";
* ``{"panel": "search"}`` — typed letters → results with walking minutes, nearest first;
* ``{"category": "parks"}`` — the places of one category;
* ``{"panel": "about"}`` — *About this map*: where the data comes from, its licence and date,
  and a legend of what the map shows (:meth:`MapScreenModel.about`);
* ``{"destination": "plummer-park"}`` — the route panel (:class:`~kiosk.maps.routepanel.RoutePanel`);
  a charger site id such as ``"US/WEH/LIBRARY"`` (the chargers screen sends those) finds its place.

The pack is loaded elsewhere (:func:`load_wayfinder`, run on a worker by the UI's task path) and
handed in with :meth:`MapScreenModel.loaded` or :meth:`MapScreenModel.failed`. Listeners are plain
callables told what changed (a :class:`MapChange`), as :class:`kiosk.session.Session` does.
"""
from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from kiosk.i18n import _, current_language, format_day_or_month, format_minutes, ngettext
from kiosk.maps.pack import Place
from kiosk.maps.rings import WalkRing
from kiosk.maps.routepanel import RoutePanel
from kiosk.maps.service import Wayfinder

if TYPE_CHECKING:
    from kiosk.config import Config

logger = logging.getLogger(__name__)

RING_MINUTES = (5, 10)
RESULT_LIMIT = 12

IDLE, LOADING, READY, UNAVAILABLE = "idle", "loading", "ready", "unavailable"
DIRECTORY, SEARCH, CATEGORY, ROUTE, ABOUT = "directory", "search", "category", "route", "about"


class MapChange(enum.Enum):
    """What changed, for listeners."""
    LOADED = "loaded"    # the pack arrived (or failed): draw the map, then everything else
    MODE = "mode"        # another panel (directory, search, category, route, unavailable)
    RESULTS = "results"  # search results or the message under them
    ROUTE = "route"      # the route was worked out again (new options)
    RINGS = "rings"      # the 5- and 10-minute areas changed (new options)
    STEPS = "steps"      # the visitor folded the route's steps away (or opened them again)


@dataclass(frozen=True)
class CategoryTile:
    category: str
    label: str
    count_text: str
    visible: bool


@dataclass(frozen=True)
class ResultView:
    place_id: str
    name: str
    detail: str       # "12 min walk", or that there is no walking route
    category: str     # for its symbol


@dataclass(frozen=True)
class AboutView:
    """What *About this map* says: the sources (the pack's own words, one per line), the
    licence, the data date, and what the map shows (``legend``: category, label)."""
    sources: tuple[str, ...]
    licence: str
    date: str
    shows: tuple[str, ...]
    legend: tuple[tuple[str, str], ...]


#: OpenStreetMap's credit line, required wherever its data is shown (ODbL).
OSM_CREDIT = "© OpenStreetMap contributors"


def load_wayfinder(config: Config, existing: Wayfinder | None = None,
                   minutes: tuple[float, ...] = RING_MINUTES) -> tuple[Wayfinder, list[WalkRing]]:
    """Read and prepare the configured pack and its walk rings — slow on a city import, so the
    UI runs this on a worker. Raises ContentError for a broken pack, NoRoute when the kiosk is
    off the map."""
    wf = existing or Wayfinder.from_config(config)
    wf.prepare()
    rings = wf.walk_rings(minutes)
    if wf.pack.places:
        wf.walk_distance_m(wf.pack.places[0])  # the walking times search shows, worked out now
    return wf, rings


class MapScreenModel:
    """The map screen's state and the meaning of each tap (see module docs)."""

    def __init__(self, session: Any, units: str = "auto") -> None:
        self.session = session
        self.units = units
        self.state = IDLE
        self.wf: Wayfinder | None = None
        self.rings: list[WalkRing] = []
        self.error = ""
        self.mode = DIRECTORY
        self.category: str | None = None
        self.query = ""
        self.results: list = []
        self.step_free = False
        self.slow = False
        self.route_panel = RoutePanel()
        self._message = ""          # a message id ("" for none)
        self._message_text = ""     # its placeholder value (the typed text)
        self._pending: dict[str, Any] | None = None
        self._listeners: list[Callable[[MapChange], None]] = []

    # -- listeners -------------------------------------------------------------------------------
    def subscribe(self, callback: Callable[[MapChange], None]) -> None:
        self._listeners.append(callback)

    def unsubscribe(self, callback: Callable[[MapChange], None]) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    def _emit(self, change: MapChange) -> None:
        for listener in list(self._listeners):
            listener(change)

    # -- loading ---------------------------------------------------------------------------------
    @property
    def needs_load(self) -> bool:
        return self.state == IDLE

    def loading_started(self) -> None:
        self.state = LOADING

    def loaded(self, wf: Wayfinder, rings: list[WalkRing]) -> None:
        self.wf, self.rings, self.error, self.state = wf, rings, "", READY
        self.units = wf.units
        self._emit(MapChange.LOADED)
        self.show(self._pending or {})

    def failed(self, exc: BaseException) -> None:
        logger.error("map not available: %s", exc)
        self.wf, self.error, self.state = None, str(exc), UNAVAILABLE
        self._emit(MapChange.LOADED)
        self._set_mode("unavailable")

    def rings_changed(self, rings: list[WalkRing]) -> None:
        self.rings = rings
        self._emit(MapChange.RINGS)

    # -- navigation ------------------------------------------------------------------------------
    def show(self, args: dict[str, Any]) -> None:
        """Navigation brought the map forward with ``args`` (see module docs)."""
        if self.state != READY:
            self._pending = dict(args)
            if self.state == UNAVAILABLE:
                self._set_mode("unavailable")
            return
        self._pending = None
        self._set_message("")
        destination = args.get("destination")
        if destination:
            place = self.find_place(str(destination))
            if place is not None:
                self.category = None
                self.route_panel.show(self.wf, place, step_free=self.step_free, slow=self.slow)
                self._set_mode(ROUTE)
                return
            self._set_message("not_found")
        if args.get("category") in Wayfinder.categories():
            self.category = args["category"]
            self._set_mode(CATEGORY)
        elif args.get("panel") == "search":
            self._set_mode(SEARCH)
        elif args.get("panel") == "about":
            self._set_mode(ABOUT)
        else:
            self.category = None
            self._set_mode(DIRECTORY)

    def find_place(self, key: str) -> Place | None:
        """A place by id, or the EV charging place of a charger site id."""
        pack = self.wf.pack
        return pack.place(key) or next((p for p in pack.places if p.tags.get("charger_site") == key),
                                       None)

    def _set_mode(self, mode: str) -> None:
        self.mode = mode
        if mode != ROUTE:
            self.route_panel.clear()
        self._refresh_results()
        self._emit(MapChange.MODE)

    # -- the directory and search ----------------------------------------------------------------
    def category_tiles(self) -> list[CategoryTile]:
        """One tile per category, hidden when the pack has no place of it."""
        tiles = []
        for category, label in Wayfinder.categories().items():
            count = len(self.wf.pack.places_in(category)) if self.wf else 0
            tiles.append(CategoryTile(category, _(label),
                                      ngettext("{n} place", "{n} places", count).format(n=count),
                                      count > 0))
        return tiles

    def set_query(self, text: str) -> None:
        """The visitor typed (the keyboard owns the text; this is what it says now)."""
        if text == self.query:
            return
        self.query = text
        if self.mode == SEARCH:
            self._refresh_results()
            self._emit(MapChange.RESULTS)

    def _refresh_results(self) -> None:
        if self.wf is None or self.mode not in (SEARCH, CATEGORY):
            self.results = []
            return
        if self.mode == SEARCH and not self.query.strip():
            self.results = []
        else:
            self.results = self.wf.search(self.query if self.mode == SEARCH else "",
                                          category=self.category if self.mode == CATEGORY else None,
                                          step_free=self.step_free, slow=self.slow, limit=RESULT_LIMIT)
        if self.mode == SEARCH:
            self._set_message("nothing" if self.query.strip() and not self.results else "")

    def result_rows(self) -> list[ResultView]:
        rows = []
        lang = current_language()
        for result in self.results:
            walk = (_("{minutes} walk").format(minutes=format_minutes(result.minutes))
                    if result.minutes is not None else _("No walking route"))
            category = result.place.categories[0] if result.place.categories else ""
            rows.append(ResultView(result.place.id, result.place.name(lang), walk, category))
        return rows

    # -- texts -----------------------------------------------------------------------------------
    def heading(self) -> str:
        if self.mode == "unavailable":
            return _("The map is not available right now")
        if self.mode == ROUTE:
            return self.route_panel.heading()
        return {DIRECTORY: _("Where would you like to go?"), SEARCH: _("Search by name"),
                ABOUT: _("About this map"),
                CATEGORY: _(Wayfinder.categories().get(self.category or "", ""))}.get(self.mode, "")

    def lead(self) -> str:
        return {"unavailable": _("Please try again later, or ask library or City Hall staff for directions."),
                DIRECTORY: _("Tap a kind of place, or search by name."),
                SEARCH: _("Type a few letters of the place you want."),
                CATEGORY: _("Tap a place to see the way.")}.get(self.mode, "")

    def query_text(self) -> str:
        return self.query or _("(type below)")

    def _set_message(self, message: str) -> None:
        self._message = message
        self._message_text = self.query if message == "nothing" else ""

    def message_text(self) -> str:
        if self._message == "not_found":
            return _("We could not find that place on the map. Choose from the list.")
        if self._message == "nothing":
            return _("Nothing found for “{text}”. Try fewer letters.").format(text=self._message_text)
        return ""

    def attribution_text(self) -> str:
        if self.wf is None:
            return ""
        demo = _("Demo map of the main streets only.") + " " if self.wf.pack.demo else ""
        return demo + self.wf.pack.short_credit  # the full list: pack.attribution

    def about(self) -> AboutView | None:
        """*About this map* for the loaded pack (None before it is loaded)."""
        if self.wf is None:
            return None
        pack = self.wf.pack
        sources = list(pack.attribution)
        mentions_osm = any("openstreetmap" in line.lower() for line in sources + [pack.licence, pack.credit])
        if mentions_osm and not any(OSM_CREDIT.lower() in line.lower() for line in sources):
            sources.insert(0, OSM_CREDIT)
        if pack.demo:
            sources.insert(0, _("Demo map of the main streets only."))
        date = format_day_or_month(pack.data_date) if pack.data_date else ""
        minutes = format_minutes(RING_MINUTES[0]), format_minutes(RING_MINUTES[-1])
        shows = [_("The dot with a cone is you: the cone points the way you are facing."),
                 _("The shaded areas are how far you can walk along the streets in {five} and in "
                   "{ten}.").format(five=minutes[0], ten=minutes[1]),
                 _("A thick line is your walking route, from the dot to the pin.")]
        kinds = {area.kind for area in pack.areas}
        if "building" in kinds:
            shows.append(_("Grey shapes are buildings."))
        if any(p.tags.get("landmark") == "yes" for p in pack.places):
            shows.append(_("Landmarks have larger symbols and their names."))
        legend = tuple((tile.category, tile.label) for tile in self.category_tiles() if tile.visible)
        if any(p.tags.get("landmark") == "yes" for p in pack.places):
            legend += (("landmark", _("Landmark")),)  # the map's star (ui.widgets.map_items)
        return AboutView(tuple(sources), _("Licence: {licence}").format(licence=pack.licence),
                         _("Map data as of {date}").format(date=date) if date else "", tuple(shows), legend)

    def open_about(self) -> None:
        self.session.open("map", panel="about")

    def close_about(self) -> None:
        """Back where the visitor opened *About this map* from (the shell's Back does the same)."""
        self.session.back()

    def toggle_steps(self) -> None:
        """Fold the route's steps away so the map takes the screen, or show them again."""
        self.route_panel.toggle_collapsed()
        self._emit(MapChange.STEPS)

    @property
    def steps_collapsed(self) -> bool:
        return self.route_panel.collapsed

    def route_summary(self) -> str:
        return self.route_panel.summary(self.units)

    def directions_text(self) -> str:
        return self.route_panel.directions_text(self.units)

    # -- taps ------------------------------------------------------------------------------------
    def open_search(self) -> None:
        self.session.open("map", panel="search")

    def open_category(self, category: str) -> None:
        self.session.open("map", category=category)

    def open_place(self, place_id: str) -> None:
        self.session.open("map", destination=place_id)

    def set_options(self, *, step_free: bool | None = None, slow: bool | None = None) -> bool:
        """Avoid stairs / slower pace. Routes again now; True when the rings need working out
        again (the caller does that off the UI thread and hands them to :meth:`rings_changed`)."""
        changed = False
        if step_free is not None and step_free != self.step_free:
            self.step_free, changed = step_free, True
        if slow is not None and slow != self.slow:
            self.slow, changed = slow, True
        if not changed or self.wf is None:
            return False
        self.route_panel.update(self.wf, step_free=self.step_free, slow=self.slow)
        self._refresh_results()
        self._emit(MapChange.ROUTE)
        return True

    def reset(self) -> bool:
        """The session wipe: no search, no route, no options; a failed pack is tried again.
        True when the walk rings were drawn with the last visitor's options (work them out
        again, off the UI thread)."""
        stale = self.step_free or self.slow
        self.query = ""
        self.step_free = self.slow = False
        self.category = None
        self.route_panel.clear()
        self.results = []
        self._pending = None
        self._set_message("")
        if self.state == UNAVAILABLE:
            self.state, self.error = IDLE, ""  # try the pack again for the next visitor
        elif self.state == READY:
            self._set_mode(DIRECTORY)
        return stale and self.state == READY
