"""The step engine: one learner going through one lesson, in plain Python.

:class:`LessonRun` decides everything the lesson player shows: which step is current, whether
*Back* and *Next* work, whether a practice gesture succeeded, what feedback and hint to show, when
to offer a one-tap way forward (after :data:`MISSES_BEFORE_HINT` missed tries — nobody is ever
stuck, WCAG 2.5.1), how a quiz answer is judged, and the quiz score. The practice pads in ``ui/``
only turn touches into :meth:`LessonRun.report_gesture` calls.

A run saves itself into a plain, JSON-friendly dict (:meth:`LessonRun.to_dict`) that the UI keeps
in the visitor session's scratch space, so leaving a lesson and coming back resumes at the same
step (:meth:`LessonRun.resume`). Every learning moment is also told to an optional listener as a
:class:`LearningEvent` (xAPI-shaped: started, resumed, progressed, answered, asked-for-help,
completed), so the progress store can record it without the engine knowing about stores.

Feedback holds message ids; :meth:`Feedback.text` translates at call time, so a language switch
mid-lesson shows the same feedback in the new language.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from kiosk import i18n
from kiosk.i18n import N_
from kiosk.lessons.judging import TRY_AGAIN, judge
from kiosk.lessons.model import DoneStep, Lesson, PracticeStep, QuizStep, Step

logger = logging.getLogger(__name__)

MISSES_BEFORE_HINT = 3
STATE_VERSION = 1

STARTED, RESUMED, PROGRESSED = "started", "resumed", "progressed"
ANSWERED, ASKED_FOR_HELP, COMPLETED = "answered", "asked-for-help", "completed"


@dataclass(frozen=True)
class LearningEvent:
    """Something a learner did, shaped like an xAPI statement (actor added by the store)."""
    verb: str
    lesson_id: str
    step_index: int              # 0-based index of the step it happened on
    step_kind: str
    result: Mapping[str, Any] = field(default_factory=dict)


Listener = Callable[[LearningEvent], None]


@dataclass(frozen=True)
class Feedback:
    """What the player shows after an attempt. Texts are message ids; use the ``*_text`` methods.

    ``outcome`` is ``success`` / ``try_again`` (practice) or ``correct`` / ``wrong`` (quiz).
    ``hint`` is set once the hint should show; ``can_skip`` offers the one-tap way forward.
    """
    outcome: str
    message: str
    hint: str | None = None
    can_skip: bool = False
    explanation: str | None = None
    params: tuple[tuple[str, str], ...] = ()

    @property
    def success(self) -> bool:
        return self.outcome in ("success", "correct")

    def text(self, language: str | None = None) -> str:
        """The message in ``language`` (default: the current one), placeholders filled in."""
        values = {k: _tr(v, language) for k, v in self.params}
        return _tr(self.message, language).format(**values) if values else _tr(self.message, language)

    def hint_text(self, language: str | None = None) -> str | None:
        return _tr(self.hint, language) if self.hint else None

    def explanation_text(self, language: str | None = None) -> str | None:
        return _tr(self.explanation, language) if self.explanation else None

    def speech_text(self, language: str | None = None) -> str:
        """Everything the feedback says, for *Read to me*."""
        parts = [self.text(language), self.explanation_text(language), self.hint_text(language)]
        return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class Position:
    """Where the learner is: ``number`` (1-based) of ``total`` steps."""
    number: int
    total: int

    def text(self) -> str:
        """"Step 3 of 9" in the current language and its digits."""
        return i18n._("Step {number} of {total}").format(
            number=i18n.format_number(self.number), total=i18n.format_number(self.total))

    @property
    def fraction(self) -> float:
        return self.number / self.total if self.total else 1.0


@dataclass(frozen=True)
class QuizScore:
    """Quiz steps answered right on the first try, out of all quiz steps in the lesson."""
    first_try: int
    total: int


def _tr(message: str | None, language: str | None) -> str:
    if not message:
        return message or ""
    return i18n.translate_in(language, message) if language else i18n._(message)


QUIZ_RIGHT = N_("That's right!")
QUIZ_WRONG = N_("Not quite. Have another look and try again.")


# -- the run ----------------------------------------------------------------------------------

@dataclass
class StepProgress:
    """What the learner has done on one step (kept across Back/Next and in the saved state)."""
    misses: int = 0
    solved: bool = False
    skipped: bool = False
    hint_shown: bool = False
    answers: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"misses": self.misses, "solved": self.solved, "skipped": self.skipped,
                "hint_shown": self.hint_shown, "answers": list(self.answers)}


class NotThisStep(ValueError):
    """A call that does not fit the current step (an answer on a practice step, say): a UI bug."""


class LessonRun:
    """One learner going through ``lesson``. Create with :meth:`start` or :meth:`resume`."""

    def __init__(self, lesson: Lesson, listener: Listener | None = None) -> None:
        self.lesson = lesson
        self.listener = listener
        self.index = 0
        self.completed = False   # reached the done step
        self.finished = False    # pressed Next on the done step
        self._progress = [StepProgress() for _ in lesson.steps]

    # construction ---------------------------------------------------------------------------
    @classmethod
    def start(cls, lesson: Lesson, listener: Listener | None = None) -> LessonRun:
        run = cls(lesson, listener)
        run._emit(STARTED, {})
        return run

    @classmethod
    def resume(cls, lesson: Lesson, state: Mapping[str, Any] | None,
               listener: Listener | None = None) -> LessonRun:
        """Continue from a saved :meth:`to_dict`; start afresh when there is nothing usable.

        A finished run, a state of another lesson, or a damaged state starts from step 1.
        """
        run = cls(lesson, listener)
        if not state or not run._restore(state):
            run._emit(STARTED, {})
            return run
        run._emit(RESUMED, {})
        return run

    def _restore(self, state: Mapping[str, Any]) -> bool:
        try:
            if state.get("lesson") != self.lesson.id or state.get("finished"):
                return False
            index = int(state.get("index", 0))
            steps = state.get("steps", {})
            for key, raw in dict(steps).items():
                number = int(key)
                if 0 <= number < len(self._progress) and isinstance(raw, Mapping):
                    self._progress[number] = self._read_progress(number, raw)
        except (TypeError, ValueError, AttributeError):
            logger.warning("saved state of lesson %s unusable; starting again", self.lesson.id)
            self._progress = [StepProgress() for _ in self.lesson.steps]
            return False
        self.index = min(max(index, 0), len(self.lesson.steps) - 1)
        self.completed = bool(state.get("completed")) or isinstance(self.step, DoneStep)
        return True

    def _read_progress(self, number: int, raw: Mapping[str, Any]) -> StepProgress:
        step = self.lesson.steps[number]
        answers = [int(a) for a in raw.get("answers", []) if isinstance(a, int)]
        if isinstance(step, QuizStep):
            answers = [a for a in answers if 0 <= a < len(step.choices)]
        return StepProgress(misses=max(0, int(raw.get("misses", 0))), solved=bool(raw.get("solved")),
                            skipped=bool(raw.get("skipped")), hint_shown=bool(raw.get("hint_shown")),
                            answers=answers)

    def to_dict(self) -> dict[str, Any]:
        """The run as plain data (JSON-friendly) for the visitor session's scratch space."""
        steps = {str(i): p.to_dict() for i, p in enumerate(self._progress) if p != StepProgress()}
        return {"version": STATE_VERSION, "lesson": self.lesson.id, "index": self.index,
                "completed": self.completed, "finished": self.finished, "steps": steps}

    # where we are -----------------------------------------------------------------------------
    @property
    def step(self) -> Step:
        return self.lesson.steps[self.index]

    @property
    def position(self) -> Position:
        return Position(self.index + 1, len(self.lesson.steps))

    @property
    def progress(self) -> StepProgress:
        """What the learner did on the current step (read-only use, please)."""
        return self._progress[self.index]

    @property
    def progress_by_step(self) -> tuple[StepProgress, ...]:  # every step's, in order (mastery)
        return tuple(self._progress)

    @property
    def is_first(self) -> bool:
        return self.index == 0

    @property
    def is_last(self) -> bool:
        return self.index == len(self.lesson.steps) - 1

    @property
    def can_go_back(self) -> bool:
        return self.index > 0 and not self.finished

    @property
    def can_skip(self) -> bool:
        """A practice step offers its one-tap way forward after enough misses."""
        p = self.progress
        return isinstance(self.step, PracticeStep) and not p.solved and \
            p.misses >= MISSES_BEFORE_HINT

    @property
    def can_go_next(self) -> bool:
        if self.finished:
            return False
        step, p = self.step, self.progress
        if isinstance(step, PracticeStep):
            return p.solved or p.skipped or self.can_skip
        if isinstance(step, QuizStep):
            return bool(p.answers)
        return True

    @property
    def hint_visible(self) -> bool:
        return isinstance(self.step, PracticeStep) and self.progress.hint_shown

    def speech_text(self, language: str | None = None) -> str:
        """What *Read to me* says for the current step."""
        return self.step.speech_text(language)

    # moving ----------------------------------------------------------------------------------
    def next(self) -> bool:
        """Go to the next step (or finish on the done step). False when it is not allowed yet."""
        if not self.can_go_next:
            return False
        p = self.progress
        if isinstance(self.step, PracticeStep) and not p.solved:
            p.skipped = True
        if self.is_last:
            self.finished = True
            return True
        self.index += 1
        self._emit(PROGRESSED, {"progress": round(self.position.fraction, 3),
                                "skipped": bool(self._progress[self.index - 1].skipped)},
                   index=self.index - 1)
        if isinstance(self.step, DoneStep) and not self.completed:
            self.completed = True
            score = self.quiz_score
            self._emit(COMPLETED, {"success": True, "quiz_first_try": score.first_try,
                                   "quiz_total": score.total,
                                   "skipped": sum(1 for s in self._progress if s.skipped)})
        return True

    def skip(self) -> bool:
        """The one-tap way forward on a practice step the learner could not do."""
        return self.can_skip and self.next()

    def back(self) -> bool:
        if not self.can_go_back:
            return False
        self.index -= 1
        return True

    # practice ---------------------------------------------------------------------------------
    def report_gesture(self, kind: str, **details: Any) -> Feedback:
        """Judge a gesture a practice pad recognised; count a miss when it is not the right one."""
        step = self._require(PracticeStep)
        p = self.progress
        if p.solved:
            return self.feedback()  # type: ignore[return-value]
        ok, retry, params = judge(step.gesture, kind, details)
        return self._record_practice(step, ok, retry, params, kind)

    def practice_attempt(self, success: bool) -> Feedback:
        """For a pad that judges the gesture itself: just tell the engine how it went."""
        step = self._require(PracticeStep)
        if self.progress.solved:
            return self.feedback()  # type: ignore[return-value]
        return self._record_practice(step, success, TRY_AGAIN, (), step.gesture.kind)

    def _record_practice(self, step: PracticeStep, ok: bool, retry: str,
                         params: tuple[tuple[str, str], ...], kind: str) -> Feedback:
        p = self.progress
        if ok:
            p.solved = True
        else:
            p.misses += 1
        self._emit(ANSWERED, {"success": ok, "response": kind, "misses": p.misses})
        if not ok and p.misses >= MISSES_BEFORE_HINT and not p.hint_shown:
            p.hint_shown = True
            self._emit(ASKED_FOR_HELP, {"reason": "missed", "misses": p.misses})
        if ok:
            return Feedback("success", step.success)
        return Feedback("try_again", retry or TRY_AGAIN, hint=step.hint if p.hint_shown else None,
                        can_skip=self.can_skip, params=params)

    def ask_for_help(self) -> str | None:
        """The learner tapped *Help* (or *Hint*): the current step's hint (a message id)."""
        step = self.step
        hint = step.hint if isinstance(step, PracticeStep) else getattr(step, "explanation", None)
        if isinstance(step, PracticeStep):
            self.progress.hint_shown = True
        self._emit(ASKED_FOR_HELP, {"reason": "asked"})
        return hint

    # quiz -------------------------------------------------------------------------------------
    def answer(self, choice: int) -> Feedback:
        """Pick quiz answer ``choice`` (0-based). A wrong answer may be followed by another try."""
        step = self._require(QuizStep)
        if not 0 <= choice < len(step.choices):
            raise NotThisStep(f"choice {choice} does not exist (the quiz has {len(step.choices)})")
        p = self.progress
        if p.solved:
            return self.feedback()  # type: ignore[return-value]
        p.answers.append(choice)
        right = step.choices[choice].correct
        p.solved = right
        self._emit(ANSWERED, {"success": right, "response": choice, "attempt": len(p.answers)})
        return self._quiz_feedback(step, choice)

    def _quiz_feedback(self, step: QuizStep, choice: int) -> Feedback:
        picked = step.choices[choice]
        if picked.correct:
            return Feedback("correct", picked.feedback or QUIZ_RIGHT, explanation=step.explanation)
        return Feedback("wrong", picked.feedback or QUIZ_WRONG)

    @property
    def wrong_choices(self) -> frozenset[int]:
        """Quiz answers already tried and wrong on the current step (the UI may dim them)."""
        step = self.step
        if not isinstance(step, QuizStep):
            return frozenset()
        return frozenset(a for a in self.progress.answers if not step.choices[a].correct)

    @property
    def quiz_score(self) -> QuizScore:
        quizzes = [(s, p) for s, p in zip(self.lesson.steps, self._progress) if isinstance(s, QuizStep)]
        first = sum(1 for s, p in quizzes if p.answers and s.choices[p.answers[0]].correct)
        return QuizScore(first, len(quizzes))

    def feedback(self) -> Feedback | None:
        """The feedback to show on the current step now (after Back/Next, resume, language switch)."""
        step, p = self.step, self.progress
        if isinstance(step, PracticeStep):
            if p.solved:
                return Feedback("success", step.success)
            if p.misses:
                return Feedback("try_again", TRY_AGAIN, hint=step.hint if p.hint_shown else None,
                                can_skip=self.can_skip)
            if p.hint_shown:
                return Feedback("try_again", "", hint=step.hint)
        if isinstance(step, QuizStep) and p.answers:
            return self._quiz_feedback(step, p.answers[-1])
        return None

    # plumbing ---------------------------------------------------------------------------------
    def _require(self, kind: type) -> Any:
        if not isinstance(self.step, kind):
            raise NotThisStep(f"step {self.index + 1} is a {self.step.kind} step, not {kind.kind}")
        return self.step

    def _emit(self, verb: str, result: dict[str, Any], index: int | None = None) -> None:
        if self.listener is None:
            return
        index = self.index if index is None else index
        event = LearningEvent(verb, self.lesson.id, index, self.lesson.steps[index].kind, result)
        try:
            self.listener(event)
        except Exception:  # noqa: BLE001 - recording progress must never break the lesson
            logger.exception("learning-event listener failed on %s", verb)

