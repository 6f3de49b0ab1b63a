"""Classes, learners, lesson assignment and the sign-in check, on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest

from kiosk.progress import schema
from kiosk.progress.accounts import (MAX_WRONG_CODES, SIGN_IN_PAUSE, AccountError, SignInStatus,
                                     generate_code)
from kiosk.progress.events import Recorder


def test_classes_are_created_renamed_archived_and_restored(store):
    a = store.accounts.create_class("  Tuesday   seniors ")
    b = store.accounts.create_class("Spanish email")
    assert a.name == "Tuesday seniors"
    assert [c.name for c in store.accounts.list_classes()] == ["Spanish email", "Tuesday seniors"]
    assert store.accounts.rename_class(a.id, "Tuesday morning").name == "Tuesday morning"
    store.accounts.archive_class(b.id)
    assert [c.name for c in store.accounts.list_classes()] == ["Tuesday morning"]
    assert {c.name for c in store.accounts.list_classes(include_archived=True)} == {
        "Tuesday morning", "Spanish email"}
    assert store.accounts.archive_class(b.id, archived=False).archived is False
    assert store.accounts.find_class("tuesday MORNING").id == a.id


def test_class_names_must_be_present_and_distinct(store):
    store.accounts.create_class("Seniors")
    with pytest.raises(AccountError, match="already a class called"):
        store.accounts.create_class("seniors")
    with pytest.raises(AccountError, match="needs a name"):
        store.accounts.create_class("   ")


def test_learner_is_first_name_and_initial_with_a_hashed_code(store):
    cls = store.accounts.create_class("Seniors")
    new = store.accounts.add_learner(cls.id, "maria", "g.")
    assert new.learner.display_name == "Maria G."
    assert len(new.code) == 4 and new.code.isdigit()
    with store.engine.connect() as conn:
        row = conn.execute(schema.learners.select()).one()
    assert new.code not in row.code_hash
    assert row.code_hash.startswith("scrypt$")
    assert set(row._mapping) == {"id", "class_id", "first_name", "last_initial", "code_hash",
                                 "failed_codes", "paused_until_us", "created_us"}


@pytest.mark.parametrize("first, initial, problem", [
    ("", "G", "first name"), ("Maria", "Garcia", "first letter"), ("Maria2", "G", "only have letters"),
    ("maria@example.com", "G", "only have letters"), ("M" * 41, "G", "at most 40"),
])
def test_anything_more_than_a_first_name_and_initial_is_refused(store, first, initial, problem):
    cls = store.accounts.create_class("Seniors")
    with pytest.raises(AccountError, match=problem):
        store.accounts.add_learner(cls.id, first, initial)
    assert store.accounts.list_learners(cls.id) == []


def test_two_learners_with_the_same_short_name_are_refused(store):
    cls = store.accounts.create_class("Seniors")
    store.accounts.add_learner(cls.id, "Ana", "P")
    with pytest.raises(AccountError, match="already in this class"):
        store.accounts.add_learner(cls.id, "ana", "p")


def test_learners_are_listed_by_name_and_can_be_edited(store):
    cls = store.accounts.create_class("Seniors")
    other = store.accounts.create_class("Evening")
    zoe = store.accounts.add_learner(cls.id, "Zoe", "K").learner
    store.accounts.add_learner(cls.id, "Abel", "M")
    assert [l.display_name for l in store.accounts.list_learners(cls.id)] == ["Abel M.", "Zoe K."]
    edited = store.accounts.edit_learner(zoe.id, first_name="Zoë", class_id=other.id)
    assert edited.display_name == "Zoë K." and edited.id == zoe.id
    assert [l.display_name for l in store.accounts.list_learners(other.id)] == ["Zoë K."]


def test_removing_a_learner_deletes_their_events_and_says_how_many(store, clock):
    cls = store.accounts.create_class("Seniors")
    leaving = store.accounts.add_learner(cls.id, "Ivan", "P").learner
    staying = store.accounts.add_learner(cls.id, "Olga", "S").learner
    for learner, steps in ((leaving, 7), (staying, 2)):
        rec = Recorder(store, learner.id, "pc", clock)
        for step in range(steps):
            rec.progressed("email-basics", step)
    assert store.accounts.remove_learner(leaving.id) == 7
    assert store.events(account=leaving.id) == []
    assert len(store.events(account=staying.id)) == 2
    assert [l.id for l in store.accounts.list_learners(cls.id)] == [staying.id]
    with pytest.raises(AccountError):
        store.accounts.remove_learner(leaving.id)


def test_lessons_are_assigned_to_a_class_in_order(store):
    cls = store.accounts.create_class("Seniors")
    assert store.accounts.assigned_lessons(cls.id) == []
    store.accounts.assign_lessons(cls.id, ["video-call", "email-basics", "video-call"])
    assert store.accounts.assigned_lessons(cls.id) == ["video-call", "email-basics"]
    store.accounts.assign_lessons(cls.id, ["safe-passwords"])
    assert store.accounts.assigned_lessons(cls.id) == ["safe-passwords"]


def test_sign_in_with_the_right_code(store):
    cls = store.accounts.create_class("Seniors")
    new = store.accounts.add_learner(cls.id, "Rosa", "T")
    result = store.accounts.sign_in(new.learner.id, new.code)
    assert result.status is SignInStatus.OK and result.learner == new.learner


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10000:04d}"


def test_five_wrong_codes_pause_that_name_only_and_survive_a_restart(store, reopen, clock):
    cls = store.accounts.create_class("Seniors")
    rosa = store.accounts.add_learner(cls.id, "Rosa", "T")
    ben = store.accounts.add_learner(cls.id, "Ben", "A")
    results = [store.accounts.sign_in(rosa.learner.id, _wrong(rosa.code)) for _ in range(MAX_WRONG_CODES)]
    assert [r.attempts_left for r in results[:-1]] == [4, 3, 2, 1]
    assert results[-1].status is SignInStatus.PAUSED
    assert results[-1].paused_until == clock() + SIGN_IN_PAUSE
    assert "wait 3 minutes" in results[-1].message(clock())
    # Even the right code waits now, on this kiosk and after a restart.
    assert store.accounts.sign_in(rosa.learner.id, rosa.code).status is SignInStatus.PAUSED
    assert reopen().accounts.sign_in(rosa.learner.id, rosa.code).status is SignInStatus.PAUSED
    assert store.accounts.sign_in_paused_until(rosa.learner.id) == clock() + SIGN_IN_PAUSE
    # Another learner is not affected.
    assert store.accounts.sign_in(ben.learner.id, ben.code).ok
    clock.advance(seconds=SIGN_IN_PAUSE.total_seconds() + 1)
    assert store.accounts.sign_in_paused_until(rosa.learner.id) is None
    assert store.accounts.sign_in(rosa.learner.id, rosa.code).ok


def test_a_right_code_resets_the_count_of_wrong_ones(store):
    cls = store.accounts.create_class("Seniors")
    rosa = store.accounts.add_learner(cls.id, "Rosa", "T")
    for _ in range(MAX_WRONG_CODES - 1):
        store.accounts.sign_in(rosa.learner.id, _wrong(rosa.code))
    assert store.accounts.sign_in(rosa.learner.id, rosa.code).ok
    assert store.accounts.sign_in(rosa.learner.id, _wrong(rosa.code)).attempts_left == MAX_WRONG_CODES - 1


def test_a_new_code_replaces_the_old_and_lifts_a_pause(store):
    cls = store.accounts.create_class("Seniors")
    rosa = store.accounts.add_learner(cls.id, "Rosa", "T")
    for _ in range(MAX_WRONG_CODES):
        store.accounts.sign_in(rosa.learner.id, _wrong(rosa.code))
    fresh = store.accounts.new_code(rosa.learner.id)
    assert store.accounts.sign_in(rosa.learner.id, fresh.code).ok
    if fresh.code != rosa.code:
        assert store.accounts.sign_in(rosa.learner.id, rosa.code).status is SignInStatus.WRONG


def test_removed_learner_cannot_sign_in(store):
    cls = store.accounts.create_class("Seniors")
    rosa = store.accounts.add_learner(cls.id, "Rosa", "T")
    store.accounts.remove_learner(rosa.learner.id)
    assert store.accounts.sign_in(rosa.learner.id, rosa.code).status is SignInStatus.UNKNOWN


def test_generated_codes_avoid_the_easiest_guesses():
    codes = {generate_code() for _ in range(3000)}
    assert not codes & {"0000", "1111", "1234", "4321", "9876", "0123"}
    assert all(len(c) == 4 and c.isdigit() for c in codes)
    assert len(codes) > 2000
