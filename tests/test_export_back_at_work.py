"""Notebook 08's exercises in the export (version 3): the time audit, the
self-assessment's earlier rounds and the check-ins go out and come back, so a learner
moving laptops loses nothing; what names people goes out only when the learner ticks it;
the others' view never goes out; older files still read."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from leadlib.cli import main
from leadlib.export import ExportError, TimeAudit, build, parse, validate
from leadlib.journal import open_journal
from leadlib.journal.answers import (
    CHECKINS,
    OTHERS_VIEW,
    RATER_ANSWERS,
    RATER_PACK,
    SELF_ASSESSMENT,
    SELF_ASSESSMENT_ROUNDS,
    TIME_AUDIT,
)
from leadlib.models import Content
from leadlib.time_audit import parse_activities

ACTIVITIES = [
    {"title": "Weekly 1:1 Priya", "hours": 1.0, "tag": "leadership"},
    {"title": "Budget review", "hours": 2.5, "tag": "management"},
    {"title": "Stand-ups", "hours": 2.5, "count": 5, "tag": "both"},
    {"title": "Travel", "hours": 3.0, "tag": None},
]
SUPPORTER = "Margarethe Okonkwo-Lind"
PACK = "R-7K3Q9XW2MD"
RESPONSE = "ABCDEFGH23456789"


def _round(content: Content, value: int) -> dict[str, Any]:
    return {"date": "2026-09-01", "answers": {s.id: value for s in content.statements[:8]}}


def _doc(content: Content, **kwargs: Any) -> dict[str, Any]:
    built = build(
        content,
        participant="P-7K3Q9X",
        exported_at=datetime(2026, 12, 2, 9, 0, 0),
        answers={},
        delegation={"team_offsite": 6},
        balance=None,
        **kwargs,
    )
    return json.loads(json.dumps(built))


def _full(content: Content) -> dict[str, Any]:
    return _doc(
        content,
        time_audit=TimeAudit(
            week=datetime(2026, 11, 23).date(), activities=tuple(parse_activities(ACTIVITIES))
        ),
        rounds={"1": _round(content, 2), "2": _round(content, 4)},
        checkins={"start": "2026-12-01", "supporter": SUPPORTER},
    )


# -- the format ------------------------------------------------------------------------


def test_the_new_fields_go_out_and_read_back(content: Content) -> None:
    doc = _full(content)
    assert doc["time_audit"]["week"] == "2026-11-23"
    assert doc["time_audit"]["activities"][2] == {
        "title": "Stand-ups",
        "hours": 2.5,
        "count": 5,
        "tag": "both",
    }
    assert doc["checkins"] == {"start": "2026-12-01", "supporter": SUPPORTER}
    export = parse(content, doc)
    assert export.time_audit is not None
    assert export.time_audit.activities == tuple(parse_activities(ACTIVITIES))
    assert export.rounds == {"1": _round(content, 2), "2": _round(content, 4)}
    assert export.checkins == {"start": "2026-12-01", "supporter": SUPPORTER}


def test_without_them_the_fields_are_empty(content: Content) -> None:
    doc = _doc(content)
    assert doc["time_audit"] is None and doc["checkins"] is None
    assert doc["self_assessment_rounds"] == {}
    export = parse(content, doc)
    assert export.time_audit is None and export.checkins is None and export.rounds == {}


def test_a_version_3_file_from_before_these_fields_still_reads(content: Content) -> None:
    """This branch's first version 3 carried my_board only."""
    doc = _full(content)
    for key in ("time_audit", "self_assessment_rounds", "checkins"):
        del doc[key]
    export = parse(content, doc)
    assert export.time_audit is None and export.rounds == {} and export.checkins is None


@pytest.mark.parametrize("version", [1, 2])
def test_in_a_version_1_or_2_file_the_new_fields_are_unknown(
    content: Content, version: int
) -> None:
    doc = _full(content) | {"version": version}
    del doc["my_board"]
    assert [str(p) for p in validate(content, doc)] == [
        "checkins: unknown field",
        "self_assessment_rounds: unknown field",
        "time_audit: unknown field",
    ]
    for key in ("time_audit", "self_assessment_rounds", "checkins"):
        del doc[key]
    assert parse(content, doc).rounds == {}


def test_each_bad_field_is_named_by_its_path(content: Content) -> None:
    doc = _full(content)
    doc["time_audit"]["activities"][1]["hours"] = 500
    doc["time_audit"]["week"] = "last week"
    doc["time_audit"]["calendar"] = "BEGIN:VCALENDAR"
    doc["self_assessment_rounds"]["2"]["answers"]["nope"] = 3
    doc["self_assessment_rounds"]["0"] = _round(content, 3)
    doc["checkins"]["supporter"] = "  "
    doc["checkins"]["start"] = "2026-02-30"
    doc["checkins"]["phone"] = "+44 20 7946 0000"
    paths = [p.path for p in validate(content, doc)]
    assert paths == [
        "time_audit.calendar",
        "time_audit.week",
        "time_audit.activities",
        "self_assessment_rounds.2",
        "self_assessment_rounds.0",
        "checkins.phone",
        "checkins.start",
        "checkins.supporter",
    ]
    problems = {p.path: p.message for p in validate(content, doc)}
    assert "Activity 2: 500 hours is not possible in one week" in problems["time_audit.activities"]
    assert "numbered 1 to 100" in problems["self_assessment_rounds.0"]
    assert "name the person who will support you" in problems["checkins.supporter"]


