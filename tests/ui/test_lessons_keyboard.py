"""The on-screen keyboard as a visitor uses it: tapping big keys, Shift, Backspace, Enter, the
letters of each language, and a physical keyboard feeding the same text."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ui import theme
from ui.widgets.keyboard import OnScreenKeyboard


@pytest.fixture
def keyboard(qtbot):
    QApplication.instance().setStyleSheet(theme.stylesheet(theme.STANDARD, 1.0))
    kb = OnScreenKeyboard(language="en")
    qtbot.addWidget(kb)
    kb.resize(1040, 600)
    kb.show()
    qtbot.waitExposed(kb)
    yield kb
    QApplication.instance().setStyleSheet("")


def tap(qtbot, kb, key: str) -> None:
    button = kb.key_button(key)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=button.rect().center())


def test_tapping_keys_types_and_reports_the_text(qtbot, keyboard) -> None:
    seen = []
    keyboard.text_changed.connect(seen.append)
    for key in ["shift", "h", "i", "space", "x", "backspace", "1", "@"]:
        tap(qtbot, keyboard, key)
    assert keyboard.text() == "Hi 1@"
    assert seen[:3] == ["H", "Hi", "Hi "]
    with qtbot.waitSignal(keyboard.submitted) as sent:
        tap(qtbot, keyboard, "enter")
    assert sent.args == ["Hi 1@"]


def test_shift_makes_one_capital_and_shows_capitals_on_the_keys(qtbot, keyboard) -> None:
    tap(qtbot, keyboard, "shift")
    assert keyboard.key_button("a").text() == "A"
    tap(qtbot, keyboard, "a")
    tap(qtbot, keyboard, "a")
    assert keyboard.text() == "Aa"
    assert keyboard.key_button("a").text() == "a"


def test_keys_are_big_enough_for_unsteady_hands(keyboard) -> None:
    for language in ("en", "es", "ru", "fa"):
        keyboard.set_language(language)
        QApplication.processEvents()
        for button in keyboard.keys.values():
            assert button.minimumSizeHint().width() >= theme.TOUCH_MIN, button.objectName()
            assert button.minimumSizeHint().height() >= theme.TOUCH_MIN
            assert button.accessibleName()
    assert keyboard.minimumSizeHint().width() <= 1080 - 2 * 32  # fits the portrait street kiosk


@pytest.mark.parametrize("language, letters", [("es", "ñáéíóúü"), ("ru", "йцукенжэёъ"),
                                               ("fa", "سلامچژآگپ")])
def test_each_language_has_its_own_letters(qtbot, keyboard, language, letters) -> None:
    keyboard.set_text("ok ")
    keyboard.set_language(language)
    for letter in letters:
        tap(qtbot, keyboard, letter)
    assert keyboard.text() == "ok " + letters  # switching keeps what was typed


def test_physical_keyboard_types_into_the_same_text(qtbot, keyboard) -> None:
    keyboard.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    keyboard.keyPressEvent = lambda e: keyboard.handle_key_event(e) or None
    keyboard.setFocus()
    qtbot.keyClicks(keyboard, "Hola")
    qtbot.keyClick(keyboard, Qt.Key.Key_Backspace)
    assert keyboard.text() == "Hol"
    with qtbot.waitSignal(keyboard.submitted):
        qtbot.keyClick(keyboard, Qt.Key.Key_Return)


def test_clear_and_length_limit(keyboard) -> None:
    keyboard.set_text("x" * 500)
    assert len(keyboard.text()) == keyboard.max_length
    keyboard.clear()
    assert keyboard.text() == ""


def test_russian_keyboard_switches_to_english_letters_for_web_addresses(qtbot, keyboard) -> None:
    keyboard.set_language("ru")
    switch = keyboard.key_button("letters")
    qtbot.waitUntil(switch.isVisible)
    assert switch.text() == "ABC"
    tap(qtbot, keyboard, "letters")
    qtbot.waitUntil(lambda: "w" in keyboard.keys and keyboard.key_button("w").isVisible())
    for key in "weho.org":
        tap(qtbot, keyboard, key)
    assert keyboard.text() == "weho.org"
    assert keyboard.key_button("letters").text() == "АБВ"
    tap(qtbot, keyboard, "letters")
    qtbot.waitUntil(lambda: "ж" in keyboard.keys and keyboard.key_button("ж").isVisible())
    assert "w" not in keyboard.keys


def test_english_and_spanish_keyboards_have_no_switch(qtbot, keyboard) -> None:
    for code in ("en", "es"):
        keyboard.set_language(code)
        assert not keyboard.key_button("letters").isVisible()


def test_farsi_keyboard_has_persian_letters_and_shift_gives_the_rarer_ones(qtbot, keyboard) -> None:
    keyboard.set_language("fa")
    qtbot.waitUntil(lambda: keyboard.key_button("ض").isVisible())
    assert "q" not in keyboard.keys  # no English letters standing in any more
    # The standard layout's order: ض at the top left, گ at the end of the home row.
    first, last = keyboard.key_button("ض"), keyboard.key_button("ج")
    assert first.mapTo(keyboard, first.rect().center()).x() < last.mapTo(keyboard, last.rect().center()).x()
    assert keyboard.key_button("shift").accessibleName() == "Shift: more letters and marks"
    tap(qtbot, keyboard, "shift")
    assert keyboard.key_button("ز").text() == "ژ"
    tap(qtbot, keyboard, "ز")
    tap(qtbot, keyboard, "ز")
    assert keyboard.text() == "ژز"  # Shift is for one key, as for capitals
    switch = keyboard.key_button("letters")
    assert switch.isVisible() and switch.text() == "ABC"
    tap(qtbot, keyboard, "letters")
    qtbot.waitUntil(lambda: "w" in keyboard.keys and keyboard.key_button("w").isVisible())
    assert keyboard.key_button("letters").text() == "ابپ"
    assert keyboard.key_button("shift").accessibleName() == "Shift: capital letter"  # English ones


def test_a_language_added_as_content_brings_its_keyboard(qtbot, keyboard, tmp_path) -> None:
    from kiosk import i18n
    from language_support import add_language
    add_language(tmp_path)
    i18n.set_translations_dir(tmp_path)
    try:
        keyboard.set_language("qaa")
        qtbot.waitUntil(lambda: "ա" in keyboard.keys and keyboard.key_button("ա").isVisible())
        tap(qtbot, keyboard, "shift")
        tap(qtbot, keyboard, "ա")
        tap(qtbot, keyboard, "բ")
        assert keyboard.text() == "Աբ"
        assert keyboard.key_button("letters").isVisible()
    finally:
        i18n.set_translations_dir(Path(i18n.__file__).resolve().parent.parent / "translations")
