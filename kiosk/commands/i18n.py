"""``kiosk i18n report``: how much of the kiosk each language's catalog translates; ``kiosk i18n
languages``: the language registry as the kiosk will use it.

Prints one line per language of :data:`kiosk.i18n.LANGUAGES` (English is the source): messages
translated out of the messages in ``translations/kiosk.pot`` and the percentage, so a translator or
the lead sees at a glance what is left after ``make catalogs``. A message counts as translated when
every one of its forms (all plural forms) is filled and it is not marked fuzzy (fuzzy text is never
shown). ``--missing LANG`` lists the untranslated messages of one language with their source
places. It reads the catalogs the kiosk shows — ``<content_dir>/translations`` of the config, i.e.
the installed content pack — unless ``--translations`` names another folder. The report exits 0
(1 only without such a folder or with an invalid config): missing translations are shown in
English, not an error (the test suite is what insists on complete Spanish and Russian).
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Coverage:
    """One language's catalog measured against the template."""

    code: str
    name: str
    translated: int
    total: int
    fuzzy: int
    present: bool

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("i18n", help="translation catalogs: coverage per language")
    isub = parser.add_subparsers(dest="i18n_command", metavar="ACTION", required=True)
    report = isub.add_parser("report", help="print translated/total and %% for each language")
    report.add_argument("--translations", metavar="DIR", type=Path,
                        help="folder holding kiosk.pot and <lang>/LC_MESSAGES/kiosk.po "
                             "(default: the installed content's, <content_dir>/translations)")
    report.add_argument("--config", help="config file naming the content folder (default: the "
                                         "usual search)")
    report.add_argument("--missing", metavar="LANG",
                        help="also list the untranslated messages of this language")
    report.set_defaults(func=_report)
    langs = isub.add_parser("languages", help="list the languages of the registry (built in and "
                                              "added by the content folder)")
    langs.add_argument("--translations", metavar="DIR", type=Path,
                       help="the translations folder whose language.toml files to include "
                            "(default: the kiosk's own)")
    langs.add_argument("--codes", action="store_true",
                       help="print only the codes that need a catalog, on one line (the Makefile "
                            "reads this)")
    langs.set_defaults(func=_languages)


def is_translated(message: Any) -> bool:
    """Every form filled and not fuzzy."""
    if message.fuzzy:
        return False
    if isinstance(message.string, (tuple, list)):
        return bool(message.string) and all(message.string)
    return bool(message.string)


def _read(path: Path) -> Any:
    from babel.messages.pofile import read_po
    with open(path, "rb") as fh:
        return read_po(fh)


def _key(message: Any) -> tuple[str | None, Any]:
    return message.context, message.id


def coverage(folder: Path, codes: list[str] | None = None) -> list[Coverage]:
    """Coverage of each language in ``folder`` (default: every kiosk language but English).

    The template ``kiosk.pot`` is the denominator when it exists, so a message extracted but not
    yet merged into a catalog counts as missing; without a template each catalog counts itself.
    """
    from kiosk.i18n import LANGUAGES
    codes = codes if codes is not None else [c for c in LANGUAGES if c != "en"]
    pot = folder / "kiosk.pot"
    wanted = {_key(m) for m in _read(pot) if m.id} if pot.exists() else None
    result = []
    for code in codes:
        name = LANGUAGES[code].native_name if code in LANGUAGES else code
        po = folder / code / "LC_MESSAGES" / "kiosk.po"
        if not po.exists():
            result.append(Coverage(code, name, 0, len(wanted or ()), 0, False))
            continue
        messages = {_key(m): m for m in _read(po) if m.id}
        keys = wanted if wanted is not None else set(messages)
        done = sum(1 for k in keys if k in messages and is_translated(messages[k]))
        fuzzy = sum(1 for k in keys if k in messages and messages[k].fuzzy)
        result.append(Coverage(code, name, done, len(keys), fuzzy, True))
    return result


def missing(folder: Path, code: str) -> list[str]:
    """``place: English text`` for every message of the template that ``code`` lacks."""
    po = folder / code / "LC_MESSAGES" / "kiosk.po"
    messages = {_key(m): m for m in _read(po) if m.id} if po.exists() else {}
    lines = []
    for message in _read(folder / "kiosk.pot"):
        if not message.id:
            continue
        have = messages.get(_key(message))
        if have is None or not is_translated(have):
            place = f"{message.locations[0][0]}:{message.locations[0][1]}" if message.locations \
                else "?"
            text = message.id if isinstance(message.id, str) else message.id[0]
            lines.append(f"{place}: {' '.join(text.split())[:100]}")
    return lines


def _installed_translations(config_path: str | None) -> Path:
    """The translations the kiosk shows: ``<content_dir>/translations`` of the config."""
    from kiosk import config
    return config.load(config_path).content_dir / "translations"


def _report(args: argparse.Namespace) -> int:
    from kiosk.errors import ConfigError
    try:
        folder = args.translations or _installed_translations(args.config)
    except ConfigError as exc:
        print(f"kiosk i18n: {exc}", file=sys.stderr)
        return 1
    if not folder.is_dir():
        print(f"kiosk i18n: no translations folder at {folder} (is the content installed?)",
              file=sys.stderr)
        return 1
    print(f"translations in {folder}")
    rows = coverage(folder)
    print(f"{'language':<16} {'translated':>14} {'coverage':>9}")
    for row in rows:
        label = f"{row.code} {row.name}"
        if not row.present:
            print(f"{label:<16} {'no catalog':>14}")
            continue
        note = f"  ({row.fuzzy} fuzzy, not shown)" if row.fuzzy else ""
        print(f"{label:<16} {f'{row.translated}/{row.total}':>14} {row.percent:>8.1f}%{note}")
    if args.missing and not (folder / "kiosk.pot").exists():
        print(f"\nno template (kiosk.pot) in {folder}: cannot list what {args.missing} lacks")
    elif args.missing:
        lines = missing(folder, args.missing)
        print(f"\n{len(lines)} untranslated in {args.missing}:")
        for line in lines:
            print(f"  {line}")
    return 0


def _languages(args: argparse.Namespace) -> int:
    """One line per language: code, name, locale, direction, units, voice, keyboard's first row."""
    from kiosk import languages
    folder = args.translations or languages.default_translations_dir()
    found, problems = languages.load(folder)
    if args.codes:
        print(" ".join(languages.catalog_codes(found)))
        return 0
    print(f"{'code':<6} {'name':<12} {'locale':<8} {'dir':<4} {'units':<9} {'voice':<8} keyboard")
    for lang in found.values():
        print(f"{lang.code:<6} {lang.native_name:<12} {lang.locale:<8} {lang.direction:<4} "
              f"{lang.units:<9} {lang.voice:<8} {lang.keyboard[0]}…")
    for problem in problems.values():
        print(f"left out: {problem}")
    return 1 if problems else 0
