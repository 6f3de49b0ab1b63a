"""The shipped translation catalogs: they compile, keep placeholders, and Spanish and Russian are complete.

These checks read ``translations/`` as committed (Babel only, no Qt), so a catalog that would show
a visitor English, a ``KeyError`` from a lost ``{placeholder}`` or a broken ``.po`` fails
``make test`` before it reaches a kiosk. When new UI or lesson text is added, the completeness test
fails until the translation pass is done (``make catalogs`` then
``translations/tools/catalog_pass.py``).
"""
from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from kiosk import i18n
from kiosk.commands.i18n import coverage, is_translated

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
CATALOGS = sorted(TRANSLATIONS.glob("*/LC_MESSAGES/kiosk.po"))
COMPLETE = ("es", "ru")
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}")


def _read(path: Path) -> Catalog:
    with open(path, "rb") as fh:
        return read_po(fh, abort_invalid=True)


def _language(path: Path) -> str:
    return path.parent.parent.name


def _forms(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, (tuple, list)) else [message.string]


def _source_placeholders(message: Message) -> set[str]:
    ids = [message.id] if isinstance(message.id, str) else list(message.id)
    return set().union(*(set(PLACEHOLDER.findall(text)) for text in ids))


def test_every_language_has_a_catalog() -> None:
    assert {_language(p) for p in CATALOGS} >= {code for code in i18n.LANGUAGES if code != "en"}


@pytest.mark.parametrize("po", CATALOGS, ids=_language)
def test_catalog_compiles(po: Path) -> None:
    catalog = _read(po)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    assert buffer.tell() > 0


@pytest.mark.parametrize("po", CATALOGS, ids=_language)
def test_placeholders_match_the_source(po: Path) -> None:
    problems = []
    for message in _read(po):
        if not message.id:
            continue
        wanted = _source_placeholders(message)
        for index, form in enumerate(_forms(message)):
            if form and set(PLACEHOLDER.findall(form)) != wanted:
                problems.append(f"{message.id!r} form {index}: {form!r} (needs {sorted(wanted)})")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("code", COMPLETE)
def test_no_message_is_left_untranslated(code: str) -> None:
    template = {(m.context, m.id) for m in _read(TRANSLATIONS / "kiosk.pot") if m.id}
    catalog = {(m.context, m.id): m for m in _read(TRANSLATIONS / code / "LC_MESSAGES" / "kiosk.po")
               if m.id}
    missing = sorted(str(key[1])[:80] for key in template
                     if key not in catalog or not is_translated(catalog[key]))
    assert not missing, f"{len(missing)} messages untranslated in {code} " \
                        f"(run make catalogs, then translate):\n" + "\n".join(missing)


def test_russian_fills_all_three_plural_forms() -> None:
    catalog = _read(TRANSLATIONS / "ru" / "LC_MESSAGES" / "kiosk.po")
    assert catalog.num_plurals == 3
    plurals = [m for m in catalog if m.id and not isinstance(m.id, str)]
    assert plurals, "the kiosk has plural messages; the Russian catalog lost them"
    short = [m.id[0] for m in plurals if len(_forms(m)) != 3 or not all(_forms(m))]
    assert not short, f"Russian plural forms missing for: {short}"


def test_russian_plurals_pick_the_right_form() -> None:
    i18n.set_language("ru")
    try:
        assert i18n.format_minutes(1) == "1 минута"
        assert i18n.format_minutes(2) == "2 минуты"
        assert i18n.format_minutes(5) == "5 минут"
        assert i18n.format_minutes(21) == "21 минута"
        steps = [i18n.ngettext("{n} step", "{n} steps", n).format(n=n) for n in (1, 3, 11)]
        assert steps == ["1 шаг", "3 шага", "11 шагов"]
    finally:
        i18n.set_language("en")


def _keyboard_rows() -> dict[str, tuple[str, ...]]:
    """The on-screen keyboard's letter rows, from the language registry (Qt-free)."""
    from kiosk import languages
    return {code: lang.keyboard for code, lang in languages.LANGUAGES.items()}


def _practice_fields(catalog: Catalog) -> dict[tuple[str, str], dict[str, Message]]:
    """(lesson, step) → {field: message}, from the extractor's translator comments."""
    place = re.compile(r"lesson ([\w-]+), step (\d+) \(practice\): (expected|text)\b")
    steps: dict[tuple[str, str], dict[str, Message]] = {}
    for message in catalog:
        comments = " ".join(message.auto_comments).replace("\n", " ")
        for lesson, step, field in place.findall(" ".join(comments.split())):
            steps.setdefault((lesson, step), {})[field] = message
    return steps


@pytest.mark.parametrize("code", COMPLETE + ("fa",))
def test_typing_practice_is_typeable_and_spelled_out(code: str) -> None:
    """A translated ``expected`` text can be typed on that language's keyboard (the English one
    where the language has none), and the step text shows exactly those words."""
    rows = _keyboard_rows()
    letters = "".join(rows.get(code, rows["en"]))
    allowed = set(letters + letters.upper() + "1234567890.@- ")
    problems = []
    for (lesson, step), fields in _practice_fields(_read(TRANSLATIONS / code / "LC_MESSAGES"
                                                         / "kiosk.po")).items():
        expected, text = fields.get("expected"), fields.get("text")
        if expected is None or not expected.string:
            continue
        typed = expected.string
        # A web address stays as it is in English (weho.org): it needs Latin keys, a matter for
        # the keyboard, not the catalog.
        odd = sorted(set(typed) - allowed) if typed != expected.id else []
        if odd:
            problems.append(f"{lesson} step {step}: {typed!r} needs keys {odd}")
        if text is not None and text.string and typed.casefold() not in text.string.casefold():
            problems.append(f"{lesson} step {step}: step text does not show {typed!r}")
    assert not problems, "\n".join(problems)


def test_report_command_prints_coverage_and_exits_0() -> None:
    result = subprocess.run([sys.executable, "-m", "kiosk", "i18n", "report"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    rows = {row.code: row for row in coverage(TRANSLATIONS)}
    for code in ("es", "ru", "fa"):
        row = rows[code]
        assert f"{row.translated}/{row.total}" in result.stdout
        assert f"{row.percent:.1f}%" in result.stdout


def test_coverage_counts_partial_plurals_and_fuzzy_as_missing(tmp_path: Path) -> None:
    from babel.messages.pofile import write_po
    template = Catalog()
    for text in ("Home", "Back", "Help"):
        template.add(text)
    template.add(("{n} step", "{n} steps"))
    with open(tmp_path / "kiosk.pot", "wb") as fh:
        write_po(fh, template)
    ru = Catalog(locale="ru")
    ru.add("Home", "Главная")
    ru.add("Back", "Назад", flags=["fuzzy"])
    ru.add(("{n} step", "{n} steps"), ("{n} шаг", "{n} шага", ""))
    (tmp_path / "ru" / "LC_MESSAGES").mkdir(parents=True)
    with open(tmp_path / "ru" / "LC_MESSAGES" / "kiosk.po", "wb") as fh:
        write_po(fh, ru)
    (row,) = coverage(tmp_path, ["ru"])
    assert (row.translated, row.total, row.fuzzy) == (1, 4, 1)
    assert round(row.percent) == 25
    (absent,) = coverage(tmp_path, ["es"])
    assert not absent.present and absent.translated == 0
