"""A made-up language added the way a deployment adds one — a ``language.toml`` and a ``.po`` in
the content folder — for the UI tests (tests/core/test_languages.py checks the registry itself)."""
from __future__ import annotations

from pathlib import Path

from kiosk import languages

ROOT = Path(__file__).resolve().parents[2]
CODE = "qaa"  # ISO 639 keeps qaa–qtz for local use: no real language will ever clash
ENTRY = """\
native_name = "Kioskerén"
locale = "hy_AM"
voice = "hy"
keyboard = ["աբգդեզէըթժ", "իլխծկհձղճմ", "յնշոչպջռսվ"]
letters_label = "ԱԲԳ"
"""
WORDS = {"Home": "Տուն", "Back": "Ետ", "Help": "Օգնություն"}


def add_language(translations: Path) -> None:
    """One entry file and one catalog under ``translations/qaa``."""
    folder = translations / CODE
    (folder / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    (folder / languages.ENTRY_FILE).write_text(ENTRY, encoding="utf-8")
    po = "".join(f'msgid "{en}"\nmsgstr "{word}"\n\n' for en, word in WORDS.items())
    (folder / "LC_MESSAGES" / "kiosk.po").write_text(po, encoding="utf-8")


def content_with_language(tmp_path: Path) -> Path:
    """A content folder like the shipped one (lessons, maps, catalogs) plus the made-up language."""
    content = tmp_path / "content"
    (content / "translations").mkdir(parents=True)
    for name in ("lessons", "maps"):
        (content / name).symlink_to(ROOT / name)
    for catalog in (ROOT / "translations").iterdir():
        if catalog.is_dir():
            (content / "translations" / catalog.name).symlink_to(catalog)
    add_language(content / "translations")
    return content
