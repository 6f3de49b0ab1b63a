"""The language registry: what each shipped language brings, and a language added as content
(one ``language.toml`` and one ``.po``) with no code change."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel import Locale

from kiosk import i18n, languages
from kiosk.errors import ContentError

ROOT = Path(__file__).resolve().parents[2]
SOURCE_TRANSLATIONS = ROOT / "translations"

#: A made-up language (ISO 639 keeps qaa–qtz for local use) written in Armenian letters.
MADE_UP = """\
native_name = "Kioskerén"
locale = "hy_AM"
direction = "ltr"
voice = "hy"
units = "metric"
keyboard = ["աբգդեզէըթժ", "իլխծկհձղճմ", "յնշոչպջռսվ"]
letters_label = "ԱԲԳ"
"""
MADE_UP_PO = 'msgid "Home"\nmsgstr "Տուն"\n\nmsgid "Back"\nmsgstr "Ետ"\n'


def add_language(translations: Path, code: str = "qaa", entry: str = MADE_UP,
                 po: str | None = MADE_UP_PO) -> Path:
    """What a deployment does to add a language: one entry file and one catalog."""
    folder = translations / code
    (folder / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    (folder / languages.ENTRY_FILE).write_text(entry, encoding="utf-8")
    if po is not None:
        (folder / "LC_MESSAGES" / "kiosk.po").write_text(po, encoding="utf-8")
    return folder


@pytest.fixture
def restore_translations():
    yield
    i18n.set_translations_dir(SOURCE_TRANSLATIONS)
    i18n.set_language("en")


def test_every_shipped_language_is_complete_and_usable() -> None:
    assert list(languages.BUILT_IN) == ["en", "es", "ru", "fa"]
    for lang in languages.BUILT_IN.values():
        languages.check(lang)  # raises on anything the kiosk could not use
        assert Locale.parse(lang.locale).language == lang.code
        assert lang.voice and lang.native_name and lang.keyboard


def test_what_each_language_means_for_a_visitor() -> None:
    en, es, ru, fa = (languages.BUILT_IN[c] for c in ("en", "es", "ru", "fa"))
    assert (en.voice, es.voice, ru.voice, fa.voice) == ("en-us", "es-419", "ru", "fa")
    assert en.imperial and not es.imperial and not ru.imperial and not fa.imperial
    assert fa.rtl and not any(x.rtl for x in (en, es, ru))
    assert "ñ" in "".join(es.keyboard) and "ж" in "".join(ru.keyboard)
    persian = "".join(fa.keyboard)
    assert set("آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی") <= set(persian)  # all 32 letters + آ
    assert not set("abcdefghijklmnopqrstuvwxyz") & set(persian)
    assert fa.own_letters and ru.own_letters and not es.own_letters and not en.own_letters


def test_shift_gives_capitals_or_the_languages_own_second_letters() -> None:
    assert languages.BUILT_IN["es"].shift("ñ") == "Ñ"
    assert languages.BUILT_IN["ru"].shift("ё") == "Ё"
    fa = languages.BUILT_IN["fa"]
    assert fa.shift("ز") == "ژ" and fa.shift("ا") == "آ" and fa.shift("ض") == "ض"


def test_catalog_codes_are_every_language_but_english() -> None:
    assert languages.catalog_codes(languages.BUILT_IN) == ["es", "ru", "fa"]


def test_a_language_added_as_content_is_a_language_everywhere(tmp_path: Path,
                                                                restore_translations) -> None:
    add_language(tmp_path)
    found, problems = languages.load(tmp_path)
    assert not problems
    assert list(found)[-1] == "qaa" and found["qaa"].native_name == "Kioskerén"
    i18n.set_translations_dir(tmp_path)
    assert "qaa" in i18n.LANGUAGES
    i18n.set_language("qaa")
    assert i18n._("Home") == "Տուն"
    assert i18n.format_distance(183) == "180 մետր"  # metric, in its own locale's words
    i18n.set_translations_dir(SOURCE_TRANSLATIONS)
    assert "qaa" not in i18n.LANGUAGES


def test_a_content_file_can_change_one_thing_of_a_shipped_language(tmp_path: Path) -> None:
    add_language(tmp_path, "es", 'voice = "es"\n', po=None)
    found, problems = languages.load(tmp_path)
    assert not problems
    assert found["es"].voice == "es" and found["es"].keyboard == languages.BUILT_IN["es"].keyboard


@pytest.mark.parametrize("entry, problem", [
    ('native_name = "X"\n', "locale: missing"),
    (MADE_UP.replace('"hy_AM"', '"xx_YY"'), "not a locale Babel knows"),
    (MADE_UP.replace('"ltr"', '"up"'), "direction: must be one of ltr, rtl"),
    (MADE_UP.replace('"metric"', '"furlongs"'), "units: must be one of imperial, metric"),
    (MADE_UP.replace("աբգդեզէըթժ", "աբգդեզէըթժքօ"), "row 1 has 12 keys"),
    (MADE_UP.replace("աբգդեզէըթժ", "աբգդեզէըթա"), "on the keyboard twice"),
    (MADE_UP.replace("աբգդեզէըթժ", "աբգ1"), "on the keyboard twice"),
    (MADE_UP + 'shifted = ["Ա"]\n', "as many keys in each row"),
    (MADE_UP + "colour = 'red'\n", "colour: unknown key"),
    ("native_name = [\n", "not valid TOML"),
])
def test_a_broken_entry_is_left_out_with_the_reason(tmp_path: Path, entry: str, problem: str) -> None:
    add_language(tmp_path, entry=entry)
    found, problems = languages.load(tmp_path)
    assert "qaa" not in found and set(found) == set(languages.BUILT_IN)  # the kiosk still runs
    assert problem in problems["qaa"] and "language.toml" in problems["qaa"]


def test_a_folder_name_must_be_a_language_code(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="not a language code"):
        languages.read_entry(add_language(tmp_path, "My Lang") / languages.ENTRY_FILE)


def test_the_makefile_reads_the_catalog_languages_from_the_registry(tmp_path: Path) -> None:
    def codes(*args: str) -> str:
        result = subprocess.run([sys.executable, "-m", "kiosk.languages", *args], cwd=ROOT,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert codes("translations") == "es ru fa"
    add_language(tmp_path)
    assert codes(str(tmp_path)) == "es ru fa qaa"
    assert codes(str(tmp_path), "--all") == "en es ru fa qaa"


def test_the_cli_lists_the_registry(tmp_path: Path, capsys) -> None:
    from kiosk.cli import main
    add_language(tmp_path)
    assert main(["i18n", "languages", "--translations", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "fa     فارسی" in out and "rtl" in out and "es-419" in out and "Kioskerén" in out
    assert main(["i18n", "languages", "--codes", "--translations", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == "es ru fa qaa"


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed here")
def test_every_voice_is_one_espeak_ng_has() -> None:
    for lang in languages.BUILT_IN.values():
        result = subprocess.run(["espeak-ng", f"--voices={lang.voice}"], capture_output=True,
                                text=True, timeout=30)
        listed = [line.split()[1] for line in result.stdout.splitlines()[1:] if line.split()]
        assert lang.voice in listed, f"{lang.code}: no espeak-ng voice {lang.voice!r}"
