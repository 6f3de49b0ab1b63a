"""Fixtures for driving the real Qt widgets offscreen with pytest-qt."""
from __future__ import annotations

from typing import Iterator

import pytest

from kiosk import config
from kiosk.session import FakeClock


@pytest.fixture(scope="session", autouse=True)
def _kiosk_qapplication(qapp):
    """The QApplication as the kiosk sets it up (ui.app.ensure_qapplication): it does not quit
    when its last window closes. Left on, a test window deleted while no event loop ran posted a
    quit that stuck Qt's "quit now" flag, and every later QEventLoop.exec — so every
    qtbot.wait — returned at once: later tests timed out for no reason of their own."""
    qapp.setQuitOnLastWindowClosed(False)
    return qapp


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_window(qtbot, clock: FakeClock):
    """Build the kiosk window for a config (the demo by default) on a fake clock."""
    from ui.app import build_window

    windows = []

    def _make(cfg: config.Config | None = None, *, windowed: bool = False, start: bool = True,
              screens=None):
        cfg = cfg or config.load(environ={})
        ctx, window = build_window(cfg, windowed=windowed, clock=clock, screens=screens)
        qtbot.addWidget(window)
        window.resize(*cfg.screen_size)
        window.show()
        qtbot.waitExposed(window)
        ctx.tasks.wait_idle()  # start-up loads (the lessons) arrive before the test taps
        if start:
            window.start()
        windows.append(window)
        return window

    yield _make
    for window in windows:
        window.stop()


@pytest.fixture
def window(make_window) -> Iterator:
    return make_window()


@pytest.fixture
def lib_cfg(tmp_path) -> config.Config:
    """The library-PC profile with its own SQLite progress store in the test's folder."""
    return config.load(environ={"KIOSK_PROFILE": "library"}).replace(
        "progress", database_url=f"sqlite:///{tmp_path}/p.sqlite3")


@pytest.fixture
def store(lib_cfg):
    from kiosk.progress.store import open_from_config

    opened = open_from_config(lib_cfg)
    yield opened
    opened.close()


@pytest.fixture
def loop(qapp):
    """A qasync loop for this test only; a test that leaves a task running fails."""
    import asyncio

    import qasync
    from PySide6.QtWidgets import QApplication

    event_loop = qasync.QEventLoop(QApplication.instance())
    yield event_loop
    leftover = [t for t in asyncio.all_tasks(event_loop) if not t.done()]
    for task in leftover:
        task.cancel()
    if leftover:
        event_loop.run_until_complete(asyncio.gather(*leftover, return_exceptions=True))
    # Joining the default executor runs the loop (and Qt's deferred deletes with it), so only
    # when a test used one: otherwise windows its fixtures stop later would already be gone.
    if getattr(event_loop, "_default_executor", None) is not None:
        event_loop.run_until_complete(event_loop.shutdown_default_executor())
    event_loop.close()
    asyncio.set_event_loop(None)
    assert not leftover, f"tasks left running: {leftover}"
