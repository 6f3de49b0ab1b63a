"""``kiosk progress export|check|sync``: learning records from a terminal.

``export`` writes the class grid as CSV or the events as xAPI statements (``--out`` a file, or a
folder for a timestamped file name); ``check`` runs an integrity check of the configured store and
exits 1 naming the problem; ``sync`` sends waiting statements to the configured LRS once.

Neither ``export`` nor ``check`` ever swaps a file for a new one: a store that cannot be read
(permissions, damage) exits 1 with the reason and the fix, a missing or 0-byte file is named as
such, and ``export`` never writes an empty file with exit 0.
"""
from __future__ import annotations

import argparse
import sys

from kiosk.redact import redact_text


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("progress", help="export or check the learners' progress records")
    psub = parser.add_subparsers(dest="progress_command", metavar="ACTION", required=True)

    export = psub.add_parser("export", help="write the class grid (CSV) or xAPI statements (JSON)")
    export.add_argument("--format", choices=("csv", "xapi"), required=True)
    export.add_argument("--out", required=True, help="file to write, or a folder for a timestamped file")
    export.add_argument("--class", dest="class_name", metavar="NAME", help="only this class")
    export.add_argument("--home-page", default=None,
                        help="base IRI of xAPI accounts and activities (default: the city's kiosk IRI)")
    export.add_argument("--config", help="config file (default: the usual search)")
    export.set_defaults(func=_export)

    check = psub.add_parser("check", help="integrity check of the configured store; exit 1 with the problem")
    check.add_argument("--config")
    check.set_defaults(func=_check)

    sync = psub.add_parser("sync", help="send waiting statements to the configured LRS once")
    sync.add_argument("--config")
    sync.set_defaults(func=_sync)


def _open(args: argparse.Namespace, recover: bool = True):  # noqa: ANN202 - (config, store) or None
    from kiosk import config
    from kiosk.errors import ConfigError, StoreError
    from kiosk.progress.store import open_from_config

    try:
        cfg = config.load(args.config)
        store = open_from_config(cfg, recover=recover)
    except (ConfigError, StoreError) as exc:
        print(f"kiosk progress: {redact_text(str(exc))}", file=sys.stderr)
        return None
    if store.recovery is not None:
        print(f"kiosk progress: {store.recovery.message()}", file=sys.stderr)
    return cfg, store


def _sqlite_state(args: argparse.Namespace) -> tuple[str | None, str]:
    """("missing" | "empty" | None, path) of the configured SQLite file, before it is opened.

    Opening creates (or sets up) the file, so "nothing there" must be seen first to be told.
    """
    from kiosk import config
    from kiosk.errors import ConfigError
    from kiosk.progress.store import SQLITE_FILE

    try:
        cfg = config.load(args.config)
    except ConfigError:
        return None, ""  # _open reports it
    if cfg.progress.database_url:
        return None, ""
    path = cfg.data_dir / SQLITE_FILE
    try:
        if not path.exists():
            return "missing", str(path)
        return ("empty" if path.is_file() and path.stat().st_size == 0 else None), str(path)
    except OSError:
        return None, str(path)  # _open names the permission problem


def _export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kiosk.progress import xapi
    from kiosk.progress.export import export_csv, export_xapi

    state, where = _sqlite_state(args)
    if state is not None:
        # Never an empty export with exit 0: a missing or empty file is not "no progress yet".
        print(f"kiosk progress: {where}: {'does not exist' if state == 'missing' else 'is empty (0 bytes)'}"
              "; there are no learning records to export", file=sys.stderr)
        return 1
    opened = _open(args, recover=False)  # a damaged file is reported, never swapped for an empty one
    if opened is None:
        return 1
    cfg, store = opened
    facts = _lesson_facts(cfg)
    with store:
        class_id = None
        if args.class_name:
            found = store.accounts.find_class(args.class_name)
            if found is None:
                names = ", ".join(c.name for c in store.accounts.list_classes(include_archived=True))
                print(f"kiosk progress: no class called {args.class_name!r}; classes: {names or 'none'}",
                      file=sys.stderr)
                return 1
            class_id = found.id
        out = Path(args.out)
        if not out.is_dir() and not out.parent.is_dir():
            print(f"kiosk progress: folder {out.parent} does not exist", file=sys.stderr)
            return 1
        try:
            if args.format == "csv":
                path = export_csv(store, out, class_id, facts.translated if facts else None)
            else:
                path = export_xapi(store, out, class_id, facts.translated if facts else None,
                                   home_page=args.home_page or xapi.DEFAULT_HOME_PAGE, facts=facts)
        except OSError as exc:
            print(f"kiosk progress: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
            return 1
    print(path)
    return 0


def _lesson_facts(cfg):  # noqa: ANN001, ANN202 - a Config; LessonFacts or None
    """The kiosk's lessons (titles in the export, mastery rules in xAPI results); None when the
    lessons folder cannot be read — the export still works, with lesson ids only."""
    from kiosk.progress.lessonfacts import LessonFacts

    try:
        from kiosk.lessons import load_all

        return LessonFacts(load_all(cfg.content_dir / "lessons"))
    except Exception as exc:  # noqa: BLE001 - lessons are a nicety here, the records are not
        print(f"kiosk progress: lessons not read ({exc}); exporting lesson ids only", file=sys.stderr)
        return None


def _check(args: argparse.Namespace) -> int:
    state, path = _sqlite_state(args)
    if state == "empty":
        # A file truncated to nothing looks like a healthy new store once set up: say what it is.
        print(f"kiosk progress: {path}: the file is empty (0 bytes) and holds no learning records. "
              "If this kiosk had records, restore the file from a backup; a new kiosk sets it up "
              "when it first starts.", file=sys.stderr)
        return 1
    opened = _open(args, recover=False)
    if opened is None:
        return 1
    _cfg, store = opened
    with store:
        problems = store.check()
        where = store.engine.url.render_as_string(hide_password=True)
        count = store.count_events() if not problems else None
    if problems:
        for problem in problems:
            print(f"{where}: {problem}", file=sys.stderr)
        return 1
    if state == "missing":
        print(f"{where}: OK, new and empty ({count} learning events): there was no file, so one "
              "was set up just now")
        return 0
    print(f"{where}: OK ({count} learning events)")
    return 0


def _sync(args: argparse.Namespace) -> int:
    from kiosk.progress.outbox import LrsOutbox

    opened = _open(args)
    if opened is None:
        return 1
    cfg, store = opened
    with store:
        outbox = LrsOutbox.from_config(store, cfg)
        if outbox is None:
            print("kiosk progress: no LRS configured ([progress] lrs_url is empty)", file=sys.stderr)
            return 1
        result = outbox.flush()
    print(f"sent {result.sent}, waiting {result.pending}")
    if result.error:
        print(f"kiosk progress: {result.error}", file=sys.stderr)
        return 1
    return 0
