"""Find your way: the heads-up map with walk rings, a place directory and search, and walking
routes with directions, read-aloud and a take-away QR code.

A thin view over :class:`kiosk.maps.viewmodel.MapScreenModel`, which decides what the panel says
(directory, search results, a category's places, the route) from the navigation arguments — so
the shell's Back button steps back through them — and what each tap does. This screen draws the
map (:class:`ui.widgets.mapview.MapView`), places the panel (:class:`ui.screens.map_panel.MapPanel`)
and the on-screen keyboard for the profile, and forwards input.

Street kiosks show the map above the panel (portrait), library PCs beside it (landscape). The pack
is loaded and prepared on a worker through the kiosk's one task path (``ctx.tasks``), and so are
the walk rings when the visitor changes an option; search and routing run here on the UI thread:
on the demo pack they take well under a millisecond, and the core keeps a routed query on a
100,000-node city graph within one frame budget (``make bench``).
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk.errors import ContentError
from kiosk.i18n import _, current_language
from kiosk.maps.routing import NoRoute
from kiosk.maps.viewmodel import RING_MINUTES, ROUTE, SEARCH, MapChange, MapScreenModel, load_wayfinder
from ui import gcguard, theme
from ui.context import AppContext
from ui.screens.base import ReadAloud, Screen, flick_scrolling
from ui.screens.map_panel import MapPanel, ResultRow
from ui.widgets.buttons import BigButton
from ui.widgets.keyboard import OnScreenKeyboard
from ui.widgets.mapview import MapView

logger = logging.getLogger(__name__)

LOAD_SLOT, RINGS_SLOT = "map.load", "map.rings"


class MapScreen(Screen):
    name = "map"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = MapScreenModel(ctx.session, ctx.config.maps.units)
        self._build()
        self.model.subscribe(self._on_model_changed)
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
        # With the route's steps folded away the panel drops its credit line; the map then
        # carries it in its corner (the data's licence asks for it wherever the map is shown).
        self.map_credit = QLabel(self.map)
        self.map_credit.setObjectName("map_credit")
        self.map_credit.setWordWrap(True)
        self.map_credit.hide()
        self.map.installEventFilter(self)
        self.column = QWidget()
        self.column.setObjectName("mapPanel")
        column = QVBoxLayout(self.column)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.panel = MapPanel(self.model)
        self.scroll.setWidget(self.panel)
        flick_scrolling(self.scroll)  # the directions and places panel; the map pans itself
        column.addWidget(self.scroll, 1)
        self.panel.clear_query.clicked.connect(self._on_clear_query_clicked)
        route = self.panel.route
        route.step_free_button.clicked.connect(self._on_options_clicked)
        route.slow_button.clicked.connect(self._on_options_clicked)
        self.reader = ReadAloud(self.ctx, route.read_button, self.directions_text)
        self.keyboard = OnScreenKeyboard(self.column)
        self.keyboard.text_changed.connect(self._on_keyboard_text_changed)
        self.keyboard.submitted.connect(self._on_keyboard_text_changed)
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
        # The panel's widgets, under the names the screen had before the panel was split out.
        for name in ("heading", "lead", "message", "search_button", "query", "clear_query",
                     "categories_widget", "category_tiles", "results_widget", "result_rows",
                     "attribution", "about_button", "about_page"):
            setattr(self, name, getattr(self.panel, name))
        for name in ("summary", "step_free_button", "slow_button", "read_button", "step_labels",
                     "qr", "qr_caption", "steps_toggle"):
            setattr(self, name, getattr(self.panel.route, name))

    def _map_button(self, name: str, text: str, slot) -> BigButton:
        button = BigButton(text, self.map, role="primary")
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # -- what tests and tools read -----------------------------------------------------------------
    wf = property(lambda self: self.model.wf)
    mode = property(lambda self: self.model.mode)
    route = property(lambda self: self.model.route_panel.route)
    destination = property(lambda self: self.model.route_panel.destination)
    step_free = property(lambda self: self.model.step_free)
    slow = property(lambda self: self.model.slow)
    error = property(lambda self: self.model.error)

    # -- loading ---------------------------------------------------------------------------------
    def start_loading(self) -> None:
        """Read and prepare the pack on a worker; the model gets the result on the UI thread."""
        if not self.model.needs_load:
            return
        self.model.loading_started()
        ctx = self.ctx
        ctx.tasks.run(LOAD_SLOT, load_wayfinder, ctx.config, ctx.services.get("maps"),
                      on_done=self._on_loaded, on_error=self._on_load_failed)

    def _on_loaded(self, result) -> None:
        wf, rings = result
        fresh = "maps" not in self.ctx.services
        self.ctx.services.setdefault("maps", wf)  # the chargers screen and tools share it
        if fresh:
            gcguard.keep("the map pack")
        self.model.loaded(self.ctx.services["maps"], rings)

    def _on_load_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, (ContentError, NoRoute)):
            logger.error("loading the map failed unexpectedly", exc_info=(type(exc), exc, exc.__traceback__))
        self.model.failed(exc)

    async def load(self) -> None:
        """Load the pack (if not yet) and wait until it is shown (screenshots and tests): the
        event loop keeps turning meanwhile, so the result is delivered as in the kiosk."""
        self.start_loading()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 30
        while self.ctx.tasks.busy(LOAD_SLOT) and loop.time() < deadline:
            await asyncio.sleep(0.01)

    def _start_rings(self) -> None:
        wf, model = self.model.wf, self.model
        if wf is None:
            return
        self.ctx.tasks.run(RINGS_SLOT, wf.walk_rings, RING_MINUTES, model.step_free, model.slow,
                           on_done=model.rings_changed)

    # -- showing ---------------------------------------------------------------------------------
    def title(self) -> str:
        return _("Find your way")

    def on_show(self, args: dict[str, Any]) -> None:
        self.model.show(args)
        self.start_loading()

    def _on_model_changed(self, change: MapChange) -> None:
        if change is MapChange.LOADED:
            self._draw_map()
        elif change is MapChange.MODE:
            self._show_mode()
        elif change is MapChange.RESULTS:
            self.panel.show_results(self.ctx.scale, self.ctx.palette)
        elif change is MapChange.ROUTE:
            self._show_route()
            self.retranslate()
        elif change is MapChange.RINGS:
            self._draw_map()
        elif change is MapChange.STEPS:
            self.retranslate()
            self._apply_layout()  # the map grows or shrinks; the route is framed again
            # once the panel has laid out its shown and hidden parts, fit it to them
            QTimer.singleShot(0, self._apply_layout)

    def _show_mode(self) -> None:
        mode = self.model.mode
        self.panel.show_mode(mode)
        self.keyboard.setVisible(mode == SEARCH)
        self.map_column.setVisible(mode != "unavailable")
        if self.model.wf is not None:
            self._show_route()
            self.map.set_highlight(self.model.category if mode == "category" else None)
        self._apply_layout()
        self.retranslate()
        self.scroll.verticalScrollBar().setValue(0)

    def _show_route(self) -> None:
        panel = self.model.route_panel
        self.map.show_route(panel.route if self.model.mode == ROUTE else None,
                            panel.destination_name())

    def _draw_map(self) -> None:
        if self.model.wf is None:
            return
        self.map.show_map(self.model.wf, self.model.rings, theme=self.ctx.palette.name,
                          font_px=int(22 * min(self.ctx.scale, 1.6)), lang=current_language(),
                          heads_up=self.ctx.profile == "street")
        self.panel.icon_edge = self.map.colors.icon_edge
        if self.model.mode == ROUTE:
            self._show_route()

    # -- text ------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.zoom_in.setAccessibleName(_("Zoom in"))
        self.zoom_out.setAccessibleName(_("Zoom out"))
        self.back_to_me.setText(_("Back to me"))
        self.map.setAccessibleName(_("Walking map"))
        folded = self.model.mode == ROUTE and self.model.steps_collapsed
        self.map_credit.setText(self.model.attribution_text())
        self.map_credit.setVisible(folded)
        self.panel.credit_row.setVisible(not folded and self.model.mode not in ("about", "unavailable"))
        self._place_map_buttons()  # the button's new words may be wider
        if self.keyboard.language() != current_language():
            self.keyboard.set_language(current_language())
        speech = self.ctx.speaker.available
        self.panel.retranslate(speech=speech, scale=self.ctx.scale, palette=self.ctx.palette)
        self.reader.refresh()
        self.read_button.setVisible(speech and self.model.route_panel.route is not None)
        if self.model.wf is not None and self.map.lang != current_language():
            self._draw_map()

    def directions_text(self) -> str:
        return self.model.directions_text()

    # -- style and layout --------------------------------------------------------------------------
    def restyle(self) -> None:
        self.keyboard.set_scale(self.ctx.scale)
        self.panel.restyle(self.ctx.scale, self.ctx.palette)
        p = self.ctx.palette
        self.map_credit.setStyleSheet(
            f"QLabel#map_credit {{ background: {p.window}; color: {p.text}; border: 1px solid {p.border};"
            f" border-radius: 8px; padding: 6px 10px; font-size: {theme.px('small', self.ctx.scale)}px; }}")
        self._draw_map()
        self._apply_layout()
        self.retranslate()

    def _apply_layout(self) -> None:
        """Portrait: map above, panel below; landscape: map left, panel right (wider to type)."""
        landscape = self.ctx.profile == "library"
        self.box.setDirection(QBoxLayout.Direction.LeftToRight if landscape
                              else QBoxLayout.Direction.TopToBottom)
        searching = self.model.mode == SEARCH
        keys_home = self.map_keys if landscape else self.panel_keys
        if keys_home.indexOf(self.keyboard) < 0:
            (self.panel_keys if landscape else self.map_keys).removeWidget(self.keyboard)
            keys_home.addWidget(self.keyboard)
            self.keyboard.setVisible(searching)
        self.map_keys.setContentsMargins(0, 0, 0, 16 if landscape and searching else 0)
        if landscape:
            self.column.setFixedWidth(int(760 + 160 * (self.ctx.scale - 1)))
            self.column.setMaximumHeight(16777215)
            self.box.setStretch(0, 1)
            self.box.setStretch(1, 0)
        else:
            self.column.setMinimumWidth(0)
            self.column.setMaximumWidth(16777215)
            # the map is the point of a wayfinding kiosk: more than half the portrait screen
            self.box.setStretch(0, 2 if searching else 3)
            self.box.setStretch(1, 5 if searching else 2)
            if self.model.mode == ROUTE and self.model.steps_collapsed:
                # steps folded away: the panel keeps just its heading, summary and buttons
                self.panel.layout().activate()
                width = self.scroll.viewport().width() or self.width()
                need = self.panel.heightForWidth(width) if self.panel.hasHeightForWidth() else -1
                need = (need if need > 0 else self.panel.sizeHint().height()) + 4
                self.column.setMaximumHeight(max(theme.TOUCH_MIN * 3, min(need, int(self.height() * 0.3))))
            else:
                self.column.setMaximumHeight(16777215)
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
        room = max(120, w - self.back_to_me.width() - 3 * m)
        self.map_credit.setFixedWidth(room)
        self.map_credit.adjustSize()
        self.map_credit.move(m, h - self.map_credit.height() - m)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if watched is self.map and event.type() == event.Type.Resize:
            self._place_map_buttons()
        return False

    # -- visitor actions ---------------------------------------------------------------------------
    def _on_keyboard_text_changed(self, _text: str) -> None:
        self.model.set_query(self.keyboard.text())

    def _on_clear_query_clicked(self) -> None:
        self.keyboard.clear()

    def _on_options_clicked(self) -> None:
        route = self.panel.route
        if self.model.set_options(step_free=route.step_free_button.isChecked(),
                                  slow=route.slow_button.isChecked()):
            self._start_rings()

    def reset(self) -> None:
        self.ctx.tasks.cancel(RINGS_SLOT)
        self.keyboard.clear()
        stale = self.model.reset()
        if self.model.wf is not None:
            self.map.route = None
            self._draw_map()
            self.map.back_to_me()
        if stale:
            self._start_rings()
        self.retranslate()


def screens(ctx: AppContext) -> list[Screen]:
    return [MapScreen(ctx)]


__all__ = ["MapScreen", "ResultRow", "screens"]
