"""Home: three big choices — Learn, Find your way, EV charging."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QBoxLayout, QWidget

from kiosk.i18n import N_, _
from ui import theme
from ui.context import AppContext
from ui.screens.base import Screen, heading, scrolling_page
from ui.widgets.buttons import Tile, WrapButton
from ui.widgets.flow import FlowWidget

#: (screen to open, icon, title, description) — text marked here, translated in retranslate().
TILES = (
    ("lessons", "learn", N_("Learn"),
     N_("Free step-by-step lessons: phones, email, video calls, staying safe")),
    ("map", "map", N_("Find your way"), N_("A walking map of West Hollywood with directions")),
    ("chargers", "charger", N_("EV charging"), N_("Which public car chargers are available right now")),
)


class HomeScreen(Screen):
    name = "home"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        # At 200 % text in a long language the page may not fit: it scrolls rather than clip.
        layout, page = scrolling_page(self)
        self.heading = heading("title")
        self.subheading = heading("lead")
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        # Library PCs: learners sign in to keep their progress (street kiosks stay anonymous).
        # Its words wrap: "Leave trainer mode" in Russian at 200 % is wider than a portrait page.
        self.sign_in = WrapButton()
        self.sign_in.setObjectName("home_sign_in")
        self.sign_in.clicked.connect(self._on_sign_in_clicked)
        self._can_sign_in = ctx.profile == "library"
        # Parented at birth: Qt owns the row from the start, whatever Python's collector does.
        self.sign_row = FlowWidget(page, margin=0)
        self.sign_row.add(self.sign_in)
        self.sign_row.setVisible(self._can_sign_in)
        layout.addWidget(self.sign_row)
        tiles = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        tiles.setSpacing(32)
        self.tiles_layout = tiles
        self.tiles: dict[str, Tile] = {}
        for target, _icon, _title, _description in TILES:
            tile = Tile()
            tile.setObjectName(f"tile_{target}")
            tile.clicked.connect(lambda _checked=False, t=target: ctx.session.open(t))
            tiles.addWidget(tile, 1)
            self.tiles[target] = tile
        layout.addLayout(tiles, 1)
        self.retranslate()

    def title(self) -> str:
        return _("Welcome")

    def retranslate(self) -> None:
        who = self.ctx.session.signed_in
        # A trainer who signed in on a street kiosk (technician exit) needs a way out too.
        self.sign_row.setVisible(self._can_sign_in or (who is not None and who.is_trainer))
        if who is None:
            self.heading.setText(_("Welcome! What would you like to do?"))
            self.sign_in.setText(_("Sign in to save your progress"))
        elif who.is_trainer:
            self.heading.setText(_("Welcome! What would you like to do?"))
            self.sign_in.setText(_("Leave trainer mode"))
        else:
            self.heading.setText(_("Welcome, {name}! What would you like to do?").format(name=who.display_name))
            self.sign_in.setText(_("Sign out"))
        self.subheading.setText(_("Tap one of the big buttons."))
        self.restyle()

    def on_show(self, args: dict[str, Any]) -> None:
        self.retranslate()

    def _on_sign_in_clicked(self) -> None:
        if self.ctx.session.signed_in is None:
            self.ctx.session.open("signin")
        else:
            self.ctx.session.sign_out()
            self.retranslate()

    def restyle(self) -> None:
        p, scale = self.ctx.palette, self.ctx.scale
        # Side by side on a landscape screen while the words fit; stacked for big text or portrait.
        side_by_side = self.ctx.profile == "library" and scale < 1.5
        self.tiles_layout.setDirection(QBoxLayout.Direction.LeftToRight if side_by_side
                                       else QBoxLayout.Direction.TopToBottom)
        icon_px = int(96 * scale)
        for target, icon_name, title, description in TILES:
            tile = self.tiles[target]
            tile.set_content(_(title), _(description), theme.icon(icon_name, p.on_primary, 192), icon_px)
            tile.style_texts(theme.px("tile", scale), theme.px("body", scale), p.on_primary)
