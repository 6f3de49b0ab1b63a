"""Trainer mode: the PIN pad, the dashboard, a class's progress grid, one learner, the lessons of
a class, the difficult questions of a quiz and the export to a USB stick — thin views over
:mod:`kiosk.progress`.

Every page checks that a trainer is signed in (see :meth:`StoreScreen.guard`), so none of it is
reachable by the public, and the idle wipe ends trainer mode like any other session. The pages
share the progress store link and the background-task plumbing of :mod:`ui.screens.signin`,
which lists them among its screens.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from kiosk.errors import KioskError
from kiosk.i18n import _, format_ago, format_minutes, ngettext
from kiosk.progress.events import utc_now
from kiosk.progress.pin import PinStatus
from kiosk.session import SignedIn
from ui.context import AppContext
from ui.screens.base import Screen, heading
from ui.screens.signin import (ProgressLink, StoreScreen, button_flow, calm_message, holder_layout,
                               line_edit, replace_widget)
from ui.widgets.buttons import BigButton, WrapButton
from ui.widgets.flow import FlowWidget
from ui.widgets.numpad import NumPad

logger = logging.getLogger(__name__)

TRAINER_ACCOUNT = "trainer"


def button_row(*buttons: QWidget) -> FlowWidget:
    """Buttons side by side while they fit; they wrap (and their words wrap) at big text."""
    flow = FlowWidget(spacing=20, margin=0)
    for button in buttons:
        flow.add(button)
    return flow


def card() -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(32, 32, 32, 32)
    layout.setSpacing(20)
    return frame, layout


#: Status marks: every status has its own shape as well as its word (never colour alone).
STATUS_MARKS = {"not-started": "○", "started": "◐", "needs-help": "⚠", "completed": "✓"}


def lesson_lookup(library: Any) -> Callable[[str], Any]:
    """Lesson titles (in the current language) and step counts for the summaries."""
    from kiosk.progress.summary import LessonInfo

    def look(lesson_id: str) -> LessonInfo:
        lesson = library.get(lesson_id)
        return LessonInfo(lesson_id, _(lesson.title), lesson.step_count) if lesson else LessonInfo(lesson_id)

    return look


def status_text(cell: Any) -> str:
    return f"{STATUS_MARKS[cell.status.value]} {cell.status.label()}"


def cell_lines(cell: Any) -> list[str]:
    """The grid cell in words: status, steps reached, time spent, last activity."""
    lines = [status_text(cell)]
    if cell.last_activity is None:
        return lines
    total = cell.lesson.step_count
    if total:
        lines.append(_("{n} of {total} steps").format(n=cell.steps_reached, total=total))
    lines.append(format_minutes(cell.time_spent_minutes))
    lines.append(format_ago(cell.last_activity))
    return lines


def status_color(ctx: AppContext, status: str) -> str:
    p = ctx.palette
    return {"completed": p.good, "needs-help": p.bad, "started": p.warn}.get(status, p.muted)


class CodeCard(QFrame):
    """A new learner code in large digits, shown once; Done forgets it."""

    def __init__(self, object_name: str) -> None:
        super().__init__()
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        self.intro = heading("lead")
        self.digits = heading("display")
        self.digits.setObjectName(f"{object_name}_digits")
        self.note = heading("muted")
        self.done = WrapButton(role="primary")
        self.done.setObjectName(f"{object_name}_done")
        self.done.clicked.connect(self.forget)
        for widget in (self.intro, self.digits, self.note):
            layout.addWidget(widget)
        layout.addWidget(button_row(self.done))
        self.hide()

    def show_code(self, new_code: Any) -> None:
        learner = new_code.learner
        self.intro.setText(_("The code for {name} is:").format(name=learner.display_name))
        self.digits.setText("  ".join(new_code.code))
        self.note.setText(_("Write it down now and give it to {name}. It is shown only this once; "
                            "if it is lost, make a new code.").format(name=learner.first_name))
        self.done.setText(_("Done — I wrote it down"))
        self.show()

    def forget(self) -> None:
        self.digits.setText("")
        self.hide()


class TrainerPinScreen(StoreScreen):
    name = "trainer_pin"

    def __init__(self, ctx: AppContext, link: ProgressLink) -> None:
        super().__init__(ctx, link)
        from kiosk.progress.pin import PIN_MAX_DIGITS, PIN_MIN_DIGITS

        self.prompt = heading("lead")
        self.layout_.addWidget(self.prompt)
        self.layout_.addWidget(self.message)
        self.pad = NumPad(min_length=PIN_MIN_DIGITS, max_length=PIN_MAX_DIGITS)
        self.pad.setObjectName("trainer_pad")
        self.pad.submitted.connect(lambda pin: self.run(self.submit(pin)))
        row = QHBoxLayout()
        row.addWidget(self.pad)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.layout_.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return _("Trainer mode")

    def retranslate(self) -> None:
        self.heading.setText(self.title())
        self.prompt.setText(_("Enter the trainer PIN, then tap OK."))
        self.pad.retranslate()

    def restyle(self) -> None:
        self.pad.restyle(self.ctx.scale)

    def on_show(self, args: dict[str, Any]) -> None:
        self.pad.clear()
        self.pad.setFocus()
        self.say("")
        self.run(self.load())

    async def load(self) -> None:
        try:
            is_set, locked = await self.store_call(
                lambda s: (s.trainer_pin.is_set(), s.trainer_pin.locked_until()))
        except KioskError as exc:
            self._pad_shown(False)
            self.say(calm_message(exc, trainer=True))
            return
        from kiosk.progress.pin import PinResult

        if not is_set:
            self._not_set()
        elif locked is not None:
            self._pad_shown(True, enabled=False)
            self.say(PinResult(PinStatus.LOCKED, locked_until=locked).message(utc_now()))
        else:
            self._pad_shown(True)

    def _pad_shown(self, shown: bool, enabled: bool = True) -> None:
        self.pad.setVisible(shown)
        self.prompt.setVisible(shown)
        self.pad.setEnabled(enabled)

    def _not_set(self) -> None:
        from kiosk.progress.pin import PinResult

        self._pad_shown(False)
        self.say(PinResult(PinStatus.NOT_SET).message(utc_now()) + "\n\n" + _(
            "Open a terminal on this PC and type: kiosk trainer set-pin — it asks for the new "
            "PIN twice. Then hold the top-left corner again."))

    async def submit(self, pin: str) -> None:
        self.pad.setEnabled(False)
        try:
            result = await self.store_call(lambda s: s.trainer_pin.check(pin))
        except KioskError as exc:
            self.pad.setEnabled(True)
            self.say(calm_message(exc, trainer=True))
            return
        finally:
            self.pad.clear()
        if result.ok:
            self.ctx.session.sign_in(SignedIn(TRAINER_ACCOUNT, _("Trainer"), is_trainer=True))
            self.ctx.session.replace("trainer")
            return
        if result.status is PinStatus.NOT_SET:
            self._not_set()
            return
        self.say(result.message(utc_now()))
        self.pad.setEnabled(result.status is PinStatus.WRONG)


class TrainerPage(StoreScreen):
    """A trainer page: heading, message, then its content; only for a signed-in trainer."""

    trainer_only = True

    def __init__(self, ctx: AppContext, link: ProgressLink) -> None:
        super().__init__(ctx, link)
        self.layout_.addWidget(self.message)

    def section(self, object_name: str = "") -> QLabel:
        label = heading("lead")
        label.setStyleSheet("font-weight: 700;")
        if object_name:
            label.setObjectName(object_name)
        self.layout_.addWidget(label)
        return label

    def button(self, object_name: str, action: Callable[[], None], primary: bool = False,
               beside_text_box: bool = False) -> QPushButton:
        """A big button; its words wrap, except beside a text box (which gives way to it)."""
        kind = BigButton if beside_text_box else WrapButton
        button = kind(role="primary" if primary else "")
        button.setObjectName(object_name)
        button.clicked.connect(lambda _checked=False: action())
        return button

    def row(self, *widgets: QWidget) -> QHBoxLayout | FlowWidget:
        """Buttons side by side while they fit, wrapping at big text; a text box with its button
        shares one row (the box takes the room left)."""
        if not any(isinstance(w, QLineEdit) for w in widgets):
            flow = button_row(*widgets)
            self.layout_.addWidget(flow)
            return flow
        row = QHBoxLayout()
        row.setSpacing(20)
        for widget in widgets:
            row.addWidget(widget, 1 if isinstance(widget, QLineEdit) else 0)
        self.layout_.addLayout(row)
        return row

    def notice(self) -> str:
        """A message left by the previous page (e.g. "Maria G. was removed"), shown once."""
        return self.ctx.session.scratch.pop("trainer_notice", "")


class TrainerScreen(TrainerPage):
    """The dashboard: classes, new class, export everything, leave trainer mode."""

    name = "trainer"

    def __init__(self, ctx: AppContext, link: ProgressLink) -> None:
        super().__init__(ctx, link)
        self.recovery = heading("lead")
        self.recovery.setObjectName("trainer_recovery")
        self.recovery.hide()
        self.layout_.insertWidget(1, self.recovery)
        self.archived_shown = False
        self.classes: list[Any] = []
        self.classes_title = self.section()
        self.classes_holder = holder_layout(self.layout_)
        self.toggle_archived = self.button("trainer_toggle_archived", self._on_toggle_archived)
        self.row(self.toggle_archived)
        self.new_title = self.section()
        self.new_class = line_edit("trainer_new_class")
        self.new_class.returnPressed.connect(self._on_create)
        self.create = self.button("trainer_create_class", self._on_create, primary=True, beside_text_box=True)
        self.row(self.new_class, self.create)
        self.export_title = self.section()
        self.export_csv = self.button("trainer_export_csv", lambda: ctx.session.open(
            "trainer_export", kind="csv", class_id=None))
        self.export_xapi = self.button("trainer_export_xapi", lambda: ctx.session.open(
            "trainer_export", kind="xapi", class_id=None))
        self.row(self.export_csv, self.export_xapi)
        self.layout_.addStretch(1)
        self.leave = self.button("trainer_leave", self._on_leave)
        self.close_program = self.button("trainer_close_program", self._on_close_program)
        self.close_program.hide()
        self.row(self.leave, self.close_program)
        self.retranslate()

    def title(self) -> str:
        return _("Trainer dashboard")

    def retranslate(self) -> None:
        self.heading.setText(self.title())
        self.classes_title.setText(_("Classes — tap one to see its progress"))
        self.toggle_archived.setText(_("Hide archived classes") if self.archived_shown
                                     else _("Show archived classes"))
        self.new_title.setText(_("New class"))
        self.new_class.setPlaceholderText(_("Name of the class, for example Tuesday seniors"))
        self.new_class.setAccessibleName(_("Name of the new class"))
        self.create.setText(_("Create class"))
        self.export_title.setText(_("Export every class"))
        self.export_csv.setText(_("Spreadsheet (CSV)"))
        self.export_xapi.setText(_("Learning records (xAPI)"))
        self.leave.setText(_("Leave trainer mode"))
        self.close_program.setText(_("Close the kiosk program"))
        self._render()

    def on_show(self, args: dict[str, Any]) -> None:
        if not self.guard():
            return
        self.close_program.setVisible(bool(getattr(self.window(), "windowed", False)))
        self.say(self.notice())
        self.run(self.load())

    async def load(self) -> None:
        archived = self.archived_shown
        try:
            self.classes, recovery = await self.store_call(
                lambda s: (s.accounts.list_classes(include_archived=archived), s.recovery))
        except KioskError as exc:
            self.fail(exc)
            return
        self.recovery.setText(recovery.message() if recovery else "")
        self.recovery.setVisible(recovery is not None)
        self._render()

    def _render(self) -> None:
        if not hasattr(self, "classes_holder"):
            return
        items = [(f"trainer_class_{c.id}",
                  c.name + (" — " + _("archived") if c.archived else ""),
                  lambda c=c: self.ctx.session.open("trainer_class", class_id=c.id))
                 for c in self.classes]
        replace_widget(self.classes_holder, button_flow(items) if items else heading("muted"))
        if not items:
            self.classes_holder.itemAt(0).widget().setText(_("No classes yet. Create one below."))

    def _on_toggle_archived(self) -> None:
        self.archived_shown = not self.archived_shown
        self.retranslate()
        self.run(self.load())

    def _on_create(self) -> None:
        self.run(self.create_class(self.new_class.text()))

    async def create_class(self, name: str) -> None:
        try:
            made = await self.store_call(lambda s: s.accounts.create_class(name))
        except KioskError as exc:
            self.fail(exc)
            return
        self.new_class.clear()
        self.say(_("The class {name} was created.").format(name=made.name))
        await self.load()

    def _on_leave(self) -> None:
        self.ctx.session.sign_out()
        self.ctx.session.go_home()

    def _on_close_program(self) -> None:
        window = self.window()
        if getattr(window, "windowed", False):
            window.shut_down()

    def reset(self) -> None:
        super().reset()
        self.new_class.clear()
        self.archived_shown = False
        self.classes = []
        self.retranslate()


class ClassScreen(TrainerPage):
    """One class: the progress grid, its lessons, adding learners, renaming and archiving."""

    name = "trainer_class"

    def __init__(self, ctx: AppContext, link: ProgressLink) -> None:
        super().__init__(ctx, link)
        self.class_id: int | None = None
        self.grid: Any = None
        self.grid_title = self.section()
        self.grid_hint = heading("muted")
        self.layout_.addWidget(self.grid_hint)
        self.grid_holder = holder_layout(self.layout_)
        self.lessons_title = self.section()
        self.lessons_list = heading("muted")
        self.layout_.addWidget(self.lessons_list)
        self.choose_lessons = self.button("trainer_choose_lessons", lambda: ctx.session.open(
            "trainer_lessons", class_id=self.class_id))
        self.row(self.choose_lessons)
        self.add_title = self.section()
        self.first_name = line_edit("trainer_first_name", 40)
        self.initial = line_edit("trainer_initial", 1)
        self.initial.setMaximumWidth(160)
        self.add = self.button("trainer_add_learner", self._on_add, primary=True)
        self.initial.returnPressed.connect(self._on_add)
        self.row(self.first_name, self.initial)
        self.row(self.add)
        self.code_card = CodeCard("trainer_code")
        self.layout_.addWidget(self.code_card)
        self.export_title = self.section()
        self.export_csv = self.button("trainer_class_export_csv", lambda: ctx.session.open(
            "trainer_export", kind="csv", class_id=self.class_id))
        self.export_xapi = self.button("trainer_class_export_xapi", lambda: ctx.session.open(
            "trainer_export", kind="xapi", class_id=self.class_id))
        self.row(self.export_csv, self.export_xapi)
        self.class_title = self.section()
        self.rename_edit = line_edit("trainer_rename")
        self.rename = self.button("trainer_rename_class", self._on_rename, beside_text_box=True)
        self.row(self.rename_edit, self.rename)
        self.archive = self.button("trainer_archive_class", self._on_archive)
        self.row(self.archive)
        self.layout_.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return self.grid.school_class.name if self.grid else _("Class")

    def retranslate(self) -> None:
        self.heading.setText(self.title())
        self.grid_title.setText(_("Progress"))
        self.grid_hint.setText(_("Tap a learner or a lesson box to see the details."))
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
        self.class_title.setText(_("Rename or archive"))
        self.rename_edit.setAccessibleName(_("New name of the class"))
        self.rename.setText(_("Rename"))
        archived = bool(self.grid and self.grid.school_class.archived)
        self.archive.setText(_("Bring this class back") if archived
                             else _("Archive this class (hide it from sign-in)"))
        self._render()

    def restyle(self) -> None:
        self._render()

    def on_show(self, args: dict[str, Any]) -> None:
        if not self.guard():
            return
        if args.get("class_id") is not None:
            self.class_id = args["class_id"]
        self.say(self.notice())
        self.run(self.load())

    async def load(self) -> None:
        from kiosk.progress.summary import class_grid

        def fetch(store: Any) -> Any:
            if self.class_id is None:  # no class chosen (a screenshot): the first with learners
                classes = store.accounts.list_classes()
                if not classes:
                    return None
                self.class_id = next((c.id for c in classes if store.accounts.list_learners(c.id)),
                                     classes[0].id)
            return class_grid(store, self.class_id, lesson_lookup(self.link.lessons()))

        try:
            self.grid = await self.store_call(fetch)
        except KioskError as exc:
            self.fail(exc)
            return
        if self.grid is not None:
            self.rename_edit.setText(self.grid.school_class.name)
        self.retranslate()

    def _render(self) -> None:
        if not hasattr(self, "grid_holder"):
            return
        grid = self.grid
        self.lessons_list.setText(", ".join(l.display_title for l in grid.lessons) if grid and grid.lessons
                                  else _("No lessons chosen yet. Tap “Choose lessons”."))
        if grid is None or not grid.learners:
            empty = heading("muted")
            empty.setText(_("Nobody is in this class yet. Add learners below."))
            replace_widget(self.grid_holder, empty)
            return
        replace_widget(self.grid_holder, self._grid_widget(grid))

    def _grid_widget(self, grid: Any) -> QWidget:
        scale = self.ctx.scale
        width = int(330 * scale)
        table = QWidget()
        layout = QGridLayout(table)
        layout.setSpacing(12)
        layout.setContentsMargins(0, 0, 0, 0)
        for col, lesson in enumerate(grid.lessons, start=1):
            title = heading("muted")
            title.setText(lesson.display_title)
            title.setFixedWidth(width)
            layout.addWidget(title, 0, col)
            hard = BigButton(_("Difficult questions"))
            hard.setObjectName(f"trainer_questions_{col - 1}")
            hard.setFixedWidth(width)
            hard.clicked.connect(lambda _c=False, lid=lesson.id: self.ctx.session.open(
                "trainer_questions", class_id=self.class_id, lesson_id=lid))
            layout.addWidget(hard, 1, col)
        for row, (learner, cells) in enumerate(grid.rows(), start=2):
            name = BigButton(learner.display_name)
            name.setObjectName(f"trainer_learner_{row - 2}")
            name.clicked.connect(lambda _c=False, lid=learner.id: self._open_learner(lid))
            layout.addWidget(name, row, 0)
            for col, cell in enumerate(cells, start=1):
                button = BigButton("\n".join(cell_lines(cell)))
                button.setObjectName(f"trainer_cell_{row - 2}_{col - 1}")
                button.setProperty("status", cell.status.value)
                button.setFixedWidth(width)
                button.setAccessibleName(f"{learner.display_name}, {cell.lesson.display_title}: "
                                         + ", ".join(cell_lines(cell)))
                button.setStyleSheet(f"text-align: left; color: {status_color(self.ctx, cell.status.value)};")
                button.clicked.connect(lambda _c=False, lid=learner.id: self._open_learner(lid))
                layout.addWidget(button, row, col)
        area = QScrollArea()
        area.setWidget(table)
        area.setWidgetResizable(False)
        area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.adjustSize()
        area.setMinimumHeight(table.sizeHint().height() + 36)
        return area

    def _open_learner(self, learner_id: str) -> None:
        self.ctx.session.open("trainer_learner", learner_id=learner_id)

    def _on_add(self) -> None:
        self.run(self.add_learner(self.first_name.text(), self.initial.text()))

    async def add_learner(self, first: str, initial: str) -> None:
        class_id = self.class_id
        try:
            new_code = await self.store_call(lambda s: s.accounts.add_learner(class_id, first, initial))
        except KioskError as exc:
            self.fail(exc)
            return
        self.first_name.clear()
        self.initial.clear()
        self.say("")
        self.code_card.show_code(new_code)
        await self.load()

    def _on_rename(self) -> None:
        name, class_id = self.rename_edit.text(), self.class_id
        self.run(self._change(lambda s: s.accounts.rename_class(class_id, name)))

    def _on_archive(self) -> None:
        class_id, archived = self.class_id, bool(self.grid and self.grid.school_class.archived)
        self.run(self._change(lambda s: s.accounts.archive_class(class_id, not archived)))

    async def _change(self, fn: Callable[[Any], Any]) -> None:
        try:
            await self.store_call(fn)
        except KioskError as exc:
            self.fail(exc)
            return
        self.say("")
        await self.load()

    def reset(self) -> None:
        super().reset()
        self.code_card.forget()
        self.class_id = None
        self.grid = None
        for edit in (self.first_name, self.initial, self.rename_edit):
            edit.clear()
        self.retranslate()


class LearnerScreen(TrainerPage):
    """One learner: every lesson in words, quiz answers, edit, new code, remove."""

    name = "trainer_learner"

    def __init__(self, ctx: AppContext, link: ProgressLink) -> None:
        super().__init__(ctx, link)
        self.learner_id: str | None = None
        self.detail: Any = None
        self.events = 0
        self.detail_holder = holder_layout(self.layout_)
        self.code_card = CodeCard("trainer_learner_code")
        self.layout_.addWidget(self.code_card)
        self.edit_title = self.section()
        self.first_name = line_edit("trainer_edit_first", 40)
        self.initial = line_edit("trainer_edit_initial", 1)
        self.initial.setMaximumWidth(160)
        self.save = self.button("trainer_edit_save", self._on_save, primary=True)
        self.row(self.first_name, self.initial)
        self.row(self.save)
        self.new_code = self.button("trainer_new_code", self._on_new_code)
        self.remove = self.button("trainer_remove", self._on_remove)
        self.row(self.new_code, self.remove)
        self.confirm, confirm_layout = card()
        self.confirm.setObjectName("trainer_confirm")
        self.confirm_text = heading("lead")
        self.confirm_text.setObjectName("trainer_confirm_text")
        self.keep = self.button("trainer_confirm_keep", self.confirm.hide, primary=True)
        self.really_remove = self.button("trainer_confirm_remove", self._on_really_remove)
        confirm_layout.addWidget(self.confirm_text)
        confirm_layout.addWidget(button_row(self.keep, self.really_remove))
        self.confirm.hide()
        self.layout_.addWidget(self.confirm)
        self.layout_.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return self.detail.learner.display_name if self.detail else _("Learner")

    def retranslate(self) -> None:
        self.heading.setText(self.title())
        self.edit_title.setText(_("Change the name"))
        for edit, name in ((self.first_name, _("First name")),
                           (self.initial, _("First letter of the last name"))):
            edit.setAccessibleName(name)
        self.save.setText(_("Save the name"))
        self.new_code.setText(_("Make a new code"))
        self.remove.setText(_("Remove this learner"))
        self.keep.setText(_("Keep"))
        self.really_remove.setText(_("Remove"))
        self._render()

    def on_show(self, args: dict[str, Any]) -> None:
        if not self.guard():
            return
        if args.get("learner_id"):
            self.learner_id = args["learner_id"]
        self.confirm.hide()
        self.say("")
        self.run(self.load())

    async def load(self) -> None:
        from kiosk.progress.summary import learner_detail

        def fetch(store: Any) -> Any:
            if self.learner_id is None:  # a screenshot: the first learner of the first class
                for school_class in store.accounts.list_classes():
                    learners = store.accounts.list_learners(school_class.id)
                    if learners:
                        self.learner_id = learners[0].id
                        break
            if self.learner_id is None:
                return None, 0
            return (learner_detail(store, self.learner_id, lesson_lookup(self.link.lessons())),
                    store.count_events(self.learner_id))

        try:
            self.detail, self.events = await self.store_call(fetch)
        except KioskError as exc:
            self.fail(exc)
            return
        if self.detail is not None:
            self.first_name.setText(self.detail.learner.first_name)
            self.initial.setText(self.detail.learner.last_initial)
        self.retranslate()

    def _render(self) -> None:
        if not hasattr(self, "detail_holder"):
            return
        if self.detail is None:
            replace_widget(self.detail_holder, None)
            return
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        lead = heading("muted")
        lead.setText(_("Class: {name}").format(name=self.detail.school_class.name))
        layout.addWidget(lead)
        for summary in self.detail.lessons:
            line = heading()
            line.setProperty("role", "")
            parts = [f"<b>{_escape(summary.lesson.display_title)}</b>", *map(_escape, cell_lines(summary))]
            if summary.score_percent is not None:
                parts.append(_("quiz score {percent} %").format(percent=summary.score_percent))
            line.setText(" · ".join(parts))
            layout.addWidget(line)
            for q in self.detail.questions.get(summary.lesson_id, []):
                answer = heading("muted")
                answer.setText("    " + _("Step {n}: {wrong} wrong, {right} right").format(
                    n=q.step + 1, wrong=q.wrong, right=q.right))
                layout.addWidget(answer)
        replace_widget(self.detail_holder, box)

    def _on_save(self) -> None:
        lid, first, initial = self.learner_id, self.first_name.text(), self.initial.text()
        self.run(self._change(lambda s: s.accounts.edit_learner(lid, first, initial)))

    async def _change(self, fn: Callable[[Any], Any]) -> Any:
        try:
            result = await self.store_call(fn)
        except KioskError as exc:
            self.fail(exc)
            return None
        self.say("")
        await self.load()
        return result

    def _on_new_code(self) -> None:
        lid = self.learner_id
        self.run(self.make_new_code(lid))

    async def make_new_code(self, learner_id: str | None) -> None:
        new_code = await self._change(lambda s: s.accounts.new_code(learner_id))
        if new_code is not None:
            self.code_card.show_code(new_code)

    def _on_remove(self) -> None:
        if self.detail is None:
            return
        name = self.detail.learner.display_name
        self.confirm_text.setText(ngettext(
            "Remove {name}? This also deletes their {n} activity record. This cannot be undone.",
            "Remove {name}? This also deletes all {n} of their activity records. This cannot be undone.",
            self.events).format(name=name, n=self.events))
        self.really_remove.setText(_("Remove {name}").format(name=name))
        self.keep.setText(_("Keep {name}").format(name=name))
        self.confirm.show()

    def _on_really_remove(self) -> None:
        self.run(self.remove_learner())

    async def remove_learner(self) -> None:
        lid, name = self.learner_id, self.detail.learner.display_name
        try:
            removed = await self.store_call(lambda s: s.accounts.remove_learner(lid))
        except KioskError as exc:
            self.fail(exc)
            return
        self.confirm.hide()
        self.learner_id = None
        self.detail = None
        self.ctx.session.scratch["trainer_notice"] = ngettext(
            "{name} was removed, with {n} activity record.",
            "{name} was removed, with {n} activity records.", removed).format(name=name, n=removed)
        self.ctx.session.back()

    def reset(self) -> None:
        super().reset()
        self.code_card.forget()
        self.confirm.hide()
        self.learner_id = None
        self.detail = None
        self.first_name.clear()
        self.initial.clear()
        self.retranslate()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class AssignScreen(TrainerPage):
    """Tick the lessons a class works on (the columns of its grid)."""

    name = "trainer_lessons"

    def __init__(self, ctx: AppContext, link: ProgressLink) -> None:
        super().__init__(ctx, link)
        self.class_id: int | None = None
        self.lessons: list[tuple[str, str]] = []
        self.chosen: list[str] = []
        self.prompt = heading("lead")
        self.layout_.insertWidget(1, self.prompt)
        self.holder = holder_layout(self.layout_)
        self.save = self.button("trainer_lessons_save", lambda: self.run(self.save_lessons()), primary=True)
        self.row(self.save)
        self.layout_.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return _("Lessons for this class")

    def retranslate(self) -> None:
        self.heading.setText(self.title())
        self.prompt.setText(_("Tap a lesson to tick it or untick it, then tap Save."))
        self.save.setText(_("Save"))
        self._render()

    def on_show(self, args: dict[str, Any]) -> None:
        if not self.guard():
            return
        self.class_id = args.get("class_id", self.class_id)
        self.run(self.load())

    async def load(self) -> None:
        def fetch(store: Any) -> tuple[list[tuple[str, str]], list[str]]:
            if self.class_id is None:
                classes = store.accounts.list_classes()
                self.class_id = classes[0].id if classes else None
            library = self.link.lessons()
            lessons = [(lesson.id, _(lesson.title)) for lesson in library]
            return lessons, (store.accounts.assigned_lessons(self.class_id) if self.class_id else [])

        try:
            self.lessons, self.chosen = await self.store_call(fetch)
        except KioskError as exc:
            self.fail(exc)
            return
        self._render()

    def _render(self) -> None:
        if not hasattr(self, "holder"):
            return
        flow = FlowWidget(spacing=20, margin=0)
        for n, (lesson_id, title) in enumerate(self.lessons):
            ticked = lesson_id in self.chosen
            button = WrapButton(("☑ " if ticked else "☐ ") + title, role="primary" if ticked else "")
            button.setObjectName(f"trainer_lesson_{lesson_id}")
            button.setCheckable(True)
            button.setChecked(ticked)
            button.clicked.connect(lambda _c=False, lid=lesson_id: self._toggle(lid))
            flow.add(button)
        replace_widget(self.holder, flow)

    def _toggle(self, lesson_id: str) -> None:
        if lesson_id in self.chosen:
            self.chosen.remove(lesson_id)
        else:
            self.chosen.append(lesson_id)
        self._render()

    async def save_lessons(self) -> None:
        class_id, chosen = self.class_id, list(self.chosen)
        try:
            await self.store_call(lambda s: s.accounts.assign_lessons(class_id, chosen))
        except KioskError as exc:
            self.fail(exc)
            return
        self.ctx.session.scratch["trainer_notice"] = _("The lessons of this class were saved.")
        self.ctx.session.back()

    def reset(self) -> None:
        super().reset()
        self.class_id = None
        self.chosen = []


class QuestionsScreen(TrainerPage):
    """The quiz questions of one lesson a class answered wrong most often."""

    name = "trainer_questions"

    def __init__(self, ctx: AppContext, link: ProgressLink) -> None:
        super().__init__(ctx, link)
        self.rows: list[tuple[int, str, Any]] = []
        self.lesson_title = ""
        self.holder = holder_layout(self.layout_)
        self.layout_.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return _("Difficult questions")

    def retranslate(self) -> None:
        self.heading.setText(self.title() + (f": {self.lesson_title}" if self.lesson_title else ""))
        self._render()

    def on_show(self, args: dict[str, Any]) -> None:
        if not self.guard():
            return
        self.run(self.load(args.get("class_id"), args.get("lesson_id")))

    async def load(self, class_id: int | None = None, lesson_id: str | None = None) -> None:
        from kiosk.progress.summary import difficult_questions

        def fetch(store: Any) -> tuple[str, list[tuple[int, str, Any]]]:
            cid, lid = class_id, lesson_id
            if cid is None:
                classes = store.accounts.list_classes()
                cid = classes[0].id if classes else None
            if lid is None and cid is not None:
                assigned = store.accounts.assigned_lessons(cid)
                lid = assigned[0] if assigned else None
            lesson = self.link.lessons().get(lid) if lid else None
            if lesson is None:
                return "", []
            rows = []
            for q in difficult_questions(store, lid, cid, limit=50):
                step = lesson.steps[q.step] if q.step < len(lesson.steps) else None
                if step is not None and step.kind == "quiz":
                    rows.append((q.step, _(step.question), q))
            return _(lesson.title), rows

        try:
            self.lesson_title, self.rows = await self.store_call(fetch)
        except KioskError as exc:
            self.fail(exc)
            return
        self.retranslate()

    def _render(self) -> None:
        if not hasattr(self, "holder"):
            return
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(20)
        if not self.rows:
            empty = heading("lead")
            empty.setText(_("No quiz question of this lesson has been answered wrong yet."))
            layout.addWidget(empty)
        for step, question, stats in self.rows:
            label = heading()
            label.setProperty("role", "")
            label.setObjectName(f"trainer_question_{step}")
            label.setText(f"<b>{_escape(_('Step {n}').format(n=step + 1))}: {_escape(question)}</b><br>"
                          + _escape(ngettext("{wrong} of {n} answer was wrong",
                                             "{wrong} of {n} answers were wrong", stats.answers).format(
                              wrong=stats.wrong, n=stats.answers))
                          + " · " + _escape(ngettext("{n} learner got it wrong",
                                                     "{n} learners got it wrong",
                                                     stats.learners_wrong).format(n=stats.learners_wrong)))
            layout.addWidget(label)
        replace_widget(self.holder, box)


class ExportScreen(TrainerPage):
    """Save an export onto a USB stick or into the home folder: big buttons, no file dialog."""

    name = "trainer_export"

    def __init__(self, ctx: AppContext, link: ProgressLink) -> None:
        super().__init__(ctx, link)
        self.kind = "csv"
        self.class_id: int | None = None
        self.places: list[Any] = []
        self.written: Any = None
        self.prompt = heading("lead")
        self.layout_.insertWidget(1, self.prompt)
        self.holder = holder_layout(self.layout_)
        self.again = self.button("trainer_export_again", lambda: self.run(self.load()))
        self.row(self.again)
        self.layout_.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return (_("Save the progress as a spreadsheet (CSV)") if self.kind == "csv"
                else _("Save the learning records (xAPI statements)"))

    def retranslate(self) -> None:
        self.heading.setText(self.title())
        self.prompt.setText(_("Where should the file go? To use a USB stick, put it in first, "
                              "then tap “Look again”."))
        self.again.setText(_("Look again"))
        self._render()

    def on_show(self, args: dict[str, Any]) -> None:
        if not self.guard():
            return
        self.kind = args.get("kind", self.kind)
        self.class_id = args.get("class_id")
        self.say("")
        self.retranslate()
        self.run(self.load())

    async def load(self) -> None:
        from kiosk.progress.export import export_places

        self.places = await asyncio.to_thread(export_places)
        self._render()

    def _render(self) -> None:
        if not hasattr(self, "holder"):
            return
        items = []
        for n, place in enumerate(self.places):
            text = (_("USB stick “{name}”").format(name=place.label)
                    if place.removable else _("Home folder ({path})").format(path=str(place.path)))
            items.append((f"trainer_place_{n}", text, lambda p=place: self.run(self.export(p))))
        if items:
            replace_widget(self.holder, button_flow(items))
        else:
            none = heading("muted")
            none.setText(_("No place to save was found. Put in a USB stick and tap “Look again”."))
            replace_widget(self.holder, none)

    async def export(self, place: Any) -> None:
        from kiosk.progress.export import export_csv, export_xapi

        kind, class_id = self.kind, self.class_id

        def write(store: Any) -> Any:
            lookup = lesson_lookup(self.link.lessons())
            if kind == "csv":
                return export_csv(store, place.path, class_id, lookup)
            return export_xapi(store, place.path, class_id, lookup)

        self.say(_("Saving…"))
        try:
            self.written = await self.store_call(write)
        except KioskError as exc:
            self.fail(exc)
            return
        except OSError as exc:
            logger.warning("export failed: %s", exc)
            self.say(_("The file could not be saved there. Is the USB stick full or locked? "
                       "Try another place."))
            return
        where = place.label if place.removable else _("the home folder")
        self.say(_("Saved “{file}” on {place}.").format(file=self.written.name, place=where))

    def reset(self) -> None:
        super().reset()
        self.places = []
        self.written = None



def screens(ctx: AppContext, link: ProgressLink) -> list[Screen]:
    """The trainer pages, sharing the sign-in flow's store link."""
    return [TrainerPinScreen(ctx, link), TrainerScreen(ctx, link), ClassScreen(ctx, link),
            LearnerScreen(ctx, link), AssignScreen(ctx, link), QuestionsScreen(ctx, link),
            ExportScreen(ctx, link)]
