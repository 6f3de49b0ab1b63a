"""The completion code: short, readable, from the lesson and the day only, checkable by a trainer."""
from __future__ import annotations

from datetime import date, timedelta

from kiosk.lessons.certificate import ALPHABET, check_code, completion_code, normalise


def test_the_code_is_six_unmistakable_symbols_in_two_groups() -> None:
    code = completion_code("email-basics", date(2026, 12, 5))
    assert len(code) == 7 and code[3] == "-"
    assert all(ch in ALPHABET for ch in code.replace("-", ""))
    assert not set("01IOL5S2Z8B") & set(ALPHABET)


def test_the_code_depends_on_lesson_and_day_and_nothing_else() -> None:
    day = date(2026, 12, 5)
    assert completion_code("email-basics", day) == completion_code("email-basics", day)
    assert completion_code("email-basics", day) != completion_code("email-basics", day + timedelta(days=1))
    assert completion_code("email-basics", day) != completion_code("spotting-scams", day)


def test_a_trainer_checks_a_code_however_it_was_typed() -> None:
    today = date(2026, 12, 5)
    code = completion_code("spotting-scams", today - timedelta(days=3))
    typed = code.lower().replace("-", " ")
    assert normalise(typed) == code
    assert check_code(typed, ["email-basics", "spotting-scams"], today) == \
        ("spotting-scams", today - timedelta(days=3))
    assert check_code("AAA-AAA", ["email-basics"], today, days=30) is None
