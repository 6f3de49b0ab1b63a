"""A finger dragged over a list scrolls it (QScroller), taps still reach the cards, and the lesson
player — whose practice pads take drags themselves — does not flick."""
from __future__ import annotations

from PySide6.QtCore import QPoint
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
