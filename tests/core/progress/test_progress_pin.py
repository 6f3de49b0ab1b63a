"""The trainer PIN: hashed, locked after five wrong tries for five minutes, across restarts."""
from __future__ import annotations

import io
import sys

import pytest

from kiosk.progress.pin import MAX_WRONG_PINS, PIN_LOCK, PinError, PinStatus


def test_no_pin_set_means_trainer_mode_stays_closed(store):
    result = store.trainer_pin.check("1234")
    assert result.status is PinStatus.NOT_SET
    assert "kiosk trainer set-pin" in result.message(store.clock())


def test_right_pin_opens_and_is_stored_only_as_a_salted_hash(store):
    store.trainer_pin.set_pin("2468")
    assert store.trainer_pin.check("2468").ok
    stored = store.get_setting("trainer_pin_hash")
    assert stored.startswith("scrypt$") and "2468" not in stored
    store.trainer_pin.set_pin("2468")
    assert store.get_setting("trainer_pin_hash") != stored  # a new salt each time


@pytest.mark.parametrize("pin", ["12", "12ab", "1111", "1234567890123"])
def test_weak_or_malformed_pins_are_refused(store, pin):
    with pytest.raises(PinError):
        store.trainer_pin.set_pin(pin)
    assert not store.trainer_pin.is_set()


def test_five_wrong_pins_lock_for_five_minutes_even_after_a_restart(store, reopen, clock):
    store.trainer_pin.set_pin("2468")
    results = [store.trainer_pin.check("1357") for _ in range(MAX_WRONG_PINS)]
    assert [r.attempts_left for r in results[:-1]] == [4, 3, 2, 1]
    assert results[-1].status is PinStatus.LOCKED
    assert results[-1].locked_until == clock() + PIN_LOCK
    assert "locked for 5 minutes" in results[-1].message(clock())
    restarted = reopen()
    assert restarted.trainer_pin.check("2468").status is PinStatus.LOCKED
    clock.advance(minutes=4, seconds=59)
    assert restarted.trainer_pin.locked_until() is not None
    clock.advance(seconds=2)
    assert restarted.trainer_pin.locked_until() is None
    assert restarted.trainer_pin.check("2468").ok


def test_after_a_lock_expires_the_count_starts_again(store, clock):
    store.trainer_pin.set_pin("2468")
    for _ in range(MAX_WRONG_PINS):
        store.trainer_pin.check("0000")
    clock.advance(minutes=6)
    assert store.trainer_pin.check("0000").attempts_left == MAX_WRONG_PINS - 1


def test_set_pin_command_reads_the_pin_from_stdin(tmp_path, monkeypatch, capsys, clock):
    from kiosk.cli import main
    from kiosk.progress.store import open_store

    config = tmp_path / "config.toml"
    config.write_text(f'[paths]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO("97531\n"))
    assert main(["trainer", "set-pin", "--config", str(config)]) == 0
    assert "Trainer PIN set" in capsys.readouterr().out
    with open_store("", data_dir=tmp_path / "data", clock=clock) as store:
        assert store.trainer_pin.check("97531").ok
    monkeypatch.setattr(sys, "stdin", io.StringIO("12\n"))
    assert main(["trainer", "set-pin", "--config", str(config)]) == 1
    assert "4 to 12 digits" in capsys.readouterr().err
