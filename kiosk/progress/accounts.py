"""Classes, learners and signing in — with no personal data beyond a first name and last initial.

A learner is shown as "Maria G." and signs in with a four-digit code the store generates; only a
salted hash of the code is kept, so a forgotten code is replaced (:meth:`Accounts.new_code`), never
read back. Five wrong codes in a row pause that learner's sign-in for a few minutes (persisted, so
a restart does not lift it). The learner's ``id`` is the opaque account id in events and exports.
"""
from __future__ import annotations

import secrets
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING, Sequence

from sqlalchemy import delete, func, select, update

from kiosk.errors import KioskError
from kiosk.i18n import _, format_minutes, ngettext
from kiosk.progress import schema
from kiosk.progress.events import from_us, to_us
from kiosk.progress.secrets_hash import CODE_COST, hash_secret, verify_secret

if TYPE_CHECKING:
    from kiosk.progress.store import ProgressStore

MAX_WRONG_CODES = 5
SIGN_IN_PAUSE = timedelta(minutes=3)
#: Zero-width (non-)joiners are part of how Farsi and other scripts spell names.
_NAME_PUNCTUATION = " -'.\u200c\u200d"


class AccountError(KioskError):
    """A trainer's input about classes or learners cannot be used; the message says why."""


@dataclass(frozen=True)
class SchoolClass:
    id: int
    name: str
    archived: bool


@dataclass(frozen=True)
class Learner:
    id: str
    class_id: int
    first_name: str
    last_initial: str

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_initial}."


@dataclass(frozen=True)
class NewCode:
    """A learner and their freshly generated code — shown to the trainer once, never stored."""

    learner: Learner
    code: str


class SignInStatus(str, Enum):
    OK = "ok"
    WRONG = "wrong"
    PAUSED = "paused"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class SignInResult:
    status: SignInStatus
    learner: Learner | None = None
    attempts_left: int = 0
    paused_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.status is SignInStatus.OK

    def message(self, now: datetime) -> str:
        """What the sign-in screen says after a try (translated)."""
        if self.status is SignInStatus.OK:
            return _("Welcome, {name}!").format(name=self.learner.first_name if self.learner else "")
        if self.status is SignInStatus.PAUSED and self.paused_until is not None:
            minutes = max(1.0, (self.paused_until - now).total_seconds() / 60)
            return _("Too many wrong codes. Please wait {time} or ask your trainer.").format(
                time=format_minutes(round(minutes)))
        if self.status is SignInStatus.UNKNOWN:
            return _("This name is no longer in the class. Please ask your trainer.")
        if self.attempts_left:
            return " ".join((_("That code is not right. Please try again."), ngettext(
                "{n} try left.", "{n} tries left.", self.attempts_left).format(n=self.attempts_left)))
        return _("That code is not right. Please try again.")


#: Bidirectional embeddings, overrides and isolates: they make a name read differently on screen
#: than in a file (U+202E turns "Tuesday.csv" around), so names may not hold them.
_BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def _has_hidden_characters(text: str) -> bool:
    """Control characters (NUL, escape, line breaks…) or bidi overrides; the zero-width joiners
    Farsi and other scripts need in names stay allowed."""
    return any(ch in _BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")
               for ch in text)


def _refuse_hidden(text: str) -> None:
    if _has_hidden_characters(str(text)):
        raise AccountError(_("A name cannot contain control characters or hidden text-direction "
                             "marks. Please type it again."))


def _clean_class_name(name: str) -> str:
    _refuse_hidden(name)
    name = " ".join(str(name).split())
    if not name:
        raise AccountError(_("A class needs a name."))
    if len(name) > 80:
        raise AccountError(_("A class name can have at most 80 characters."))
    return name


def _clean_first_name(name: str) -> str:
    _refuse_hidden(name)
    name = " ".join(str(name).split())
    if not name:
        raise AccountError(_("Please enter a first name."))
    if len(name) > 40:
        raise AccountError(_("A first name can have at most 40 characters."))
    if not all(ch.isalpha() or ch in _NAME_PUNCTUATION for ch in name):
        raise AccountError(_("A first name can only have letters, spaces, hyphens and apostrophes."))
    return name[0].upper() + name[1:]


def _clean_initial(initial: str) -> str:
    _refuse_hidden(initial)
    initial = str(initial).strip().rstrip(".")
    if len(initial) != 1 or not initial.isalpha():
        raise AccountError(_("Please enter just the first letter of the last name."))
    return initial.upper()


def generate_code() -> str:
    """A random four-digit code, avoiding the easiest guesses (1111, 1234, 4321…)."""
    while True:
        code = f"{secrets.randbelow(10_000):04d}"
        digits = [int(c) for c in code]
        steps = {b - a for a, b in zip(digits, digits[1:])}
        if len(set(digits)) > 1 and steps not in ({1}, {-1}):
            return code


