"""The visitor session: attract → active → warning → wiped, and what a visitor leaves behind.

A public kiosk must forget each visitor: after ``idle_seconds`` without input the visitor is asked
"Are you still there?" with a visible countdown of ``warning_seconds`` (≥ 20 s, WCAG 2.2.1); then
everything personal is wiped — language and text size back to defaults, typed text, navigation
history, lesson positions, anyone signed in — and the attract screen returns.

The session is plain Python driven by an injectable monotonic clock, so tests move time by hand.
The UI calls :meth:`Session.activity` on every touch, key or click and :meth:`Session.tick` a few
times a second, and listens for changes with :meth:`Session.subscribe`.
"""
from __future__ import annotations

import enum
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Callable

logger = logging.getLogger(__name__)

Clock = Callable[[], float]

TEXT_SCALES = (1.0, 1.25, 1.5, 1.75, 2.0)


class State(enum.Enum):
    ATTRACT = "attract"
    ACTIVE = "active"
    WARNING = "warning"


class Event(enum.Enum):
    """What changed, for listeners."""
    STATE = "state"
    LANGUAGE = "language"
    TEXT_SCALE = "text_scale"
    NAVIGATION = "navigation"
    SIGN_IN = "sign_in"
    WIPED = "wiped"


@dataclass(frozen=True)
class SignedIn:
    """Who is signed in: an opaque account id and the name to greet them with (first name only)."""
    account_id: str
    display_name: str
    is_trainer: bool = False


class FakeClock:
    """A clock for tests and simulations: time moves only when told."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Navigation:
    """The screens a visitor has opened, so Back always has somewhere sensible to go."""
    home: str = "home"
    stack: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.stack:
            self.stack = [(self.home, {})]

    @property
    def current(self) -> str:
        return self.stack[-1][0]

    @property
    def current_args(self) -> dict[str, Any]:
        return self.stack[-1][1]

    @property
    def can_go_back(self) -> bool:
        return len(self.stack) > 1

    def open(self, screen: str, **args: Any) -> None:
        if self.stack[-1] == (screen, args):
            return
        if screen == self.home:
            self.stack = [(self.home, {})]
        else:
            self.stack.append((screen, args))

    def replace(self, screen: str, **args: Any) -> None:
        """Swap the current screen (e.g. next lesson step) without growing Back's history."""
        if len(self.stack) == 1 and self.current == self.home:
            self.open(screen, **args)
        else:
            self.stack[-1] = (screen, args)

    def back(self) -> str:
        if self.can_go_back:
            self.stack.pop()
        return self.current

    def go_home(self) -> None:
        self.stack = [(self.home, {})]


class Session:
    """One visitor's session on the kiosk, from the first touch to the wipe."""

    def __init__(self, *, idle_seconds: float = 90, warning_seconds: float = 30,
                 default_language: str = "en", languages: tuple[str, ...] = ("en", "es", "ru"),
                 default_text_scale: float = 1.0, clock: Clock = time.monotonic) -> None:
        if warning_seconds < 20:
            raise ValueError("the idle warning must give at least 20 seconds (WCAG 2.2.1)")
        self.idle_seconds = idle_seconds
        self.warning_seconds = warning_seconds
        self.default_language = default_language
        self.languages = languages
        self.default_text_scale = default_text_scale
        self.clock = clock
        self.state = State.ATTRACT
        self.language = default_language
        self.text_scale = default_text_scale
        self.navigation = Navigation()
        self.signed_in: SignedIn | None = None
        #: Scratch space features keep per visitor (lesson positions, search text); wiped.
        self.scratch: dict[str, Any] = {}
        self.visitors_today = 0
        self._last_activity = clock()
        self._warning_started = 0.0
        self._listeners: list[Callable[[Event], None]] = []

    # -- listeners --------------------------------------------------------------------------
    def subscribe(self, callback: Callable[[Event], None]) -> None:
        self._listeners.append(callback)

    def unsubscribe(self, callback: Callable[[Event], None]) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    def _emit(self, event: Event) -> None:
        for listener in list(self._listeners):
            listener(event)

    # -- time -------------------------------------------------------------------------------
    def activity(self) -> None:
        """Someone touched, clicked or typed: start a session, or cancel the warning."""
        self._last_activity = self.clock()
        if self.state is State.ATTRACT:
            self.state = State.ACTIVE
            self.visitors_today += 1
            logger.info("session started")
            self._emit(Event.STATE)
        elif self.state is State.WARNING:
            self.state = State.ACTIVE
            logger.info("idle warning dismissed")
            self._emit(Event.STATE)

    def tick(self) -> None:
        """Look at the clock: show the warning, or wipe when its countdown runs out."""
        now = self.clock()
        if self.state is State.ACTIVE and now - self._last_activity >= self.idle_seconds:
            self.state = State.WARNING
            self._warning_started = now
            logger.info("idle warning shown")
            self._emit(Event.STATE)
        elif self.state is State.WARNING and now - self._warning_started >= self.warning_seconds:
            self.wipe()

    @property
    def seconds_left(self) -> int:
        """Whole seconds left on the warning countdown (0 outside the warning)."""
        if self.state is not State.WARNING:
            return 0
        left = self.warning_seconds - (self.clock() - self._warning_started)
        return max(0, int(left + 0.999))

    # -- the visitor's choices ----------------------------------------------------------------
    def set_language(self, code: str) -> None:
        if code not in self.languages:
            raise ValueError(f"language {code!r} is not offered here")
        if code != self.language:
            self.language = code
            self._emit(Event.LANGUAGE)

    def set_text_scale(self, scale: float) -> None:
        scale = min(TEXT_SCALES, key=lambda s: abs(s - scale))
        if scale != self.text_scale:
            self.text_scale = scale
            self._emit(Event.TEXT_SCALE)

    def bigger_text(self) -> None:
        i = TEXT_SCALES.index(self.text_scale) if self.text_scale in TEXT_SCALES else 0
        self.set_text_scale(TEXT_SCALES[min(i + 1, len(TEXT_SCALES) - 1)])

    def smaller_text(self) -> None:
        i = TEXT_SCALES.index(self.text_scale) if self.text_scale in TEXT_SCALES else 0
        self.set_text_scale(TEXT_SCALES[max(i - 1, 0)])

    def open(self, screen: str, **args: Any) -> None:
        self.navigation.open(screen, **args)
        self._emit(Event.NAVIGATION)

    def replace(self, screen: str, **args: Any) -> None:
        self.navigation.replace(screen, **args)
        self._emit(Event.NAVIGATION)

    def back(self) -> None:
        self.navigation.back()
        self._emit(Event.NAVIGATION)

    def go_home(self) -> None:
        self.navigation.go_home()
        self._emit(Event.NAVIGATION)

    def sign_in(self, who: SignedIn) -> None:
        self.signed_in = who
        self._emit(Event.SIGN_IN)

    def sign_out(self) -> None:
        if self.signed_in is not None:
            self.signed_in = None
            self._emit(Event.SIGN_IN)

    def wipe(self) -> None:
        """Forget the visitor entirely and return to the attract screen."""
        self.state = State.ATTRACT
        self.language = self.default_language
        self.text_scale = self.default_text_scale
        self.navigation = Navigation()
        self.signed_in = None
        self.scratch.clear()
        self._last_activity = self.clock()
        logger.info("session wiped")
        self._emit(Event.WIPED)
