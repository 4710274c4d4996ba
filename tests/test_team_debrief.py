"""Notebook 07's team debrief view: the demo team, a real folder, problems in plain words,
and the static form in handout mode."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from leadlib.models import Content
from leadlib.team import write_demo_exports
from leadlib.team.privacy import SMALLEST_MIN_GROUP
from leadlib.widgets.team_debrief_view import DEMO_SIZE, team_debrief

ROOT = Path(__file__).resolve().parents[1]


def test_the_demo_team_is_written_on_first_build_and_shown(
    content: Content, leadlib_home: Path
) -> None:
    view = team_debrief(content=content)
    assert not (leadlib_home / "demo-team").exists()
    assert "Build the team picture" in view.message_text

    view.build.click()

    assert len(list((leadlib_home / "demo-team").glob("*.json"))) == DEMO_SIZE
    assert view.message_kind == "ok"
    assert view.message_text == f"{DEMO_SIZE} participants counted from {DEMO_SIZE} files."
    assert "<h1>Team report: demo-team</h1>" in view.report.value
    assert "Questions for the debrief" in view.report.value
    assert "<style>" in view.report.value and ".ll-team" in view.report.value


def test_a_chosen_folder_and_minimum_group_are_used(content: Content, tmp_path: Path) -> None:
    write_demo_exports(5, tmp_path, seed=1, content=content)
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    view = team_debrief(tmp_path, min_group=6, content=content)

    view.build.click()

    assert view.summary.min_group == 6
    assert view.summary.participants == 5
    assert view.message_kind == "problem"
    assert (
        view.message_text
        == "5 participants counted from 6 files; 1 skipped (see Files at the end)."
    )
    assert "fewer than the minimum group of 6" in view.report.value
    assert "broken.json" in view.report.value


def test_a_missing_folder_is_explained_without_a_traceback(
    content: Content, tmp_path: Path
) -> None:
    view = team_debrief(tmp_path / "nowhere", content=content)
    view.build.click()
    assert view.message_kind == "problem"
    assert "does not exist" in view.message_text
    assert "Traceback" not in view.message_text
    view.folder.value = "  "
    view.build.click()
    assert view.message_text == "Type the folder that holds the export files first."


def test_the_minimum_group_box_never_goes_below_the_smallest_minimum(content: Content) -> None:
    view = team_debrief(min_group=1, content=content)
    assert SMALLEST_MIN_GROUP == 3
    assert view.min_group.value == SMALLEST_MIN_GROUP
    assert view.min_group.min == SMALLEST_MIN_GROUP
    assert f"at least {SMALLEST_MIN_GROUP}" in view.min_group.tooltip


def test_the_view_has_a_short_deterministic_text_repr(content: Content) -> None:
    assert repr(team_debrief(content=content)) == (
        "Exercise: team debrief for facilitators (run this notebook in JupyterLab to use it)"
    )


def test_handout_mode_explains_the_debrief_without_a_widget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LEADLIB_MODE", "handout")
    static = team_debrief()
    page = static._repr_html_()
    assert "leadlib team-report FOLDER" in page
    assert "<script" not in page
    assert repr(static) == "Worksheet: team debrief (printable form of the exercise)"


def test_handout_mode_never_imports_ipywidgets() -> None:
    code = (
        "import os, sys; os.environ['LEADLIB_MODE'] = 'handout'; "
        "from leadlib import widgets as ex; ex.team_debrief()._repr_html_(); "
        "print('ipywidgets' in sys.modules, 'matplotlib' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "False False"


def test_a_failed_build_never_leaves_the_earlier_team_on_screen(
    content: Content, tmp_path: Path
) -> None:
    write_demo_exports(4, tmp_path / "team", seed=3, content=content)
    view = team_debrief(tmp_path / "team", content=content)
    view.build.click()
    assert "Team report" in view.report.value

    view.folder.value = str(tmp_path / "nowhere")
    view.build.click()

    assert view.message_kind == "problem"
    assert "does not exist" in view.message_text
    assert view.message_text.count(str(tmp_path / "nowhere")) <= 1  # named once
    assert view.report.value == "" and view.summary is None


def test_one_export_is_counted_in_the_singular(content: Content, tmp_path: Path) -> None:
    write_demo_exports(1, tmp_path, seed=4, content=content)
    view = team_debrief(tmp_path, content=content)
    view.build.click()
    assert view.message_text == "1 participant counted from 1 file."
    assert "The one file found was read and counted." in view.report.value