class Accounts:
    """Classes, learners, lesson assignments and the sign-in check of one store."""

    def __init__(self, store: ProgressStore) -> None:
        self.store = store

    @property
    def _engine(self):  # noqa: ANN202 - the store's SQLAlchemy engine
        return self.store.engine

    # -- classes -----------------------------------------------------------------------------

    def create_class(self, name: str) -> SchoolClass:
        name = _clean_class_name(name)
        with self._engine.begin() as conn:
            self._check_unique_class(conn, name, None)
            result = conn.execute(schema.classes.insert().values(
                name=name, archived=False, created_us=to_us(self.store.clock())))
            class_id = int(result.inserted_primary_key[0])
        return SchoolClass(class_id, name, False)

    def _check_unique_class(self, conn, name: str, except_id: int | None) -> None:  # noqa: ANN001
        c = schema.classes.c
        query = select(c.id).where(func.lower(c.name) == name.lower())
        if except_id is not None:
            query = query.where(c.id != except_id)
        if conn.execute(query).first():
            raise AccountError(_("There is already a class called {name}.").format(name=name))

    def rename_class(self, class_id: int, name: str) -> SchoolClass:
        name = _clean_class_name(name)
        with self._engine.begin() as conn:
            self._check_unique_class(conn, name, class_id)
            conn.execute(update(schema.classes).where(schema.classes.c.id == class_id).values(name=name))
        return self.get_class(class_id)

    def archive_class(self, class_id: int, archived: bool = True) -> SchoolClass:
        """Hide a finished class from sign-in (its records stay); ``archived=False`` brings it back."""
        with self._engine.begin() as conn:
            conn.execute(update(schema.classes).where(schema.classes.c.id == class_id)
                         .values(archived=archived))
        return self.get_class(class_id)

    def get_class(self, class_id: int) -> SchoolClass:
        c = schema.classes
        with self._engine.connect() as conn:
            row = conn.execute(select(c).where(c.c.id == class_id)).first()
        if row is None:
            raise AccountError(_("This class no longer exists."))
        return SchoolClass(row.id, row.name, bool(row.archived))

    def find_class(self, name: str) -> SchoolClass | None:
        c = schema.classes
        with self._engine.connect() as conn:
            row = conn.execute(select(c).where(func.lower(c.c.name) == " ".join(name.split()).lower())).first()
        return SchoolClass(row.id, row.name, bool(row.archived)) if row else None

    def list_classes(self, include_archived: bool = False) -> list[SchoolClass]:
        c = schema.classes
        query = select(c).order_by(func.lower(c.c.name))
        if not include_archived:
            query = query.where(c.c.archived.is_(False))
        with self._engine.connect() as conn:
            return [SchoolClass(r.id, r.name, bool(r.archived)) for r in conn.execute(query)]

    # -- learners ----------------------------------------------------------------------------

    def add_learner(self, class_id: int, first_name: str, last_initial: str) -> NewCode:
        first, initial = _clean_first_name(first_name), _clean_initial(last_initial)
        self.get_class(class_id)
        self._check_unique_name(class_id, first, initial, None)
        code = generate_code()
        learner = Learner(uuid.uuid4().hex, class_id, first, initial)
        with self._engine.begin() as conn:
            conn.execute(schema.learners.insert().values(
                id=learner.id, class_id=class_id, first_name=first, last_initial=initial,
                code_hash=hash_secret(code, CODE_COST), failed_codes=0, paused_until_us=None,
                created_us=to_us(self.store.clock())))
        return NewCode(learner, code)

    def _check_unique_name(self, class_id: int, first: str, initial: str, except_id: str | None) -> None:
        for other in self.list_learners(class_id):
            if other.id != except_id and other.first_name.lower() == first.lower() \
                    and other.last_initial == initial:
                raise AccountError(_("{name} is already in this class. Add another letter to tell "
                                     "them apart, for example {example}.").format(
                    name=other.display_name, example=f"{first} {initial}a"[:40]))

    def edit_learner(self, learner_id: str, first_name: str | None = None,
                     last_initial: str | None = None, class_id: int | None = None) -> Learner:
        current = self.get_learner(learner_id)
        first = _clean_first_name(first_name) if first_name is not None else current.first_name
        initial = _clean_initial(last_initial) if last_initial is not None else current.last_initial
        target = class_id if class_id is not None else current.class_id
        self.get_class(target)
        self._check_unique_name(target, first, initial, learner_id)
        with self._engine.begin() as conn:
            conn.execute(update(schema.learners).where(schema.learners.c.id == learner_id)
                         .values(first_name=first, last_initial=initial, class_id=target))
        return Learner(learner_id, target, first, initial)

    def new_code(self, learner_id: str) -> NewCode:
        """Replace a learner's code (e.g. they forgot it); also lifts a sign-in pause."""
        learner = self.get_learner(learner_id)
        code = generate_code()
        with self._engine.begin() as conn:
            conn.execute(update(schema.learners).where(schema.learners.c.id == learner_id).values(
                code_hash=hash_secret(code, CODE_COST), failed_codes=0, paused_until_us=None))
        return NewCode(learner, code)

    def remove_learner(self, learner_id: str) -> int:
        """Delete a learner and all their learning events; returns how many events went."""
        self.get_learner(learner_id)
        with self._engine.begin() as conn:
            removed = self.store.delete_events_of(conn, learner_id)
            conn.execute(delete(schema.learners).where(schema.learners.c.id == learner_id))
        return removed

    def get_learner(self, learner_id: str) -> Learner:
        learner = self._find_learner(learner_id)
        if learner is None:
            raise AccountError(_("This learner is no longer in the class."))
        return learner

    def _find_learner(self, learner_id: str) -> Learner | None:
        lt = schema.learners
        with self._engine.connect() as conn:
            row = conn.execute(select(lt).where(lt.c.id == learner_id)).first()
        return _learner(row) if row else None

    def list_learners(self, class_id: int) -> list[Learner]:
        """A class's learners in the order the sign-in screen shows them (by name)."""
        lt = schema.learners
        query = (select(lt).where(lt.c.class_id == class_id)
                 .order_by(func.lower(lt.c.first_name), lt.c.last_initial))
        with self._engine.connect() as conn:
            return [_learner(r) for r in conn.execute(query)]

    # -- lessons per class -------------------------------------------------------------------

    def assign_lessons(self, class_id: int, lesson_ids: Sequence[str]) -> list[str]:
        """Set a class's lessons, in the order given (duplicates dropped)."""
        self.get_class(class_id)
        ordered = list(dict.fromkeys(str(x) for x in lesson_ids if str(x).strip()))
        cl = schema.class_lessons
        with self._engine.begin() as conn:
            conn.execute(delete(cl).where(cl.c.class_id == class_id))
            if ordered:
                conn.execute(cl.insert(), [{"class_id": class_id, "lesson_id": lid, "position": n}
                                           for n, lid in enumerate(ordered)])
        return ordered

    def assigned_lessons(self, class_id: int) -> list[str]:
        cl = schema.class_lessons
        with self._engine.connect() as conn:
            return list(conn.execute(select(cl.c.lesson_id).where(cl.c.class_id == class_id)
                                     .order_by(cl.c.position)).scalars())

    # -- signing in --------------------------------------------------------------------------

    def sign_in_paused_until(self, learner_id: str) -> datetime | None:
        """When a paused learner may try again (None when they may try now)."""
        lt = schema.learners
        with self._engine.connect() as conn:
            until = conn.execute(select(lt.c.paused_until_us).where(lt.c.id == learner_id)).scalar()
        if until is None or until <= to_us(self.store.clock()):
            return None
        return from_us(until)

    def sign_in(self, learner_id: str, code: str) -> SignInResult:
        """Check a learner's code. Five wrong in a row pause their sign-in for a few minutes."""
        lt = schema.learners
        now_us = to_us(self.store.clock())
        with self._engine.connect() as conn:
            row = conn.execute(select(lt).where(lt.c.id == learner_id)).first()
        if row is None:
            return SignInResult(SignInStatus.UNKNOWN)
        if row.paused_until_us is not None and row.paused_until_us > now_us:
            return SignInResult(SignInStatus.PAUSED, paused_until=from_us(row.paused_until_us))
        if verify_secret(str(code).strip(), row.code_hash):
            with self._engine.begin() as conn:
                conn.execute(update(lt).where(lt.c.id == learner_id)
                             .values(failed_codes=0, paused_until_us=None))
            return SignInResult(SignInStatus.OK, learner=_learner(row), attempts_left=MAX_WRONG_CODES)
        return self._count_wrong_code(learner_id, now_us)

    def _count_wrong_code(self, learner_id: str, now_us: int) -> SignInResult:
        lt = schema.learners
        with self._engine.begin() as conn:
            # An expired pause starts a fresh count of five.
            conn.execute(update(lt).where(lt.c.id == learner_id, lt.c.paused_until_us.is_not(None),
                                          lt.c.paused_until_us <= now_us)
                         .values(failed_codes=0, paused_until_us=None))
            conn.execute(update(lt).where(lt.c.id == learner_id)
                         .values(failed_codes=lt.c.failed_codes + 1))
            failed = conn.execute(select(lt.c.failed_codes).where(lt.c.id == learner_id)).scalar_one()
            if failed >= MAX_WRONG_CODES:
                until = now_us + int(SIGN_IN_PAUSE.total_seconds() * 1_000_000)
                conn.execute(update(lt).where(lt.c.id == learner_id)
                             .values(paused_until_us=until, failed_codes=0))
                return SignInResult(SignInStatus.PAUSED, paused_until=from_us(until))
        return SignInResult(SignInStatus.WRONG, attempts_left=MAX_WRONG_CODES - failed)


def _learner(row) -> Learner:  # noqa: ANN001 - a learners row
    return Learner(row.id, row.class_id, row.first_name, row.last_initial)
