"""A big number pad for codes and PINs: digits 0–9, Delete and OK, with the typed digits shown
as dots.

Keys are at least 88 px each way (they grow with the text size) and the three columns are always
equally wide — as wide as the longest of "Delete" and "OK" in the visitor's language — so a
finger finds every key where it was. Pages showing a pad put their message on a reserved line
under it (:func:`reserve_message_line`), so "That code is not right" never moves the digits. A physical keyboard works too
on library PCs: digits, Backspace and Enter do what the keys on screen do. The digits typed live in
a Qt-free :class:`kiosk.progress.signin.CodeEntry` (the page's view model passes its own), so
redrawing the pad — a new language, a new text size — never loses them; whoever shows the pad
listens to ``submitted`` (OK, or Enter) and ``changed``.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.i18n import _
from kiosk.progress.signin import DELETE, OK, CodeEntry
from ui.theme import TOUCH_MIN, px
from ui.widgets.buttons import BigButton

#: The widest a column may be: three of them and their gaps fit a portrait page (1080 px less
#: its margins and scroll bar) at any text size.
MAX_COLUMN = 300
#: Rows of the pad, as on a phone: 1 2 3 at the top, Delete 0 OK at the bottom.
ROWS = (("1", "2", "3"), ("4", "5", "6"), ("7", "8", "9"), (DELETE, "0", OK))


class NumPad(QWidget):
    """Enter ``length`` digits (or ``min_length``…``max_length`` for a PIN) and press OK."""

    changed = Signal(str)
    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, min_length: int = 4,
                 max_length: int = 4, entry: CodeEntry | None = None) -> None:
        super().__init__(parent)
        self.entry = entry if entry is not None else CodeEntry(min_length, max_length)
        self.min_length = self.entry.min_length
        self.max_length = self.entry.max_length
        self.entry.subscribe(self._on_entry_changed)
        self._scale = 1.0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(20)
        self.display = QLabel()
        self.display.setObjectName("numpad_display")
        self.display.setProperty("role", "display")
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.display)
        grid = QGridLayout()
        grid.setSpacing(14)
        self.keys: dict[str, BigButton] = {}
        for r, row in enumerate(ROWS):
            for c, key in enumerate(row):
                button = BigButton(role="primary" if key == OK else "")
                button.setObjectName(f"numpad_{key}")
                button.clicked.connect(lambda _checked=False, k=key: self.press(k))
                grid.addWidget(button, r, c)
                self.keys[key] = button
        for column in range(3):
            grid.setColumnStretch(column, 1)
        layout.addLayout(grid)
        self.retranslate()

    # -- the code being typed ------------------------------------------------------------------
    def value(self) -> str:
        return self.entry.value

    def clear(self) -> None:
        self.entry.clear()

    def press(self, key: str) -> None:
        """Same as tapping a key (``"0"``…``"9"``, ``DELETE``, ``OK``)."""
        before = self.entry.value
        code = self.entry.press(key)
        if code is not None:
            self.submitted.emit(code)
        elif self.entry.value != before:
            self.changed.emit(self.entry.value)

    def _on_entry_changed(self) -> None:
        self._update()

    def _update(self) -> None:
        was_enabled = self.isEnabled()
        self.setEnabled(self.entry.enabled)
        if self.entry.enabled and not was_enabled and self.isVisible():
            # Ready again (the learner's name arrived, a wrong code was checked): a library PC's
            # keyboard types into the pad without a click first.
            self.setFocus()
        self.display.setText(self.entry.dots())
        self.display.setAccessibleName(self.entry.spoken())
        self.keys[OK].setEnabled(self.entry.complete)

    # -- look ------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setAccessibleName(_("Number pad"))
        for key, button in self.keys.items():
            if key == DELETE:
                button.setText("⌫ " + _("Delete"))
                button.setAccessibleName(_("Delete"))
                button.setToolTip(_("Delete"))
            elif key == OK:
                button.setText(_("OK"))
            else:
                button.setText(key)
        self._update()
        self.restyle()

    def restyle(self, scale: float | None = None) -> None:
        self._scale = self._scale if scale is None else scale
        scale = self._scale
        side = max(TOUCH_MIN, int(round(104 * scale)))
        font = QFont(self.keys[DELETE].font())
        font.setPixelSize(px("button", scale))
        font.setWeight(QFont.Weight.Bold)
        metrics = QFontMetrics(font)
        digit = max(TOUCH_MIN, int(side * 1.2))
        # One width for every column (a wider Delete column would shift the digits above it), as
        # wide as "⌫ Delete" and "OK" in the visitor's language but never wider than a third of a
        # portrait page; where the word would not fit, the key shows "⌫" alone (its accessible
        # name and tooltip still say "Delete").
        words = "⌫ " + _("Delete")
        wanted = max(metrics.horizontalAdvance(text) + 64 for text in (words, self.keys[OK].text()))
        width = max(digit, min(wanted, MAX_COLUMN))
        self.keys[DELETE].setText(words if metrics.horizontalAdvance(words) + 64 <= width else "⌫")
        for key, button in self.keys.items():
            # The style sheet's own min-width would win over setMinimumSize, so say it there.
            size = px("title" if key.isdigit() else "button", scale)
            button.setStyleSheet(f"font-size: {size}px; min-width: {width - 54}px; "
                                 f"max-width: {width - 54}px; min-height: {side - 30}px; "
                                 f"max-height: {side - 30}px;")
        self.updateGeometry()

    # -- physical keyboard -------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        text = event.text()
        if text and text.isdigit() and text.isascii():
            self.press(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self.press(DELETE)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.press(OK)
        else:
            super().keyPressEvent(event)


def reserve_message_line(label: QLabel, lines: int = 2) -> None:
    """Keep room for a message of ``lines`` lines whether or not one is shown, so showing one
    never moves what is below or beside it (call again after a text-size change)."""
    label.ensurePolished()
    label.setMinimumHeight(label.fontMetrics().lineSpacing() * lines + 8)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.show()
