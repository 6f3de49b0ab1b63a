"""Home: three big choices — Learn, Find your way, EV charging."""
from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QWidget

from kiosk.i18n import N_, _
from ui import theme
from ui.context import AppContext
from ui.screens.base import Screen, heading, page_layout
from ui.widgets.buttons import Tile

#: (screen to open, icon, title, description) — text marked here, translated in retranslate().
TILES = (
    ("lessons", "learn", N_("Learn"),
     N_("Free step-by-step lessons: phones, email, video calls, staying safe")),
    ("map", "map", N_("Find your way"), N_("A walking map of West Hollywood with directions")),
    ("chargers", "charger", N_("EV charging"), N_("Which public car chargers are free right now")),
)


class HomeScreen(Screen):
    name = "home"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = page_layout(self)
        self.heading = heading("title")
        self.subheading = heading("lead")
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        direction = (QBoxLayout.Direction.TopToBottom if ctx.profile == "street"
                     else QBoxLayout.Direction.LeftToRight)
        tiles = QBoxLayout(direction)
        tiles.setSpacing(32)
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
        self.heading.setText(_("Welcome! What would you like to do?"))
        self.subheading.setText(_("Tap one of the big buttons."))
        self.restyle()

    def restyle(self) -> None:
        p, scale = self.ctx.palette, self.ctx.scale
        icon_px = int(96 * scale)
        for target, icon_name, title, description in TILES:
            tile = self.tiles[target]
            tile.set_content(_(title), _(description), theme.icon(icon_name, p.on_primary, 192), icon_px)
            tile.style_texts(theme.px("tile", scale), theme.px("body", scale), p.on_primary)
