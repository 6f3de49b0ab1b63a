"""Distances, bearings and the local projection a map pack is drawn and routed in.

A pack covers a few kilometres, so an equirectangular projection around the pack centre is
accurate to well under 0.1 % there: x grows east, y grows north, both in metres, the centre at
(0, 0). The map screen draws in these metres (flip y for Qt's downward y axis); routing uses
them for its straight-line estimate, while lengths of streets come from the haversine formula.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_008.8


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two WGS84 points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial compass bearing from point 1 to point 2: 0 = north, 90 = east."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(x, y)) % 360.0


def xy_bearing_deg(dx: float, dy: float) -> float:
    """Compass bearing of a vector in projected metres (x east, y north)."""
    return math.degrees(math.atan2(dx, dy)) % 360.0


@dataclass(frozen=True)
class LocalProjection:
    """Equirectangular projection around (``lat0``, ``lon0``); metres east (x) and north (y)."""

    lat0: float
    lon0: float

    @property
    def _kx(self) -> float:
        return math.radians(1.0) * EARTH_RADIUS_M * math.cos(math.radians(self.lat0))

    @property
    def _ky(self) -> float:
        return math.radians(1.0) * EARTH_RADIUS_M

    def to_xy(self, lat: float, lon: float) -> tuple[float, float]:
        return (lon - self.lon0) * self._kx, (lat - self.lat0) * self._ky

    def to_latlon(self, x: float, y: float) -> tuple[float, float]:
        return self.lat0 + y / self._ky, self.lon0 + x / self._kx
