"""``kiosk chargers status`` (fetch once and print) and ``kiosk chargers simulate`` (serve the demo API)."""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from typing import Any

from kiosk.redact import redact_text, redact_url


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("chargers", help="EV charger availability: fetch once, or run the OCPI simulator")
    csub = parser.add_subparsers(dest="chargers_command", metavar="ACTION", required=True)

    status = csub.add_parser("status", help="fetch charger availability once and print sites and ports")
    status.add_argument("--url", help="OCPI Locations endpoint (default: the configured source)")
    status.add_argument("--token", help="OCPI token for --url")
    status.add_argument("--token-encoding", choices=("raw", "base64"),
                        help="send the token as is or base64-encoded (default: from config)")
    status.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    status.add_argument("--config", help="config file (default: KIOSK_CONFIG, user config, or the demo)")
    status.set_defaults(func=_status)

    simulate = csub.add_parser("simulate", help="serve simulated West Hollywood chargers over OCPI 2.2.1")
    simulate.add_argument("--port", type=int, default=8765, help="TCP port (default 8765; 0 = any free port)")
    simulate.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    simulate.add_argument("--seed", type=int, default=7, help="seed for the simulated usage (default 7)")
    simulate.add_argument("--faults", default="",
                          help="comma-separated faults to inject, NAME or NAME*K: 500, 502, 503, 429, "
                               "429-date, slow, hang, truncate, html, badpage, ocpi-error, auth, repeat, "
                               "offhost, big")
    simulate.set_defaults(func=_simulate)


def _simulate(args: argparse.Namespace) -> int:
    from kiosk.chargers.simulator import FaultQueue, serve_forever
    try:
        FaultQueue(args.faults)
    except ValueError as exc:
        print(f"kiosk chargers simulate: {exc}", file=sys.stderr)
        return 2
    try:
        serve_forever(args.port, args.seed, args.faults, host=args.host)
    except OSError as exc:
        print(f"kiosk chargers simulate: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    return 0


def _status(args: argparse.Namespace) -> int:
    from kiosk import config as config_module
    from kiosk.chargers.client import DirectoryClient, OcpiClient
    from kiosk.chargers.model import Snapshot
    from kiosk.errors import ConfigError, NetworkError

    try:
        cfg = config_module.load(args.config)
    except ConfigError as exc:
        print(f"invalid config: {exc}", file=sys.stderr)
        return 1
    section = cfg.chargers
    if args.token_encoding:
        section = cfg.replace("chargers", token_encoding=args.token_encoding).chargers
    stop = None
    if args.url:
        client, source = OcpiClient.from_config(section, url=args.url, token=args.token or ""), redact_url(args.url)
    elif section.source == "none":
        print("no charger data: charger availability is switched off ([chargers] source = \"none\")",
              file=sys.stderr)
        return 1
    elif section.source == "simulator":
        from kiosk.chargers.simulator import start_simulator
        handle = start_simulator(seed=section.simulator_seed)
        stop = handle.stop
        client = OcpiClient.from_config(section, url=handle.url, token=handle.token, tariffs_url=handle.tariffs_url)
        source = "simulator"
    else:
        try:
            kind = DirectoryClient if section.source in DirectoryClient.PARSERS else OcpiClient
            client = kind.from_config(section)
        except NetworkError as exc:
            print(f"no charger data: {redact_text(str(exc))}", file=sys.stderr)
            return 1
        source = redact_url(section.url)
    notes: list[str] = []
    try:
        try:  # prices are optional: without them the availability is still worth printing
            tariffs, tariffs_dropped = client.fetch_tariffs()
        except NetworkError as exc:
            tariffs, tariffs_dropped = {}, []
            notes.append(f"prices not available: {redact_text(str(exc))}")
        fetched = client.fetch(tariffs=tariffs)
        fetched.dropped.extend(tariffs_dropped)
    except NetworkError as exc:
        print(f"no charger data from {source}: {redact_text(str(exc))}", file=sys.stderr)
        return 1
    finally:
        client.close()
        if stop:
            stop()
    snapshot = Snapshot(tuple(fetched.sites), fetched.fetched_at, source, tuple(fetched.dropped),
                        len(fetched.hidden_ids), fetched.complete)
    if args.json:
        print(json.dumps(snapshot_json(snapshot), ensure_ascii=False, indent=2))
    else:
        _print_text(snapshot, cfg.location.lat, cfg.location.lon, fetched.notes + notes)
    return 0


def snapshot_json(snapshot: Any) -> dict[str, Any]:
    """The ``--json`` shape: sites with ports, dropped objects with reasons, fetched_at."""
    return {
        "sites": [{
            "id": site.id, "name": site.name, "address": site.address, "lat": site.lat, "lon": site.lon,
            "ports": [{
                "id": port.id, "status": port.status.value,
                "connectors": [{"standard": c.standard, "power_kw": c.power_kw} for c in port.connectors],
                "last_updated": port.last_updated.isoformat() if port.last_updated else None,
            } for port in site.ports],
        } for site in snapshot.sites],
        "dropped": [{"object": d.object, "reason": d.reason} for d in snapshot.dropped],
        "fetched_at": snapshot.fetched_at.isoformat(),
    }


def _print_text(snapshot: Any, lat: float, lon: float, notes: list[str]) -> None:
    from datetime import timedelta

    from kiosk.chargers.board import Board
    from kiosk.chargers.model import PortStatus
    from kiosk.chargers.tariffs import price_words
    from kiosk.chargers.words import plug_summaries
    from kiosk.i18n import format_ago, format_distance
    board = Board.from_snapshot(snapshot, (lat, lon), keep=None)
    for site, metres in board.nearest():
        live = "" if site.live else "  live status not available"
        print(f"{site.name} — {site.address}  [{site.id}]  {format_distance(metres)}{live}")
        # The same per-plug lines the kiosk's list shows (data just fetched: never stale here).
        for summary in plug_summaries(site, snapshot.fetched_at, snapshot.fetched_at, timedelta.max):
            print(f"  {summary.line}")
        for port in site.ports:
            connectors = ", ".join(c.standard + (f" {c.power_kw:g} kW" if c.power_kw else "")
                                   for c in port.connectors) or "connector unknown"
            when = f"  updated {format_ago(port.last_updated, snapshot.fetched_at)}" if port.last_updated else ""
            price = f"  {price_words(port.price)}" if port.price else ""
            print(f"    {port.evse_id or port.id:<28} {port.status.label:<13} {connectors}{when}{price}")
    counts = snapshot.status_counts()
    by_status = ", ".join(f"{counts.get(s, 0)} {s.value.replace('_', ' ')}" for s in PortStatus)
    print(f"\n{len(snapshot.sites)} sites, {snapshot.port_count} ports ({by_status}); "
          f"{snapshot.hidden} locations hidden; {len(snapshot.dropped)} objects dropped")
    for reason, count in Counter(d.reason for d in snapshot.dropped).most_common():
        print(f"  dropped {count}× {reason}")
    for note in notes:
        print(f"  note: {note}")
