"""The store on SQLite and PostgreSQL: recording, de-duplication, resuming, migrations, checks."""
from __future__ import annotations

import sqlite3
import uuid
from datetime import timedelta

import pytest

from kiosk.progress.events import LearningEvent, Recorder, Result, Verb
from kiosk.progress.store import SQLITE_FILE, open_store


def _event(clock, verb=Verb.PROGRESSED, step=0, account="acc-1", lesson="email-basics", **kw):
    return LearningEvent(account, verb, lesson, step, timestamp=clock(), device_id="lib-pc-3", **kw)


def test_recorded_event_reads_back_with_every_field(store, clock):
    event = _event(clock, Verb.ANSWERED, 4, result=Result(0.5, False, "Reply all", timedelta(seconds=42.5)))
    assert store.record(event) is True
    [back] = store.events()
    assert back == event
    assert back.timestamp == clock()


def test_recording_the_same_event_twice_keeps_one(store, clock):
    event = _event(clock)
    assert store.record(event) is True
    assert store.record(event) is False
    assert store.record_many([event, event]) == 0
    assert store.count_events() == 1


def test_merging_records_of_another_kiosk_adds_only_new_events(store, clock):
    ours = [_event(clock, step=n) for n in range(3)]
    for e in ours:
        store.record(e)
    theirs = [*ours[1:], *[_event(clock, step=n, account="acc-2") for n in range(4)]]
    assert store.record_many(theirs) == 4
    assert store.count_events() == 7


def test_events_come_back_in_time_order_and_filtered(store, clock):
    early = _event(clock, step=1)
    clock.advance(minutes=1)
    late = _event(clock, step=2, lesson="video-call")
    store.record(late)
    store.record(early)
    assert [e.id for e in store.events()] == [early.id, late.id]
    assert [e.id for e in store.events(lesson_id="video-call")] == [late.id]
    assert store.events(account="nobody") == []


def test_learner_resumes_where_they_left_off(store, clock):
    rec = Recorder(store, "acc-1", "lib-pc-3", clock)
    assert store.resume_step("acc-1", "email-basics") is None
    rec.started("email-basics")
    for step in (1, 2, 3):
        clock.advance(seconds=30)
        rec.progressed("email-basics", step)
    assert store.resume_step("acc-1", "email-basics") == 3
    clock.advance(seconds=30)
    rec.completed("email-basics", score=0.8)
    assert store.resume_step("acc-1", "email-basics") is None


def test_anonymous_visitor_leaves_no_record(store, clock):
    rec = Recorder(store, None, "lib-pc-3", clock)
    assert rec.started("email-basics") is None
    assert store.count_events() == 0


def test_reopening_keeps_events_and_does_not_migrate_again(store, reopen, clock):
    store.record(_event(clock))
    again = reopen()
    assert again.count_events() == 1
    assert again.check() == []


def test_healthy_store_passes_check(store):
    assert store.check() == []


@pytest.mark.parametrize("bad", [{"score": 1.5}, {"score": -0.1}])
def test_out_of_range_scores_are_refused(bad):
    with pytest.raises(ValueError, match="score"):
        Result(**bad)


def test_events_need_an_account_and_a_zoned_time(clock):
    with pytest.raises(ValueError, match="account"):
        LearningEvent("", Verb.STARTED, "email-basics")
    with pytest.raises(ValueError, match="time zone"):
        LearningEvent("a", Verb.STARTED, "x", timestamp=clock().replace(tzinfo=None))


# -- SQLite specifics ---------------------------------------------------------------------------

def test_default_sqlite_store_is_durable_wal_in_the_data_folder(tmp_path, clock):
    store = open_store("", data_dir=tmp_path, clock=clock)
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        store.record(_event(clock))
    finally:
        store.close()
    assert (tmp_path / SQLITE_FILE).exists()


