"""The visitor session: idle warning, countdown and a wipe that forgets everything."""
from __future__ import annotations

import pytest

from kiosk.session import Event, FakeClock, Navigation, Session, SignedIn, State


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def session(clock: FakeClock) -> Session:
    return Session(idle_seconds=90, warning_seconds=30, clock=clock)


def test_first_touch_starts_a_session(session: Session) -> None:
    events: list[Event] = []
    session.subscribe(events.append)
    assert session.state is State.ATTRACT
    session.activity()
    assert session.state is State.ACTIVE
    assert events == [Event.STATE]
    assert session.visitors_today == 1


def test_warning_after_idle_then_wipe_after_countdown(session: Session, clock: FakeClock) -> None:
    session.activity()
    clock.advance(89)
    session.tick()
    assert session.state is State.ACTIVE
    clock.advance(1)
    session.tick()
    assert session.state is State.WARNING
    assert session.seconds_left == 30
    clock.advance(10.5)
    assert session.seconds_left == 20
    clock.advance(19.5)
    session.tick()
    assert session.state is State.ATTRACT


def test_activity_during_warning_keeps_the_session(session: Session, clock: FakeClock) -> None:
    session.activity()
    session.set_language("ru")
    clock.advance(95)
    session.tick()
    assert session.state is State.WARNING
    session.activity()
    assert session.state is State.ACTIVE
    clock.advance(60)
    session.tick()
    assert session.state is State.ACTIVE
    assert session.language == "ru"


def test_wipe_forgets_everything_personal(session: Session, clock: FakeClock) -> None:
    events: list[Event] = []
    session.activity()
    session.set_language("es")
    session.bigger_text()
    session.bigger_text()
    session.open("lessons")
    session.open("help")
    session.sign_in(SignedIn("acct-1", "Maria"))
    session.scratch["typed"] = "my secret"
    session.subscribe(events.append)
    clock.advance(90)
    session.tick()
    clock.advance(30)
    session.tick()
    assert events[-1] is Event.WIPED
    assert session.state is State.ATTRACT
    assert session.language == "en"
    assert session.text_scale == 1.0
    assert session.navigation.stack == [("home", {})]
    assert session.signed_in is None
    assert session.scratch == {}


def test_warning_must_give_twenty_seconds(clock: FakeClock) -> None:
    with pytest.raises(ValueError, match="20 seconds"):
        Session(warning_seconds=10, clock=clock)


def test_text_scale_steps_and_limits(session: Session) -> None:
    for _ in range(10):
        session.bigger_text()
    assert session.text_scale == 2.0
    for _ in range(10):
        session.smaller_text()
    assert session.text_scale == 1.0
    session.set_text_scale(1.6)
    assert session.text_scale == 1.5


def test_language_must_be_offered(session: Session) -> None:
    with pytest.raises(ValueError):
        session.set_language("fa")


def test_navigation_back_and_home() -> None:
    nav = Navigation()
    assert not nav.can_go_back
    nav.open("lessons")
    nav.open("lesson", id="email")
    nav.open("lesson", id="email")  # the same page twice is not two Back presses
    assert nav.stack[-1] == ("lesson", {"id": "email"})
    assert len(nav.stack) == 3
    nav.replace("lesson", id="wifi")
    assert nav.back() == "lessons"
    assert nav.back() == "home"
    assert nav.back() == "home"
    nav.open("map")
    nav.open("home")
    assert nav.stack == [("home", {})]
