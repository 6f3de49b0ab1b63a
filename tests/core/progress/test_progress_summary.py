"""Summaries, the class grid, learner detail and difficult questions, on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import timedelta

import pytest

from kiosk.progress.events import Recorder
from kiosk.progress.summary import (LessonInfo, Status, class_grid, difficult_questions,
                                    learner_detail)

LESSONS = {
    "email-basics": LessonInfo("email-basics", "Email basics", 6),
    "video-call": LessonInfo("video-call", "Video calls", 8),
    "safe-passwords": LessonInfo("safe-passwords", "Safe passwords", 5),
}


@pytest.fixture
def seniors(store, clock):
    """A class of four: one finished, one stuck, one halfway, one not begun."""
    cls = store.accounts.create_class("Tuesday seniors")
    store.accounts.assign_lessons(cls.id, ["email-basics", "video-call"])
    people = {name: store.accounts.add_learner(cls.id, name, "A").learner
              for name in ("Ana", "Boris", "Carmen", "Dmitri")}

    ana = Recorder(store, people["Ana"].id, "pc-1", clock)
    ana.started("email-basics")
    for step in range(1, 6):
        clock.advance(minutes=1)
        ana.progressed("email-basics", step)
    clock.advance(minutes=1)
    ana.answered("email-basics", 5, success=True, response="Send")
    clock.advance(minutes=1)
    ana.completed("email-basics", step=5, score=0.9, success=True)

    boris = Recorder(store, people["Boris"].id, "pc-2", clock)
    boris.started("email-basics")
    clock.advance(minutes=2)
    boris.progressed("email-basics", 3)
    clock.advance(hours=2)                    # walked away: counts at most 5 minutes
    boris.asked_for_help("email-basics", 3)

    carmen = Recorder(store, people["Carmen"].id, "pc-3", clock)
    carmen.started("video-call")
    for step in (1, 2):
        clock.advance(seconds=30)
        carmen.progressed("video-call", step)
    for _ in range(2):
        clock.advance(seconds=10)
        carmen.answered("video-call", 2, success=False, response="Hang up")
    return cls, people


def test_grid_shows_each_learner_in_each_assigned_lesson(store, seniors, clock):
    cls, people = seniors
    grid = class_grid(store, cls.id, LESSONS)
    assert [l.display_title for l in grid.lessons] == ["Email basics", "Video calls"]
    assert [learner.display_name for learner, _ in grid.rows()] == ["Ana A.", "Boris A.", "Carmen A.", "Dmitri A."]
    status = {(l.first_name, c.lesson_id): c.status for l, cells in grid.rows() for c in cells}
    assert status == {
        ("Ana", "email-basics"): Status.COMPLETED, ("Ana", "video-call"): Status.NOT_STARTED,
        ("Boris", "email-basics"): Status.NEEDS_HELP, ("Boris", "video-call"): Status.NOT_STARTED,
        ("Carmen", "email-basics"): Status.NOT_STARTED, ("Carmen", "video-call"): Status.STARTED,
        ("Dmitri", "email-basics"): Status.NOT_STARTED, ("Dmitri", "video-call"): Status.NOT_STARTED,
    }
    assert grid.status_counts("email-basics") == {Status.NOT_STARTED: 2, Status.STARTED: 0,
                                                  Status.NEEDS_HELP: 1, Status.COMPLETED: 1,
                                                  Status.MASTERED: 0}


def test_cells_carry_steps_time_last_activity_and_score(store, seniors, clock):
    cls, people = seniors
    grid = class_grid(store, cls.id, LESSONS)
    ana = grid.cell(people["Ana"].id, "email-basics")
    assert (ana.steps_reached, ana.time_spent, ana.score_percent) == (6, timedelta(minutes=7), 90)
    boris = grid.cell(people["Boris"].id, "email-basics")
    assert boris.steps_reached == 4
    assert boris.time_spent == timedelta(minutes=2 + 5)
    assert boris.last_activity == clock() - timedelta(seconds=60 + 20)
    assert boris.help_requests == 1 and boris.score is None
    carmen = grid.cell(people["Carmen"].id, "video-call")
    assert (carmen.steps_reached, carmen.time_spent_minutes, carmen.wrong_answers) == (3, 1.3, 2)
    nobody = grid.cell(people["Dmitri"].id, "video-call")
    assert (nobody.steps_reached, nobody.time_spent, nobody.last_activity) == (0, timedelta(0), None)


def test_three_wrong_answers_mean_needs_help(store, seniors, clock):
    cls, people = seniors
    Recorder(store, people["Carmen"].id, "pc-3", clock).answered("video-call", 2, success=False)
    assert class_grid(store, cls.id).cell(people["Carmen"].id, "video-call").status is Status.NEEDS_HELP


def test_status_words_are_translated_labels(seniors):
    assert Status.NEEDS_HELP.label() == "Needs help"
    assert Status.COMPLETED.icon == "progress-completed"


def test_grid_without_lesson_metadata_falls_back_to_ids(store, seniors):
    cls, _people = seniors
    grid = class_grid(store, cls.id)
    assert [l.display_title for l in grid.lessons] == ["email-basics", "video-call"]


def test_learner_detail_lists_assigned_then_other_lessons_with_their_answers(store, seniors, clock):
    cls, people = seniors
    Recorder(store, people["Carmen"].id, "pc-3", clock).started("safe-passwords")
    detail = learner_detail(store, people["Carmen"].id, LESSONS)
    assert detail.learner.display_name == "Carmen A." and detail.school_class.name == "Tuesday seniors"
    assert [(s.lesson.display_title, s.status) for s in detail.lessons] == [
        ("Email basics", Status.NOT_STARTED), ("Video calls", Status.STARTED),
        ("Safe passwords", Status.STARTED)]
    [question] = detail.questions["video-call"]
    assert (question.step, question.wrong, question.right) == (2, 2, 0)


def test_difficult_questions_rank_quiz_steps_by_wrong_answers(store, seniors, clock):
    cls, people = seniors
    quiz = "video-call"
    answers = {"Ana": [(4, False), (4, False), (4, True), (6, True)],
               "Boris": [(4, False), (6, False), (7, True)],
               "Dmitri": [(6, True), (7, True)]}
    for name, given in answers.items():
        rec = Recorder(store, people[name].id, "pc", clock)
        for step, ok in given:
            clock.advance(seconds=5)
            rec.answered(quiz, step, success=ok)
    ranked = difficult_questions(store, quiz, cls.id)
    # Carmen's 2 wrong on step 2; step 4: 3 wrong by 2 learners; step 6: 1 wrong; step 7 never wrong.
    assert [(q.step, q.wrong, q.learners_wrong) for q in ranked] == [(4, 3, 2), (2, 2, 1), (6, 1, 1)]
    assert ranked[0].wrong_share == pytest.approx(0.75)
    other = store.accounts.create_class("Evening")
    assert difficult_questions(store, quiz, other.id) == []


def test_time_spent_adds_up_across_kiosks_and_lessons(store, clock):
    """One session's clock runs across lessons; a second kiosk's events add to the same lesson."""
    cls = store.accounts.create_class("Fleet")
    store.accounts.assign_lessons(cls.id, ["email-basics", "video-call"])
    learner = store.accounts.add_learner(cls.id, "Lena", "V").learner
    first = Recorder(store, learner.id, "pc-1", clock)
    first.started("email-basics")
    clock.advance(minutes=3)
    first.progressed("email-basics", 1)
    clock.advance(minutes=2)
    first.started("video-call")       # the 2 minutes before count for the lesson being opened
    clock.advance(days=1)
    second = Recorder(store, learner.id, "pc-2", clock)   # resumes on another PC next day
    assert store.resume_step(learner.id, "email-basics") == 1
    second.progressed("email-basics", 2)
    clock.advance(minutes=4)
    second.progressed("email-basics", 3)
    grid = class_grid(store, cls.id, LESSONS)
    assert grid.cell(learner.id, "email-basics").time_spent == timedelta(minutes=3 + 4)
    assert grid.cell(learner.id, "video-call").time_spent == timedelta(minutes=2)
