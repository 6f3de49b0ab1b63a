"""The SQLite file of the learning records: checking it, moving a damaged one aside, and keeping
the file a running kiosk writes to the one on disk (:class:`FileGuard`).

Permissions are not damage: a file (or folder) the kiosk's user may not read or write is reported
with its owner, mode and the ``chown``/``chmod`` that fixes it, and left where it is. Only proof —
``PRAGMA quick_check`` failing, "file is not a database" — moves a file aside.

Split from :mod:`kiosk.progress.store` (which re-exports these names): the store holds the engine
and the queries, this module what only a SQLite *file* needs.
"""
from __future__ import annotations

import logging
import os
import pwd
import sqlite3
import stat
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DisconnectionError

from kiosk.errors import StoreError
from kiosk.i18n import _
from kiosk.progress import schema
from kiosk.progress.events import Clock, utc_now

logger = logging.getLogger(__name__)

SQLITE_FILE = "progress.sqlite3"


@dataclass(frozen=True)
class RecoveryNotice:
    """A damaged SQLite file was moved aside at start-up and a fresh store begun."""

    moved_to: Path
    problem: str
    when: datetime

    def message(self) -> str:
        """One plain sentence for the trainer screen (translated when shown)."""
        return _("The learning records file was damaged and has been set aside as {name}. "
                 "A new, empty file is in use. Problem found: {problem}").format(
            name=self.moved_to.name, problem=self.problem)



#: The records file holds the trainer PIN's hash and learners' sign-in code hashes: readable by
#: the kiosk's own user only (SQLite gives its -wal and -shm files the same mode).
PRIVATE_MODE = 0o600


def make_private(path: Path) -> None:
    """Create ``path`` empty if missing, and make it and its SQLite side files owner-only."""
    fd = os.open(path, os.O_CREAT | os.O_RDWR, PRIVATE_MODE)
    os.close(fd)
    for name in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
        try:
            os.chmod(name, PRIVATE_MODE)
        except FileNotFoundError:
            pass


def sqlite_path(data_dir: Path) -> Path:
    return Path(data_dir) / SQLITE_FILE


#: SQLite messages that prove the *file* is damaged. Anything else (no permission, a read-only
#: file, a lock, a full disk) is a problem around the file: it is reported and the file left alone.
_DAMAGE_MARKS = ("file is not a database", "malformed", "corrupt", "not a learning records file",
                 "holds no learning records tables")


class Damage(str):
    """What ``PRAGMA quick_check`` reported: proof of damage, whatever its words."""


def is_damage(problem: str) -> bool:
    """True when ``problem`` (from :func:`_sqlite_problem`) proves the file itself is broken."""
    text = problem.lower()
    return isinstance(problem, Damage) or any(mark in text for mark in _DAMAGE_MARKS)


