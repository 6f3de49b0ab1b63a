"""The trainer dashboard: classes, a new class, exporting everything, leaving trainer mode — a view
of :class:`kiosk.progress.dashboard.DashboardModel`."""
from __future__ import annotations

from typing import Any

from kiosk.i18n import _
from kiosk.progress.dashboard import DashboardModel
from kiosk.progress.link import ProgressLink
from ui.context import AppContext
from ui.screens.base import heading
from ui.screens.trainer.base import (TrainerPageBase, button_flow, holder_layout, line_edit, muted,
                                     replace_widget, show_text)


class TrainerScreen(TrainerPageBase):
    """The dashboard: classes, new class, export everything, leave trainer mode."""

    name = "trainer"

    def __init__(self, ctx: AppContext, link: ProgressLink) -> None:
        self.dashboard = DashboardModel(ctx.tasks, ctx.session, link)
        super().__init__(ctx, self.dashboard)
        self.recovery = heading("lead")
        self.recovery.setObjectName("trainer_recovery")
        self.recovery.hide()
        self.layout_.insertWidget(1, self.recovery)
        self.classes_title = self.section()
        self.classes_holder = holder_layout(self.layout_)
        self.toggle_archived = self.button("trainer_toggle_archived", self.dashboard.toggle_archived)
        self.row(self.toggle_archived)
        self.new_title = self.section()
        self.new_class = line_edit("trainer_new_class", on_edit=self._on_new_class_edited)
        self.new_class.returnPressed.connect(self.dashboard.create_class)
        self.create = self.button("trainer_create_class", self.dashboard.create_class, primary=True,
                                  beside_text_box=True)
        self.row(self.new_class, self.create)
        self.export_title = self.section()
        self.export_csv = self.button("trainer_export_csv", lambda: self.dashboard.export("csv"))
        self.export_xapi = self.button("trainer_export_xapi", lambda: self.dashboard.export("xapi"))
        self.row(self.export_csv, self.export_xapi)
        self.layout_.addStretch(1)
        self.leave = self.button("trainer_leave", self.dashboard.leave)
        self.close_program = self.button("trainer_close_program", self._on_close_program)
        self.close_program.hide()
        self.row(self.leave, self.close_program)
        self.retranslate()

    def title(self) -> str:
        return _("Trainer dashboard")

    def retranslate(self) -> None:
        if hasattr(self, "leave"):
            self.classes_title.setText(_("Classes — tap one to see its progress"))
            self.new_title.setText(_("New class"))
            self.new_class.setPlaceholderText(_("Name of the class, for example Tuesday seniors"))
            self.new_class.setAccessibleName(_("Name of the new class"))
            self.create.setText(_("Create class"))
            self.export_title.setText(_("Export every class"))
            self.export_csv.setText(_("Spreadsheet (CSV)"))
            self.export_xapi.setText(_("Learning records (xAPI)"))
            self.leave.setText(_("Leave trainer mode"))
            self.close_program.setText(_("Close the kiosk program"))
        super().retranslate()

    def render(self) -> None:
        super().render()
        if not hasattr(self, "leave"):
            return
        model = self.dashboard
        self.recovery.setText(model.recovery.message() if model.recovery else "")
        self.recovery.setVisible(model.recovery is not None)
        self.toggle_archived.setText(_("Hide archived classes") if model.show_archived
                                     else _("Show archived classes"))
        show_text(self.new_class, model.new_class_name)
        items = [(f"trainer_class_{c.id}", c.name + (" — " + _("archived") if c.archived else ""),
                  lambda c=c: model.open_class(c)) for c in model.classes]
        replace_widget(self.classes_holder, button_flow(items) if items
                       else muted(_("No classes yet. Create one below.")))

    def on_show(self, args: dict[str, Any]) -> None:
        self.close_program.setVisible(bool(getattr(self.window(), "windowed", False)))
        self.dashboard.open()

    def _on_new_class_edited(self, text: str) -> None:
        self.dashboard.new_class_name = text

    def _on_close_program(self) -> None:
        window = self.window()
        if getattr(window, "windowed", False):
            window.shut_down()
