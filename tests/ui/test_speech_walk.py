"""Speech mode over every screen of the kiosk: each item has a role and a non-empty spoken
name, every visible control is reachable and can be activated, and no screen traps the
highlight (Down reaches the end, Up the top) — in English and in Farsi (right to left)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from kiosk import config, threadguard
from kiosk.speechnav import ROLES

ARGS = {"lesson": {"id": "touchscreen-basics", "step": 3}, "charger_site": {"id": "US/WEH/CITYHALL"}}
SCREENS = ["home", "help", "oops", "lessons", "lesson", "map", "chargers", "charger_site",
           "signin", "signin_name", "signin_code", "signin_welcome", "trainer_pin", "trainer",
           "trainer_class", "trainer_learner", "trainer_lessons", "trainer_questions", "trainer_export"]


def _open(window, screen: str) -> None:
    from ui.screenshot import _progress_args

    session = window.ctx.session
    session.activity()
    with threadguard.allowed():
        args = {**_progress_args(window.ctx, screen), **ARGS.get(screen, {})}
    session.open(screen, **args)
    window.ctx.tasks.wait_idle()
    QApplication.processEvents()


CASES = [(screen, "en") for screen in SCREENS] + [(s, "fa") for s in ("home", "lesson", "map", "chargers")]


@pytest.mark.parametrize("screen, language", CASES)
def test_speech_reaches_everything_on(screen, language, make_window, tmp_path, qtbot) -> None:
    cfg = config.load(environ={"KIOSK_PROFILE": "library"}).replace(
        "progress", database_url=f"sqlite:///{tmp_path}/p.sqlite3")
    window = make_window(cfg)
    window.ctx.session.activity()
    window.ctx.session.set_language(language)
    _open(window, screen)
    assert window.current_screen.name == screen
    speech = window.speech
    speech.start()
    widgets, items = speech.collect()
    assert items, f"{screen}: nothing to hear"
    for widget, item in zip(widgets, items):
        assert item.role in ROLES, (screen, item)
        assert item.name.strip(), (screen, widget.objectName())
    # Every visible button of the screen and the control bar is an item or inside one.
    roots = speech.roots()
    for root in roots:
        for button in root.findChildren(QAbstractButton):
            if not button.isVisible() or not (button.text().strip() or button.accessibleName()):
                continue
            holder = button
            while holder is not None and holder not in widgets:
                holder = holder.parentWidget()
            assert holder is not None, f"{screen}: {button.objectName()} {button.text()!r} unreachable"
    # No trap: Down reaches the end and Up the top, without leaving the screen.
    for key, edge in ((Qt.Key.Key_Down, "End of the screen."), (Qt.Key.Key_Up, "Top of the screen.")):
        for _ in range(4 * len(items) + 20):
            qtbot.keyClick(window, key)
            if window.ctx.speaker.history[-1][1] == translate(edge, language):
                break
        else:
            pytest.fail(f"{screen}: {edge!r} never reached")
        assert window.current_screen.name == screen
    # Every actionable item is something the mode knows how to press.
    for widget, item in zip(widgets, items):
        if item.actionable:
            assert (isinstance(widget, QAbstractButton) or callable(getattr(widget, "perform", None))
                    or widget is getattr(window.current_screen, "map", None)
                    or widget.focusPolicy() & Qt.FocusPolicy.TabFocus), (screen, item)


def translate(message: str, language: str) -> str:
    from kiosk.i18n import translate_in

    return translate_in(language, message)
