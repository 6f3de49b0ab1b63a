"""The last step of a lesson with a mastery rule tells the learner plainly whether they mastered
it and, if not, what is still needed — judged from what they did in this run."""
from __future__ import annotations

from pathlib import Path

from kiosk import i18n
from kiosk.lessons import load_all
from kiosk.lessons.model import PracticeStep, QuizStep
from kiosk.lessons.player import LessonPlayer
from kiosk.lessons.viewmodel import LessonCatalog
from kiosk.session import FakeClock, Session

LESSONS = Path(__file__).resolve().parents[3] / "lessons"


def player_for(profile: str = "library") -> LessonPlayer:
    visitor = Session(clock=FakeClock())
    visitor.activity()
    catalog = LessonCatalog(visitor, profile)
    catalog.set_library(load_all(LESSONS))
    return LessonPlayer(catalog, visitor)


def walk(player: LessonPlayer, *, wrong_first_at: int | None = None, skip_practice: bool = False) -> None:
    """Go through the lesson to its last step: quiz answers right (one wrong first where asked),
    practice steps done (or skipped after the tries the lesson asks for)."""
    while not player.on_done_step:
        step = player.step
        if isinstance(step, QuizStep):
            right = next(n for n, c in enumerate(step.choices) if c.correct)
            if player.run.index == wrong_first_at:
                player.answer(next(n for n, c in enumerate(step.choices) if not c.correct))
            player.answer(right)
        elif isinstance(step, PracticeStep):
            if skip_practice:
                while not player.skip.visible:
                    player.run.practice_attempt(False)
                assert player.press_skip()
                continue
            player.run.practice_attempt(True)
        assert player.press_next(), player.notice_text()


def test_every_question_right_first_time_says_mastered() -> None:
    player = player_for()
    player.show("spotting-scams")
    assert player.mastery() is None  # not on the last step yet: nothing said
    walk(player)
    standing = player.mastery()
    assert standing.mastered
    assert player.mastery_text() == ("You mastered this lesson. Mastered when every quiz question "
                                     "is right the first time.")


def test_one_wrong_answer_says_what_is_still_needed() -> None:
    player = player_for()
    player.show("spotting-scams")
    quiz = [n for n, s in enumerate(player.run.lesson.steps) if isinstance(s, QuizStep)]
    walk(player, wrong_first_at=quiz[1])
    text = player.mastery_text()
    assert not player.mastery().mastered
    assert text.startswith("Not mastered yet.")
    assert "You got 2 of 3 questions right the first time." in text
    assert "Take the lesson again" in text


def test_m_of_n_counts_the_last_answers_and_says_how_many_were_right() -> None:
    player = player_for()
    player.show("public-wifi-safely")
    quiz = [n for n, s in enumerate(player.run.lesson.steps) if isinstance(s, QuizStep)]
    walk(player)
    assert player.mastery().mastered
    player.reset()
    player.session.scratch.clear()
    player.show("public-wifi-safely")
    walk(player, wrong_first_at=quiz[-1])  # the last answers: ✔ ✔ ✔ ✗ ✔ → 4 of 5 still
    assert player.mastery().mastered


def test_a_lesson_without_a_rule_says_nothing_about_mastery() -> None:
    player = player_for()
    player.show("email-basics")
    walk(player)
    assert player.mastery() is None and player.mastery_text() == ""


def test_the_words_follow_the_language() -> None:
    player = player_for()
    player.show("spotting-scams")
    walk(player)
    english = player.mastery_text()
    try:
        i18n.set_language("es")
        assert player.mastery_text() and player.mastery_text() != english
    finally:
        i18n.set_language("en")