@pytest.mark.parametrize(
    ("key", "value"),
    [("time_audit", []), ("self_assessment_rounds", ["1"]), ("checkins", "Priya")],
)
def test_a_field_of_the_wrong_kind_is_refused(content: Content, key: str, value: Any) -> None:
    doc = _full(content) | {key: value}
    assert [str(p) for p in validate(content, doc)] == [f"{key}: expected null or an object"]


# -- the journal: out, and back on another computer -------------------------------------


def _learner(content: Content) -> Any:
    journal = open_journal()
    for statement in content.statements:
        journal.record(SELF_ASSESSMENT, statement.id, 3)
    journal.record(TIME_AUDIT, "activities", ACTIVITIES)
    journal.record(TIME_AUDIT, "week", "2026-11-23")
    journal.record(SELF_ASSESSMENT_ROUNDS, "1", _round(content, 2))
    journal.record(SELF_ASSESSMENT_ROUNDS, "2", _round(content, 4))
    journal.record(CHECKINS, "supporter", SUPPORTER)
    journal.record(CHECKINS, "start", "2026-12-01")
    journal.record(RATER_PACK, "pack", {"id": PACK, "first_name": "Sam"})
    answers = {s.id: 4 for s in content.statements}
    journal.record(
        RATER_ANSWERS, RESPONSE, {"pack": PACK, "date": "2026-12-01", "answers": answers}
    )
    return journal


def test_an_anonymous_export_leaves_out_titles_and_the_supporters_name(
    content: Content, tmp_path: Path
) -> None:
    journal = _learner(content)
    path = journal.export(tmp_path / "plain.json")
    text = path.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert doc["time_audit"] is None
    assert doc["checkins"] == {"start": "2026-12-01"}
    assert set(doc["self_assessment_rounds"]) == {"1", "2"}
    for secret in ("Priya", SUPPORTER, PACK, RESPONSE, "Sam"):
        assert secret not in text


def test_a_learner_moving_laptops_loses_none_of_it(content: Content, tmp_path: Path) -> None:
    journal = _learner(content)
    path = journal.export(
        tmp_path / "all.json",
        include_board=True,
        include_time_audit=True,
        include_supporter=True,
        include_reflections=True,
    )
    text = path.read_text(encoding="utf-8")
    assert PACK not in text and RESPONSE not in text, "rater answers never leave the journal"
    before = {ex: journal.answers(ex) for ex in (TIME_AUDIT, SELF_ASSESSMENT_ROUNDS, CHECKINS)}
    journal.clear()
    report = journal.import_file(path)
    assert report.recorded[TIME_AUDIT] == 2
    assert report.recorded[SELF_ASSESSMENT_ROUNDS] == 2
    assert report.recorded[CHECKINS] == 2
    assert "2 time audit" in report.message and "2 check-ins" in report.message
    assert {ex: journal.answers(ex) for ex in before} == before
    assert journal.answers(RATER_PACK) == {} and journal.answers(RATER_ANSWERS) == {}
    assert journal.answers(OTHERS_VIEW) == {}
    assert journal.import_file(path).total == 0  # the same file again: nothing new


def test_an_import_with_a_bad_round_records_nothing(content: Content, tmp_path: Path) -> None:
    journal = open_journal()
    doc = _full(content)
    doc["self_assessment_rounds"]["2"]["answers"][content.statements[0].id] = 9
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ExportError, match=r"self_assessment_rounds\.2: Self-assessment round 2"):
        journal.import_file(path)
    assert journal.history() == []


def test_a_round_with_a_statement_no_longer_in_the_course_keeps_its_other_answers(
    content: Content,
) -> None:
    """A round saved before a statement left the course: the export keeps the rest, and
    leaves out (with a warning) a round that held only retired statements."""
    gone = content.statements[0].id
    journal = open_journal()
    journal.record(SELF_ASSESSMENT_ROUNDS, "1", _round(content, 2))
    journal.record(SELF_ASSESSMENT_ROUNDS, "2", {"date": "2026-10-01", "answers": {gone: 5}})
    # A fresh index: replace() would otherwise share (and rewrite) the session's.
    later = dataclasses.replace(content, statements=content.statements[1:], _index={})
    reopened = open_journal(content=later)
    doc = reopened.export_document()
    kept = _round(content, 2)
    del kept["answers"][gone]
    assert doc["self_assessment_rounds"] == {"1": kept}
    assert any("round 2 no longer matches" in w for w in reopened.warnings)


def test_the_team_report_shows_no_title_and_no_supporter(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(4):
        doc = _full(content)
        doc["participant"] = f"P-WEEKS{n}"
        (folder / f"p{n}.json").write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "report.html"
    assert main(["team-report", str(folder), "--out", str(out), "--no-charts"]) == 0
    assert "4 participants from 4 files; 0 skipped" in capsys.readouterr().err
    html = out.read_text(encoding="utf-8")
    for secret in ("Priya", "Budget review", SUPPORTER, "2026-11-23"):
        assert secret not in html
