"""Learner sign-in: thin views over :mod:`kiosk.progress`, and the plumbing trainer mode shares.

Learners (library profile): *Sign in* → class → name → 4-digit code → "Welcome, Maria!". While a
learner is signed in, :class:`ProgressLink` records what the lesson player reports and tells it
where the learner left each lesson; signing out or the idle wipe unhooks both.

Trainer mode lives in :mod:`ui.screens.trainer`; :func:`screens` returns its pages too (the shell
knows only this module).

Store calls block (SQLite fsyncs, scrypt hashes), so they run in worker threads from ``async``
methods on the qasync loop. Where no event loop runs (``kiosk screenshot``, plain widget tests)
the same coroutine is finished on the spot, so every page still renders.
"""
from __future__ import annotations

import asyncio
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Awaitable, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from kiosk.errors import KioskError, StoreError
from kiosk.i18n import _
from kiosk.progress.accounts import Learner, SignInStatus
from kiosk.progress.events import Recorder, utc_now
from kiosk.session import Event, SignedIn
from ui.context import AppContext
from ui.screens.base import Screen, heading, page_layout, scrolling_page
from ui.theme import px
from ui.widgets.buttons import WrapButton
from ui.widgets.flow import FlowWidget
from ui.widgets.numpad import NumPad

logger = logging.getLogger(__name__)


# -- the link between the lesson player and the store ----------------------------------------------

class _QueuedSink:
    """Records events on one worker thread, in order, so a lesson never waits for a disk flush."""

    def __init__(self, store: Any, executor: ThreadPoolExecutor) -> None:
        self.store = store
        self.executor = executor

    def record(self, event: Any) -> bool:
        self.executor.submit(self._record, event)
        return True

    def _record(self, event: Any) -> None:
        try:
            self.store.record(event)
        except Exception:  # noqa: BLE001 - a lost write is logged; the lesson goes on
            logger.exception("could not record a learning event")


def record_lesson_event(recorder: Recorder, event: Any) -> None:
    """Turn a :class:`kiosk.lessons.LearningEvent` into the matching :class:`Recorder` call."""
    verb, lesson, step, result = event.verb, event.lesson_id, event.step_index, dict(event.result)
    if verb == "started":
        recorder.started(lesson, step)
    elif verb == "resumed":
        recorder.progressed(lesson, step)
    elif verb == "progressed":
        # The engine reports the step just finished; the store keeps the step the learner is on,
        # which is where they resume.
        recorder.progressed(lesson, step + 1)
    elif verb == "answered":
        response = result.get("response")
        recorder.answered(lesson, step, bool(result.get("success")),
                          None if response is None else str(response))
    elif verb == "asked-for-help":
        recorder.asked_for_help(lesson, step)
    elif verb == "completed":
        total = result.get("quiz_total") or 0
        score = min(1.0, result.get("quiz_first_try", 0) / total) if total else None
        recorder.completed(lesson, step, score, result.get("success"))
    else:
        logger.warning("unknown lesson event verb %r not recorded", verb)


