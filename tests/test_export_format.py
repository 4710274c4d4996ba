"""The export file a learner sends to the facilitator: built, validated and parsed, with
every problem reported at once under its field path."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from typing import Any

import pytest

from leadlib import export as export_format
from leadlib.export import (
    RETIRED_STATEMENTS,
    SCHEMA,
    VERSION,
    ExportError,
    Problem,
    build,
    parse,
    validate,
)
from leadlib.models import Content
from leadlib.scoring import score

WHEN = datetime(2026, 11, 27, 10, 0, 0)


def _answers(content: Content) -> dict[str, int]:
    return {s.id: (2 if s.reverse else 4) for s in content.statements}


@pytest.fixture
def doc(content: Content) -> dict[str, Any]:
    """A complete, valid export, as JSON would give it back."""
    built = build(
        content,
        participant="P-7K3Q9X",
        exported_at=WHEN,
        answers=_answers(content),
        delegation={"angry_key_customer": 1, "team_offsite": 6},
        balance=("startup", 65),
    )
    return json.loads(json.dumps(built))


def _older(doc: dict[str, Any], version: int) -> dict[str, Any]:
    """``doc`` as a version 1 or 2 file holds it: the same fields without version 3's
    ("my_board", "time_audit", "self_assessment_rounds", "checkins")."""
    older = {k: v for k, v in copy.deepcopy(doc).items() if k not in export_format.BOARD_KEYS}
    older["version"] = version
    return older


def _paths(content: Content, doc: object) -> list[str]:
    return [p.path for p in validate(content, doc)]


def _problems(content: Content, doc: object) -> list[str]:
    return [str(p) for p in validate(content, doc)]


# --------------------------------------------------------------------------------------
# Building and reading back


def test_a_built_export_is_anonymous_json_that_reads_back(
    content: Content, doc: dict[str, Any]
) -> None:
    assert doc["schema"] == SCHEMA == "leadlib-export"
    assert doc["version"] == VERSION == 3
    assert doc["my_board"] is None
    assert doc["display_name"] is None and doc["reflections"] is None
    assert doc["exported_at"] == "2026-11-27T10:00:00Z"
    assert doc["self_assessment"]["profile"]["quadrant"] == "strong_both"
    assert doc["self_assessment"]["profile"]["complete"] is True
    export = parse(content, doc)
    assert export.participant == "P-7K3Q9X"
    assert export.exported_at == WHEN
    assert export.answers == _answers(content)
    assert export.profile == score(content, _answers(content))
    assert export.delegation == {"angry_key_customer": 1, "team_offsite": 6}
    assert (export.balance_situation, export.balance_share) == ("startup", 65.0)
    assert export.display_name is None and export.reflections is None


def test_a_name_and_reflections_are_included_only_when_given(content: Content) -> None:
    built = build(
        content,
        participant="P-ABC123",
        exported_at=WHEN,
        answers={},
        delegation={},
        balance=None,
        display_name="Sam",
        reflections={"00_start_here": "Listen more."},
    )
    export = parse(content, built)
    assert export.display_name == "Sam"
    assert export.reflections == {"00_start_here": "Listen more."}
    assert export.balance_situation is None and export.balance_share is None
    assert built["self_assessment"]["profile"]["complete"] is False
    assert built["self_assessment"]["profile"]["quadrant"] is None


def test_building_an_invalid_export_is_refused_before_it_is_written(content: Content) -> None:
    with pytest.raises(ExportError) as caught:
        build(
            content,
            participant="someone",
            exported_at=WHEN,
            answers={},
            delegation={"dev_tools": 9},
            balance=None,
        )
    assert [p.path for p in caught.value.problems] == [
        "participant",
        "delegation.choices.dev_tools",
    ]


def test_the_stored_profile_is_ignored_and_recomputed_from_the_answers(
    content: Content, doc: dict[str, Any]
) -> None:
    doc["self_assessment"]["profile"] = {"leadership": 100, "management": 100}
    export = parse(content, doc)
    assert export.profile.leadership == 75.0


# --------------------------------------------------------------------------------------
# What kind of file it is


def test_something_that_is_not_an_object_is_refused(content: Content) -> None:
    assert _problems(content, [1, 2]) == ["$: expected a JSON object, found list"]


def test_a_file_with_another_schema_is_not_a_leadlib_export(
    content: Content, doc: dict[str, Any]
) -> None:
    doc["schema"] = "something-else"
    assert _problems(content, doc) == [
        "schema: expected 'leadlib-export', found 'something-else': this is not a leadlib export"
    ]
    del doc["schema"]
    assert _paths(content, doc) == ["schema"]


def test_an_export_from_a_newer_leadlib_asks_for_an_update(
    content: Content, doc: dict[str, Any]
) -> None:
    doc["version"] = 4
    assert _problems(content, doc) == [
        "version: version 4 is not supported; this leadlib reads versions 1 to 3 "
        "(made by a newer leadlib: update leadlib)"
    ]


def test_an_unknown_older_version_is_refused_without_blaming_leadlib(
    content: Content, doc: dict[str, Any]
) -> None:
    doc["version"] = 0
    assert _problems(content, doc) == [
        "version: version 0 is not supported; this leadlib reads versions 1 to 3"
    ]


@pytest.mark.parametrize("version", ["1", 1.0, True, None])
def test_a_version_must_be_a_whole_number(
    content: Content, doc: dict[str, Any], version: object
) -> None:
    doc["version"] = version
    assert _problems(content, doc) == [f"version: expected a whole number, found {version!r}"]


# --------------------------------------------------------------------------------------
# Fields


def test_unknown_fields_are_reported_at_every_level(content: Content, doc: dict[str, Any]) -> None:
    doc["email"] = "sam@example.org"
    doc["self_assessment"]["notes"] = "x"
    doc["delegation"]["comment"] = "x"
    doc["balance"]["mood"] = "x"
    assert _problems(content, doc) == [
        "email: unknown field",
        "self_assessment.notes: unknown field",
        "delegation.comment: unknown field",
        "balance.mood: unknown field",
    ]


@pytest.mark.parametrize(
    "code",
    ["P-7k3q9x", "P-ABC", "X-7K3Q9X", "P-7K3Q9X-", "P-ABCDEFGHIJKLM", "P-7K3Q9X\n", 7, None],
)
def test_a_bad_participant_code_is_refused(
    content: Content, doc: dict[str, Any], code: object
) -> None:
    doc["participant"] = code
    assert _problems(content, doc) == [
        f"participant: expected a code like 'P-7K3Q9X', found {code!r}"
    ]


@pytest.mark.parametrize("stamp", ["2026-11-27 10:00:00", "2026-11-27T10:00:00", "yesterday", 0])
def test_the_export_time_must_be_utc_in_iso_form(
    content: Content, doc: dict[str, Any], stamp: object
) -> None:
    doc["exported_at"] = stamp
    assert _problems(content, doc) == [
        f"exported_at: expected a UTC time like '2026-11-27T10:00:00Z', found {stamp!r}"
    ]


def test_a_display_name_is_short_text_or_nothing(content: Content, doc: dict[str, Any]) -> None:
    doc["display_name"] = "x" * 201
    assert _problems(content, doc) == [
        "display_name: expected null or a text of at most 200 characters"
    ]
    doc["display_name"] = 42
    assert _paths(content, doc) == ["display_name"]


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        (6, "expected a whole number 1-5, found 6"),
        (0, "expected a whole number 1-5, found 0"),
        (4.0, "expected a whole number 1-5, found 4.0"),
        ("4", "expected a whole number 1-5, found '4'"),
        (True, "expected a whole number 1-5, found True"),
    ],
)
def test_an_answer_out_of_range_is_reported_under_its_statement(
    content: Content, doc: dict[str, Any], answer: object, problem: str
) -> None:
    doc["self_assessment"]["answers"]["em2"] = answer
    assert _problems(content, doc) == [f"self_assessment.answers.em2: {problem}"]


def test_an_unknown_statement_is_reported(content: Content, doc: dict[str, Any]) -> None:
    doc["self_assessment"]["answers"]["zz1"] = 3
    assert _problems(content, doc) == ["self_assessment.answers.zz1: unknown statement id"]


def test_a_version_1_export_still_reads_and_its_retired_answers_are_not_scored(
    content: Content, doc: dict[str, Any]
) -> None:
    """An export of self-assessment v1: answers to statements kept in v2 count, answers
    to the retired ones are read, left out and named in a note."""
    kept = dict(doc["self_assessment"]["answers"])
    doc = _older(doc, 1)
    doc["self_assessment"]["answers"].update({"vc1": 5, "pf4": 1})
    assert _problems(content, doc) == []
    export = parse(content, doc)
    assert export.answers == kept
    assert export.profile == score(content, kept)
    assert export.notes == (
        "2 self-assessment answers belong to statements retired in version 2 (pf4, vc1) "
        "and are not scored; the participant can answer the new statements and export "
        "again.",
    )
    assert parse(content, _older(doc, 2) | {"self_assessment": {"answers": kept}}).notes == ()


def test_only_known_retired_ids_are_excused_and_only_in_version_1(
    content: Content, doc: dict[str, Any]
) -> None:
    assert "vc1" in RETIRED_STATEMENTS
    doc["self_assessment"]["answers"]["vc1"] = 4
    assert _problems(content, doc) == ["self_assessment.answers.vc1: unknown statement id"]
    doc = _older(doc, 1)
    doc["self_assessment"]["answers"]["zz1"] = 4
    assert _problems(content, doc) == ["self_assessment.answers.zz1: unknown statement id"]
    doc["self_assessment"]["answers"]["vc1"] = 9  # a retired answer is ignored, not checked
    assert _problems(content, doc) == ["self_assessment.answers.zz1: unknown statement id"]


def test_missing_sections_are_reported(content: Content, doc: dict[str, Any]) -> None:
    del doc["self_assessment"]
    del doc["delegation"]
    assert _problems(content, doc) == [
        "self_assessment: missing, or not an object",
        "delegation: missing, or not an object",
    ]


def test_sections_of_the_wrong_shape_are_reported(content: Content, doc: dict[str, Any]) -> None:
    doc["self_assessment"] = {"answers": [], "profile": 3}
    doc["delegation"] = {"choices": None}
    doc["reflections"] = ["text"]
    assert _problems(content, doc) == [
        "self_assessment.answers: missing, or not an object",
        "self_assessment.profile: expected an object",
        "delegation.choices: missing, or not an object",
        "reflections: expected null or an object",
    ]


def test_a_delegation_choice_must_be_a_known_scenario_and_level(
    content: Content, doc: dict[str, Any]
) -> None:
    doc["delegation"]["choices"] = {"dev_tools": 8, "no_such": 3, "team_offsite": "5"}
    assert _problems(content, doc) == [
        "delegation.choices.dev_tools: expected a level 1-7, found 8",
        "delegation.choices.no_such: unknown scenario id",
        "delegation.choices.team_offsite: expected a level 1-7, found '5'",
    ]


@pytest.mark.parametrize(
    ("balance", "problems"),
    [
        (
            {"situation": "startup", "leadership_share": 101},
            ["balance.leadership_share: expected a number 0-100, found 101"],
        ),
        (
            {"situation": "garage", "leadership_share": 50},
            ["balance.situation: unknown situation 'garage'"],
        ),
        (
            {"situation": ["startup"], "leadership_share": 50},
            ["balance.situation: unknown situation ['startup']"],
        ),
        (
            {"situation": "startup"},
            ["balance.leadership_share: expected a number 0-100, found None"],
        ),
        ("startup", ["balance: expected null or an object"]),
    ],
)
def test_the_balance_choice_is_checked(
    content: Content, doc: dict[str, Any], balance: object, problems: list[str]
) -> None:
    doc["balance"] = balance
    assert _problems(content, doc) == problems


def test_a_reflection_longer_than_the_limit_is_refused(
    content: Content, doc: dict[str, Any]
) -> None:
    doc["reflections"] = {"01_two_roles": "x" * 5001, "00_start_here": "fine"}
    assert _problems(content, doc) == [
        "reflections.01_two_roles: expected a text of at most 5000 characters"
    ]


# --------------------------------------------------------------------------------------
# Every problem at once, in one readable error


def test_every_problem_is_listed_in_one_error_with_its_path(
    content: Content, doc: dict[str, Any]
) -> None:
    broken = copy.deepcopy(doc)
    broken["participant"] = "nobody"
    broken["self_assessment"]["answers"]["vc2"] = 9
    broken["delegation"]["choices"]["dev_tools"] = 0
    broken["balance"]["leadership_share"] = -5
    with pytest.raises(ExportError) as caught:
        parse(content, broken, source="exports/sam.json")
    error = caught.value
    assert error.source == "exports/sam.json"
    assert [p.path for p in error.problems] == [
        "participant",
        "self_assessment.answers.vc2",
        "delegation.choices.dev_tools",
        "balance.leadership_share",
    ]
    assert str(error) == (
        "exports/sam.json: not a valid leadlib export (4 problems):\n"
        "  - participant: expected a code like 'P-7K3Q9X', found 'nobody'\n"
        "  - self_assessment.answers.vc2: expected a whole number 1-5, found 9\n"
        "  - delegation.choices.dev_tools: expected a level 1-7, found 0\n"
        "  - balance.leadership_share: expected a number 0-100, found -5"
    )
    assert isinstance(error, ValueError)


def test_one_problem_is_announced_in_the_singular() -> None:
    error = ExportError([Problem("version", "too new")])
    assert str(error) == "not a valid leadlib export (1 problem):\n  - version: too new"


def test_a_valid_export_has_no_problems(content: Content, doc: dict[str, Any]) -> None:
    assert validate(content, doc) == []


def test_the_demo_marker_is_optional_true_or_false_and_absent_from_real_exports(
    content: Content, doc: dict[str, Any]
) -> None:
    assert "demo" not in doc  # a real export never carries it
    assert parse(content, doc).demo is False
    marked = build(
        content,
        participant="P-DEMO01",
        exported_at=WHEN,
        answers=_answers(content),
        delegation={},
        balance=None,
        demo=True,
    )
    assert marked["demo"] is True
    assert validate(content, marked) == []
    assert parse(content, marked).demo is True
    assert validate(content, {**doc, "demo": False}) == []
    for wrong in ("yes", 1, None):
        problems = validate(content, {**doc, "demo": wrong})
        assert [p.path for p in problems] == ["demo"]
        assert "expected true or false" in problems[0].message
