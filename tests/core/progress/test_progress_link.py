"""The progress link without Qt: lesson events become records in order on a worker thread; where a
learner left each lesson is read once at sign-in and kept in memory; signing out never waits."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import pytest

from kiosk import threadguard
from kiosk.progress.accounts import Learner
from kiosk.progress.events import Recorder
from kiosk.progress.link import record_lesson_event
from viewmodel_support import Hooks, make_link, make_session


@dataclass
class PlayerEvent:
    """What ``kiosk.lessons`` reports."""

    verb: str
    lesson_id: str
    step_index: int
    result: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def maria(store) -> Learner:
    tuesday = store.accounts.create_class("Tuesday seniors")
    return store.accounts.add_learner(tuesday.id, "Maria", "G").learner


def test_player_events_become_records(store, maria) -> None:
    recorder = Recorder(store, maria.id, "pc")
    said = [PlayerEvent("started", "email", 0), PlayerEvent("progressed", "email", 0),
            PlayerEvent("answered", "email", 1, {"success": False, "response": 2}),
            PlayerEvent("asked-for-help", "email", 1),
            PlayerEvent("completed", "email", 2, {"success": True, "quiz_first_try": 1, "quiz_total": 2}),
            PlayerEvent("waved", "email", 2)]
    made = [record_lesson_event(recorder, event) for event in said]
    assert made[-1] is None  # an unknown verb is not recorded
    events = store.events(account=maria.id)
    assert [(e.verb.value, e.step) for e in events] == [
        ("started", 0), ("progressed", 1), ("answered", 1), ("asked-for-help", 1), ("completed", 2)]
    assert events[2].result.response == "2" and events[2].result.success is False
    assert events[-1].result.score == pytest.approx(0.5)


def test_sign_in_hooks_recording_and_an_in_memory_resume(store, maria) -> None:
    earlier = Recorder(store, maria.id, "other-pc")
    earlier.started("email", 0)
    earlier.progressed("email", 2)
    earlier.started("video")
    earlier.completed("video", 1)
    session, hooks = make_session(), Hooks()
    link = make_link(store, session, hooks)
    positions = link.fetch_positions(maria.id)
    assert positions == {"email": 2} == {"email": store.resume_step(maria.id, "email")}
    link.sign_in(maria, positions)
    assert session.signed_in.display_name == "Maria" and len(hooks.lesson_listeners) == 1
    assert hooks.resume_lookup("email") == 2 and hooks.resume_lookup("video") is None
    for event in (PlayerEvent("started", "video", 0), PlayerEvent("progressed", "video", 0),
                  PlayerEvent("completed", "email", 2)):
        hooks.lesson_listeners[0](event)
    # Memory follows what was handed over, before the disk has it.
    assert hooks.resume_lookup("video") == 1 and hooks.resume_lookup("email") is None
    assert link.flush()
    assert store.resume_positions(maria.id) == {"video": 1}
    session.sign_out()
    assert hooks.lesson_listeners == [] and hooks.resume_lookup is None
    link.close()


def test_signing_out_never_waits_and_pending_records_are_still_written(store, maria) -> None:
    gate = threading.Event()

    class SlowStore:
        def __getattr__(self, name: str) -> Any:
            return getattr(store, name)

        def record(self, event: Any) -> bool:
            gate.wait(10)  # a database that takes its time
            return store.record(event)

    session, hooks = make_session(), Hooks()
    link = make_link(SlowStore(), session, hooks)  # type: ignore[arg-type]
    link.sign_in(maria, {})
    for step in range(3):
        hooks.lesson_listeners[0](PlayerEvent("progressed", "email", step))
    session.wipe()  # returns although nothing is written yet
    assert hooks.lesson_listeners == [] and store.count_events(maria.id) == 0
    gate.set()
    assert link.flush()
    assert [e.step for e in store.events(account=maria.id)] == [1, 2, 3]
    link.close()


def test_the_store_refuses_the_ui_thread(store, monkeypatch) -> None:
    monkeypatch.setenv("KIOSK_STRICT_THREADS", "1")
    monkeypatch.setattr(threadguard, "_ui_thread", None)
    threadguard.mark_ui_thread()  # this test's thread plays the UI thread
    with pytest.raises(threadguard.BlockingOnUiThread):
        store.accounts.list_classes()
    with pytest.raises(threadguard.BlockingOnUiThread):
        store.count_events()
    with threadguard.allowed():
        assert store.accounts.list_classes() == []
    found: list[object] = []
    worker = threading.Thread(target=lambda: found.append(store.count_events()))
    worker.start()
    worker.join(10)
    assert found == [0]  # a worker thread may block
