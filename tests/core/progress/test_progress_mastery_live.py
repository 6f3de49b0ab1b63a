"""Mastery where it is used live: the grid's **Mastered** cells (screen, CSV and printed report
alike) and the completed statements the LRS outbox sends to a real HTTP server."""
from __future__ import annotations

import csv
import io
import json
from types import SimpleNamespace

import pytest
from test_progress_mastery import LESSONS, lesson_with, record_quiz_run
from werkzeug import Request, Response

from kiosk.lessons.loader import load_lesson
from kiosk.progress import queries
from kiosk.progress.events import Recorder
from kiosk.progress.export import csv_text, export_csv, grid_rows
from kiosk.progress.lessonfacts import LessonFacts
from kiosk.progress.outbox import LrsOutbox
from kiosk.progress.report import class_report
from kiosk.progress.summary import Status


def three_learners(store, clock, tmp_path, rule: str = '[mastery]\nrule = "all-quiz-right"'):
    """Ana (every question right first time), Ben (one wrong first), Cy (not finished) in
    spotting-scams with ``rule``; email-basics (no rule) completed by Ana."""
    facts = LessonFacts([load_lesson(lesson_with(tmp_path, rule)), load_lesson(LESSONS / "email-basics")])
    cls = store.accounts.create_class("Tuesday")
    store.accounts.assign_lessons(cls.id, ["spotting-scams", "email-basics"])
    ana, ben, cy = (store.accounts.add_learner(cls.id, n, "K").learner for n in ("Ana", "Ben", "Cy"))
    record_quiz_run(store, clock, ana, first_tries_right=True)
    record_quiz_run(store, clock, ben, first_tries_right=False)
    record_quiz_run(store, clock, cy, first_tries_right=True, complete=False)
    Recorder(store, ana.id, "pc", clock).completed("email-basics", score=1.0, success=True)
    return facts, cls, (ana, ben, cy)


def test_the_grid_marks_mastered_cells_and_counts_them(store, clock, tmp_path):
    facts, cls, (ana, ben, cy) = three_learners(store, clock, tmp_path)
    view = queries.class_page(store, facts, cls.id).view
    statuses = {(learner.first_name, cell.lesson.id): cell.status for learner, cells in view.rows
                for cell in cells}
    assert statuses[("Ana", "spotting-scams")] is Status.MASTERED
    assert statuses[("Ben", "spotting-scams")] is Status.COMPLETED
    assert statuses[("Cy", "spotting-scams")] is not Status.MASTERED
    # A lesson without a rule is never "mastered": completing it is all there is.
    assert statuses[("Ana", "email-basics")] is Status.COMPLETED
    scams, email = view.columns
    assert scams.ruled and not email.ruled
    assert (scams.totals.mastered, scams.totals.completed) == (1, 1)
    assert scams.words().startswith("1 mastered · 1 completed")
    assert "mastered" not in email.words()
    assert view.cell(0, 0).shape == "star" and view.cell(1, 0).shape == "tick"
    assert view.legend()[0] is Status.MASTERED
    page_totals = queries.class_page(store, facts, cls.id).totals[0]
    assert (page_totals.completed, page_totals.mastered) == (2, 1)


def test_csv_and_report_say_mastered_exactly_where_the_screen_does(store, clock, tmp_path):
    facts, cls, _people = three_learners(store, clock, tmp_path)
    view = queries.class_page(store, facts, cls.id).view
    path = export_csv(store, tmp_path, cls.id, facts.translated, now=clock(), facts=facts)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))[1:]
    assert [row[5] for row in rows] == [str(row[5]) for row in grid_rows(view)]
    assert ["Ana K.", "spotting-scams", "Mastered"] == [rows[0][1], rows[0][3], rows[0][5]]
    # The CLI hands over ``facts.translated`` only: its CSV says Mastered as well.
    assert csv_text([view]) == path.read_bytes().decode("utf-8-sig")
    cli = export_csv(store, tmp_path / "cli.csv", cls.id, facts.translated, now=clock())
    assert cli.read_bytes() == path.read_bytes()
    report = class_report(view, clock())
    assert report.legend[0] == "★ Mastered"
    assert report.rows[0][1][0].mark == "★" and report.rows[1][1][0].mark == "✓"
    assert report.totals[0].startswith("★ 1  ✓ 1") and not report.totals[1].startswith("★")


class Lrs:
    """Stores what it is sent, like an LRS that accepts everything."""

    def __init__(self) -> None:
        self.stored: dict[str, dict] = {}

    def __call__(self, request: Request) -> Response:
        for stmt in json.loads(request.get_data()):
            self.stored[stmt["id"]] = stmt
        return Response("[]", status=200, content_type="application/json")


def test_live_completed_statements_carry_mastery_and_the_rule(store, clock, tmp_path, httpserver):
    facts, cls, (ana, ben, cy) = three_learners(store, clock, tmp_path,
                                                '[mastery]\nrule = "m-of-n"\nm = 5\nn = 5')
    lrs = Lrs()
    httpserver.expect_request("/xapi/statements", method="POST").respond_with_handler(lrs)
    # Small batches: the answers go in earlier requests than the completion they decide.
    outbox = LrsOutbox(store, httpserver.url_for("/xapi"), batch_size=2, facts=facts)
    assert outbox.flush().ok
    completed = [s for s in lrs.stored.values() if s["verb"]["id"].endswith("/completed")]
    ext = "https://www.weho.org/kiosk/xapi/extensions/mastery-rule"
    results = {(s["actor"]["account"]["name"], s["object"]["id"].rsplit("/", 1)[1]): s["result"]
               for s in completed}
    assert results[(ana.id, "spotting-scams")]["success"] is True
    assert results[(ana.id, "spotting-scams")]["extensions"] == {ext: "m-of-n:5/5"}
    assert results[(ben.id, "spotting-scams")]["success"] is False  # ✗ among the last five
    assert results[(ben.id, "spotting-scams")]["completion"] is True
    assert "extensions" not in results[(ana.id, "email-basics")]  # no rule, nothing claimed
    assert completed[0]["object"]["definition"]["name"]["en-US"] in ("Spotting scams", "Email basics")
    # What the trainer's grid says, the LRS says.
    view = queries.class_page(store, facts, cls.id).view
    assert view.cell(0, 0).status is Status.MASTERED and view.cell(1, 0).status is Status.COMPLETED


def test_outbox_from_config_reads_the_kiosks_lessons(store, lib_cfg_like):
    outbox = LrsOutbox.from_config(store, lib_cfg_like)
    assert outbox.facts is not None and outbox.facts.mastery("spotting-scams") is not None
    assert outbox.rules["spotting-scams"] == "all-quiz-right"
    assert outbox.rules["public-wifi-safely"] == "m-of-n:4/5"


@pytest.fixture
def lib_cfg_like():
    """A config that names an LRS and the shipped lessons' folder."""
    return SimpleNamespace(
        progress=SimpleNamespace(lrs_url="http://127.0.0.1:9/xapi", lrs_username="", lrs_password=""),
        content_dir=LESSONS.parent)
