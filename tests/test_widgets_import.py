"""The export panel's "Bring your answers from another computer", driven as a learner
would: choose the export file (a browser upload or a typed path), click Import, and read
what was restored, what was left and why. Hostile files record nothing; a double click
imports once; several files are imported oldest export first."""

from __future__ import annotations

import datetime as dt
import json
from html import escape
from pathlib import Path
from typing import Any

import pytest

from leadlib import widgets as ex
from leadlib.export import VERSION
from leadlib.exportfile import MAX_EXPORT_BYTES
from leadlib.journal import Journal, open_journal
from leadlib.journal.exchange import EXCHANGED
from leadlib.models import Content
from leadlib.widgets.import_panel import ImportSection
from tests.hostile_files import ESC_NAME, valid_doc


def upload(section: ImportSection, files: dict[str, bytes]) -> None:
    """Choose ``files`` in the FileUpload, as the browser sends them."""
    section.upload.value = tuple(
        {
            "name": name,
            "type": "application/json",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": dt.datetime(2026, 12, 2, tzinfo=dt.timezone.utc),
        }
        for name, data in files.items()
    )


def as_bytes(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, indent=2).encode()


def section() -> ImportSection:
    panel = ex.export_answers()
    assert panel.import_section in panel.children
    return panel.import_section  # type: ignore[no-any-return]


# -- a good file ---------------------------------------------------------------------------


def test_a_good_file_is_restored_and_reported_per_part(content: Content) -> None:
    imports = section()
    upload(imports, {"leadlib-export-P-GOOD01.json": as_bytes(valid_doc(content))})
    imports.import_button.click()
    journal = open_journal()
    assert journal.answers("self_assessment") == {s.id: 4 for s in content.statements}
    assert journal.answers("balance") == {"situation": "growth", "share": 50}
    assert imports.message_kind == "ok", imports.message_text
    total = len(content.statements) + len(content.scenarios) + 2
    assert imports.message_text.startswith(f"{total} answers restored from your other computer.")
    shown = imports.result.value
    assert (
        "leadlib-export-P-GOOD01.json (exported 2026-03-02 09:00 UTC, participant P-GOOD01)"
        in shown
    )
    assert f"Self-assessment (notebooks 02-03): {len(content.statements)} answers restored" in shown
    assert (
        "Reflections: not in this file (&#x27;Include my reflections&#x27; was not ticked" in shown
    )
    assert "what this computer holds is kept" in shown
    assert imports.upload.value == (), "the upload is emptied once imported"


def test_the_code_shown_follows_the_participant_code_taken_from_the_file(
    content: Content,
) -> None:
    panel = ex.export_answers()
    assert "P-GOOD01" not in panel.code.value
    upload(panel.import_section, {"mine.json": as_bytes(valid_doc(content))})
    panel.import_section.import_button.click()
    assert open_journal().participant_code == "P-GOOD01"
    assert "<strong>P-GOOD01</strong>" in panel.code.value
    assert "now uses your participant code P-GOOD01" in panel.import_section.message_text


def test_unticking_keeps_this_computers_participant_code(content: Content) -> None:
    imports = section()
    code = open_journal().participant_code
    imports.adopt_code.value = False
    upload(imports, {"mine.json": as_bytes(valid_doc(content))})
    imports.import_button.click()
    assert open_journal().participant_code == code
    assert "participant code" not in imports.message_text


def test_a_file_from_before_notebook_08_says_why_its_parts_are_missing(
    content: Content,
) -> None:
    doc = valid_doc(content) | {"version": 2}
    for key in ("my_board", "time_audit", "self_assessment_rounds", "checkins"):
        del doc[key]
    imports = section()
    upload(imports, {"old.json": as_bytes(doc)})
    imports.import_button.click()
    assert imports.message_kind == "ok", imports.message_text
    shown = imports.result.value
    assert shown.count("this file was made by an older leadlib, before notebook 08") == 4
    assert "Balance exercise (notebook 05): 2 answers restored." in shown


def test_a_typed_path_is_imported_and_a_missing_one_is_said(
    content: Content, tmp_path: Path
) -> None:
    imports = section()
    imports.path.value = str(tmp_path / "nowhere.json")
    imports.import_button.click()
    assert imports.message_kind == "problem"
    assert "nowhere.json: not imported, nothing from it was recorded" in imports.result.value
    assert "there is no such file" in imports.result.value
    path = tmp_path / "mine.json"
    path.write_bytes(as_bytes(valid_doc(content)))
    imports.path.value = str(path)
    imports.import_chosen()  # the same action, not a click half a second after the last
    assert imports.message_kind == "ok", imports.message_text
    assert open_journal().answers("delegation") == {
        s.id: s.recommended_band[0] for s in content.scenarios
    }
    assert imports.path.value == ""


