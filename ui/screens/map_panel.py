"""The side (library) or lower (street) panel of *Find your way*: headings, the category tiles,
search results, the route panel (its steps can fold away so the map takes the screen) and *About
this map* behind the one-line credit. It only draws what :class:`kiosk.maps.viewmodel.MapScreenModel`
says and reports taps back to it; the map itself is :class:`ui.widgets.mapview.MapView`.
"""
from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.i18n import _
from kiosk.maps.viewmodel import ABOUT, CATEGORY, ROUTE, SEARCH, MapScreenModel
from kiosk.maps.service import Wayfinder
from ui import theme
from ui.screens.base import heading
from ui.screens.map_about import AboutMapPage
from ui.widgets.buttons import BigButton, ReadAloudButton, Tile
from ui.widgets.mapview import symbol_pixmap
from ui.widgets.qr import QrCode


class ResultRow(Tile):
    """A big row: category symbol, a name that wraps, and a line of detail (walking minutes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "result")
        self.setMinimumSize(theme.TOUCH_MIN, theme.TOUCH_MIN)
        self.layout().setContentsMargins(20, 12, 20, 12)
        self.key = ""


def symbol_icon(category: str, edge: str) -> QIcon:
    return QIcon(symbol_pixmap(category, 128, edge))


class RouteWidget(QWidget):
    """The route panel: summary, Show/Hide steps, Read to me, numbered directions, options and
    the QR code. Folded, only the summary and "Show steps" remain."""

    def __init__(self, model: MapScreenModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(16)
        self.summary = heading("lead")
        self.summary.setObjectName("map_route_summary")
        box.addWidget(self.summary)
        self.steps_toggle = BigButton()
        self.steps_toggle.setObjectName("map_steps_toggle")
        self.steps_toggle.clicked.connect(model.toggle_steps)
        box.addWidget(self.steps_toggle)
        self.toggles = toggles = QWidget()
        self.toggles_box = QBoxLayout(QBoxLayout.Direction.LeftToRight, toggles)
        self.toggles_box.setContentsMargins(0, 0, 0, 0)
        self.step_free_button = BigButton()
        self.step_free_button.setObjectName("map_step_free")
        self.slow_button = BigButton()
        self.slow_button.setObjectName("map_slow")
        for button in (self.step_free_button, self.slow_button):
            button.setCheckable(True)
            self.toggles_box.addWidget(button)
        self.read_button = ReadAloudButton()  # wired to the speaker by the screen (ReadAloud)
        self.read_button.setObjectName("map_read")
        box.addWidget(self.read_button)
        self.steps_widget = QWidget()
        self.steps_box = QVBoxLayout(self.steps_widget)
        self.steps_box.setContentsMargins(0, 0, 0, 0)
        self.steps_box.setSpacing(14)
        self.step_labels: list[QLabel] = []
        box.addWidget(self.steps_widget)
        box.addWidget(toggles)  # after the directions: at 200 % text the steps come first
        self.qr_row = qr_row = QWidget()
        self.qr_box = QBoxLayout(QBoxLayout.Direction.LeftToRight, qr_row)
        self.qr_box.setContentsMargins(0, 8, 0, 8)
        self.qr = QrCode()
        self.qr.setObjectName("map_qr")
        self.qr_caption = heading("lead")
        self.qr_box.addWidget(self.qr)
        self.qr_box.addWidget(self.qr_caption, 1)
        box.addWidget(qr_row)

    def retranslate(self, *, speech: bool, scale: float) -> None:
        model, panel = self.model, self.model.route_panel
        self.qr_caption.setText(_("Scan to continue on your phone"))
        for button, label, on in ((self.step_free_button, _("Avoid stairs"), model.step_free),
                                  (self.slow_button, _("Slower walking pace"), model.slow)):
            button.setChecked(on)
            button.setText(("☑ " if on else "☐ ") + label)
            button.setAccessibleName(label)
            button.setAccessibleDescription(_("On") if on else _("Off"))
            button.setProperty("selected", on)
            button.style().unpolish(button)
            button.style().polish(button)
        if not panel.active:
            return
        self.summary.setText(model.route_summary())
        steps = panel.steps()  # re-read in the current language
        while len(self.step_labels) < len(steps):
            label = QLabel()
            label.setWordWrap(True)
            label.setObjectName(f"map_step_{len(self.step_labels)}")
            self.steps_box.addWidget(label)
            self.step_labels.append(label)
        for label, step in zip(self.step_labels, steps):
            label.setText(step.label)
            label.setVisible(True)
        for label in self.step_labels[len(steps):]:
            label.setVisible(False)
        has_route = panel.route is not None
        folded = panel.collapsed and has_route
        self.steps_toggle.setText(_("Show steps") if folded else _("Hide steps"))
        self.steps_toggle.setAccessibleDescription(_("Off") if folded else _("On"))
        self.steps_toggle.setVisible(has_route)
        self.read_button.setVisible(speech and has_route)
        for widget in (self.steps_widget, self.toggles, self.qr_row):
            widget.setVisible(not folded)
        self.qr.setVisible(has_route)
        self.qr_caption.setVisible(has_route)
        self.qr.set_payload(panel.qr_payload, side_px=int(260 * min(scale, 1.4)))

    def restyle(self, scale: float) -> None:
        direction = (QBoxLayout.Direction.LeftToRight if scale < 1.5
                     else QBoxLayout.Direction.TopToBottom)
        self.toggles_box.setDirection(direction)
        self.qr_box.setDirection(direction)


class MapPanel(QWidget):
    """Headings, search, the category tiles, results and the route panel (see module docs)."""

    def __init__(self, model: MapScreenModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.icon_edge = "#FFFFFF"
        p = QVBoxLayout(self)
        p.setContentsMargins(32, 24, 32, 24)
        p.setSpacing(20)
        self.heading = heading("title")
        self.lead = heading("lead")
        self.message = heading()
        self.message.setObjectName("map_message")
        for label in (self.heading, self.lead, self.message):
            p.addWidget(label)
        self.search_button = BigButton(role="primary")
        self.search_button.setObjectName("map_search")
        self.search_button.clicked.connect(model.open_search)
        p.addWidget(self.search_button)
        # What has been typed so far, in large letters (the keyboard owns the text).
        self.query = QLabel()
        self.query.setObjectName("map_query")
        self.query.setProperty("role", "lead")
        self.query.setWordWrap(True)
        self.query.setMinimumHeight(theme.TOUCH_MIN)
        self.clear_query = BigButton()
        self.clear_query.setObjectName("map_clear_query")
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
            tile.clicked.connect(lambda _c=False, c=category: self.model.open_category(c))
            self.category_tiles[category] = tile
        p.addWidget(self.categories_widget)
        self.results_widget = QWidget()
        self.results_box = QVBoxLayout(self.results_widget)
        self.results_box.setContentsMargins(0, 0, 0, 0)
        self.results_box.setSpacing(12)
        self.result_rows: list[ResultRow] = []
        p.addWidget(self.results_widget)
        self.route = RouteWidget(model)
        p.addWidget(self.route)
        self.about_page = AboutMapPage(model)
        p.addWidget(self.about_page)
        p.addStretch(1)
        # one short line of credit, and the button to the full attribution and legend
        self.credit_row = QWidget()
        self.credit_box = credit = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.credit_row)
        credit.setContentsMargins(0, 0, 0, 0)
        credit.setSpacing(16)
        self.attribution = heading("muted")
        self.attribution.setWordWrap(True)
        self.about_button = BigButton()
        self.about_button.setObjectName("map_about")
        self.about_button.clicked.connect(model.open_about)
        credit.addWidget(self.about_button)
        credit.addWidget(self.attribution, 1)
        p.addWidget(self.credit_row)

    def show_mode(self, mode: str) -> None:
        ready = mode != "unavailable"
        self.search_button.setVisible(mode == "directory")
        self.categories_widget.setVisible(mode == "directory")
        self.query_row.setVisible(mode == SEARCH)
        self.results_widget.setVisible(mode in (SEARCH, CATEGORY))
        self.route.setVisible(mode == ROUTE)
        self.about_page.setVisible(mode == ABOUT)
        self.credit_row.setVisible(ready and mode != ABOUT)  # the screen hides it while folded

    def retranslate(self, *, speech: bool, scale: float, palette: theme.Palette) -> None:
        model = self.model
        self.search_button.setText(_("Search by name"))
        self.clear_query.setText(_("Clear"))
        self.heading.setText(model.heading())
        self.lead.setText(model.lead())
        self.lead.setVisible(bool(model.lead()))
        self.query.setText(model.query_text())
        self.show_message()
        self.route.retranslate(speech=speech, scale=scale)
        if model.wf is None:
            return
        icon_px = int(56 * min(scale, 1.5))
        for tile_model in model.category_tiles():
            tile = self.category_tiles[tile_model.category]
            tile.setVisible(tile_model.visible)
            tile.set_content(tile_model.label, tile_model.count_text,
                             symbol_icon(tile_model.category, self.icon_edge), icon_px)
        self.show_results(scale, palette)
        self.attribution.setText(model.attribution_text())
        self.about_button.setText(_("About this map"))
        self.about_page.retranslate(scale, self.icon_edge)

    def show_message(self) -> None:
        text = self.model.message_text()
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def show_results(self, scale: float, palette: theme.Palette) -> None:
        rows = self.model.result_rows()
        while len(self.result_rows) < len(rows):
            row = ResultRow()
            row.setObjectName(f"map_result_{len(self.result_rows)}")
            row.clicked.connect(lambda _c=False, r=row: self.model.open_place(r.key))
            self.results_box.addWidget(row)
            self.result_rows.append(row)
        icon_px = int(56 * min(scale, 1.5))
        for row, result in zip(self.result_rows, rows):
            row.key = result.place_id
            row.set_content(result.name, result.detail, symbol_icon(result.category, self.icon_edge),
                            icon_px)
            row.style_texts(theme.px("body", scale), theme.px("small", scale), palette.text)
            row.setVisible(True)
        for row in self.result_rows[len(rows):]:
            row.setVisible(False)
        self.query.setText(self.model.query_text())
        self.show_message()

    def restyle(self, scale: float, palette: theme.Palette) -> None:
        for tile in self.category_tiles.values():
            tile.style_texts(theme.px("body", scale), theme.px("small", scale), palette.text)
        columns = 2 if scale < 1.5 else 1
        for i, category in enumerate(self.category_tiles):
            self.categories_grid.addWidget(self.category_tiles[category], i // columns, i % columns)
        self.route.restyle(scale)
        # large text: the button on a line of its own above the credit, never squeezed by it
        self.credit_box.setDirection(QBoxLayout.Direction.LeftToRight if scale < 1.25
                                     else QBoxLayout.Direction.TopToBottom)
