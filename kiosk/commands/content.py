"""``kiosk content install|rollback|status|pack``: content packs (lessons, maps, translations).

``install PACK.tar.gz`` verifies the pack's SHA-256 manifest, validates everything, then switches
the ``current`` link of the content root (the parent of ``[paths] content_dir``, which must end in
``/current``) to the new release, keeping the old one for ``rollback``. A refused pack changes
nothing; every reason is printed, one per line, and the exit status is 1.
``pack SRC_DIR --out PACK.tar.gz`` builds a pack (with its manifest) from a content folder.
See :mod:`kiosk.ops.content` for the layout.
"""
from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", metavar="FILE", help="kiosk config file")
    parser = sub.add_parser("content", help="install, roll back or build content packs")
    csub = parser.add_subparsers(dest="content_command", metavar="ACTION", required=True)
    install = csub.add_parser("install", parents=[common], help="verify, validate and install a pack")
    install.add_argument("pack", metavar="PACK.tar.gz")
    install.set_defaults(func=_install)
    rollback = csub.add_parser("rollback", parents=[common], help="go back to the previous content")
    rollback.set_defaults(func=_rollback)
    status = csub.add_parser("status", parents=[common], help="list installed content releases")
    status.set_defaults(func=_status)
    pack = csub.add_parser("pack", parents=[common], help="build a pack from a content folder")
    pack.add_argument("src", metavar="SRC_DIR", help="folder holding lessons/, maps/, translations/")
    pack.add_argument("--out", required=True, metavar="PACK.tar.gz")
    pack.set_defaults(func=_pack)


def _releases(args: argparse.Namespace):
    from kiosk import config
    from kiosk.errors import ContentError
    from kiosk.ops.content import ContentReleases, content_root
    try:
        cfg = config.load(args.config)
        return ContentReleases(content_root(cfg.content_dir)), cfg
    except ContentError as exc:
        print(f"kiosk content: {exc}", file=sys.stderr)
        return None, None


def _install(args: argparse.Namespace) -> int:
    from kiosk.errors import ContentError
    releases, cfg = _releases(args)
    if releases is None:
        return 2
    try:
        release = releases.install(args.pack, map_pack=cfg.maps.pack)
    except ContentError as exc:
        print(f"kiosk content: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"kiosk content: cannot write to {releases.root}: {exc}; nothing was changed", file=sys.stderr)
        return 1
    print(f"installed {args.pack} as content release {release.name}")
    print("the kiosk shows it after its next restart (sudo systemctl restart weho-kiosk)")
    return 0


def _rollback(args: argparse.Namespace) -> int:
    from kiosk.errors import ContentError
    releases, _cfg = _releases(args)
    if releases is None:
        return 2
    try:
        release = releases.rollback()
    except ContentError as exc:
        print(f"kiosk content: {exc}", file=sys.stderr)
        return 1
    print(f"content is back at release {release.name}; restart the kiosk to show it")
    return 0


def _status(args: argparse.Namespace) -> int:
    from kiosk.ops.content import describe
    releases, _cfg = _releases(args)
    if releases is None:
        return 2
    lines = list(describe(releases))
    print("\n".join(lines) if lines else f"no content releases under {releases.root}")
    return 0


def _pack(args: argparse.Namespace) -> int:
    from kiosk import config
    from kiosk.errors import ContentError
    from kiosk.ops.content import build_pack
    try:
        map_pack = config.load(args.config).maps.pack if args.config else None
        count = build_pack(args.src, args.out, map_pack=map_pack)
    except ContentError as exc:
        print(f"kiosk content: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.out} ({count} files)")
    return 0
