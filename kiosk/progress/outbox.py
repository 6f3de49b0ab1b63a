"""Forward learning events to a city xAPI Learning Record Store, retrying until accepted.

The outbox is simply every event not yet marked delivered (``lrs_sent``), so events merged from
other kiosks, or recorded while the LRS was down, go out too, and a learner removed before
delivery is never sent. Statements are POSTed in batches to ``<lrs_url>`` (the statements
endpoint) with ``X-Experience-API-Version: 1.0.3`` and basic auth. Anything but acceptance keeps
the batch in the outbox; :meth:`LrsOutbox.run` retries with growing pauses. Statement ids are the
event UUIDs, so a batch sent twice (e.g. a kiosk died before marking it) is harmless for the LRS.

With the kiosk's lessons (``facts``), a ``completed`` statement of a lesson with a mastery rule
carries whether the learner mastered it (``result.success``) and the rule's name (a result
extension, see :mod:`kiosk.progress.xapi`) — judged from the learner's records as the trainer's
grid judges them.
"""
from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import select

from kiosk.progress import schema, xapi
from kiosk.progress.events import from_us, to_us
from kiosk.progress.lessonfacts import LessonFacts
from kiosk.progress.mastery import judged_completions, rule_names
from kiosk.progress.store import ProgressStore, row_event
from kiosk.progress.summary import LessonLookup

logger = logging.getLogger(__name__)

_LAST_SENT = "lrs_last_sent_us"
_LAST_ERROR = "lrs_last_error"


@dataclass(frozen=True)
class FlushResult:
    sent: int
    pending: int
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class OutboxStatus:
    """For the trainer screen: how many statements wait, when the LRS last accepted some, why not."""

    pending: int
    last_sent: datetime | None
    last_error: str | None


def statements_url(lrs_url: str) -> str:
    url = lrs_url.rstrip("/")
    return url if url.endswith("/statements") else url + "/statements"


class LrsOutbox:
    def __init__(self, store: ProgressStore, lrs_url: str, username: str = "", password: str = "",
                 *, home_page: str = xapi.DEFAULT_HOME_PAGE, lessons: LessonLookup = None,
                 batch_size: int = 50, timeout: tuple[float, float] = (3.05, 20.0),
                 session: Any = None, facts: LessonFacts | None = None) -> None:
        import requests

        self.store = store
        self.url = statements_url(lrs_url)
        self.auth = (username, password) if username or password else None
        self.home_page = home_page
        self.facts = facts
        # Titles from the lessons when no other lookup was given (in the lesson file's words).
        self.lessons = lessons if lessons is not None or facts is None else facts.info
        self.rules = rule_names(facts)
        self.batch_size = batch_size
        self.timeout = timeout
        self.session = session or requests.Session()

    @classmethod
    def from_config(cls, store: ProgressStore, config: Any, **kwargs: Any) -> LrsOutbox | None:
        """The outbox of ``[progress] lrs_url`` …, or None when no LRS is configured. The kiosk's
        lessons (for mastery in completed statements) are read from its content folder unless
        ``facts`` is given."""
        p = config.progress
        if not p.lrs_url:
            return None
        if "facts" not in kwargs:
            kwargs["facts"] = LessonFacts.from_folder(Path(config.content_dir) / "lessons")
        return cls(store, p.lrs_url, p.lrs_username, p.lrs_password, **kwargs)

    def _pending_query(self, limit: int | None = None) -> Any:
        e, sent = schema.events, schema.lrs_sent
        query = (select(e).outerjoin(sent, sent.c.event_id == e.c.id)
                 .where(sent.c.event_id.is_(None)).order_by(e.c.at_us, e.c.id))
        return query.limit(limit) if limit else query

    def pending_count(self) -> int:
        from sqlalchemy import func
        with self.store.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(
                self._pending_query().subquery())).scalar_one()

    def status(self) -> OutboxStatus:
        last = int(self.store.get_setting(_LAST_SENT, "0") or 0)
        return OutboxStatus(self.pending_count(), from_us(last) if last else None,
                            self.store.get_setting(_LAST_ERROR) or None)

    def _post(self, statements: list[dict[str, Any]]) -> tuple[int, str]:
        import requests

        try:
            response = self.session.post(
                self.url, data=json.dumps(statements).encode("utf-8"), auth=self.auth,
                timeout=self.timeout,
                headers={"X-Experience-API-Version": xapi.XAPI_VERSION,
                         "Content-Type": "application/json"})
        except requests.RequestException as exc:
            return 0, f"LRS not reachable: {type(exc).__name__}"
        return response.status_code, f"LRS answered HTTP {response.status_code}"

    def _mark_sent(self, ids: list[str]) -> None:
        now = to_us(self.store.clock())
        with self.store.engine.begin() as conn:
            conn.execute(self.store.insert_ignore(schema.lrs_sent),
                         [{"event_id": i, "sent_us": now} for i in ids])
        self.store.set_settings(**{_LAST_SENT: str(now), _LAST_ERROR: ""})

    def _send(self, events: list) -> str | None:  # noqa: ANN001 - LearningEvents
        """Deliver one batch; returns the problem, or None when the LRS has them all."""
        shown = judged_completions(self.store, self.facts, events) if self.facts else events
        status, problem = self._post(xapi.statements(shown, self.home_page, self.lessons, self.rules))
        if 200 <= status < 300:
            self._mark_sent([e.id for e in events])
            return None
        if status == 409 and len(events) > 1:
            # Some ids exist already; send one by one so the others still get through.
            for event in events:
                error = self._send([event])
                if error:
                    return error
            return None
        if status == 409:
            logger.warning("LRS already holds statement %s with other content; not resending", events[0].id)
            self._mark_sent([events[0].id])
            return None
        return problem

    def flush(self) -> FlushResult:
        """Send every pending statement, batch by batch, stopping at the first refusal."""
        sent = 0
        while True:
            with self.store.engine.connect() as conn:
                events = [row_event(r) for r in conn.execute(self._pending_query(self.batch_size))]
            if not events:
                return FlushResult(sent, 0)
            error = self._send(events)
            if error:
                self.store.set_settings(**{_LAST_ERROR: error})
                logger.warning("LRS outbox: %s; %d statements wait", error, self.pending_count())
                return FlushResult(sent, self.pending_count(), error)
            sent += len(events)

    def run(self, stop: threading.Event, idle_seconds: float = 60.0, first_retry: float = 5.0,
            max_retry: float = 900.0, wait: Callable[[float], bool] | None = None) -> None:
        """Keep the outbox empty until ``stop`` is set (run it in a worker thread).

        After a failure the pause doubles from ``first_retry`` up to ``max_retry``; once
        everything is delivered it looks again every ``idle_seconds``.
        """
        wait = wait or stop.wait
        delay = first_retry
        while not stop.is_set():
            result = self.flush()
            if result.ok:
                delay = first_retry
                pause = idle_seconds
            else:
                pause, delay = delay, min(delay * 2, max_retry)
            if wait(pause):
                return
