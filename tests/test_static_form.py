"""The static form of the exercises (leadlib.widgets.static_form): what a notebook shows
before it runs, and what strict nbval compares.

- every exercise's display bundle carries the widget view, the worksheet as HTML (answer
  key folded, styles inline, charts as compact PNGs with alt text) and readable text;
- the committed notebooks carry that form for every exercise, with no widget view;
- a change to one scenario's text in a copy of the content (LEADLIB_CONTENT) makes strict
  nbval fail on the delegation exercise's cell, and on no other cell.
"""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import subprocess
import sys
from html import escape
from pathlib import Path
from typing import Any

import nbformat
import pytest

from leadlib import widgets as ex
from leadlib.content import DATA_DIR, load_content
from leadlib.models import Content
from leadlib.notebook_checks import _calls
from leadlib.notebooks import NOT_EXERCISES, STATIC_FORM_CLASS, WIDGET_VIEW
from leadlib.widgets import static_form, worksheets

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"


@pytest.fixture
def content() -> Content:
    return load_content()


def _pngs(html: str) -> list[bytes]:
    return [
        base64.b64decode(m) for m in re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", html)
    ]


# --------------------------------------------------------------------------- the form


def test_an_exercise_bundle_has_the_widget_view_and_its_static_form(content: Content) -> None:
    bundle = ex.delegation()._repr_mimebundle_()
    assert set(bundle) == {WIDGET_VIEW, "text/html", "text/plain"}
    html, text = bundle["text/html"], bundle["text/plain"]
    assert STATIC_FORM_CLASS in html
    for scenario in content.scenarios:
        assert scenario.decision in text
        assert escape(scenario.title) in html
    for level in content.levels:
        assert level.name in text
    assert text.startswith("Exercise: delegation levels. " + static_form.STATIC_NOTE)


def test_the_answer_key_is_folded_in_html_and_left_out_of_the_text(content: Content) -> None:
    bundle = ex.quiz()._repr_mimebundle_()
    html, text = bundle["text/html"], bundle["text/plain"]
    reason = content.quiz[0].reason
    assert escape(reason) in html  # still there, for the reader who opens it
    folded = html[html.index('<details class="leadlib-answer-fold"') :]
    assert escape(reason) in folded and "open it after the exercise" in folded
    assert "leadlib-answer-key" not in html  # the printed page break is a handout thing
    assert reason not in text
    assert all(item.text in text for item in content.quiz)


def test_the_form_needs_no_style_sheet(content: Content) -> None:
    """An untrusted notebook (and GitHub) drops <style>: the look is in style attributes."""
    html = static_form.notebook_html(worksheets.self_assessment(content, None))
    assert "<style" not in html
    cells = re.findall(r"<td[^>]*>", html)
    assert cells and all("border:1px solid" in cell for cell in cells)
    assert all("text-align:" in cell for cell in cells)
    circles = re.findall(r'<span class="circle"[^>]*>', html)
    assert circles and all("border-radius:50%" in c for c in circles)


def test_an_elements_own_style_wins_over_the_inlined_one(content: Content) -> None:
    first = content.scenarios[0]
    html = static_form.notebook_html(worksheets.delegation_board(content, {first.id: 3}))
    shaded = re.findall(r'<td class="tick" style="([^"]*)"', html)
    assert any(style.endswith("background:#d5efe6") for style in shaded)


def test_the_balance_form_embeds_its_chart_once_compressed_with_alt_text() -> None:
    exercise = ex.balance()
    html = exercise._repr_mimebundle_()["text/html"]
    pngs = _pngs(html)
    assert len(pngs) == 1, "one chart, embedded once"
    assert pngs[0].startswith(b"\x89PNG")
    assert len(pngs[0]) < len(exercise.chart.png) / 2
    alt = exercise.chart.alt
    assert f'alt="{alt}"' in html
    assert f"[Chart: {alt}]" in exercise._repr_mimebundle_()["text/plain"]
    from PIL import Image

    with (
        Image.open(io.BytesIO(pngs[0])) as small,
        Image.open(io.BytesIO(exercise.chart.png)) as big,
    ):
        assert small.size == big.size
        assert small.mode == "P" and len(small.getcolors() or []) <= static_form.CHART_COLOURS


