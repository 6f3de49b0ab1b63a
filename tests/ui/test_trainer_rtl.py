"""The class grid in Farsi (right to left): it mirrors as a whole — names on the right, the first
lesson beside them and in full view even at 200 % text, each cell's shape on its right with the
number to its left — and a Latin name keeps its full stop at its end."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from test_trainer import _strict_threads, seed_class, store, trainer_window  # noqa: F401

from ui.screens.trainer.grid import name_shown
from ui_support import button, settle, tap


def shape_side(table, row: int, column: int, color: str) -> float:
    """Where the cell's status shape is drawn: its mean x as a share of the cell's width."""
    rect = table.visualRect(table.model().index(row, column))
    image = table.viewport().grab(rect).toImage()
    want = QColor(color)
    xs = [x for x in range(image.width()) for y in range(image.height())
          if abs(QColor(image.pixel(x, y)).green() - want.green()) < 12
          and abs(QColor(image.pixel(x, y)).red() - want.red()) < 12
          and abs(QColor(image.pixel(x, y)).blue() - want.blue()) < 12]
    assert xs, "no shape drawn"
    return sum(xs) / len(xs) / image.width()


@pytest.mark.parametrize("lang, scale", [("fa", 1.0), ("fa", 2.0), ("en", 2.0)])
def test_the_grid_mirrors_right_to_left_and_opens_at_its_first_lesson(
        qtbot, make_window, lib_cfg, store, lang, scale) -> None:
    tuesday, _learners = seed_class(store)
    window = trainer_window(qtbot, make_window, lib_cfg, store)
    window.resize(1920, 1080)
    window.ctx.session.set_language(lang)
    window.ctx.session.set_text_scale(scale)
    tap(qtbot, button(window, f"trainer_class_{tuesday.id}"))
    settle(window)
    table = window.current_screen.table
    rtl = lang == "fa"
    assert table.isRightToLeft() is rtl
    header = table.horizontalHeader()
    start = header.sectionViewportPosition(0)
    # The first lesson is wholly in view, on the names' side.
    assert 0 <= start and start + header.sectionSize(0) <= table.viewport().width()
    if rtl:
        assert start + header.sectionSize(0) == table.viewport().width()
        assert table.verticalHeader().x() > table.viewport().x()  # the names on the right
    # Dan completed the first lesson: the tick leads the cell on the reading side.
    side = shape_side(table, 3, 0, window.ctx.palette.good)
    assert (side > 0.6) if rtl else (side < 0.4)
    name = table.verticalHeaderItem(0)
    assert name.text().rstrip("\u200e\u200f") == "Ana A."


def test_a_name_keeps_its_full_stop_at_its_own_end() -> None:
    assert name_shown("Ana A.") == "Ana A.\u200e"  # left to right, also on a Farsi page
    assert name_shown("مریم ک.") == "مریم ک.\u200f"  # right to left, also on an English page
    assert name_shown("...") == "..."
