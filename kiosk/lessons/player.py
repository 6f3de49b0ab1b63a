"""The lesson player's view model: one step per screen, and which controls work — and why not.

:class:`LessonPlayer` sits between the Qt player screen and :class:`~kiosk.lessons.LessonRun`.
It opens a lesson (continuing where this visitor — or, through ``resume_lookup``, a signed-in
learner — left it), saves the run in the visitor session after every change, turns pad gestures,
quiz taps and button presses into engine calls, and tells the screen what to show: the step's
texts, "Step 3 of 9", feedback and hint, the quiz choices with their marks, the certificate, and
for *Previous*, *Next* and *Skip this practice* a :class:`Control` — available or not, and the
words that say why not. Tapping an unavailable control is not ignored: it sets :attr:`notice`
("Try the practice above first…"), which the screen shows where the learner is looking.

Listeners are plain callables given a :class:`PlayerChange`; every learning event goes to each
callable of ``event_listeners`` (the progress store hooks in there), a failing one never stopping
the lesson or the others.
"""
from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any, Callable

from kiosk.i18n import _, format_date
from kiosk.lessons.certificate import Certificate, completion_code
from kiosk.lessons.engine import Feedback, LearningEvent, LessonRun
from kiosk.lessons.mastery import Attempt, Standing, standing
from kiosk.lessons.model import DoneStep, Lesson, PracticeStep, QuizStep, Step
from kiosk.lessons.player_parts import (ANSWER_FIRST, FIRST_STEP, HIDDEN, LOADING_LESSON,  # noqa: F401
                                        NOT_AVAILABLE, TRY_PRACTICE, ChoiceView, Control,
                                        PlayerChange, _step_index, reason_text)
from kiosk.lessons.viewmodel import LOADING, CatalogChange, LessonCatalog, scratch_key
from kiosk.session import Session

logger = logging.getLogger(__name__)

ResumeLookup = Callable[[str], "int | None"]

