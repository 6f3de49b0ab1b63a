"""``kiosk trainer set-pin``: set the trainer PIN from a terminal.

The PIN is read without echo (asked twice) on a terminal, or as one line from standard input
otherwise (``echo 2468 | kiosk trainer set-pin``). Only its salted scrypt hash is stored, and any
lock from wrong PINs is lifted. Run as root, the SQLite file is then given to the owner of the
data folder, so the kiosk's user can still write its learning records.
"""
from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("trainer", help="trainer mode settings")
    tsub = parser.add_subparsers(dest="trainer_command", metavar="ACTION", required=True)
    set_pin = tsub.add_parser("set-pin", help="set the trainer PIN (read without echo, or from stdin)")
    set_pin.add_argument("--config", help="config file (default: the usual search)")
    set_pin.set_defaults(func=_set_pin)


def _read_pin() -> str | None:
    if not sys.stdin.isatty():
        return sys.stdin.readline().strip()
    import getpass

    first = getpass.getpass("New trainer PIN (6 to 12 digits, not a date or a run like 123456): ")
    second = getpass.getpass("The same PIN again: ")
    if first != second:
        print("kiosk trainer: the two PINs differ; nothing changed", file=sys.stderr)
        return None
    return first


def _default_sqlite_file(cfg):  # noqa: ANN001, ANN202 - Config → Path | None
    """The SQLite file in the data folder, when the config uses it (no ``database_url``)."""
    from kiosk.progress.store import SQLITE_FILE

    return None if cfg.progress.database_url else cfg.data_dir / SQLITE_FILE


def _set_pin(args: argparse.Namespace) -> int:
    from kiosk import config
    from kiosk.errors import ConfigError, StoreError
    from kiosk.progress.pin import PinError, check_new_pin
    from kiosk.progress.sqlitefile import give_to_folder_owner
    from kiosk.progress.store import open_from_config
    from kiosk.redact import redact_text

    pin = _read_pin()
    if pin is None:
        return 1
    try:
        check_new_pin(pin)
        cfg = config.load(args.config)
        sqlite_file = _default_sqlite_file(cfg)
        existing = cfg.data_dir
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent  # the folder that was there before this command
        with open_from_config(cfg) as store:
            store.trainer_pin.set_pin(pin)
        if sqlite_file is not None:
            # Run as root (e.g. before the kiosk's first start): the kiosk's user must own the
            # database, or every learning event would fail as "readonly database".
            give_to_folder_owner(sqlite_file, existing)
    except (PinError, ConfigError, StoreError) as exc:
        print(f"kiosk trainer: {redact_text(str(exc))}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"kiosk trainer: the PIN is set, but {exc.filename} could not be given to the data "
              f"folder's owner ({exc.strerror or exc})", file=sys.stderr)
        return 1
    print("Trainer PIN set.")
    return 0
