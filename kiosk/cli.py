"""The ``kiosk`` command (also ``python -m kiosk``).

Each sub-command lives in a module of :mod:`kiosk.commands` with a ``register(subparsers)``
function; this file finds them, so adding a command never touches it. Commands that need Qt
(``run``, ``screenshot``) import the ``ui`` package inside their handler: the CLI is the
composition root, the one place allowed to reach from the core into the views, and only lazily,
so importing any ``kiosk`` module still never loads PySide6.
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from kiosk import __version__, commands


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk", description="WeHo Kiosk — civic touchscreen kiosk for West Hollywood.")
    parser.add_argument("--version", action="version", version=f"weho-kiosk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
