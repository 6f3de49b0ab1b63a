"""CSV and xAPI exports (files read back and checked), and ``kiosk progress export|check``."""
from __future__ import annotations

import csv
import json
import re
import uuid
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlparse

import pytest

from kiosk.progress import xapi
from kiosk.progress.events import LearningEvent, Recorder, Verb
from kiosk.progress.export import CSV_COLUMNS, export_csv, export_filename, export_xapi
from kiosk.progress.summary import LessonInfo

LESSONS = {"email-basics": LessonInfo("email-basics", "Email basics", 6),
           "video-call": LessonInfo("video-call", "Video calls", 8)}
HOME = "https://learn.example.org/kiosk"


@pytest.fixture
def classroom(store, clock):
    cls = store.accounts.create_class("Tuesday seniors")
    store.accounts.assign_lessons(cls.id, ["email-basics", "video-call"])
    maria = store.accounts.add_learner(cls.id, "María", "G").learner
    oleg = store.accounts.add_learner(cls.id, "Oleg", "K").learner
    rec = Recorder(store, maria.id, "lib-pc-3", clock)
    rec.started("email-basics")
    clock.advance(minutes=2)
    rec.progressed("email-basics", 1)
    clock.advance(minutes=1)
    rec.answered("email-basics", 2, success=False, response="Delete")
    clock.advance(minutes=1)
    rec.asked_for_help("email-basics", 2)
    clock.advance(minutes=1)
    rec.answered("email-basics", 2, success=True, response="Reply")
    clock.advance(minutes=1)
    rec.completed("email-basics", step=5, score=0.75, success=True)
    other = store.accounts.create_class("Evening")
    outsider = store.accounts.add_learner(other.id, "Ruth", "B").learner
    Recorder(store, outsider.id, "lib-pc-4", clock).started("video-call")
    return cls, maria, oleg


def test_csv_file_name_carries_class_and_time(clock):
    assert export_filename("csv", "Tuesday Seniors!", clock()).startswith("progress-tuesday-seniors-2026112")
    assert re.fullmatch(r"progress-tuesday-seniors-\d{8}T\d{4}\.csv",
                        export_filename("csv", "Tuesday Seniors!", clock()))
    assert re.fullmatch(r"xapi-all-classes-\d{8}T\d{4}\.json", export_filename("xapi", None, clock()))


def test_csv_matches_the_grid_with_numbers_and_iso_times(store, classroom, clock, tmp_path):
    cls, maria, oleg = classroom
    path = export_csv(store, tmp_path, cls.id, LESSONS, now=clock())
    assert path.parent == tmp_path and path.name.startswith("progress-tuesday-seniors-")
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [(r["Learner"], r["Lesson ID"], r["Status"]) for r in rows] == [
        ("María G.", "email-basics", "Completed"), ("María G.", "video-call", "Not started"),
        ("Oleg K.", "email-basics", "Not started"), ("Oleg K.", "video-call", "Not started")]
    done = rows[0]
    assert done["Account ID"] == maria.id and done["Class"] == "Tuesday seniors"
    assert int(done["Steps reached"]) == 6 and int(done["Steps in lesson"]) == 6
    assert float(done["Time spent (minutes)"]) == 6.0
    assert int(done["Quiz score (%)"]) == 75
    assert datetime.fromisoformat(done["Last activity"]) == clock()
    assert rows[1]["Last activity"] == "" and rows[1]["Quiz score (%)"] == ""
    assert float(rows[1]["Time spent (minutes)"]) == 0


def test_csv_of_all_classes_has_every_class(store, classroom, tmp_path, clock):
    path = export_csv(store, tmp_path / "all.csv", None, LESSONS, now=clock())
    with open(path, newline="", encoding="utf-8-sig") as fh:
        classes = {r["Class"] for r in csv.DictReader(fh)}
    assert classes == {"Tuesday seniors"}  # Evening has no lessons assigned, so no cells


# -- xAPI --------------------------------------------------------------------------------------

ADL_VERBS = {"attempted", "progressed", "answered", "completed", "asked"}


def _is_iri(value: object) -> bool:
    parsed = urlparse(str(value))
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and " " not in str(value)


def _check_language_map(value: object, where: str) -> None:
    assert isinstance(value, dict) and value, f"{where}: language map expected"
    for tag, text in value.items():
        assert re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", tag), f"{where}: bad language tag {tag}"
        assert isinstance(text, str)


def _check_activity(act: dict, where: str) -> None:
    assert act.get("objectType", "Activity") == "Activity", where
    assert _is_iri(act["id"]), f"{where}.id must be an IRI"
    if "definition" in act:
        assert _is_iri(act["definition"]["type"]), f"{where}.definition.type"
        _check_language_map(act["definition"]["name"], f"{where}.definition.name")


