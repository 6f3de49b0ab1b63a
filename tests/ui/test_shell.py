"""The shell as a visitor meets it: attract → Home → each feature → Back, languages, text size,
the idle warning and the wipe, and the lockdown."""
from __future__ import annotations

import os

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
    window.ctx.session.activity()  # awake: on the attract screen every key only wakes the kiosk
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
    shown = []  # every screen shown, so a busy machine cannot make the test miss the short page
    window.ctx.session.subscribe(lambda _e: shown.append(
        (window.current_screen.name, window.current_screen.heading.text()
         if window.current_screen.name == "oops" else "")))
    window.error_signal.emit()
    qtbot.waitUntil(lambda: ("oops", "One moment…") in shown)
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


def test_first_paint_does_not_wait_for_feature_stacks(tmp_path):
    """`kiosk run` builds the attract screen and Home first; SQLAlchemy, requests and the map
    and charger stacks load only after the first paint (a fresh process shows it)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from kiosk import config\n"
        "from ui.app import build_window\n"
        "ctx, window = build_window(config.load(environ={}), defer_features=True)\n"
        "heavy = [m for m in ('sqlalchemy', 'requests', 'osmium', 'segno', 'kiosk.chargers',"
        " 'kiosk.maps.pack', 'kiosk.progress.store') if m in sys.modules]\n"
        "print('heavy', heavy, sorted(window.screens))\n"
        "window.build_all_features()\n"
        "print('after', 'lessons' in window.screens, 'chargers' in window.screens)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("heavy [] "), lines[0]
    assert "'home'" in lines[0] and "'lessons'" not in lines[0]
    assert lines[1] == "after True True"


def test_a_tap_before_the_features_are_built_still_opens_them(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from kiosk import config
    from ui.app import build_window

    ctx, window = build_window(config.load(environ={}), defer_features=True)
    qtbot.addWidget(window)
    window.show()
    assert window.pending_features
    ctx.session.activity()
    QTest.mouseClick(window.screens["home"].tiles["map"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current_screen.name == "map")
    window.start()  # the rest are built while idle
    qtbot.waitUntil(lambda: not window.pending_features, timeout=20000)
    assert {"lessons", "map", "chargers"} <= set(window.screens)
    window.stop()


def _press_at(qtbot, window, widget) -> None:
    """A real press and release at the middle of ``widget``, through the window."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())
    QApplication.processEvents()


def test_the_waking_touch_does_not_press_what_home_shows_under_it(qtbot, window) -> None:
    """The touch that wakes the kiosk only wakes it: it must not also press the Home tile that
    appears under the finger."""
    window.start()
    try:
        window.show()
        qtbot.waitExposed(window)
        home = window.screens["home"]
        # Home laid out as the visitor will see it, to aim the waking tap where a tile will be.
        attract = window.screens["attract"]
        for tile_name in ("lessons", "map", "chargers"):
            window.ctx.session.wipe()
            qtbot.waitUntil(lambda: window.current_screen is attract)
            window.stack.setCurrentWidget(home)  # measure where the tile sits…
            QApplication.processEvents()
            tile = home.tiles[tile_name]
            spot = tile.mapTo(window, tile.rect().center())
            window.stack.setCurrentWidget(attract)  # …and tap there on the attract screen
            QApplication.processEvents()
            qtbot.mouseClick(window, Qt.MouseButton.LeftButton, pos=spot)
            QApplication.processEvents()
            assert window.current_screen.name == "home", f"woke into {window.current_screen.name}"
        # The next tap is a normal tap.
        _press_at(qtbot, window, home.tiles["map"])
        assert window.current_screen.name == "map"
    finally:
        window.stop()


def test_touching_a_language_on_the_attract_screen_starts_in_it(qtbot, window) -> None:
    window.start()
    try:
        window.show()
        qtbot.waitExposed(window)
        attract = window.screens["attract"]
        _press_at(qtbot, window, attract.language_buttons["ru"])
        assert window.current_screen.name == "home"
        assert window.ctx.session.language == "ru"
        window.ctx.session.wipe()
        attract.show_next_language()  # "Toque para empezar" shows
        assert attract.shown_language == "es"
        _press_at(qtbot, window, attract.invite)
        assert window.ctx.session.language == "es"
        assert window.screens["home"].heading.text() != ""
        window.ctx.session.wipe()
        _press_at(qtbot, window, attract.city)  # anywhere else: the kiosk's default language
        assert window.ctx.session.language == "en"
    finally:
        window.stop()
