"""Wayfinding core: map packs, the pedestrian graph, routing, directions, walk rings, search.

The map screen uses :class:`~kiosk.maps.service.Wayfinder` (built with
``Wayfinder.from_config(config)``) and the pack it holds; everything here is Qt-free.
"""
from __future__ import annotations

from kiosk.maps.directions import Step
from kiosk.maps.geo import LocalProjection, haversine_m
from kiosk.maps.pack import CATEGORIES, Area, MapPack, Place, Problem, Street, load_pack, validate_pack
from kiosk.maps.rings import WalkRing
from kiosk.maps.routing import NoRoute
from kiosk.maps.service import Endpoint, Route, SearchResult, UnknownPlace, Wayfinder

__all__ = ["Wayfinder", "Route", "Step", "Endpoint", "SearchResult", "WalkRing", "UnknownPlace",
           "NoRoute", "MapPack", "Street", "Place", "Area", "Problem", "CATEGORIES", "load_pack",
           "validate_pack", "LocalProjection", "haversine_m"]
