"""The journal's import with hostile files: the same reader as the team report
(leadlib.exportfile), so every hostile file is refused with its plain reason, nothing
hangs, nothing is recorded and no escape sequence reaches the message."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from leadlib.errors import LeadlibError
from leadlib.export import ExportError
from leadlib.journal import open_journal
from leadlib.models import Content
from tests.hostile_files import (
    ESC_KEY,
    NO_HANG,
    hostile_files,
    valid_doc,
    within,
    write_bom_export,
)


@pytest.fixture
def hostile(content: Content, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / "files"
    return folder, hostile_files(content, folder)


def test_each_hostile_file_is_refused_plainly_and_nothing_is_recorded(
    leadlib_home: Path, hostile: tuple[Path, dict[str, str]]
) -> None:
    folder, made = hostile
    journal = open_journal()
    for name, reason in made.items():
        with pytest.raises(ExportError) as caught:
            within(NO_HANG, lambda name=name: journal.import_file(folder / name))  # type: ignore[misc]
        error = caught.value
        assert isinstance(error, LeadlibError)
        assert any(reason in str(p) for p in error.problems), (name, error.problems)
        assert "\x1b" not in str(error) and "\x07" not in str(error)
    assert journal.history() == []


def test_an_export_with_a_byte_order_mark_is_imported(
    leadlib_home: Path, content: Content, tmp_path: Path
) -> None:
    journal = open_journal()
    report = journal.import_file(write_bom_export(content, tmp_path))
    assert report.total == len(content.statements) + len(content.scenarios) + 2


def _v3_hostile(content: Content) -> dict[str, tuple[dict[str, Any], str]]:
    """Version 3 files whose notebook 08 fields are hostile: {name: (doc, path named)}."""
    statement = content.statements[0].id

    def with_(key: str, value: Any) -> dict[str, Any]:
        return valid_doc(content) | {key: value}

    activity = {"title": "Plan", "hours": 1.0, "tag": "leadership"}
    return {
        "escape-title.json": (
            with_("time_audit", {"activities": [activity | {"title": ESC_KEY + "1:1"}]}),
            "time_audit.activities",
        ),
        "escape-supporter.json": (with_("checkins", {"supporter": ESC_KEY}), "checkins.supporter"),
        "too-many-activities.json": (
            with_("time_audit", {"activities": [activity] * 201}),
            "time_audit.activities",
        ),
        "more-than-a-week.json": (
            with_("time_audit", {"activities": [activity | {"hours": 100.0}] * 2}),
            "time_audit.activities",
        ),
        "nested-activity.json": (
            with_("time_audit", {"activities": [activity | {"title": {"a": [[["x"]]]}}]}),
            "time_audit.activities",
        ),
        "round-101.json": (
            with_("self_assessment_rounds", {"101": {"date": "2026-01-05", "answers": {}}}),
            "self_assessment_rounds.101",
        ),
        "round-bad-date.json": (
            with_(
                "self_assessment_rounds",
                {"1": {"date": "9999-99-99", "answers": {statement: 3}}},
            ),
            "self_assessment_rounds.1",
        ),
        "round-extra.json": (
            with_(
                "self_assessment_rounds",
                {"1": {"date": "2026-01-05", "answers": {statement: 3}, "raters": [1]}},
            ),
            "self_assessment_rounds.1",
        ),
        "long-supporter.json": (with_("checkins", {"supporter": "N" * 5000}), "checkins.supporter"),
        "rater-answers.json": (with_("rater_answers", {"X": 1}), "rater_answers"),
    }


def test_hostile_notebook_08_fields_are_refused_by_path_and_nothing_is_recorded(
    leadlib_home: Path, content: Content, tmp_path: Path
) -> None:
    journal = open_journal()
    for name, (doc, where) in _v3_hostile(content).items():
        path = tmp_path / name
        path.write_text(json.dumps(doc), encoding="utf-8")
        with pytest.raises(ExportError) as caught:
            within(NO_HANG, lambda path=path: journal.import_file(path))  # type: ignore[misc]
        error = caught.value
        assert [p.path for p in error.problems] == [where], (name, error.problems)
        assert "\x1b" not in str(error) and "\x07" not in str(error), name
    assert journal.history() == []
