"""Translator's helper for a catalog pass: list what is untranslated, then merge translations in.

Usage (from the repository root, after ``make catalogs``)::

    .venv/bin/python translations/tools/catalog_pass.py todo ru > /tmp/ru-todo.txt
    # write the translations in the same block format (see below), then
    .venv/bin/python translations/tools/catalog_pass.py apply ru /tmp/ru-done.txt
    make compile-catalogs

Block format, one block per message, keyed by a short stable id of the English text::

    @@ 1a2b3c4d
    Translated text, may run over several lines (a trailing newline is dropped)
    @@ 5e6f7a8b
    singular form
    @|
    second plural form
    @|
    third plural form

``todo`` prints the same blocks with the English text and the translator comment (lines starting
with ``#`` are comments and ignored by ``apply``). ``apply`` keeps every existing translation and
translator comment, never marks anything fuzzy, and refuses a block whose placeholders differ from
the English text or whose plural form count is wrong for the language.
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}")


def message_key(message: Message) -> str:
    ident = message.id if isinstance(message.id, str) else "\x00".join(message.id)
    return hashlib.sha1(f"{message.context or ''}\x04{ident}".encode()).hexdigest()[:8]


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def po_path(lang: str) -> Path:
    return ROOT / "translations" / lang / "LC_MESSAGES" / "kiosk.po"


def load(lang: str) -> Catalog:
    with open(po_path(lang), "rb") as fh:
        return read_po(fh, abort_invalid=True)


def save(lang: str, catalog: Catalog) -> None:
    with open(po_path(lang), "wb") as fh:
        write_po(fh, catalog)


def untranslated(message: Message) -> bool:
    if isinstance(message.string, (tuple, list)):
        return not all(message.string)
    return not message.string


def todo(lang: str, match: str | None) -> int:
    catalog = load(lang)
    for message in catalog:
        if not message.id or not untranslated(message):
            continue
        where = " ".join(f"{f}:{n}" for f, n in message.locations)
        if match and not re.search(match, where):
            continue
        print(f"@@ {message_key(message)}")
        print(f"# {where}")
        for comment in message.auto_comments:
            print(f"# {comment}")
        if isinstance(message.id, str):
            print("#= " + message.id.replace("\n", "\n#= "))
        else:
            print(f"#= {message.id[0]}\n#+ {message.id[1]}  ({catalog.num_plurals} forms)")
    return 0


def parse_blocks(text: str) -> dict[str, list[str]]:
    blocks: dict[str, list[str]] = {}
    key, forms, lines = None, [], []
    for line in text.splitlines() + ["@@ END"]:
        if line.startswith("#"):
            continue
        if line.startswith("@@ ") or line.strip() == "@|":
            if key is not None:
                forms.append("\n".join(lines).strip("\n"))
            if line.startswith("@@ "):
                if key is not None:
                    blocks[key] = forms
                key, forms = line[3:].strip(), []
            lines = []
            continue
        lines.append(line)
    blocks.pop("END", None)
    return blocks


def apply(lang: str, source: Path) -> int:
    catalog = load(lang)
    by_key = {message_key(m): m for m in catalog if m.id}
    problems, done = [], 0
    for key, forms in parse_blocks(source.read_text(encoding="utf-8")).items():
        message = by_key.get(key)
        if message is None:
            problems.append(f"{key}: no such message (re-run todo after make catalogs)")
            continue
        if isinstance(message.id, str):
            if len(forms) != 1:
                problems.append(f"{key}: one form expected")
                continue
            wanted, new = placeholders(message.id), forms[0]
            found = placeholders(new)
        else:
            if len(forms) != catalog.num_plurals or not all(forms):
                problems.append(f"{key}: {catalog.num_plurals} plural forms expected")
                continue
            wanted = placeholders(message.id[0]) | placeholders(message.id[1])
            found = set().union(*(placeholders(f) for f in forms))
            new = tuple(forms)
        if found != wanted:
            problems.append(f"{key}: placeholders {sorted(found)} != {sorted(wanted)}")
            continue
        message.string = new
        message.flags.discard("fuzzy")
        done += 1
    save(lang, catalog)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{lang}: {done} messages set, {len(problems)} refused")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="action", required=True)
    t = sub.add_parser("todo", help="print the untranslated messages as blocks")
    t.add_argument("lang")
    t.add_argument("--match", help="only messages whose source location matches this regex")
    a = sub.add_parser("apply", help="merge a file of translated blocks into the catalog")
    a.add_argument("lang")
    a.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    if args.action == "todo":
        return todo(args.lang, args.match)
    return apply(args.lang, args.file)


if __name__ == "__main__":
    sys.exit(main())