def test_corrupt_sqlite_file_is_moved_aside_and_a_fresh_store_used(tmp_path, clock):
    path = tmp_path / SQLITE_FILE
    path.write_bytes(b"this is not a database, it is a shopping list\n" * 200)
    store = open_store("", data_dir=tmp_path, clock=clock)
    try:
        assert store.recovery is not None
        moved = store.recovery.moved_to
        assert moved.exists() and moved.name.startswith(f"{SQLITE_FILE}.damaged-20261125T153000")
        assert moved.read_bytes().startswith(b"this is not a database")
        assert moved.name in store.recovery.message()
        assert store.check() == []
        store.record(_event(clock))
        assert store.count_events() == 1
    finally:
        store.close()


def test_damaged_pages_are_detected_and_the_file_replaced(tmp_path, clock):
    store = open_store("", data_dir=tmp_path, clock=clock)
    store.record_many([_event(clock, step=n, result=Result(response="x" * 500)) for n in range(300)])
    store.close()
    path = tmp_path / SQLITE_FILE
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 3, min(len(data), page * 12)):
        data[offset] = 0xA5
    path.write_bytes(bytes(data))
    again = open_store("", data_dir=tmp_path, clock=clock)
    try:
        assert again.recovery is not None
        assert again.count_events() == 0
        assert again.recovery.moved_to.exists()
    finally:
        again.close()


def test_check_reports_a_file_damaged_while_open(tmp_path, clock):
    store = open_store("", data_dir=tmp_path, clock=clock)
    try:
        store.record_many([_event(clock, step=n, result=Result(response="y" * 800)) for n in range(400)])
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        store.engine.dispose()
        path = tmp_path / SQLITE_FILE
        data = bytearray(path.read_bytes())
        for offset in range(4096 * 5, 4096 * 5 + 64):  # a b-tree page header
            data[offset] = 0x00
        path.write_bytes(bytes(data))
        problems = store.check()
        assert problems, "a zeroed page must be reported"
    finally:
        store.close()


def test_unreachable_postgres_is_a_store_error(clock):
    from kiosk.errors import StoreError
    with pytest.raises(StoreError, match="cannot open"):
        open_store("postgresql+psycopg://nobody:x@127.0.0.1:1/none?connect_timeout=2", clock=clock)


def test_devices_show_when_each_kiosk_last_recorded(store, clock):
    store.record(_event(clock))
    clock.advance(hours=1)
    store.record(LearningEvent("acc-2", Verb.STARTED, "x", 0, timestamp=clock(), device_id="lib-pc-4"))
    assert store.devices() == {"lib-pc-3": clock() - timedelta(hours=1), "lib-pc-4": clock()}
    assert uuid.UUID(store.events()[0].id)


def test_a_sqlite_url_gets_the_same_durable_settings(tmp_path, clock):
    store = open_store(f"sqlite:///{tmp_path / 'elsewhere.db'}", clock=clock)
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
    finally:
        store.close()


def _sqlite_files(path):
    return [p for p in path.parent.iterdir() if p.name.startswith(path.name)]


def test_a_removed_sqlite_file_is_rebuilt_with_everything_recorded(tmp_path, clock):
    path = tmp_path / "progress.sqlite3"
    opened = open_store(f"sqlite:///{path}", clock=clock)
    try:
        first = _event(clock, step=1)
        opened.record(first)
        for leftover in _sqlite_files(path):  # a clean-up script deletes the database
            leftover.unlink()
        second = _event(clock, step=2)
        opened.record(second)
        assert path.exists()
        assert {e.id for e in opened.events()} == {first.id, second.id}
    finally:
        opened.close()
    reopened = open_store(f"sqlite:///{path}", clock=clock)  # and it is all there after a restart
    try:
        assert {e.id for e in reopened.events()} == {first.id, second.id}
    finally:
        reopened.close()


def test_a_damaged_file_put_in_place_is_moved_aside_and_nothing_is_lost(tmp_path, clock):
    path = tmp_path / "progress.sqlite3"
    opened = open_store(f"sqlite:///{path}", clock=clock)
    try:
        first = _event(clock, step=1)
        opened.record(first)
        for leftover in _sqlite_files(path):
            leftover.unlink()
        path.write_bytes(b"this is not a database" * 100)
        second = _event(clock, step=2)
        opened.record(second)
        assert {e.id for e in opened.events()} == {first.id, second.id}
        assert any(".damaged" in p.name for p in tmp_path.iterdir())
    finally:
        opened.close()
