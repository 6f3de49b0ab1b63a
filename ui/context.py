"""What every screen is given: the config, the visitor session and the core services."""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from kiosk.config import Config
from kiosk.session import Session
from ui.theme import PALETTES, Palette

logger = logging.getLogger(__name__)


@dataclass
class AppContext:
    config: Config
    session: Session
    #: Core services by name ("lessons", "chargers", "maps", "progress"), added as features land.
    services: dict[str, Any] = field(default_factory=dict)
    theme_name: str = ""
    #: Called with every ``kiosk.lessons`` LearningEvent the lesson player produces (the progress
    #: store hooks in here while a learner is signed in).
    lesson_listeners: list[Callable[[Any], None]] = field(default_factory=list)
    #: ``lookup(lesson_id) -> step index | None``: where a signed-in learner left a lesson on any
    #: PC; None when nobody is signed in. Used when the visitor session holds no position.
    resume_lookup: Callable[[str], int | None] | None = None

    _services_lock: Any = field(default_factory=threading.RLock, repr=False)

    def __post_init__(self) -> None:
        if not self.theme_name:
            self.theme_name = self.config.kiosk.theme

    def service(self, name: str, factory: Callable[[], Any]) -> Any:
        """The core service ``name``, built by ``factory`` the first time a screen asks for it.

        Services are shared by every screen and closed (``close()``) when the kiosk stops.
        """
        with self._services_lock:  # the health and LRS workers may ask for the store too
            if name not in self.services:
                self.services[name] = factory()
            return self.services[name]

    def close_services(self) -> None:
        for name, service in list(self.services.items()):
            close = getattr(service, "close", None)
            if callable(close):
                try:
                    close()
                except Exception:  # noqa: BLE001 - shutting down must finish
                    logger.exception("closing service %s failed", name)
        self.services.clear()

    @property
    def tasks(self):
        """The one background-task path (:mod:`ui.tasks`), shared by every screen."""
        from ui.tasks import Tasks

        return self.service("tasks", Tasks)

    @property
    def speaker(self):
        """The kiosk's one read-aloud channel (see :mod:`ui.speech`), shared by every screen."""
        from ui.speech import Speaker

        a11y = self.config.accessibility
        return self.service("speaker", lambda: Speaker(log_path=a11y.speech_log, device=a11y.audio_device))

    @property
    def palette(self) -> Palette:
        return PALETTES[self.theme_name]

    @property
    def scale(self) -> float:
        return self.session.text_scale

    @property
    def profile(self) -> str:
        return self.config.kiosk.profile
