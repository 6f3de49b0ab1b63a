"""One charging site: address, walk, *Walk there*, *Read to me*, then its ports grouped by plug type
(the visitor's chosen plug first), each group with its price said once.

Draws :meth:`ChargersViewModel.site_page` (args ``{"id": site_id}``); no rule lives here.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.i18n import _
from ui.context import AppContext
from ui.screens.base import heading, page_layout, vertical_scroll
from ui.screens.chargers.common import Banner, ChargerScreen, OfferedReadAloud
from ui.screens.chargers.feed import ChargerFeed
from ui.widgets.buttons import ReadAloudButton, WrapButton
from ui.widgets.charger_card import PlugGroupBox, set_text
from ui.widgets.flow import FlowWidget


class ChargerSiteScreen(ChargerScreen):
    name = "charger_site"

    def __init__(self, ctx: AppContext, feed: ChargerFeed, parent: QWidget | None = None) -> None:
        super().__init__(ctx, feed, parent)
        self.site_id: str | None = None
        self.groups: list[PlugGroupBox] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        page = QWidget()
        self.scroll = vertical_scroll(page, self)
        outer.addWidget(self.scroll)
        layout = page_layout(page, margin=32, spacing=18)
        self.heading = heading("title")
        self.address = heading("lead")
        self.walk = heading("")
        self.updated = heading("lead")
        self.updated.setObjectName("charger_site_updated")
        self.banner = Banner()
        self.note = heading("lead")
        # The two buttons share a row while their words fit; at 200 % text they wrap.
        buttons = FlowWidget(spacing=20, margin=0)
        self.walk_there = WrapButton(role="primary")
        self.walk_there.setObjectName("charger_walk_there")
        self.walk_there.clicked.connect(self._on_walk_there_clicked)
        self.read_aloud = ReadAloudButton()
        self.read_aloud.setObjectName("charger_read_aloud")
        self.reader = OfferedReadAloud(ctx, self.read_aloud,
                                       lambda: self.model.site_page(self.site_id).speech)
        buttons.add(self.walk_there)
        buttons.add(self.read_aloud)
        self.groups_layout = QVBoxLayout()
        self.groups_layout.setSpacing(18)
        self.others_heading = heading("lead")
        self.operator = heading("")
        self.hours = heading("")
        for widget in (self.heading, self.address, self.walk, self.updated, self.banner, buttons, self.note):
            layout.addWidget(widget)
        layout.addLayout(self.groups_layout)
        for widget in (self.operator, self.hours):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        page = self.model.site_page(self.site_id)
        return page.title if page.found else _("EV charging")

    def on_show(self, args: dict[str, Any]) -> None:
        new_id = args.get("id")
        if new_id != self.site_id:
            self.scroll.verticalScrollBar().setValue(0)
        self.site_id = new_id
        super().on_show(args)

    def retranslate(self) -> None:
        self.walk_there.setText(_("Walk there"))
        self.render()

    def render(self) -> None:
        page = self.model.site_page(self.site_id)
        self.walk_there.setVisible(page.can_walk_there)
        self.reader.offer(bool(page.speech))
        set_text(self.heading, page.title)
        set_text(self.address, page.address)
        set_text(self.walk, page.walk)
        set_text(self.updated, page.updated)
        self.banner.show_text(page.banner)
        set_text(self.note, page.note)
        set_text(self.operator, page.operator)
        set_text(self.hours, page.hours)
        self._show_groups(page)

    def _show_groups(self, page) -> None:
        # The layout holds the groups in order, with the "Other plugs here" heading before the
        # first group of another plug type when the visitor chose a plug.
        while len(self.groups) < len(page.groups):
            box = PlugGroupBox()
            box.restyle(self.ctx.palette, self.ctx.scale)
            self.groups.append(box)
        self.groups_layout.removeWidget(self.others_heading)
        for box in self.groups:
            self.groups_layout.removeWidget(box)
        for index, box in enumerate(self.groups):
            if index < len(page.groups):
                if page.others_heading and index == page.others_from:
                    self.groups_layout.addWidget(self.others_heading)
                self.groups_layout.addWidget(box)
                box.show_group(page.groups[index])
                box.show()
            else:
                box.hide()
        set_text(self.others_heading, page.others_heading)

    def shown_groups(self) -> list[PlugGroupBox]:
        return [box for box in self.groups if not box.isHidden()]

    def _on_walk_there_clicked(self) -> None:
        page = self.model.site_page(self.site_id)
        if page.can_walk_there:
            self.ctx.session.open("map", destination=page.site_id)

    def restyle(self) -> None:
        super().restyle()
        self.reader.refresh()  # the speaker icon in the new size
        p, scale = self.ctx.palette, self.ctx.scale
        self.banner.restyle(p, scale)
        for box in self.groups:
            box.restyle(p, scale)

    def reset(self) -> None:
        self.site_id = None
        self.scroll.verticalScrollBar().setValue(0)
