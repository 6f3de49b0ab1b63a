"""The trainer PIN: a memory-hard salted hash in the store, and a pause after wrong PINs that grows
with each one — counted per kiosk.

* **Choosing**: 6 to 12 digits, none of the easy guesses (:mod:`kiosk.progress.pin_rules`).
* **Guessing**: :data:`FREE_TRIES` wrong PINs in a row cost nothing (a trainer mistypes); each
  further one makes this kiosk wait before the next try — 30 seconds, then 1, 2, 4, 8 minutes, up
  to :data:`MAX_WAIT`. A right PIN clears the count; a day without wrong PINs forgets it.
* **Per kiosk**: the count and the wait are kept in the store's settings under the kiosk's
  ``device_id``, so a restart does not lift them, yet a visitor pressing digits on one kiosk of a
  library sharing a PostgreSQL store never locks trainers out of the others (and a technician's
  ``kiosk trainer set-pin`` lifts every wait).
* **Hashing**: :data:`~kiosk.progress.secrets_hash.PIN_COST` (a few hundred ms a guess, measured by
  ``bench/bench_pin.py``); a PIN stored with an older, cheaper hash still opens trainer mode and is
  re-hashed with the current cost right then.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING

from sqlalchemy import delete, or_

from kiosk.errors import KioskError
from kiosk.i18n import _, format_minutes, ngettext
from kiosk.progress import schema
from kiosk.progress.events import from_us, to_us
from kiosk.progress.pin_rules import (PIN_ENTRY_MIN_DIGITS, PIN_MAX_DIGITS,  # noqa: F401
                                      PIN_MIN_DIGITS, pin_problem)
from kiosk.progress.secrets_hash import PIN_COST, hash_secret, needs_rehash, verify_secret

if TYPE_CHECKING:
    from kiosk.progress.store import ProgressStore

#: Wrong PINs in a row a kiosk allows before it starts to make the next try wait.
FREE_TRIES = 3
FIRST_WAIT = timedelta(seconds=30)
MAX_WAIT = timedelta(minutes=15)
#: A kiosk with no wrong PIN for this long starts counting afresh.
FORGET_AFTER = timedelta(days=1)
DEFAULT_DEVICE = "weho-kiosk"

_HASH = "trainer_pin_hash"
_FAILED = "trainer_pin_failed@"
_WAIT = "trainer_pin_wait_us@"
_LAST = "trainer_pin_last_us@"
#: Settings of the flat lock this module used before (one for all kiosks): cleared by set_pin.
_OLD_KEYS = ("trainer_pin_failed", "trainer_pin_locked_until_us")


class PinError(KioskError):
    """A new PIN is not acceptable; the message says why."""


class PinStatus(str, Enum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"
    NOT_SET = "not-set"


@dataclass(frozen=True)
class PinResult:
    status: PinStatus
    #: Wrong PINs this kiosk still allows before it makes the next try wait.
    attempts_left: int = 0
    locked_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.status is PinStatus.OK

    def message(self, now: datetime) -> str:
        if self.status is PinStatus.OK:
            return ""
        if self.status is PinStatus.NOT_SET:
            return _("No trainer PIN is set. A technician can set one with: kiosk trainer set-pin")
        if self.status is PinStatus.LOCKED and self.locked_until is not None:
            seconds = max(1, math.ceil((self.locked_until - now).total_seconds()))
            wait = (ngettext("{n} second", "{n} seconds", seconds).format(n=seconds)
                    if seconds < 60 else format_minutes(-(-seconds // 60)))
            return _("Too many wrong PINs. This kiosk waits {time} before the next try; "
                     "other kiosks are not affected.").format(time=wait)
        if self.attempts_left:
            return _("Wrong PIN. {n} tries left.").format(n=self.attempts_left)
        return _("Wrong PIN. Please try again.")


def check_new_pin(pin: str) -> str:
    """The PIN, stripped, or :class:`PinError` saying why it cannot be used."""
    pin = str(pin).strip()
    problem = pin_problem(pin)
    if problem:
        raise PinError(problem)
    return pin


def wait_after(failed: int) -> timedelta:
    """How long a kiosk waits after its ``failed``-th wrong PIN in a row (0 for the first few)."""
    if failed < FREE_TRIES:
        return timedelta(0)
    return min(MAX_WAIT, FIRST_WAIT * (2 ** min(failed - FREE_TRIES, 16)))


def _key(prefix: str, device_id: str) -> str:
    return prefix + (device_id or DEFAULT_DEVICE)[:40]  # the settings key holds 64 characters


class TrainerPin:
    def __init__(self, store: ProgressStore) -> None:
        self.store = store

    def is_set(self) -> bool:
        return bool(self.store.get_setting(_HASH))

    def set_pin(self, pin: str) -> None:
        """Store a new PIN (hashed) and lift the wait on every kiosk."""
        pin = check_new_pin(pin)
        hashed = hash_secret(pin, PIN_COST)
        s = schema.settings
        with self.store.engine.begin() as conn:
            conn.execute(delete(s).where(or_(s.c.key.in_(_OLD_KEYS), s.c.key.startswith(_FAILED),
                                             s.c.key.startswith(_WAIT), s.c.key.startswith(_LAST))))
        self.store.set_settings(**{_HASH: hashed})

    def locked_until(self, device_id: str = DEFAULT_DEVICE) -> datetime | None:
        """Until when this kiosk makes the next try wait (None: it may try now)."""
        until = int(self.store.get_setting(_key(_WAIT, device_id), "0") or 0)
        return from_us(until) if until > to_us(self.store.clock()) else None

    def check(self, pin: str, device_id: str = DEFAULT_DEVICE) -> PinResult:
        stored = self.store.get_setting(_HASH)
        if not stored:
            return PinResult(PinStatus.NOT_SET)
        now_us = to_us(self.store.clock())
        until = int(self.store.get_setting(_key(_WAIT, device_id), "0") or 0)
        if until > now_us:
            return PinResult(PinStatus.LOCKED, locked_until=from_us(until))
        pin = str(pin).strip()
        if verify_secret(pin, stored):
            values = {_key(_FAILED, device_id): "0", _key(_WAIT, device_id): "0"}
            if needs_rehash(stored, PIN_COST):
                values[_HASH] = hash_secret(pin, PIN_COST)
            self.store.set_settings(**values)
            return PinResult(PinStatus.OK, attempts_left=FREE_TRIES)
        last = int(self.store.get_setting(_key(_LAST, device_id), "0") or 0)
        failed = int(self.store.get_setting(_key(_FAILED, device_id), "0") or 0)
        if now_us - last > FORGET_AFTER // timedelta(microseconds=1):
            failed = 0
        failed += 1
        wait = wait_after(failed)
        wait_us = now_us + wait // timedelta(microseconds=1) if wait else 0
        self.store.set_settings(**{_key(_FAILED, device_id): str(failed),
                                   _key(_WAIT, device_id): str(wait_us),
                                   _key(_LAST, device_id): str(now_us)})
        if wait:
            return PinResult(PinStatus.LOCKED, locked_until=from_us(wait_us))
        return PinResult(PinStatus.WRONG, attempts_left=FREE_TRIES - failed)
