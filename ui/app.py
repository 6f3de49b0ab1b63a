"""Start the kiosk: the QApplication, the qasync event loop, the window, the services.

One entry point (:func:`run`) used by ``kiosk run``. Blocking work runs in worker threads via
``asyncio.to_thread``; widgets are only touched on the UI thread.
"""
from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import time

from kiosk import i18n, logsetup
from kiosk.config import Config
from kiosk.session import Clock, Event, Session, State

logger = logging.getLogger(__name__)

NO_DISPLAY = ("kiosk: no display found. Run it on a desktop or kiosk session, under a virtual "
              "screen (xvfb-run -a kiosk run --windowed), or render screens to PNG with "
              "`kiosk screenshot --screen list`.")


def has_display(environ: dict[str, str] | os._Environ = os.environ) -> bool:
    if environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux"):
        return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))
    return True


def make_session(config: Config, clock: Clock = time.monotonic) -> Session:
    k = config.kiosk
    return Session(idle_seconds=k.idle_seconds, warning_seconds=k.warning_seconds,
                   default_language=k.default_language, languages=k.languages,
                   default_text_scale=k.text_scale, clock=clock)


def ensure_qapplication():
    """The process's QApplication, created on first use (PySide6 is imported only here)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("weho-kiosk")
        app.setApplicationDisplayName("WeHo Kiosk")
        # The kiosk ends only through shut_down() (technician, SIGTERM), never because a window
        # happened to close.
        app.setQuitOnLastWindowClosed(False)
    return app


def build_window(config: Config, *, windowed: bool = False, clock: Clock = time.monotonic,
                 screens=None, defer_features: bool = False):
    """The context and main window for ``config`` (used by run, screenshot and tests)."""
    from ui.context import AppContext
    from ui.shell import KioskWindow

    ensure_qapplication()
    from ui import gcguard

    gcguard.install()
    i18n.set_translations_dir(config.content_dir / "translations")
    i18n.set_language(config.kiosk.default_language)
    ctx = AppContext(config=config, session=make_session(config, clock))
    return ctx, KioskWindow(ctx, windowed=windowed, screens=screens, defer_features=defer_features)


def _start_lrs_outbox(config: Config, ctx) -> callable:
    """Forward learning records to the city's xAPI LRS in a worker thread (when configured).

    The store is opened in that thread too: the UI thread never waits on a database."""
    import threading

    if not config.progress.lrs_url:
        return lambda: None
    stop_event = threading.Event()

    def forward() -> None:
        from kiosk.errors import StoreError
        from kiosk.progress.outbox import LrsOutbox
        from kiosk.progress.store import open_from_config

        try:
            store = ctx.service("progress", lambda: open_from_config(config))
        except StoreError as exc:
            logger.error("learning records cannot be forwarded: %s", exc)
            return
        outbox = LrsOutbox.from_config(store, config)
        if outbox is None:
            return
        logger.info("forwarding learning records to the LRS")
        outbox.run(stop_event)

    worker = threading.Thread(target=forward, name="lrs-outbox", daemon=True)
    worker.start()

    def stop() -> None:
        stop_event.set()
        worker.join(timeout=10)

    return stop


def start_operations(config: Config, window) -> callable:
    """Health counters, the health/metrics endpoint and systemd's watchdog; returns ``stop()``.

    The watchdog heartbeat runs on a QTimer of the UI thread on purpose: a frozen UI stops the
    heartbeats and systemd restarts the kiosk (a dead process is not the only failure).
    """
    from PySide6.QtCore import QTimer

    from kiosk.ops import health, watchdog

    state = health.HealthState()
    health.install_error_counter(state)
    session = window.ctx.session
    previous = [session.state]

    def _count_visitors(event: Event) -> None:
        if event is Event.STATE and previous[0] is State.ATTRACT and session.state is State.ACTIVE:
            state.session_started()
        previous[0] = session.state

    session.subscribe(_count_visitors)
    server = None
    if config.health.port:
        # The report reuses the app's progress store (opened here, on the endpoint's worker
        # thread, only if no screen has opened it yet; a failed open is retried once a minute, not
        # per request) and caches content facts: a scrape never opens a store or parses catalogs.
        from kiosk.errors import StoreError
        from kiosk.progress.store import open_from_config

        failed_at = [float("-inf")]

        def _store():
            if time.monotonic() - failed_at[0] < 60:
                return None
            try:
                return window.ctx.service("progress", lambda: open_from_config(config))
            except StoreError as exc:
                failed_at[0] = time.monotonic()
                logger.warning("health: learning records not available: %s", exc)
                return None

        reporter = health.HealthReporter(config, state, store=_store)
        try:
            server = health.HealthServer(reporter.report, port=config.health.port,
                                         cache_seconds=1.0).start()
        except OSError as exc:
            logger.error("health endpoint not started on port %s: %s", config.health.port, exc)
    stop_outbox = _start_lrs_outbox(config, window.ctx)
    timer = None
    interval = watchdog.watchdog_interval()
    if interval:
        timer = QTimer(window)
        timer.setInterval(max(1000, int(interval * 1000)))
        timer.timeout.connect(lambda: watchdog.heartbeat())
        timer.start()
    watchdog.ready()

    def stop() -> None:
        watchdog.stopping()
        stop_outbox()
        if timer is not None:
            timer.stop()
        if server is not None:
            server.stop()

    return stop


def run(config: Config, *, windowed: bool = False) -> int:
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    from PySide6.QtCore import Qt
    import qasync

    app = ensure_qapplication()
    logsetup.configure(config.state_dir)
    logger.info("starting kiosk (profile %s, config %s)", config.kiosk.profile, config.source)
    ctx, window = build_window(config, windowed=windowed, defer_features=True)
    logsetup.install_excepthooks(on_error=window.error_signal.emit)
    width, height = config.screen_size
    if windowed:
        available = app.primaryScreen().availableGeometry()
        factor = min(1.0, available.width() / width, available.height() / height)
        window.resize(int(width * factor), int(height * factor))
        window.show()
    else:
        window.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        window.setCursor(Qt.CursorShape.BlankCursor) if config.kiosk.profile == "street" else None
        window.showFullScreen()
    window.start()
    stop_operations = start_operations(config, window)
    # systemd and supervisors stop the kiosk with SIGTERM: close cleanly (the UI ticker gives
    # Python a chance to run the handler within a quarter second).
    signal.signal(signal.SIGTERM, lambda *_: window.shut_down())
    signal.signal(signal.SIGINT, lambda *_: window.shut_down())

    async def main() -> None:
        quit_event = asyncio.Event()
        window.shutdown_requested.connect(quit_event.set)
        app.aboutToQuit.connect(quit_event.set)
        await quit_event.wait()
        stop_operations()  # first: the LRS worker still uses the store window.stop() closes
        window.stop()
        try:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        except RuntimeError:  # Qt's loop already ended (the display server went away)
            tasks = []
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
        runner.run(main())
    logger.info("kiosk stopped")
    return 0
