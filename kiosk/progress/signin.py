"""View models of signing in: a learner's class → name → code, and the trainer's PIN.

Qt-free (see :mod:`kiosk.progress.viewmodel`). The number pad's state — the digits typed so far,
whether it takes input — is a :class:`CodeEntry` here, so a language switch, a new text size or
the idle warning redraw the pad and never lose a half-typed code; only navigation to the page
(``open``) or the session wipe (``reset``) clears it.
"""
from __future__ import annotations

from datetime import datetime
from kiosk.i18n import _, ngettext
from kiosk.progress.accounts import Learner, SchoolClass, SignInResult, SignInStatus
from kiosk.progress.events import utc_now
from kiosk.progress.link import ProgressLink
from kiosk.progress.pin import PIN_ENTRY_MIN_DIGITS, PIN_MAX_DIGITS, PinResult, PinStatus
from kiosk.progress.store import ProgressStore
from kiosk.session import Session, SignedIn
from kiosk.progress.viewmodel import Listener, Say, TaskRunner, ViewModel

DELETE, OK = "delete", "ok"
CODE_DIGITS = 4
TRAINER_ACCOUNT = "trainer"


class CodeEntry:
    """The digits typed on a number pad: ``min_length``…``max_length`` digits, then OK."""

    def __init__(self, min_length: int = CODE_DIGITS, max_length: int = CODE_DIGITS) -> None:
        self.min_length = min_length
        self.max_length = max_length
        self.value = ""
        self.enabled = True
        self._listeners: list[Listener] = []

    def subscribe(self, callback: Listener) -> None:
        self._listeners.append(callback)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    @property
    def complete(self) -> bool:
        return len(self.value) >= self.min_length

    def press(self, key: str) -> str | None:
        """A key (``"0"``…``"9"``, :data:`DELETE`, :data:`OK`); returns the code when OK submits it."""
        if not self.enabled:
            return None
        if key == OK:
            return self.value if self.complete else None
        if key == DELETE:
            self.value = self.value[:-1]
        elif len(key) == 1 and key.isascii() and key.isdigit() and len(self.value) < self.max_length:
            self.value += key
        else:
            return None
        self._changed()
        return None

    def clear(self) -> None:
        if self.value:
            self.value = ""
            self._changed()

    def set_enabled(self, enabled: bool) -> None:
        if enabled != self.enabled:
            self.enabled = enabled
            self._changed()

    def dots(self) -> str:
        """● for each digit typed, ○ for each still needed."""
        shown = "●" * len(self.value) + "○" * max(0, self.min_length - len(self.value))
        return " ".join(shown) or " "

    def spoken(self) -> str:
        n = len(self.value)
        return ngettext("{n} digit entered", "{n} digits entered", n).format(n=n)


# -- learners --------------------------------------------------------------------------------------

class ClassPickModel(ViewModel):
    """"Which class are you in?" — the active classes, as big buttons."""

    slot = "signin.classes"

    def __init__(self, tasks: TaskRunner, session: Session, link: ProgressLink) -> None:
        super().__init__(tasks, session)
        self.link = link
        self.classes: list[SchoolClass] = []

    def open(self) -> None:
        self.run("load", self.link.call, lambda store: store.accounts.list_classes(),
                 then=self._loaded, failed=self._failed)

    def _loaded(self, classes: list[SchoolClass]) -> None:
        self.classes = classes
        self.say(None if classes else lambda: _("There are no classes yet. Please ask your trainer."))

    def _failed(self, exc: BaseException) -> None:
        self.classes = []
        self.failed(exc)

    def choose(self, school_class: SchoolClass) -> None:
        self.session.open("signin_name", class_id=school_class.id)

    def reset(self) -> None:
        self.classes = []
        self.say(None)


class NamePickModel(ViewModel):
    """"Which one is you?" — the learners of the class chosen."""

    slot = "signin.names"

    def __init__(self, tasks: TaskRunner, session: Session, link: ProgressLink) -> None:
        super().__init__(tasks, session)
        self.link = link
        self.learners: list[Learner] = []

    def open(self, class_id: int | None) -> None:
        if class_id is None:
            self._loaded([])
            return
        self.run("load", self.link.call, lambda store: store.accounts.list_learners(class_id),
                 then=self._loaded, failed=self._failed)

    def _loaded(self, learners: list[Learner]) -> None:
        self.learners = learners
        self.say(None if learners else lambda: _("Nobody is in this class yet. Please ask your trainer."))

    def _failed(self, exc: BaseException) -> None:
        self.learners = []
        self.failed(exc)

    def choose(self, learner: Learner) -> None:
        self.session.open("signin_code", learner_id=learner.id)

    def reset(self) -> None:
        self.learners = []
        self.say(None)


def _learner_and_pause(store: ProgressStore, learner_id: str) -> tuple[Learner, datetime | None]:
    return store.accounts.get_learner(learner_id), store.accounts.sign_in_paused_until(learner_id)


def _check_code(store: ProgressStore, learner_id: str,
                code: str) -> tuple[SignInResult, dict[str, int], list[str]]:
    """The code check and, when it is right, where the learner left their lessons and which
    lessons their class was given — all here in the worker, so signing in never touches the
    store on the UI thread."""
    result = store.accounts.sign_in(learner_id, code)
    if not (result.ok and result.learner):
        return result, {}, []
    return (result, store.resume_positions(learner_id),
            store.accounts.assigned_lessons(result.learner.class_id))