def _user(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _can_use(path: Path, mode: int) -> bool:
    """``os.access`` for the effective user (a seam for tests, which may run as root)."""
    return os.access(path, mode, effective_ids=os.access in os.supports_effective_ids)


def access_problem(path: Path) -> str | None:
    """Why this process cannot read and write the SQLite file, its side files or its folder, with
    the owner, the mode and the command that fixes it; None when all is usable (or not there yet).
    """
    me = _user(os.geteuid())
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # the folder the kiosk will create the data folder in
    # The file first: a root-owned database in the kiosk's own folder is the usual case.
    checks = [(p, os.R_OK | os.W_OK, "file") for p in
              (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")))
              if p.exists()]
    if folder.is_dir():  # a file in the folder's place is reported when the folder is made
        checks.append((folder, os.W_OK | os.X_OK, "folder"))
    for target, mode, kind in checks:
        if _can_use(target, mode):
            continue
        try:
            st = target.stat()
        except OSError as exc:
            return (f"{target}: cannot be reached by user {me} ({exc.strerror or exc}); this is a "
                    f"permission problem, not damage: nothing was moved")
        fix = "u+rwx" if kind == "folder" else "u+rw"
        cannot = "write in this folder" if kind == "folder" else "read and write this file"
        return (f"{target}: user {me} cannot {cannot}"
                f" (owner {_user(st.st_uid)}, mode {stat.S_IMODE(st.st_mode):04o}). This is a "
                f"permission problem, not damage: nothing was moved. Fix: sudo chown {me}: {target}"
                f" && sudo chmod {fix} {target}")
    return None


def give_to_folder_owner(path: Path, existing: Path | None = None) -> None:
    """Make the SQLite file (its side files, and the folders made for it) belong to the owner of
    the folder it lives in — or of ``existing``, the nearest folder that was there before.

    For ``kiosk trainer set-pin`` run as root before the kiosk first started: a root-owned
    database would be read-only for the kiosk's user, which would then lose every event.
    """
    if os.geteuid() != 0:
        return
    owner = existing if existing is not None else path.parent
    st = owner.stat()
    made = []
    folder = path.parent
    while existing is not None and folder != existing and existing in folder.parents:
        made.append(folder)  # created by this command, below the folder that was there
        folder = folder.parent
    sides = (path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))
    for target in (*made, path, *sides):
        if target.exists() and (target.stat().st_uid, target.stat().st_gid) != (st.st_uid, st.st_gid):
            os.chown(target, st.st_uid, st.st_gid)
            logger.info("gave %s to %s, the owner of %s", target, _user(st.st_uid), owner)


def _sqlite_problem(path: Path) -> str | None:
    """Why an existing SQLite file cannot be used, or None when it is fine (or absent)."""
    if not path.exists():
        return None
    try:
        con = sqlite3.connect(path, timeout=10)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        rows = con.execute("PRAGMA quick_check").fetchall()
        con.execute("SELECT name FROM sqlite_master LIMIT 1").fetchall()
    except sqlite3.Error as exc:
        return str(exc)
    finally:
        con.close()
    problems = [row[0] for row in rows if row[0] != "ok"]
    return Damage("; ".join(problems[:3])) if problems else None


def _is_blank(path: Path) -> bool:
    """True for an SQLite file with no tables at all (or an empty file)."""
    try:
        con = sqlite3.connect(path)
        try:
            return con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
        finally:
            con.close()
    except sqlite3.Error:
        return False


def _not_ours(path: Path) -> str | None:
    """Why a readable SQLite file is not a learning records file (e.g. an empty one), or None."""
    try:
        con = sqlite3.connect(path)
        try:
            found = con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                (schema.events.name,)).fetchone()
        finally:
            con.close()
    except sqlite3.Error as exc:
        return str(exc)
    return None if found else "it holds no learning records tables"


def _move_aside(path: Path, problem: str, now: datetime) -> RecoveryNotice:
    stamp = now.strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.replace(target.with_name(target.name + suffix))
    path.replace(target)
    # A damaged copy still holds the PIN hash: never leave it readable by others.
    for name in (target, *(target.with_name(target.name + s) for s in ("-wal", "-shm", "-journal"))):
        try:
            os.chmod(name, PRIVATE_MODE)
        except OSError:
            pass
    logger.error("learning records file %s was unusable (%s); moved aside to %s and started fresh",
                 path, problem, target)
    return RecoveryNotice(target, problem, now)


def open_sqlite_file(path: Path, clock: Clock, recover: bool) -> tuple[Engine, RecoveryNotice | None]:
    """The engine of the SQLite file at ``path``, after checking it may be used.

    Permissions first: a file the kiosk's user may not open is not damaged and is never moved
    aside (its records would vanish from every screen and export) — a :class:`StoreError` names
    owner, mode and fix. A file proven damaged is moved aside (``recover``) or reported.
    """
    denied = access_problem(path)
    if denied:
        raise StoreError(denied)
    problem = _sqlite_problem(path)
    if problem and not is_damage(problem):
        raise StoreError(f"{path}: cannot be opened ({problem}); the file was left as it is")
    if problem and not recover:
        raise StoreError(f"{path}: {problem}")
    if path.is_file() and path.stat().st_size == 0:
        logger.warning("learning records file %s was empty (0 bytes); setting up a new store", path)
    recovery = None
    try:
        if problem:
            recovery = _move_aside(path, problem, clock())
        return _sqlite_engine(path), recovery
    except PermissionError as exc:
        raise StoreError(access_problem(path) or f"{path}: {exc.strerror or exc}") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot be used or moved aside ({exc.strerror or exc})") from None


