"""Learner sign-in as a visitor meets it on a library PC: class → name → code, wrong codes and the
pause, continuing anonymously, the idle wipe, and the lesson hooks recording into a real store."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from kiosk import config, threadguard
from kiosk.lessons import LearningEvent
from ui_support import button, settle, tap


@pytest.fixture(autouse=True)
def _strict_threads(monkeypatch):
    """A screen that queries the store on the UI thread fails these tests (see kiosk.threadguard)."""
    monkeypatch.setenv("KIOSK_STRICT_THREADS", "1")


@pytest.fixture
def store(lib_cfg):
    """The test's own handle on the kiosk's store: set-up and checks, allowed on this thread."""
    from kiosk.progress.store import open_from_config

    with threadguard.allowed():
        opened = open_from_config(lib_cfg)
    yield opened
    opened.close()


@pytest.fixture
def maria(store):
    """A class with two learners; returns Maria's new code (learner + code)."""
    with threadguard.allowed():
        tuesday = store.accounts.create_class("Tuesday seniors")
        store.accounts.add_learner(tuesday.id, "Alexei", "K")
        return store.accounts.add_learner(tuesday.id, "Maria", "G")


def stored(store, account: str):
    with threadguard.allowed():
        return store.events(account=account)


def open_code_pad(qtbot, window, maria):
    window.ctx.session.activity()
    tap(qtbot, window.screens["home"].sign_in)
    assert window.current_screen.name == "signin"
    tap(qtbot, button(window, f"class_{maria.learner.class_id}"))
    assert window.current_screen.name == "signin_name"
    names = [b.text() for b in window.current_screen.findChildren(QPushButton) if b.isVisible()]
    assert "Alexei K." in names and "Maria G." in names
    tap(qtbot, next(b for b in window.current_screen.findChildren(QPushButton)
                    if b.isVisible() and b.text() == "Maria G."))
    assert window.current_screen.name == "signin_code"
    assert window.current_screen.heading.text() == "Hello, Maria G.!"
    return window.current_screen.pad


def type_code(qtbot, pad, code: str) -> None:
    for digit in code:
        tap(qtbot, pad.keys[digit])
    tap(qtbot, pad.keys["ok"])


def test_sign_in_with_class_name_and_code(qtbot, make_window, lib_cfg, maria) -> None:
    window = make_window(lib_cfg)
    pad = open_code_pad(qtbot, window, maria)
    assert not pad.keys["ok"].isEnabled()  # not before four digits
    type_code(qtbot, pad, maria.code)
    assert window.current_screen.name == "signin_welcome"
    assert window.current_screen.heading.text() == "Welcome, Maria!"
    assert window.ctx.session.signed_in.account_id == maria.learner.id
    assert len(window.ctx.lesson_listeners) == 1 and window.ctx.resume_lookup is not None
    tap(qtbot, window.controls.back)
    assert window.current_screen.name == "home"
    assert "Welcome, Maria!" in window.screens["home"].heading.text()
    tap(qtbot, window.screens["home"].sign_in)  # now "Sign out"
    assert window.ctx.session.signed_in is None
    assert window.ctx.lesson_listeners == [] and window.ctx.resume_lookup is None


def test_keyboard_digits_work_on_library_pcs(qtbot, make_window, lib_cfg, maria) -> None:
    window = make_window(lib_cfg)
    pad = open_code_pad(qtbot, window, maria)
    qtbot.keyClicks(pad, "9" + maria.code)  # the 5th digit is ignored…
    qtbot.keyClick(pad, Qt.Key.Key_Backspace)
    qtbot.keyClicks(pad, maria.code[-1])  # …and Backspace takes one away
    assert pad.value() == "9" + maria.code[:2] + maria.code[-1]
    for _ in range(4):
        qtbot.keyClick(pad, Qt.Key.Key_Backspace)
    qtbot.keyClicks(pad, maria.code)
    qtbot.keyClick(pad, Qt.Key.Key_Return)
    settle(window)
    assert window.ctx.session.signed_in is not None
    assert window.current_screen.name == "signin_welcome"


def test_wrong_codes_say_tries_left_then_pause_the_name(qtbot, make_window, lib_cfg, maria) -> None:
    window = make_window(lib_cfg)
    pad = open_code_pad(qtbot, window, maria)
    wrong = "0000" if maria.code != "0000" else "1111"
    screen = window.current_screen
    type_code(qtbot, pad, wrong)
    assert "not right" in screen.message.text() and "4 tries left" in screen.message.text()
    assert pad.value() == ""
    for _ in range(3):
        type_code(qtbot, pad, wrong)
    assert "1 try left" in screen.message.text()
    type_code(qtbot, pad, wrong)
    assert "wait 3 minutes or ask your trainer" in screen.message.text()
    assert not pad.isEnabled()
    assert window.ctx.session.signed_in is None
    # The pause is in the store: a fresh kiosk window says so at once and refuses the right code.
    again = make_window(lib_cfg)
    pad = open_code_pad(qtbot, again, maria)
    assert "ask your trainer" in again.current_screen.message.text()
    assert not pad.isEnabled()


