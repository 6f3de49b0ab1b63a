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
