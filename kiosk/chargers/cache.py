"""The last good charger snapshot on disk, so the kiosk shows chargers the moment it starts.

One JSON file in a folder the app chooses (``config.state_dir / "cache"``). Writes are atomic; a
file that cannot be read back is moved aside (``….corrupt-<time>``), logged, and ignored — the
kiosk then starts with no chargers until the first refresh rather than not starting.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from kiosk.chargers.model import (
    ChargerSite, Connector, Dropped, OpeningTimes, Port, PortStatus, Price, Snapshot,
)
from kiosk.paths import atomic_write_text

logger = logging.getLogger(__name__)

CACHE_FILE = "chargers-snapshot.json"
FORMAT_VERSION = 1


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None


def _when(text: str | None) -> datetime | None:
    if not text:
        return None
    when = datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def port_to_dict(port: Port) -> dict[str, Any]:
    return {"id": port.id, "evse_id": port.evse_id, "status": port.status.value,
            "connectors": [{"standard": c.standard, "power_kw": c.power_kw} for c in port.connectors],
            "price_text": port.price_text, "price": dataclasses.asdict(port.price) if port.price else None,
            "last_updated": _iso(port.last_updated)}


def site_to_dict(site: ChargerSite) -> dict[str, Any]:
    return {"id": site.id, "name": site.name, "address": site.address, "lat": site.lat, "lon": site.lon,
            "operator": site.operator, "live": site.live, "last_updated": _iso(site.last_updated),
            "opening_times": {"twentyfourseven": site.opening_times.twentyfourseven,
                              "regular_hours": [list(h) for h in site.opening_times.regular_hours]},
            "ports": [port_to_dict(p) for p in site.ports]}


def snapshot_to_dict(snapshot: Snapshot) -> dict[str, Any]:
    return {"format": FORMAT_VERSION, "source": snapshot.source, "fetched_at": _iso(snapshot.fetched_at),
            "hidden": snapshot.hidden, "complete": snapshot.complete,
            "dropped": [{"object": d.object, "reason": d.reason} for d in snapshot.dropped],
            "sites": [site_to_dict(s) for s in snapshot.sites]}


def snapshot_to_json(snapshot: Snapshot) -> str:
    """The cache file's text, encoded site by site.

    Same JSON as ``json.dumps(snapshot_to_dict(snapshot))``, but one ``json.dumps`` of a
    10,000-port snapshot is a single C call that holds the GIL for ~40 ms — a visible stall of
    the UI thread while the refresh worker saves. Small pieces let the UI thread in between.
    """
    head = snapshot_to_dict(dataclasses.replace(snapshot, sites=()))
    del head["sites"]
    sites = ", ".join(json.dumps(site_to_dict(s), ensure_ascii=False) for s in snapshot.sites)
    return json.dumps(head, ensure_ascii=False)[:-1] + f', "sites": [{sites}]}}'


def _price(raw: dict[str, Any] | None) -> Price | None:
    if raw is None:
        return None
    amounts = {k: (None if raw.get(k) is None else float(raw[k]))
               for k in ("per_kwh", "per_hour", "per_session", "parking_per_hour")}
    return Price(currency=str(raw["currency"]), varies=bool(raw.get("varies")),
                 alt_text=tuple((str(lang), str(text)) for lang, text in raw.get("alt_text", [])), **amounts)


def _port(raw: dict[str, Any]) -> Port:
    return Port(id=raw["id"], evse_id=raw.get("evse_id", ""), status=PortStatus(raw["status"]),
                connectors=tuple(Connector(c["standard"], c.get("power_kw")) for c in raw["connectors"]),
                price_text=raw.get("price_text"), price=_price(raw.get("price")),
                last_updated=_when(raw.get("last_updated")))


def _site(raw: dict[str, Any]) -> ChargerSite:
    hours = raw.get("opening_times") or {}
    return ChargerSite(
        id=raw["id"], name=raw["name"], address=raw["address"], lat=float(raw["lat"]), lon=float(raw["lon"]),
        operator=raw.get("operator", ""), live=bool(raw.get("live", True)),
        last_updated=_when(raw.get("last_updated")),
        opening_times=OpeningTimes(bool(hours.get("twentyfourseven")),
                                   tuple((int(d), str(b), str(e)) for d, b, e in hours.get("regular_hours", []))),
        ports=tuple(_port(p) for p in raw["ports"]))


def snapshot_from_dict(raw: dict[str, Any]) -> Snapshot:
    """Inverse of :func:`snapshot_to_dict`; raises KeyError/ValueError/TypeError on a bad file."""
    if raw.get("format") != FORMAT_VERSION:
        raise ValueError(f"unknown cache format {raw.get('format')!r}")
    fetched = _when(raw["fetched_at"])
    if fetched is None:
        raise ValueError("no fetched_at")
    return Snapshot(sites=tuple(_site(s) for s in raw["sites"]), fetched_at=fetched, source=raw["source"],
                    dropped=tuple(Dropped(d["object"], d["reason"]) for d in raw.get("dropped", [])),
                    hidden=int(raw.get("hidden", 0)), complete=bool(raw.get("complete", True)))


class SnapshotCache:
    """Load and save the last good snapshot in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / CACHE_FILE

    def save(self, snapshot: Snapshot) -> None:
        try:
            atomic_write_text(self.path, snapshot_to_json(snapshot))
        except OSError as exc:  # a full or read-only disk must not stop the kiosk
            logger.warning("could not write the charger cache %s: %s", self.path, exc)

    def load(self) -> Snapshot | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            return self._set_aside(f"cannot be read ({exc})")
        try:
            return snapshot_from_dict(json.loads(text))
        except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
            return self._set_aside(f"is damaged ({type(exc).__name__}: {exc})")

    def _set_aside(self, problem: str) -> None:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        try:
            os.replace(self.path, target)
            logger.warning("charger cache %s %s; moved aside to %s", self.path, problem, target.name)
        except OSError as exc:
            logger.warning("charger cache %s %s and could not be moved aside: %s", self.path, problem, exc)
        return None
