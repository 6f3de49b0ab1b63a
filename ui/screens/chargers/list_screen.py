"""The charger list: nearest first, one line per plug type, a plug filter, "Read to me".

Draws :meth:`ChargersViewModel.list_page` and forwards taps; every rule is in the view model.
Cards are kept per site and updated in place, and the scroll position is kept, so a refresh
never moves the list under the visitor's finger.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.chargers.board import MAX_ROWS
from kiosk.chargers.viewmodel import FilterChoice, SiteRow
from kiosk.i18n import _
from ui.context import AppContext
from ui.screens.base import heading, page_layout, vertical_scroll
from ui.screens.chargers.common import Banner, ChargerScreen, OfferedReadAloud
from ui.screens.chargers.feed import ChargerFeed
from ui.widgets.buttons import BigButton, ReadAloudButton
from ui.widgets.charger_card import SiteCard, set_text
from ui.widgets.flow import FlowWidget


class ChargersScreen(ChargerScreen):
    name = "chargers"

    def __init__(self, ctx: AppContext, feed: ChargerFeed, parent: QWidget | None = None) -> None:
        super().__init__(ctx, feed, parent)
        self.cards: dict[str, SiteCard] = {}
        self.order: list[str] = []
        self.filter_buttons: list[BigButton] = []
        self._drawn_plug: str | None = None  # the filter the list was last drawn with
        outer = page_layout(self, margin=32, spacing=16)
        self.heading = heading("title")
        self.updated = heading("lead")
        self.updated.setObjectName("chargers_updated")
        self.banner = Banner()
        self.banner.hide()
        self.read_aloud = ReadAloudButton()
        self.read_aloud.setObjectName("chargers_read_aloud")
        self.reader = OfferedReadAloud(ctx, self.read_aloud, lambda: self.model.list_page().speech)
        # The title, the data's age with "Read to me" beside it, and the old-data banner stay
        # put; the rest scrolls. Kept this short so that at 200 % text the first charger still
        # shows without scrolling.
        age_row = QHBoxLayout()
        age_row.setSpacing(20)
        age_row.addWidget(self.updated, 1)
        age_row.addWidget(self.read_aloud, 0, Qt.AlignmentFlag.AlignVCenter)
        outer.addWidget(self.heading)
        outer.addLayout(age_row)
        outer.addWidget(self.banner)
        page = QWidget()
        self.scroll = vertical_scroll(page, self)
        outer.addWidget(self.scroll, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(20)
        self.intro = heading("muted")
        self.filter_label = heading("")
        self.filters = FlowWidget(spacing=16, margin=0)
        self.filters.setObjectName("chargers_filters")
        self.message = heading("lead")
        self.message.setObjectName("chargers_message")
        self.message_more = heading("")
        self.cards_layout = QVBoxLayout()
        self.cards_layout.setSpacing(20)
        self.more_note = heading("muted")
        for widget in (self.intro, self.filter_label, self.filters, self.message, self.message_more):
            layout.addWidget(widget)
        layout.addLayout(self.cards_layout)
        layout.addWidget(self.more_note)
        layout.addStretch(1)
        self.retranslate()

    # -- drawing --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.heading.setText(self.title())
        self.intro.setText(_("Public chargers near this kiosk, nearest first. Tap one to see its ports."))
        self.filter_label.setText(_("Show only chargers for my plug:"))
        self.render()

    def render(self) -> None:
        page = self.model.list_page()
        set_text(self.updated, page.updated)
        self.banner.show_text(page.banner)
        # The one-line hint gives way to the chargers themselves at large text sizes.
        self.intro.setVisible(page.has_data and self.ctx.scale < 1.5)
        self.reader.offer(bool(page.speech))
        self._show_filters(page.filters)
        set_text(self.message, page.message)
        set_text(self.message_more, page.message_more)
        self._show_cards(page.rows)
        set_text(self.more_note, page.more_note)
        if self.model.plug != self._drawn_plug:
            self._drawn_plug = self.model.plug
            self.scroll.verticalScrollBar().setValue(0)  # a new filter starts at the nearest

    def _show_filters(self, choices: tuple[FilterChoice, ...]) -> None:
        self.filters.setVisible(bool(choices))
        self.filter_label.setVisible(bool(choices))
        while len(self.filter_buttons) < len(choices):
            button = BigButton()
            button.setProperty("filter", True)
            button.clicked.connect(lambda _c=False, b=button: self.model.choose_plug(b.choice))
            self.filters.add(button)
            self.filter_buttons.append(button)
        for index, button in enumerate(self.filter_buttons):
            if index >= len(choices):
                button.hide()
                continue
            choice = choices[index]
            button.choice = choice.plug
            # The chosen filter carries a tick, not just a colour.
            button.setText(f"✓ {choice.label}" if choice.selected else choice.label)
            button.setObjectName(f"filter_{choice.plug or 'all'}")
            if button.property("selected") != choice.selected:
                button.setProperty("selected", choice.selected)
                button.style().unpolish(button)
                button.style().polish(button)
            button.show()

    def _show_cards(self, rows: tuple[SiteRow, ...]) -> None:
        bar = self.scroll.verticalScrollBar()
        keep = bar.value()
        wanted = [row.site_id for row in rows]
        page = self.scroll.widget()
        # Showing many new cards one by one in a shown page lays the page out again for each
        # card (measured: ~1,600 height queries for 25 cards). Behind a hidden page they are
        # laid out once, when it shows again, in this same event-loop turn (no flicker).
        batch = page.isVisible() and sum(site_id not in self.cards for site_id in wanted) > 1
        if batch:
            page.hide()
        for site_id, card in self.cards.items():
            if site_id not in wanted and not card.isHidden():
                self.cards_layout.removeWidget(card)
                card.hide()
        for position, row in enumerate(rows):
            card = self.cards.get(row.site_id) or self._new_card(row.site_id)
            card.show_row(row)
            if self.cards_layout.indexOf(card) != position:
                self.cards_layout.removeWidget(card)
                self.cards_layout.insertWidget(position, card)
            if card.isHidden():
                card.show()
        self.order = wanted
        # Cards of sites that left the data go, so a feed changing for weeks cannot pile them up;
        # those of the other filters stay (a tap on a filter then builds nothing).
        if len(self.cards) > 4 * MAX_ROWS:
            for site_id in [s for s, c in self.cards.items() if c.isHidden()]:
                self.cards.pop(site_id).deleteLater()
        if batch:
            page.show()
        bar.setValue(min(keep, bar.maximum()) if bar.maximum() else keep)

    def _new_card(self, site_id: str) -> SiteCard:
        card = SiteCard(site_id, self.cards_layout.parentWidget())
        card.clicked.connect(lambda c=card: self.ctx.session.open("charger_site", id=c.site_id))
        card.restyle(self.ctx.palette, self.ctx.scale)
        self.cards[site_id] = card
        return card

    def shown_cards(self) -> list[SiteCard]:
        return [self.cards[site_id] for site_id in self.order]

    # -- taps and life cycle ----------------------------------------------------------------------
    def restyle(self) -> None:
        super().restyle()
        self.render()  # the hint shows or hides with the text size
        p, scale = self.ctx.palette, self.ctx.scale
        for card in self.cards.values():
            card.restyle(p, scale)
        self.banner.restyle(p, scale)

    def reset(self) -> None:
        self.model.reset()
        self.feed.after_wipe()
        self.render()
        self.scroll.verticalScrollBar().setValue(0)
