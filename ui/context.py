"""What every screen is given: the config, the visitor session and the core services."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.config import Config
from kiosk.session import Session
from ui.theme import PALETTES, Palette


@dataclass
class AppContext:
    config: Config
    session: Session
    #: Core services by name ("lessons", "chargers", "maps", "progress"), added as features land.
    services: dict[str, Any] = field(default_factory=dict)
    theme_name: str = ""

    def __post_init__(self) -> None:
        if not self.theme_name:
            self.theme_name = self.config.kiosk.theme

    @property
    def palette(self) -> Palette:
        return PALETTES[self.theme_name]

    @property
    def scale(self) -> float:
        return self.session.text_scale

    @property
    def profile(self) -> str:
        return self.config.kiosk.profile
