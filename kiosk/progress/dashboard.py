"""View models of the trainer's pages: the dashboard, a class, a learner and a class's lessons
(a learner's steps in one lesson and a lesson's most-missed steps: :mod:`kiosk.progress.details`;
the export: :mod:`kiosk.progress.exporting`).

Qt-free (see :mod:`kiosk.progress.viewmodel`); every query is a function of
:mod:`kiosk.progress.queries` run through the task runner. ``open(...)`` runs when navigation
brings a page forward (it loads), ``reset()`` on the session wipe; nothing else re-queries, so a
language or text-size change only redraws — a pending "Remove?" question or a half-typed name stays.
Text boxes are bound to fields of the model (the view writes what is typed, the model clears
a box when what it held was saved).
"""
from __future__ import annotations

from typing import Any, Callable

from kiosk.i18n import _, ngettext
from kiosk.progress import queries
from kiosk.progress.accounts import NewCode, SchoolClass
from kiosk.progress.link import ProgressLink
from kiosk.progress.queries import ClassList, ClassPage, ExportKind, LearnerPage, LessonChoice
from kiosk.progress.signin import is_trainer
from kiosk.progress.store import RecoveryNotice
from kiosk.progress.viewmodel import Say, TaskRunner, ViewModel
from kiosk.session import Session

NOTICE = "trainer_notice"


class TrainerModel(ViewModel):
    """A trainer page: only for a signed-in trainer; store calls through :meth:`query`."""

    trainer = True

    def __init__(self, tasks: TaskRunner, session: Session, link: ProgressLink) -> None:
        super().__init__(tasks, session)
        self.link = link

    def allowed(self) -> bool:
        """False (and off to the PIN pad) for anyone who is not a signed-in trainer."""
        if is_trainer(self.session):
            return True
        self.session.replace("trainer_pin")
        return False

    def query(self, what: str, fn: Callable[..., Any], *args: Any,
              then: Callable[[Any], None]) -> None:
        self.run(what, self.link.query, fn, *args, then=then)

    def take_notice(self) -> Say | None:
        """A message the previous page left ("Maria G. was removed"), shown once."""
        return self.session.scratch.pop(NOTICE, None)

    def leave_notice(self, say: Say) -> None:
        self.session.scratch[NOTICE] = say


class DashboardModel(TrainerModel):
    """Classes (archived ones on request), a new class, leaving trainer mode."""

    slot = "trainer.dashboard"

    def __init__(self, tasks: TaskRunner, session: Session, link: ProgressLink) -> None:
        super().__init__(tasks, session, link)
        self.show_archived = False
        self.classes: list[SchoolClass] = []
        self.recovery: RecoveryNotice | None = None
        self.new_class_name = ""

    def open(self) -> None:
        if not self.allowed():
            return
        self.say(self.take_notice())
        self.load()

    def load(self) -> None:
        self.query("load", queries.class_list, self.show_archived, then=self._loaded)

    def _loaded(self, found: ClassList) -> None:
        self.classes, self.recovery = found.classes, found.recovery
        self.changed()

    def toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.changed()
        self.load()

    def open_class(self, school_class: SchoolClass) -> None:
        self.session.open("trainer_class", class_id=school_class.id)

    def export(self, kind: ExportKind) -> None:
        self.session.open("trainer_export", kind=kind, class_id=None)

    def create_class(self) -> None:
        self.query("create", queries.create_class, self.new_class_name, then=self._created)

    def _created(self, made: SchoolClass) -> None:
        self.new_class_name = ""
        self.message = lambda: _("The class {name} was created.").format(name=made.name)
        self.load()
        self.changed()

    def leave(self) -> None:
        self.session.sign_out()
        self.session.go_home()

    def reset(self) -> None:
        self.show_archived = False
        self.classes, self.recovery = [], None
        self.new_class_name = ""
        self.say(None)


