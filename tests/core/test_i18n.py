"""Languages: catalogs, plurals, Babel formatting, live switching."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from kiosk import i18n


def test_minutes_use_each_languages_plural_rules() -> None:
    i18n.set_language("ru")
    assert i18n.format_minutes(1) == "1 минута"
    assert i18n.format_minutes(2) == "2 минуты"
    assert i18n.format_minutes(5) == "5 минут"
    i18n.set_language("es")
    assert i18n.format_minutes(1) == "1 minuto"
    i18n.set_language("en")
    assert i18n.format_minutes(0.2) == "1 minute"


def test_distances_in_feet_for_english_and_metres_otherwise() -> None:
    i18n.set_language("en")
    assert i18n.format_distance(183) == "600 feet"
    assert i18n.format_distance(2414) == "1.5 miles"
    assert i18n.format_distance(183, "metric") == "180 meters"
    i18n.set_language("es")
    assert i18n.format_distance(183) == "180 metros"
    i18n.set_language("ru")
    assert i18n.format_distance(2300) == "2,3 километра"


def test_updated_ago_in_each_language() -> None:
    now = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
    i18n.set_language("en")
    assert i18n.format_ago(now - timedelta(minutes=3), now) == "3 minutes ago"
    assert i18n.format_ago(now - timedelta(seconds=10), now) == "just now"
    i18n.set_language("es")
    assert i18n.format_ago(now - timedelta(hours=2), now) == "hace 2 horas"
    i18n.set_language("ru")
    assert i18n.format_ago(now - timedelta(minutes=5), now) == "5 минут назад"


def test_catalog_from_po_and_live_switch(tmp_path: Path) -> None:
    catalog = Catalog(locale="es")
    catalog.add("Home", "Inicio")
    # As many plural forms as this Babel's CLDR gives Spanish (2 in CLDR ≤ 45, 3 since: one /
    # many / other); every form but "one" is "pasos" for n = 3.
    forms = ["{n} paso"] + ["{n} pasos"] * (catalog.num_plurals - 1)
    catalog.add(("{n} step", "{n} steps"), tuple(forms))
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "kiosk.po", "wb") as fh:
        write_po(fh, catalog)
    seen: list[str] = []
    i18n.set_translations_dir(tmp_path)
    i18n.add_listener(seen.append)
    try:
        i18n.set_language("es")
        assert i18n._("Home") == "Inicio"
        assert i18n.ngettext("{n} step", "{n} steps", 3).format(n=3) == "3 pasos"
        assert i18n._("Untranslated stays English") == "Untranslated stays English"
        assert i18n.translate_in("en", "Home") == "Home"
        assert seen == ["es"]
    finally:
        i18n.remove_listener(seen.append)
        i18n.set_translations_dir(Path(i18n.__file__).parent.parent / "translations")


def test_a_broken_catalog_falls_back_to_english(tmp_path: Path, caplog) -> None:
    folder = tmp_path / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "kiosk.po").write_text('msgid "Home"\nmsgstr "Главная"\nthis line is not gettext\n',
                                     encoding="utf-8")
    i18n.set_translations_dir(tmp_path)
    try:
        i18n.set_language("ru")
        assert i18n._("Home") == "Home"
        assert "kiosk.po" in caplog.text
    finally:
        i18n.set_translations_dir(Path(i18n.__file__).parent.parent / "translations")


def test_farsi_is_right_to_left() -> None:
    i18n.set_language("fa")
    assert i18n.is_rtl()
    i18n.set_language("en")
    assert not i18n.is_rtl()


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        i18n.set_language("xx")


def test_farsi_sentences_that_start_with_latin_letters_still_read_right_to_left() -> None:
    i18n.set_language("fa")
    try:
        help_line = i18n._("“A+” makes the text bigger. “A−” makes it smaller.")
        assert help_line.startswith(i18n.RLM) and "A+" in help_line
        # All-Persian text needs no mark; text with no Persian at all (an English message not
        # translated yet, a web address) keeps reading left to right.
        assert not i18n._("Home").startswith(i18n.RLM)
        assert i18n._("weho.org") == "weho.org"
        assert i18n._("A message no catalog has") == "A message no catalog has"
        assert i18n.translate_in("fa", "“A+” makes the text bigger. “A−” makes it smaller.") \
            == help_line
    finally:
        i18n.set_language("en")
    assert not i18n._("“A+” makes the text bigger. “A−” makes it smaller.").startswith(i18n.RLM)


def test_units_come_from_the_language_registry() -> None:
    from kiosk import languages
    for code, lang in languages.BUILT_IN.items():
        i18n.set_language(code)
        assert i18n.uses_imperial() == (lang.units == "imperial")
        assert i18n.is_rtl() == (lang.direction == "rtl")
    i18n.set_language("en")
