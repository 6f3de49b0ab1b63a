"""A large on-screen keyboard for people who have never typed on a touchscreen.

Keys are at least 88 px each way at text scale 1 (and grow in height with the text), the letters
follow the visitor's language — the rows, and what Shift makes of them, come from the language
registry (:mod:`kiosk.languages`): Latin with ñ and the accented vowels for Spanish, Cyrillic for
Russian, the Persian standard layout for Farsi — and the bottom row holds Shift, the few symbols
an address or e-mail needs, Space, Backspace and Enter. The keyboard owns the text being typed; whoever shows it listens to
``text_changed`` and ``submitted``. A physical keyboard (library PCs) feeds the same text through
:meth:`OnScreenKeyboard.handle_key_event`, so both ways of typing behave the same.

Public API (the lesson player and the map search use it)::

    kb = OnScreenKeyboard(language="es")
    kb.text_changed.connect(...); kb.submitted.connect(...)
    kb.text(); kb.clear(); kb.set_text("..."); kb.set_language("ru"); kb.set_scale(1.5)
    kb.press("a")          # same as tapping the key (tests, scripted demos)
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk import languages
from kiosk.i18n import _
from ui.theme import TOUCH_MIN, px

# No registry row is longer than 11 keys (kiosk.languages checks it), so 88 px keys fit a
# 1080 px wide portrait screen.
DIGITS = languages.DIGITS
SYMBOLS = ".@-"
SPACING = 3

# Special keys, by the name :meth:`OnScreenKeyboard.press` accepts.
SHIFT, SPACE, BACKSPACE, ENTER = "shift", "space", "backspace", "enter"
#: Switches between the language's own letters and English letters (web addresses, English
#: names) — shown only for languages whose letters are not the English ones; going back it shows
#: the language's ``letters_label``.
LETTERS = "letters"
#: Letters for a code the registry does not know, and for the switch to English letters.
ENGLISH = languages.BUILT_IN["en"]


class KeyButton(QPushButton):
    """One key. It never takes focus, so typing never pulls focus away from the text shown."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"key_{key}")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)


