"""Home: three big choices — Learn, Find your way, EV charging — and *Read to me*.

All three choices must be in sight without scrolling, at any text size, in every language and on
both screens (issue 14, item 5: at 200 % in Russian only "Learn" showed). The page is laid out at
the roomiest of a few :data:`LEVELS` that fits the screen: first everything at full size, then
smaller tile descriptions and icons, then without the "Tap one of the big buttons" line, then the
tiles with their titles only (each description stays their accessible description and is read
aloud), and on a landscape screen the heading beside the tiles. Only when nothing fits (a text
no level can hold) does the page scroll.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QBoxLayout, QScrollArea, QVBoxLayout, QWidget

from kiosk.i18n import N_, _
from ui import theme
from ui.context import AppContext
from ui.screens.base import ReadAloud, Screen, heading, scrolling_page
from ui.widgets.buttons import ReadAloudButton, Tile, WrapButton
from ui.widgets.flow import FlowWidget

#: (screen to open, icon, title, description) — text marked here, translated in retranslate().
TILES = (
    ("lessons", "learn", N_("Learn"),
     N_("Free step-by-step lessons: phones, email, video calls, staying safe")),
    ("map", "map", N_("Find your way"), N_("A walking map of West Hollywood with directions")),
    ("chargers", "charger", N_("EV charging"), N_("Which public car chargers are available right now")),
)


@dataclass(frozen=True)
class Level:
    """One way to lay Home out, from roomiest to most compact."""
    description_scale_max: float | None   # None: descriptions hidden
    icon_base: int                        # icon side at text scale 1
    subheading: bool
    two_columns: bool = False             # heading beside the tiles (landscape screens only)
    spacing: int = 32
    heading_scale_max: float = 2.0        # the greeting gives way to the choices


COMPACT = 1.5


LEVELS = (
    Level(description_scale_max=2.0, icon_base=96, subheading=True),
    Level(description_scale_max=1.25, icon_base=64, subheading=True, spacing=24),
    Level(description_scale_max=1.25, icon_base=56, subheading=False, spacing=20),
    Level(description_scale_max=1.0, icon_base=48, subheading=False, spacing=20,
          heading_scale_max=COMPACT),
    Level(description_scale_max=None, icon_base=48, subheading=False, spacing=20,
          heading_scale_max=COMPACT),
    Level(description_scale_max=None, icon_base=40, subheading=False, two_columns=True, spacing=20,
          heading_scale_max=COMPACT),
)


class HomeScreen(Screen):
    name = "home"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        # When no level fits (it should not happen) the page scrolls rather than clip.
        self.page_layout, self.page = scrolling_page(self)
        self.scroll = self.findChild(QScrollArea)
        self.heading = heading("title")
        self.subheading = heading("lead")
        intro = QVBoxLayout()
        intro.setContentsMargins(0, 0, 0, 0)
        intro.setSpacing(24)
        self.intro = intro
        intro.addWidget(self.heading)
        intro.addWidget(self.subheading)
        # Library PCs: learners sign in to keep their progress (street kiosks stay anonymous).
        # Its words wrap: "Leave trainer mode" in Russian at 200 % is wider than a portrait page.
        self.sign_in = WrapButton()
        self.sign_in.setObjectName("home_sign_in")
        self.sign_in.clicked.connect(self._on_sign_in_clicked)
        self._can_sign_in = ctx.profile == "library"
        self.read_aloud = ReadAloudButton()
        self.read_aloud.setObjectName("home_read_aloud")
        # Parented at birth: Qt owns the row from the start, whatever Python's collector does.
        self.sign_row = FlowWidget(self.page, margin=0)
        self.sign_row.add(self.read_aloud)
        self.sign_row.add(self.sign_in)
        intro.addWidget(self.sign_row)
        intro.addStretch(1)
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
        self.columns = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.columns.setContentsMargins(0, 0, 0, 0)
        self.columns.addLayout(intro, 0)
        self.columns.addLayout(tiles, 1)
        self.page_layout.addLayout(self.columns, 1)
        self.level = LEVELS[0]
        self._fitting = False
        self.reader = ReadAloud(ctx, self.read_aloud, self.speech_text)
        self.retranslate()

    def title(self) -> str:
        return _("Welcome")

    def speech_text(self) -> str:
        """What *Read to me* says: the question, then each choice and what it offers."""
        parts = [self.heading.text(), self.subheading.text()]
        for _target, _icon, title, description in TILES:
            parts.append(f"{_(title)}. {_(description)}.")
        return "\n".join(parts)

    def retranslate(self) -> None:
        who = self.ctx.session.signed_in
        # A trainer who signed in on a street kiosk (technician exit) needs a way out too.
        self.sign_in.setVisible(self._can_sign_in or (who is not None and who.is_trainer))
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

    # -- layout ------------------------------------------------------------------------------------
    def restyle(self) -> None:
        self.reader.refresh()
        self.sign_row.setVisible(not self.read_aloud.isHidden() or not self.sign_in.isHidden())
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override: a new size may fit another level
        super().resizeEvent(event)
        self._fit()

    def _apply(self, level: Level) -> None:
        p, scale = self.ctx.palette, self.ctx.scale
        self.level = level
        landscape = self.width() > self.height()
        # Side by side on a landscape screen while the words fit; stacked for big text or portrait.
        side_by_side = self.ctx.profile == "library" and scale < 1.5 and landscape
        self.tiles_layout.setDirection(QBoxLayout.Direction.LeftToRight if side_by_side
                                       else QBoxLayout.Direction.TopToBottom)
        self.tiles_layout.setSpacing(level.spacing)
        two = level.two_columns and landscape
        self.columns.setDirection(QBoxLayout.Direction.LeftToRight if two
                                  else QBoxLayout.Direction.TopToBottom)
        self.columns.setSpacing(48 if two else level.spacing)
        self.columns.setStretch(0, 5 if two else 0)
        self.columns.setStretch(1, 6 if two else 1)
        self.subheading.setVisible(level.subheading)
        capped = scale > level.heading_scale_max
        self.heading.setStyleSheet(
            f"font-size: {theme.px('title', level.heading_scale_max)}px;" if capped else "")
        icon_px = int(level.icon_base * scale)
        shown = level.description_scale_max is not None
        description_px = theme.px("body", min(scale, level.description_scale_max or 1.0))
        for target, icon_name, title, description in TILES:
            tile = self.tiles[target]
            tile.set_content(_(title), _(description), theme.icon(icon_name, p.on_primary, 192), icon_px)
            tile.style_texts(theme.px("tile", scale), description_px, p.on_primary)
            tile.description_label.setVisible(shown)

    def _fits(self) -> bool:
        viewport = self.scroll.viewport()
        self.page.ensurePolished()
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        return self.page.layout().totalHeightForWidth(viewport.width()) <= viewport.height()

    def _fit(self) -> None:
        """Lay the page out at the first level that shows all three choices without scrolling."""
        if self._fitting:
            return
        self._fitting = True
        try:
            for level in LEVELS:
                self._apply(level)
                if self.width() < 200 or self._fits():  # (not laid out yet: the resize comes back)
                    return
        finally:
            self._fitting = False
