"""``kiosk health [--json] [--config FILE] [--port N]``: the kiosk's health report.

With ``--port`` it asks the running kiosk's endpoint (``http://127.0.0.1:N/health``), which knows
the live values (uptime, sessions today, errors, memory). Without it, it reads what the files say
(content, charger cache, learning records) and leaves the live values empty.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("health", help="print the health report (content, charger sync, activity)")
    parser.add_argument("--config", metavar="FILE", help="kiosk config file")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--port", type=int, default=0,
                        help="ask the running kiosk's health endpoint on 127.0.0.1:PORT")
    parser.set_defaults(func=_health)


def _from_endpoint(port: int) -> dict[str, Any] | None:
    import requests
    try:
        resp = requests.get(f"http://127.0.0.1:{port}/health", timeout=(2, 10))
        resp.raise_for_status()
        return resp.json()
    except (requests.RequestException, ValueError) as exc:
        print(f"kiosk health: the running kiosk did not answer on port {port}: {exc}", file=sys.stderr)
        return None


def _health(args: argparse.Namespace) -> int:
    from kiosk import config
    from kiosk.errors import ConfigError
    from kiosk.redact import redact_data, redact_text
    if args.port:
        report = _from_endpoint(args.port)
        if report is None:
            return 1
        report = redact_data(report)  # an older kiosk's endpoint may not have masked its URLs
    else:
        try:
            cfg = config.load(args.config)
        except ConfigError as exc:
            print(f"invalid config: {redact_text(str(exc))}", file=sys.stderr)
            return 2
        from kiosk.ops.health import HealthReporter
        report = HealthReporter(cfg).report()
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for line in _lines(report):
            print(line)
    return 0


def _lines(report: dict[str, Any]) -> list[str]:
    content = report.get("content") or {}
    lessons = content.get("lessons") or {}
    map_info = content.get("map") or {}
    chargers = report.get("chargers") or {}
    langs = ", ".join(f"{lang} {c.get('translated', '?')}/{c.get('messages', '?')}"
                      for lang, c in (content.get("translations") or {}).items())
    age = chargers.get("age_seconds")
    unknown = "unknown (not the running kiosk)" if not report.get("live") else "unknown"

    def show(value: Any, unit: str = "") -> str:
        return unknown if value is None else f"{value}{unit}"

    return [
        f"kiosk:          {report['device_id']} ({report['profile']}), version {report['version']}",
        f"uptime:         {show(report.get('uptime_seconds'), ' s')}",
        f"content:        release {content.get('release') or '(not a release folder)'} in {content.get('dir')}",
        f"lessons:        {lessons.get('count')} (hash {lessons.get('hash')})",
        f"map pack:       {map_info.get('id')} {map_info.get('version') or ''} (hash {map_info.get('hash')})",
        f"translations:   {langs or 'none'}",
        f"charger sync:   {chargers.get('last_success') or 'never'}"
        + (f" ({age:.0f} s ago)" if age is not None else ""),
        f"sessions today: {show(report.get('sessions_today'))}",
        f"lessons done:   {'unknown' if report.get('lessons_completed_today') is None else report['lessons_completed_today']} today",
        f"errors:         {show(report.get('errors_since_start'), ' since start')}",
        f"memory:         {show(report.get('memory_bytes'), ' bytes')}",
    ]