def validate_statement(stmt: dict) -> None:
    """Structural check of an xAPI 1.0.3 statement as this kiosk writes them."""
    assert set(stmt) <= {"id", "actor", "verb", "object", "result", "context", "timestamp"}
    assert str(uuid.UUID(stmt["id"])) == stmt["id"]
    actor = stmt["actor"]
    assert actor["objectType"] == "Agent"
    assert set(actor) == {"objectType", "account"}, "exactly one identifier: account, never mbox"
    assert _is_iri(actor["account"]["homePage"]) and actor["account"]["name"]
    verb = stmt["verb"]
    assert _is_iri(verb["id"]) and verb["id"].rsplit("/", 1)[1] in ADL_VERBS
    assert verb["id"].startswith("http://adlnet.gov/expapi/verbs/")
    _check_language_map(verb["display"], "verb.display")
    _check_activity(stmt["object"], "object")
    if "result" in stmt:
        result = stmt["result"]
        assert set(result) <= {"score", "success", "completion", "response", "duration"}
        if "score" in result:
            assert -1 <= result["score"]["scaled"] <= 1
        if "duration" in result:
            assert re.fullmatch(r"PT\d+(\.\d+)?S", result["duration"]), result["duration"]
        for key in ("success", "completion"):
            if key in result:
                assert isinstance(result[key], bool)
    context = stmt.get("context", {})
    for key in context.get("extensions", {}):
        assert _is_iri(key), "extension keys are IRIs"
    for parent in context.get("contextActivities", {}).get("parent", []):
        _check_activity(parent, "context.parent")
    when = datetime.fromisoformat(stmt["timestamp"].replace("Z", "+00:00"))
    assert when.tzinfo is not None


def test_xapi_export_holds_valid_statements_of_the_class_only(store, classroom, tmp_path, clock):
    cls, maria, _oleg = classroom
    path = export_xapi(store, tmp_path, cls.id, LESSONS, home_page=HOME, now=clock())
    assert path.name.startswith("xapi-tuesday-seniors-") and path.suffix == ".json"
    statements = json.loads(path.read_text(encoding="utf-8"))
    assert len(statements) == 6
    for stmt in statements:
        validate_statement(stmt)
        assert stmt["actor"]["account"] == {"homePage": HOME, "name": maria.id}
        assert "María" not in json.dumps(stmt, ensure_ascii=False)
    verbs = [s["verb"]["id"].rsplit("/", 1)[1] for s in statements]
    assert verbs == ["attempted", "progressed", "answered", "asked", "answered", "completed"]
    wrong, done = statements[2], statements[5]
    assert wrong["object"]["id"] == f"{HOME}/lessons/email-basics/steps/3"
    assert wrong["result"] == {"success": False, "response": "Delete", "duration": "PT60S"}
    assert wrong["context"]["contextActivities"]["parent"][0]["id"] == f"{HOME}/lessons/email-basics"
    assert done["object"]["id"] == f"{HOME}/lessons/email-basics"
    assert done["object"]["definition"]["name"] == {"en-US": "Email basics"}
    assert done["result"] == {"score": {"scaled": 0.75}, "success": True, "completion": True,
                              "duration": "PT60S"}
    assert datetime.fromisoformat(done["timestamp"]) == clock()


def test_statement_ids_are_the_event_ids_and_lesson_ids_are_escaped(clock):
    event = LearningEvent("acc", Verb.STARTED, "café & more", 0,
                          timestamp=datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc))
    stmt = xapi.statement(event, HOME + "/")
    validate_statement(stmt)
    assert stmt["id"] == event.id
    assert stmt["object"]["id"] == f"{HOME}/lessons/caf%C3%A9%20%26%20more"


# -- commands ----------------------------------------------------------------------------------

def _config(tmp_path: Path, database_url: str) -> Path:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[progress]\ndatabase_url = "{database_url}"\n'
                      f'[paths]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    return config


def test_export_command_writes_both_formats(store, classroom, database_url, tmp_path, capsys):
    from kiosk.cli import main

    config = _config(tmp_path, database_url)
    out = tmp_path / "usb"
    out.mkdir()
    assert main(["progress", "export", "--format", "csv", "--out", str(out), "--class",
                 "tuesday seniors", "--config", str(config)]) == 0
    written = Path(capsys.readouterr().out.strip())
    assert written.parent == out and written.name.startswith("progress-tuesday-seniors-")
    with open(written, newline="", encoding="utf-8-sig") as fh:
        assert len(list(csv.DictReader(fh))) == 4
    target = out / "statements.json"
    assert main(["progress", "export", "--format", "xapi", "--out", str(target),
                 "--config", str(config)]) == 0
    statements = json.loads(target.read_text(encoding="utf-8"))
    assert len(statements) == 7
    for stmt in statements:
        validate_statement(stmt)
    capsys.readouterr()
    assert main(["progress", "export", "--format", "csv", "--out", str(out), "--class", "Nope",
                 "--config", str(config)]) == 1
    assert "no class called 'Nope'" in capsys.readouterr().err


