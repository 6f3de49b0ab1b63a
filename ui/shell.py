"""The main window: the screen stack, the control bar, the idle overlay and the lockdown.

The window is a thin view of :class:`kiosk.session.Session`: taps call session methods, and
session events (navigation, language, text size, idle state, wipe) decide what is shown. It owns no
state of its own that a wipe could miss.
"""
from __future__ import annotations

import importlib
import logging
from typing import Callable

from PySide6.QtCore import QEvent, QLibraryInfo, QObject, Qt, QTimer, QTranslator, Signal
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from kiosk import i18n
from kiosk.session import Event, State
from ui import gcguard, theme
from ui.widgets import flow
from ui.context import AppContext
from ui.screens.attract import AttractScreen
from ui.screens.base import Screen
from ui.screens.home import HomeScreen
from ui.screens.info import HelpScreen, OneMomentScreen
from ui.inputfilter import InputFilter
from ui.widgets.confirm_exit import ConfirmExit
from ui.widgets.controlbar import ControlBar
from ui.widgets.idle_overlay import IdleOverlay
from ui.widgets.tech_corner import TechCorner

logger = logging.getLogger(__name__)

TICK_MS = 250

ScreenFactory = Callable[[AppContext], Screen]


#: Feature screens: each module has ``screens(ctx) -> list[Screen]`` (the feature's pages).
FEATURE_MODULES = ("ui.screens.lessons", "ui.screens.map", "ui.screens.chargers", "ui.screens.signin")
#: The screens the kiosk needs before anything else: built with the window, before the first paint.
CORE_SCREENS: tuple[ScreenFactory, ...] = (AttractScreen, HomeScreen, HelpScreen, OneMomentScreen)


def feature_screens(module_name: str) -> ScreenFactory:
    """The ``screens(ctx)`` factory of a feature module (imported only now: SQLAlchemy, requests,
    the map and charger stacks load when their feature is built, not before the first paint)."""
    return importlib.import_module(module_name).screens


def default_screens() -> list[ScreenFactory]:
    """Every screen of the kiosk, built at once (tests, screenshots)."""
    return [*CORE_SCREENS, *(feature_screens(m) for m in FEATURE_MODULES)]


