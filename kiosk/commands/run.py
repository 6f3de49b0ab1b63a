"""``kiosk run``: start the kiosk on the configured (or built-in demo) content."""
from __future__ import annotations

import argparse
import sys

from kiosk import config
from kiosk.errors import ConfigError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("run", help="start the kiosk (full screen; --windowed for development)")
    parser.add_argument("--config", help="TOML config file (default: KIOSK_CONFIG, XDG, then demo)")
    parser.add_argument("--windowed", action="store_true",
                        help="a normal window instead of locked-down full screen (development)")
    parser.set_defaults(func=_run)


def load_or_explain(path: str | None) -> config.Config | None:
    """The config, or None after printing exactly what is wrong with it."""
    try:
        return config.load(path)
    except ConfigError as exc:
        print(f"kiosk: invalid config, not starting: {exc}", file=sys.stderr)
        return None


def _run(args: argparse.Namespace) -> int:
    cfg = load_or_explain(args.config)
    if cfg is None:
        return 1
    from ui.app import run  # the composition root: only here does the core reach the UI

    return run(cfg, windowed=args.windowed)
