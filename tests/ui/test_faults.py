"""Faults while the kiosk runs, made for real on the real window: the charger API failing in every
way, the learning-records file removed or replaced, the log's disk full, the content folder
missing, the speech engine missing.

For each: the kiosk stays up, the visitor sees only a calm sentence (or nothing), the cause is in
the log, and once the fault goes away the feature works again without restarting the window.
"""
from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton

from kiosk import config, i18n
from kiosk.chargers import weho_sites
from kiosk.chargers.simulator import start_simulator
from kiosk.progress.store import open_from_config
from ui.screens import chargers as chargers_ui
from ui.screens import lessons as lessons_ui
from ui.screens.attract import AttractScreen
from ui.screens.home import HomeScreen
from ui.screens.info import HelpScreen, OneMomentScreen
from ui_support import tap

CALM_CHARGERS = "Charger status is not available right now."
CALM_PROGRESS = "Saving progress is not available right now — you can still use the lessons."
LESSON = "spotting-scams"


# ------------------------------------------------------------------------------ helpers

def visible_button(window, name: str) -> QPushButton:
    shown = [b for b in window.findChildren(QPushButton, name) if b.isVisible()]
    assert len(shown) == 1, f"{name}: {len(shown)} visible"
    return shown[0]


def no_dialogs() -> bool:
    return not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, (QDialog, QMessageBox)) and w.isVisible()]


def logged(caplog, level: int, *words: str) -> list[str]:
    """Messages at ``level`` or above that contain every one of ``words``."""
    return [r.getMessage() for r in caplog.records
            if r.levelno >= level and all(w in r.getMessage() for w in words)]


def shell_with(*features):
    return [AttractScreen, HomeScreen, HelpScreen, OneMomentScreen, *features]




# ------------------------------------------------------------------------------ charger API

@pytest.fixture
def simulator():
    # A hanging request is released when the simulator stops, so the test never waits 30 s.
    handle = start_simulator(seed=11, hang_seconds=30)
    yield handle
    handle.stop()


def charger_config(tmp_path: Path, url: str, token: str) -> config.Config:
    """The city API as a kiosk is configured for it, with short limits so faults show quickly."""
    return config.load(environ={}).replace("paths", state_dir=str(tmp_path / "state")).replace(
        "chargers", source="ocpi", url=url, token=token, connect_timeout=0.5, read_timeout=0.5,
        deadline_seconds=1.0)


def open_chargers(window, loop) -> chargers_ui.ChargersScreen:
    window.ctx.session.activity()
    window.ctx.session.open("chargers")
    screen = window.current_screen
    assert screen.name == "chargers"
    loop.run_until_complete(screen.load())
    return screen


def shown_sites(screen) -> list[str]:
    return [sid for sid in screen.order if screen.cards[sid].isVisible()]


#: fault name in the simulator → words the log must give as the cause
CHARGER_FAULTS = {
    "500": "HTTP 500",
    "429": "rate limited",
    "html": "web page instead of OCPI data",
    "truncate": "connection failed",
    "auth": "refused the token (HTTP 401)",
    "ocpi-error": "3001",
    "hang": "did not answer in time",
}


@pytest.mark.parametrize("fault", CHARGER_FAULTS)
def test_charger_api_fault_keeps_last_data_dated_then_recovers(
        fault, loop, make_window, simulator, tmp_path, caplog) -> None:
    window = make_window(charger_config(tmp_path, simulator.url, simulator.token),
                         screens=shell_with(chargers_ui.screens))
    screen = open_chargers(window, loop)
    assert len(shown_sites(screen)) == len(weho_sites.SITES)
    assert screen.updated.text() == "Updated just now"

    simulator.set_faults(f"{fault}*50")
    caplog.clear()
    loop.run_until_complete(screen.load())
    # The visitor still sees every site, dated, with a plain word that the check failed.
    assert window.current_screen is screen
    assert len(shown_sites(screen)) == len(weho_sites.SITES)
    assert screen.updated.text() == "Updated just now (could not check again just now)"
    assert not screen.message.isVisible()
    assert no_dialogs()
    # The cause is in the log, for the technician.
    assert logged(caplog, logging.WARNING, "charger refresh failed", CHARGER_FAULTS[fault])
    service = window.ctx.services["chargers"]
    if fault == "429":
        assert service.next_refresh_delay() >= 1  # the server's Retry-After is honoured

    simulator.set_faults("")
    loop.run_until_complete(screen.load())
    assert not screen.feed.failed
    assert screen.updated.text() == "Updated just now"
    assert len(shown_sites(screen)) == len(weho_sites.SITES)
    assert service.next_refresh_delay() == window.ctx.config.chargers.refresh_seconds


