"""A journal written before notebook 08 existed opens with every answer kept and takes
the new exercises, with no migration: the answers table is generic (exercise, item,
JSON value, recorded_at, source), so new exercises are new values in the same columns.

The old journal is built here as main wrote it before this work: the layout of schema
version 2 (written out below, not taken from today's code, so that a change to the
current schema cannot make this test pass by accident) and only the exercises main had.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from leadlib.journal import open_journal
from leadlib.journal.answers import (
    CHECKINS,
    MY_BOARD,
    SELF_ASSESSMENT_ROUNDS,
    TIME_AUDIT,
    validate_answer,
)
from leadlib.journal.schema import SCHEMA_VERSION
from leadlib.models import Content

#: The journal layout as main's migrations 0->1->2 leave it (leadlib/journal/schema.py).
MAIN_LAYOUT = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    exercise TEXT NOT NULL,
    item TEXT NOT NULL,
    value TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT 'learner');
CREATE INDEX answers_by_item ON answers (exercise, item, id);
INSERT INTO meta VALUES ('schema_version', '2'), ('participant_code', 'P-OLD789');
"""
#: The exercises main knew before notebook 08.
MAIN_EXERCISES = (
    "quiz",
    "self_assessment",
    "delegation",
    "delegation_ratings",
    "balance",
    "plan",
    "vision",
    "reflection",
    "self_check",
)


def _main_answers(content: Content) -> dict[str, dict[str, Any]]:
    """One learner's answers to every exercise main had, some changed once."""
    check = content.notebooks[0].self_checks[0]
    wrong_first = [next(i for i in range(len(check.options)) if i != check.answer), check.answer]
    second = content.quiz[1]
    wrong = next(k for k in ("leadership", "management", "both") if k != second.answer)
    return {
        # An old single answer, and a list of tries (wrong, then right).
        "quiz": {content.quiz[0].id: "both", second.id: [wrong, second.answer]},
        "self_assessment": {s.id: i % 5 + 1 for i, s in enumerate(content.statements)},
        "delegation": {s.id: 4 for s in content.scenarios[:3]},
        "delegation_ratings": {content.scenarios[0].id: {"competence": "high", "risk": "low"}},
        "balance": {"situation": content.situations[0].id, "share": 55},
        "plan": {
            "focus": [content.traits[0].id],
            "actions": ["Weekly one-to-ones with each lead"],
            "target_date": "2027-03-31",
            "measure": "Two leads run the Monday meeting",
        },
        "vision": {"statement": "We fix problems before customers notice them."},
        "reflection": {content.notebooks[1].id: "I manage more than I lead."},
        "self_check": {check.id: wrong_first},
    }


def _write_old_journal(path: Path, content: Content) -> list[tuple[str, str, Any]]:
    """The journal file as main left it; returns the rows in the order written."""
    rows: list[tuple[str, str, Any]] = []
    for exercise, answers in _main_answers(content).items():
        for item, value in answers.items():
            # Each answer is valid to today's checks too (the test's own precondition).
            validate_answer(content, exercise, item, value)
            if exercise == "self_assessment" and item == content.statements[0].id:
                rows.append((exercise, item, 1))  # answered once, then changed
            rows.append((exercise, item, value))
    con = sqlite3.connect(path)
    con.executescript(MAIN_LAYOUT)
    con.executemany(
        "INSERT INTO answers (exercise, item, value, recorded_at) VALUES (?, ?, ?, ?)",
        [
            (ex, item, json.dumps(value), f"2026-10-01T09:00:{n:02d}.000000Z")
            for n, (ex, item, value) in enumerate(rows)
        ],
    )
    con.commit()
    con.close()
    return rows


def _layout(path: Path) -> list[tuple[str, str]]:
    con = sqlite3.connect(path)
    try:
        return sorted(con.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"))
    finally:
        con.close()


def test_an_old_journal_opens_keeps_every_answer_and_takes_the_new_exercises(
    leadlib_home: Path, content: Content, tmp_path: Path
) -> None:
    path = leadlib_home / "journal.sqlite3"
    rows = _write_old_journal(path, content)
    layout = _layout(path)
    assert SCHEMA_VERSION == 2, "a new schema version needs its own old-journal test"

    journal = open_journal()
    assert journal.warnings == []
    assert journal.participant_code == "P-OLD789"
    expected = _main_answers(content)
    for exercise in MAIN_EXERCISES:
        assert journal.answers(exercise) == expected[exercise], exercise
    assert len(journal.history()) == len(rows)

    board = [{"what": "Who covers the rota", "today": 2, "wanted": 4}]
    activities = [{"title": "Budget review", "hours": 2.0, "tag": "management"}]
    old_round = {"date": "2026-10-01", "answers": expected["self_assessment"]}
    journal.record(MY_BOARD, "decisions", board)
    journal.record(TIME_AUDIT, "activities", activities)
    journal.record(SELF_ASSESSMENT_ROUNDS, "1", old_round)
    journal.record(CHECKINS, "start", "2026-12-01")

    again = open_journal()
    for exercise in MAIN_EXERCISES:
        assert again.answers(exercise) == expected[exercise], exercise
    assert again.answers(TIME_AUDIT) == {"activities": activities}
    assert again.answers(SELF_ASSESSMENT_ROUNDS) == {"1": old_round}
    assert again.answers(CHECKINS) == {"start": "2026-12-01"}
    assert len(again.history()) == len(rows) + 4
    assert _layout(path) == layout, "no migration: the file's tables are as main left them"

    # And the whole of it moves to another computer through an export.
    exported = again.export(tmp_path / "move.json", include_board=True, include_time_audit=True)
    again.clear()
    again.import_file(exported)
    for exercise in ("self_assessment", "delegation", "balance"):
        assert again.answers(exercise) == expected[exercise], exercise
    assert again.answers(MY_BOARD)["decisions"][0]["what"] == "Who covers the rota"
    assert again.answers(TIME_AUDIT) == {"activities": activities}
    assert again.answers(SELF_ASSESSMENT_ROUNDS) == {"1": old_round}
