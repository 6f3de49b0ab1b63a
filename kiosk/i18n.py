"""Languages, translated text and locale-aware formatting for the whole kiosk.

One visitor uses the kiosk at a time, so the current language is process-wide state: the UI calls
:func:`set_language` when the visitor taps the language bar and every view re-reads its text in
``retranslate()``. Text is marked with :func:`_`, :func:`ngettext` and :func:`pgettext` from here
(never the builtins) and lives in gettext catalogs under ``translations/`` — UI text and lesson text
alike, so translators use one standard PO workflow (``make catalogs``).

Catalogs: ``translations/<lang>/LC_MESSAGES/kiosk.mo`` when it is up to date, otherwise the ``.po``
next to it is compiled in memory with Babel, so a fresh checkout works before ``make catalogs``.
Numbers, distances, durations and "updated 5 minutes ago" are formatted with Babel in the
visitor's language.
"""
from __future__ import annotations

import gettext as _gettext
import io
import logging
import math
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

from babel import Locale, numbers, units
from babel import dates as babel_dates

from kiosk import languages
from kiosk.errors import ContentError
from kiosk.languages import Language

logger = logging.getLogger(__name__)

DOMAIN = "kiosk"


#: The language registry (:mod:`kiosk.languages`): the same dictionary, re-exported for the many
#: readers that already import it from here. :func:`set_translations_dir` makes it include the
#: languages that content folder adds.
LANGUAGES: dict[str, Language] = languages.LANGUAGES

_catalogs: dict[str, _gettext.NullTranslations] = {}
_current = "en"
_translations_dir: Path | None = None
_listeners: list[Callable[[str], None]] = []


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (translate it where shown)."""
    return message


def set_translations_dir(path: Path) -> None:
    """Where the catalogs live; clears loaded catalogs so they are read again, and makes the
    languages that folder adds (``<code>/language.toml``) part of :data:`LANGUAGES`."""
    global _translations_dir
    _translations_dir = Path(path)
    _catalogs.clear()
    languages.use(_translations_dir)


def translations_dir() -> Path:
    if _translations_dir is not None:
        return _translations_dir
    from kiosk.paths import default_content_dir
    return default_content_dir() / "translations"


def load_catalog(code: str, folder: Path | None = None) -> _gettext.NullTranslations:
    """The catalog for ``code``: the compiled ``.mo`` if current, else the ``.po`` compiled now.

    A broken catalog is reported (file, line, problem) and replaced by the English text, so the
    kiosk keeps running in a language that still reads.
    """
    folder = folder or translations_dir()
    base = folder / code / "LC_MESSAGES"
    po, mo = base / f"{DOMAIN}.po", base / f"{DOMAIN}.mo"
    try:
        if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
            try:
                with open(mo, "rb") as fh:
                    return _gettext.GNUTranslations(fh)
            except Exception as exc:  # noqa: BLE001 - gettext raises OSError, struct errors, …
                if not po.exists():
                    raise
                # A broken .mo must not silently turn the kiosk English: the .po still reads.
                logger.error("translation catalog %s is broken (%s); using %s instead", mo,
                             exc, po.name)
        if po.exists():
            return _compile_po(po, code)
    except (OSError, ContentError, Exception) as exc:  # noqa: BLE001 - a catalog never stops the kiosk
        logger.error("translation catalog for %s unusable, showing English: %s", code, exc)
        return _gettext.NullTranslations()
    if code != "en":
        logger.warning("no translation catalog for %s in %s; showing English", code, folder)
    return _gettext.NullTranslations()


def _compile_po(po: Path, code: str) -> _gettext.GNUTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import PoFileError, read_po

    try:
        with open(po, "rb") as fh:
            catalog = read_po(fh, locale=LANGUAGES[code].locale if code in LANGUAGES else code,
                              abort_invalid=True)
    except PoFileError as exc:
        raise ContentError(po, f"line {getattr(exc, 'lineno', '?')}", str(exc)) from None
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def _catalog(code: str) -> _gettext.NullTranslations:
    if code not in _catalogs:
        _catalogs[code] = _gettext.NullTranslations() if code == "en" and not _has_catalog(code) \
            else load_catalog(code)
    return _catalogs[code]


def _is_stand_in(catalog: _gettext.NullTranslations) -> bool:
    """English standing in for a catalog that was missing or broken when it was loaded."""
    return type(catalog) is _gettext.NullTranslations


def _has_catalog(code: str) -> bool:
    base = translations_dir() / code / "LC_MESSAGES"
    return (base / f"{DOMAIN}.po").exists() or (base / f"{DOMAIN}.mo").exists()


def current_language() -> str:
    return _current


def language() -> Language:
    return LANGUAGES[_current]


def is_rtl() -> bool:
    return LANGUAGES[_current].rtl


def set_language(code: str) -> None:
    """Switch every translated string and format to ``code`` and tell the listeners."""
    global _current
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}; known: {', '.join(LANGUAGES)}")
    changed = code != _current
    _current = code
    cached = _catalogs.get(code)
    if code != "en" and cached is not None and _is_stand_in(cached):
        # The catalog was missing (content folder gone, a bad update): look again each time the
        # language is chosen, so the words come back without a restart once the files do.
        del _catalogs[code]
    _catalog(code)
    if changed:
        for listener in list(_listeners):
            listener(code)


def add_listener(callback: Callable[[str], None]) -> None:
    """Call ``callback(code)`` whenever the language changes."""
    _listeners.append(callback)


def remove_listener(callback: Callable[[str], None]) -> None:
    if callback in _listeners:
        _listeners.remove(callback)


def _(message: str) -> str:
    return _marked(_current, _catalog(_current).gettext(message)) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _marked(_current, _catalog(_current).ngettext(singular, plural, n))


def pgettext(context: str, message: str) -> str:
    return _marked(_current, _catalog(_current).pgettext(context, message))


def translate_in(code: str, message: str) -> str:
    """``message`` in a given language regardless of the current one (attract screen, speech)."""
    return _marked(code, _catalog(code).gettext(message)) if message else message


#: RIGHT-TO-LEFT MARK: an invisible strong right-to-left character.
RLM = "\u200f"


def _marked(code: str, text: str) -> str:
    """``text`` starting with a right-to-left mark when a right-to-left translation begins with
    Latin letters ("A+ و A− …", "{name} …").

    Qt (like every Unicode renderer) takes a paragraph's direction from its first strong letter,
    so such a sentence would be laid out left to right, its parts in the wrong order and pinned
    to the left edge. Text with no right-to-left letter at all (an English message the catalog
    does not translate yet, a web address) is left as it is: it reads correctly left to right.
    """
    language = LANGUAGES.get(code)
    if language is None or not language.rtl or not text or text[0] == RLM:
        return text
    if _first_strong(text) == "L" and any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text):
        return RLM + text
    return text


def _first_strong(text: str) -> str:
    """The bidi class of the first strong letter of ``text``: "L", "R" or "" when it has none."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "L"
        if kind in ("R", "AL"):
            return "R"
    return ""