class ProgressLink:
    """The shared progress store and the hooks that record a signed-in learner's lessons."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.account: str | None = None
        self._listener: Callable[[Any], None] | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        ctx.session.subscribe(self._on_session_event)

    def store(self) -> Any:
        """The progress store, opened on first use (blocking: call from a worker thread)."""
        from kiosk.progress.store import open_from_config

        with self._lock:
            return self.ctx.service("progress", lambda: open_from_config(self.ctx.config))

    def lessons(self) -> Any:
        from kiosk.lessons import load_all

        with self._lock:
            return self.ctx.service("lessons", lambda: load_all(self.ctx.config.content_dir / "lessons"))

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(store, *args)``; anything unexpected becomes a :class:`StoreError` (logged)."""
        try:
            return fn(self.store(), *args)
        except (KioskError, OSError):
            raise
        except Exception as exc:  # noqa: BLE001 - database drivers raise their own types
            logger.exception("progress store call failed")
            raise StoreError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None

    # -- learners --------------------------------------------------------------------------------
    def sign_in(self, learner: Learner) -> None:
        """Sign the learner in and hook the store into the lesson player (UI thread)."""
        self.ctx.session.sign_in(SignedIn(learner.id, learner.first_name))
        self.attach(learner.id)

    def attach(self, account: str) -> None:
        self.detach()
        store = self.store()
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="progress-record")
        recorder = Recorder(_QueuedSink(store, self._executor), account,
                            self.ctx.config.kiosk.device_id)
        self._listener = lambda event: record_lesson_event(recorder, event)
        self.ctx.lesson_listeners.append(self._listener)
        self.ctx.resume_lookup = lambda lesson_id: self._resume(store, account, lesson_id)
        self.account = account

    @staticmethod
    def _resume(store: Any, account: str, lesson_id: str) -> int | None:
        try:
            return store.resume_step(account, lesson_id)
        except Exception:  # noqa: BLE001 - no resume is better than a broken lesson
            logger.exception("could not look up where a learner left a lesson")
            return None

    def detach(self) -> None:
        """Unhook from the lesson player; events already given are written first."""
        if self._listener is not None and self._listener in self.ctx.lesson_listeners:
            self.ctx.lesson_listeners.remove(self._listener)
        self._listener = None
        self.ctx.resume_lookup = None
        self.account = None
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None

    def flush(self) -> None:
        """Wait until every event handed over so far is in the store."""
        if self._executor is not None:
            self._executor.submit(lambda: None).result()

    def _on_session_event(self, event: Event) -> None:
        if event in (Event.SIGN_IN, Event.WIPED) and self.account is not None:
            who = self.ctx.session.signed_in
            if who is None or who.account_id != self.account:
                self.detach()

    def close(self) -> None:
        self.detach()
        self.ctx.session.unsubscribe(self._on_session_event)


# -- shared bits of the pages ----------------------------------------------------------------------

def calm_message(exc: BaseException, trainer: bool = False) -> str:
    """A translated sentence for a store problem; a trainer's own input errors say what to fix."""
    if isinstance(exc, KioskError) and not isinstance(exc, StoreError):
        return str(exc)
    logger.warning("progress store not available: %s", exc)
    if trainer:
        return _("The learning records cannot be reached right now. Please try again later "
                 "or ask a technician.")
    return _("Saving progress is not available right now — you can still use the lessons.")