@pytest.mark.parametrize("fault", ["500", "hang", "html"])
def test_charger_api_down_from_the_start_is_calm_then_recovers(
        fault, loop, qtbot, make_window, simulator, tmp_path, caplog) -> None:
    simulator.set_faults(f"{fault}*50")
    window = make_window(charger_config(tmp_path, simulator.url, simulator.token),
                         screens=shell_with(chargers_ui.screens))
    screen = open_chargers(window, loop)
    assert screen.message.isVisible() and screen.message.text() == CALM_CHARGERS
    assert not shown_sites(screen) and not screen.filters.isVisible()
    assert not screen.updated.text()  # nothing to date
    assert no_dialogs()
    assert logged(caplog, logging.WARNING, "charger refresh failed", CHARGER_FAULTS[fault])
    # The site page (e.g. opened from a map link) says the same calm thing.
    window.ctx.session.open("charger_site", id="US/WEH/LIBRARY")
    assert window.current_screen.address.text() == CALM_CHARGERS
    assert not window.current_screen.walk_there.isVisible()
    tap(qtbot, window.controls.back)

    simulator.set_faults("")
    loop.run_until_complete(screen.load())
    assert not screen.message.isVisible()
    assert len(shown_sites(screen)) == len(weho_sites.SITES)
    assert screen.updated.text() == "Updated just now"


# ------------------------------------------------------------------------------ progress database

@pytest.fixture
def lib_cfg(tmp_path) -> config.Config:
    return config.load(environ={"KIOSK_PROFILE": "library"}).replace(
        "paths", state_dir=str(tmp_path / "state"), data_dir=str(tmp_path / "data"))


@pytest.fixture
def db_file(lib_cfg) -> Path:
    return lib_cfg.data_dir / "progress.sqlite3"


@pytest.fixture
def maria(lib_cfg):
    """A class with Maria in it (learner + her code), in the kiosk's own SQLite file."""
    store = open_from_config(lib_cfg)
    try:
        tuesday = store.accounts.create_class("Tuesday seniors")
        return store.accounts.add_learner(tuesday.id, "Maria", "G")
    finally:
        store.close()


@pytest.fixture
def library_window(make_window, lib_cfg):
    from ui.screens import signin as signin_ui
    return make_window(lib_cfg, screens=shell_with(lessons_ui.screens, signin_ui.screens))


def sign_in(qtbot, window, maria) -> None:
    """Sign in by taps: Home → Sign in → class → name → code."""
    window.ctx.session.activity()
    tap(qtbot, window.screens["home"].sign_in)
    assert window.current_screen.name == "signin"
    tap(qtbot, visible_button(window, f"class_{maria.learner.class_id}"))
    tap(qtbot, next(b for b in window.current_screen.findChildren(QPushButton)
                    if b.isVisible() and b.text() == "Maria G."))
    pad = window.current_screen.pad
    for digit in maria.code:
        tap(qtbot, pad.keys[digit])
    tap(qtbot, pad.keys["ok"])


def play_steps(qtbot, window, count: int, lesson: str = LESSON) -> None:
    window.ctx.session.open("lesson", id=lesson)
    player = window.current_screen
    assert player.name == "lesson"
    for _ in range(count):
        tap(qtbot, player.next)
    window.ctx.services["progress_link"].flush()


def stored_verbs(lib_cfg, account: str) -> list[str]:
    store = open_from_config(lib_cfg, recover=False)
    try:
        return [e.verb.value for e in store.events(account=account, lesson_id=LESSON)]
    finally:
        store.close()


def remove_database(db_file: Path) -> None:
    for path in db_file.parent.glob(db_file.name + "*"):
        path.unlink()