# -- formatting -----------------------------------------------------------------------------

def babel_locale(code: str | None = None) -> Locale:
    return Locale.parse(LANGUAGES[code or _current].locale)


def format_number(value: float, decimals: int | None = None) -> str:
    loc = babel_locale()
    if decimals is None:
        return numbers.format_decimal(value, locale=loc)
    return numbers.format_decimal(value, format=f"#,##0.{'0' * decimals}" if decimals else "#,##0",
                                  locale=loc)


def _unit(value: float, unit: str, fmt: str | None = None) -> str:
    """Babel's long unit form, falling back to the short form where a locale lacks the long one."""
    loc = babel_locale()
    text = units.format_unit(value, unit, length="long", locale=loc, format=fmt)
    if unit in text:
        text = units.format_unit(value, unit, length="short", locale=loc, format=fmt)
    return text


def format_minutes(minutes: float) -> str:
    """Whole minutes, at least 1, with the language's plural rules: "1 minute", "5 минут"."""
    n = max(1, int(math.ceil(minutes - 1e-9)))
    return _unit(n, "duration-minute")


def uses_imperial(units_setting: str = "auto") -> bool:
    if units_setting == "imperial":
        return True
    if units_setting == "metric":
        return False
    return LANGUAGES[_current].imperial


def format_distance(meters: float, units_setting: str = "auto") -> str:
    """A walking distance as a person says it: "600 feet", "0.4 miles", "450 metros", "1,2 км"."""
    if uses_imperial(units_setting):
        feet = meters / 0.3048
        if feet < 1000:
            rounded = max(50, int(round(feet / 50.0)) * 50) if feet >= 25 else int(round(feet))
            return _unit(rounded, "length-foot")
        miles = meters / 1609.344
        return _unit(round(miles, 1), "length-mile", "#,##0.0")
    if meters < 1000:
        rounded = int(round(meters / 10.0)) * 10 if meters >= 5 else int(round(meters))
        return _unit(rounded, "length-meter")
    return _unit(round(meters / 1000, 1), "length-kilometer", "#,##0.0")


def format_ago(when: datetime, now: datetime | None = None) -> str:
    """How long ago, in words: "3 minutes ago", "hace 3 minutos", "3 минуты назад"."""
    now = now or datetime.now(timezone.utc)
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    delta = when - now
    if abs(delta) < timedelta(seconds=45):
        return _("just now")
    if delta > timedelta(0):
        delta = timedelta(0) - timedelta(seconds=1)
    return babel_dates.format_timedelta(delta, add_direction=True, threshold=1.0,
                                        locale=babel_locale())


def format_time(when: datetime) -> str:
    return babel_dates.format_time(when, format="short", locale=babel_locale())


def format_date(when: datetime) -> str:
    return babel_dates.format_date(when, format="long", locale=babel_locale())


def format_day_or_month(iso: str) -> str:
    """``2024-05-01`` as a long date, ``2024-05`` as month and year ("May 2024", "mayo de 2024"),
    in the current language; anything else as given."""
    from datetime import date

    try:
        if len(iso) == 7:
            return babel_dates.format_skeleton("yMMMM", date.fromisoformat(iso + "-01"), locale=babel_locale())
        return babel_dates.format_date(date.fromisoformat(iso), format="long", locale=babel_locale())
    except ValueError:
        return iso
