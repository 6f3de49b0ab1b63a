"""``kiosk maps validate PATH`` and ``kiosk maps import FILE --out maps/NAME``."""
from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("maps", help="check a map pack or import one from OpenStreetMap")
    msub = parser.add_subparsers(dest="maps_command", metavar="ACTION", required=True)
    check = msub.add_parser("validate", help="list every problem of a map pack; exit 1 if it has errors")
    check.add_argument("path", help="the pack folder, e.g. maps/weho")
    check.set_defaults(func=_validate)
    imp = msub.add_parser("import", help="build a pack from an OpenStreetMap extract (.osm or .osm.pbf)")
    imp.add_argument("file", help="FILE.osm or FILE.osm.pbf")
    imp.add_argument("--out", required=True, help="pack folder to write, e.g. maps/weho-full")
    imp.add_argument("--name", help="human-readable pack name (default: the folder name)")
    imp.add_argument("--here", metavar="LAT,LON", type=_lat_lon,
                     help="where the kiosk stands: buildings and landmarks are kept around it "
                          "(default: the middle of the extract)")
    imp.set_defaults(func=_import)


def _lat_lon(text: str) -> tuple[float, float]:
    try:
        lat, lon = (float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give latitude,longitude, e.g. 34.0901,-118.3617") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise argparse.ArgumentTypeError(f"{text!r}: latitude must be -90..90 and longitude -180..180")
    return lat, lon


def _validate(args: argparse.Namespace) -> int:
    from kiosk.maps.pack import validate_pack

    problems = validate_pack(args.path)
    errors = [p for p in problems if p.severity == "error"]
    for p in problems:
        print(f"{p}" if p.severity == "error" else f"{p} (warning)", file=sys.stderr if p in errors else sys.stdout)
    if errors:
        print(f"{args.path}: {len(errors)} error(s); the kiosk will show the map as unavailable", file=sys.stderr)
        return 1
    print(f"{args.path}: OK" + (f" ({len(problems)} warning(s))" if problems else ""))
    return 0


def _import(args: argparse.Namespace) -> int:
    from kiosk.errors import ContentError
    from kiosk.maps.osm_import import import_osm
    from kiosk.maps.pack import validate_pack

    try:
        counts = import_osm(args.file, args.out, name=args.name, here=args.here)
    except ContentError as exc:
        print(f"import failed: {exc}", file=sys.stderr)
        return 1
    print(f"{args.out}: {counts['streets']} ways, {counts['places']} places, {counts['areas']} areas"
          f" ({counts.get('buildings', 0)} buildings, {counts.get('landmarks', 0)} landmarks)")
    errors = [p for p in validate_pack(args.out) if p.severity == "error"]
    for p in errors:
        print(p, file=sys.stderr)
    return 1 if errors else 0
