"""Validating a content tree (staged from a pack, or a folder about to be packed).

Every lesson (``kiosk.lessons.validate``), every map pack (``kiosk.maps.validate_pack``; the
configured pack must be there), every JSON file (size and nesting depth through
:mod:`kiosk.safejson` *before* the map loader parses it, so a 100,000-deep file is a message, not
a ``RecursionError``) and every catalog: read strictly, checked (placeholders, plural forms),
compiled to ``.mo`` and that ``.mo`` loaded back. (A pack may not bring ``.mo`` files of its own —
refused when it is unpacked: the kiosk compiles what it can check.)
"""
from __future__ import annotations

import gettext
import io
import os
from pathlib import Path

from kiosk import safejson
from kiosk.errors import ContentError

JSON_SUFFIXES = (".json", ".geojson")


def validate_tree(tree: Path, map_pack: str | None, compile_catalogs: bool = True) -> list[str]:
    """Every problem in a content folder; catalogs are compiled to ``.mo`` when asked and valid."""
    tree = Path(tree)
    json_problems = _json_problems(tree)
    problems = _lesson_problems(tree) + json_problems
    if not json_problems:  # the map loader would choke on exactly those files
        problems += _map_problems(tree, map_pack)
    problems += _catalog_problems(tree, compile_catalogs)
    return [_pack_relative(p, tree) for p in problems]


def _pack_relative(problem: str, tree: Path) -> str:
    """Name files as the pack does (``lessons/x/lesson.toml``), not by the staging folder."""
    for prefix in {str(tree.resolve()), os.path.abspath(tree), os.path.relpath(tree)}:
        if problem.startswith(prefix + os.sep):
            return problem[len(prefix) + 1:]
    return problem


def _guarded(what: str, check) -> list[str]:  # noqa: ANN001 - a zero-argument callable
    """A validator that crashes is a refused pack with the reason, never a traceback."""
    try:
        return check()
    except RecursionError:
        return [f"{what}: nested too deeply to read"]
    except (ContentError, OSError, ValueError) as exc:
        return [f"{what}: {exc}"]


def _lesson_problems(tree: Path) -> list[str]:
    from kiosk.lessons.loader import validate
    folder = tree / "lessons"
    if not folder.is_dir():
        return []
    return _guarded("lessons", lambda: [str(p) for p in validate([folder])])


def _json_problems(tree: Path) -> list[str]:
    return json_problems(tree / "lessons") + json_problems(tree / "maps")


def json_problems(folder: Path) -> list[str]:
    """Every JSON file under ``folder`` that is too large, nested too deep or not JSON."""
    problems: list[str] = []
    if not folder.is_dir():
        return problems
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() in JSON_SUFFIXES and path.is_file():
            try:
                safejson.load_file(path)
            except ContentError as exc:
                problems.append(str(exc))
    return problems


def _map_problems(tree: Path, map_pack: str | None) -> list[str]:
    from kiosk.maps.pack import validate_pack
    problems: list[str] = []
    maps = tree / "maps"
    packs = sorted(p for p in maps.iterdir() if (p / "pack.toml").is_file()) if maps.is_dir() else []
    for pack in packs:
        found = _guarded(f"maps/{pack.name}", lambda: [
            f"maps/{pack.name}/{p}" for p in validate_pack(pack) if p.severity == "error"])
        problems += found
    if map_pack and not (maps / map_pack / "pack.toml").is_file():
        problems.append(f"maps/{map_pack}: the configured map pack ([maps] pack = {map_pack!r}) is missing")
    return problems


def _catalog_problems(tree: Path, compile_catalogs: bool) -> list[str]:
    folder = tree / "translations"
    problems: list[str] = []
    for po in sorted(folder.glob("*/LC_MESSAGES/*.po")):
        problems += _one_catalog(po, po.relative_to(tree).as_posix(), compile_catalogs)
    return problems


def _one_catalog(po: Path, rel: str, compile_catalogs: bool) -> list[str]:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    try:
        with open(po, "rb") as fh:
            catalog = read_po(fh, abort_invalid=True)
    except Exception as exc:  # noqa: BLE001 - Babel raises several kinds for bad catalogs
        line = getattr(exc, "lineno", None)
        text = str(exc).removesuffix(f" on {line}")
        return [f"{rel}: line {line}: {text}" if line else f"{rel}: {text}"]
    problems = []
    for message, errors in catalog.check():
        for error in errors:
            msgid = message.id[0] if isinstance(message.id, tuple) else message.id
            problems.append(f"{rel}: line {message.lineno}: {msgid[:40]!r}: {error}")
    if problems or not compile_catalogs:
        return problems[:20]
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    try:
        gettext.GNUTranslations(io.BytesIO(compiled.getvalue()))
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        return [f"{rel}: compiles to a catalog that cannot be loaded ({exc})"]
    po.with_suffix(".mo").write_bytes(compiled.getvalue())
    return []


__all__ = ["validate_tree", "json_problems", "JSON_SUFFIXES"]
