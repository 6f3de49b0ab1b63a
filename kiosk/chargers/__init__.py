"""Live EV charger availability: OCPI client, tolerant parser, model, cache, simulator.

The screen needs only what is exported here; see :class:`ChargerService` for the life cycle.
"""
from __future__ import annotations

from kiosk.chargers.model import (
    ChargerSite, Connector, Dropped, OpeningTimes, Port, PortStatus, PortView, Snapshot,
    connector_label, haversine_m,
)
from kiosk.chargers.board import Board, NearSite, by_distance
from kiosk.chargers.service import ChargerService

__all__ = ["ChargerService", "ChargerSite", "Connector", "Dropped", "OpeningTimes", "Port", "PortStatus",
           "PortView", "Snapshot", "connector_label", "haversine_m", "Board", "NearSite", "by_distance"]
