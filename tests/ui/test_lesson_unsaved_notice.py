"""When a signed-in learner's progress cannot be saved (a full disk, a read-only file), the lesson
screen says so gently above the buttons, the lesson goes on, and once the store works again the
waiting events are saved and the line goes away."""
from __future__ import annotations

import pytest

from kiosk import threadguard
from kiosk.errors import StoreError
from kiosk.progress.store import ProgressStore
from ui_support import settle, tap

NOTICE = "Your progress could not be saved just now. It will be saved when the kiosk can."


@pytest.fixture
def maria(store):
    with threadguard.allowed():
        tuesday = store.accounts.create_class("Tuesday seniors")
        return store.accounts.add_learner(tuesday.id, "Maria", "G").learner


def test_the_learner_is_told_when_progress_waits_to_be_saved(qtbot, make_window, lib_cfg, maria,
                                                             store, monkeypatch) -> None:
    from ui.screens.trainer.base import progress_link

    window = make_window(lib_cfg)
    ctx = window.ctx
    settle(window)
    ctx.session.activity()  # a visitor is at the screen
    link = progress_link(ctx)
    link.sign_in(maria, {})
    disk_full = {"on": True}
    real_record = ProgressStore.record

    def record(self, event):  # noqa: ANN001, ANN202 - the store's own signature
        if disk_full["on"]:
            raise StoreError("could not record a learning event: database or disk is full")
        return real_record(self, event)

    monkeypatch.setattr(ProgressStore, "record", record)
    ctx.session.open("lessons")
    ctx.session.open("lesson", id="spotting-scams")
    player = window.screens["lesson"]
    assert window.current_screen is player
    assert link.flush() and link.unsaved() >= 1  # "started" is waiting
    tap(qtbot, player.next)
    assert player.notice.isVisible() and player.notice.text() == NOTICE
    assert player.run.index == 1  # the lesson went on

    disk_full["on"] = False
    link._sink.retry()
    assert link.flush() and link.unsaved() == 0
    tap(qtbot, player.next)
    assert not player.notice.isVisible()
    with threadguard.allowed():
        assert [e.verb.value for e in store.events(account=maria.id)][:2] == ["started", "progressed"]