class StoreScreen(Screen):
    """A page that reads the store in the background: one task at a time, errors made calm."""

    trainer_only = False

    def __init__(self, ctx: AppContext, link: ProgressLink) -> None:
        super().__init__(ctx)
        self.link = link
        self.task: asyncio.Future | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        page = QWidget()
        self.scroll.setWidget(page)
        outer.addWidget(self.scroll)
        self.layout_ = page_layout(page, spacing=24)
        self.heading = heading("title")
        self.layout_.addWidget(self.heading)
        self.message = heading("lead")
        self.message.setObjectName(f"{self.name}_message")
        self.message.hide()

    def run(self, coro: Awaitable[Any]) -> None:
        """Start ``coro`` as this page's one task (cancelling the last), or finish it now when
        no event loop is running."""
        if self.task is not None and not self.task.done():
            self.task.cancel()
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            loop = asyncio.new_event_loop()
            try:
                loop.run_until_complete(coro)
            finally:
                loop.run_until_complete(loop.shutdown_default_executor())
                loop.close()
            return
        self.task = asyncio.ensure_future(coro)
        self.task.add_done_callback(_log_failure)

    async def store_call(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.to_thread(self.link.call, fn, *args)

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def fail(self, exc: BaseException) -> None:
        self.say(calm_message(exc, trainer=self.trainer_only))

    def is_trainer(self) -> bool:
        who = self.ctx.session.signed_in
        return who is not None and who.is_trainer

    def guard(self) -> bool:
        """Trainer pages send anyone who is not a trainer to the PIN pad."""
        if self.trainer_only and not self.is_trainer():
            self.ctx.session.replace("trainer_pin")
            return False
        return True

    def reset(self) -> None:
        if self.task is not None and not self.task.done():
            self.task.cancel()
        self.say("")


def _log_failure(task: asyncio.Future) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.error("a sign-in or trainer task failed", exc_info=task.exception())


def replace_widget(holder: QVBoxLayout, widget: QWidget | None) -> None:
    """Swap the one widget a holder layout shows (lists are rebuilt, not patched)."""
    while holder.count():
        old = holder.takeAt(0).widget()
        if old is not None:
            old.hide()
            old.deleteLater()
    if widget is not None:
        holder.addWidget(widget)
        widget.show()


def holder_layout(parent: QVBoxLayout) -> QVBoxLayout:
    holder = QVBoxLayout()
    holder.setContentsMargins(0, 0, 0, 0)
    parent.addLayout(holder)
    return holder


def button_flow(items: list[tuple[str, str, Callable[[], None]]],
                scale: float | None = None) -> FlowWidget:
    """Big buttons that wrap: (object name, text, action) each; extra big for learners
    (``scale`` given: tile-sized words, at least 320 px wide)."""
    flow = FlowWidget(spacing=20, margin=0)
    for object_name, text, action in items:
        button = WrapButton(text)
        button.setObjectName(object_name)
        if scale is not None:
            button.setStyleSheet(f"font-size: {px('tile', scale)}px; min-width: {int(320 * scale)}px;"
                                 f" min-height: {int(110 * scale)}px;")
        button.clicked.connect(lambda _checked=False, a=action: a())
        flow.add(button)
    return flow


def line_edit(object_name: str, max_length: int = 80) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(object_name)
    edit.setMaxLength(max_length)
    edit.setMinimumHeight(88)
    return edit


# -- learner sign-in -----------------------------------------------------------------------------

class SignInPage(StoreScreen):
    """A sign-in step: heading, prompt, content, and "Continue without signing in" always there."""

    def __init__(self, ctx: AppContext, link: ProgressLink) -> None:
        super().__init__(ctx, link)
        self.prompt = heading("lead")
        self.layout_.addWidget(self.prompt)
        self.layout_.addWidget(self.message)
        self.content = holder_layout(self.layout_)
        self.layout_.addStretch(1)
        self.anonymous = WrapButton()
        self.anonymous.setObjectName(f"{self.name}_anonymous")
        self.anonymous.clicked.connect(self._on_anonymous_clicked)
        row = FlowWidget(margin=0)
        row.add(self.anonymous)
        self.layout_.addWidget(row)

    def retranslate(self) -> None:
        self.heading.setText(self.title())
        self.anonymous.setText(_("Continue without signing in"))

    def title(self) -> str:
        return _("Sign in")

    def _on_anonymous_clicked(self) -> None:
        self.ctx.session.go_home()


class ClassPickScreen(SignInPage):
    name = "signin"

    def __init__(self, ctx: AppContext, link: ProgressLink) -> None:
        super().__init__(ctx, link)
        self.classes: list[Any] = []
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.prompt.setText(_("Which class are you in? Tap it."))

    def on_show(self, args: dict[str, Any]) -> None:
        self.run(self.load())

    async def load(self) -> None:
        try:
            self.classes = await self.store_call(lambda s: s.accounts.list_classes())
        except KioskError as exc:
            self.classes = []
            self.fail(exc)
            replace_widget(self.content, None)
            return
        self.say("" if self.classes else _("There are no classes yet. Please ask your trainer."))
        replace_widget(self.content, button_flow([
            (f"class_{c.id}", c.name, lambda c=c: self.ctx.session.open(
                "signin_name", class_id=c.id)) for c in self.classes], self.ctx.scale))


class NamePickScreen(SignInPage):
    name = "signin_name"

    def __init__(self, ctx: AppContext, link: ProgressLink) -> None:
        super().__init__(ctx, link)
        self.learners: list[Learner] = []
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.prompt.setText(_("Which one is you? Tap your name."))

    def on_show(self, args: dict[str, Any]) -> None:
        self.run(self.load(args.get("class_id")))

    async def load(self, class_id: int | None = None) -> None:
        def fetch(store: Any) -> list[Learner]:
            cid = class_id
            if cid is None:  # no class chosen (a screenshot): the first with learners
                for school_class in store.accounts.list_classes():
                    learners = store.accounts.list_learners(school_class.id)
                    if learners:
                        return learners
                return []
            return store.accounts.list_learners(cid)

        try:
            self.learners = await self.store_call(fetch)
        except KioskError as exc:
            self.fail(exc)
            replace_widget(self.content, None)
            return
        self.say("" if self.learners else _("Nobody is in this class yet. Please ask your trainer."))
        replace_widget(self.content, button_flow([
            (f"learner_{i}", learner.display_name, lambda l=learner: self.ctx.session.open(
                "signin_code", learner_id=l.id)) for i, learner in enumerate(self.learners)],
            self.ctx.scale))


class CodeScreen(SignInPage):
    name = "signin_code"

    def __init__(self, ctx: AppContext, link: ProgressLink) -> None:
        super().__init__(ctx, link)
        self.learner: Learner | None = None
        self.pad = NumPad(min_length=4, max_length=4)
        self.pad.setObjectName("signin_pad")
        self.pad.submitted.connect(self._on_pad_submitted)
        row = QHBoxLayout()
        row.addWidget(self.pad)
        row.addStretch(1)
        self.content.addLayout(row)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        if self.learner is not None:
            self.heading.setText(_("Hello, {name}!").format(name=self.learner.display_name))
        self.prompt.setText(_("Type your 4-digit code, then tap OK."))
        self.pad.retranslate()

    def restyle(self) -> None:
        self.pad.restyle(self.ctx.scale)

    def on_show(self, args: dict[str, Any]) -> None:
        self.pad.clear()
        self.pad.setFocus()
        self.run(self.load(args.get("learner_id")))

    async def load(self, learner_id: str | None = None) -> None:
        def fetch(store: Any) -> tuple[Learner | None, Any]:
            lid = learner_id
            if lid is None:  # a screenshot: the first learner of the first class
                for school_class in store.accounts.list_classes():
                    learners = store.accounts.list_learners(school_class.id)
                    if learners:
                        lid = learners[0].id
                        break
            if lid is None:
                return None, None
            return store.accounts.get_learner(lid), store.accounts.sign_in_paused_until(lid)

        self.say("")
        try:
            self.learner, paused = await self.store_call(fetch)
        except KioskError as exc:
            self.learner = None
            self.pad.setEnabled(False)
            self.fail(exc)
            return
        self.retranslate()
        self.pad.setEnabled(self.learner is not None and paused is None)
        if paused is not None:
            self._show_paused(paused)

    def _show_paused(self, until: Any) -> None:
        from kiosk.progress.accounts import SignInResult

        self.say(SignInResult(SignInStatus.PAUSED, paused_until=until).message(utc_now()))

    def _on_pad_submitted(self, code: str) -> None:
        self.run(self.submit(code))

    async def submit(self, code: str) -> None:
        if self.learner is None:
            return
        learner_id = self.learner.id
        self.pad.setEnabled(False)
        try:
            result = await self.store_call(lambda s: s.accounts.sign_in(learner_id, code))
        except KioskError as exc:
            self.pad.clear()
            self.pad.setEnabled(True)
            self.fail(exc)
            return
        self.pad.clear()
        if result.ok:
            self.link.sign_in(result.learner)
            self.ctx.session.go_home()
            self.ctx.session.open("signin_welcome")
            return
        self.say(result.message(utc_now()))
        self.pad.setEnabled(result.status is SignInStatus.WRONG)

    def reset(self) -> None:
        super().reset()
        self.pad.clear()
        self.learner = None


class WelcomeScreen(Screen):
    name = "signin_welcome"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        # At 200 % text the greeting may be taller than the screen: the page scrolls.
        layout, _page = scrolling_page(self)
        self.heading = heading("display")
        self.heading.setObjectName("signin_welcome_heading")
        self.lead = heading("lead")
        self.learn = WrapButton(role="primary")
        self.learn.setObjectName("signin_welcome_learn")
        self.learn.clicked.connect(lambda: self.ctx.session.replace("lessons"))
        self.home = WrapButton()
        self.home.setObjectName("signin_welcome_home")
        self.home.clicked.connect(lambda: self.ctx.session.go_home())
        layout.addWidget(self.heading)
        layout.addWidget(self.lead)
        row = FlowWidget(spacing=24, margin=0)
        row.add(self.learn)
        row.add(self.home)
        layout.addWidget(row)
        layout.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        who = self.ctx.session.signed_in
        return _("Welcome, {name}!").format(name=who.display_name) if who else _("Welcome!")

    def retranslate(self) -> None:
        self.heading.setText(self.title())
        self.lead.setText(_("Your progress is saved as you learn, so you can carry on next time. "
                            "Tap “Sign out” on the Home page when you finish."))
        self.learn.setText(_("Start learning"))
        self.home.setText(_("Home"))

    def on_show(self, args: dict[str, Any]) -> None:
        self.retranslate()



def screens(ctx: AppContext) -> list[Screen]:
    """The learner sign-in pages and (from :mod:`ui.screens.trainer`) the trainer pages."""
    from ui.screens import trainer

    link = ctx.service("progress_link", lambda: ProgressLink(ctx))
    return [ClassPickScreen(ctx, link), NamePickScreen(ctx, link), CodeScreen(ctx, link),
            WelcomeScreen(ctx), *trainer.screens(ctx, link)]
