"""Learning events: what a learner did, shaped like an xAPI statement, never changed afterwards.

An event names the learner only by an opaque account id (never a name), the verb, the lesson and
step, the result, when and on which kiosk. Each has a UUID, so recording the same event twice — or
merging the records of several kiosks — is harmless.
"""
from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from enum import Enum
from typing import Callable, Protocol

Clock = Callable[[], datetime]

#: A pause between two events longer than this counts as this much time spent: the learner
#: probably walked away, and the whole break is not learning time.
IDLE_CAP = timedelta(minutes=5)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Verb(str, Enum):
    """What the learner did. The values are what the store and exports hold."""

    STARTED = "started"
    PROGRESSED = "progressed"
    ANSWERED = "answered"
    COMPLETED = "completed"
    ASKED_FOR_HELP = "asked-for-help"


@dataclass(frozen=True)
class Result:
    """The outcome of an event, as xAPI's ``result``.

    ``score`` is scaled 0…1 (score.scaled). ``duration`` is the time the learner spent since their
    previous event (capped at :data:`IDLE_CAP`); summing it gives the time spent in a lesson with a
    plain aggregate, whichever kiosk recorded each event and in whatever order they merge.
    """

    score: float | None = None
    success: bool | None = None
    response: str | None = None
    duration: timedelta | None = None

    def __post_init__(self) -> None:
        if self.score is not None and not (0.0 <= self.score <= 1.0 and math.isfinite(self.score)):
            raise ValueError(f"score must be between 0 and 1, got {self.score!r}")
        if self.duration is not None and self.duration < timedelta(0):
            raise ValueError(f"duration must not be negative, got {self.duration}")


@dataclass(frozen=True)
class LearningEvent:
    account: str
    verb: Verb
    lesson_id: str
    step: int | None = None
    result: Result = field(default_factory=Result)
    timestamp: datetime = field(default_factory=utc_now)
    device_id: str = "weho-kiosk"
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def __post_init__(self) -> None:
        if not isinstance(self.verb, Verb):
            object.__setattr__(self, "verb", Verb(self.verb))
        if not self.account:
            raise ValueError("an event needs the learner's account id")
        if not self.lesson_id:
            raise ValueError("an event needs a lesson id")
        if self.step is not None and self.step < 0:
            raise ValueError(f"step must be 0 or more, got {self.step}")
        if self.timestamp.tzinfo is None:
            raise ValueError("event timestamps must carry a time zone")
        uuid.UUID(self.id)  # raises ValueError for anything that is not a UUID


def to_us(when: datetime) -> int:
    """Microseconds since the Unix epoch, exactly (no float rounding)."""
    delta = when.astimezone(timezone.utc) - datetime(1970, 1, 1, tzinfo=timezone.utc)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_us(value: int) -> datetime:
    seconds, micro = divmod(int(value), 1_000_000)
    return datetime.fromtimestamp(seconds, timezone.utc).replace(microsecond=micro)


class EventSink(Protocol):
    """Anything that records events (the store)."""

    def record(self, event: LearningEvent) -> bool: ...


class Recorder:
    """What the lesson player calls as a learner goes; a no-op for an anonymous visitor.

    ``account`` is the signed-in learner's id, or None when the visitor did not sign in (their
    session is forgotten on wipe, so nothing is recorded). Use one Recorder per signed-in session:
    it stamps each event with the time since the session's previous event (capped at
    :data:`IDLE_CAP`), which is what "time spent" adds up.
    """

    def __init__(self, store: EventSink, account: str | None, device_id: str,
                 clock: Clock = utc_now) -> None:
        self.store = store
        self.account = account
        self.device_id = device_id
        self.clock = clock
        self._last: datetime | None = None

    def _record(self, verb: Verb, lesson_id: str, step: int | None, result: Result) -> LearningEvent | None:
        if not self.account:
            return None
        now = self.clock()
        spent = timedelta(0) if self._last is None else min(max(now - self._last, timedelta(0)), IDLE_CAP)
        result = Result(result.score, result.success, result.response, spent)
        event = LearningEvent(self.account, verb, lesson_id, step, result, now, self.device_id)
        self.store.record(event)
        self._last = now
        return event

    def started(self, lesson_id: str, step: int = 0) -> LearningEvent | None:
        return self._record(Verb.STARTED, lesson_id, step, Result())

    def progressed(self, lesson_id: str, step: int) -> LearningEvent | None:
        return self._record(Verb.PROGRESSED, lesson_id, step, Result())

    def answered(self, lesson_id: str, step: int, success: bool, response: str | None = None,
                 score: float | None = None) -> LearningEvent | None:
        return self._record(Verb.ANSWERED, lesson_id, step, Result(score, success, response))

    def asked_for_help(self, lesson_id: str, step: int | None) -> LearningEvent | None:
        return self._record(Verb.ASKED_FOR_HELP, lesson_id, step, Result())

    def completed(self, lesson_id: str, step: int | None = None, score: float | None = None,
                  success: bool | None = None) -> LearningEvent | None:
        return self._record(Verb.COMPLETED, lesson_id, step, Result(score, success))


