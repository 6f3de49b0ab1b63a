"""The one list of the kiosk's languages: everything that offers, checks or shows a language reads it.

Each :class:`Language` says what the rest of the kiosk needs to know: its code (the gettext folder
name), its name in itself (the language bar), the Babel locale (numbers, plurals, dates), the text
direction, the on-screen keyboard's letter rows (and what Shift turns them into), the espeak-ng
voice for "Read to me", and whether walking distances are in feet/miles or metres.

Readers: :mod:`kiosk.i18n` (``LANGUAGES``, formatting), :mod:`kiosk.config` (``languages`` and
``default_language`` are checked against it), the control bar and the on-screen keyboard, speech,
the accessibility tests and the catalog tooling (``python -m kiosk.languages`` prints the codes the
Makefile builds catalogs for).

**Adding a language** needs no code: a deployment puts ``translations/<code>/language.toml`` (the
entry) next to ``translations/<code>/LC_MESSAGES/kiosk.po`` (the words) in its content folder::

    native_name = "Հայերեն"
    locale = "hy_AM"
    direction = "ltr"                  # or "rtl"
    voice = "hy"                       # an espeak-ng voice (`espeak-ng --voices`)
    units = "metric"                   # or "imperial"
    keyboard = ["…", "…", "…"]         # letter rows, at most 11 keys each
    shifted = [...]                    # optional: what Shift types, key for key (default: capitals)
    letters_label = "ԱԲԳ"              # optional: the key that switches back from English letters

The shipped languages are built in here rather than read from files, so the kiosk always has
English and a content folder that went missing cannot take the languages with it. A file for a
built-in code changes only the keys it names (a city may prefer ``voice = "es"``). A broken file is
reported and left out (the kiosk still starts); ``kiosk config check`` names the problem when the
config asks for that language.
"""
from __future__ import annotations

import logging
import re
import sys
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Iterable

from kiosk.errors import ContentError

logger = logging.getLogger(__name__)

#: The file that makes a folder of ``translations/`` a language.
ENTRY_FILE = "language.toml"
#: The source language of every message (it needs no catalog).
SOURCE = "en"
#: No row longer than this: 11 keys of 88 px and their gaps fit a 1080 px portrait screen.
MAX_ROW_KEYS = 11
MAX_ROWS = 5
DIGITS = "1234567890"
#: Keys of the keyboard's fixed rows, which a language's letters must not repeat.
FIXED_KEYS = frozenset(DIGITS + ".@-")
DIRECTIONS = ("ltr", "rtl")
UNITS = ("imperial", "metric")
_CODE = re.compile(r"[a-z]{2,3}(_[A-Z]{2}|_[A-Za-z]{4})?")
_VOICE = re.compile(r"[A-Za-z0-9_+-]{1,40}")
MAX_FILE_BYTES = 16_384

ENGLISH_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


@dataclass(frozen=True)
class Language:
    """One language of the kiosk (see the module docstring for what each field is for)."""

    code: str
    native_name: str
    locale: str
    direction: str = "ltr"
    keyboard: tuple[str, ...] = ENGLISH_ROWS
    #: What Shift types, key for key (same shape as ``keyboard``); empty = the capital letter.
    shifted: tuple[str, ...] = ()
    #: What the switch key shows to go back to this language's letters from the English ones;
    #: empty for languages written in English letters (they get no switch key).
    letters_label: str = ""
    voice: str = ""
    units: str = "metric"

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def imperial(self) -> bool:
        return self.units == "imperial"

    @property
    def own_letters(self) -> bool:
        """True when the keyboard has letters other than the English ones (a switch key shows)."""
        return bool(self.letters_label) and self.keyboard != ENGLISH_ROWS

    def shift(self, key: str) -> str:
        """What ``key`` of the letter rows types with Shift on."""
        for row, shifted in zip(self.keyboard, self.shifted):
            at = row.find(key)
            if at >= 0:
                return shifted[at]
        return key.upper()