def test_continue_without_signing_in_is_always_there(qtbot, make_window, lib_cfg, maria) -> None:
    window = make_window(lib_cfg)
    open_code_pad(qtbot, window, maria)
    for screen in ("signin", "signin_name", "signin_code"):
        window.ctx.session.open(screen)
        assert button(window, f"{screen}_anonymous").text() == "Continue without signing in"
    tap(qtbot, button(window, "signin_code_anonymous"))
    assert window.current_screen.name == "home"
    assert window.ctx.session.signed_in is None and window.ctx.lesson_listeners == []


def test_no_personal_data_is_asked(qtbot, make_window, lib_cfg, maria) -> None:
    from PySide6.QtWidgets import QLineEdit

    window = make_window(lib_cfg)
    open_code_pad(qtbot, window, maria)
    for screen in ("signin", "signin_name", "signin_code", "signin_welcome"):
        assert not [e for e in window.screens[screen].findChildren(QLineEdit)]


def test_idle_wipe_signs_out_and_unhooks_the_store(qtbot, make_window, lib_cfg, maria, clock) -> None:
    window = make_window(lib_cfg)
    type_code(qtbot, open_code_pad(qtbot, window, maria), maria.code)
    assert window.ctx.session.signed_in is not None
    clock.advance(window.ctx.config.kiosk.idle_seconds)
    qtbot.waitUntil(window.overlay.isVisible)
    clock.advance(window.ctx.config.kiosk.warning_seconds)
    qtbot.waitUntil(lambda: window.current_screen.name == "attract")
    assert window.ctx.session.signed_in is None
    assert window.ctx.lesson_listeners == [] and window.ctx.resume_lookup is None
    assert window.screens["home"].sign_in.text() == "Sign in to save your progress"


def test_lesson_events_are_recorded_and_resume_where_left(qtbot, make_window, lib_cfg, maria,
                                                          store) -> None:
    window = make_window(lib_cfg)
    ctx = window.ctx
    lesson = "spotting-scams"
    for listener in ctx.lesson_listeners:  # nobody signed in: nothing is hooked in
        listener(LearningEvent("started", lesson, 0, "explain"))
    type_code(qtbot, open_code_pad(qtbot, window, maria), maria.code)
    assert ctx.resume_lookup(lesson) is None  # never opened
    said = [LearningEvent("started", lesson, 0, "explain", {}),
            LearningEvent("progressed", lesson, 0, "explain", {"progress": 0.1}),
            LearningEvent("progressed", lesson, 1, "practice", {"progress": 0.2}),
            LearningEvent("answered", lesson, 3, "quiz", {"success": False, "response": 2}),
            LearningEvent("asked-for-help", lesson, 3, "quiz", {"reason": "asked"}),
            LearningEvent("answered", lesson, 3, "quiz", {"success": True, "response": 0}),
            LearningEvent("progressed", lesson, 3, "quiz", {"progress": 0.3})]
    for event in said:
        for listener in ctx.lesson_listeners:
            listener(event)
    ctx.services["progress_link"].flush()
    recorded = stored(store, maria.learner.id)
    assert [e.verb.value for e in recorded] == ["started", "progressed", "progressed", "answered",
                                                 "asked-for-help", "answered", "progressed"]
    assert [e.result.success for e in recorded if e.verb.value == "answered"] == [False, True]
    assert ctx.resume_lookup(lesson) == 4  # the step after the quiz they finished
    for listener in ctx.lesson_listeners:
        listener(LearningEvent("completed", lesson, 13, "done",
                               {"success": True, "quiz_first_try": 2, "quiz_total": 3}))
    ctx.services["progress_link"].flush()
    assert ctx.resume_lookup(lesson) is None  # finished: starts afresh next time
    done = stored(store, maria.learner.id)[-1]
    assert done.verb.value == "completed" and done.result.score == pytest.approx(2 / 3)
    ctx.session.sign_out()
    for listener in list(ctx.lesson_listeners):
        listener(LearningEvent("started", lesson, 0, "explain"))
    ctx.services["progress_link"].flush()
    assert len(stored(store, maria.learner.id)) == len(said) + 1


