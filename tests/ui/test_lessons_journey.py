"""A senior's lesson journey (issue 14): help in sight after three misses, words that match the
screen, Previous step / Next step that cannot be mistaken for the shell's Back, and a certificate
that can be taken away. Input goes through the real window, as a visitor's would."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication

from kiosk import config
from kiosk.lessons import PracticeStep
from test_lessons_player import lesson_screens


def build(qtbot, clock, profile: str, scale: float = 1.0, language: str = "en"):
    from ui.app import build_window

    cfg = config.load(environ={"KIOSK_PROFILE": profile})
    _ctx, window = build_window(cfg, clock=clock, screens=lesson_screens())
    qtbot.addWidget(window)
    window.resize(*cfg.screen_size)
    window.show()
    qtbot.waitExposed(window)
    assert window.ctx.tasks.wait_idle()
    session = window.ctx.session
    session.activity()
    session.set_language(language)
    session.set_text_scale(scale)
    return window


@pytest.fixture
def kiosk(qtbot, clock):
    windows = []

    def _make(profile: str = "library", scale: float = 1.0, language: str = "en"):
        window = build(qtbot, clock, profile, scale, language)
        windows.append(window)
        return window

    yield _make
    for window in windows:
        window.stop()


def open_gesture(window, lesson_id: str, kind: str):
    session = window.ctx.session
    player = window.screens["lesson"]
    lesson = player.library.get(lesson_id)
    index = next(i for i, s in enumerate(lesson.steps)
                 if isinstance(s, PracticeStep) and s.gesture.kind == kind)
    session.open("lessons")
    session.open("lesson", id=lesson_id, step=index + 1)
    QApplication.processEvents()
    return player


def click_window(qtbot, window, widget, pos: QPoint) -> None:
    """A click delivered to the window at the widget's spot (Qt routes it, as for a finger)."""
    qtbot.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, pos=widget.mapTo(window, pos))


def on_screen(widget, scroll) -> bool:
    """``widget`` shows whole inside the scroll area's window onto the page."""
    viewport = scroll.viewport()
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize("profile,scale", [("library", 1.0), ("library", 2.0), ("street", 2.0)])
def test_after_three_misses_the_hint_and_skip_are_in_sight(qtbot, kiosk, profile, scale) -> None:
    window = kiosk(profile, scale)
    player = open_gesture(window, "touchscreen-basics", "tap")
    for _ in range(3):
        click_window(qtbot, window, player.pad, QPoint(14, 14))  # beside the button: a miss
    qtbot.waitUntil(lambda: player.skip.isVisible())
    qtbot.waitUntil(lambda: on_screen(player.skip, player.scroll))
    assert on_screen(player.hint, player.scroll), "the hint is cut by the Previous/Next bar"
    # the skip works with a real click where it is shown
    step = player.run.index
    click_window(qtbot, window, player.skip, player.skip.rect().center())
    assert player.run.index == step + 1


def test_the_hint_has_a_drawn_light_bulb_not_an_emoji(qtbot, kiosk) -> None:
    window = kiosk("library")
    player = open_gesture(window, "touchscreen-basics", "tap")
    for _ in range(3):
        click_window(qtbot, window, player.pad, QPoint(14, 14))
    assert player.hint.text().startswith("Hint: ")
    assert "💡" not in player.hint.text()  # a missing emoji font drew an empty box
    image = player.hint.icon.pixmap().toImage()
    warn = window.ctx.palette.warn.lower()
    assert any(image.pixelColor(x, y).name() == warn and image.pixelColor(x, y).alpha() == 255
               for x in range(image.width()) for y in range(image.height()))


@pytest.mark.parametrize("profile", ["street", "library"])
@pytest.mark.parametrize("language", ["ru", "fa"])
def test_the_keyboard_fits_its_panel_at_200_percent(qtbot, kiosk, profile, language) -> None:
    from PySide6.QtGui import QFontMetrics

    window = kiosk(profile, 2.0, language)
    player = open_gesture(window, "keyboard-and-typing", "type")
    keyboard, pad = player.pad.keyboard, player.pad
    viewport = player.scroll.viewport()
    qtbot.waitUntil(lambda: keyboard.width() > 0)
    assert QRect(pad.mapTo(viewport, QPoint(0, 0)), pad.size()).right() <= viewport.width()
    assert keyboard.geometry().right() <= pad.contentsRect().right()
    for key, button in keyboard.keys.items():
        if not button.isVisible():
            continue
        assert button.mapTo(pad, button.rect().topRight()).x() <= pad.width(), key
        widest = max(QFontMetrics(button.font()).horizontalAdvance(line)
                     for line in button.text().split("\n"))
        assert widest <= button.width(), f"{key}: {button.text()!r} is wider than its key"


def colour_count(widget, test) -> int:
    image = widget.grab().toImage()
    return sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
               if test(image.pixelColor(x, y)))


