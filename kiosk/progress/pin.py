"""The trainer PIN: a salted scrypt hash in the store, locked for 5 minutes after 5 wrong tries.

The count of wrong tries and the lock live in the store's settings, so restarting the kiosk (or
trying on another kiosk that shares a PostgreSQL store) does not reset them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING

from kiosk.errors import KioskError
from kiosk.i18n import _, format_minutes
from kiosk.progress.events import from_us, to_us
from kiosk.progress.secrets_hash import PIN_COST, hash_secret, verify_secret

if TYPE_CHECKING:
    from kiosk.progress.store import ProgressStore

MAX_WRONG_PINS = 5
PIN_LOCK = timedelta(minutes=5)
PIN_MIN_DIGITS = 4
PIN_MAX_DIGITS = 12

_HASH = "trainer_pin_hash"
_FAILED = "trainer_pin_failed"
_LOCKED = "trainer_pin_locked_until_us"


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
            minutes = max(1.0, (self.locked_until - now).total_seconds() / 60)
            return _("Too many wrong PINs. Trainer mode is locked for {time}.").format(
                time=format_minutes(round(minutes)))
        return _("Wrong PIN. {n} tries left.").format(n=self.attempts_left)


def check_new_pin(pin: str) -> str:
    pin = pin.strip()
    if not pin.isdigit() or not (PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS):
        raise PinError(_("The PIN must be {low} to {high} digits.").format(
            low=PIN_MIN_DIGITS, high=PIN_MAX_DIGITS))
    if len(set(pin)) == 1:
        raise PinError(_("The PIN must not be one digit repeated."))
    return pin


class TrainerPin:
    def __init__(self, store: ProgressStore) -> None:
        self.store = store

    def is_set(self) -> bool:
        return bool(self.store.get_setting(_HASH))

    def set_pin(self, pin: str) -> None:
        """Store a new PIN (hashed) and lift any lock."""
        pin = check_new_pin(pin)
        self.store.set_settings(**{_HASH: hash_secret(pin, PIN_COST), _FAILED: "0", _LOCKED: "0"})

    def locked_until(self) -> datetime | None:
        until = int(self.store.get_setting(_LOCKED, "0") or 0)
        return from_us(until) if until > to_us(self.store.clock()) else None

    def check(self, pin: str) -> PinResult:
        stored = self.store.get_setting(_HASH)
        if not stored:
            return PinResult(PinStatus.NOT_SET)
        now_us = to_us(self.store.clock())
        until = int(self.store.get_setting(_LOCKED, "0") or 0)
        if until > now_us:
            return PinResult(PinStatus.LOCKED, locked_until=from_us(until))
        failed = 0 if until else int(self.store.get_setting(_FAILED, "0") or 0)
        if verify_secret(str(pin).strip(), stored):
            self.store.set_settings(**{_FAILED: "0", _LOCKED: "0"})
            return PinResult(PinStatus.OK, attempts_left=MAX_WRONG_PINS)
        failed += 1
        if failed >= MAX_WRONG_PINS:
            lock = now_us + int(PIN_LOCK.total_seconds() * 1_000_000)
            self.store.set_settings(**{_FAILED: "0", _LOCKED: str(lock)})
            return PinResult(PinStatus.LOCKED, locked_until=from_us(lock))
        self.store.set_settings(**{_FAILED: str(failed), _LOCKED: "0"})
        return PinResult(PinStatus.WRONG, attempts_left=MAX_WRONG_PINS - failed)