class LessonPlayer:
    """The player's state and the meaning of each tap (see module docs)."""

    def __init__(self, catalog: LessonCatalog, session: Session,
                 event_listeners: list[Callable[[LearningEvent], None]] | None = None) -> None:
        self.catalog = catalog
        self.session = session
        self.event_listeners = event_listeners if event_listeners is not None else []
        self.run: LessonRun | None = None
        #: The lesson asked for while the library was still loading (opened when it arrives).
        self.pending: str | None = None
        self.pending_lookup: ResumeLookup | None = None
        self.pending_step: int | str | None = None
        #: Why the last tapped control did nothing (a reason code, "" for none).
        self.notice = ""
        #: The engine's answer to the last attempt on this step: more specific than
        #: ``run.feedback()`` ("Almost — tap right on Tap me." rather than "Not quite").
        self._last_feedback: Feedback | None = None
        self._listeners: list[Callable[[PlayerChange], None]] = []
        catalog.subscribe(self._on_catalog_change)

    # -- listeners -------------------------------------------------------------------------------
    def subscribe(self, callback: Callable[[PlayerChange], None]) -> None:
        self._listeners.append(callback)

    def unsubscribe(self, callback: Callable[[PlayerChange], None]) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    def _emit(self, change: PlayerChange) -> None:
        for listener in list(self._listeners):
            listener(change)

    def _on_catalog_change(self, change: CatalogChange) -> None:
        if change is CatalogChange.LIBRARY and self.pending is not None:
            lesson_id, lookup, step = self.pending, self.pending_lookup, self.pending_step
            self.pending, self.pending_lookup, self.pending_step = None, None, None
            self.show(lesson_id, lookup, step)

    # -- opening ---------------------------------------------------------------------------------
    @property
    def loading(self) -> bool:
        return self.pending is not None

    def show(self, lesson_id: str | None, resume_lookup: ResumeLookup | None = None,
             step: int | str | None = None) -> None:
        """Navigation brought the player forward for ``lesson_id`` (the first lesson if None);
        ``step`` (1-based, from the navigation arguments) opens a fresh run at that step."""
        if self.catalog.state == LOADING:
            self.run = None
            self.pending, self.pending_lookup, self.pending_step = lesson_id or "", resume_lookup, step
            self._emit(PlayerChange.LESSON)
            return
        lesson_id = lesson_id or (self.catalog.first().id if self.catalog.first() else None)
        index = _step_index(step)
        if self.run is not None and self.run.lesson.id == lesson_id and not self.run.finished \
                and index is None:
            self._emit(PlayerChange.STEP)  # still here (or coming back): show it as it is
            return
        lesson = self.catalog.get(lesson_id)
        if lesson is None:
            self.run = None
            self._emit(PlayerChange.LESSON)
            return
        if index is not None:
            self.session.scratch[scratch_key(lesson.id)] = {
                "version": 1, "lesson": lesson.id, "index": min(index, lesson.step_count - 1),
                "steps": {}}
        self.open(lesson, resume_lookup)

    def open(self, lesson: Lesson, resume_lookup: ResumeLookup | None = None) -> None:
        """Start ``lesson``, or continue it where this visitor (or signed-in learner) left it."""
        state = self.session.scratch.get(scratch_key(lesson.id))
        if not state and resume_lookup is not None:
            try:
                index = resume_lookup(lesson.id)
            except Exception:  # noqa: BLE001 - a progress-store problem must not block the lesson
                logger.exception("resume lookup failed for lesson %s", lesson.id)
                index = None
            if index:
                state = {"version": 1, "lesson": lesson.id, "index": int(index), "steps": {}}
        self.run = LessonRun.resume(lesson, state, self._on_learning_event)
        self._moved()
        self._save()
        self._emit(PlayerChange.LESSON)

    def reset(self) -> None:
        """The session wipe: no lesson, nothing pending."""
        self.run = None
        self.pending, self.pending_lookup, self.pending_step = None, None, None
        self._moved()
        self._emit(PlayerChange.LESSON)

    # -- what the screen shows -------------------------------------------------------------------
    @property
    def step(self) -> Step | None:
        return self.run.step if self.run else None

    @property
    def on_done_step(self) -> bool:
        return isinstance(self.step, DoneStep)

    def title(self) -> str:
        return _(self.run.lesson.title) if self.run else _("Lesson")

    def position_text(self) -> str:
        return self.run.position.text() if self.run else ""

    def step_title(self) -> str:
        step = self.step
        return _(step.title) if step is not None and step.title else ""

    def main_text(self) -> str:
        """The step's text (a quiz's question), or why there is no lesson to show."""
        step = self.step
        if step is None:
            return _(LOADING_LESSON) if self.loading else _(NOT_AVAILABLE)
        return _(step.question if isinstance(step, QuizStep) else step.text)

    def image_path(self) -> Path | None:
        if self.run is None:
            return None
        path = self.run.lesson.image_path(self.run.step)
        return path if path is not None and path.is_file() else None

    def feedback(self) -> Feedback | None:
        if self.run is None:
            return None
        return self._last_feedback or self.run.feedback()

    def feedback_text(self) -> str:
        """The feedback with a quiz's explanation under it (translated)."""
        fb = self.feedback()
        if fb is None:
            return ""
        text, extra = fb.text(), fb.explanation_text()
        return f"{text}\n{extra}" if extra else text

    def hint_text(self) -> str:
        fb = self.feedback()
        hint = fb.hint_text() if fb else None
        # The light bulb is an icon beside these words (see ui.screens.lesson_parts.HintBox).
        return (_("Hint:") + " " + hint) if hint else ""

    def choices(self) -> list[ChoiceView]:
        step = self.step
        if not isinstance(step, QuizStep):
            return []
        run = self.run
        wrong, solved = run.wrong_choices, run.progress.solved
        views = []
        for number, choice in enumerate(step.choices):
            mark = "✖" if number in wrong else ("✔" if solved and choice.correct else "")
            views.append(ChoiceView(_(choice.text), mark, not solved and number not in wrong))
        return views

    @property
    def solved(self) -> bool:
        return bool(self.run and self.run.progress.solved)

    def learned_text(self) -> str:
        step = self.step
        if not isinstance(step, DoneStep):
            return ""
        return _("What you learned:") + "\n" + "\n".join("✔ " + _(line) for line in step.learned)

    def mastery(self) -> Standing | None:
        """On the last step of a lesson with a mastery rule: mastered or not, and what is still
        needed — judged from this run's answers, as the trainer's grid judges the records."""
        run = self.run
        rule = run.lesson.mastery if run is not None else None
        if rule is None or not self.on_done_step:
            return None
        attempts: list[Attempt] = []
        quiz, practice = [], []
        for number, (step, done) in enumerate(zip(run.lesson.steps, run.progress_by_step)):
            if isinstance(step, QuizStep):
                quiz.append(number)
                attempts += [Attempt(number, "quiz", step.choices[a].correct) for a in done.answers]
            elif isinstance(step, PracticeStep):
                practice.append(number)
                attempts += [Attempt(number, "practice", False)] * done.misses
                if done.solved:
                    attempts.append(Attempt(number, "practice", True))
        steps = run.lesson.steps
        return standing(rule, attempts, quiz, practice, run.completed,
                        lambda n: _(steps[n].title) if steps[n].title else str(n + 1))

    def mastery_text(self) -> str:
        """The mastery paragraph of the last step ("" when the lesson has no rule)."""
        found = self.mastery()
        return found.text() if found else ""

    def certificate(self, today: date | None = None, *, with_name: bool = True) -> Certificate:
        """The certificate in the current language, with its completion code (derived from the
        lesson and the day only). ``with_name=False`` leaves the learner's first name out (a
        copy kept on the kiosk for staff to print holds nothing personal)."""
        today = today or date.today()
        who = self.session.signed_in
        first = who.display_name.split()[0] if with_name and who and who.display_name.strip() else ""
        heading = (_("Certificate of completion — {name}").format(name=first) if first
                   else _("Certificate of completion"))
        title = _(self.run.lesson.title) if self.run else ""
        code = completion_code(self.run.lesson.id, today) if self.run else ""
        # Shown with a non-breaking hyphen: "RHV-" and "NXE" must not land on two lines.
        shown = code.replace("-", "\u2011")
        return Certificate(heading, title, format_date(today), _("Completion code: {code}").format(code=shown),
                           code, _("Show this code to a trainer or library staff."))

    def certificate_text(self, today: date | None = None) -> str:
        return self.certificate(today).text()

    @property
    def can_print(self) -> bool:
        """Library PCs print the certificate; the street kiosk has no printer (the code is the
        take-away there)."""
        return self.catalog.profile == "library" and self.on_done_step

    # -- controls --------------------------------------------------------------------------------
    @property
    def previous(self) -> Control:
        run = self.run
        if run is None:
            return HIDDEN
        if run.can_go_back:
            return Control()
        return Control(available=False, reason=FIRST_STEP)

    @property
    def next(self) -> Control:
        run = self.run
        if run is None:
            return HIDDEN
        if run.can_go_next:
            return Control()
        if isinstance(run.step, PracticeStep):
            return Control(available=False, reason=TRY_PRACTICE)
        if isinstance(run.step, QuizStep):
            return Control(available=False, reason=ANSWER_FIRST)
        return Control(available=False)

    @property
    def skip(self) -> Control:
        return Control() if self.run is not None and self.run.can_skip else HIDDEN

    def notice_text(self) -> str:
        """Why the last tapped control did nothing (translated), or ""."""
        return reason_text(self.notice)

    # -- taps ------------------------------------------------------------------------------------
    def gesture(self, kind: str, details: dict[str, Any]) -> Feedback | None:
        """A practice pad recognised a gesture."""
        if self.run is None or not isinstance(self.run.step, PracticeStep):
            return None
        self._last_feedback = self.run.report_gesture(kind, **details)
        self._changed()
        return self._last_feedback

    def answer(self, number: int) -> Feedback | None:
        """A quiz answer was tapped."""
        if self.run is None or not isinstance(self.run.step, QuizStep):
            return None
        self._last_feedback = self.run.answer(number)
        self._changed()
        return self._last_feedback

    def press_previous(self) -> bool:
        return self._press(self.previous, lambda run: run.back())

    def press_skip(self) -> bool:
        return self._press(self.skip, lambda run: run.skip())

    def press_next(self) -> bool:
        """Next (or Finish on the last step). Finishing goes back to the catalog."""
        if not self._press(self.next, lambda run: run.next(), emit=False):
            return False
        run = self.run
        if run.finished:
            self._save()
            self.run = None
            nav = self.session.navigation
            if len(nav.stack) > 1 and nav.stack[-2][0] == "lessons":
                self.session.back()
            else:
                self.session.open("lessons")
            self._emit(PlayerChange.FINISHED)
            return True
        self._save()
        self._emit(PlayerChange.STEP)
        return True

    def _press(self, control: Control, move: Callable[[LessonRun], bool], emit: bool = True) -> bool:
        if self.run is None:
            return False
        if not control.available:
            self.notice = control.reason
            self._emit(PlayerChange.STATE)
            return False
        if not move(self.run):
            return False
        self._moved()
        if emit:
            self._save()
            self._emit(PlayerChange.STEP)
        return True

    # -- read aloud ------------------------------------------------------------------------------
    def speech_text(self) -> str:
        return self.run.speech_text() if self.run else ""

    def feedback_speech(self) -> str:
        fb = self.feedback()
        return fb.speech_text() if fb else ""

    # -- plumbing --------------------------------------------------------------------------------
    def _moved(self) -> None:
        self._last_feedback = None
        self._clear_notice()

    def _clear_notice(self) -> None:
        self.notice = ""

    def _changed(self) -> None:
        self._clear_notice()
        self._save()
        self._emit(PlayerChange.STATE)

    def _save(self) -> None:
        if self.run is not None:
            self.session.scratch[scratch_key(self.run.lesson.id)] = self.run.to_dict()

    def _on_learning_event(self, event: LearningEvent) -> None:
        for listener in list(self.event_listeners):
            try:
                listener(event)
            except Exception:  # noqa: BLE001 - recording progress must never break the lesson
                logger.exception("lesson listener failed on %s", event.verb)
