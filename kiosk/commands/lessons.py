"""``kiosk lessons validate [PATH ...]`` and ``kiosk lessons list [--json]``.

``validate`` prints one line per problem (``lessons/<id>/lesson.toml: step 4 (practice): unknown
gesture 'tripletap'``) and exits 1, or prints nothing and exits 0 when every lesson is good.
Without paths it checks the ``lessons`` folder of the configured content directory.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", metavar="FILE", help="kiosk config file (for the content folder)")
    parser = sub.add_parser("lessons", help="check and list lessons")
    lsub = parser.add_subparsers(dest="lessons_command", metavar="ACTION", required=True)
    check = lsub.add_parser("validate", parents=[common],
                            help="check lesson folders; one line per problem, exit 1 if any")
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="lesson folders, lesson.toml files or folders of lessons "
                            "(default: the configured lessons folder)")
    check.set_defaults(func=_validate)
    listing = lsub.add_parser("list", parents=[common], help="list the valid lessons")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(func=_list)


def _lessons_dir(args: argparse.Namespace) -> Path | None:
    from kiosk import config
    from kiosk.errors import ConfigError
    try:
        return config.load(args.config).content_dir / "lessons"
    except ConfigError as exc:
        print(f"invalid config: {exc}", file=sys.stderr)
        return None


def _validate(args: argparse.Namespace) -> int:
    from kiosk.lessons.loader import LESSON_FILE, lesson_folders, validate
    paths = [Path(p) for p in args.paths]
    if not paths:
        folder = _lessons_dir(args)
        if folder is None:
            return 2
        if folder.is_dir() and not any((p / LESSON_FILE).exists() for p in lesson_folders(folder)):
            if not lesson_folders(folder):
                print(f"no lessons in {folder}", file=sys.stderr)
                return 0
        paths = [folder]
    problems = validate(paths)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def _list(args: argparse.Namespace) -> int:
    from kiosk.lessons.loader import load_all
    folder = _lessons_dir(args)
    if folder is None:
        return 2
    library = load_all(folder)
    rows = [{"id": l.id, "title": l.title, "topic": l.topic, "level": l.level,
             "minutes": l.minutes, "steps": l.step_count, "profiles": list(l.profiles)}
            for l in library]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        _print_table(rows)
    if library.problems:
        skipped = len({p.file for p in library.problems})
        print(f"{skipped} lesson(s) skipped; run 'kiosk lessons validate' to see why",
              file=sys.stderr)
    return 0


def _print_table(rows: list[dict]) -> None:
    headers = ("id", "title", "topic", "minutes", "steps", "profiles")
    cells = [[",".join(r[h]) if isinstance(r[h], list) else str(r[h]) for h in headers] for r in rows]
    widths = [max([len(h)] + [len(c[i]) for c in cells]) for i, h in enumerate(headers)]
    for line in [list(headers)] + cells:
        print("  ".join(v.ljust(w) for v, w in zip(line, widths)).rstrip())
