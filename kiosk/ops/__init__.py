"""Unattended operation: systemd watchdog, health report and endpoint, ``kiosk doctor``, content packs.

Everything here is Qt-free; the UI feeds it (watchdog heartbeats from its event loop, session
counts into :class:`~kiosk.ops.health.HealthState`) and the CLI commands print it.
"""
from __future__ import annotations