def _sqlite_engine(path: Path) -> Engine:
    path.parent.mkdir(parents=True, exist_ok=True)
    make_private(path)
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()
        record.info["file_id"] = file_identity(path)

    return engine


def file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of what ``path`` names now; None when nothing is there."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


class FileGuard:
    """Keeps the SQLite file a running kiosk writes to the file that is on disk.

    An open SQLite connection keeps writing to its file even after the file was deleted or
    replaced (by a clean-up script, a botched copy): the kiosk would seem fine while every event
    went into a file nobody can open again. So before each use of a pooled connection the guard
    checks that the path still names the file that connection opened. If not:

    * the file is gone → it is rebuilt at once from ``keeper`` (a connection of our own that holds
      the old file open) with SQLite's backup API: nothing recorded is lost;
    * a damaged file stands there → it is moved aside (as at start-up) and rebuilt the same way;
    * a working SQLite file stands there (a technician restored a backup) → it is used from now on;
    * a folder or anything unopenable stands there → :class:`StoreError` (the screens show a calm
      message) and the guard tries again on the next use, so it heals once the path is free.

    Connections to the old file are then dropped and the pool reconnects to the new one.
    """

    def __init__(self, path: Path, engine: Engine, clock: Clock = utc_now) -> None:
        self.path = path
        self.clock = clock
        self._lock = threading.Lock()
        self._keeper = self._open_keeper()
        self._identity = file_identity(path)
        event.listen(engine, "checkout", self._on_checkout)

    def _open_keeper(self) -> sqlite3.Connection:
        keeper = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        # A first read opens the WAL and shared-memory files too: once the names are gone, only
        # a connection that already holds them can still read what was written.
        keeper.execute("SELECT count(*) FROM sqlite_master").fetchall()
        return keeper

    def _on_checkout(self, _dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        now = file_identity(self.path)
        if now is not None and now == record.info.get("file_id") == self._identity:
            return
        with self._lock:
            self._heal()
        raise DisconnectionError(f"{self.path} changed on disk; reconnecting")

    def _heal(self) -> None:
        now = file_identity(self.path)
        if now is not None and now == self._identity:
            return  # another connection already healed it
        if self.path.exists() and not self.path.is_file():
            logger.error("learning records path %s is not a file; records cannot be saved until "
                         "it is removed", self.path)
            raise StoreError(f"{self.path}: is not a file")
        if now is not None and _is_blank(self.path):
            # Made by a new connection opening the vanished path: it holds nobody's records.
            self.path.unlink(missing_ok=True)
            now = None
        if now is None:
            logger.error("learning records file %s was removed while the kiosk ran; restoring it "
                         "from the copy still open", self.path)
            self._restore()
        else:
            problem = _sqlite_problem(self.path) or _not_ours(self.path)
            if problem and not is_damage(problem):
                # Unreadable is not damaged: moving a file aside because of its mode loses nothing
                # today but hides the records from everyone until someone finds the copy.
                message = access_problem(self.path) or f"{self.path}: cannot be opened ({problem})"
                logger.error("learning records file %s cannot be used: %s", self.path, message)
                raise StoreError(message)
            if problem:
                _move_aside(self.path, problem, self.clock())
                self._restore()
            else:
                logger.warning("learning records file %s was replaced by another database; "
                               "using it from now on", self.path)
        self._keeper.close()
        self._keeper = self._open_keeper()
        self._identity = file_identity(self.path)

    def _restore(self) -> None:
        for suffix in ("-wal", "-shm", "-journal"):
            # Left over from the removed file; the open copy holds its own.
            self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
        try:
            make_private(self.path)
            target = sqlite3.connect(self.path)
            try:
                self._keeper.backup(target)
            finally:
                target.close()
        except (sqlite3.Error, OSError) as exc:
            self.path.unlink(missing_ok=True)  # a half-made file must not pass for the records
            logger.error("learning records file %s could not be rebuilt: %s", self.path, exc)
            raise StoreError(f"{self.path}: cannot be rebuilt ({exc})") from None
        logger.error("learning records file %s rebuilt from the open copy; nothing was lost",
                     self.path)

    def close(self) -> None:
        with self._lock:
            self._keeper.close()
