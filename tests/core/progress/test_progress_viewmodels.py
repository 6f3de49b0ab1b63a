"""The sign-in and trainer view models without Qt: what each page shows, what a tap does, which
messages appear (in the language current when shown), and that only navigation loads."""
from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import i18n
from kiosk.progress.dashboard import ClassModel, DashboardModel, LearnerModel, LessonsModel
from kiosk.progress.details import QuestionsModel
from kiosk.progress.exporting import ExportModel
from kiosk.progress.events import Recorder
from kiosk.progress.export import ExportPlace
from kiosk.progress.signin import (DELETE, OK, ClassPickModel, CodeEntry, CodeModel,
                                   NamePickModel, TrainerPinModel)
from kiosk.progress.summary import Status
from kiosk.session import SignedIn
from viewmodel_support import Hooks, Runner, make_link, make_session


@pytest.fixture
def world(store):
    session, hooks, runner = make_session(), Hooks(), Runner()
    link = make_link(store, session, hooks)
    yield session, hooks, runner, link
    link.close()


@pytest.fixture
def tuesday(store):
    made = store.accounts.create_class("Tuesday seniors")
    store.accounts.assign_lessons(made.id, ["email-basics", "video-call"])
    return made


def test_code_entry_takes_digits_up_to_its_length() -> None:
    entry = CodeEntry(4, 4)
    seen: list[str] = []
    entry.subscribe(lambda: seen.append(entry.value))
    for key in "12x345":
        entry.press(key)
    assert entry.value == "1234" and entry.dots() == "● ● ● ●"
    assert entry.press(OK) == "1234"
    entry.press(DELETE)
    assert entry.press(OK) is None and entry.dots() == "● ● ● ○"
    entry.set_enabled(False)
    entry.press("9")
    assert entry.value == "123" and seen[:4] == ["1", "12", "123", "1234"]
    assert entry.spoken() == "3 digits entered"


def test_learner_signs_in_by_class_name_and_code(world, store, tuesday) -> None:
    session, hooks, runner, link = world
    maria = store.accounts.add_learner(tuesday.id, "Maria", "G")
    classes = ClassPickModel(runner, session, link)
    classes.open()
    assert [c.name for c in classes.classes] == ["Tuesday seniors"] and classes.message is None
    classes.choose(classes.classes[0])
    assert session.navigation.current_args == {"class_id": tuesday.id}
    names = NamePickModel(runner, session, link)
    names.open(tuesday.id)
    names.choose(names.learners[0])
    code = CodeModel(runner, session, link)
    code.open(session.navigation.current_args["learner_id"])
    assert code.heading() == "Hello, Maria G.!" and code.code.enabled
    wrong = "0000" if maria.code != "0000" else "1111"
    code.submit(wrong)
    assert code.message_text() == "That code is not right. Please try again. 4 tries left."
    i18n.set_language("es")
    assert "4" in code.message_text() and "código" in code.message_text()  # said in Spanish now
    i18n.set_language("en")
    for digit in maria.code:
        code.code.press(digit)
    code.submit()
    assert session.signed_in == SignedIn(maria.learner.id, "Maria")
    assert session.navigation.current == "signin_welcome"
    assert hooks.resume_lookup is not None and len(hooks.lesson_listeners) == 1
    assert runner.slots[-1] == "signin.code.check"
    # The lessons of Maria's class came with the code check, for the catalog to list first;
    # signing out takes them away again.
    from kiosk.progress.link import ASSIGNED_SCRATCH
    assert session.scratch[ASSIGNED_SCRATCH] == {"account": maria.learner.id,
                                                 "lessons": ["email-basics", "video-call"]}
    session.sign_out()
    assert ASSIGNED_SCRATCH not in session.scratch


def test_empty_class_and_no_class_say_so(world, store) -> None:
    session, _hooks, runner, link = world
    classes = ClassPickModel(runner, session, link)
    classes.open()
    assert classes.message_text() == "There are no classes yet. Please ask your trainer."
    names = NamePickModel(runner, session, link)
    names.open(None)  # no class chosen: nothing is guessed
    assert names.learners == [] and "Nobody is in this class yet" in names.message_text()
    assert runner.slots == ["signin.classes.load"]