def test_check_command_passes_a_healthy_store_and_fails_a_damaged_one(tmp_path, capsys, clock):
    from kiosk.cli import main
    from kiosk.progress.store import SQLITE_FILE, open_store

    config = _config(tmp_path, "")
    assert main(["progress", "check", "--config", str(config)]) == 0
    assert "OK, new and empty (0 learning events)" in capsys.readouterr().out
    store = open_store("", data_dir=tmp_path / "data", clock=clock)
    rec = Recorder(store, "acc", "pc", clock)
    for step in range(400):
        rec.answered("quiz", step, success=True, response="z" * 600)
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    path = tmp_path / "data" / SQLITE_FILE
    data = bytearray(path.read_bytes())
    data[4096 * 6:4096 * 6 + 64] = bytes(64)
    path.write_bytes(bytes(data))
    assert main(["progress", "check", "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert SQLITE_FILE in err and "page 7" in err.lower()
    assert path.exists(), "the check reports; it does not move the file"


# -- the CSV is the screen ----------------------------------------------------------------------

def test_csv_holds_cell_by_cell_what_the_class_page_view_model_shows(store, clock, tmp_path):
    from kiosk.progress.dashboard import ClassModel
    from kiosk.progress.export import neutralise
    from kiosk.session import SignedIn
    from viewmodel_support import Runner, make_link, make_session

    cls = store.accounts.create_class("Tuesday seniors")
    store.accounts.assign_lessons(cls.id, ["email-basics", "video-call"])
    learners = [store.accounts.add_learner(cls.id, name, "K").learner
                for name in ("Ana", "Boris", "Carmen", "Dmitri")]
    for n, learner in enumerate(learners):
        rec = Recorder(store, learner.id, "lib-pc-1", clock)
        for _ in range(n):
            rec.started("email-basics")
            clock.advance(minutes=3)
            rec.answered("email-basics", 1, success=n % 2 == 0, response="x")
        if n == 1:
            rec.asked_for_help("email-basics", 1)
        if n == 3:
            rec.completed("email-basics", step=2, score=0.5, success=True)
    session = make_session()
    session.sign_in(SignedIn("trainer", "Trainer", is_trainer=True))
    link = make_link(store, session)
    model = ClassModel(Runner(), session, link)
    model.open(cls.id)
    view = model.page.view
    path = export_csv(store, tmp_path, cls.id, link.lessons().translated, now=clock())
    with open(path, newline="", encoding="utf-8-sig") as fh:
        header, *rows = list(csv.reader(fh))
    assert header == list(CSV_COLUMNS)
    screen = [(learner, cell) for learner, cells in view.rows for cell in cells]
    assert len(rows) == len(screen) == 8
    for row, (learner, cell) in zip(rows, screen):
        expected = [view.school_class.name, learner.display_name, learner.id, cell.lesson.id,
                    cell.lesson.display_title, cell.status.label(), str(cell.steps_reached),
                    str(cell.steps_total), repr(cell.minutes),
                    cell.last_activity.astimezone().isoformat(timespec="seconds")
                    if cell.last_activity else "",
                    "" if cell.score_percent is None else str(cell.score_percent)]
        assert row == [str(neutralise(v)) for v in expected]
    statuses = {row[5] for row in rows}
    assert statuses == {"Not started", "Started", "Needs help", "Completed"}


@pytest.mark.parametrize("name", ["=HYPERLINK(\"http://evil\",\"x\")", "+cmd|' /C calc'!A0",
                                  "@SUM(1+1)", "-2+3"])
def test_csv_cells_a_spreadsheet_would_run_are_shown_as_text(store, clock, tmp_path, name):
    cls = store.accounts.create_class(name)
    store.accounts.assign_lessons(cls.id, ["email-basics"])
    store.accounts.add_learner(cls.id, "-Bob", "K")
    path = export_csv(store, tmp_path, cls.id, LESSONS, now=clock())
    with open(path, newline="", encoding="utf-8-sig") as fh:
        row = list(csv.DictReader(fh))[0]
    assert row["Class"] == "'" + name
    assert row["Learner"] == "'-Bob K."
    assert int(row["Steps reached"]) == 0  # numbers stay numbers


def test_exports_are_readable_by_their_owner_only(store, classroom, tmp_path, clock):
    import stat

    cls, _maria, _oleg = classroom
    for path in (export_csv(store, tmp_path, cls.id, LESSONS, now=clock()),
                 export_xapi(store, tmp_path, cls.id, LESSONS, now=clock())):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
