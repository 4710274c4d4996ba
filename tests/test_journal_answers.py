"""The journal's answer checks (leadlib.journal.answers) on their own: pure functions,
usable without SQLite, that turn a valid answer into the form the journal stores and
refuse anything else with a plain message."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from leadlib.errors import AnswerError
from leadlib.journal import answers
from leadlib.journal.answers import (
    BALANCE,
    DELEGATION,
    DELEGATION_RATINGS,
    EXERCISES,
    MAX_ACTIONS,
    MAX_TEXT,
    PLAN,
    QUIZ,
    REFLECTION,
    SELF_ASSESSMENT,
    SELF_CHECK,
    VISION,
    check_exercise,
    validate_answer,
)
from leadlib.models import Content

ROOT = Path(__file__).resolve().parents[1]
#: The journal's modules that must work without SQLite.
PURE_MODULES = ("answers", "errors", "paths", "exchange")


def _loaded_after(statement: str) -> dict[str, object]:
    """Run ``statement`` in a fresh interpreter; it sets ``result``. Returns that result
    and whether sqlite3 had been imported by then."""
    code = (
        "import json, sys\n"
        f"{statement}\n"
        "print(json.dumps({'result': result, 'sqlite3': 'sqlite3' in sys.modules}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_the_answer_checks_work_without_sqlite() -> None:
    statement = (
        "import leadlib\n"
        f"from leadlib.journal import {', '.join(PURE_MODULES)}\n"
        "from leadlib.journal.answers import validate_answer\n"
        "c = leadlib.load_content()\n"
        "result = validate_answer(c, 'plan', 'focus', (c.traits[0].id,))"
    )
    seen = _loaded_after(statement)
    assert seen["sqlite3"] is False
    assert isinstance(seen["result"], list) and len(seen["result"]) == 1


def test_the_package_loads_sqlite_only_when_the_store_is_used() -> None:
    before = _loaded_after("import leadlib.journal\nresult = leadlib.journal.QUIZ")
    assert before == {"result": "quiz", "sqlite3": False}
    after = _loaded_after("import leadlib.journal\nresult = leadlib.journal.Journal.__name__")
    assert after == {"result": "Journal", "sqlite3": True}


@pytest.mark.parametrize("module", PURE_MODULES)
def test_the_pure_journal_modules_never_import_sqlite(module: str) -> None:
    # Also catches an import inside a function, which the subprocess test would miss.
    path = ROOT / "leadlib" / "journal" / f"{module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    names |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {n for n in names if n.split(".")[0] == "sqlite3"}
    docstring = " ".join((ast.get_docstring(tree) or "").lower().split())
    assert "must not import sqlite3" in docstring


def test_unknown_names_on_the_package_are_an_attribute_error() -> None:
    import leadlib.journal

    with pytest.raises(AttributeError, match="has no attribute 'Jornal'"):
        _ = leadlib.journal.Jornal  # type: ignore[attr-defined]


def test_the_package_reads_the_busy_timeout_in_effect(monkeypatch: pytest.MonkeyPatch) -> None:
    import leadlib.journal
    from leadlib.journal import schema

    monkeypatch.setattr(schema, "BUSY_TIMEOUT", 3.5)
    assert leadlib.journal.BUSY_TIMEOUT == 3.5


def test_every_exercise_is_known_and_others_are_refused() -> None:
    for exercise in EXERCISES:
        check_exercise(exercise)
    with pytest.raises(AnswerError, match="Unknown exercise 'quizz': the journal keeps"):
        check_exercise("quizz")


def test_valid_answers_come_back_in_the_stored_form(content: Content) -> None:
    trait_ids = [t.id for t in content.traits]
    notebook = content.notebooks[1]
    question = notebook.self_checks[0]
    last_option = len(question.options) - 1
    quiz_item = content.quiz[0]
    assert validate_answer(content, QUIZ, quiz_item.id, quiz_item.answer) == quiz_item.answer
    assert validate_answer(content, SELF_ASSESSMENT, content.statements[0].id, 5) == 5
    top = len(content.levels)
    assert validate_answer(content, DELEGATION, content.scenarios[0].id, top) == top
    situation = content.situations[0].id
    assert validate_answer(content, BALANCE, "situation", situation) == situation
    assert validate_answer(content, BALANCE, "share", 62.5) == 62.5
    focus = validate_answer(content, PLAN, "focus", tuple(trait_ids[:3]))
    assert focus == trait_ids[:3] and isinstance(focus, list)
    actions = validate_answer(content, PLAN, "actions", ("a",) * MAX_ACTIONS)
    assert actions == ["a"] * MAX_ACTIONS
    assert validate_answer(content, PLAN, "target_date", "2028-02-29") == "2028-02-29"
    assert validate_answer(content, PLAN, "measure", "") == ""
    assert validate_answer(content, VISION, "statement", "x" * MAX_TEXT) == "x" * MAX_TEXT
    assert validate_answer(content, REFLECTION, notebook.id, "Ünïcode 🚀") == "Ünïcode 🚀"
    tries = (last_option, question.answer)
    assert validate_answer(content, SELF_CHECK, question.id, tries) == list(tries)
    assert validate_answer(content, QUIZ, quiz_item.id, (quiz_item.answer,)) == [quiz_item.answer]
    ratings = {c.id: "yes" for c in content.vision.criteria}
    assert validate_answer(content, VISION, "ratings", ratings) == ratings
    assert validate_answer(content, VISION, "rewrite", "Better.") == "Better."


@pytest.mark.parametrize(
    ("exercise", "item", "value", "message"),
    [
        (QUIZ, "", "both", "Exercise 'quiz': the item must be a non-empty id, found ''"),
        (VISION, 7, "x", "Exercise 'vision': the item must be a non-empty id, found 7"),
        (PLAN, "target_date", "2026-3-31", "expected a date written YYYY-MM-DD"),
        (PLAN, "target_date", 20260331, "expected a date written YYYY-MM-DD"),
        (PLAN, "actions", "one long action", "Plan actions: expected a list of texts"),
        (PLAN, "budget", 10, "The plan saves 'focus', 'actions', 'target_date' and 'measure'"),
        (PLAN, "measure", None, "Plan measure of success: expected a text, found NoneType"),
        (REFLECTION, "01_two_roles", b"bytes", "Reflection for 01_two_roles: expected a text"),
        (SELF_CHECK, "s01_complexity", [True], "each try must be an option's position"),
        (SELF_CHECK, "s01_complexity", [-1], "each try must be an option's position"),
        (SELF_CHECK, "s01_complexity", "0", "expected the list of tries"),
        (VISION, "ratings", ["whom"], "Vision ratings: expected criterion -> rating pairs"),
    ],
)
def test_a_bad_answer_is_refused_with_a_plain_message(
    content: Content, exercise: str, item: object, value: object, message: str
) -> None:
    with pytest.raises(AnswerError) as caught:
        validate_answer(content, exercise, item, value)
    assert message in str(caught.value)


def test_a_learners_ratings_are_stored_as_plain_words(content: Content) -> None:
    scenario = content.scenarios[0].id
    full = {"urgency": "high", "competence": "low", "risk": "medium", "commitment": "high"}
    assert validate_answer(content, DELEGATION_RATINGS, scenario, full) == {
        "competence": "low",
        "commitment": "high",
        "risk": "medium",
        "urgency": "high",
    }
    # rated one at a time: a part of the four is kept too
    assert validate_answer(content, DELEGATION_RATINGS, scenario, {"risk": "low"}) == {
        "risk": "low"
    }


@pytest.mark.parametrize(
    ("item", "value", "message"),
    [
        ("no_such_scenario", {"risk": "low"}, "Unknown delegation scenario 'no_such_scenario'"),
        ("angry_key_customer", 3, "Scenario 'angry_key_customer': Ratings must map competence"),
        ("angry_key_customer", {"risk": "huge"}, "risk must be one of low, medium, high"),
        ("angry_key_customer", {"mood": "low"}, "Unknown factor 'mood'"),
    ],
)
def test_bad_ratings_are_refused_with_the_scenario_named(
    content: Content, item: str, value: object, message: str
) -> None:
    with pytest.raises(AnswerError) as caught:
        validate_answer(content, DELEGATION_RATINGS, item, value)
    assert message in str(caught.value)


def test_a_delegation_answer_stays_a_plain_level(content: Content) -> None:
    """Old journals and the export file hold a level 1-7 per scenario; the ratings live
    under their own exercise id, so a structured value is no delegation answer."""
    scenario = content.scenarios[0].id
    with pytest.raises(AnswerError, match="the delegation level must be a whole number"):
        validate_answer(content, DELEGATION, scenario, {"level": 3})


def test_the_longest_text_is_the_export_formats() -> None:
    from leadlib import export

    assert answers.MAX_TEXT == export.MAX_TEXT
