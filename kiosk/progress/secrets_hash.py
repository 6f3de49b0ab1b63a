"""Salted scrypt hashes for the trainer PIN and learners' sign-in codes (hashlib only).

A hash is stored as ``scrypt$n$r$p$salt$digest`` (base64 parts) so the cost can be raised later
without invalidating what is stored: :func:`verify_secret` reads the parameters from the hash, and
:func:`needs_rehash` tells the caller to store a fresh hash after the next right guess.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os

#: Trainer PIN: 64 MiB and a few hundred milliseconds per guess (``bench/bench_pin.py`` measures
#: it). Memory-hard on purpose: a copied database must not give up a PIN in minutes, and 64 MiB per
#: guess keeps GPU farms from running thousands of guesses side by side. The kiosk checks a PIN a
#: few times a day, so the wait is invisible to a trainer.
PIN_COST = (2 ** 16, 8, 1)
#: What PINs were hashed with before (54–66 ms a guess): still verified, upgraded on sign-in.
OLD_PIN_COST = (2 ** 14, 8, 1)
#: Four-digit sign-in codes: the real protection is the pause after wrong codes; the hash only
#: keeps codes from being read out of the database, so it is cheaper (a class has many learners).
CODE_COST = (2 ** 12, 8, 1)
_MAXMEM = 256 * 1024 * 1024


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_secret(secret: str, cost: tuple[int, int, int] = PIN_COST) -> str:
    n, r, p = cost
    salt = os.urandom(16)
    digest = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32,
                            maxmem=_MAXMEM)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def hash_cost(stored: str) -> tuple[int, int, int] | None:
    """The (n, r, p) a stored hash was made with, or None when it is malformed."""
    try:
        scheme, n, r, p, _salt, _digest = stored.split("$")
        return (int(n), int(r), int(p)) if scheme == "scrypt" else None
    except (ValueError, AttributeError):
        return None


def needs_rehash(stored: str, cost: tuple[int, int, int] = PIN_COST) -> bool:
    """True when ``stored`` was made with less work than ``cost`` asks (n·r·p and memory n·r)."""
    found = hash_cost(stored)
    if found is None:
        return True
    n, r, p = found
    want_n, want_r, want_p = cost
    return n * r < want_n * want_r or n * r * p < want_n * want_r * want_p


def verify_secret(secret: str, stored: str) -> bool:
    """True when ``secret`` matches ``stored``; False for a mismatch or a malformed hash."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(secret.encode("utf-8"), salt=base64.b64decode(salt), n=int(n),
                                r=int(r), p=int(p), dklen=len(expected), maxmem=_MAXMEM)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)
