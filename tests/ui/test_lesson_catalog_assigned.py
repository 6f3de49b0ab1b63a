"""A signed-in learner opens *Learn*: the lessons their trainer gave their class come first, under
"From your class", each card saying so; after the wipe the next visitor sees the usual catalog."""
from __future__ import annotations

import pytest

from kiosk import threadguard
from ui_support import settle


@pytest.fixture
def maria(store):
    with threadguard.allowed():
        tuesday = store.accounts.create_class("Tuesday seniors")
        store.accounts.assign_lessons(tuesday.id, ["spotting-scams", "email-basics"])
        learner = store.accounts.add_learner(tuesday.id, "Maria", "G").learner
        return learner, store.accounts.assigned_lessons(tuesday.id)


def test_the_lessons_of_my_class_come_first_and_say_so(qtbot, make_window, lib_cfg, maria) -> None:
    from ui.screens.trainer.base import progress_link

    learner, assigned = maria
    window = make_window(lib_cfg)
    ctx = window.ctx
    settle(window)
    ctx.session.activity()
    progress_link(ctx).sign_in(learner, {}, assigned)
    ctx.session.open("lessons")
    settle(window)
    screen = window.screens["lessons"]
    qtbot.waitUntil(lambda: "from-your-class" in screen.group_headings)
    heading = screen.group_headings["from-your-class"]
    assert heading.text() == "From your class" and heading.isVisible()
    # The group is the first on the page, above every topic's heading.
    others = [label for topic, label in screen.group_headings.items() if topic != "from-your-class"]
    assert all(heading.mapTo(screen, heading.rect().topLeft()).y()
               < label.mapTo(screen, label.rect().topLeft()).y() for label in others)
    for lesson_id in ("spotting-scams", "email-basics"):
        card = screen.cards[lesson_id]
        assert card.marker_label.isVisible() and "From your class" in card.marker_label.text()
        assert "From your class" in card.accessibleDescription()
    assert not screen.cards["touchscreen-basics"].marker_label.isVisible()
    assert screen.topic_buttons["from-your-class"].text() == "From your class"

    ctx.session.wipe()
    settle(window)
    qtbot.waitUntil(lambda: "from-your-class" not in screen.group_headings)
    assert "From your class" not in screen.cards["spotting-scams"].marker_label.text()
