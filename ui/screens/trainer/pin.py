"""The trainer PIN pad (held top-left corner → PIN → dashboard): a view of
:class:`kiosk.progress.signin.TrainerPinModel`."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout

from kiosk.i18n import _
from kiosk.progress.link import ProgressLink
from kiosk.progress.signin import TrainerPinModel
from ui.context import AppContext
from ui.screens.base import heading
from ui.screens.trainer.base import ModelPage
from ui.widgets.numpad import NumPad, reserve_message_line


class TrainerPinScreen(ModelPage):
    name = "trainer_pin"

    def __init__(self, ctx: AppContext, link: ProgressLink) -> None:
        self.pin = TrainerPinModel(ctx.tasks, ctx.session, link)
        super().__init__(ctx, self.pin)
        self.prompt = heading("lead")
        self.layout_.addWidget(self.prompt)
        self.pad = NumPad(entry=self.pin.pin)
        self.pad.setObjectName("trainer_pad")
        self.pad.submitted.connect(self._on_pad_submitted)
        row = QHBoxLayout()
        row.addWidget(self.pad)
        row.addStretch(1)
        self.layout_.addLayout(row)
        # A line kept free under the pad: a wrong PIN's message never moves the keys.
        self.layout_.addWidget(self.message)
        self.layout_.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return _("Trainer mode")

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "pad"):
            self.pad.retranslate()

    def render(self) -> None:
        super().render()
        if not hasattr(self, "pad"):
            return
        self.prompt.setText(_("Enter the trainer PIN, then tap OK."))
        self.prompt.setVisible(self.pin.pad_shown)
        self.pad.setVisible(self.pin.pad_shown)
        if self.pin.pad_shown:
            reserve_message_line(self.message)
        else:  # no keys to keep in place: a longer message (no PIN set yet) takes the room it needs
            self.message.setMinimumHeight(0)

    def restyle(self) -> None:
        self.pad.restyle(self.ctx.scale)
        if self.pin.pad_shown:
            reserve_message_line(self.message)

    def on_show(self, args: dict[str, Any]) -> None:
        self.pin.open()
        self.pad.setFocus()

    def _on_pad_submitted(self, pin: str) -> None:
        self.pin.submit(pin)
