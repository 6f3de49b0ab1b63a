"""WeHo Kiosk core: everything the kiosk knows and decides. Never imports PySide6."""
from __future__ import annotations

__version__ = "0.1.0"