class ClassModel(TrainerModel):
    """One class: the grid with totals, its lessons, adding learners, renaming, archiving."""

    slot = "trainer.class"

    def __init__(self, tasks: TaskRunner, session: Session, link: ProgressLink) -> None:
        super().__init__(tasks, session, link)
        self.class_id: int | None = None
        self.page: ClassPage | None = None
        self.first_name = ""
        self.initial = ""
        self.rename_to = ""
        #: The code of a learner just added: shown once, until the trainer taps Done.
        self.new_code: NewCode | None = None

    def title(self) -> str:
        return self.page.school_class.name if self.page else _("Class")

    @property
    def archived(self) -> bool:
        return bool(self.page and self.page.school_class.archived)

    def open(self, class_id: int | None) -> None:
        if not self.allowed():
            return
        if class_id is not None and class_id != self.class_id:
            self.class_id, self.page, self.new_code = class_id, None, None
            self.first_name = self.initial = ""
        self.say(self.take_notice())
        self.load()

    def load(self) -> None:
        if self.class_id is not None:
            self.query("load", queries.class_page, self.class_id, then=self._loaded)

    def _loaded(self, page: ClassPage) -> None:
        self.page = page
        self.rename_to = page.school_class.name
        self.changed()

    def open_learner(self, learner_id: str) -> None:
        self.session.open("trainer_learner", learner_id=learner_id)

    def open_cell(self, row: int, column: int) -> None:
        """A grid cell: that learner's steps in that lesson."""
        if self.page is not None:
            cell = self.page.view.cell(row, column)
            self.session.open("trainer_learner_lesson", learner_id=cell.learner.id,
                              lesson_id=cell.lesson.id)

    def open_row(self, row: int) -> None:
        if self.page is not None:
            self.open_learner(self.page.view.rows[row][0].id)

    def open_column(self, column: int) -> None:
        """A column header: the lesson's most-missed steps and questions in this class."""
        if self.page is not None:
            self.open_questions(self.page.view.columns[column].lesson.id)

    def open_questions(self, lesson_id: str) -> None:
        self.session.open("trainer_questions", class_id=self.class_id, lesson_id=lesson_id)

    def choose_lessons(self) -> None:
        self.session.open("trainer_lessons", class_id=self.class_id)

    def export(self, kind: ExportKind) -> None:
        self.session.open("trainer_export", kind=kind, class_id=self.class_id)

    def add_learner(self) -> None:
        if self.class_id is not None:
            self.query("add", queries.add_learner, self.class_id, self.first_name, self.initial,
                       then=self._added)

    def _added(self, made: NewCode) -> None:
        self.first_name = self.initial = ""
        self.new_code = made
        self.message = None
        self.changed()
        self.load()

    def forget_code(self) -> None:
        self.new_code = None
        self.changed()

    def rename(self) -> None:
        if self.class_id is not None:
            self.query("change", queries.rename_class, self.class_id, self.rename_to,
                       then=self._changed_class)

    def toggle_archive(self) -> None:
        if self.class_id is not None:
            self.query("change", queries.archive_class, self.class_id, not self.archived,
                       then=self._changed_class)

    def _changed_class(self, _made: SchoolClass) -> None:
        self.say(None)
        self.load()

    def reset(self) -> None:
        self.class_id, self.page, self.new_code = None, None, None
        self.first_name = self.initial = self.rename_to = ""
        self.say(None)