#: The shipped languages, in the order the language bar shows them.
BUILT_IN: dict[str, Language] = {lang.code: lang for lang in (
    Language("en", "English", "en_US", voice="en-us", units="imperial"),
    # Spanish with ñ and the accented vowels a row of their own (no dead keys to learn);
    # Latin-American voice, as spoken in Los Angeles.
    Language("es", "Español", "es_US", keyboard=("qwertyuiop", "asdfghjklñ", "zxcvbnm", "áéíóúü"),
             voice="es-419"),
    # ЙЦУКЕН, as on the library PCs' keyboards, with ъ and ё brought onto the third row.
    Language("ru", "Русский", "ru_RU", keyboard=("йцукенгшщзх", "фывапролджэ", "ячсмитьбюъё"),
             letters_label="АБВ", voice="ru"),
    # The Persian standard layout (ISIRI 9147) in its own order; چ moves from the end of the top
    # row (12 keys do not fit) to the short bottom row, beside ژ and آ, which the standard layout
    # hides behind Shift and a first-time typist would never find. Persian has no capitals: Shift
    # gives the standard layout's Shift letters and Persian punctuation instead.
    Language("fa", "فارسی", "fa_IR", direction="rtl",
             keyboard=("ضصثقفغعهخحج", "شسیبلاتنمکگ", "ظطزرذدپوچژآ"),
             shifted=("ضصثقفغعهخحج", "ؤئیإأآة»«:؛", "ظطژرذدءو،؟!"),
             letters_label="ابپ", voice="fa"),
)}

#: The active registry: the built-in languages plus those of the content folder in use — the
#: default one from import, the kiosk's own once the app calls :func:`use` (through
#: :func:`kiosk.i18n.set_translations_dir`). :data:`kiosk.i18n.LANGUAGES` is this same dictionary.
LANGUAGES: dict[str, Language] = dict(BUILT_IN)
#: Why a content folder's entry was left out, by code (for config errors and the CLI).
PROBLEMS: dict[str, str] = {}


def default_translations_dir() -> Path:
    from kiosk.paths import default_content_dir
    return default_content_dir() / "translations"


def load(translations: Path | None) -> tuple[dict[str, Language], dict[str, str]]:
    """The built-in languages plus every ``<code>/language.toml`` under ``translations``.

    Returns ``(languages, problems)``: a broken entry is left out and its problem recorded (and
    logged), never raised, so a bad file cannot stop the kiosk.
    """
    languages, problems = dict(BUILT_IN), {}
    if translations is None or not translations.is_dir():
        return languages, problems
    for entry in sorted(translations.glob(f"*/{ENTRY_FILE}")):
        code = entry.parent.name
        try:
            languages[code] = read_entry(entry, BUILT_IN.get(code))
        except ContentError as exc:
            logger.error("language left out: %s", exc)
            problems[code] = str(exc)
    return languages, problems


def use(translations: Path | None) -> None:
    """Make the languages of ``translations`` the active registry (the UI's content folder)."""
    languages, problems = load(translations)
    LANGUAGES.clear()
    LANGUAGES.update(languages)
    PROBLEMS.clear()
    PROBLEMS.update(problems)


def get(code: str) -> Language:
    """The active entry for ``code`` (``KeyError`` when there is none)."""
    return LANGUAGES[code]


def catalog_codes(languages: Iterable[str] | None = None) -> list[str]:
    """The codes that need a translation catalog: every language but the source, English."""
    return [code for code in (languages if languages is not None else LANGUAGES) if code != SOURCE]


