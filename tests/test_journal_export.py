"""The export a learner sends to the facilitator, and importing it back (for example on
a new laptop): anonymous by default, validated strictly, every problem reported."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from leadlib import export as export_format
from leadlib.errors import AnswerError
from leadlib.export import ExportError
from leadlib.journal import (
    BALANCE,
    DELEGATION,
    DELEGATION_RATINGS,
    PLAN,
    QUIZ,
    REFLECTION,
    SELF_ASSESSMENT,
    VISION,
    Journal,
    JournalError,
    open_journal,
)
from leadlib.models import Content
from leadlib.scoring import score

SECRET_REFLECTION = "I avoid hard conversations with my oldest team member."
SECRET_VISION = "Our team fixes problems before customers notice them."


@pytest.fixture
def journal(leadlib_home: Path, content: Content) -> Journal:
    journal = open_journal()
    for i, statement in enumerate(content.statements):
        journal.record(SELF_ASSESSMENT, statement.id, i % 5 + 1)
    journal.record(DELEGATION, "dev_tools", 6)
    journal.record(DELEGATION, "production_outage", 2)
    journal.record(BALANCE, "situation", "startup")
    journal.record(BALANCE, "share", 65)
    journal.record(REFLECTION, "02_leadership", SECRET_REFLECTION)
    journal.record(VISION, "statement", SECRET_VISION)
    journal.record(PLAN, "focus", ["vision_casting"])
    journal.record(QUIZ, "q_rota", "management")
    return journal


def _load(path: Path) -> dict[str, object]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


# --------------------------------------------------------------------------- export


def test_the_export_is_anonymous_by_default(journal: Journal, tmp_path: Path) -> None:
    path = journal.export(tmp_path / "mine.json")
    assert path == tmp_path / "mine.json"
    doc = _load(path)
    assert doc["schema"] == "leadlib-export" and doc["version"] == 3
    assert doc["my_board"] is None
    assert doc["participant"] == journal.participant_code
    assert doc["display_name"] is None
    assert doc["reflections"] is None
    text = path.read_text(encoding="utf-8")
    assert SECRET_REFLECTION not in text
    assert SECRET_VISION not in text, "the vision and the plan stay on the learner's laptop"
    assert "q_rota" not in text


def test_the_export_holds_the_profile_delegation_and_balance(
    journal: Journal, tmp_path: Path, content: Content
) -> None:
    doc = _load(journal.export(tmp_path / "mine.json"))
    answers = journal.answers(SELF_ASSESSMENT)
    assert doc["self_assessment"] == {
        "answers": answers,
        "profile": export_format.profile_to_json(score(content, answers)),
    }
    assert doc["delegation"] == {"choices": {"dev_tools": 6, "production_outage": 2}}
    assert doc["balance"] == {"situation": "startup", "leadership_share": 65}
    parsed = export_format.parse(content, doc)
    assert parsed.profile.complete


def test_the_learners_ratings_stay_out_of_the_export(journal: Journal, tmp_path: Path) -> None:
    """The export carries delegation choices as levels (the team report reads levels
    only): the ratings judged before choosing stay in the journal."""
    ratings = {"competence": "high", "commitment": "high", "risk": "low", "urgency": "low"}
    journal.record(DELEGATION_RATINGS, "dev_tools", ratings)
    assert journal.answers(DELEGATION_RATINGS) == {"dev_tools": ratings}
    path = journal.export(tmp_path / "mine.json")
    doc = _load(path)
    assert doc["delegation"] == {"choices": {"dev_tools": 6, "production_outage": 2}}
    assert "delegation_ratings" not in path.read_text(encoding="utf-8")


def test_a_journal_with_plain_levels_only_still_reads(leadlib_home: Path) -> None:
    """A journal from before the ratings: plain levels, no ratings; both read back."""
    old = open_journal()
    old.record(DELEGATION, "dev_tools", 6)
    again = open_journal()
    assert again.answers(DELEGATION) == {"dev_tools": 6}
    assert again.answers(DELEGATION_RATINGS) == {}


def test_name_and_reflections_are_exported_only_when_the_learner_opts_in(
    journal: Journal, tmp_path: Path
) -> None:
    doc = _load(
        journal.export(tmp_path / "x.json", display_name="  Sam  ", include_reflections=True)
    )
    assert doc["display_name"] == "Sam"
    assert doc["reflections"] == {"02_leadership": SECRET_REFLECTION}
    blank = _load(journal.export(tmp_path / "y.json", display_name="   "))
    assert blank["display_name"] is None


def test_a_too_long_display_name_is_refused_plainly(journal: Journal, tmp_path: Path) -> None:
    with pytest.raises(AnswerError, match="display name is 201 characters long; use at most 200"):
        journal.export(tmp_path / "x.json", display_name="x" * 201)
    assert not (tmp_path / "x.json").exists()


def test_an_empty_journal_exports_a_valid_file(
    leadlib_home: Path, tmp_path: Path, content: Content
) -> None:
    journal = open_journal()
    journal.record(BALANCE, "situation", "startup")  # no share yet: no balance choice
    doc = _load(journal.export(tmp_path / "empty.json"))
    assert doc["self_assessment"]["answers"] == {}  # type: ignore[index]
    assert doc["delegation"] == {"choices": {}}
    assert doc["balance"] is None
    export_format.parse(content, doc)


def test_exporting_into_a_folder_names_the_file_after_the_code(
    journal: Journal, tmp_path: Path
) -> None:
    path = journal.export(tmp_path)
    assert path == tmp_path / f"leadlib-export-{journal.participant_code}.json"
    assert _load(path)["participant"] == journal.participant_code


def test_a_failed_export_leaves_the_previous_file_intact(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "mine.json"
    target.write_text("the export from yesterday")

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(JournalError) as caught:
        journal.export(target)
    assert f"Could not write the export to {target} (No space left on device)" in str(caught.value)
    assert target.read_text() == "the export from yesterday"
    assert [p.name for p in tmp_path.iterdir()] == ["mine.json"], "no temporary file is left"


def test_answers_to_items_no_longer_in_the_course_are_left_out(
    journal: Journal, tmp_path: Path
) -> None:
    con = sqlite3.connect(journal.path)
    con.execute(
        "INSERT INTO answers (exercise, item, value, recorded_at)"
        " VALUES ('delegation', 'retired_scenario', '3', '2025-01-01T00:00:00.000000Z')"
    )
    con.commit()
    con.close()
    doc = _load(journal.export(tmp_path / "x.json"))
    assert "retired_scenario" not in doc["delegation"]["choices"]  # type: ignore[index]
    assert (
        "1 saved answers refer to items that are no longer part of the course"
        in (journal.warnings[-1])
    )


# --------------------------------------------------------------------------- import


def test_an_export_restores_the_answers_on_a_new_laptop(journal: Journal, tmp_path: Path) -> None:
    path = journal.export(tmp_path / "mine.json", include_reflections=True)
    laptop = open_journal(tmp_path / "new-laptop" / "journal.sqlite3")
    report = laptop.import_file(path)
    for exercise in (SELF_ASSESSMENT, DELEGATION, BALANCE, REFLECTION):
        assert laptop.answers(exercise) == journal.answers(exercise)
    assert report.recorded[SELF_ASSESSMENT] == len(journal.answers(SELF_ASSESSMENT))
    assert report.recorded[DELEGATION] == 2 and report.recorded[BALANCE] == 2
    assert report.recorded[REFLECTION] == 1 and report.unchanged == 0
    assert report.participant == journal.participant_code
    assert laptop.participant_code != journal.participant_code
    assert {e.source for e in laptop.history()} == {"import"}
    assert report.message.startswith(f"Imported mine.json: {report.total} answers restored")


def test_importing_the_same_file_twice_changes_nothing(journal: Journal, tmp_path: Path) -> None:
    path = journal.export(tmp_path / "mine.json")
    before = len(journal.history())
    report = journal.import_file(path)
    assert report.total == 0
    assert report.unchanged == len(journal.answers(SELF_ASSESSMENT)) + 2 + 2
    assert len(journal.history()) == before
    assert "nothing changed" in report.message


def test_an_imported_answer_becomes_the_latest_and_the_old_one_stays_in_history(
    journal: Journal, tmp_path: Path
) -> None:
    path = journal.export(tmp_path / "mine.json")
    journal.record(DELEGATION, "dev_tools", 1)
    report = journal.import_file(path)
    assert report.recorded[DELEGATION] == 1
    assert journal.answers(DELEGATION)["dev_tools"] == 6
    assert [e.value for e in journal.history(DELEGATION, "dev_tools")] == [6, 1, 6]


def test_a_learner_can_take_over_the_participant_code_of_an_export(
    journal: Journal, tmp_path: Path
) -> None:
    path = journal.export(tmp_path / "mine.json")
    laptop = open_journal(tmp_path / "laptop.sqlite3")
    laptop.import_file(path, adopt_participant_code=True)
    assert laptop.participant_code == journal.participant_code


def _problems(journal: Journal, path: Path) -> tuple[str, list[str]]:
    with pytest.raises(ExportError) as caught:
        journal.import_file(path)
    return str(caught.value), [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'{"schema": "leadlib-export",', "the file is not valid JSON (line 1, column 29"),
        (b"\xff\xfe\x00garbage", "the file is not UTF-8 text (byte 0)"),
        (b"", "the file is empty (0 bytes)"),
        (b"[1, 2]", "$: expected a JSON object, found list"),
        (b'{"schema": "photos"}', "schema: expected 'leadlib-export', found 'photos'"),
        (
            b'{"schema": "leadlib-export", "version": 7}',
            "version 7 is not supported; this leadlib reads versions 1 to 3 (made by a "
            "newer leadlib: update leadlib)",
        ),
    ],
)
def test_a_malformed_file_is_reported_plainly_and_nothing_is_recorded(
    journal: Journal, tmp_path: Path, raw: bytes, expected: str
) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(raw)
    before = len(journal.history())
    message, problems = _problems(journal, path)
    assert message.startswith(f"{path}: not a valid leadlib export")
    assert any(expected in p for p in problems), problems
    assert len(journal.history()) == before


def test_a_missing_file_or_a_folder_is_reported_plainly(journal: Journal, tmp_path: Path) -> None:
    _, problems = _problems(journal, tmp_path / "nowhere.json")
    assert problems == ["$: there is no such file; check the name and the folder"]
    _, problems = _problems(journal, tmp_path)
    assert problems == ["$: this is a folder, not an export file"]


def test_every_problem_of_an_edited_export_is_listed_with_its_field(
    journal: Journal, tmp_path: Path
) -> None:
    doc = _load(journal.export(tmp_path / "mine.json", include_reflections=True))
    doc["self_assessment"]["answers"]["vc2"] = 9  # type: ignore[index]
    doc["delegation"]["choices"]["nope"] = 3  # type: ignore[index]
    doc["balance"]["leadership_share"] = 140  # type: ignore[index]
    doc["reflections"]["99_epilogue"] = "hello"  # type: ignore[index]
    doc["participant"] = "Sam"
    doc["mood"] = "happy"
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = len(journal.history())
    message, problems = _problems(journal, path)
    assert "(6 problems)" in message
    assert "self_assessment.answers.vc2: expected a whole number 1-5, found 9" in problems
    assert "delegation.choices.nope: unknown scenario id" in problems
    assert "balance.leadership_share: expected a number 0-100, found 140" in problems
    assert "participant: expected a code like 'P-7K3Q9X', found 'Sam'" in problems
    assert "mood: unknown field" in problems
    assert "reflections.99_epilogue: unknown notebook id" in problems
    assert len(journal.history()) == before


def test_a_reflection_for_an_unknown_notebook_is_refused_and_nothing_imported(
    journal: Journal, tmp_path: Path
) -> None:
    doc = _load(journal.export(tmp_path / "mine.json", include_reflections=True))
    doc["reflections"]["99_epilogue"] = "hello"  # type: ignore[index]
    doc["delegation"]["choices"]["dev_tools"] = 1  # type: ignore[index]
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    _, problems = _problems(journal, path)
    assert len(problems) == 1
    assert problems == ["reflections.99_epilogue: unknown notebook id"]
    assert journal.answers(DELEGATION)["dev_tools"] == 6, "nothing was imported"


def test_an_upload_is_imported_from_its_bytes_with_what_happened_to_each_answer(
    journal: Journal, tmp_path: Path
) -> None:
    path = journal.export(tmp_path / "mine.json")
    laptop = open_journal(tmp_path / "laptop.sqlite3")
    laptop.record(DELEGATION, "dev_tools", 1)  # differs from the file's 6
    report = laptop.import_bytes("../../Downloads/mine.json", path.read_bytes())
    assert report.source == Path("mine.json"), "only the upload's own name is kept"
    assert report.replaced[DELEGATION] == 1 and report.recorded[DELEGATION] == 2
    assert report.in_file[DELEGATION] == 2 and report.in_file[REFLECTION] == 0
    assert set(report.items[BALANCE]) == {"situation", "share"}
    assert report.version == json.loads(path.read_text())["version"] and report.notes == ()
    assert laptop.answers(DELEGATION)["dev_tools"] == 6
    again = laptop.import_bytes("mine.json", path.read_bytes())
    assert again.total == 0 and again.unchanged == sum(report.in_file.values())
    with pytest.raises(ExportError):
        laptop.import_bytes("mine.json", b"{")
