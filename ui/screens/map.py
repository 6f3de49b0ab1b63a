"""Find your way: the heads-up map with walk rings, a place directory and search, and walking
routes with directions, read-aloud and a take-away QR code.

A thin view over :class:`kiosk.maps.service.Wayfinder`. Where the visitor is in the task lives in
the navigation arguments, so the shell's Back button steps back through it:

* ``{}`` — the directory: category tiles and "Search by name";
* ``{"panel": "search"}`` — the on-screen keyboard and results as you type;
* ``{"category": "parks"}`` — the places of one category with walking minutes;
* ``{"destination": "plummer-park"}`` — the route (a place id, or a charger site id such as
  ``"US/WEH/LIBRARY"``, which the chargers screen sends).

Street kiosks show the map above the panel (portrait), library PCs beside it (landscape). Search
and routing run on the GUI thread: on the demo pack they take well under a millisecond, and the
core keeps a routed query on a 100,000-node city graph within one frame budget (``make bench``);
loading and preparing a pack — the slow part for an imported city — runs in a worker thread.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any

import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QBoxLayout, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QScrollArea,
                               QVBoxLayout, QWidget)

from kiosk.errors import ContentError
from kiosk.i18n import _, current_language, format_distance, format_minutes, ngettext
from kiosk.maps.service import NoRoute, Wayfinder
from ui import theme
from ui.context import AppContext
from ui.screens.base import Screen, flick_scrolling, heading
from ui.widgets.buttons import BigButton, Tile
from ui.widgets.mapview import MapView, symbol_pixmap
from ui.widgets.qr import QrCode

try:  # the on-screen keyboard is built alongside this screen; a plain field until it lands
    from ui.widgets.keyboard import OnScreenKeyboard
except ImportError:  # pragma: no cover - only before ui/widgets/keyboard.py exists
    OnScreenKeyboard = None  # type: ignore[assignment,misc]

logger = logging.getLogger(__name__)

RING_MINUTES = (5, 10)
#: Arrows shown before each direction, by the core's maneuver code (the words say it too).
MANEUVER_ARROWS = {
    "depart": "↑", "continue": "↑", "slight_left": "↖", "slight_right": "↗", "left": "←",
    "right": "→", "u_turn": "↓", "cross": "⇅", "steps": "⇗", "arrive_left": "◉", "arrive_right": "◉",
    "arrive": "◉",
}


class ResultRow(Tile):
    """A big row: category symbol, a name that wraps, and a line of detail (walking minutes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "result")
        self.setMinimumSize(theme.TOUCH_MIN, theme.TOUCH_MIN)
        self.layout().setContentsMargins(20, 12, 20, 12)
        self.key = ""