def test_a_store_problem_is_calm(world) -> None:
    session, _hooks, runner, _link = world
    from kiosk.errors import StoreError
    from kiosk.progress.link import ProgressLink

    def broken():
        raise StoreError("disk on fire")

    link = ProgressLink(session, Hooks(), device_id="pc", open_store=broken)
    classes = ClassPickModel(runner, session, link)
    classes.open()
    assert classes.message_text() == ("Saving progress is not available right now — you can "
                                      "still use the lessons.")
    pin = TrainerPinModel(runner, session, link)
    pin.open()
    assert not pin.pad_shown and "ask a technician" in pin.message_text()
    link.close()


def test_trainer_pin(world, store) -> None:
    session, _hooks, runner, link = world
    pin = TrainerPinModel(runner, session, link)
    pin.open()
    assert not pin.pad_shown and "kiosk trainer set-pin" in pin.message_text()
    store.trainer_pin.set_pin("730954")
    pin.open()
    assert pin.pad_shown and pin.pin.enabled and pin.message is None
    pin.submit("135799")
    assert pin.message_text() == "Wrong PIN. 2 tries left." and pin.pin.value == ""
    pin.submit("730954")
    assert session.signed_in.is_trainer and session.navigation.current == "trainer"


def test_trainer_pages_send_the_public_to_the_pin_pad(world) -> None:
    session, _hooks, runner, link = world
    DashboardModel(runner, session, link).open()
    assert session.navigation.current == "trainer_pin" and runner.slots == []


@pytest.fixture
def trainer(world):
    session = world[0]
    session.sign_in(SignedIn("trainer", "Trainer", is_trainer=True))
    return world


def test_dashboard_creates_classes_and_shows_archived_on_request(trainer, store, tuesday) -> None:
    session, _hooks, runner, link = trainer
    dashboard = DashboardModel(runner, session, link)
    dashboard.open()
    dashboard.new_class_name = "Thursday seniors"
    dashboard.create_class()
    assert dashboard.message_text() == "The class Thursday seniors was created."
    assert dashboard.new_class_name == ""
    assert [c.name for c in dashboard.classes] == ["Thursday seniors", "Tuesday seniors"]
    store.accounts.archive_class(tuesday.id)
    dashboard.load()
    assert [c.name for c in dashboard.classes] == ["Thursday seniors"]
    dashboard.toggle_archived()
    assert [c.archived for c in dashboard.classes] == [False, True]
    dashboard.new_class_name = "Thursday seniors"
    dashboard.create_class()
    assert "already a class" in dashboard.message_text()


def test_class_page_grid_totals_and_new_learner(trainer, store, tuesday) -> None:
    session, _hooks, runner, link = trainer
    klass = ClassModel(runner, session, link)
    klass.open(tuesday.id)
    klass.first_name, klass.initial = "maria", "g"
    klass.add_learner()
    assert klass.new_code is not None and klass.new_code.learner.display_name == "Maria G."
    assert (klass.first_name, klass.initial) == ("", "")
    maria = klass.new_code.learner
    Recorder(store, maria.id, "pc").completed("email-basics", 2)
    klass.load()
    page = klass.page
    assert [l.id for l in page.grid.lessons] == ["email-basics", "video-call"]
    assert page.grid.lessons[0].shown_title == "Email basics"
    assert [(t.completed, t.in_progress, t.needs_help) for t in page.totals] == [(1, 0, 0), (0, 0, 0)]
    assert page.grid.cell(maria.id, "email-basics").status is Status.COMPLETED
    klass.forget_code()
    assert klass.new_code is None
    klass.rename_to = "Tuesday mornings"
    klass.rename()
    assert klass.title() == "Tuesday mornings"
    klass.toggle_archive()
    assert klass.archived
    klass.open_learner(maria.id)
    assert session.navigation.current_args == {"learner_id": maria.id}


