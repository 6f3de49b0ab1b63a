"""``kiosk doctor [--config FILE]``: check this machine for running the kiosk; one line per check.

Each line starts with OK, WARN or FAIL and names a fix. Exit status 1 when anything a visitor
would notice is broken (any FAIL), else 0. See :mod:`kiosk.ops.doctor`.
"""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("doctor", help="check display, fonts, speech, content, database, network, disk, clock")
    parser.add_argument("--config", metavar="FILE", help="kiosk config file")
    parser.set_defaults(func=_doctor)


def _doctor(args: argparse.Namespace) -> int:
    from kiosk.ops.doctor import FAIL, exit_status, run_checks
    results = run_checks(args.config)
    for check in results:
        print(check.line(), flush=True)
    failed = sum(1 for c in results if c.status == FAIL)
    print(f"\n{failed} problem(s) a visitor would notice." if failed else "\nNothing a visitor would notice.")
    return exit_status(results)
