"""Languages as a visitor meets them: a language added as content appears in the language bar and
the keyboard; Farsi pages read from the right — the Back arrow points right and text that starts
with Latin letters (names, addresses, "A+") still sits on the right."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout

from kiosk import config, i18n
from language_support import CODE, content_with_language
from ui_support import tap

SOURCE_TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


@pytest.fixture
def restore_translations():
    yield
    i18n.set_translations_dir(SOURCE_TRANSLATIONS)
    i18n.set_language("en")


def test_a_language_added_as_content_is_in_the_bar_the_words_and_the_keyboard(
        qtbot, make_window, tmp_path, restore_translations) -> None:
    content = content_with_language(tmp_path)
    cfg = config.load(environ={}).replace("paths", content_dir=str(content))
    cfg = cfg.replace("kiosk", languages=("en", "es", CODE))  # config validation accepts it
    window = make_window(cfg)
    window.ctx.session.activity()
    button = window.controls.language_buttons[CODE]
    assert button.isVisible() and button.text() == "Kioskerén"
    tap(qtbot, button)
    assert window.controls.home.text() == "Տուն" and window.controls.back.text() == "Ետ"
    assert button.property("selected") is True
    window.ctx.session.open("map", panel="search")
    keyboard = window.screens["map"].keyboard
    qtbot.waitUntil(lambda: "ա" in keyboard.keys and keyboard.key_button("ա").isVisible())
    tap(qtbot, keyboard.key_button("ա"))
    assert keyboard.text() == "ա"


def _ink_centre(image: QImage) -> float:
    """Where the drawn pixels of an icon sit, from 0 (left edge) to 1 (right edge)."""
    total = weighted = 0
    for x in range(image.width()):
        for y in range(image.height()):
            alpha = image.pixelColor(x, y).alpha()
            total += alpha
            weighted += alpha * x
    return weighted / total / image.width()


def test_back_arrow_points_the_way_the_language_reads(qtbot, window, restore_translations) -> None:
    window.ctx.session.activity()
    back = window.controls.back

    def arrow_head_side() -> float:
        return _ink_centre(back.icon().pixmap(back.iconSize()).toImage())

    assert arrow_head_side() < 0.5  # ← : its head (most of its ink) on the left
    tap(qtbot, window.controls.language_buttons["fa"])
    assert arrow_head_side() > 0.5  # → in Farsi
    tap(qtbot, window.controls.language_buttons["en"])
    assert arrow_head_side() < 0.5


def _ink_span(label: QLabel) -> tuple[int, int]:
    """The leftmost and rightmost columns where ``label`` drew its text."""
    image = label.grab().toImage()
    background = image.pixelColor(0, 0)
    columns = [x for x in range(image.width())
               if any(image.pixelColor(x, y) != background for y in range(image.height()))]
    return columns[0], columns[-1]


def test_latin_text_on_a_farsi_page_sits_on_the_right(qtbot, window, restore_translations) -> None:
    from ui.screens.base import follow_direction

    window.ctx.session.activity()
    tap(qtbot, window.controls.help)
    page = window.screens["help"]
    address = QLabel("Plummer Park, 7377 Santa Monica Blvd")  # data: a name and an address
    centred = QLabel("WeHo")
    centred.setAlignment(Qt.AlignmentFlag.AlignCenter)
    holder = page.findChild(QVBoxLayout) or page.layout()
    for label in (address, centred):
        holder.addWidget(label)
    follow_direction(page)
    qtbot.waitUntil(address.isVisible)
    left, right = _ink_span(address)
    assert left < address.width() // 3  # English page: from the left edge
    tap(qtbot, window.controls.language_buttons["fa"])
    QApplication.processEvents()
    left, right = _ink_span(address)
    assert right > address.width() * 2 // 3 and left > address.width() // 4
    c_left, c_right = _ink_span(centred)
    assert abs((c_left + c_right) / 2 - centred.width() / 2) < centred.width() / 10  # still centred
    # A translated sentence starting with "A+" reads right to left, from the right edge.
    line = next(label for label in page.findChildren(QLabel) if "A+" in label.text())
    assert line.text().startswith(i18n.RLM)
    assert _ink_span(line)[1] > line.width() * 9 // 10
    tap(qtbot, window.controls.language_buttons["en"])
    QApplication.processEvents()
    assert _ink_span(address)[0] < address.width() // 3


def test_at_200_percent_the_bar_with_four_languages_keeps_to_two_rows(qtbot, window) -> None:
    """The bar's words stop growing at 150 %, so at 200 % it leaves the screen its room."""
    window.ctx.session.activity()
    assert set(window.controls.language_buttons) == {"en", "es", "ru", "fa"}  # the demo offers all
    normal = window.controls.back.fontInfo().pixelSize()
    for language in ("ru", "fa"):
        tap(qtbot, window.controls.language_buttons[language])
        while window.controls.bigger.isEnabled():
            tap(qtbot, window.controls.bigger)
        QApplication.processEvents()
        buttons = [b for b in window.controls.findChildren(type(window.controls.back)) if b.isVisible()]
        assert len(buttons) == 9  # Back, Home, four languages, A−, A+, Help
        rows = {b.mapTo(window.controls, b.rect().topLeft()).y() for b in buttons}
        assert len(rows) == 2, language
        assert window.controls.back.fontInfo().pixelSize() >= 1.4 * normal  # still bigger
        while window.controls.smaller.isEnabled():
            tap(qtbot, window.controls.smaller)
