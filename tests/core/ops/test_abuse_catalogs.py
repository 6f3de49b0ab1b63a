"""Translation catalogs under attack: a corrupt ``.mo`` is an error in the log and the ``.po`` is
used (the kiosk does not quietly turn English), and ``kiosk i18n report`` describes the catalogs
the kiosk actually shows — the installed content's — not the repository's.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from kiosk import i18n


def _catalog(folder: Path, code: str, pairs: dict[str, str]) -> Path:
    base = folder / code / "LC_MESSAGES"
    base.mkdir(parents=True, exist_ok=True)
    catalog = Catalog(locale=code)
    for msgid, msgstr in pairs.items():
        catalog.add(msgid, msgstr)
    with open(base / "kiosk.po", "wb") as fh:
        write_po(fh, catalog)
    return base


def test_a_corrupt_mo_is_logged_and_the_po_used(tmp_path: Path, caplog) -> None:
    base = _catalog(tmp_path, "es", {"Home": "Inicio"})
    mo = base / "kiosk.mo"
    mo.write_bytes(b"\xde\x12\x04\x95" + os.urandom(64))  # right magic, garbage after it
    newer = (base / "kiosk.po").stat().st_mtime + 60
    os.utime(mo, (newer, newer))  # newer than the .po: it would be preferred
    with caplog.at_level(logging.ERROR, logger="kiosk.i18n"):
        catalog = i18n.load_catalog("es", tmp_path)
    assert catalog.gettext("Home") == "Inicio"
    assert any("kiosk.mo is broken" in r.getMessage() and r.levelno == logging.ERROR
               for r in caplog.records)


def test_a_corrupt_mo_without_a_po_is_an_error_not_silence(tmp_path: Path, caplog) -> None:
    base = tmp_path / "ru" / "LC_MESSAGES"
    base.mkdir(parents=True)
    (base / "kiosk.mo").write_bytes(b"not a catalog at all")
    with caplog.at_level(logging.ERROR, logger="kiosk.i18n"):
        catalog = i18n.load_catalog("ru", tmp_path)
    assert catalog.gettext("Home") == "Home"
    assert any("unusable" in r.getMessage() for r in caplog.records)


def test_report_reads_the_installed_content_not_the_repository(tmp_path: Path, capsys) -> None:
    from kiosk.cli import main

    content = tmp_path / "content"
    _catalog(content / "translations", "es", {"Home": "Inicio", "Back": ""})
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[paths]\ncontent_dir = "{content}"\n', encoding="utf-8")
    assert main(["i18n", "report", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert f"translations in {content / 'translations'}" in out
    es_line = next(line for line in out.splitlines() if line.startswith("es "))
    assert "1/2" in es_line and "50.0%" in es_line
    assert "ru Русский" in out and "no catalog" in out  # the repository has Russian; this pack not


def test_report_without_installed_translations_says_so(tmp_path: Path, capsys) -> None:
    from kiosk.cli import main

    config = tmp_path / "kiosk.toml"
    config.write_text(f'[paths]\ncontent_dir = "{tmp_path / "nowhere"}"\n', encoding="utf-8")
    assert main(["i18n", "report", "--config", str(config)]) == 1
    assert "no translations folder" in capsys.readouterr().err
