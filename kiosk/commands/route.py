"""``kiosk route FROM TO [--step-free] [--slow] [--lang CODE] [--json] [--config FILE]``.

FROM and TO are place ids or names (any language), ``here`` (the kiosk, from ``[location]``),
or ``lat,lon``. Prints the distance, minutes and directions; unknown places exit 1 with the
closest matches.
"""
from __future__ import annotations

import argparse
import json
import sys


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("route", help="walking directions between two places on the map pack")
    parser.add_argument("origin", metavar="FROM", help="place id or name, 'here', or lat,lon")
    parser.add_argument("destination", metavar="TO", help="place id or name, 'here', or lat,lon")
    parser.add_argument("--step-free", action="store_true", help="avoid steps (wheelchair, pram)")
    parser.add_argument("--slow", action="store_true", help="use the slower walking speed for minutes")
    parser.add_argument("--lang", help="language of the directions (en, es, ru, fa)")
    parser.add_argument("--json", action="store_true", help='print {"distance_m", "minutes", "steps", "path"}')
    parser.add_argument("--config", help="config file (default: the usual search)")
    parser.set_defaults(func=_route)


def _route(args: argparse.Namespace) -> int:
    from kiosk import config as config_mod
    from kiosk import i18n
    from kiosk.errors import ContentError
    from kiosk.maps.service import NoRoute, UnknownPlace, Wayfinder

    try:
        cfg = config_mod.load(args.config)
        wayfinder = Wayfinder.from_config(cfg)
    except ContentError as exc:
        print(f"map unavailable: {exc}", file=sys.stderr)
        return 1
    lang = args.lang or cfg.kiosk.default_language
    if lang not in i18n.LANGUAGES:
        print(f"unknown language {lang!r}; choose from {', '.join(i18n.LANGUAGES)}", file=sys.stderr)
        return 2
    i18n.set_translations_dir(cfg.content_dir / "translations")
    i18n.set_language(lang)
    try:
        route = wayfinder.route(args.origin, args.destination, step_free=args.step_free, slow=args.slow)
    except UnknownPlace as exc:
        hint = "; ".join(f"{p.id} ({p.name(lang)})" for p in exc.suggestions)
        print(f"unknown place {exc.text!r}" + (f"; did you mean: {hint}" if hint else ""), file=sys.stderr)
        return 1
    except NoRoute as exc:
        print(f"no walking route: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(route.to_json(), ensure_ascii=False))
        return 0
    print(f"{route.origin.label(lang)} → {route.destination.label(lang)}")
    print(f"{i18n.format_distance(route.distance_m, wayfinder.units)}, {i18n.format_minutes(route.minutes)}"
          + (" (step-free)" if args.step_free else ""))
    for number, step in enumerate(route.steps(), 1):
        print(f"{number}. {step.text}")
    return 0