class LearnerModel(TrainerModel):
    """One learner: lessons in words, quiz answers, a new name or code, removing them."""

    slot = "trainer.learner"

    def __init__(self, tasks: TaskRunner, session: Session, link: ProgressLink) -> None:
        super().__init__(tasks, session, link)
        self.learner_id: str | None = None
        self.page: LearnerPage | None = None
        self.first_name = ""
        self.initial = ""
        self.new_code: NewCode | None = None
        #: True while "Remove Maria G.? …" waits for an answer.
        self.confirming = False

    def title(self) -> str:
        return self.page.detail.learner.display_name if self.page else _("Learner")

    def open(self, learner_id: str | None) -> None:
        if not self.allowed():
            return
        if learner_id is not None and learner_id != self.learner_id:
            self.learner_id, self.page, self.new_code = learner_id, None, None
        self.confirming = False
        self.say(None)
        self.load()

    def load(self) -> None:
        if self.learner_id is not None:
            self.query("load", queries.learner_page, self.learner_id, then=self._loaded)

    def _loaded(self, page: LearnerPage) -> None:
        self.page = page
        self.first_name = page.detail.learner.first_name
        self.initial = page.detail.learner.last_initial
        self.changed()

    def export_slip(self) -> None:
        """Save this learner's take-home progress slip (PDF) for printing."""
        if self.learner_id is not None:
            self.session.open("trainer_export", kind="slip", learner_id=self.learner_id)

    def save_name(self) -> None:
        if self.learner_id is not None:
            self.query("change", queries.edit_learner, self.learner_id, self.first_name,
                       self.initial, then=lambda _r: self._saved())

    def _saved(self) -> None:
        self.say(None)
        self.load()

    def make_new_code(self) -> None:
        if self.learner_id is not None:
            self.query("change", queries.new_code, self.learner_id, then=self._new_code)

    def _new_code(self, made: NewCode) -> None:
        self.new_code = made
        self._saved()

    def forget_code(self) -> None:
        self.new_code = None
        self.changed()

    def confirm_text(self) -> str:
        if self.page is None:
            return ""
        name, n = self.page.detail.learner.display_name, self.page.events
        return ngettext(
            "Remove {name}? This also deletes their {n} activity record. This cannot be undone.",
            "Remove {name}? This also deletes all {n} of their activity records. This cannot be undone.",
            n).format(name=name, n=n)

    def ask_remove(self) -> None:
        if self.page is not None:
            self.confirming = True
            self.changed()

    def keep(self) -> None:
        self.confirming = False
        self.changed()

    def remove(self) -> None:
        if self.page is None or self.learner_id is None:
            return
        name = self.page.detail.learner.display_name
        self.query("change", queries.remove_learner, self.learner_id,
                   then=lambda removed: self._removed(name, removed))

    def _removed(self, name: str, removed: int) -> None:
        self.confirming = False
        self.learner_id, self.page = None, None
        self.leave_notice(lambda: ngettext(
            "{name} was removed, with {n} activity record.",
            "{name} was removed, with {n} activity records.", removed).format(name=name, n=removed))
        self.session.back()

    def reset(self) -> None:
        self.learner_id, self.page, self.new_code = None, None, None
        self.first_name = self.initial = ""
        self.confirming = False
        self.say(None)


class LessonsModel(TrainerModel):
    """Tick the lessons a class works on (the columns of its grid), then Save."""

    slot = "trainer.lessons"

    def __init__(self, tasks: TaskRunner, session: Session, link: ProgressLink) -> None:
        super().__init__(tasks, session, link)
        self.class_id: int | None = None
        self.choice: LessonChoice | None = None
        self.chosen: list[str] = []

    def open(self, class_id: int | None) -> None:
        if not self.allowed():
            return
        self.class_id = class_id
        self.choice, self.chosen = None, []
        self.say(None)
        if class_id is not None:
            self.query("load", queries.lesson_choice, class_id, then=self._loaded)

    def _loaded(self, choice: LessonChoice) -> None:
        self.choice, self.chosen = choice, list(choice.chosen)
        self.changed()

    def toggle(self, lesson_id: str) -> None:
        if lesson_id in self.chosen:
            self.chosen.remove(lesson_id)
        else:
            self.chosen.append(lesson_id)
        self.changed()

    def save(self) -> None:
        if self.class_id is not None:
            self.query("save", queries.assign_lessons, self.class_id, list(self.chosen),
                       then=lambda _saved: self._saved())

    def _saved(self) -> None:
        self.leave_notice(lambda: _("The lessons of this class were saved."))
        self.session.back()

    def reset(self) -> None:
        self.class_id, self.choice, self.chosen = None, None, []
        self.say(None)
