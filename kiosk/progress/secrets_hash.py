"""Salted scrypt hashes for the trainer PIN and learners' sign-in codes (hashlib only).

A hash is stored as ``scrypt$n$r$p$salt$digest`` (base64 parts) so the cost can be raised later
without invalidating what is stored.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os

#: Trainer PIN: about 16 MiB and a few tens of milliseconds per check.
PIN_COST = (2 ** 14, 8, 1)
#: Four-digit sign-in codes: the real protection is the pause after wrong codes; the hash only
#: keeps codes from being read out of the database, so it is cheaper (a class has many learners).
CODE_COST = (2 ** 12, 8, 1)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_secret(secret: str, cost: tuple[int, int, int] = PIN_COST) -> str:
    n, r, p = cost
    salt = os.urandom(16)
    digest = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32,
                            maxmem=256 * 1024 * 1024)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def verify_secret(secret: str, stored: str) -> bool:
    """True when ``secret`` matches ``stored``; False for a mismatch or a malformed hash."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(secret.encode("utf-8"), salt=base64.b64decode(salt), n=int(n),
                                r=int(r), p=int(p), dklen=len(expected), maxmem=256 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)
