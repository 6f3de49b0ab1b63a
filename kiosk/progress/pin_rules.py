"""Which new trainer PINs are refused as too easy to guess, and why (in words for the trainer).

The first guesses of anyone who wants into trainer mode are the PINs people choose most: one digit
repeated, a run up or down the keypad, a year or a birthday, a short pattern typed over again,
or one of the handful of PINs at the top of every leaked-PIN list. All of those are refused with a
sentence that says which rule was hit, so the trainer can pick a better one at once.
"""
from __future__ import annotations

from datetime import date

from kiosk.i18n import _

PIN_MIN_DIGITS = 6
PIN_MAX_DIGITS = 12
#: The pad still accepts PINs this short, so a kiosk whose PIN was set before the 6-digit rule
#: keeps working until a technician sets a new one.
PIN_ENTRY_MIN_DIGITS = 4

#: Well-known PINs that none of the rules below catch (keypad shapes, famous numbers).
COMMON_PINS = frozenset({
    "112233", "121212", "123321", "111222", "159753", "147258", "258369", "369258", "147852",
    "102030", "007007", "696969", "789456", "456123", "159357", "753951", "142536", "124578",
    "147369", "258456", "852456", "120120", "101010", "010101", "100100", "112358", "314159",
    "271828", "11223344", "12341234", "147258369", "159753159", "1234512345", "102938",
    "564738", "918273", "246810", "135790", "13579", "24680", "112211", "998877", "778899",
    "520520", "521521", "131313", "202020", "212121", "232323", "121314", "111000", "000111",
})


def _steps_all(pin: str, step: int) -> bool:
    """Every digit is the previous one plus ``step`` (wrapping 9→0): 123456, 890123, 654321."""
    return all((int(b) - int(a)) % 10 == step % 10 for a, b in zip(pin, pin[1:]))


def _repeats_a_pattern(pin: str) -> bool:
    """Made of a block of up to half its length typed again and again: 121212, 123123, 4545."""
    for size in range(1, len(pin) // 2 + 1):
        if len(pin) % size == 0 and pin[:size] * (len(pin) // size) == pin:
            return True
    return False


def _is_date(day: int, month: int, year: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _full_year(yy: int) -> int:
    return 2000 + yy if yy < 30 else 1900 + yy


def _looks_like_a_date(pin: str) -> bool:
    """A year 1900–2099, or a birthday-shaped PIN (DDMMYY, MMDDYY, YYMMDD, MMYYYY, YYYYMM,
    DDMMYYYY, MMDDYYYY, YYYYMMDD)."""
    n = len(pin)
    if n == 4:
        return 1900 <= int(pin) <= 2099
    if n == 6:
        a, b, c = int(pin[:2]), int(pin[2:4]), int(pin[4:])
        if _is_date(a, b, _full_year(c)) or _is_date(b, a, _full_year(c)) or _is_date(c, b, _full_year(a)):
            return True
        return (1 <= a <= 12 and 1900 <= int(pin[2:]) <= 2099) or \
            (1900 <= int(pin[:4]) <= 2099 and 1 <= c <= 12)
    if n == 8:
        year_last, year_first = int(pin[4:]), int(pin[:4])
        if 1900 <= year_last <= 2099:
            a, b = int(pin[:2]), int(pin[2:4])
            if _is_date(a, b, year_last) or _is_date(b, a, year_last):
                return True
        if 1900 <= year_first <= 2099 and _is_date(int(pin[6:]), int(pin[4:6]), year_first):
            return True
    return False


def pin_problem(pin: str) -> str | None:
    """Why ``pin`` may not be the new trainer PIN (a translated sentence), or None when it may."""
    if not (pin.isascii() and pin.isdigit()) or not PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS:
        return _("The PIN must be {low} to {high} digits.").format(low=PIN_MIN_DIGITS,
                                                                  high=PIN_MAX_DIGITS)
    if len(set(pin)) == 1:
        return _("The PIN must not be one digit repeated.")
    if _steps_all(pin, 1) or _steps_all(pin, -1):
        return _("The PIN must not count up or down (like 123456 or 654321).")
    if _repeats_a_pattern(pin) or pin in COMMON_PINS or pin[::-1] in COMMON_PINS:
        return _("This PIN is one of the first that people guess. Please choose another.")
    if _looks_like_a_date(pin):
        return _("The PIN must not be a year or a date, like a birthday.")
    return None