def test_database_removed_while_a_learner_works_is_restored_with_their_progress(
        qtbot, library_window, lib_cfg, db_file, maria, caplog) -> None:
    window = library_window
    sign_in(qtbot, window, maria)
    assert window.ctx.session.signed_in.display_name == "Maria"
    play_steps(qtbot, window, 1)

    remove_database(db_file)
    play_steps(qtbot, window, 1)  # the learner carries on: nothing on screen changes
    assert window.current_screen.name == "lesson"
    assert window.current_screen.next.isVisible()
    assert no_dialogs()
    # Nothing the learner did is lost: the file is back, holding the work of before and after.
    assert db_file.is_file()
    assert logged(caplog, logging.ERROR, "removed")
    assert stored_verbs(lib_cfg, maria.learner.id).count("progressed") == 2

    # A new visitor signs in as usual.
    window.ctx.session.sign_out()
    window.ctx.session.go_home()
    sign_in(qtbot, window, maria)
    assert window.ctx.session.signed_in.display_name == "Maria"


@pytest.mark.parametrize("damage", ["folder", "garbage"])
def test_database_replaced_while_running_is_calm_then_recovers(
        damage, qtbot, library_window, lib_cfg, db_file, maria, caplog) -> None:
    window = library_window
    sign_in(qtbot, window, maria)
    play_steps(qtbot, window, 1)
    window.ctx.session.sign_out()
    before = stored_verbs(lib_cfg, maria.learner.id)

    remove_database(db_file)
    if damage == "folder":
        db_file.mkdir()
    else:
        db_file.write_bytes(b"this is not a database \x00\xff" * 200)
    caplog.clear()
    # An anonymous visitor uses a lesson: nothing about records is shown to them.
    play_steps(qtbot, window, 3, "video-calls-with-family")
    assert window.current_screen.name == "lesson" and window.current_screen.next.isVisible()
    # Signing in says calmly that saving is not available (folder), or just works (garbage is
    # moved aside and the records restored from the copy the kiosk still has open).
    window.ctx.session.go_home()
    window.ctx.session.activity()
    tap(qtbot, window.screens["home"].sign_in)
    screen = window.current_screen
    if damage == "folder":
        assert screen.message.isVisible() and screen.message.text() == CALM_PROGRESS
        assert visible_button(window, "signin_anonymous").isEnabled()
        assert logged(caplog, logging.WARNING, "progress store not available")
        shutil.rmtree(db_file)  # the fault goes away
        window.ctx.session.go_home()
        sign_in(qtbot, window, maria)
    else:
        assert not screen.message.isVisible()
        assert logged(caplog, logging.ERROR, "moved aside")
        assert list(db_file.parent.glob("progress.sqlite3.damaged-*"))
        window.ctx.session.go_home()
        sign_in(qtbot, window, maria)
    assert no_dialogs()
    assert window.ctx.session.signed_in.display_name == "Maria"
    assert window.current_screen.name == "signin_welcome"
    play_steps(qtbot, window, 1)
    after = stored_verbs(lib_cfg, maria.learner.id)
    assert after[:len(before)] == before and len(after) > len(before)  # old work kept, new saved


# ------------------------------------------------------------------------------ log disk full

def test_a_full_log_disk_does_not_stop_the_kiosk_and_logging_resumes(
        qtbot, make_window, tmp_path, capfd) -> None:
    from kiosk.logsetup import KioskFileHandler

    log_file = tmp_path / "kiosk.log"
    log_file.symlink_to("/dev/full")  # a real device: every write fails with ENOSPC
    handler = KioskFileHandler(log_file)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    level = root.level
    root.setLevel(logging.INFO)  # as the running kiosk logs
    try:
        window = make_window(config.load(environ={}).replace("paths", state_dir=str(tmp_path / "s")),
                             screens=shell_with(lessons_ui.screens))
        session = window.ctx.session
        session.activity()
        for _ in range(3):  # every screen change logs a line
            tap(qtbot, window.screens["home"].tiles["lessons"])
            assert window.current_screen.name == "lessons"
            tap(qtbot, window.controls.home)
            assert window.current_screen.name == "home"
        assert handler.failing
        err = capfd.readouterr().err
        # The cause reaches stderr (the journal) once, not as a traceback for every line.
        assert err.count(f"cannot write the log file {log_file} (No space left on device)") == 1
        assert "Traceback" not in err and "Logging error" not in err
        log_file.unlink()  # space again
        log_file.touch()
        tap(qtbot, window.screens["home"].tiles["lessons"])
        assert not handler.failing
        assert "screen shown: lessons" in log_file.read_text()
        assert "is written again" in capfd.readouterr().err
    finally:
        root.setLevel(level)
        root.removeHandler(handler)
        handler.close()


