"""One learner in one lesson (a tap on a grid cell): each step by its title, with the tries at
practice steps and quiz questions — a view of :class:`kiosk.progress.details.LearnerLessonModel`."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.i18n import _
from kiosk.progress.details import LearnerLessonModel
from kiosk.progress.link import ProgressLink
from kiosk.progress.queries import LearnerLessonPage
from kiosk.progress.wording import attempts_line, lesson_line, mastery_line, step_name
from ui.context import AppContext
from ui.screens.base import heading
from ui.screens.trainer.base import TrainerPageBase, escape, holder_layout, replace_widget


class LearnerLessonScreen(TrainerPageBase):
    name = "trainer_learner_lesson"

    def __init__(self, ctx: AppContext, link: ProgressLink) -> None:
        self.detail = LearnerLessonModel(ctx.tasks, ctx.session, link)
        super().__init__(ctx, self.detail)
        self.holder = holder_layout(self.layout_)
        self.whole = self.button("trainer_learner_lesson_all", self.detail.open_learner)
        self.row(self.whole)
        self.layout_.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return self.detail.title()

    def retranslate(self) -> None:
        if hasattr(self, "whole"):
            self.whole.setText(_("All lessons of this learner"))
        super().retranslate()

    def restyle(self) -> None:
        self.render()

    def render(self) -> None:
        super().render()
        if not hasattr(self, "holder"):
            return
        self.heading.setText(self.title())
        page = self.detail.page
        replace_widget(self.holder, self._steps(page) if page else None)

    @staticmethod
    def _steps(page: LearnerLessonPage) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        summary = heading("lead")
        summary.setObjectName("trainer_learner_lesson_summary")
        summary.setText(" · ".join(lesson_line(page.summary)[1:]))
        layout.addWidget(summary)
        mastery = mastery_line(page.rule, page.mastered)
        if mastery:
            line = heading("lead")
            line.setObjectName("trainer_learner_lesson_mastery")
            line.setText(mastery)
            layout.addWidget(line)
        for row in page.steps:
            label = heading()
            label.setProperty("role", "")
            label.setObjectName(f"trainer_step_{row.step.index}")
            missed = row.missed > 0
            name = escape(step_name(row.step))
            label.setText(f"<b>{name}</b><br>{escape(attempts_line(row))}" if missed or row.attempts
                          or row.help_requests else f"{name} — {escape(attempts_line(row))}")
            layout.addWidget(label)
        return box

    def on_show(self, args: dict[str, Any]) -> None:
        self.scroll.verticalScrollBar().setValue(0)
        self.detail.open(args.get("learner_id"), args.get("lesson_id"))
