"""Fold the translations in translations/pending/*-<lang>.po into the language catalogs.

Feature work adds new messages with their translations in small pending files (one per piece of
work and language) so parallel branches never edit the big catalogs at once. After `make
catalogs` has added the new msgids, this fills each untranslated or fuzzy entry from the pending
files and deletes the files it used up. Entries whose msgid is not (or no longer) in the
catalog are reported and kept.
"""
from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    pending = sorted((ROOT / "pending").glob("*-*.po"))
    by_lang: dict[str, list[Path]] = {}
    for path in pending:
        by_lang.setdefault(path.stem.rsplit("-", 1)[1], []).append(path)
    for lang, files in sorted(by_lang.items()):
        target = ROOT / lang / "LC_MESSAGES" / "kiosk.po"
        with open(target, "rb") as fh:
            catalog = read_po(fh)
        filled, unknown = 0, []
        for path in files:
            with open(path, "rb") as fh:
                extra = read_po(fh, locale=lang)
            for message in extra:
                if not message.id or not message.string:
                    continue
                entry = catalog.get(message.id, message.context)
                if entry is None:
                    unknown.append(f"{path.name}: {str(message.id)[:60]!r}")
                    continue
                strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
                have = entry.string if isinstance(entry.string, (list, tuple)) else [entry.string]
                if entry.fuzzy or not all(have):
                    if isinstance(entry.id, (list, tuple)):
                        forms = list(strings) + [strings[-1]] * (catalog.num_plurals - len(strings))
                        entry.string = tuple(forms[: catalog.num_plurals])
                    else:
                        entry.string = strings[0]
                    entry.flags.discard("fuzzy")
                    filled += 1
        with open(target, "wb") as fh:
            write_po(fh, catalog)
        print(f"{lang}: {filled} filled from {len(files)} pending files; {len(unknown)} not in the catalog")
        for line in unknown:
            print("   ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