def test_nothing_chosen_is_said_and_nothing_changes() -> None:
    imports = section()
    assert imports.import_chosen() == []
    assert imports.message_kind == "problem"
    assert "Choose your export file first" in imports.message_text
    assert open_journal().history() == []


# -- the learner's own export, on another computer ----------------------------------------


def _answer_everything(content: Content) -> Journal:
    """A journal with an answer in every part an export can carry."""
    journal = open_journal()
    for statement in content.statements:
        journal.record("self_assessment", statement.id, 3)
    for scenario in content.scenarios:
        journal.record("delegation", scenario.id, scenario.recommended_band[0])
    journal.record("balance", "situation", content.situations[0].id)
    journal.record("balance", "share", 60)
    journal.record("reflection", content.notebooks[1].id, "Less firefighting, more direction.")
    journal.record("my_board", "decisions", [{"what": "Who covers the rota", "today": 2}])
    activities = [{"title": "1:1 Priya", "hours": 1.0, "tag": "leadership", "count": 1}]
    journal.record("time_audit", "activities", activities)
    journal.record("time_audit", "week", "2026-11-23")
    answers = {s.id: 2 for s in content.statements}
    journal.record("self_assessment_rounds", "1", {"date": "2026-09-01", "answers": answers})
    journal.record("checkins", "supporter", "Margarethe")
    journal.record("checkins", "start", "2026-12-01")
    journal.record("quiz", content.quiz[0].id, "both")
    return journal


