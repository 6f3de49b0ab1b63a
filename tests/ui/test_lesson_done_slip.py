"""*Print my progress* on the last step of a lesson, on a library PC: a signed-in learner saves
their own one-page progress slip onto a USB stick (or into the home folder) and is told where it
went. Only their own records are on it; the button is not there on the street kiosk, for a
visitor who is not signed in, or for a trainer; and once the learner has gone, a tap saves
nothing."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk import config, threadguard
from kiosk.progress import queries
from kiosk.progress.events import Recorder
from kiosk.progress.export import ExportPlace
from kiosk.session import SignedIn
from ui_support import settle, tap

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")


@pytest.fixture
def people(store):
    """Maria (who will sign in) and Bob, in the same class; Bob finished a lesson of his own."""
    with threadguard.allowed():
        tuesday = store.accounts.create_class("Tuesday seniors")
        maria = store.accounts.add_learner(tuesday.id, "Maria", "G").learner
        bob = store.accounts.add_learner(tuesday.id, "Bobby", "T").learner
        store.accounts.assign_lessons(tuesday.id, ["email-basics", "using-a-mouse"])
        bob_did = Recorder(store, bob.id, "pc")
        bob_did.started("using-a-mouse")
        bob_did.completed("using-a-mouse", 5, 1.0, True)
    return maria, bob


@pytest.fixture
def places(tmp_path, monkeypatch) -> dict[str, Path]:
    """A USB stick called KINGSTON and the home folder, both in the test's folder."""
    usb, home = tmp_path / "media" / "KINGSTON", tmp_path / "home"
    usb.mkdir(parents=True)
    home.mkdir()
    monkeypatch.setattr(queries, "find_places", lambda: [ExportPlace("KINGSTON", usb, True),
                                                         ExportPlace("home", home, False)])
    return {"usb": usb, "home": home}


def finish_lesson(window, lesson_id: str = "email-basics"):
    """The lesson opened at its last step (the store hears it of a signed-in learner)."""
    session, player = window.ctx.session, window.screens["lesson"]
    session.open("lessons")
    session.open("lesson", id=lesson_id, step=player.library.get(lesson_id).step_count)
    QApplication.processEvents()
    settle(window)
    return player


def visible(player, name: str) -> QPushButton:
    shown = [b for b in player.findChildren(QPushButton, name) if b.isVisible()]
    assert len(shown) == 1, f"{name}: {len(shown)} visible"
    player.scroll.ensureWidgetVisible(shown[0])
    QApplication.processEvents()
    return shown[0]


def signed_in_window(make_window, lib_cfg, learner):
    from ui.screens.trainer.base import progress_link

    window = make_window(lib_cfg)
    window.ctx.session.activity()
    progress_link(window.ctx).sign_in(learner, {})
    return window


@needs_poppler
def test_a_learner_saves_their_own_progress_slip_on_a_usb_stick(qtbot, make_window, lib_cfg,
                                                                 people, places) -> None:
    maria, _bob = people
    window = signed_in_window(make_window, lib_cfg, maria)
    player = finish_lesson(window)
    tap(qtbot, visible(player, "lesson_own_slip"))
    status = player.done.own_slip.status
    assert "USB stick" in status.text()
    assert visible(player, "lesson_own_slip_place_1").text() == f"Home folder ({places['home']})"
    tap(qtbot, visible(player, "lesson_own_slip_place_0"))  # USB stick “KINGSTON”
    qtbot.waitUntil(lambda: "saved on the USB stick “KINGSTON”" in status.text())
    saved = list(places["usb"].glob("*.pdf"))
    assert len(saved) == 1 and saved[0].name in status.text()
    assert not list(places["home"].iterdir())
    text = subprocess.run(["pdftotext", "-layout", str(saved[0]), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Learning progress: Maria G." in text
    assert "Class: Tuesday seniors" in text
    assert "Email basics" in text and "Completed" in text  # the lesson she has just finished
    assert "Bobby" not in text and "Using a mouse" not in text  # nothing of anyone else's
    assert text.count("\f") <= 1  # one page
    # The place buttons are gone; the button stays for another copy.
    assert not [b for b in player.findChildren(QPushButton, "lesson_own_slip_place_0")
                if b.isVisible()]


def test_the_home_folder_is_named_where_it_was_saved(qtbot, make_window, lib_cfg, people,
                                                     places) -> None:
    maria, _bob = people
    window = signed_in_window(make_window, lib_cfg, maria)
    player = finish_lesson(window)
    tap(qtbot, visible(player, "lesson_own_slip"))
    tap(qtbot, visible(player, "lesson_own_slip_place_1"))
    status = player.done.own_slip.status
    qtbot.waitUntil(lambda: "home folder" in status.text())
    saved = list(places["home"].glob("slip-maria-g-*.pdf"))
    assert len(saved) == 1
    assert saved[0].name in status.text() and str(places["home"]) in status.text()


def test_nothing_is_saved_once_the_learner_has_gone(qtbot, make_window, lib_cfg, people,
                                                    places) -> None:
    """Places found, then Maria signs out (or the session is wiped): the next visitor tapping a
    place gets nothing of hers."""
    maria, _bob = people
    window = signed_in_window(make_window, lib_cfg, maria)
    player = finish_lesson(window)
    tap(qtbot, visible(player, "lesson_own_slip"))
    usb_button = visible(player, "lesson_own_slip_place_0")
    slips = player.done.own_slip.model
    window.ctx.session.sign_out()
    window.ctx.session.sign_in(SignedIn("someone-else", "Eve"))  # not a learner of this store
    slips.save(slips.places[0])  # as a tap on the button would, had it survived
    settle(window)
    assert not list(places["usb"].iterdir())
    assert not usb_button.isVisible() or not player.done.own_slip.isVisible()


@pytest.mark.parametrize("who", ["nobody", "trainer", "street"])
def test_no_progress_button_without_a_signed_in_learner_on_a_library_pc(
        qtbot, make_window, lib_cfg, people, places, who) -> None:
    maria, _bob = people
    if who == "street":
        window = make_window(config.load(environ={"KIOSK_PROFILE": "street"}).replace(
            "progress", database_url=lib_cfg.progress.database_url))
        from ui.screens.trainer.base import progress_link

        window.ctx.session.activity()
        progress_link(window.ctx).sign_in(maria, {})
    else:
        window = make_window(lib_cfg)
        window.ctx.session.activity()
        if who == "trainer":
            window.ctx.session.sign_in(SignedIn("trainer", "Trainer", is_trainer=True))
    player = finish_lesson(window)
    assert player.model.on_done_step
    assert not [b for b in player.findChildren(QPushButton, "lesson_own_slip") if b.isVisible()]
