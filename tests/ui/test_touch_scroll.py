"""A finger dragged over a list scrolls it (QScroller), taps still reach the cards, and the lesson
player — whose practice pads take drags themselves — does not flick."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScroller

from ui.screens.lessons import LessonPlayerScreen


def touch(window, device):
    """Touch events as the window system delivers them: to the window, routed by Qt."""
    return QTest.touchEvent(window.windowHandle(), device)


def drag(qtbot, window, device, start: QPoint, end: QPoint, steps: int = 12) -> None:
    touch(window, device).press(0, start).commit()
    qtbot.wait(20)
    for n in range(1, steps + 1):
        touch(window, device).move(0, start + (end - start) * n / steps).commit()
        qtbot.wait(16)
    touch(window, device).release(0, end).commit()


def test_a_finger_drag_scrolls_the_lesson_list_and_a_tap_still_opens_a_lesson(qtbot, window) -> None:
    device = QTest.createTouchDevice()
    window.ctx.session.activity()
    window.ctx.session.open("lessons")
    catalog = window.current_screen
    bar = catalog.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    viewport = catalog.scroll.viewport()
    x = viewport.width() // 2
    drag(qtbot, window, device, viewport.mapTo(window, QPoint(x, viewport.height() - 40)),
         viewport.mapTo(window, QPoint(x, 40)))
    qtbot.waitUntil(lambda: bar.value() > 0)
    qtbot.waitUntil(lambda: QScroller.scroller(viewport).state() == QScroller.State.Inactive, timeout=5000)
    assert window.current_screen is catalog  # a drag is not a tap
    card = next(c for c in catalog.cards.values() if c.isVisible()
                and viewport.rect().contains(c.mapTo(viewport, c.rect().center())))
    centre = card.mapTo(window, card.rect().center())
    touch(window, device).press(0, centre).commit()
    qtbot.wait(30)
    touch(window, device).release(0, centre).commit()
    qtbot.waitUntil(lambda: window.current_screen.name == "lesson")
    player = window.current_screen
    assert isinstance(player, LessonPlayerScreen)
    assert not QScroller.hasScroller(player.scroll.viewport())  # practice pads keep their drags


def mouse_drag(qtbot, window, start: QPoint, end: QPoint, steps: int = 12) -> None:
    """A drag as a touch panel that presents itself as a mouse sends it: press, moves, release."""
    handle = window.windowHandle()
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    qtbot.wait(20)
    for n in range(1, steps + 1):
        QTest.mouseMove(handle, start + (end - start) * n / steps)
        qtbot.wait(16)
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


@pytest.mark.parametrize("screen", ["lessons", "help"])
def test_a_mouse_drag_scrolls_a_list_and_a_click_still_opens_a_card(qtbot, window, screen) -> None:
    window.ctx.session.activity()
    window.ctx.session.set_text_scale(2.0)  # Help scrolls only with big text
    window.ctx.session.open(screen)
    page = window.current_screen
    scroll = page.scroll if screen == "lessons" else page.body_scroll
    bar = scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    viewport = scroll.viewport()
    x = viewport.width() // 3
    mouse_drag(qtbot, window, viewport.mapTo(window, QPoint(x, viewport.height() - 40)),
               viewport.mapTo(window, QPoint(x, 40)))
    qtbot.waitUntil(lambda: bar.value() > 0)
    qtbot.waitUntil(lambda: QScroller.scroller(viewport).state() == QScroller.State.Inactive, timeout=5000)
    assert window.current_screen is page  # a drag is not a click
    if screen != "lessons":
        return
    card = next(c for c in page.cards.values() if c.isVisible()
                and viewport.rect().contains(c.mapTo(viewport, c.rect().center())))
    qtbot.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton,
                     pos=card.mapTo(window, card.rect().center()))
    qtbot.waitUntil(lambda: window.current_screen.name == "lesson")
