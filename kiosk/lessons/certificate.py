"""The certificate a learner takes away before the session wipe: words and a completion code.

A street kiosk cannot print and the kiosk is offline, so a QR code to a web page is no answer.
What every kiosk can give is a **completion code** — six letters and digits, shown on the
certificate — that the learner writes down or photographs and shows a trainer. It is derived
only from the lesson id and the day (no name, no account, nothing personal), so a trainer checks
it with :func:`check_code` (``kiosk lessons`` tools or a trainer screen) without any record of the
visitor; library PCs also print the certificate (see ``ui/screens/lesson_certificate.py``).

The code is not a secret: it proves "this lesson was finished at a WeHo kiosk that day" to a
friendly trainer, not to an auditor. Letters that are easy to confuse (0/O, 1/I/L, 5/S, 2/Z,
8/B) are left out, and it is shown as two groups of three ("K4M-7TX").
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

#: 24 symbols nobody misreads on a screen or in handwriting.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY3479"
CODE_LENGTH = 6


def completion_code(lesson_id: str, day: date) -> str:
    """The code for finishing ``lesson_id`` on ``day``: "K4M-7TX"."""
    digest = hashlib.sha256(f"weho-kiosk|{lesson_id}|{day.isoformat()}".encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    symbols = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, len(ALPHABET))
        symbols.append(ALPHABET[index])
    code = "".join(symbols)
    return f"{code[:3]}-{code[3:]}"


def normalise(code: str) -> str:
    """What a trainer typed, as the kiosk shows it (spaces, dashes and case do not matter)."""
    plain = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{plain[:3]}-{plain[3:]}" if len(plain) == CODE_LENGTH else plain


def check_code(code: str, lesson_ids: Iterable[str], today: date,
               days: int = 366) -> tuple[str, date] | None:
    """Which lesson, finished on which day up to ``days`` ago, ``code`` stands for (None when
    it matches none)."""
    wanted = normalise(code)
    ids = list(lesson_ids)
    for back in range(days + 1):
        day = today - timedelta(days=back)
        for lesson_id in ids:
            if completion_code(lesson_id, day) == wanted:
                return lesson_id, day
    return None


@dataclass(frozen=True)
class Certificate:
    """What the certificate says, already in the visitor's language."""
    heading: str          # "Certificate of completion — Maria" (first name only when signed in)
    lesson_title: str
    date_text: str
    code_line: str        # "Completion code: K4M-7TX"
    code: str
    note: str             # "Show this code to a trainer or library staff."

    def lines(self) -> list[str]:
        return ["★ " + self.heading, self.lesson_title, self.date_text, self.code_line, self.note]

    def text(self) -> str:
        return "\n".join(self.lines())
