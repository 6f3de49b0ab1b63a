"""The difficult questions of a lesson, and saving an export onto a USB stick or into the home
folder (big buttons, no file dialog) — views of ``QuestionsModel`` and ``ExportModel`` of
:mod:`kiosk.progress.dashboard`."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.i18n import _
from kiosk.progress.details import QuestionsModel
from kiosk.progress.exporting import ExportModel
from kiosk.progress.link import ProgressLink
from kiosk.progress.wording import class_mastery_line, question_lines
from ui.context import AppContext
from ui.screens.base import heading
from ui.screens.trainer.report import write_report_pdf
from ui.screens.trainer.slip import write_slip_pdf
from ui.screens.trainer.base import (TrainerPageBase, button_flow, escape, holder_layout, muted,
                                     replace_widget)


class QuestionsScreen(TrainerPageBase):
    """The quiz questions of one lesson a class answered wrong most often."""

    name = "trainer_questions"

    def __init__(self, ctx: AppContext, link: ProgressLink) -> None:
        self.questions = QuestionsModel(ctx.tasks, ctx.session, link)
        super().__init__(ctx, self.questions)
        self.holder = holder_layout(self.layout_)
        self.layout_.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return self.questions.title()

    def render(self) -> None:
        super().render()
        if not hasattr(self, "holder"):
            return
        self.heading.setText(self.title())
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(20)
        page = self.questions.page
        mastery = class_mastery_line(page.rule, page.mastered, page.learners) if page else ""
        if mastery:
            line = heading("lead")
            line.setObjectName("trainer_questions_mastery")
            line.setText(mastery)
            layout.addWidget(line)
        if page is None or not page.rows:
            empty = heading("lead")
            empty.setText(_("Nobody in this class has missed a practice step or a quiz question "
                            "of this lesson yet."))
            layout.addWidget(empty)
        for row in page.rows if page else []:
            label = heading()
            label.setProperty("role", "")
            label.setObjectName(f"trainer_question_{row.step}")
            title, detail = question_lines(row)
            label.setText(f"<b>{escape(title)}</b><br>{escape(detail)}")
            layout.addWidget(label)
        replace_widget(self.holder, box)

    def on_show(self, args: dict[str, Any]) -> None:
        self.questions.open(args.get("class_id"), args.get("lesson_id"))


class ExportScreen(TrainerPageBase):
    """Save an export onto a USB stick or into the home folder: big buttons, no file dialog."""

    name = "trainer_export"

    def __init__(self, ctx: AppContext, link: ProgressLink) -> None:
        self.export = ExportModel(ctx.tasks, ctx.session, link)
        self.export.pdf_writer = write_report_pdf
        self.export.slip_writer = write_slip_pdf
        super().__init__(ctx, self.export)
        self.prompt = heading("lead")
        self.layout_.insertWidget(1, self.prompt)
        self.holder = holder_layout(self.layout_)
        self.again = self.button("trainer_export_again", self.export.look_again)
        self.row(self.again)
        self.layout_.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return self.export.title()

    def retranslate(self) -> None:
        if hasattr(self, "again"):
            self.prompt.setText(_("Where should the file go? To use a USB stick, put it in first, "
                                  "then tap “Look again”."))
            self.again.setText(_("Look again"))
        super().retranslate()

    def render(self) -> None:
        super().render()
        if not hasattr(self, "holder"):
            return
        self.heading.setText(self.title())
        items = []
        for n, place in enumerate(self.export.places):
            text = (_("USB stick “{name}”").format(name=place.label)
                    if place.removable else _("Home folder ({path})").format(path=str(place.path)))
            items.append((f"trainer_place_{n}", text, lambda p=place: self.export.save(p)))
        replace_widget(self.holder, button_flow(items) if items else muted(
            _("No place to save was found. Put in a USB stick and tap “Look again”.")))

    def on_show(self, args: dict[str, Any]) -> None:
        self.export.open(args.get("kind", self.export.kind), args.get("class_id"),
                         args.get("learner_id"))
