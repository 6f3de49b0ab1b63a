"""What the learning records keep out of reach: files only the kiosk's user can read (the
database, the copies of a damaged one, exports), and names that cannot hide text."""
from __future__ import annotations

import stat
from pathlib import Path

import pytest

from kiosk.progress.accounts import AccountError
from kiosk.progress.store import open_store


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_and_its_side_files_are_private(tmp_path, clock):
    with open_store("", data_dir=tmp_path, clock=clock) as store:
        store.trainer_pin.set_pin("730954")
        files = sorted(tmp_path.glob("progress.sqlite3*"))
        assert files
        assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}


def test_a_damaged_copy_moved_aside_is_private_too(tmp_path, clock):
    damaged = tmp_path / "progress.sqlite3"
    damaged.write_bytes(b"this is not a database, but it may hold a PIN hash" * 100)
    damaged.chmod(0o644)
    with open_store("", data_dir=tmp_path, clock=clock) as store:
        moved = store.recovery.moved_to
    assert moved.name.startswith("progress.sqlite3.damaged-")
    assert mode(moved) == 0o600
    assert mode(tmp_path / "progress.sqlite3") == 0o600


@pytest.mark.parametrize("name", ["Tuesday\x00", "Tues\u202eyad", "Class\u2066A\u2069",
                                  "Line\nbreak", "Esc\x1b[31m", "Bell\x07"])
def test_class_names_with_control_or_direction_characters_are_refused(store, name):
    with pytest.raises(AccountError, match="control characters"):
        store.accounts.create_class(name)
    assert store.accounts.list_classes() == []


@pytest.mark.parametrize("first, initial", [("Ma\u202eria", "G"), ("Maria\x00", "G"),
                                            ("Maria", "\u202e")])
def test_learner_names_with_control_or_direction_characters_are_refused(store, first, initial):
    school_class = store.accounts.create_class("Tuesday")
    with pytest.raises(AccountError, match="control characters"):
        store.accounts.add_learner(school_class.id, first, initial)


def test_farsi_names_keep_their_zero_width_non_joiner(store):
    school_class = store.accounts.create_class("کلاس\u200cها")
    made = store.accounts.add_learner(school_class.id, "مهر\u200cناز", "K")
    assert made.learner.first_name == "مهر\u200cناز"
