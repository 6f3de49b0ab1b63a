"""The *Learn* view models without Qt: which lessons a kiosk offers and in what order, what the
cards say, and the player's controls — what works, what does not yet and the words saying why."""
from __future__ import annotations

from pathlib import Path

import pytest
from lesson_samples import BASE_LESSON

from kiosk.lessons import LearningEvent, load_all
from kiosk.lessons.player import LessonPlayer, PlayerChange
from kiosk.lessons.viewmodel import EMPTY, LOADING, READY, CatalogChange, LessonCatalog
from kiosk.session import FakeClock, Session

LESSONS = Path(__file__).resolve().parents[3] / "lessons"


def lesson_text(lesson_id: str, *, order: int, topic: str = "basics", profiles: str = "") -> str:
    text = BASE_LESSON.format(id=lesson_id).replace('minutes = 5', f'minutes = 5\norder = {order}')
    text = text.replace('topic = "basics"', f'topic = "{topic}"')
    return text.replace('minutes = 5', f'minutes = 5\nprofiles = {profiles}') if profiles else text


@pytest.fixture
def folder(write_lesson, tmp_path: Path) -> Path:
    write_lesson(lesson_text("swiping", order=2), folder="swiping")
    write_lesson(lesson_text("mouse-work", order=1, profiles='["library"]'), folder="mouse-work")
    write_lesson(lesson_text("safe-online", order=3, topic="safety"), folder="safe-online")
    return tmp_path / "lessons"


def session() -> Session:
    s = Session(clock=FakeClock())
    s.activity()
    return s


def catalog_for(profile: str, folder: Path, visitor: Session | None = None) -> LessonCatalog:
    catalog = LessonCatalog(visitor or session(), profile)
    catalog.set_library(load_all(folder))
    return catalog


def test_each_profile_gets_its_own_lessons_in_catalog_order(folder: Path) -> None:
    street = catalog_for("street", folder)
    library = catalog_for("library", folder)
    assert [l.id for l in street.lessons()] == ["swiping", "safe-online"]
    assert [l.id for l in library.lessons()] == ["mouse-work", "swiping", "safe-online"]
    assert street.get("mouse-work") is None and library.get("mouse-work") is not None
    assert street.topics() == ["", "basics", "safety"]


def test_the_shipped_mouse_lesson_is_for_the_library_only() -> None:
    street = catalog_for("street", LESSONS)
    library = catalog_for("library", LESSONS)
    assert "using-a-mouse" not in {l.id for l in street.lessons()}
    assert "using-a-mouse" in {l.id for l in library.lessons()}
    assert len(library.lessons()) == len(street.lessons()) + 1


def test_profiles_field_is_checked(write_lesson) -> None:
    from kiosk.lessons import check_lesson
    for value, message in [('["kitchen"]', "'kitchen' is not one of street, library"),
                           ('"library"', "must be a list"), ("[]", "must name at least one"),
                           ('["library", "library"]', "listed twice")]:
        folder = write_lesson(lesson_text("test-lesson", order=1, profiles=value))
        lesson, problems = check_lesson(folder)
        assert lesson is None and any(message in str(p) for p in problems), (value, problems)


def test_loading_then_ready_or_empty_and_listeners_hear_it(folder: Path, tmp_path: Path) -> None:
    catalog = LessonCatalog(session(), "street")
    heard: list[CatalogChange] = []
    catalog.subscribe(heard.append)
    assert catalog.state == LOADING and catalog.status_text() == "Getting the lessons ready…"
    catalog.set_library(load_all(tmp_path / "nowhere"))
    assert catalog.state == EMPTY and catalog.needs_reload
    assert "not available" in catalog.status_text()
    catalog.set_library(load_all(folder))
    assert catalog.state == READY and catalog.status_text() == ""
    assert heard == [CatalogChange.LIBRARY, CatalogChange.LIBRARY]


def test_topic_filter_and_wipe(folder: Path) -> None:
    catalog = catalog_for("street", folder)
    catalog.choose_topic("safety")
    assert catalog.shows_topic("safety") and not catalog.shows_topic("basics")
    catalog.choose_topic("no-such-topic")
    assert catalog.topic == "" and catalog.shows_topic("basics")
    catalog.choose_topic("safety")
    catalog.reset()
    assert catalog.topic == ""


def test_cards_say_minutes_steps_level_and_where_the_visitor_left(folder: Path) -> None:
    visitor = session()
    catalog = catalog_for("street", folder, visitor)
    lesson = catalog.get("swiping")
    assert catalog.card_meta(lesson) == "⏱ 5 minutes · 6 steps · Beginner"
    assert catalog.marker("swiping") == ""
    visitor.scratch["lesson:swiping"] = {"index": 3}
    assert catalog.marker("swiping") == "▶ Continue at step 4"
    visitor.scratch["lesson:swiping"] = {"index": 5, "finished": True}
    assert catalog.marker("swiping") == "✔ Done"
    catalog.open("swiping")
    assert visitor.navigation.current == "lesson"
    assert visitor.navigation.current_args == {"id": "swiping"}


# -- the player ------------------------------------------------------------------------------------

@pytest.fixture
def player(folder: Path):
    visitor = session()
    catalog = catalog_for("street", folder, visitor)
    events: list[LearningEvent] = []
    vm = LessonPlayer(catalog, visitor, [events.append])
    vm.events = events
    vm.changes = []
    vm.subscribe(vm.changes.append)
    visitor.open("lessons")
    visitor.open("lesson", id="swiping")
    vm.show("swiping")
    return vm