def test_learner_remove_asks_first_then_leaves_a_notice(trainer, store, tuesday) -> None:
    session, _hooks, runner, link = trainer
    carmen = store.accounts.add_learner(tuesday.id, "Carmen", "C").learner
    r = Recorder(store, carmen.id, "pc")
    r.started("email-basics")
    r.answered("email-basics", 1, False, "2")
    session.open("trainer_class", class_id=tuesday.id)
    session.open("trainer_learner", learner_id=carmen.id)
    learner = LearnerModel(runner, session, link)
    learner.open(carmen.id)
    assert learner.title() == "Carmen C." and learner.page.events == 2
    assert list(learner.page.detail.questions) == ["email-basics"]
    learner.ask_remove()
    assert learner.confirming
    assert learner.confirm_text().startswith("Remove Carmen C.? This also deletes all 2")
    learner.keep()
    assert not learner.confirming and store.count_events(carmen.id) == 2
    learner.ask_remove()
    learner.remove()
    assert session.navigation.current == "trainer_class" and store.count_events(carmen.id) == 0
    klass = ClassModel(runner, session, link)
    klass.open(tuesday.id)
    assert klass.message_text() == "Carmen C. was removed, with 2 activity records."
    klass.open(tuesday.id)
    assert klass.message is None  # a notice is shown once


def test_difficult_questions_name_the_quiz_question(trainer, store, tuesday) -> None:
    session, _hooks, runner, link = trainer
    ana = store.accounts.add_learner(tuesday.id, "Ana", "A").learner
    r = Recorder(store, ana.id, "pc")
    r.answered("email-basics", 1, False, "0")
    r.answered("email-basics", 1, True, "1")
    questions = QuestionsModel(runner, session, link)
    questions.open(tuesday.id, "email-basics")
    [row] = questions.page.rows
    assert (row.step, row.question, row.stats.wrong, row.stats.right) == (
        1, "Which one is an email address?", 1, 1)
    assert questions.title() == "Most-missed steps: Email basics"


def test_lessons_of_a_class_are_ticked_and_saved(trainer, store, tuesday) -> None:
    session, _hooks, runner, link = trainer
    session.open("trainer_class", class_id=tuesday.id)
    session.open("trainer_lessons", class_id=tuesday.id)
    lessons = LessonsModel(runner, session, link)
    lessons.open(tuesday.id)
    assert [l.id for l in lessons.choice.lessons] == ["email-basics", "video-call"]
    lessons.toggle("email-basics")
    lessons.save()
    assert store.accounts.assigned_lessons(tuesday.id) == ["video-call"]
    assert session.navigation.current == "trainer_class"
    assert session.scratch["trainer_notice"]() == "The lessons of this class were saved."


def test_export_saves_where_the_trainer_tapped(trainer, store, tuesday, tmp_path: Path) -> None:
    session, _hooks, runner, link = trainer
    store.accounts.add_learner(tuesday.id, "Ana", "A")
    export = ExportModel(runner, session, link)
    export.open("csv", tuesday.id)
    assert export.title() == "Save the progress as a spreadsheet (CSV)"
    export.save(ExportPlace("STICK", tmp_path, True))
    assert export.written is not None and export.written.parent == tmp_path
    assert export.message_text() == f"Saved “{export.written.name}” on STICK."
    assert "Email basics" in export.written.read_text(encoding="utf-8-sig")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    export.save(ExportPlace("BROKEN", blocker / "x", True))
    assert "could not be saved there" in export.message_text()


def test_screenshot_defaults_pick_the_first_class_with_learners(store) -> None:
    from kiosk.progress.showcase import showcase_args

    assert showcase_args(store, "trainer_class") == {}  # an empty store: nothing to show
    store.accounts.create_class("Aardvarks")  # nobody in it
    tuesday = store.accounts.create_class("Tuesday seniors")
    store.accounts.assign_lessons(tuesday.id, ["video-call"])
    ana = store.accounts.add_learner(tuesday.id, "Ana", "A").learner
    assert showcase_args(store, "signin_name") == {"class_id": tuesday.id}
    assert showcase_args(store, "trainer_learner") == {"learner_id": ana.id}
    assert showcase_args(store, "trainer_questions") == {"class_id": tuesday.id, "lesson_id": "video-call"}
    assert showcase_args(store, "trainer") == {}
