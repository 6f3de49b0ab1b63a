"""One learner (lessons in words, quiz answers, new name or code, removing them) — a view of
:class:`kiosk.progress.dashboard.LearnerModel` — and the card that shows a new code once."""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.i18n import _
from kiosk.progress.accounts import NewCode
from kiosk.progress.dashboard import LearnerModel
from kiosk.progress.link import ProgressLink
from kiosk.progress.queries import LearnerPage
from kiosk.progress.wording import answers_line, lesson_line
from ui.context import AppContext
from ui.screens.base import heading
from ui.screens.trainer.base import (TrainerPageBase, button_row, card, escape, holder_layout,
                                     line_edit, muted, replace_widget, show_text)
from ui.widgets.buttons import WrapButton


class CodeCard(QWidget):
    """A new learner code in large digits, shown once over the whole page like a dialog: the page
    beneath cannot be used until the trainer taps "Done — I wrote it down" (which forgets the code
    in the view model). Nothing else dismisses it but the session wipe."""

    def __init__(self, object_name: str, forget: Callable[[], None], host: QWidget,
                 page: QWidget) -> None:
        super().__init__(host)
        self.host, self.page = host, page
        self.setObjectName(f"{object_name}_veil")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(f"#{object_name}_veil {{ background: rgba(0, 0, 0, 170); }}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 48, 48, 48)
        self.card = QFrame()
        self.card.setObjectName("card")
        layout = QVBoxLayout(self.card)
        layout.setContentsMargins(40, 40, 40, 40)
        layout.setSpacing(24)
        self.intro = heading("lead")
        self.digits = heading("display")
        self.digits.setObjectName(f"{object_name}_digits")
        self.note = heading("")
        self.done = WrapButton(role="primary")
        self.done.setObjectName(f"{object_name}_done")
        self.done.clicked.connect(lambda _checked=False: forget())
        for widget in (self.intro, self.digits, self.note):
            layout.addWidget(widget)
        row = QHBoxLayout()
        row.addWidget(self.done)
        row.addStretch(1)
        layout.addLayout(row)
        outer.addStretch(1)
        outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        host.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.host and event.type() == QEvent.Type.Resize:
            self._cover()
        return False

    def _cover(self) -> None:
        """Cover the whole page; the card gets a fixed width so its wrapped words get the height
        they need (a wrapped label inside a centred card would otherwise be cut short)."""
        self.setGeometry(self.host.rect())
        self.card.setFixedWidth(max(320, min(1100, self.host.width() - 96)))

    def show_code(self, new_code: NewCode | None) -> None:
        if new_code is None:
            self.digits.setText("")
            self.page.setEnabled(True)
            self.hide()
            return
        learner = new_code.learner
        self.intro.setText(_("The code for {name} is:").format(name=learner.display_name))
        self.digits.setText("  ".join(new_code.code))
        self.digits.setAccessibleName(" ".join(new_code.code))
        self.note.setText(_("Write it down now and give it to {name}. It is shown only this once; "
                            "if it is lost, make a new code.").format(name=learner.first_name))
        self.done.setText(_("Done — I wrote it down"))
        was_hidden = self.isHidden()
        # The page beneath takes no taps or keys while the code waits to be acknowledged.
        self.page.setEnabled(False)
        self._cover()
        self.raise_()
        self.show()
        if was_hidden:
            self.done.setFocus()


class LearnerScreen(TrainerPageBase):
    """One learner: every lesson in words, quiz answers, edit, new code, remove."""

    name = "trainer_learner"

    def __init__(self, ctx: AppContext, link: ProgressLink) -> None:
        self.learner = LearnerModel(ctx.tasks, ctx.session, link)
        super().__init__(ctx, self.learner)
        model = self.learner
        # A page the learner keeps (printed from the file saved on a USB stick or at home): at
        # the top, above a detail that may run long.
        self.slip = self.button("trainer_learner_slip", model.export_slip)
        self.row(self.slip)
        self.detail_holder = holder_layout(self.layout_)
        self.code_card = CodeCard("trainer_learner_code", model.forget_code, self, self.scroll)
        self.edit_title = self.section()
        self.first_name = line_edit("trainer_edit_first", 40, on_edit=self._on_first_name_edited)
        self.initial = line_edit("trainer_edit_initial", 1, on_edit=self._on_initial_edited)
        self.initial.setMaximumWidth(160)
        self.save = self.button("trainer_edit_save", model.save_name, primary=True)
        self.row(self.first_name, self.initial)
        self.row(self.save)
        self.new_code = self.button("trainer_new_code", model.make_new_code)
        self.remove = self.button("trainer_remove", model.ask_remove)
        self.row(self.new_code, self.remove)
        self.confirm, confirm_layout = card()
        self.confirm.setObjectName("trainer_confirm")
        self.confirm_text = heading("lead")
        self.confirm_text.setObjectName("trainer_confirm_text")
        self.keep = self.button("trainer_confirm_keep", model.keep, primary=True)
        self.really_remove = self.button("trainer_confirm_remove", model.remove)
        confirm_layout.addWidget(self.confirm_text)
        confirm_layout.addWidget(button_row(self.keep, self.really_remove))
        self.confirm.hide()
        self.layout_.addWidget(self.confirm)
        self.layout_.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return self.learner.title()

    def retranslate(self) -> None:
        if hasattr(self, "confirm"):
            self.edit_title.setText(_("Change the name"))
            self.first_name.setAccessibleName(_("First name"))
            self.initial.setAccessibleName(_("First letter of the last name"))
            self.save.setText(_("Save the name"))
            self.new_code.setText(_("Make a new code"))
            self.remove.setText(_("Remove this learner"))
            self.slip.setText(_("Progress slip to print (PDF)"))
        super().retranslate()

    def render(self) -> None:
        super().render()
        if not hasattr(self, "confirm"):
            return
        model = self.learner
        self.heading.setText(self.title())
        show_text(self.first_name, model.first_name)
        show_text(self.initial, model.initial)
        self.code_card.show_code(model.new_code)
        page = model.page
        name = page.detail.learner.display_name if page else ""
        self.confirm_text.setText(model.confirm_text())
        self.keep.setText(_("Keep {name}").format(name=name) if page else _("Keep"))
        self.really_remove.setText(_("Remove {name}").format(name=name) if page else _("Remove"))
        self.confirm.setVisible(model.confirming)
        replace_widget(self.detail_holder, self._detail(page) if page else None)

    @staticmethod
    def _detail(page: LearnerPage) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        layout.addWidget(muted(_("Class: {name}").format(name=page.detail.school_class.name)))
        for summary in page.detail.lessons:
            line = heading()
            line.setProperty("role", "")
            title, *rest = lesson_line(summary)
            line.setText(" · ".join([f"<b>{escape(title)}</b>", *map(escape, rest)]))
            layout.addWidget(line)
            for stats in page.detail.questions.get(summary.lesson_id, []):
                layout.addWidget(muted("    " + answers_line(
                    stats, page.steps.get((summary.lesson_id, stats.step)))))
        return box

    def on_show(self, args: dict[str, Any]) -> None:
        self.learner.open(args.get("learner_id"))

    def _on_first_name_edited(self, text: str) -> None:
        self.learner.first_name = text

    def _on_initial_edited(self, text: str) -> None:
        self.learner.initial = text