def test_first_step_previous_is_unavailable_and_a_tap_says_why(player) -> None:
    assert player.position_text() == "Step 1 of 6" and player.main_text() == "Welcome to the test."
    assert not player.previous.available
    assert player.previous.reason_text() == "This is the first step, so there is no step before it."
    assert player.next.available and not player.skip.visible
    assert player.press_previous() is False
    assert player.notice_text() == "This is the first step, so there is no step before it."
    assert player.run.index == 0
    assert player.press_next() and player.notice_text() == ""  # moving on clears the reason


def test_practice_next_is_unavailable_until_tried_and_skip_comes_after_three_misses(player) -> None:
    player.press_next()
    assert not player.next.available
    assert player.next.reason_text() == "Try the practice above first. After 3 tries, you can skip it."
    assert not player.press_next() and player.run.index == 1
    assert player.changes[-1] is PlayerChange.STATE and player.notice_text()
    for _ in range(3):
        player.gesture("swipe", {"direction": "right"})
    assert player.notice_text() == ""  # trying again clears the old reason
    assert player.skip.visible and player.next.available
    assert player.hint_text().startswith("Hint: Slide your finger")
    assert player.press_skip() and player.run.index == 2


def test_quiz_choices_are_marked_and_next_waits_for_an_answer(player) -> None:
    player.run.index = 3
    player.show("swiping")
    assert player.next.reason_text() == "Choose an answer above first."
    player.answer(1)
    right, wrong = player.choices()
    assert wrong.label.startswith("✖") and not wrong.enabled and right.enabled
    assert player.feedback_text() == "The other way."
    player.answer(0)
    right, wrong = player.choices()
    assert right.label == "✔ Left" and not right.enabled
    assert player.feedback_text() == "That's right!\nYou slid your finger to the left."
    assert player.next.available


def test_finish_goes_back_to_the_catalog_and_the_card_says_done(player) -> None:
    player.run.index = 5
    player.show("swiping")
    assert player.on_done_step
    assert player.learned_text() == "What you learned:\n✔ Swiping\n✔ Typing"
    assert player.certificate_text().startswith("★ Certificate of completion\nTest lesson\n")
    assert player.press_next()
    assert player.run is None and player.changes[-1] is PlayerChange.FINISHED
    assert player.session.navigation.current == "lessons"
    assert player.catalog.marker("swiping") == "✔ Done"


def test_resume_from_the_session_or_from_a_signed_in_learner(player, folder: Path) -> None:
    player.press_next()
    player.show("safe-online", resume_lookup=lambda lesson_id: 4)
    assert player.run.lesson.id == "safe-online" and player.run.index == 4
    player.show("swiping", resume_lookup=lambda lesson_id: 1 / 0)  # the store is down
    assert player.run.index == 1  # where this visitor left it, from the session
    assert [e.verb for e in player.events].count("resumed") == 2


def test_lesson_not_offered_or_still_loading(folder: Path) -> None:
    visitor = session()
    catalog = LessonCatalog(visitor, "street")
    vm = LessonPlayer(catalog, visitor)
    vm.show("swiping")
    assert vm.loading and vm.main_text() == "Getting the lesson ready…"
    assert not vm.next.visible and not vm.previous.visible
    catalog.set_library(load_all(folder))
    assert vm.run is not None and vm.run.lesson.id == "swiping"  # opened when it arrived
    vm.show("mouse-work")
    assert vm.run is None and "not available" in vm.main_text()


def test_a_failing_event_listener_does_not_stop_the_lesson(folder: Path) -> None:
    visitor = session()
    heard = []
    vm = LessonPlayer(catalog_for("street", folder, visitor), visitor,
                      [lambda e: 1 / 0, heard.append])
    vm.show("swiping")
    assert vm.press_next()
    assert [e.verb for e in heard] == ["started", "progressed"]


def test_a_step_argument_opens_that_step(player) -> None:
    player.show("safe-online", step="3")
    assert player.run.lesson.id == "safe-online" and player.position_text() == "Step 3 of 6"
    player.show("safe-online", step="no")
    assert player.position_text() == "Step 3 of 6"  # ignored: the run goes on


def test_a_signed_in_learner_sees_the_lessons_of_their_class_first(folder: Path) -> None:
    from kiosk.lessons.viewmodel import ASSIGNED, ASSIGNED_SCRATCH
    from kiosk.progress.link import ASSIGNED_SCRATCH as LINK_KEY
    from kiosk.session import SignedIn

    assert ASSIGNED_SCRATCH == LINK_KEY  # the sign-in leaves them where the catalog looks
    visitor = session()
    catalog = catalog_for("library", folder, visitor)
    changes: list[CatalogChange] = []
    catalog.subscribe(changes.append)
    assert list(catalog.by_topic()) == ["basics", "safety"] and catalog.marker("safe-online") == ""

    visitor.scratch[ASSIGNED_SCRATCH] = {"account": "acc-1", "lessons": ["safe-online", "gone"]}
    visitor.sign_in(SignedIn("acc-1", "Maria"))
    assert changes == [CatalogChange.LIBRARY]  # the cards are rebuilt
    groups = catalog.by_topic()
    assert list(groups) == [ASSIGNED, "basics"]  # listed first; an unknown lesson is left out
    assert [l.id for l in groups[ASSIGNED]] == ["safe-online"]
    assert catalog.topics()[1] == ASSIGNED and catalog.topic_label(ASSIGNED) == "From your class"
    assert catalog.marker("safe-online") == "◆ From your class"
    assert catalog.marker("swiping") == ""

    visitor.sign_out()  # another learner, or nobody: no class lessons
    assert list(catalog.by_topic()) == ["basics", "safety"]
    assert catalog.marker("safe-online") == ""