def red(c) -> bool:
    return c.red() > 150 and c.green() < 80 and c.blue() < 80


def test_the_apple_is_an_apple_dragged_into_a_basket(qtbot, kiosk) -> None:
    window = kiosk("street")
    player = open_gesture(window, "touchscreen-basics", "drag_drop")
    pad = player.pad
    assert pad.picture_file("item_picture") and pad.picture_file("destination_picture")
    assert colour_count(pad, red) > 50  # a red apple, not a blue button
    start = pad.item_rect().center().toPoint()
    end = pad.box_rect().center().toPoint()
    handle = window.windowHandle()
    from PySide6.QtTest import QTest
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pad.mapTo(window, start))
    for n in range(1, 11):
        QTest.mouseMove(handle, pad.mapTo(window, start + (end - start) * n / 10))
        qtbot.wait(10)
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pad.mapTo(window, end))
    qtbot.waitUntil(lambda: player.model.solved)
    assert "basket" in player.feedback_box.text.text()


def test_the_zoom_steps_show_a_picture_that_grows(qtbot, kiosk) -> None:
    window = kiosk("library")
    player = open_gesture(window, "touchscreen-basics", "pinch")
    assert "picture" in player.step_text.text()
    pad = player.pad
    assert pad.picture_file("picture")
    green = lambda c: c.green() > 150 and c.red() < 150 and c.blue() < 130  # noqa: E731 - the grass
    before = colour_count(pad, green)
    assert before > 20  # a picture, not a line of tiny text
    qtbot.mouseClick(pad.bigger, Qt.MouseButton.LeftButton)
    assert colour_count(pad, green) > before * 1.5


def open_done(window, lesson_id: str = "email-basics"):
    session = window.ctx.session
    player = window.screens["lesson"]
    lesson = player.library.get(lesson_id)
    session.open("lessons")
    session.open("lesson", id=lesson_id, step=lesson.step_count)
    QApplication.processEvents()
    return player


def test_the_street_certificate_carries_a_completion_code_to_show_a_trainer(qtbot, kiosk) -> None:
    from datetime import date

    from kiosk.lessons.certificate import check_code

    window = kiosk("street")
    player = open_done(window)
    text = player.certificate.text()
    code = player.model.certificate().code
    assert f"Completion code: {code}" in text.replace("\u2011", "-")
    assert check_code(code.lower().replace("-", " "), ["touchscreen-basics", "email-basics"],
                      date.today()) == ("email-basics", date.today())
    assert player.print_button is None  # no printer on a street kiosk: the code is the take-away
    assert on_screen(player.certificate, player.scroll)  # the code is in sight, not below the fold


def test_the_library_prints_or_keeps_a_nameless_pdf_for_staff(qtbot, clock, tmp_path) -> None:
    from kiosk.session import SignedIn
    from ui.app import build_window

    cfg = config.load(environ={"KIOSK_PROFILE": "library", "KIOSK_PATHS_STATE_DIR": str(tmp_path)})
    _ctx, window = build_window(cfg, clock=clock, screens=lesson_screens())
    qtbot.addWidget(window)
    window.resize(*cfg.screen_size)
    window.show()
    qtbot.waitExposed(window)
    try:
        assert window.ctx.tasks.wait_idle()
        window.ctx.session.activity()
        window.ctx.session.sign_in(SignedIn("a1", "Maria Lopez"))
        player = open_done(window)
        assert "Maria" in player.certificate.text()
        button = player.print_button
        player.scroll.ensureWidgetVisible(button)
        QApplication.processEvents()
        click_window(qtbot, window, button, button.rect().center())
        assert window.ctx.tasks.wait_idle()
        qtbot.waitUntil(lambda: "library staff" in player.print_status.text())
        code = player.model.certificate().code
        assert code in player.print_status.text().replace("\u2011", "-")
        kept = list((tmp_path / "certificates").glob("*.pdf"))
        assert len(kept) == 1 and kept[0].read_bytes().startswith(b"%PDF")
        import shutil
        import subprocess
        if shutil.which("pdftotext"):
            words = subprocess.run(["pdftotext", str(kept[0]), "-"], capture_output=True, text=True,
                                   timeout=30).stdout
            assert code in words.replace("\u2011", "-") and "Email" in words
            assert "Maria" not in words  # nothing personal stays on the kiosk
    finally:
        window.stop()


@pytest.mark.parametrize("language", ["ru", "es", "fa"])
def test_previous_step_and_next_step_are_not_cut_at_200_percent(qtbot, kiosk, language) -> None:
    from PySide6.QtGui import QFontMetrics

    window = kiosk("street", 2.0, language)
    player = open_gesture(window, "touchscreen-basics", "tap")
    for button in (player.back, player.next, player.read):
        words = QFontMetrics(button.font()).horizontalAdvance(button.text())
        assert words <= button.width(), f"{button.text()!r} is cut off"
