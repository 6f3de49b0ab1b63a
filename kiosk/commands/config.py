"""``kiosk config check FILE`` and ``kiosk config keys``."""
from __future__ import annotations

import argparse
import sys

from kiosk import config
from kiosk.errors import ConfigError
from kiosk.redact import redact_text


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("config", help="check a config file or list its keys")
    csub = parser.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    check = csub.add_parser("check", help="validate a config file; exit 1 with the problem")
    check.add_argument("file")
    check.set_defaults(func=_check)
    keys = csub.add_parser("keys", help="list every config key, its default and allowed values")
    keys.set_defaults(func=_keys)


def _check(args: argparse.Namespace) -> int:
    try:
        cfg = config.load_file(args.file, environ={})
    except ConfigError as exc:
        print(f"invalid config: {redact_text(str(exc))}", file=sys.stderr)
        return 1
    print(f"{args.file}: OK (profile {cfg.kiosk.profile}, languages {', '.join(cfg.kiosk.languages)})")
    return 0


def _keys(args: argparse.Namespace) -> int:
    print("\n".join(config.describe_keys()))
    return 0