def read_entry(path: Path, base: Language | None = None) -> Language:
    """One ``language.toml``, checked; keys it leaves out come from ``base`` (a built-in)."""
    code = path.parent.name
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ContentError(path, "", f"larger than {MAX_FILE_BYTES // 1024} KB")
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(path, "", f"cannot be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(path, "", f"not valid TOML: {exc}") from None
    if not _CODE.fullmatch(code):
        raise ContentError(path, "", f"folder name {code!r} is not a language code like 'hy' or 'pt_BR'")
    allowed = {f.name for f in fields(Language)} - {"code"}
    for key in data:
        if key not in allowed:
            raise ContentError(path, key, f"unknown key; allowed keys are {', '.join(sorted(allowed))}")
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in ("keyboard", "shifted"):
            if not isinstance(value, list) or not all(isinstance(row, str) for row in value):
                raise ContentError(path, key, "must be a list of rows of letters, e.g. [\"abc\", \"def\"]")
            values[key] = tuple(value)
        elif not isinstance(value, str):
            raise ContentError(path, key, f"must be text in quotes, got {value!r}")
        else:
            values[key] = value.strip()
    if base is None:
        for key in ("native_name", "locale"):
            if not values.get(key):
                raise ContentError(path, key, "missing; every language needs native_name and locale")
        language = Language(code, **values)
    else:
        language = replace(base, **values)
    if "keyboard" in values and "shifted" not in values and base is not None:
        language = replace(language, shifted=())  # the built-in Shift letters fit the old rows only
    if not language.voice:
        language = replace(language, voice=code.split("_")[0])
    check(language, path)
    return language


def check(language: Language, path: Path | str = "<registry>") -> None:
    """Raise :class:`ContentError` naming the key when ``language`` could not work on the kiosk."""
    if not 0 < len(language.native_name) <= 40:
        raise ContentError(path, "native_name", "must be 1 to 40 characters")
    try:
        from babel import Locale, UnknownLocaleError
        Locale.parse(language.locale)
    except (ValueError, UnknownLocaleError):
        raise ContentError(path, "locale", f"{language.locale!r} is not a locale Babel knows, "
                                           "e.g. 'hy_AM'") from None
    if language.direction not in DIRECTIONS:
        raise ContentError(path, "direction", f"must be one of {', '.join(DIRECTIONS)}")
    if language.units not in UNITS:
        raise ContentError(path, "units", f"must be one of {', '.join(UNITS)}")
    if not _VOICE.fullmatch(language.voice):
        raise ContentError(path, "voice", f"{language.voice!r} is not an espeak-ng voice name")
    if len(language.letters_label) > 4:
        raise ContentError(path, "letters_label", "at most 4 characters")
    _check_rows(language.keyboard, path, "keyboard")
    if language.shifted:
        _check_rows(language.shifted, path, "shifted", unique=False)
        if [len(r) for r in language.shifted] != [len(r) for r in language.keyboard]:
            raise ContentError(path, "shifted", "must have as many keys in each row as keyboard")


def _check_rows(rows: tuple[str, ...], path: Path | str, key: str, unique: bool = True) -> None:
    if not 0 < len(rows) <= MAX_ROWS:
        raise ContentError(path, key, f"must have 1 to {MAX_ROWS} rows")
    seen: set[str] = set()
    for number, row in enumerate(rows, 1):
        if not 0 < len(row) <= MAX_ROW_KEYS:
            raise ContentError(path, key, f"row {number} has {len(row)} keys; 1 to {MAX_ROW_KEYS} "
                                          "fit the screen")
        for char in row:
            if char.isspace() or not char.isprintable():
                raise ContentError(path, key, f"row {number} holds a space or an invisible character")
            if unique and (char in seen or char in FIXED_KEYS):
                raise ContentError(path, key, f"row {number}: {char!r} is on the keyboard twice "
                                              "(digits and . @ - have their own keys)")
            seen.add(char)


use(default_translations_dir())


def main(argv: list[str] | None = None) -> int:
    """``python -m kiosk.languages [TRANSLATIONS]``: the codes that need catalogs, one line.

    The Makefile's ``LANGS`` comes from here, so a language added to ``translations/`` gets its
    catalog from ``make catalogs`` with no other change. ``--all`` includes English.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    everything = "--all" in args
    folders = [a for a in args if not a.startswith("--")]
    languages, problems = load(Path(folders[0]) if folders else default_translations_dir())
    for problem in problems.values():
        print(f"left out: {problem}", file=sys.stderr)
    print(" ".join(languages if everything else catalog_codes(languages)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