class CodeModel(ViewModel):
    """"Type your 4-digit code" — the pad, wrong codes and the pause, then signing in."""

    slot = "signin.code"

    def __init__(self, tasks: TaskRunner, session: Session, link: ProgressLink) -> None:
        super().__init__(tasks, session)
        self.link = link
        self.learner: Learner | None = None
        self.code = CodeEntry()

    def heading(self) -> str:
        return (_("Hello, {name}!").format(name=self.learner.display_name) if self.learner
                else _("Sign in"))

    def open(self, learner_id: str | None) -> None:
        self.learner = None
        self.code.clear()
        self.code.set_enabled(False)
        self.say(None)
        if learner_id is not None:
            self.run("load", self.link.call, _learner_and_pause, learner_id,
                     then=self._loaded, failed=self._failed)

    def _loaded(self, found: tuple[Learner, datetime | None]) -> None:
        self.learner, paused = found
        self.code.set_enabled(paused is None)
        self.say(None if paused is None else _paused(paused))

    def _failed(self, exc: BaseException) -> None:
        self.learner = None
        self.code.set_enabled(False)
        self.failed(exc)

    def submit(self, code: str | None = None) -> None:
        """Check the code typed (OK on the pad, or Enter)."""
        code = self.code.value if code is None else code
        if self.learner is None or len(code) < self.code.min_length:
            return
        self.code.set_enabled(False)
        self.run("check", self.link.call, _check_code, self.learner.id, code,
                 then=self._checked, failed=self._check_failed)

    def _checked(self, outcome: tuple[SignInResult, dict[str, int], list[str]]) -> None:
        result, positions, assigned = outcome
        self.code.clear()
        if result.ok and result.learner is not None:
            self.link.sign_in(result.learner, positions, assigned)
            self.session.go_home()
            self.session.open("signin_welcome")
            return
        self.code.set_enabled(result.status is SignInStatus.WRONG)
        self.say(lambda: result.message(utc_now()))

    def _check_failed(self, exc: BaseException) -> None:
        self.code.clear()
        self.code.set_enabled(True)
        self.failed(exc)

    def reset(self) -> None:
        self.learner = None
        self.code.clear()
        self.say(None)


def _paused(until: datetime) -> Say:
    return lambda: SignInResult(SignInStatus.PAUSED, paused_until=until).message(utc_now())


# -- the trainer's PIN -------------------------------------------------------------------------------

def _pin_state(store: ProgressStore, device_id: str) -> tuple[bool, datetime | None]:
    return store.trainer_pin.is_set(), store.trainer_pin.locked_until(device_id)


def _not_set() -> str:
    # Anyone can reach this page by holding the corner: no instructions for a shell here, only
    # who to ask (the technician's step is in packaging/README.md).
    return PinResult(PinStatus.NOT_SET).message(utc_now()) + "\n\n" + _(
        "Please ask the library or City staff: a technician sets up trainer mode.")


class TrainerPinModel(ViewModel):
    """The PIN pad in front of trainer mode: not set, locked, wrong PIN, or in."""

    slot = "trainer.pin"
    trainer = True

    def __init__(self, tasks: TaskRunner, session: Session, link: ProgressLink) -> None:
        super().__init__(tasks, session)
        self.link = link
        self.pin = CodeEntry(PIN_ENTRY_MIN_DIGITS, PIN_MAX_DIGITS)
        #: Whether the pad is shown at all (not while no PIN is set or the store is away).
        self.pad_shown = True

    def open(self) -> None:
        self.pin.clear()
        self.say(None)
        self.run("load", self.link.call, _pin_state, self.link.device_id, then=self._loaded,
                 failed=self._failed)

    def _loaded(self, state: tuple[bool, datetime | None]) -> None:
        is_set, locked = state
        if not is_set:
            self._show_not_set()
            return
        self.pad_shown = True
        self.pin.set_enabled(locked is None)
        self.say(None if locked is None else
                 lambda: PinResult(PinStatus.LOCKED, locked_until=locked).message(utc_now()))

    def _show_not_set(self) -> None:
        self.pad_shown = False
        self.say(_not_set)

    def _failed(self, exc: BaseException) -> None:
        self.pad_shown = False
        self.failed(exc)

    def submit(self, pin: str | None = None) -> None:
        pin = self.pin.value if pin is None else pin
        if len(pin) < self.pin.min_length:
            return
        self.pin.set_enabled(False)
        device = self.link.device_id
        self.run("check", self.link.call, lambda store: store.trainer_pin.check(pin, device),
                 then=self._checked, failed=self._check_failed)

    def _checked(self, result: PinResult) -> None:
        self.pin.clear()
        if result.ok:
            self.session.sign_in(SignedIn(TRAINER_ACCOUNT, _("Trainer"), is_trainer=True))
            self.session.replace("trainer")
            return
        if result.status is PinStatus.NOT_SET:
            self._show_not_set()
            return
        self.pin.set_enabled(result.status is PinStatus.WRONG)
        self.say(lambda: result.message(utc_now()))

    def _check_failed(self, exc: BaseException) -> None:
        self.pin.clear()
        self.pin.set_enabled(True)
        self.failed(exc)

    def reset(self) -> None:
        self.pin.clear()
        self.pad_shown = True
        self.say(None)


def is_trainer(session: Session) -> bool:
    """Trainer pages are for a signed-in trainer only (anyone else is sent to the PIN pad)."""
    who = session.signed_in
    return who is not None and who.is_trainer