def test_a_store_that_cannot_open_gives_a_calm_message(qtbot, make_window, tmp_path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    cfg = config.load(environ={"KIOSK_PROFILE": "library"}).replace(
        "progress", database_url=f"sqlite:///{blocker}/p.sqlite3")
    window = make_window(cfg)
    window.ctx.session.activity()
    tap(qtbot, window.screens["home"].sign_in)
    message = window.current_screen.message
    assert message.isVisible()
    assert message.text() == ("Saving progress is not available right now — you can still use "
                              "the lessons.")
    assert button(window, "signin_anonymous").isEnabled()


def test_a_half_typed_code_survives_language_and_text_size(qtbot, make_window, lib_cfg,
                                                           maria) -> None:
    window = make_window(lib_cfg)
    pad = open_code_pad(qtbot, window, maria)
    screen = window.current_screen
    for digit in maria.code[:2]:
        tap(qtbot, pad.keys[digit])
    tap(qtbot, button(window, "lang_es"))
    assert screen.prompt.text().startswith("Escriba")
    assert pad.keys["delete"].text().endswith("Borrar")
    tap(qtbot, window.controls.bigger)
    tap(qtbot, window.controls.bigger)
    assert window.ctx.session.text_scale > 1.0
    assert pad.value() == maria.code[:2]
    assert pad.display.text() == "● ● ○ ○"
    assert window.current_screen is screen and screen.heading.text() == "¡Hola, Maria G.!"
    for digit in maria.code[2:]:
        tap(qtbot, pad.keys[digit])
    tap(qtbot, pad.keys["ok"])
    assert window.ctx.session.signed_in.account_id == maria.learner.id


def test_a_half_typed_code_survives_the_idle_warning(qtbot, make_window, lib_cfg, maria,
                                                     clock) -> None:
    window = make_window(lib_cfg)
    pad = open_code_pad(qtbot, window, maria)
    for digit in maria.code[:3]:
        tap(qtbot, pad.keys[digit])
    clock.advance(window.ctx.config.kiosk.idle_seconds)
    qtbot.waitUntil(window.overlay.isVisible)
    assert pad.value() == maria.code[:3]
    tap(qtbot, window.overlay.button)  # "I am still here"
    assert not window.overlay.isVisible()
    assert window.current_screen.name == "signin_code" and pad.value() == maria.code[:3]
    tap(qtbot, pad.keys[maria.code[3]])
    tap(qtbot, pad.keys["ok"])
    assert window.current_screen.name == "signin_welcome"


def test_resuming_a_lesson_never_waits_on_the_database(qtbot, make_window, lib_cfg, maria,
                                                       store) -> None:
    """Where Maria left her lessons is read at sign-in, in the worker; a lesson opening asks
    memory only (under strict threads a store query here would raise)."""
    from kiosk.progress.events import Recorder

    with threadguard.allowed():
        earlier = Recorder(store, maria.learner.id, "another-pc")
        earlier.started("email-basics")
        earlier.progressed("email-basics", 3)
        earlier.started("spotting-scams")
        earlier.completed("spotting-scams", 13)
    window = make_window(lib_cfg)
    type_code(qtbot, open_code_pad(qtbot, window, maria), maria.code)
    ctx = window.ctx
    assert ctx.resume_lookup("email-basics") == 3
    assert ctx.resume_lookup("spotting-scams") is None  # finished: starts afresh
    window.ctx.session.open("lesson", id="email-basics")
    assert window.current_screen.name == "lesson"
    assert "4" in window.current_screen.position.text()  # step 4 of the lesson, where she left


def test_events_given_just_before_the_wipe_are_still_written(qtbot, make_window, lib_cfg, maria,
                                                             store, clock) -> None:
    window = make_window(lib_cfg)
    type_code(qtbot, open_code_pad(qtbot, window, maria), maria.code)
    for listener in list(window.ctx.lesson_listeners):
        listener(LearningEvent("started", "email-basics", 0, "explain", {}))
    window.ctx.session.wipe()  # returns at once: it never waits on the database
    assert window.current_screen.name == "attract" and window.ctx.lesson_listeners == []
    assert window.ctx.services["progress_link"].flush()
    assert [e.verb.value for e in stored(store, maria.learner.id)] == ["started"]


def test_a_wrong_code_message_never_moves_the_keys(qtbot, make_window, lib_cfg, maria) -> None:
    from PySide6.QtCore import QPoint

    for scale in (1.0, 2.0):
        window = make_window(lib_cfg)
        window.resize(1920, 1080)
        pad = open_code_pad(qtbot, window, maria)
        window.ctx.session.set_text_scale(scale)
        qtbot.waitUntil(pad.isEnabled)  # the learner's name has arrived
        qtbot.waitUntil(lambda: pad._scale == scale)  # and the pad has its new size
        settle(window)
        screen = window.current_screen
        # Equal columns: Delete and OK are no wider than the digits above them.
        widths = {key: button.width() for key, button in pad.keys.items()}
        assert len(set(widths.values())) == 1, widths
        def spots():
            return {key: button.mapTo(window, QPoint(0, 0)) for key, button in pad.keys.items()}

        # The page settles its new text size over a few layout rounds (as before a visitor's
        # first tap): measure once two rounds agree.
        where = spots()
        for _ in range(40):
            qtbot.wait(25)
            settle(window)
            if spots() == where:
                break
            where = spots()
        type_code(qtbot, pad, "0000" if maria.code != "0000" else "1111")
        qtbot.waitUntil(lambda: "not right" in screen.message.text())
        settle(window)
        assert screen.message.isVisible()
        assert {key: button.mapTo(window, QPoint(0, 0)) for key, button in pad.keys.items()} == where
        # The message sits below the keys, on a line kept for it.
        assert screen.message.mapTo(window, QPoint(0, 0)).y() > where["0"].y()
