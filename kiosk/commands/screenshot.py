"""``kiosk screenshot``: render any screen offscreen to a PNG (no display needed)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.commands.run import load_or_explain
from kiosk.config import LANGUAGES, PROFILES, THEMES


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("screenshot", help="render a screen to a PNG file")
    parser.add_argument("--screen", required=True, help="screen name, or 'list' to name them")
    parser.add_argument("--lang", choices=LANGUAGES)
    parser.add_argument("--profile", choices=PROFILES)
    parser.add_argument("--text-scale", type=float, default=1.0, choices=(1.0, 1.25, 1.5, 1.75, 2.0))
    parser.add_argument("--theme", choices=THEMES)
    parser.add_argument("--arg", action="append", default=[], metavar="KEY=VALUE",
                        help="an argument for the screen, e.g. --arg destination=plummer-park")
    parser.add_argument("--config")
    parser.add_argument("--out", help="PNG file to write")
    parser.set_defaults(func=_screenshot)


def _screenshot(args: argparse.Namespace) -> int:
    cfg = load_or_explain(args.config)
    if cfg is None:
        return 1
    from ui import screenshot

    if args.screen == "list":
        print("\n".join(screenshot.screen_names(cfg)))
        return 0
    if not args.out:
        print("kiosk screenshot: --out FILE.png is required", file=sys.stderr)
        return 2
    screen_args = {}
    for item in args.arg:
        key, sep, value = item.partition("=")
        if not sep or not key:
            print(f"kiosk screenshot: --arg wants KEY=VALUE, got {item!r}", file=sys.stderr)
            return 2
        screen_args[key] = value
    try:
        out = screenshot.render(cfg, args.screen, Path(args.out), lang=args.lang,
                                profile=args.profile, text_scale=args.text_scale, theme=args.theme,
                                args=screen_args)
    except KeyError:
        names = ", ".join(screenshot.screen_names(cfg))
        print(f"kiosk screenshot: no screen named {args.screen!r}; screens: {names}", file=sys.stderr)
        return 2
    print(out)
    return 0