class OnScreenKeyboard(QWidget):
    """Big keys in the visitor's language; emits the whole text after every key."""

    text_changed = Signal(str)
    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, language: str = "en",
                 max_length: int = 120, scale: float = 1.0) -> None:
        super().__init__(parent)
        self.setObjectName("onScreenKeyboard")
        # Keys keep their physical order in right-to-left languages too (as on a real keyboard).
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self._text = ""
        self._shift = False
        self._language = ""
        self._latin = False
        self._scale = scale
        self.max_length = max_length
        self.keys: dict[str, KeyButton] = {}
        self._rows = QVBoxLayout(self)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(SPACING)
        self._letter_rows: list[QWidget] = []
        self._rows.addWidget(self._row(list(DIGITS)))
        self._letters_at = self._rows.count()
        self._rows.addWidget(self._row([SHIFT, LETTERS, *SYMBOLS, SPACE, BACKSPACE, ENTER]))
        self.set_language(language)
        self.set_scale(scale)

    # -- public API ----------------------------------------------------------------------------
    def text(self) -> str:
        return self._text

    def clear(self) -> None:
        self.set_text("")

    def set_text(self, text: str) -> None:
        text = text[: self.max_length]
        if text != self._text:
            self._text = text
            self.text_changed.emit(text)

    def language(self) -> str:
        return self._language

    def set_language(self, code: str) -> None:
        """Show the letters of ``code`` (English letters for a code the registry lacks).
        The text typed so far stays."""
        if code == self._language:
            return
        self._language = code
        self._latin = False
        self._rebuild_letters()

    def _registry_entry(self) -> languages.Language:
        return languages.LANGUAGES.get(self._language, ENGLISH)

    def _letters(self) -> languages.Language:
        """Whose letters the keys show now: the language's, or English ones after the switch."""
        return ENGLISH if self._latin else self._registry_entry()

    def _rebuild_letters(self) -> None:
        rows = self._letters().keyboard
        for row in self._letter_rows:
            for key in [k for k, b in self.keys.items() if b.parent() is row]:
                del self.keys[key]
            self._rows.removeWidget(row)
            row.deleteLater()
        self._letter_rows = [self._row(list(letters)) for letters in rows]
        for offset, row in enumerate(self._letter_rows):
            self._rows.insertWidget(self._letters_at + offset, row)
        self.retranslate()
        self.set_scale(self._scale)

    def set_scale(self, scale: float) -> None:
        """Key height and lettering follow the text size; width stays at least 88 px."""
        self._scale = scale
        height = max(TOUCH_MIN, int(TOUCH_MIN * (0.6 + 0.4 * scale)))
        # Letters stop growing at 125 % (60 px): a wide Persian letter (ض) at 72 px was wider
        # than its 88 px key on the portrait kiosk, and the keys cannot get wider.
        font = px("title", min(scale, 1.25))
        # Style-sheet sizes win over setMinimumWidth/setFixedHeight and count the content box
        # only: 88 px in all = content + 2 × (2 px padding + 3 px border).
        self.setStyleSheet(
            f"QPushButton {{ padding: 2px; border-width: 3px; font-size: {font}px;"
            f" font-weight: 600; min-width: {TOUCH_MIN - 10}px; min-height: {height - 10}px;"
            f" max-height: {height - 10}px; }}"
            f" QPushButton[special=\"true\"] {{ font-size: {px('small', min(scale, 1.25))}px; }}"
            " QPushButton[selected=\"true\"] { border-width: 7px; }")

    def retranslate(self) -> None:
        # A symbol and the key's name (the lessons name the keys: "tap Backspace").
        # Persian has no capitals: there Shift gives the rarer letters and marks.
        cased = any(ch != ch.upper() for row in self._letters().keyboard for ch in row)
        shift_name = _("Shift: capital letter") if cased else _("Shift: more letters and marks")
        labels = {SHIFT: ("⇧\n" + _("Shift"), shift_name),
                  SPACE: (_("Space"), _("Space")),
                  BACKSPACE: ("⌫\n" + _("Backspace"), _("Backspace: delete the last letter")),
                  ENTER: ("↵\n" + _("Enter"), _("Enter"))}
        for key, (label, name) in labels.items():
            self.keys[key].setText(label)
            self.keys[key].setAccessibleName(name)
        switch = self.keys[LETTERS]
        entry = self._registry_entry()
        has_own = entry.own_letters
        switch.setVisible(has_own)
        switch.setText(entry.letters_label if self._latin else "ABC")
        switch.setAccessibleName(_("Other letters") if not self._latin else _("Letters of my language"))
        # Space gives up a key width to the switch, so the bottom row still fits 1080 px.
        space = self.keys[SPACE]
        space.parentWidget().layout().setStretchFactor(space, 2 if has_own else 3)
        self._show_case()

    def press(self, key: str) -> None:
        """Do what tapping ``key`` does: a character, or one of shift/space/backspace/enter."""
        if key == SHIFT:
            self._shift = not self._shift
            self._show_case()
        elif key == LETTERS:
            self._latin = not self._latin
            self._rebuild_letters()  # (retranslates: Shift's name follows the letters shown)
        elif key == SPACE:
            self._type(" ")
        elif key == BACKSPACE:
            self.set_text(self._text[:-1])
        elif key == ENTER:
            self.submitted.emit(self._text)
        else:
            self._type(self._letters().shift(key) if self._shift else key)
            if self._shift:
                self._shift = False
                self._show_case()

    def handle_key_event(self, event: QKeyEvent) -> bool:
        """Type from a physical keyboard; True when the key was used."""
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.press(ENTER)
        elif key == Qt.Key.Key_Backspace:
            self.press(BACKSPACE)
        elif event.text() and event.text().isprintable():
            self._type(event.text())
        else:
            return False
        return True

    def key_button(self, key: str) -> KeyButton:
        """The button for ``key`` (a lower-case character or a special key name)."""
        return self.keys[key]

    # -- inside ---------------------------------------------------------------------------------
    def _type(self, chars: str) -> None:
        self.set_text(self._text + chars)

    def _row(self, keys: list[str]) -> QWidget:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING)
        for key in keys:
            button = KeyButton(key, row)
            button.setProperty("special", key in (SHIFT, LETTERS, SPACE, BACKSPACE, ENTER))
            if len(key) == 1:
                button.setText(key)
                button.setAccessibleName(key)
            button.clicked.connect(lambda _checked=False, k=key: self.press(k))
            layout.addWidget(button, _width_units(key))
            self.keys[key] = button
        return row

    def _show_case(self) -> None:
        letters = self._letters()
        for row in letters.keyboard:
            for key in row:
                shown = letters.shift(key) if self._shift else key
                self.keys[key].setText(shown)
                self.keys[key].setAccessibleName(shown)
        shift = self.keys[SHIFT]
        shift.setProperty("selected", self._shift)
        shift.setAccessibleDescription(_("On") if self._shift else _("Off"))
        shift.style().unpolish(shift)
        shift.style().polish(shift)


def _width_units(key: str) -> int:
    """How many ordinary key widths a key takes (Space, Enter and Backspace are wider)."""
    return {SPACE: 3, ENTER: 2, BACKSPACE: 2, SHIFT: 1, LETTERS: 1}.get(key, 1)
