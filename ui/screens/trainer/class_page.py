"""One class (progress grid, lessons, adding learners, renaming, archiving) and the page that picks
its lessons — views of :class:`kiosk.progress.dashboard.ClassModel` and ``LessonsModel``."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.i18n import _
from kiosk.progress.dashboard import ClassModel, LessonsModel
from kiosk.progress.link import ProgressLink
from kiosk.progress.queries import ClassPage
from ui.context import AppContext
from ui.screens.base import heading
from ui.screens.trainer.base import (TrainerPageBase, holder_layout, line_edit, muted,
                                     replace_widget, show_text)
from ui.screens.trainer.grid import ClassGridTable
from ui.screens.trainer.shapes import GridLegend
from ui.screens.trainer.learner_page import CodeCard
from ui.widgets.buttons import WrapButton
from ui.widgets.flow import FlowWidget


class ClassScreen(TrainerPageBase):
    """One class: the progress grid, its lessons, adding learners, renaming and archiving."""

    name = "trainer_class"

    def __init__(self, ctx: AppContext, link: ProgressLink) -> None:
        self.klass = ClassModel(ctx.tasks, ctx.session, link)
        super().__init__(ctx, self.klass)
        model = self.klass
        self.grid_title = self.section()
        self.summary = heading("lead")
        self.summary.setObjectName("trainer_class_summary")
        self.layout_.addWidget(self.summary)
        self.grid_hint = heading("muted")
        self.layout_.addWidget(self.grid_hint)
        self.table: ClassGridTable | None = None
        self.grid_holder = holder_layout(self.layout_)
        self.lessons_title = self.section()
        self.lessons_list = heading("muted")
        self.layout_.addWidget(self.lessons_list)
        self.choose_lessons = self.button("trainer_choose_lessons", model.choose_lessons)
        self.row(self.choose_lessons)
        self.add_title = self.section()
        self.first_name = line_edit("trainer_first_name", 40, on_edit=self._on_first_name_edited)
        self.initial = line_edit("trainer_initial", 1, on_edit=self._on_initial_edited)
        self.initial.setMaximumWidth(160)
        self.add = self.button("trainer_add_learner", model.add_learner, primary=True)
        self.initial.returnPressed.connect(model.add_learner)
        self.row(self.first_name, self.initial)
        self.row(self.add)
        self.code_card = CodeCard("trainer_code", model.forget_code, self, self.scroll)
        self.export_title = self.section()
        self.export_csv = self.button("trainer_class_export_csv", lambda: model.export("csv"))
        self.export_xapi = self.button("trainer_class_export_xapi", lambda: model.export("xapi"))
        self.export_pdf = self.button("trainer_class_export_pdf", lambda: model.export("pdf"))
        self.row(self.export_pdf, self.export_csv, self.export_xapi)
        self.class_title = self.section()
        self.rename_edit = line_edit("trainer_rename", on_edit=self._on_rename_edited)
        self.rename = self.button("trainer_rename_class", model.rename, beside_text_box=True)
        self.row(self.rename_edit, self.rename)
        self.archive = self.button("trainer_archive_class", model.toggle_archive)
        self.row(self.archive)
        self.layout_.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return self.klass.title()

    def retranslate(self) -> None:
        if hasattr(self, "archive"):
            self.grid_title.setText(_("Progress"))
            self.grid_hint.setText(_("Tap a box to see that learner's steps, a name for the "
                                     "learner, or a lesson title for its most-missed steps."))
            self.lessons_title.setText(_("Lessons for this class"))
            self.choose_lessons.setText(_("Choose lessons"))
            self.add_title.setText(_("Add a learner (first name and first letter of the last name)"))
            self.first_name.setPlaceholderText(_("First name"))
            self.first_name.setAccessibleName(_("First name"))
            self.initial.setPlaceholderText(_("Initial"))
            self.initial.setAccessibleName(_("First letter of the last name"))
            self.add.setText(_("Add learner"))
            self.export_title.setText(_("Export this class"))
            self.export_csv.setText(_("Spreadsheet (CSV)"))
            self.export_xapi.setText(_("Learning records (xAPI)"))
            self.export_pdf.setText(_("Report to print (PDF)"))
            self.class_title.setText(_("Rename or archive"))
            self.rename_edit.setAccessibleName(_("New name of the class"))
            self.rename.setText(_("Rename"))
        super().retranslate()

    def restyle(self) -> None:
        self.render()

    def render(self) -> None:
        super().render()
        if not hasattr(self, "archive"):
            return
        model = self.klass
        self.heading.setText(self.title())
        self.archive.setText(_("Bring this class back") if model.archived
                             else _("Archive this class (hide it from sign-in)"))
        for edit, text in ((self.first_name, model.first_name), (self.initial, model.initial),
                           (self.rename_edit, model.rename_to)):
            show_text(edit, text)
        self.code_card.show_code(model.new_code)
        page = model.page
        self.lessons_list.setText(", ".join(l.shown_title for l in page.grid.lessons)
                                  if page and page.grid.lessons
                                  else _("No lessons chosen yet. Tap “Choose lessons”."))
        self.summary.setText(page.view.summary() if page and page.grid.learners else "")
        self.table = None
        if page is None or not page.grid.learners:
            replace_widget(self.grid_holder, muted(_("Nobody is in this class yet. Add learners below.")))
            return
        if not page.grid.lessons:
            replace_widget(self.grid_holder, None)  # "Lessons for this class" says what to do
            return
        replace_widget(self.grid_holder, self._grid_widget(page))
        self._fit_table()

    def _grid_widget(self, page: ClassPage) -> QWidget:
        table = ClassGridTable(page.view, self.ctx.palette, self.ctx.scale)
        table.cell_opened.connect(self.klass.open_cell)
        table.learner_opened.connect(self.klass.open_row)
        table.lesson_opened.connect(self.klass.open_column)
        self.table = table
        # The key to the shapes sits right above the grid it explains.
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        self.legend = GridLegend(page.view, self.ctx.palette, self.ctx.scale)
        column.addWidget(self.legend)
        column.addWidget(table)
        return box

    def _fit_table(self) -> None:
        """All rows when they fit; otherwise as tall as the page, scrolling under its headers."""
        table = self.table
        if table is None:
            return
        table.relayout()
        # As tall as the room below the summary on the first screen: the page itself need not
        # scroll to reach the last row, and the lesson headers never leave the screen.
        self.scroll.widget().layout().activate()
        top = table.mapTo(self.scroll.widget(), QPoint(0, 0)).y()
        room = max(table.row_height * 6 + table.horizontalHeader().height(),
                   self.scroll.viewport().height() - top - 24)
        table.setFixedHeight(min(table.full_height(), room))

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().resizeEvent(event)
        self._fit_table()

    def on_show(self, args: dict[str, Any]) -> None:
        # A class page always opens at its top, where the grid is.
        self.scroll.verticalScrollBar().setValue(0)
        self.klass.open(args.get("class_id"))

    def _on_first_name_edited(self, text: str) -> None:
        self.klass.first_name = text

    def _on_initial_edited(self, text: str) -> None:
        self.klass.initial = text

    def _on_rename_edited(self, text: str) -> None:
        self.klass.rename_to = text


class AssignScreen(TrainerPageBase):
    """Tick the lessons a class works on (the columns of its grid)."""

    name = "trainer_lessons"

    def __init__(self, ctx: AppContext, link: ProgressLink) -> None:
        self.lessons = LessonsModel(ctx.tasks, ctx.session, link)
        super().__init__(ctx, self.lessons)
        self.prompt = heading("lead")
        self.layout_.insertWidget(1, self.prompt)
        self.holder = holder_layout(self.layout_)
        self.save = self.button("trainer_lessons_save", self.lessons.save, primary=True)
        self.row(self.save)
        self.layout_.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return _("Lessons for this class")

    def retranslate(self) -> None:
        if hasattr(self, "save"):
            self.prompt.setText(_("Tap a lesson to tick it or untick it, then tap Save."))
            self.save.setText(_("Save"))
        super().retranslate()

    def render(self) -> None:
        super().render()
        if not hasattr(self, "holder"):
            return
        flow = FlowWidget(spacing=20, margin=0)
        choice = self.lessons.choice
        for lesson in choice.lessons if choice else []:
            ticked = lesson.id in self.lessons.chosen
            button = WrapButton(("☑ " if ticked else "☐ ") + lesson.shown_title,
                                role="primary" if ticked else "")
            button.setObjectName(f"trainer_lesson_{lesson.id}")
            button.setCheckable(True)
            button.setChecked(ticked)
            button.clicked.connect(lambda _c=False, lid=lesson.id: self.lessons.toggle(lid))
            flow.add(button)
        replace_widget(self.holder, flow)

    def on_show(self, args: dict[str, Any]) -> None:
        self.lessons.open(args.get("class_id"))
