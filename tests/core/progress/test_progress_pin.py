"""The trainer PIN: hard-to-guess PINs only, hashed expensively, and a pause after wrong PINs that
grows — per kiosk, across restarts — and never locks out the other kiosks of a shared store."""
from __future__ import annotations

import io
import sys
from datetime import timedelta

import pytest

from kiosk.progress.pin import FREE_TRIES, FIRST_WAIT, MAX_WAIT, PinError, PinStatus, wait_after
from kiosk.progress.secrets_hash import OLD_PIN_COST, PIN_COST, hash_cost, hash_secret

GOOD = "730954"


def test_no_pin_set_means_trainer_mode_stays_closed(store):
    result = store.trainer_pin.check("123456")
    assert result.status is PinStatus.NOT_SET
    assert "kiosk trainer set-pin" in result.message(store.clock())


def test_right_pin_opens_and_is_stored_only_as_a_costly_salted_hash(store):
    store.trainer_pin.set_pin(GOOD)
    assert store.trainer_pin.check(GOOD).ok
    stored = store.get_setting("trainer_pin_hash")
    assert stored.startswith("scrypt$") and GOOD not in stored
    assert hash_cost(stored) == PIN_COST and PIN_COST[0] >= 2 ** 16
    store.trainer_pin.set_pin(GOOD)
    assert store.get_setting("trainer_pin_hash") != stored  # a new salt each time


@pytest.mark.parametrize("pin, why", [
    ("1234", "6 to 12 digits"), ("12ab56", "6 to 12 digits"), ("1234567890123", "6 to 12 digits"),
    ("１２３４５６", "6 to 12 digits"),  # full-width digits are not what the pad types
    ("111111", "one digit repeated"), ("123456", "count up or down"),
    ("654321", "count up or down"), ("890123", "count up or down"), ("2345678", "count up or down"),
    ("121212", "first that people guess"), ("123123", "first that people guess"),
    ("147258", "first that people guess"), ("112233", "first that people guess"),
    ("199001", "year or a date"), ("121990", "year or a date"), ("250361", "year or a date"),
    ("19750412", "year or a date"), ("04121975", "year or a date"),
])
def test_easy_pins_are_refused_saying_why(store, pin, why):
    with pytest.raises(PinError, match=why):
        store.trainer_pin.set_pin(pin)
    assert not store.trainer_pin.is_set()


@pytest.mark.parametrize("pin", ["730954", "48261937", "905318", "583920461"])
def test_hard_pins_of_six_digits_or_more_are_accepted(store, pin):
    store.trainer_pin.set_pin(pin)
    assert store.trainer_pin.check(pin).ok


def test_the_pause_after_wrong_pins_grows_and_survives_a_restart(store, reopen, clock):
    store.trainer_pin.set_pin(GOOD)
    free = [store.trainer_pin.check("000000") for _ in range(FREE_TRIES - 1)]
    assert [r.status for r in free] == [PinStatus.WRONG] * (FREE_TRIES - 1)
    assert [r.attempts_left for r in free] == [FREE_TRIES - n for n in range(1, FREE_TRIES)]
    waits = []
    for _ in range(4):
        result = store.trainer_pin.check("000000")
        assert result.status is PinStatus.LOCKED
        waits.append(result.locked_until - clock())
        # While waiting, even the right PIN is not checked.
        assert store.trainer_pin.check(GOOD).status is PinStatus.LOCKED
        clock.advance(seconds=waits[-1].total_seconds() + 1)
    assert waits == [FIRST_WAIT, FIRST_WAIT * 2, FIRST_WAIT * 4, FIRST_WAIT * 8]
    store.trainer_pin.check("000000")
    restarted = reopen()
    assert restarted.trainer_pin.check(GOOD).status is PinStatus.LOCKED
    assert "other kiosks are not affected" in restarted.trainer_pin.check(GOOD).message(clock())
    clock.advance(minutes=20)
    assert restarted.trainer_pin.check(GOOD).ok
    # A right PIN clears the count: the next mistake is free again.
    assert restarted.trainer_pin.check("000000").status is PinStatus.WRONG


def test_the_pause_never_grows_past_the_cap():
    assert wait_after(FREE_TRIES - 1) == timedelta(0)
    assert wait_after(50) == MAX_WAIT


def test_wrong_pins_on_one_kiosk_do_not_lock_out_another(store):
    store.trainer_pin.set_pin(GOOD)
    for _ in range(FREE_TRIES + 2):
        store.trainer_pin.check("000000", device_id="library-lobby")
    assert store.trainer_pin.locked_until("library-lobby") is not None
    assert store.trainer_pin.locked_until("library-lab") is None
    assert store.trainer_pin.check(GOOD, device_id="library-lab").ok
    assert store.trainer_pin.check(GOOD, device_id="library-lobby").status is PinStatus.LOCKED


def test_setting_a_new_pin_lifts_every_kiosks_pause(store):
    store.trainer_pin.set_pin(GOOD)
    for _ in range(FREE_TRIES + 1):
        store.trainer_pin.check("000000", device_id="library-lobby")
    store.trainer_pin.set_pin("905318")
    assert store.trainer_pin.locked_until("library-lobby") is None
    assert store.trainer_pin.check("905318", device_id="library-lobby").ok


def test_an_old_cheaper_hash_still_opens_and_is_upgraded(store):
    # A kiosk whose 4-digit PIN was set before the new rules: it still works.
    store.set_settings(trainer_pin_hash=hash_secret("2468", OLD_PIN_COST))
    assert not store.trainer_pin.check("1357").ok
    assert hash_cost(store.get_setting("trainer_pin_hash")) == OLD_PIN_COST
    assert store.trainer_pin.check("2468").ok
    assert hash_cost(store.get_setting("trainer_pin_hash")) == PIN_COST
    assert store.trainer_pin.check("2468").ok


def test_set_pin_command_reads_the_pin_from_stdin(tmp_path, monkeypatch, capsys, clock):
    from kiosk.cli import main
    from kiosk.progress.store import open_store

    config = tmp_path / "config.toml"
    config.write_text(f'[paths]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO("905318\n"))
    assert main(["trainer", "set-pin", "--config", str(config)]) == 0
    assert "Trainer PIN set" in capsys.readouterr().out
    with open_store("", data_dir=tmp_path / "data", clock=clock) as store:
        assert store.trainer_pin.check("905318").ok
    monkeypatch.setattr(sys, "stdin", io.StringIO("123456\n"))
    assert main(["trainer", "set-pin", "--config", str(config)]) == 1
    assert "count up or down" in capsys.readouterr().err
