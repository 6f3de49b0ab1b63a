"""The shell as a visitor meets it: attract → Home → each feature → Back, languages, text size,
the idle warning and the wipe, and the lockdown."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton

from kiosk import config
from kiosk.session import State
from ui_support import tap


def test_starts_on_attract_and_any_touch_opens_home(qtbot, window) -> None:
    assert window.current_screen.name == "attract"
    assert not window.controls.isVisible()
    qtbot.mouseClick(window.screens["attract"], Qt.MouseButton.LeftButton, pos=QPoint(500, 900))
    assert window.current_screen.name == "home"
    assert window.controls.isVisible()


def test_attract_cycles_through_the_three_languages(qtbot, window) -> None:
    attract = window.screens["attract"]
    seen = []
    for _ in range(3):
        seen.append(attract.invite.text())
        attract.show_next_language()
    assert seen == ["Touch to start", "Toque para empezar", "Коснитесь, чтобы начать"]


@pytest.mark.parametrize("tile", ["lessons", "map", "chargers"])
def test_each_tile_opens_a_real_screen_and_back_returns_home(qtbot, window, tile) -> None:
    window.ctx.session.activity()
    home = window.screens["home"]
    tap(qtbot, home.tiles[tile])
    screen = window.current_screen
    assert screen.name == tile
    assert screen.title()  # never a blank page
    texts = " ".join(label.text() for label in screen.findChildren(type(home.heading)) if label.isVisible())
    assert len(texts) > 20
    tap(qtbot, window.controls.back)
    assert window.current_screen.name == "home"
    assert not window.controls.back.isEnabled()


def test_home_button_from_deep_navigation(qtbot, window) -> None:
    session = window.ctx.session
    session.activity()
    tap(qtbot, window.screens["home"].tiles["map"])
    tap(qtbot, window.controls.help)
    assert window.current_screen.name == "help"
    tap(qtbot, window.controls.home)
    assert window.current_screen.name == "home"
    assert session.navigation.stack == [("home", {})]


def test_language_switch_is_live_on_every_screen(qtbot, window) -> None:
    window.ctx.session.activity()
    tap(qtbot, window.controls.language_buttons["es"])
    home = window.screens["home"]
    assert home.tiles["map"].title_label.text() == "Cómo llegar"
    assert window.controls.home.text() == "Inicio"
    assert window.screens["help"].heading.text() != "How to use this kiosk"  # hidden screens too
    tap(qtbot, window.controls.language_buttons["ru"])
    assert window.controls.back.text() == "Назад"
    assert home.tiles["lessons"].title_label.text() == "Учиться"
    assert window.controls.language_buttons["ru"].property("selected") is True
    assert window.controls.language_buttons["en"].property("selected") is False


def test_text_size_grows_every_font_and_a_minus_shrinks_it(qtbot, window) -> None:
    window.ctx.session.activity()
    title = window.screens["home"].heading
    before = title.fontInfo().pixelSize()
    tap(qtbot, window.controls.bigger)
    tap(qtbot, window.controls.bigger)
    tap(qtbot, window.controls.bigger)
    tap(qtbot, window.controls.bigger)
    assert window.ctx.session.text_scale == 2.0
    assert not window.controls.bigger.isEnabled()
    assert title.fontInfo().pixelSize() >= 2 * before - 1
    tap(qtbot, window.controls.smaller)
    assert title.fontInfo().pixelSize() < 2 * before - 1


def test_idle_warning_counts_down_and_wipes(qtbot, window, clock) -> None:
    session = window.ctx.session
    session.activity()
    tap(qtbot, window.controls.language_buttons["ru"])
    tap(qtbot, window.controls.bigger)
    tap(qtbot, window.screens["home"].tiles["map"])
    clock.advance(window.ctx.config.kiosk.idle_seconds)
    qtbot.waitUntil(lambda: window.overlay.isVisible())
    assert session.state is State.WARNING
    assert "30" in window.overlay.countdown.text()
    clock.advance(10)
    qtbot.waitUntil(lambda: "20" in window.overlay.countdown.text())
    clock.advance(20)
    qtbot.waitUntil(lambda: window.current_screen.name == "attract")
    assert not window.overlay.isVisible()
    assert session.language == "en" and session.text_scale == 1.0
    assert session.navigation.stack == [("home", {})]
    assert window.controls.home.text() == "Home"


def test_still_here_keeps_the_visitor_where_they_were(qtbot, window, clock) -> None:
    session = window.ctx.session
    session.activity()
    tap(qtbot, window.screens["home"].tiles["chargers"])
    clock.advance(window.ctx.config.kiosk.idle_seconds + 1)
    qtbot.waitUntil(lambda: window.overlay.isVisible())
    tap(qtbot, window.overlay.button)
    assert not window.overlay.isVisible()
    assert window.current_screen.name == "chargers"
    assert session.state is State.ACTIVE


@pytest.mark.parametrize("key, mods", [
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
])
def test_exit_keys_are_swallowed(window, key, mods) -> None:
    event = QKeyEvent(QEvent.Type.KeyPress, key, mods)
    assert window.input_filter.eventFilter(window, event) is True
    other = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)
    assert window.input_filter.eventFilter(window, other) is False


def test_window_close_and_context_menus_are_refused(qtbot, window) -> None:
    assert window.close() is False
    assert window.isVisible()
    menu = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(10, 10), QPoint(10, 10))
    assert window.input_filter.eventFilter(window, menu) is True


def shell_only():
    """The shell's own screens, without feature modules (to test the shell's fallbacks)."""
    from ui.screens.attract import AttractScreen
    from ui.screens.home import HomeScreen
    from ui.screens.info import HelpScreen, OneMomentScreen
    return [AttractScreen, HomeScreen, HelpScreen, OneMomentScreen]


def hold_corner(qtbot, window) -> None:
    window.corner.timer.setInterval(20)
    qtbot.mousePress(window.corner, Qt.MouseButton.LeftButton)


def test_technician_hold_asks_for_the_trainer_pin(qtbot, make_window) -> None:
    kiosk_window = make_window()
    hold_corner(qtbot, kiosk_window)
    qtbot.waitUntil(lambda: kiosk_window.current_screen.name == "trainer_pin")


def test_without_trainer_mode_the_hold_confirms_only_when_windowed(qtbot, make_window) -> None:
    kiosk_window = make_window(screens=shell_only())
    hold_corner(qtbot, kiosk_window)
    qtbot.wait(60)
    assert not kiosk_window.confirm_exit.isVisible()
    dev_window = make_window(windowed=True, screens=shell_only())
    hold_corner(qtbot, dev_window)
    qtbot.waitUntil(dev_window.confirm_exit.isVisible)
    tap(qtbot, dev_window.confirm_exit.stay)
    assert not dev_window.confirm_exit.isVisible()
    assert dev_window.isVisible()


def test_short_press_on_the_corner_does_nothing(qtbot, make_window) -> None:
    dev_window = make_window(windowed=True, screens=shell_only())
    dev_window.corner.timer.setInterval(200)
    qtbot.mousePress(dev_window.corner, Qt.MouseButton.LeftButton)
    qtbot.mouseRelease(dev_window.corner, Qt.MouseButton.LeftButton)
    qtbot.wait(250)
    assert not dev_window.confirm_exit.isVisible()


def test_an_error_shows_one_moment_then_returns_home(qtbot, window) -> None:
    window.ctx.session.activity()
    window.screens["oops"].timer.setInterval(30)
    window.error_signal.emit()
    qtbot.waitUntil(lambda: window.current_screen.name == "oops")
    assert window.current_screen.heading.text() == "One moment…"
    qtbot.waitUntil(lambda: window.current_screen.name == "home")


def test_library_profile_is_landscape_with_tiles_in_a_row(qtbot, make_window) -> None:
    cfg = config.load(environ={"KIOSK_PROFILE": "library"})
    lib = make_window(cfg)
    lib.ctx.session.activity()
    tiles = lib.screens["home"].tiles
    assert lib.width() > lib.height()
    assert tiles["lessons"].y() == tiles["map"].y() == tiles["chargers"].y()
    assert tiles["lessons"].x() < tiles["map"].x() < tiles["chargers"].x()


def test_every_button_is_big_and_named(qtbot, window) -> None:
    window.ctx.session.activity()
    for screen in ("home", "help", "lessons"):
        window.ctx.session.open(screen)
        for button in window.findChildren(QPushButton):
            if not button.isVisible():
                continue
            assert button.width() >= 44 and button.height() >= 44, button.objectName()
            assert button.accessibleName(), button.objectName()


def test_garbage_collection_runs_only_on_the_ui_thread(qtbot, window) -> None:
    """Worker threads must never collect Qt objects (that crashes Qt): the collector is off and
    a UI-thread timer collects instead."""
    import gc

    from ui.gcguard import MainThreadCollector

    assert not gc.isenabled()
    collector = QApplication.instance().findChild(MainThreadCollector)
    assert collector is not None and collector.timer.isActive()
    garbage = []
    garbage.append(garbage)  # a cycle only the collector can free
    del garbage
    before = gc.get_count()[0]
    for _ in range(collector.thresholds[0] + 10):
        [[]]  # noqa: B018 - allocations push generation 0 over its threshold
        cycle = {}
        cycle["self"] = cycle
    assert gc.get_count()[0] > before
    qtbot.waitUntil(lambda: gc.get_count()[0] < collector.thresholds[0], timeout=3000)


def test_a_worker_thread_making_garbage_never_collects(qtbot, window) -> None:
    """Garbage made by a worker (a task of ui.tasks) is collected later on the UI thread, never
    on the worker, where freeing Qt objects crashes Qt."""
    import gc
    import threading

    from ui.gcguard import MainThreadCollector

    collector = QApplication.instance().findChild(MainThreadCollector)
    threads: list[int] = []

    def seen(phase: str, info: dict) -> None:
        if phase == "start":
            threads.append(threading.get_ident())

    def make_cycles() -> None:
        for _ in range(collector.thresholds[0] * 5):
            cycle = {}
            cycle["self"] = cycle

    gc.callbacks.append(seen)
    try:
        worker = threading.Thread(target=make_cycles)
        worker.start()
        worker.join()
        assert worker.ident not in threads  # the worker never ran a collection
        qtbot.waitUntil(lambda: bool(threads), timeout=10_000)  # the UI thread did, on its timer
        assert set(threads) == {threading.main_thread().ident}
    finally:
        gc.callbacks.remove(seen)


def test_the_wipe_collects_everything_even_what_a_freeze_kept(qtbot, window, clock) -> None:
    """Frozen objects skip the collector while visitors wait; the wipe (nobody there) frees
    any cycle a freeze kept, so nothing piles up over weeks."""
    import gc
    import weakref

    class Node:
        pass

    node = Node()
    node.self = node  # a cycle: only the collector can free it
    alive = weakref.ref(node)
    gc.freeze()
    del node
    gc.collect()
    assert alive() is not None  # frozen: the collector does not look at it
    window.ctx.session.activity()
    clock.advance(window.ctx.config.kiosk.idle_seconds)
    qtbot.waitUntil(window.overlay.isVisible)
    clock.advance(window.ctx.config.kiosk.warning_seconds)
    qtbot.waitUntil(lambda: window.current_screen.name == "attract")
    assert alive() is None


def test_qt_own_strings_follow_the_language(qtbot, window) -> None:
    from PySide6.QtCore import QCoreApplication

    window.ctx.session.activity()
    tap(qtbot, window.controls.language_buttons["ru"])
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Отмена"
    tap(qtbot, window.controls.language_buttons["es"])
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"
    tap(qtbot, window.controls.language_buttons["en"])
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
