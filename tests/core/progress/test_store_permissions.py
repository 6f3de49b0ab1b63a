"""Permissions are not damage: a learning records file the kiosk's user may not read or write is
reported with its owner, mode and the fix, and left exactly where it is. Only a file proven
damaged is moved aside. An empty file is called empty; export never writes an empty CSV from a
store it could not read; ``trainer set-pin`` run as root leaves the database to the kiosk's user.
"""
from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Iterator

import pytest

from kiosk.errors import StoreError
from kiosk.progress import sqlitefile
from kiosk.progress.events import LearningEvent, Verb
from kiosk.progress.store import SQLITE_FILE, open_store

NOBODY = 65534
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root to act as another user")


def _config(tmp_path: Path, data: Path) -> Path:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[paths]\ndata_dir = "{data}"\n', encoding="utf-8")
    return config


def _aside(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if ".damaged" in p.name]


def _healthy_db(folder: Path, clock) -> Path:
    with open_store("", data_dir=folder, clock=clock) as opened:
        opened.record(LearningEvent("acc", Verb.STARTED, "email", 0, timestamp=clock()))
    return folder / SQLITE_FILE


@contextlib.contextmanager
def acting_as(uid: int) -> Iterator[None]:
    """Run the block with another effective user, as the kiosk's own user would be."""
    os.setegid(uid)
    os.seteuid(uid)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder another user can reach (pytest's own tmp folders are private to root)."""
    if os.geteuid() != 0:
        pytest.skip("needs root to act as another user")
    folder = Path(tempfile.mkdtemp(prefix="kiosk-perm-", dir="/tmp"))
    folder.chmod(0o755)
    os.chown(folder, NOBODY, NOBODY)  # the data folder belongs to the kiosk's user
    yield folder
    for child in sorted(folder.rglob("*"), reverse=True):
        child.unlink() if not child.is_dir() else child.rmdir()
    folder.rmdir()


@as_root
def test_a_database_the_kiosk_user_cannot_read_is_reported_not_moved(shared_dir, clock) -> None:
    db = _healthy_db(shared_dir, clock)
    db.chmod(0o600)  # root's, as `kiosk trainer set-pin` run with sudo used to leave it
    before = db.read_bytes()
    with acting_as(NOBODY), pytest.raises(StoreError) as raised:
        open_store("", data_dir=shared_dir, clock=clock)
    message = str(raised.value)
    assert "permission problem, not damage" in message and "owner root" in message
    assert "mode 0600" in message and f"sudo chown nobody: {db}" in message
    assert db.read_bytes() == before and _aside(shared_dir) == []


@as_root
def test_a_read_only_database_is_reported_before_any_event_is_lost(shared_dir, clock) -> None:
    db = _healthy_db(shared_dir, clock)
    db.chmod(0o644)  # readable by the kiosk's user, but "attempt to write a readonly database"
    with acting_as(NOBODY), pytest.raises(StoreError, match="cannot read and write this file"):
        open_store("", data_dir=shared_dir, clock=clock)
    assert _aside(shared_dir) == []


@pytest.mark.parametrize("sqlite_says", ["unable to open database file",
                                         "attempt to write a readonly database",
                                         "database is locked", "disk I/O error"])
def test_sqlite_errors_that_are_not_damage_leave_the_file_alone(tmp_path, clock, monkeypatch,
                                                                 sqlite_says) -> None:
    db = _healthy_db(tmp_path, clock)
    monkeypatch.setattr(sqlitefile, "_sqlite_problem", lambda _path: sqlite_says)
    with pytest.raises(StoreError, match="left as it is"):
        open_store("", data_dir=tmp_path, clock=clock)
    assert db.exists() and _aside(tmp_path) == []


def test_a_denied_access_names_owner_mode_and_fix(tmp_path, clock, monkeypatch) -> None:
    db = _healthy_db(tmp_path, clock)
    db.chmod(0o400)
    monkeypatch.setattr(sqlitefile, "_can_use", lambda path, _mode: Path(path) != db)
    with pytest.raises(StoreError) as raised:
        open_store("", data_dir=tmp_path, clock=clock)
    assert "mode 0400" in str(raised.value) and "sudo chmod u+rw" in str(raised.value)
    assert _aside(tmp_path) == []


def test_a_file_that_is_not_a_database_is_still_moved_aside(tmp_path, clock) -> None:
    (tmp_path / SQLITE_FILE).write_bytes(b"a shopping list, not a database\n" * 100)
    with open_store("", data_dir=tmp_path, clock=clock) as opened:
        assert opened.recovery is not None and len(_aside(tmp_path)) == 1


def test_a_zero_byte_database_is_called_empty_not_ok(tmp_path, clock, capsys) -> None:
    from kiosk.cli import main

    data = tmp_path / "data"
    data.mkdir()
    (data / SQLITE_FILE).write_bytes(b"")
    assert main(["progress", "check", "--config", str(_config(tmp_path, data))]) == 1
    captured = capsys.readouterr()
    assert "empty (0 bytes)" in captured.err and "OK" not in captured.out
    assert (data / SQLITE_FILE).stat().st_size == 0  # the check changed nothing


def test_export_of_a_store_it_cannot_read_fails_without_writing_a_file(tmp_path, clock, capsys,
                                                                       monkeypatch) -> None:
    from kiosk.cli import main

    data = tmp_path / "data"
    db = _healthy_db(data, clock)
    out = tmp_path / "usb"
    out.mkdir()
    config = str(_config(tmp_path, data))
    monkeypatch.setattr(sqlitefile, "_can_use", lambda path, _mode: Path(path) != db)
    assert main(["progress", "export", "--format", "csv", "--out", str(out), "--config", config]) == 1
    assert "permission problem" in capsys.readouterr().err and list(out.iterdir()) == []
    monkeypatch.undo()
    db.write_bytes(b"")  # emptied by accident: nothing to export is not an empty export
    assert main(["progress", "export", "--format", "csv", "--out", str(out), "--config", config]) == 1
    assert "is empty (0 bytes)" in capsys.readouterr().err and list(out.iterdir()) == []


def test_export_of_a_damaged_store_reports_it_and_never_swaps_it(tmp_path, clock, capsys) -> None:
    from kiosk.cli import main

    data = tmp_path / "data"
    data.mkdir()
    (data / SQLITE_FILE).write_bytes(b"not a database at all" * 300)
    out = tmp_path / "usb"
    out.mkdir()
    assert main(["progress", "export", "--format", "csv", "--out", str(out), "--config",
                 str(_config(tmp_path, data))]) == 1
    assert "not a database" in capsys.readouterr().err
    assert list(out.iterdir()) == [] and _aside(data) == []


@as_root
def test_set_pin_as_root_gives_the_database_to_the_data_folders_owner(tmp_path, monkeypatch) -> None:
    from kiosk.cli import main

    data = tmp_path / "data"
    data.mkdir()
    os.chown(data, NOBODY, NOBODY)
    monkeypatch.setattr("sys.stdin", io.StringIO("730954\n"))
    assert main(["trainer", "set-pin", "--config", str(_config(tmp_path, data))]) == 0
    files = [p for p in data.iterdir() if p.name.startswith(SQLITE_FILE)]
    assert files and all((p.stat().st_uid, p.stat().st_gid) == (NOBODY, NOBODY) for p in files)


@as_root
def test_set_pin_as_root_gives_a_data_folder_it_made_to_the_owner_above(tmp_path, monkeypatch) -> None:
    from kiosk.cli import main

    state = tmp_path / "state"
    state.mkdir()
    os.chown(state, NOBODY, NOBODY)
    data = state / "data"  # not there yet: set-pin makes it
    monkeypatch.setattr("sys.stdin", io.StringIO("730954\n"))
    assert main(["trainer", "set-pin", "--config", str(_config(tmp_path, data))]) == 0
    assert data.stat().st_uid == NOBODY and (data / SQLITE_FILE).stat().st_uid == NOBODY


def test_a_password_in_the_database_url_never_reaches_the_error(clock) -> None:
    with pytest.raises(StoreError) as raised:
        open_store("postgresql+psycopg://kiosk:Sup3r-s3cret-pw@127.0.0.1:1/none?connect_timeout=1",
                   clock=clock)
    assert "Sup3r-s3cret-pw" not in str(raised.value)


def test_the_guard_does_not_move_aside_a_file_it_may_not_open(tmp_path, clock, monkeypatch) -> None:
    path = tmp_path / SQLITE_FILE
    opened = open_store(f"sqlite:///{path}", clock=clock)
    try:
        opened.record(LearningEvent("acc", Verb.STARTED, "email", 0, timestamp=clock()))
        for leftover in [p for p in tmp_path.iterdir() if p.name.startswith(path.name)]:
            leftover.unlink()
        sqlite3.connect(path).execute("CREATE TABLE restored (x)").connection.close()
        monkeypatch.setattr(sqlitefile, "_sqlite_problem", lambda _p: "unable to open database file")
        with pytest.raises(StoreError):
            opened.record(LearningEvent("acc", Verb.STARTED, "video", 0, timestamp=clock()))
        assert path.exists() and _aside(tmp_path) == []
    finally:
        opened.close()


# -- an event that cannot be written is kept, retried, and the learner told --------------------

class FlakyStore:
    """The real store, whose writes fail while ``full`` is set (a full disk, a read-only file)."""

    def __init__(self, real) -> None:
        self.real = real
        self.full = True
        self.saved = __import__("threading").Event()

    def record(self, event) -> bool:
        if self.full:
            raise StoreError("could not record a learning event: database or disk is full")
        done = self.real.record(event)
        self.saved.set()
        return done

    def __getattr__(self, name: str):
        return getattr(self.real, name)


def _signed_in_link(store, flaky: FlakyStore, retry_seconds: float = 3600, keep: int = 5000):
    from kiosk.progress.link import ProgressLink, QueuedSink
    from viewmodel_support import Hooks, make_session

    learner = store.accounts.add_learner(store.accounts.create_class("Tuesday").id, "Maria", "G").learner
    hooks = Hooks()
    link = ProgressLink(make_session(), hooks, device_id="pc", open_store=lambda: flaky)
    link._sink.close()  # a sink with test-sized retry and bound instead
    link._sink = QueuedSink(link.store, retry_seconds=retry_seconds, keep=keep)
    link.sign_in(learner, {})
    return link, hooks, learner


class Said:
    def __init__(self, verb: str, step: int) -> None:
        self.verb, self.lesson_id, self.step_index, self.result = verb, "email", step, {}


def test_an_event_that_cannot_be_saved_is_kept_and_the_learner_told(store) -> None:
    from kiosk.progress.link import unsaved_notice

    flaky = FlakyStore(store)
    link, hooks, learner = _signed_in_link(store, flaky)
    try:
        hooks.lesson_listeners[0](Said("started", 0))
        assert link.flush() and link.unsaved() == 1
        notice = unsaved_notice({"progress_link": link})
        assert notice.startswith("Your progress could not be saved just now")
        flaky.full = False  # space again: the next event takes the waiting one with it
        hooks.lesson_listeners[0](Said("progressed", 0))
        assert link.flush() and link.unsaved() == 0
        assert [e.verb for e in store.events(account=learner.id)] == [Verb.STARTED, Verb.PROGRESSED]
        assert unsaved_notice({"progress_link": link}) == ""
    finally:
        link.close()


def test_waiting_events_are_retried_on_their_own(store) -> None:
    flaky = FlakyStore(store)
    link, hooks, learner = _signed_in_link(store, flaky, retry_seconds=0.05)
    try:
        hooks.lesson_listeners[0](Said("started", 0))
        assert link.flush() and link.unsaved() == 1
        flaky.full = False
        assert flaky.saved.wait(10), "the waiting event was never retried"
        assert link.flush() and link.unsaved() == 0 and store.count_events(learner.id) == 1
    finally:
        link.close()


def test_the_waiting_events_are_bounded(store) -> None:
    flaky = FlakyStore(store)
    link, hooks, _learner = _signed_in_link(store, flaky, keep=2)
    try:
        for step in range(5):
            hooks.lesson_listeners[0](Said("progressed", step))
        assert link.flush() and link.unsaved() == 2
    finally:
        link.close()


def test_no_notice_for_the_next_visitor_or_without_a_link(store) -> None:
    from kiosk.progress.link import unsaved_notice

    flaky = FlakyStore(store)
    link, hooks, _learner = _signed_in_link(store, flaky)
    try:
        hooks.lesson_listeners[0](Said("started", 0))
        assert link.flush() and link.unsaved() == 1
        link.session.sign_out()
        assert unsaved_notice({"progress_link": link}) == "" and unsaved_notice({}) == ""
    finally:
        link.close()