class KioskWindow(QWidget):
    """The one window of the kiosk."""

    error_signal = Signal()
    #: The program should end (technician exit, SIGTERM); the event loop owner finishes up.
    shutdown_requested = Signal()

    def __init__(self, ctx: AppContext, *, windowed: bool = False,
                 screens: list[ScreenFactory] | None = None, defer_features: bool = False) -> None:
        super().__init__()
        self.ctx = ctx
        self.windowed = windowed
        self.allow_close = False
        self._shown = ""
        self._applied_style: tuple[str, float] | None = None
        self._qt_translator: QTranslator | None = None
        self.setObjectName("kioskWindow")
        self.setWindowTitle("WeHo Kiosk")
        self.stack = QStackedWidget()
        self.controls = ControlBar(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.controls)
        self.screens: dict[str, Screen] = {}
        #: Feature modules still to build: with ``defer_features`` the window shows the attract
        #: screen first and builds one feature per event-loop turn after the first paint.
        self.pending_features: list[str] = []
        if screens is not None:
            factories = list(screens)
        elif defer_features:
            factories = list(CORE_SCREENS)
            self.pending_features = list(FEATURE_MODULES)
        else:
            factories = default_screens()
        for factory in factories:
            self._add_made(factory(ctx))
        self.overlay = IdleOverlay(self)
        self.confirm_exit = ConfirmExit(self)
        self.corner = TechCorner(self)
        self._connect()
        from ui.speechmode import SpeechMode

        self.speech = SpeechMode(self)
        self.input_filter = InputFilter(ctx.session.activity, self._on_wake, self.speech)
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self._on_ticker_timeout)
        self.apply_style()
        self.retranslate()
        self.show_current()

    # -- set-up -------------------------------------------------------------------------------
    def add_screen(self, screen: Screen) -> None:
        if screen.name in self.screens:
            self.stack.removeWidget(self.screens[screen.name])
            self.screens[screen.name].deleteLater()
        self.screens[screen.name] = screen
        self.stack.addWidget(screen)

    def _add_made(self, made: Screen | list[Screen]) -> list[Screen]:
        added = made if isinstance(made, list) else [made]
        for screen in added:
            self.add_screen(screen)
        return added

    def build_next_feature(self) -> bool:
        """Build the next pending feature's screens; False when none is left."""
        if not self.pending_features:
            return False
        module_name = self.pending_features.pop(0)
        added = self._add_made(feature_screens(module_name)(self.ctx))
        for screen in added:
            screen.restyle()
            screen.retranslate()
        logger.info("built %s", module_name)
        return True

    def _build_features_when_idle(self) -> None:
        # One feature per turn: a tap between two turns is handled at once, never queued
        # behind the whole build.
        if self.build_next_feature():
            QTimer.singleShot(0, self._build_features_when_idle)

    def build_all_features(self) -> None:
        while self.build_next_feature():
            pass

    def _connect(self) -> None:
        s = self.ctx.session
        self.controls.back_requested.connect(s.back)
        self.controls.home_requested.connect(s.go_home)
        self.controls.help_requested.connect(lambda: s.open("help"))
        self.controls.language_chosen.connect(s.set_language)
        self.controls.bigger_requested.connect(s.bigger_text)
        self.controls.smaller_requested.connect(s.smaller_text)
        self.overlay.still_here.connect(s.activity)
        self.corner.triggered.connect(self._on_corner_triggered)
        self.confirm_exit.confirmed.connect(self._on_confirm_exit_confirmed)
        self.error_signal.connect(self.show_error, Qt.ConnectionType.QueuedConnection)
        s.subscribe(self._on_session_event)

    def start(self) -> None:
        """Begin watching input and the clock (not done in tests that drive time by hand)."""
        QApplication.instance().installEventFilter(self.input_filter)
        self.ticker.start()
        if self.pending_features:
            QTimer.singleShot(0, self._build_features_when_idle)

    def stop(self) -> None:
        """Stop watching input and the clock, and close the core services."""
        self.ticker.stop()
        for screen in self.screens.values():
            screen.stop()
        self.ctx.close_services()
        QApplication.instance().removeEventFilter(self.input_filter)
        if self._qt_translator is not None:  # Qt's own strings back to English for whoever is next
            QApplication.instance().removeTranslator(self._qt_translator)
            self._qt_translator = None
        self.ctx.session.unsubscribe(self._on_session_event)

    # -- what is shown -----------------------------------------------------------------------
    @property
    def current_screen(self) -> Screen:
        return self.stack.currentWidget()

    def show_current(self, navigated: bool = True) -> None:
        """Show the session's current screen. ``on_show`` runs only when navigation brought it
        forward (a new screen, or new arguments) — never for a language, text-size, sign-in or
        idle-warning change, which must not reset what the visitor typed or chose."""
        session = self.ctx.session
        name = "attract" if session.state is State.ATTRACT else session.navigation.current
        screen = self.screens.get(name)
        while screen is None and self.build_next_feature():  # tapped before the idle build got there
            screen = self.screens.get(name)
        if screen is None:
            logger.error("no screen named %r; showing Home", name)
            session.go_home()
            return
        if self._shown != name:
            self.stack.setCurrentWidget(screen)
            self._shown = name
            navigated = True
            logger.info("screen shown: %s", name)
        if navigated:
            screen.on_show(session.navigation.current_args if name != "attract" else {})
        self.controls.setVisible(screen.shows_controls)
        self.controls.update_state()
        self.overlay.setVisible(session.state is State.WARNING)
        if session.state is State.WARNING:
            self.overlay.set_seconds_left(session.seconds_left)
            self.overlay.raise_()
            self.overlay.button.setFocus()
        self.corner.raise_()
        self.setAccessibleName(screen.title())

    def _load_qt_translations(self) -> None:
        """Qt's own strings (standard buttons, input hints) in the visitor's language too."""
        app = QApplication.instance()
        if self._qt_translator is not None:
            app.removeTranslator(self._qt_translator)
            self._qt_translator = None
        code = i18n.current_language()
        if code == "en":
            return
        translator = QTranslator(self)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{code}", folder):
            app.installTranslator(translator)
            self._qt_translator = translator
        else:
            logger.info("no Qt translation for %s in %s", code, folder)

    def retranslate(self) -> None:
        self._load_qt_translations()
        QApplication.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if i18n.is_rtl() else Qt.LayoutDirection.LeftToRight)
        for screen in self.screens.values():
            screen.retranslate()
        self.controls.retranslate()
        self.overlay.retranslate()
        self.confirm_exit.retranslate()
        self.setAccessibleName(self.current_screen.title() if self.current_screen else "")

    def apply_style(self) -> None:
        style = (self.ctx.theme_name, self.ctx.scale)
        if style == self._applied_style:
            return  # re-polishing every widget costs ~300 ms: only when something changed
        self._applied_style = style
        with flow.held():
            QApplication.instance().setStyleSheet(theme.stylesheet(
                self.ctx.palette, self.ctx.scale, focus_ring=self.ctx.profile == "library"))
            for screen in self.screens.values():
                screen.restyle()
            self.controls.restyle()

    def show_error(self) -> None:
        """After an unexpected error: a calm "One moment…" page, then Home by itself."""
        if self.ctx.session.state is not State.ATTRACT:
            self.ctx.session.open("oops")

    # -- events --------------------------------------------------------------------------------
    def _on_session_event(self, event: Event) -> None:
        session = self.ctx.session
        if event is Event.LANGUAGE:
            i18n.set_language(session.language)
            self.retranslate()
        elif event is Event.TEXT_SCALE:
            self.apply_style()
        elif event is Event.WIPED:
            if "tasks" in self.ctx.services:
                self.ctx.tasks.cancel_all()  # a slow query never shows the next visitor anything
            gcguard.quiet_time()  # nobody is here: the one full collection, where no one waits
            if "speaker" in self.ctx.services:
                self.ctx.speaker.reset()
            i18n.set_language(session.language)
            self.apply_style()
            for screen in self.screens.values():
                screen.reset()
            self.retranslate()
            self.confirm_exit.hide()
        self.show_current(navigated=event in (Event.NAVIGATION, Event.WIPED))
        self.speech.on_session_event(event)

    def _on_wake(self, watched: QObject, event: QEvent) -> bool:
        """The first input on the attract screen: start a session in the language the visitor
        touched (a language name, or the invitation while it shows their language). Returns
        True when this input woke the kiosk (the shell then swallows the whole gesture)."""
        session = self.ctx.session
        if session.state is not State.ATTRACT:
            return False
        target = watched if isinstance(watched, QWidget) else None
        position = getattr(event, "globalPosition", None)
        if position is not None:  # the window sees the press before the widget under it
            target = QApplication.widgetAt(position().toPoint()) or target
        if target is not None and (target is self.corner or self.corner.isAncestorOf(target)):
            session.activity()
            return False  # a technician's hold on the corner must reach the corner
        attract = self.screens.get("attract")
        language = attract.language_for(target) if attract is not None and target is not None else None
        session.activity()
        if language and language != session.language and language in session.languages:
            session.set_language(language)
        logger.info("session started in %s", session.language)
        return True

    def _on_ticker_timeout(self) -> None:
        session = self.ctx.session
        session.tick()
        if session.state is State.WARNING:
            self.overlay.set_seconds_left(session.seconds_left)

    def _on_corner_triggered(self) -> None:
        self.build_all_features()
        if "trainer_pin" in self.screens:
            self.ctx.session.activity()
            self.ctx.session.open("trainer_pin")
        elif self.windowed:
            self.confirm_exit.setGeometry(self.rect())
            self.confirm_exit.show()
            self.confirm_exit.raise_()
        else:
            logger.warning("technician exit gesture: the PIN-protected exit comes with trainer mode")

    def _on_confirm_exit_confirmed(self) -> None:
        logger.info("technician closed the kiosk")
        self.shut_down()

    def shut_down(self) -> None:
        """Close the window and end the program (technician exit, SIGTERM from systemd)."""
        self.allow_close = True
        self.close()
        self.shutdown_requested.emit()

    # -- Qt overrides --------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.overlay.setGeometry(self.rect())
        self.confirm_exit.setGeometry(self.rect())
        self.corner.move(0, 0)
        self.corner.raise_()

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.allow_close:
            event.accept()
        else:
            logger.info("window close ignored (kiosk lockdown)")
            event.ignore()
