"""Mastery rules: written in lesson.toml, checked by ``kiosk lessons validate``, judged from the
learning records for the trainer, and carried in the xAPI result of a completed lesson."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kiosk.lessons.loader import check_lesson, load_lesson
from kiosk.progress import queries
from kiosk.progress.events import Recorder
from kiosk.progress.export import export_xapi
from kiosk.progress.lessonfacts import LessonFacts

LESSONS = Path(__file__).resolve().parents[3] / "lessons"


def lesson_with(tmp_path: Path, mastery: str) -> Path:
    """A copy of the real "spotting-scams" lesson with its [mastery] table replaced by ``mastery``
    (empty: no rule)."""
    folder = tmp_path / "spotting-scams"
    shutil.copytree(LESSONS / "spotting-scams", folder)
    toml = folder / "lesson.toml"
    text = toml.read_text(encoding="utf-8")
    head, sep, steps = text.partition("[[steps]]")
    head = head.split("[mastery]")[0]  # the shipped rule goes; the test's own takes its place
    toml.write_text(head + mastery + "\n\n" + sep + steps, encoding="utf-8")
    return folder


@pytest.mark.parametrize("table, problem", [
    ('[mastery]\nrule = "most"', "rule must be one of"),
    ('[mastery]\nrule = "m-of-n"\nm = 6\nn = 5', "1 ≤ m ≤ n"),
    ('[mastery]\nrule = "m-of-n"', "needs whole numbers m and n"),
    ('[mastery]\nrule = "all-quiz-right"\nm = 2', "belong to rule 'm-of-n' only"),
    ('[mastery]\nrule = "all-quiz-right"\nlevel = 2', "unknown field 'level'"),
])
def test_validate_names_what_is_wrong_with_a_mastery_rule(tmp_path, table, problem):
    lesson, problems = check_lesson(lesson_with(tmp_path, table))
    assert lesson is None
    assert any(problem in p.message and p.place == "mastery" for p in problems), problems


def test_validate_command_reports_a_bad_rule(tmp_path, capsys):
    from kiosk.cli import main

    folder = lesson_with(tmp_path, '[mastery]\nrule = "m-of-n"\nm = 0\nn = 3')
    assert main(["lessons", "validate", str(folder)]) == 1
    assert "mastery" in capsys.readouterr().out


def record_quiz_run(store, clock, learner, first_tries_right: bool, complete: bool = True):
    rec = Recorder(store, learner.id, "pc", clock)
    rec.started("spotting-scams")
    for step in (3, 6, 11):  # the lesson's three quiz questions
        clock.advance(seconds=30)
        if not first_tries_right and step == 6:
            rec.answered("spotting-scams", step, success=False, response="0")
            clock.advance(seconds=20)
        rec.answered("spotting-scams", step, success=True, response="1")
    for step in (8, 9):  # its practice steps
        clock.advance(seconds=20)
        rec.answered("spotting-scams", step, success=True, response="tap")
    if complete:
        clock.advance(seconds=20)
        rec.completed("spotting-scams", step=13, score=1.0, success=True)


def test_all_quiz_right_is_judged_for_the_trainer_and_put_in_the_xapi_result(store, clock, tmp_path):
    lesson = load_lesson(lesson_with(tmp_path, '[mastery]\nrule = "all-quiz-right"'))
    facts = LessonFacts([lesson])
    cls = store.accounts.create_class("Tuesday")
    store.accounts.assign_lessons(cls.id, ["spotting-scams"])
    ana, ben, cy = (store.accounts.add_learner(cls.id, n, "K").learner for n in ("Ana", "Ben", "Cy"))
    record_quiz_run(store, clock, ana, first_tries_right=True)
    record_quiz_run(store, clock, ben, first_tries_right=False)
    record_quiz_run(store, clock, cy, first_tries_right=True, complete=False)
    pages = {who.first_name: queries.learner_lesson_page(store, facts, who.id, "spotting-scams")
             for who in (ana, ben, cy)}
    assert {name: page.mastered for name, page in pages.items()} == {
        "Ana": True, "Ben": False, "Cy": False}
    assert pages["Ana"].rule.describe() == "Mastered when every quiz question is right the first time."
    lesson_page = queries.questions_page(store, facts, cls.id, "spotting-scams")
    assert (lesson_page.mastered, lesson_page.learners) == (1, 3)
    path = export_xapi(store, tmp_path, cls.id, facts.info, now=clock(), facts=facts)
    completed = [s for s in json.loads(path.read_text(encoding="utf-8"))
                 if s["verb"]["id"].endswith("/completed")]
    by_learner = {s["actor"]["account"]["name"]: s["result"]["success"] for s in completed}
    assert by_learner == {ana.id: True, ben.id: False}


def test_m_of_n_counts_the_last_answers(store, clock, tmp_path):
    lesson = load_lesson(lesson_with(tmp_path, '[mastery]\nrule = "m-of-n"\nm = 4\nn = 5'))
    facts = LessonFacts([lesson])
    cls = store.accounts.create_class("Tuesday")
    ana = store.accounts.add_learner(cls.id, "Ana", "K").learner
    record_quiz_run(store, clock, ana, first_tries_right=False)  # ✗ early, then 5 right in a row
    page = queries.learner_lesson_page(store, facts, ana.id, "spotting-scams")
    assert page.mastered is True
    assert page.rule.describe() == "Mastered when 4 of the last 5 answers are right."


def test_practice_without_skipping(store, clock, tmp_path):
    lesson = load_lesson(lesson_with(tmp_path, '[mastery]\nrule = "practice-no-skip"'))
    facts = LessonFacts([lesson])
    cls = store.accounts.create_class("Tuesday")
    ana, ben = (store.accounts.add_learner(cls.id, n, "K").learner for n in ("Ana", "Ben"))
    record_quiz_run(store, clock, ana, first_tries_right=True)
    rec = Recorder(store, ben.id, "pc", clock)
    rec.started("spotting-scams")
    rec.answered("spotting-scams", 8, success=False, response="tap")  # then skipped step 8
    clock.advance(seconds=20)
    rec.answered("spotting-scams", 9, success=True, response="tap")
    clock.advance(seconds=20)
    rec.completed("spotting-scams", step=13, score=1.0, success=True)
    assert queries.learner_lesson_page(store, facts, ana.id, "spotting-scams").mastered is True
    assert queries.learner_lesson_page(store, facts, ben.id, "spotting-scams").mastered is False


def test_a_lesson_without_a_rule_has_no_mastery_line(store, clock, tmp_path):
    lesson = load_lesson(lesson_with(tmp_path, ""))
    facts = LessonFacts([lesson])
    cls = store.accounts.create_class("Tuesday")
    ana = store.accounts.add_learner(cls.id, "Ana", "K").learner
    record_quiz_run(store, clock, ana, first_tries_right=True)
    page = queries.learner_lesson_page(store, facts, ana.id, "spotting-scams")
    assert page.rule is None and page.mastered is None
