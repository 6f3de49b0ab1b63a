"""Home at 200 % text: all three choices in sight without scrolling, in every language, on the
portrait street kiosk and the landscape library PC (issue 14, item 5)."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt

from kiosk import config
from test_lessons_player import lesson_screens


@pytest.mark.parametrize("profile", ["street", "library"])
@pytest.mark.parametrize("language", ["en", "es", "ru", "fa"])
def test_all_three_choices_show_at_200_percent(qtbot, clock, profile, language) -> None:
    from ui.app import build_window

    cfg = config.load(environ={"KIOSK_PROFILE": profile})
    _ctx, window = build_window(cfg, clock=clock, screens=lesson_screens())
    qtbot.addWidget(window)
    window.resize(*cfg.screen_size)
    window.show()
    qtbot.waitExposed(window)
    try:
        session = window.ctx.session
        session.activity()
        session.set_language(language)
        for _ in range(4):  # A+ four times, as a visitor would
            qtbot.mouseClick(window.controls.bigger, Qt.MouseButton.LeftButton)
        assert session.text_scale == 2.0
        home = window.screens["home"]
        viewport = home.scroll.viewport()
        qtbot.waitUntil(lambda: home.scroll.verticalScrollBar().maximum() == 0)
        for name, tile in home.tiles.items():
            box = QRect(tile.mapTo(viewport, QPoint(0, 0)), tile.size())
            assert viewport.rect().contains(box), f"{name} is out of sight"
            title = tile.title_label
            assert title.width() >= title.minimumSizeHint().width(), f"{name}: title cut"
        # and the third choice takes a real tap where it is drawn
        tile = home.tiles["chargers"]
        with qtbot.waitSignal(tile.clicked, timeout=2000):
            qtbot.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton,
                             pos=tile.mapTo(window, tile.rect().center()))
    finally:
        window.stop()


@pytest.fixture
def lessons_window(qtbot, clock):
    from ui.app import build_window

    cfg = config.load(environ={})
    _ctx, window = build_window(cfg, clock=clock, screens=lesson_screens())
    qtbot.addWidget(window)
    window.resize(*cfg.screen_size)
    window.show()
    qtbot.waitExposed(window)
    assert window.ctx.tasks.wait_idle()
    yield window
    window.stop()


def test_read_to_me_is_on_home_and_help_and_looks_the_same_as_in_a_lesson(qtbot, lessons_window) -> None:
    from ui.widgets.buttons import ReadAloudButton

    window = lessons_window
    session, speaker = window.ctx.session, window.ctx.speaker
    session.activity()
    session.set_language("es")
    home = window.screens["home"]
    button = home.read_aloud
    assert isinstance(button, ReadAloudButton) and button.isVisible()
    assert button.text() and button.text() != "Read to me"  # in the visitor's language
    qtbot.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton,
                     pos=button.mapTo(window, button.rect().center()))
    language, text = speaker.history[-1]
    assert language == "es" and home.heading.text() in text and "Cómo llegar" in text
    qtbot.waitUntil(lambda: speaker.state == "speaking")
    assert button.state == "speaking"  # it now offers Pause
    qtbot.mouseClick(window.controls.help, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: speaker.state == "idle")  # leaving the page stops its reading
    help_page = window.current_screen
    assert help_page.name == "help"
    assert isinstance(help_page.read_aloud, ReadAloudButton) and help_page.read_aloud.isVisible()
    assert help_page.read_aloud.state == "idle"
    qtbot.mouseClick(help_page.read_aloud, Qt.MouseButton.LeftButton)
    assert help_page.paragraphs[0].text() in speaker.history[-1][1]
    player = window.screens["lesson"]
    assert type(player.read) is type(help_page.read_aloud) is type(button)
    assert player.read.icon().cacheKey() and button.icon().cacheKey()  # a drawn speaker, no emoji
    assert "🔊" not in player.read.text()


def test_read_to_me_hides_where_speech_cannot_work(qtbot, lessons_window) -> None:
    window = lessons_window
    speaker = window.ctx.speaker
    speaker._backend = None  # as on a kiosk without espeak-ng or a sound card
    window.ctx.session.activity()
    window.ctx.session.set_language("ru")
    assert not window.screens["home"].read_aloud.isVisible()
    window.ctx.session.open("help")
    assert not window.screens["help"].read_aloud.isVisible()