def test_the_learners_own_export_moves_every_exported_part_to_another_computer(
    content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADLIB_HOME", str(tmp_path / "old-laptop"))
    old = _answer_everything(content)
    panel = ex.export_answers()
    for box in (
        panel.share_name,
        panel.share_reflections,
        panel.share_board,
        panel.share_time_audit,
        panel.share_supporter,
    ):
        box.value = True
    panel.display_name.value = "Ana"
    exported = panel.export()
    assert exported is not None
    before = {exercise: old.answers(exercise) for exercise in EXCHANGED}
    assert all(before.values()), "every exported part holds an answer"

    monkeypatch.setenv("LEADLIB_HOME", str(tmp_path / "new-laptop"))
    new_panel = ex.export_answers()
    assert open_journal().history() == [], "a fresh journal on the new computer"
    imports = new_panel.import_section
    upload(imports, {exported.name: exported.read_bytes()})
    imports.import_button.click()
    new = open_journal()
    assert new.path != old.path
    for exercise in EXCHANGED:
        assert new.answers(exercise) == before[exercise], exercise
    assert new.participant_code == old.participant_code
    assert new.answers("quiz") == {}, "an export does not carry the quiz: the section says so"
    assert "does not carry the quiz" in imports.children[1].value
    assert imports.message_kind == "ok", imports.message_text
    assert "not in this file" not in imports.result.value, "every part was in the file"


def test_what_is_saved_here_is_never_lost_and_the_rule_is_said(
    content: Content, tmp_path: Path
) -> None:
    journal = open_journal()
    scenario = content.scenarios[0]
    other_level = 7 if scenario.recommended_band[0] != 7 else 1
    journal.record("delegation", scenario.id, other_level)
    journal.record("reflection", content.notebooks[1].id, "Written on this computer.")
    imports = section()
    upload(imports, {"mine.json": as_bytes(valid_doc(content))})
    imports.import_button.click()
    answers = open_journal().answers("delegation")
    assert answers[scenario.id] == scenario.recommended_band[0], "the file's answer is shown"
    history = [e.value for e in open_journal().history("delegation", scenario.id)]
    assert history == [other_level, scenario.recommended_band[0]], "this computer's stays"
    assert open_journal().answers("reflection") == {
        content.notebooks[1].id: "Written on this computer."
    }, "what the file does not hold is kept"
    assert "1 took the place of a different answer saved here" in imports.message_text
    shown = imports.result.value
    assert "1 of them in place of a different answer on this computer" in shown
    assert "stays in your journal&#x27;s history" in shown


def test_importing_the_same_file_again_changes_nothing_and_says_so(content: Content) -> None:
    imports = section()
    data = as_bytes(valid_doc(content))
    upload(imports, {"mine.json": data})
    imports.import_chosen()
    rows = len(open_journal().history())
    upload(imports, {"mine.json": data})
    imports.import_chosen()
    assert len(open_journal().history()) == rows
    assert imports.message_text.startswith("Your journal here already held every answer")
    assert "already the same here" in imports.result.value


# -- hostile and foreign files ---------------------------------------------------------------


def _hostile(content: Content) -> dict[str, tuple[bytes, str]]:
    """{file name: (bytes, what the report says)}."""
    newer = valid_doc(content) | {"version": VERSION + 1}
    foreign = valid_doc(content)
    foreign["self_assessment"]["answers"] = {"courage_1": 4, "courage_2": 5}
    foreign["delegation"]["choices"] = {"zoo_keeper": 3}
    return {
        "too-big.json": (b" " * (MAX_EXPORT_BYTES + 1), "the file is too large for an export"),
        "schema.json": (
            as_bytes(valid_doc(content) | {"schema": "other-course-export"}),
            'this is not a leadlib export file (its "schema" field is not "leadlib-export")',
        ),
        "broken.json": (as_bytes(valid_doc(content))[:-20], "the file is not valid JSON"),
        "newer.json": (
            as_bytes(newer),
            f"it was made by a newer leadlib (export version {VERSION + 1}; the leadlib on "
            f"this computer reads versions 1 to {VERSION}). Ask the facilitator to update",
        ),
        "version-0.json": (
            as_bytes(valid_doc(content) | {"version": 0}),
            "its export version (0) is not one this leadlib reads",
        ),
        "foreign.json": (
            as_bytes(foreign),
            "it seems to come from another course (or another edition of this one, or it "
            "was edited): 3 of its answers name items this course does not have "
            "(courage_1, courage_2, zoo_keeper)",
        ),
        "list.json": (b"[1, 2]", "expected a JSON object, found list"),
        ESC_NAME: (b"{", "the file is not valid JSON"),
    }


def test_each_hostile_or_foreign_file_is_refused_plainly_and_records_nothing(
    content: Content,
) -> None:
    imports = section()
    code = open_journal().participant_code
    for name, (data, said) in _hostile(content).items():
        upload(imports, {name: data})
        assert imports.import_chosen() == []
        assert imports.message_kind == "problem", name
        assert imports.message_text == "Nothing was imported: see why below."
        shown = imports.result.value
        assert "not imported, nothing from it was recorded" in shown, name
        assert escape(said) in shown, (name, shown)
        assert "\x1b" not in shown and "\x07" not in shown
        assert open_journal().history() == [], name
        assert open_journal().participant_code == code


# -- clicks and several files -----------------------------------------------------------------


def test_a_double_click_imports_once(content: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = Journal.import_incoming

    def counted(self: Journal, incoming: Any, **kwargs: Any) -> Any:
        calls.append(incoming.source.name)
        return real(self, incoming, **kwargs)

    monkeypatch.setattr(Journal, "import_incoming", counted)
    imports = section()
    upload(imports, {"mine.json": as_bytes(valid_doc(content))})
    imports.import_button.click()
    report = imports.result.value
    imports.import_button.click()  # the second half of a double click
    assert calls == ["mine.json"]
    assert imports.message_kind == "ok", "the second click did not replace the report"
    assert imports.result.value == report
    # Without the guard, that second click would have found no file chosen:
    imports.import_chosen()
    assert "Choose your export file first" in imports.message_text


def test_several_files_are_imported_oldest_first_and_a_bad_one_is_named(
    content: Content,
) -> None:
    statement = content.statements[0].id
    older = valid_doc(content) | {"exported_at": "2026-11-01T09:00:00Z"}
    older["self_assessment"]["answers"] = dict(
        older["self_assessment"]["answers"], **{statement: 1}
    )
    newer = valid_doc(content) | {"exported_at": "2026-11-20T09:00:00Z"}
    newer["self_assessment"]["answers"] = dict(
        newer["self_assessment"]["answers"], **{statement: 5}
    )
    imports = section()
    # The newer file first: the order chosen does not decide which answer is shown.
    upload(
        imports,
        {"newer.json": as_bytes(newer), "broken.json": b"{", "older.json": as_bytes(older)},
    )
    reports = imports.import_chosen()
    assert [r.source.name for r in reports] == ["older.json", "newer.json"]
    assert open_journal().answers("self_assessment")[statement] == 5
    assert [e.value for e in open_journal().history("self_assessment", statement)] == [1, 5]
    assert imports.message_kind == "problem"
    assert "some files were not imported" in imports.message_text
    shown = imports.result.value
    assert shown.index("older.json") < shown.index("newer.json") < shown.index("broken.json")
    assert "broken.json: not imported, nothing from it was recorded" in shown
    assert open_journal().participant_code == "P-GOOD01"


def test_files_of_different_participants_keep_this_computers_code(content: Content) -> None:
    imports = section()
    code = open_journal().participant_code
    upload(
        imports,
        {
            "a.json": as_bytes(valid_doc(content, "P-AAAAAA")),
            "b.json": as_bytes(valid_doc(content, "P-BBBBBB")),
        },
    )
    assert len(imports.import_chosen()) == 2
    assert open_journal().participant_code == code
    assert "different participant codes (P-AAAAAA, P-BBBBBB)" in imports.result.value


# -- on paper ------------------------------------------------------------------------------


def test_the_printed_form_says_there_is_nothing_to_do_on_paper(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert "another computer" in ex.export_answers().worksheet_html()
    monkeypatch.setenv("LEADLIB_MODE", "handout")
    assert "nothing to do on paper" in ex.export_answers()._repr_html_()
