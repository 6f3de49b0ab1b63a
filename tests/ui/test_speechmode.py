"""Speech mode with real key presses: start, move through every item, activate, go back, help,
volume, the speech log, touch and hear, the idle warning spoken, and the wipe ending it."""
from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from kiosk import config

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def speech_window(make_window, tmp_path):
    log = tmp_path / "speech.jsonl"
    cfg = config.load(environ={"KIOSK_ACCESSIBILITY_SPEECH_LOG": str(log)})
    window = make_window(cfg)
    window.speech_log = log
    return window


def key(qtbot, window, name: str, mods=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window, getattr(Qt.Key, f"Key_{name}"), mods)
    QApplication.processEvents()


def said(window) -> list[str]:
    return [text for _lang, text in window.ctx.speaker.history]


def settle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.speech._reload_timer.isActive())
    QApplication.processEvents()


def test_help_key_wakes_the_kiosk_and_starts_speech(qtbot, speech_window) -> None:
    w = speech_window
    assert w.current_screen.name == "attract"
    key(qtbot, w, "F1")
    assert w.current_screen.name == "home"
    assert w.speech.active
    assert said(w)[0] == "Speech is on."
    assert w.screens["home"].title() in said(w)[1]


def test_down_reaches_every_item_and_return_opens_a_tile(qtbot, speech_window) -> None:
    w = speech_window
    key(qtbot, w, "F1")
    heard = []
    for _ in range(len(w.speech.widgets) + 1):
        key(qtbot, w, "Down")
        heard.append(said(w)[-1])
    assert heard[-1] == "End of the screen."
    assert "edge" in w.ctx.speaker.earcons_played
    assert any(h.startswith("Heading.") for h in heard)
    assert any(h.startswith("Button. Learn") for h in heard)
    assert any(h.startswith("Button. Help") for h in heard)  # the control bar is reachable too
    assert all(h.strip(". ") for h in heard)
    # Up to the "Find your way" tile and press it.
    while not said(w)[-1].startswith("Button. Find your way"):
        key(qtbot, w, "Up")
    assert w.speech.highlight.isVisible()
    key(qtbot, w, "Return")
    qtbot.waitUntil(lambda: w.current_screen.name == "map")
    settle(qtbot, w)
    assert w.current_screen.title() in said(w)[-1]
    key(qtbot, w, "Backspace")
    qtbot.waitUntil(lambda: w.current_screen.name == "home")


def test_unavailable_controls_say_so_and_do_nothing(qtbot, speech_window) -> None:
    w = speech_window
    key(qtbot, w, "F1")
    while not said(w)[-1].startswith("Button. Back"):
        key(qtbot, w, "Down")
    assert "Not available" in said(w)[-1]
    key(qtbot, w, "Return")
    assert "error" in w.ctx.speaker.earcons_played
    assert w.current_screen.name == "home"


def test_help_is_layered_and_volume_keys_change_the_voice(qtbot, speech_window) -> None:
    w = speech_window
    key(qtbot, w, "F1")
    key(qtbot, w, "Down")
    key(qtbot, w, "F1")
    first = said(w)[-1]
    key(qtbot, w, "F1")
    assert said(w)[-1].startswith("This screen:")
    key(qtbot, w, "F1")
    assert "Down arrow moves to the next item" in said(w)[-1]
    assert first != said(w)[-1]
    volume = w.ctx.speaker.volume
    key(qtbot, w, "PageDown")
    assert w.ctx.speaker.volume < volume and said(w)[-1] == "Softer."
    rate = w.ctx.speaker.rate
    key(qtbot, w, "PageUp", Qt.KeyboardModifier.ShiftModifier)
    assert w.ctx.speaker.rate > rate and said(w)[-1] == "Faster."


def test_speech_follows_the_language_and_is_logged(qtbot, speech_window) -> None:
    w = speech_window
    key(qtbot, w, "F1")
    w.ctx.session.set_language("es")
    settle(qtbot, w)
    key(qtbot, w, "Down")
    assert w.ctx.speaker.history[-1][0] == "es"
    assert said(w)[-1].startswith("Encabezado.") or said(w)[-1].startswith("Texto.") or "." in said(w)[-1]
    records = [json.loads(line) for line in w.speech_log.read_text().splitlines()]
    assert {r["kind"] for r in records} == {"speech", "earcon"}
    assert records[0]["text"] == "Speech is on." and records[0]["lang"] == "en"
    assert any(r["lang"] == "es" for r in records)
    assert all(set(r) == {"time", "lang", "text", "kind"} for r in records)


def test_touch_and_hear_reads_then_a_double_tap_presses(qtbot, speech_window) -> None:
    w = speech_window
    key(qtbot, w, "F1")
    tile = w.screens["home"].tiles["chargers"]
    qtbot.mousePress(tile, Qt.MouseButton.LeftButton, pos=tile.rect().center())
    qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton, pos=tile.rect().center())
    QApplication.processEvents()
    assert w.current_screen.name == "home", "a single touch must only read"
    assert said(w)[-1].startswith("Button. EV charging")
    qtbot.mouseDClick(tile, Qt.MouseButton.LeftButton, pos=tile.rect().center())
    qtbot.waitUntil(lambda: w.current_screen.name == "chargers")


def test_the_wipe_ends_speech_mode(qtbot, speech_window, clock) -> None:
    w = speech_window
    key(qtbot, w, "F1")
    clock.advance(w.ctx.session.idle_seconds + 1)
    w._on_ticker_timeout()
    assert w.overlay.isVisible()
    settle(qtbot, w)
    assert "Are you still there?" in said(w)[-1]
    clock.advance(w.ctx.session.warning_seconds + 1)
    w._on_ticker_timeout()
    assert w.current_screen.name == "attract"
    assert not w.speech.active and not w.speech.highlight.isVisible()


def test_a_pin_box_is_never_spoken(qtbot, speech_window) -> None:
    from PySide6.QtWidgets import QLineEdit

    from ui.speechmode import describe_widget

    box = QLineEdit()
    qtbot.addWidget(box)
    box.setAccessibleName("Trainer PIN")
    box.setEchoMode(QLineEdit.EchoMode.Password)
    box.setText("739146")
    item = describe_widget(box, "en")
    assert "739146" not in item.name + item.state
    assert item.state == "6 characters entered"