def test_the_form_is_the_same_bytes_every_time() -> None:
    first = ex.balance()._repr_mimebundle_()
    second = ex.balance()._repr_mimebundle_()
    assert first["text/html"] == second["text/html"]
    assert first["text/plain"] == second["text/plain"]


def test_a_failing_worksheet_still_shows_the_widget_and_says_why(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    vision = ex.vision()

    def broken() -> str:
        raise ValueError("no vision template")

    monkeypatch.setattr(vision, "worksheet_html", broken)
    bundle = vision._repr_mimebundle_()
    assert WIDGET_VIEW in bundle
    assert "could not be made (ValueError: no vision template)" in bundle["text/plain"]
    assert "could not be made" in bundle["text/html"]


def test_plain_text_reads_tables_lists_lines_and_scales() -> None:
    html = (
        '<section class="leadlib-worksheet"><style>p{color:red}</style><h3>Title</h3>'
        "<table><tr><th>#</th><th>Text</th></tr><tr><td>1</td><td>A<br>B</td></tr></table>"
        "<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>"
        '<div class="line"></div><div class="bar" role="img" aria-label="A scale">'
        "<span>0</span></div><img src='x.png' alt='A chart'>"
        '<section class="leadlib-answer-key"><h3>Key</h3><p>secret</p></section></section>'
    )
    assert static_form.plain_text(html).splitlines() == [
        "Title",
        "=====",
        "",
        "# | Text",
        "1 | A; B",
        "",
        "- one",
        "- two",
        "",
        "1. first",
        "",
        static_form.WRITING_LINE,
        "[A scale]",
        "",
        "[Chart: A chart]",
    ]


# --------------------------------------------------------------------------- notebooks


def _exercise_cells(path: Path) -> list[tuple[int, Any]]:
    nb = nbformat.read(path, as_version=4)
    return [
        (i, cell)
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        and any(c.split("(")[0] not in NOT_EXERCISES for c in _calls(cell))
    ]


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_committed_exercises_show_their_static_form_and_no_widget_view(path: Path) -> None:
    cells = _exercise_cells(path)
    assert cells
    for index, cell in cells:
        data = [o.get("data", {}) for o in cell.outputs]
        assert data, f"cell {index + 1} has no output"
        assert not any(WIDGET_VIEW in d for d in data), f"cell {index + 1} keeps a widget view"
        html = "".join(d.get("text/html", "") for d in data)
        assert STATIC_FORM_CLASS in html, f"cell {index + 1} has no static form"
        assert "<style" not in html


def test_the_delegation_notebook_shows_every_scenario(content: Content) -> None:
    text = "\n".join(
        "".join(o.get("data", {}).get("text/plain", ""))
        for _, c in _exercise_cells(NOTEBOOKS / "04_delegation.ipynb")
        for o in c.outputs
    )
    for scenario in content.scenarios:
        assert scenario.decision in text and scenario.person in text


def test_notebook_sizes_stay_reasonable() -> None:
    sizes = {p.name: p.stat().st_size for p in NOTEBOOKS.glob("*.ipynb")}
    assert max(sizes.values()) < 150_000, sizes
    assert sum(sizes.values()) < 600_000, sizes


# --------------------------------------------------------------------------- nbval


def _changed_content(folder: Path, content: Content) -> tuple[str, str]:
    """A copy of the course data with the first scenario's decision reworded."""
    shutil.copytree(DATA_DIR, folder)
    scenario = content.scenarios[0]
    path = folder / "delegation.toml"
    text = path.read_text(encoding="utf-8")
    old = f'decision = "{scenario.decision}"'
    assert text.count(old) == 1, "the scenario's decision line was not found in the copy"
    new = "How to answer an angry message from the biggest client before lunch."
    path.write_text(text.replace(old, f'decision = "{new}"'), encoding="utf-8")
    return scenario.decision, new


@pytest.mark.slow
def test_strict_nbval_fails_on_the_exercise_cell_when_a_scenario_changes(
    tmp_path: Path, content: Content
) -> None:
    _old, new = _changed_content(tmp_path / "content", content)
    notebook = tmp_path / "04_delegation.ipynb"
    shutil.copy(NOTEBOOKS / "04_delegation.ipynb", notebook)
    delegation_cells = [i for i, c in _exercise_cells(notebook) if "delegation()" in _calls(c)]
    assert len(delegation_cells) == 1
    env = dict(os.environ)
    env["LEADLIB_CONTENT"] = str(tmp_path / "content")
    env["LEADLIB_HOME"] = str(tmp_path / "home")
    env.pop("LEADLIB_MODE", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    command = [
        sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env",
        "--nbval-sanitize-with", str(SANITIZE), str(notebook),
        "-q", "-p", "no:cacheprovider", "-rf", "--color=no",
        "--rootdir", str(tmp_path), "-c", os.devnull,
    ]  # fmt: skip
    result = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
    )
    report = result.stdout + result.stderr
    assert result.returncode == 1, report
    failed = re.findall(r"^FAILED .*::Cell (\d+)", report, re.MULTILINE)
    # nbval numbers the code cells from 0; the exercise is the second code cell
    code_indexes = [
        i
        for i, c in enumerate(nbformat.read(notebook, as_version=4).cells)
        if c.cell_type == "code"
    ]
    assert [code_indexes[int(n)] for n in failed] == delegation_cells, report
    assert "ex.delegation()" in report and new in report, report


def test_the_checker_flags_an_exercise_stored_without_its_static_form(tmp_path: Path) -> None:
    from leadlib.notebooks import check_notebook

    nb = nbformat.read(NOTEBOOKS / "01_two_roles.ipynb", as_version=4)
    quiz = next(c for c in nb.cells if c.cell_type == "code" and "quiz()" in _calls(c))
    quiz.outputs = [
        nbformat.v4.new_output(
            "execute_result",
            data={"text/plain": "Exercise: quiz (run this notebook in JupyterLab to use it)"},
            execution_count=quiz.execution_count,
        )
    ]
    path = tmp_path / "01_two_roles.ipynb"
    nbformat.write(nb, path)
    problems = check_notebook(path)
    assert len(problems) == 1 and "ex.quiz() is stored without its static form" in problems[0]


# --------------------------------------------------------------------------- the checks


@pytest.mark.parametrize("notebook_id", [n.id for n in load_content().notebooks])
def test_a_self_checks_static_form_keeps_its_answers_in_the_fold_and_is_the_same_for_all(
    notebook_id: str, content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadlib.journal import open_journal

    first = ex.self_check(notebook_id)._repr_mimebundle_()
    monkeypatch.setenv("LEADLIB_HOME", str(tmp_path / "another-learner"))
    assert open_journal().participant_code  # another journal, another participant code
    second = ex.self_check(notebook_id)._repr_mimebundle_()
    assert (first["text/html"], first["text/plain"]) == (second["text/html"], second["text/plain"])
    html, text = first["text/html"], first["text/plain"]
    fold = html.index('<details class="leadlib-answer-fold"')
    for check in content.notebook(notebook_id).self_checks:
        assert check.question in text
        for option in check.options:
            assert option.text in text
            assert option.feedback not in text
            assert html.index(escape(option.feedback)) > fold


def test_the_vision_static_form_has_no_verdict_and_no_key(content: Content) -> None:
    bundle = ex.vision()._repr_mimebundle_()
    assert "leadlib-answer-fold" not in bundle["text/html"]
    assert "\u2714" not in bundle["text/html"]
    for criterion in content.vision.criteria:
        assert criterion.question in bundle["text/plain"]