# ------------------------------------------------------------------------------ content missing

@pytest.fixture
def no_content_cfg(tmp_path) -> config.Config:
    return config.load(environ={}).replace("paths", content_dir=str(tmp_path / "missing"),
                                           state_dir=str(tmp_path / "state"))


def test_missing_content_folder_gives_calm_pages_and_english(
        qtbot, make_window, no_content_cfg, caplog) -> None:
    from ui.screens import map as map_ui

    window = make_window(no_content_cfg, screens=shell_with(lessons_ui.screens, map_ui.screens))
    session = window.ctx.session
    session.activity()
    tap(qtbot, window.screens["home"].tiles["lessons"])
    catalog = window.current_screen
    assert catalog.empty.isVisible()
    assert catalog.empty.text() == "The lessons are not available right now. Please ask library staff."
    assert logged(caplog, logging.WARNING, "lessons folder", "not found")
    session.open("lesson", id=LESSON)
    assert "not available right now" in window.current_screen.step_text.text()
    session.go_home()
    tap(qtbot, window.screens["home"].tiles["map"])
    page = window.current_screen
    assert page.name == "map"
    qtbot.waitUntil(lambda: page.mode == "unavailable")
    assert page.heading.text() == "The map is not available right now"
    assert logged(caplog, logging.ERROR, "map not available")
    tap(qtbot, window.controls.language_buttons["es"])  # no catalog: the words stay English
    assert i18n.current_language() == "es"
    assert page.heading.text() == "The map is not available right now"
    assert no_dialogs()


def test_content_folder_back_recovers_for_the_next_visitor(
        qtbot, make_window, no_content_cfg, clock) -> None:
    from kiosk.paths import default_content_dir
    from ui.screens import map as map_ui

    window = make_window(no_content_cfg, screens=shell_with(lessons_ui.screens, map_ui.screens))
    session = window.ctx.session
    session.activity()
    session.open("map")
    qtbot.waitUntil(lambda: window.current_screen.mode == "unavailable")
    # The technician puts the content back.
    Path(no_content_cfg.paths.content_dir).symlink_to(default_content_dir(), target_is_directory=True)
    clock.advance(window.ctx.config.kiosk.idle_seconds)
    qtbot.waitUntil(window.overlay.isVisible)
    clock.advance(window.ctx.config.kiosk.warning_seconds)
    qtbot.waitUntil(lambda: window.current_screen.name == "attract")  # the visitor left
    session.activity()
    session.open("map")
    qtbot.waitUntil(lambda: window.current_screen.mode != "unavailable")
    session.open("lessons")
    assert window.current_screen.cards, "the lessons come back without a restart"
    spanish = i18n.load_catalog("es", default_content_dir() / "translations")
    tap(qtbot, window.controls.language_buttons["es"])
    assert window.current_screen.heading.text() == spanish.gettext("Learn at your own pace")
    assert window.current_screen.heading.text() != "Learn at your own pace"


# ------------------------------------------------------------------------------ speech missing

def test_missing_speech_engine_hides_read_to_me(qtbot, make_window, monkeypatch, tmp_path,
                                                 caplog) -> None:
    monkeypatch.setenv("KIOSK_SPEECH_ENGINE", "no-such-engine")
    window = make_window(config.load(environ={}).replace("paths", state_dir=str(tmp_path / "s")),
                         screens=shell_with(lessons_ui.screens))
    session = window.ctx.session
    session.activity()
    session.open("lesson", id=LESSON)
    player = window.current_screen
    assert not window.ctx.speaker.available
    assert not player.read.isVisible()
    tap(qtbot, player.next)
    assert not player.read.isVisible()
    assert logged(caplog, logging.WARNING, "read-aloud is off", "no-such-engine")
    assert no_dialogs()
