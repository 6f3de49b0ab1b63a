"""Mastery rules of a lesson: what "mastered" means beyond reaching the last step.

A lesson may say in its ``lesson.toml``::

    [mastery]
    rule = "all-quiz-right"        # every quiz question right the first time
    # rule = "m-of-n", m = 4, n = 5   # at least 4 of the last 5 answers (quiz and practice) right
    # rule = "practice-no-skip"    # every practice step done, none skipped

Without a ``[mastery]`` table a lesson is mastered when it is completed. This module holds the
rule (validated by ``kiosk lessons validate`` through :func:`check_mastery`) and how to judge it
from what a learner did (:meth:`MasteryRule.met`) — plain data in, so the lesson player, the
trainer pages and the xAPI export (which read a lesson only by duck typing) use the same rule.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

from kiosk.i18n import _, ngettext

RULES = ("all-quiz-right", "m-of-n", "practice-no-skip")
MASTERY_FIELDS = ("rule", "m", "n")
MAX_N = 50


@dataclass(frozen=True)
class Attempt:
    """One answer in a lesson: the step, its kind (``quiz`` / ``practice``) and whether it was right."""

    step: int
    kind: str
    right: bool


@dataclass(frozen=True)
class MasteryRule:
    rule: str
    m: int = 0
    n: int = 0

    def describe(self) -> str:
        """The rule in words for learners and trainers (current language)."""
        if self.rule == "all-quiz-right":
            return _("Mastered when every quiz question is right the first time.")
        if self.rule == "m-of-n":
            return ngettext("Mastered when {m} of the last {n} answer is right.",
                            "Mastered when {m} of the last {n} answers are right.",
                            self.n).format(m=self.m, n=self.n)
        return _("Mastered when every practice step is done without skipping.")

    def met(self, attempts: Sequence[Attempt], quiz_steps: Iterable[int],
            practice_steps: Iterable[int], completed: bool) -> bool:
        """Whether a learner who made ``attempts`` (in order) mastered the lesson. A lesson not
        completed is never mastered."""
        if not completed:
            return False
        if self.rule == "all-quiz-right":
            first: dict[int, bool] = {}
            for attempt in attempts:
                if attempt.kind == "quiz":
                    first.setdefault(attempt.step, attempt.right)
            return all(first.get(step, False) for step in quiz_steps)
        if self.rule == "m-of-n":
            last = [a.right for a in attempts][-self.n:]
            return sum(last) >= self.m
        solved = {a.step for a in attempts if a.kind == "practice" and a.right}
        return all(step in solved for step in practice_steps)


def check_mastery(table: Any, add: Callable[[str, str], None],
                  quiz_count: int, practice_count: int) -> MasteryRule | None:
    """The ``[mastery]`` table of a lesson as a rule; each problem goes to ``add(place, message)``
    (the lesson validator's way of collecting them). None when absent or invalid."""
    if table is None:
        return None
    if not isinstance(table, dict):
        add("mastery", "must be a table: [mastery] with rule = …")
        return None
    for key in table:
        if key not in MASTERY_FIELDS:
            add("mastery", f"unknown field '{key}' (use {', '.join(MASTERY_FIELDS)})")
    rule = table.get("rule")
    if rule not in RULES:
        add("mastery", f"rule must be one of {', '.join(RULES)} (it is {rule!r})")
        return None
    if rule != "m-of-n":
        if "m" in table or "n" in table:
            add("mastery", f"m and n belong to rule 'm-of-n' only, not {rule!r}")
        if rule == "all-quiz-right" and quiz_count == 0:
            add("mastery", "rule 'all-quiz-right' needs at least one quiz step")
        if rule == "practice-no-skip" and practice_count == 0:
            add("mastery", "rule 'practice-no-skip' needs at least one practice step")
        return MasteryRule(rule)
    m, n = table.get("m"), table.get("n")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (m, n)):
        add("mastery", "rule 'm-of-n' needs whole numbers m and n, e.g. m = 4, n = 5")
        return None
    if not 1 <= m <= n <= MAX_N:
        add("mastery", f"m-of-n needs 1 ≤ m ≤ n ≤ {MAX_N} (it has m = {m}, n = {n})")
        return None
    if quiz_count + practice_count == 0:
        add("mastery", "rule 'm-of-n' needs quiz or practice steps to count answers")
    return MasteryRule(rule, m, n)


@dataclass(frozen=True)
class Standing:
    """A learner against a lesson's rule, as the last step tells them: mastered or not, and the
    words for what is still needed (empty when mastered)."""

    mastered: bool
    rule: MasteryRule

    #: The plain sentence: "You mastered this lesson." / "Not mastered yet."
    headline: str = ""
    #: What is still needed, in words ("" when mastered).
    needed: str = ""

    def text(self) -> str:
        """Headline, the rule, and what is still needed — one short paragraph."""
        return " ".join(part for part in (self.headline, self.rule.describe(), self.needed) if part)


def standing(rule: MasteryRule, attempts: Sequence[Attempt], quiz_steps: Sequence[int],
             practice_steps: Sequence[int], completed: bool,
             step_name: Callable[[int], str] = lambda n: str(n + 1)) -> Standing:
    """How a learner stands against ``rule`` (same judgement as :meth:`MasteryRule.met`), with
    the words for the learner in the current language; ``step_name`` names a step (translated)."""
    if rule.met(attempts, quiz_steps, practice_steps, completed):
        return Standing(True, rule, _("You mastered this lesson."))
    headline = _("Not mastered yet.")
    if rule.rule == "all-quiz-right":
        first: dict[int, bool] = {}
        for attempt in attempts:
            if attempt.kind == "quiz":
                first.setdefault(attempt.step, attempt.right)
        right = sum(1 for step in quiz_steps if first.get(step, False))
        needed = ngettext("You got {n} of {total} question right the first time.",
                          "You got {n} of {total} questions right the first time.",
                          len(quiz_steps)).format(n=right, total=len(quiz_steps))
        needed += " " + _("Take the lesson again another time to master it.")
    elif rule.rule == "m-of-n":
        last = [a.right for a in attempts][-rule.n:]
        needed = ngettext("{n} of your last {total} answer was right.",
                          "{n} of your last {total} answers were right.",
                          len(last)).format(n=sum(last), total=len(last))
        needed += " " + _("Take the lesson again another time to master it.")
    else:
        solved = {a.step for a in attempts if a.kind == "practice" and a.right}
        missing = [step_name(step) for step in practice_steps if step not in solved]
        needed = (_("Still to do: {steps}.").format(steps=", ".join(missing)) + " "
                  + _("Tap “Previous step” to go back and do it.")) if missing else ""
    return Standing(False, rule, headline, needed)