class MapScreen(Screen):
    name = "map"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.wf: Wayfinder | None = None
        self.rings: list = []
        self.error = ""
        self._args: dict[str, Any] | None = None
        self._task: asyncio.Task | None = None
        self.mode = "directory"
        self.category: str | None = None
        self.destination = None
        self.route = None
        self.step_free = False
        self.slow = False
        self.results: list = []
        self._build()
        self.retranslate()
        self.restyle()

    # -- widgets ---------------------------------------------------------------------------------
    def _build(self) -> None:
        self.box = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(0)
        self.map = MapView()
        self.zoom_in = self._map_button("map_zoom_in", "+", self.map.zoom_in)
        self.zoom_out = self._map_button("map_zoom_out", "−", self.map.zoom_out)
        self.back_to_me = self._map_button("map_back_to_me", "", self.map.back_to_me)
        self.map.installEventFilter(self)
        self.column = QWidget()
        self.column.setObjectName("mapPanel")
        column = QVBoxLayout(self.column)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        page = QWidget()
        self.scroll.setWidget(page)
        flick_scrolling(self.scroll)  # the directions and places panel; the map pans itself
        self.panel = QVBoxLayout(page)
        self.panel.setContentsMargins(32, 24, 32, 24)
        self.panel.setSpacing(20)
        column.addWidget(self.scroll, 1)
        self._build_panel()
        if OnScreenKeyboard is not None:
            self.keyboard = OnScreenKeyboard(self.column)
            self.keyboard.text_changed.connect(self._on_keyboard_text_changed)
            self.keyboard.submitted.connect(self._on_keyboard_text_changed)
        else:  # pragma: no cover
            self.keyboard = QLineEdit(self.column)
            self.keyboard.textChanged.connect(self._on_keyboard_text_changed)
        self.keyboard.setObjectName("map_keyboard")
        # The keyboard sits under the panel in portrait, under the map in landscape (where the
        # panel is too narrow for eleven 88 px keys and too short for keys and results).
        self.panel_keys = QVBoxLayout()
        self.panel_keys.setContentsMargins(16, 0, 16, 16)
        column.addLayout(self.panel_keys)
        self.map_column = QWidget()
        self.map_keys = QVBoxLayout(self.map_column)
        self.map_keys.setContentsMargins(0, 0, 0, 0)
        self.map_keys.setSpacing(12)
        self.map_keys.addWidget(self.map, 1)
        self.panel_keys.addWidget(self.keyboard)
        self.box.addWidget(self.map_column, 1)
        self.box.addWidget(self.column, 1)

    def _map_button(self, name: str, text: str, slot) -> BigButton:
        button = BigButton(text, self.map, role="primary")
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _build_panel(self) -> None:
        p = self.panel
        self.heading = heading("title")
        self.lead = heading("lead")
        self.message = heading()
        p.addWidget(self.heading)
        p.addWidget(self.lead)
        p.addWidget(self.message)
        self.search_button = BigButton(role="primary")
        self.search_button.setObjectName("map_search")
        self.search_button.clicked.connect(lambda: self.ctx.session.open("map", panel="search"))
        p.addWidget(self.search_button)
        # What has been typed so far, in large letters (the keyboard owns the text).
        self.query = QLabel()
        self.query.setObjectName("map_query")
        self.query.setProperty("role", "lead")
        self.query.setWordWrap(True)
        self.query.setMinimumHeight(theme.TOUCH_MIN)
        self.clear_query = BigButton()
        self.clear_query.setObjectName("map_clear_query")
        self.clear_query.clicked.connect(self._on_clear_query_clicked)
        self.query_row = QWidget()
        row = QHBoxLayout(self.query_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.query, 1)
        row.addWidget(self.clear_query)
        p.addWidget(self.query_row)
        self.categories_widget = QWidget()
        self.categories_grid = QGridLayout(self.categories_widget)
        self.categories_grid.setContentsMargins(0, 0, 0, 0)
        self.categories_grid.setSpacing(16)
        self.category_tiles: dict[str, ResultRow] = {}
        for category in Wayfinder.categories():
            tile = ResultRow()
            tile.key = category
            tile.setObjectName(f"map_category_{category}")
            tile.clicked.connect(lambda _c=False, c=category: self.ctx.session.open("map", category=c))
            self.category_tiles[category] = tile
        p.addWidget(self.categories_widget)
        self.results_widget = QWidget()
        self.results_box = QVBoxLayout(self.results_widget)
        self.results_box.setContentsMargins(0, 0, 0, 0)
        self.results_box.setSpacing(12)
        self.result_rows: list[ResultRow] = []
        p.addWidget(self.results_widget)
        self._build_route_panel()
        p.addStretch(1)
        self.attribution = heading("muted")
        p.addWidget(self.attribution)

    def _build_route_panel(self) -> None:
        self.route_widget = QWidget()
        box = QVBoxLayout(self.route_widget)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(16)
        self.summary = heading("lead")
        self.summary.setObjectName("map_route_summary")
        box.addWidget(self.summary)
        toggles = QWidget()
        self.toggles_box = QBoxLayout(QBoxLayout.Direction.LeftToRight, toggles)
        self.toggles_box.setContentsMargins(0, 0, 0, 0)
        self.step_free_button = BigButton()
        self.step_free_button.setObjectName("map_step_free")
        self.slow_button = BigButton()
        self.slow_button.setObjectName("map_slow")
        for button, slot in ((self.step_free_button, self._on_step_free_clicked),
                             (self.slow_button, self._on_slow_clicked)):
            button.setCheckable(True)
            button.clicked.connect(slot)
            self.toggles_box.addWidget(button)
        self.read_button = BigButton(role="primary")
        self.read_button.setObjectName("map_read")
        self.read_button.clicked.connect(self.read_aloud)
        box.addWidget(self.read_button)
        self.steps_widget = QWidget()
        self.steps_box = QVBoxLayout(self.steps_widget)
        self.steps_box.setContentsMargins(0, 0, 0, 0)
        self.steps_box.setSpacing(14)
        self.step_labels: list[QLabel] = []
        box.addWidget(self.steps_widget)
        box.addWidget(toggles)  # after the directions: at 200 % text the steps come first
        qr_row = QWidget()
        self.qr_box = QBoxLayout(QBoxLayout.Direction.LeftToRight, qr_row)
        self.qr_box.setContentsMargins(0, 8, 0, 8)
        self.qr = QrCode()
        self.qr.setObjectName("map_qr")
        self.qr_caption = heading("lead")
        self.qr_box.addWidget(self.qr)
        self.qr_box.addWidget(self.qr_caption, 1)
        box.addWidget(qr_row)
        self.panel.addWidget(self.route_widget)

    # -- loading ---------------------------------------------------------------------------------
    def _make_service(self) -> tuple[Wayfinder, list]:
        """Runs in a worker thread: read the pack, prepare routing, compute the rings."""
        wf = self.ctx.services.get("maps") or Wayfinder.from_config(self.ctx.config)
        wf.prepare()
        return wf, wf.walk_rings(RING_MINUTES)

    async def load(self) -> None:
        """Load the map pack without blocking the screen, then show it."""
        try:
            wf, rings = await asyncio.to_thread(self._make_service)
        except (ContentError, NoRoute) as exc:
            self._on_failed(exc)
            return
        self._on_loaded(self.ctx.service("maps", lambda: wf), rings)

    @qasync.asyncSlot()
    async def _load_slot(self) -> None:
        await self.load()

    def load_now(self) -> None:
        """The same as :meth:`load`, blocking (no event loop: screenshots, first paint in tests)."""
        try:
            wf, rings = self._make_service()
        except (ContentError, NoRoute) as exc:
            self._on_failed(exc)
            return
        self._on_loaded(self.ctx.service("maps", lambda: wf), rings)

    def _on_failed(self, exc: Exception) -> None:
        logger.error("map not available: %s", exc)
        self.error = str(exc)
        self.wf = None
        self._show_mode("unavailable")

    def _on_loaded(self, wf: Wayfinder, rings: list) -> None:
        self.wf, self.rings, self.error = wf, rings, ""
        self._draw_map()
        args, self._args = self._args or {}, None
        self.on_show(args)

    def _start_loading(self) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            self.load_now()
            return
        if self._task is None or self._task.done():
            self._task = asyncio.ensure_future(self.load())

    # -- showing ---------------------------------------------------------------------------------
    def title(self) -> str:
        return _("Find your way")

    def on_show(self, args: dict[str, Any]) -> None:
        if self.wf is None:
            if self.error and args == self._args:
                return  # still unavailable; the next visitor (after the wipe) tries again
            self._args, self.error = dict(args), ""
            self._start_loading()
            return
        if args == self._args:
            return  # the shell calls on_show for every session event; nothing changed here
        self._args = dict(args)
        self._set_message("")
        destination = args.get("destination")
        if destination:
            place = self.find_place(str(destination))
            if place is not None:
                self.show_destination(place)
                return
            self._set_message(_("We could not find that place on the map. Choose from the list."))
        if args.get("category") in Wayfinder.categories():
            self.category = args["category"]
            self._show_mode("category")
        elif args.get("panel") == "search":
            self._show_mode("search")
        else:
            self.category = None
            self._show_mode("directory")

    def _set_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def find_place(self, key: str):
        """A place by id, or the EV charging place of a charger site id."""
        pack = self.wf.pack
        return pack.place(key) or next((p for p in pack.places if p.tags.get("charger_site") == key), None)

    def _show_mode(self, mode: str) -> None:
        self.mode = mode
        searching = mode == "search"
        self.search_button.setVisible(mode == "directory")
        self.categories_widget.setVisible(mode == "directory")
        self.query_row.setVisible(searching)
        self.keyboard.setVisible(searching)
        self.results_widget.setVisible(mode in ("search", "category"))
        self.route_widget.setVisible(mode == "route")
        self.map_column.setVisible(mode != "unavailable")
        self.attribution.setVisible(mode != "unavailable")
        if mode != "route":
            self.destination, self.route = None, None
            if self.wf is not None:
                self.map.show_route(None)
        if self.wf is not None:
            self.map.set_highlight(self.category if mode == "category" else None)
        self._apply_layout()
        self.retranslate()
        self.scroll.verticalScrollBar().setValue(0)

    def show_destination(self, place) -> None:
        self.destination = place
        self.category = None
        self._route()
        self._show_mode("route")

    def _route(self) -> None:
        try:
            self.route = self.wf.route("here", self.destination, step_free=self.step_free, slow=self.slow)
        except NoRoute as exc:
            logger.info("no route: %s", exc)
            self.route = None
        name = self.destination.name(current_language())
        self.map.show_route(self.route, name)
        self.qr.set_payload(self.wf.osm_directions_url(self.destination) if self.route else "")

    def _draw_map(self) -> None:
        if self.wf is None:
            return
        self.map.show_map(self.wf, self.rings, theme=self.ctx.palette.name,
                          font_px=int(22 * min(self.ctx.scale, 1.6)), lang=current_language(),
                          heads_up=self.ctx.profile == "street")
        if self.route is not None:
            self.map.show_route(self.route, self.destination.name(current_language()))

    # -- text ------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.zoom_in.setAccessibleName(_("Zoom in"))
        self.zoom_out.setAccessibleName(_("Zoom out"))
        self.back_to_me.setText(_("Back to me"))
        self.map.setAccessibleName(_("Walking map"))
        self._place_map_buttons()  # the button's new words may be wider
        self.search_button.setText(_("Search by name"))
        self.clear_query.setText(_("Clear"))
        self.read_button.setText(_("Read to me"))
        self.qr_caption.setText(_("Scan to continue on your phone"))
        if OnScreenKeyboard is not None and self.keyboard.language() != current_language():
            self.keyboard.set_language(current_language())
        self._retranslate_toggles()
        if self.mode == "unavailable":
            self.heading.setText(_("The map is not available right now"))
            self.lead.setText(_("Please try again later, or ask library or City Hall staff for directions."))
            return
        self._retranslate_mode()
        self._fill_tiles()
        self._fill_results()
        self._fill_route()
        if self.wf is not None:
            demo = _("Demo map of the main streets only.") + " " if self.wf.pack.demo else ""
            self.attribution.setText(demo + " ".join(self.wf.pack.attribution))
            if self.map.lang != current_language():
                self._draw_map()

    def _retranslate_mode(self) -> None:
        categories = Wayfinder.categories()
        texts = {
            "directory": (_("Where would you like to go?"), _("Tap a kind of place, or search by name.")),
            "search": (_("Search by name"), _("Type a few letters of the place you want.")),
            "category": (_(categories.get(self.category or "", "")), _("Tap a place to see the way.")),
            "route": ("", ""),
        }
        title, lead = texts.get(self.mode, ("", ""))
        if self.mode == "route" and self.destination is not None:
            title = _("To {place}").format(place=self.destination.name(current_language()))
        self.heading.setText(title)
        self.lead.setText(lead)
        self.lead.setVisible(bool(lead))
        self.query.setText(self._query_text() or _("(type below)"))

    def _retranslate_toggles(self) -> None:
        for button, label in ((self.step_free_button, _("Avoid stairs")),
                              (self.slow_button, _("Slower walking pace"))):
            on = button.isChecked()
            button.setText(("☑ " if on else "☐ ") + label)
            button.setAccessibleName(label)
            button.setAccessibleDescription(_("On") if on else _("Off"))
            button.setProperty("selected", on)
            button.style().unpolish(button)
            button.style().polish(button)

    def _fill_tiles(self) -> None:
        if self.wf is None:
            return
        for category, label in Wayfinder.categories().items():
            count = len(self.wf.pack.places_in(category))
            tile = self.category_tiles[category]
            tile.setVisible(count > 0)
            tile.set_content(_(label), ngettext("{n} place", "{n} places", count).format(n=count),
                             self._symbol(category), self._icon_px())

    def _symbol(self, category: str):
        from PySide6.QtGui import QIcon
        return QIcon(symbol_pixmap(category, 128, self.map.colors.icon_edge))

    def _icon_px(self) -> int:
        return int(56 * min(self.ctx.scale, 1.5))

    def _query_text(self) -> str:
        return self.keyboard.text()

    def _fill_results(self) -> None:
        if self.wf is None or self.mode not in ("search", "category"):
            return
        text = self._query_text()
        if self.mode == "search" and not text.strip():
            self.results = []
        else:
            self.results = self.wf.search(text if self.mode == "search" else "",
                                          category=self.category if self.mode == "category" else None,
                                          step_free=self.step_free, slow=self.slow, limit=12)
        while len(self.result_rows) < len(self.results):
            row = ResultRow()
            row.setObjectName(f"map_result_{len(self.result_rows)}")
            row.clicked.connect(lambda _c=False, r=row: self.ctx.session.open("map", destination=r.key))
            self.results_box.addWidget(row)
            self.result_rows.append(row)
        p, scale = self.ctx.palette, self.ctx.scale
        for row, result in zip(self.result_rows, self.results):
            row.key = result.place.id
            walk = (_("{minutes} walk").format(minutes=format_minutes(result.minutes))
                    if result.minutes is not None else _("No walking route"))
            category = result.place.categories[0] if result.place.categories else ""
            row.set_content(result.name, walk, self._symbol(category), self._icon_px())
            row.style_texts(theme.px("body", scale), theme.px("small", scale), p.text)
            row.setVisible(True)
        for row in self.result_rows[len(self.results):]:
            row.setVisible(False)
        if self.mode == "search" and text.strip() and not self.results:
            self._set_message(_("Nothing found for “{text}”. Try fewer letters.").format(text=text))
        elif self.mode == "search":
            self._set_message("")

    def _fill_route(self) -> None:
        if self.mode != "route" or self.destination is None:
            return
        units = self.wf.units
        if self.route is None:
            self.summary.setText(_("We could not find a walking route to this place."))
            steps = []
        else:
            self.summary.setText(_("{minutes} walk · {distance}").format(
                minutes=format_minutes(self.route.minutes), distance=format_distance(self.route.distance_m, units)))
            steps = self.route.steps()  # re-read in the current language
        while len(self.step_labels) < len(steps):
            label = QLabel()
            label.setWordWrap(True)
            label.setObjectName(f"map_step_{len(self.step_labels)}")
            self.steps_box.addWidget(label)
            self.step_labels.append(label)
        for number, (label, step) in enumerate(zip(self.step_labels, steps), start=1):
            arrow = MANEUVER_ARROWS.get(step.maneuver, "•")
            label.setText(f"{number}.  {arrow}  {step.text}")
            label.setVisible(True)
        for label in self.step_labels[len(steps):]:
            label.setVisible(False)
        self.read_button.setVisible(self.ctx.speaker.available and self.route is not None)
        self.qr.setVisible(self.route is not None)
        self.qr_caption.setVisible(self.route is not None)
        self.qr.set_payload(self.qr.payload, side_px=int(260 * min(self.ctx.scale, 1.4)))

    def directions_text(self) -> str:
        """Everything "Read to me" says: where to, how long, and each step."""
        if self.route is None:
            return self.summary.text()
        parts = [self.heading.text(), self.summary.text()] + [s.text for s in self.route.steps()]
        return "\n".join(p if p.endswith((".", "!", "?")) else p + "." for p in parts if p)

    def read_aloud(self) -> None:
        self.ctx.speaker.say(self.directions_text(), current_language())

    # -- style and layout --------------------------------------------------------------------------
    def restyle(self) -> None:
        scale = self.ctx.scale
        if OnScreenKeyboard is not None:
            self.keyboard.set_scale(scale)
        for tile in self.category_tiles.values():
            tile.style_texts(theme.px("body", scale), theme.px("small", scale), self.ctx.palette.text)
        columns = 2 if scale < 1.5 else 1
        for i, category in enumerate(self.category_tiles):
            self.categories_grid.addWidget(self.category_tiles[category], i // columns, i % columns)
        self.toggles_box.setDirection(QBoxLayout.Direction.LeftToRight if scale < 1.5
                                      else QBoxLayout.Direction.TopToBottom)
        self.qr_box.setDirection(QBoxLayout.Direction.LeftToRight if scale < 1.5
                                 else QBoxLayout.Direction.TopToBottom)
        self._draw_map()
        self._apply_layout()
        self.retranslate()

    def _apply_layout(self) -> None:
        """Portrait: map above, panel below; landscape: map left, panel right (wider to type)."""
        landscape = self.ctx.profile == "library"
        self.box.setDirection(QBoxLayout.Direction.LeftToRight if landscape
                              else QBoxLayout.Direction.TopToBottom)
        searching = self.mode == "search"
        keys_home = self.map_keys if landscape else self.panel_keys
        if keys_home.indexOf(self.keyboard) < 0:
            (self.panel_keys if landscape else self.map_keys).removeWidget(self.keyboard)
            keys_home.addWidget(self.keyboard)
            self.keyboard.setVisible(searching)
        self.map_keys.setContentsMargins(0, 0, 0, 16 if landscape and searching else 0)
        if landscape:
            self.column.setFixedWidth(int(760 + 160 * (self.ctx.scale - 1)))
            self.box.setStretch(0, 1)
            self.box.setStretch(1, 0)
        else:
            self.column.setMinimumWidth(0)
            self.column.setMaximumWidth(16777215)
            self.box.setStretch(0, 2 if searching else 9)
            self.box.setStretch(1, 5 if searching else 11)
        self._place_map_buttons()

    def _place_map_buttons(self) -> None:
        w, h, m = self.map.width(), self.map.height(), 16
        for button in (self.zoom_in, self.zoom_out, self.back_to_me):
            button.adjustSize()
        side = max(theme.TOUCH_MIN, self.zoom_in.sizeHint().height())
        for button in (self.zoom_in, self.zoom_out):
            button.resize(side, side)
        self.zoom_in.move(w - side - m, m)
        self.zoom_out.move(w - side - m, m * 2 + side)
        self.back_to_me.move(w - self.back_to_me.width() - m, h - self.back_to_me.height() - m)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if watched is self.map and event.type() == event.Type.Resize:
            self._place_map_buttons()
        return False

    # -- visitor actions ---------------------------------------------------------------------------
    def _on_keyboard_text_changed(self, _text: str) -> None:
        self.query.setText(self._query_text() or _("(type below)"))
        self._fill_results()

    def _on_clear_query_clicked(self) -> None:
        self.keyboard.clear()

    def _on_step_free_clicked(self) -> None:
        self.step_free = self.step_free_button.isChecked()
        self._on_options_changed()

    def _on_slow_clicked(self) -> None:
        self.slow = self.slow_button.isChecked()
        self._on_options_changed()

    def _on_options_changed(self) -> None:
        if self.wf is not None:
            self.rings = self.wf.walk_rings(RING_MINUTES, step_free=self.step_free, slow=self.slow)
            self._draw_map()
            if self.destination is not None:
                self._route()
        self.retranslate()

    def reset(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self.keyboard.clear()
        self.step_free = self.slow = False
        self.step_free_button.setChecked(False)
        self.slow_button.setChecked(False)
        self.category = self.destination = self.route = None
        self._args = None
        self.results = []
        if self.wf is not None:
            self.rings = self.wf.walk_rings(RING_MINUTES)
            self.map.route = None
            self._draw_map()
            self.map.back_to_me()
            self._show_mode("directory")
        elif self.error:
            self.error = ""  # try the pack again for the next visitor


def screens(ctx: AppContext) -> list[Screen]:
    return [MapScreen(ctx)]
