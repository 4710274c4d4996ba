"""The course notebooks follow one pattern, and the checker that enforces it catches each
kind of slip. Whether the stored outputs are current is nbval's job (`make test`)."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest

from leadlib import notebooks as nbs
from leadlib.models import Content

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "notebooks"
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"


def _ids(content: Content) -> list[str]:
    return [n.id for n in content.notebooks]


def _course_ids() -> list[str]:
    from leadlib import load_content

    return _ids(load_content())


def _read(notebook_id: str) -> Any:
    return nbformat.read(COURSE / f"{notebook_id}.ipynb", as_version=4)


def _write(nb: Any, directory: Path, notebook_id: str) -> Path:
    path = directory / f"{notebook_id}.ipynb"
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    return path


def _code_cells(nb: Any) -> list[Any]:
    return [c for c in nb.cells if c.cell_type == "code"]


# --------------------------------------------------------------------- the course itself


def test_every_notebook_in_the_course_map_has_its_file_and_no_other(content: Content) -> None:
    on_disk = sorted(p.stem for p in COURSE.glob("*.ipynb"))
    assert on_disk == sorted(_ids(content))


@pytest.mark.parametrize("notebook_id", _course_ids())
def test_notebook_follows_the_course_pattern(notebook_id: str, content: Content) -> None:
    problems = nbs.check_notebook(COURSE / f"{notebook_id}.ipynb", content)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("notebook_id", _course_ids())
def test_notebook_runs_on_the_python3_kernel(notebook_id: str) -> None:
    assert _read(notebook_id).metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("notebook_id", _course_ids())
def test_notebook_title_is_the_one_in_the_course_map(notebook_id: str, content: Content) -> None:
    first = _read(notebook_id).cells[0]
    assert first.cell_type == "markdown"
    assert first.source.splitlines()[0] == f"# {content.notebook(notebook_id).title}"


@pytest.mark.parametrize("notebook_id", _course_ids())
def test_stored_outputs_hold_no_error_and_no_printed_text(notebook_id: str) -> None:
    kinds = [o.output_type for c in _code_cells(_read(notebook_id)) for o in c.outputs]
    assert kinds, "the notebook was committed without outputs; run `make notebooks`"
    assert "error" not in kinds
    assert "stream" not in kinds


@pytest.mark.parametrize("notebook_id", _course_ids())
def test_code_is_collapsed_and_counts_run_in_order(notebook_id: str) -> None:
    cells = _code_cells(_read(notebook_id))
    assert all(c.metadata["jupyter"]["source_hidden"] is True for c in cells)
    assert [c.execution_count for c in cells] == list(range(1, len(cells) + 1))


@pytest.mark.parametrize("notebook_id", _course_ids())
def test_header_shows_minutes_and_objectives_and_key_points_close(
    notebook_id: str, content: Content
) -> None:
    nb = _read(notebook_id)
    info = content.notebook(notebook_id)
    shown = "".join(nbs.output_text(o) for o in _code_cells(nb)[0].outputs)
    assert f"About {info.minutes} minutes" in shown
    for objective in info.objectives:
        assert objective in shown
    assert any(c.source.startswith("## Key points") for c in nb.cells if c.cell_type == "markdown")


def test_every_trait_of_the_model_is_named_in_the_course(content: Content) -> None:
    prose = nbs.markdown_text(COURSE / f"{i}.ipynb" for i in _ids(content)).lower()
    unnamed = [t.name for t in content.traits if t.name.lower() not in prose]
    assert unnamed == []


def test_delegation_notebook_names_all_seven_levels(content: Content) -> None:
    prose = nbs.markdown_text([COURSE / "04_delegation.ipynb"])
    for level in content.levels:
        assert f"| {level.number} | {level.name} |" in prose


def test_balance_notebook_names_every_situation(content: Content) -> None:
    prose = nbs.markdown_text([COURSE / "05_finding_the_balance.ipynb"]).lower()
    assert [s.name for s in content.situations if s.name.lower() not in prose] == []


def test_minutes_add_up_to_the_total_shown_in_start_here(content: Content) -> None:
    total = sum(n.minutes for n in content.notebooks)
    assert content.total_minutes == total
    shown = nbs.course_map_text(COURSE / "00_start_here.ipynb")
    stated = re.search(r"The whole course takes about (\d+) minutes", shown)
    assert stated, f"00's course map output states no total:\n{shown[:500]}"
    assert int(stated.group(1)) == total
    for info in content.notebooks:
        assert f"| {info.minutes} |" in shown, f"{info.id}: {info.minutes} minutes not shown"


def test_the_whole_course_passes_the_checker(content: Content) -> None:
    problems = nbs.check_course(COURSE, content)
    assert problems == [], "\n".join(problems)


def test_sanitize_file_names_each_pattern_in_its_own_commented_section() -> None:
    text = SANITIZE.read_text(encoding="utf-8")
    sections = re.split(r"^\[", text, flags=re.MULTILINE)[1:]
    for section in sections:
        name = section.split("]", 1)[0]
        assert re.search(r"^#", section, flags=re.MULTILINE), f"[{name}] has no comment"
        assert len(re.findall(r"^regex: ", section, flags=re.MULTILINE)) == 1, name
        assert len(re.findall(r"^replace: ", section, flags=re.MULTILINE)) == 1, name
        pattern = re.search(r"^regex: (.*)$", section, flags=re.MULTILINE)
        assert pattern is not None
        assert pattern.group(1) not in {".*", ".+", r"\d+", r"\w+"}, f"[{name}] is a blanket"


# --------------------------------------------------------------- the checker catches slips


@pytest.fixture
def good() -> Any:
    return _read("01_two_roles")


def _problems(nb: Any, tmp_path: Path, content: Content) -> str:
    return "\n".join(nbs.check_notebook(_write(nb, tmp_path, "01_two_roles"), content))


def test_checker_accepts_the_committed_notebook(
    good: Any, tmp_path: Path, content: Content
) -> None:
    assert _problems(good, tmp_path, content) == ""


def test_checker_flags_a_wrong_kernel(good: Any, tmp_path: Path, content: Content) -> None:
    good.metadata.kernelspec.name = "leadlib-venv"
    assert "kernelspec is 'leadlib-venv', expected 'python3'" in _problems(good, tmp_path, content)


def test_checker_flags_a_title_that_drifted_from_the_course_map(
    good: Any, tmp_path: Path, content: Content
) -> None:
    good.cells[0].source = "# Two roles\n\nText."
    assert "the first line must be '# Two roles, often confused'" in _problems(
        good, tmp_path, content
    )


def test_checker_flags_an_error_output(good: Any, tmp_path: Path, content: Content) -> None:
    error = nbformat.v4.new_output("error", ename="NameError", evalue="name 'ex' is not defined")
    error.traceback = []
    _code_cells(good)[1].outputs = [error]
    assert "stored output is an error (NameError: name 'ex' is not defined)" in _problems(
        good, tmp_path, content
    )


def test_checker_flags_text_printed_inside_an_output_widget(
    good: Any, tmp_path: Path, content: Content
) -> None:
    _code_cells(good)[1].outputs.append(
        nbformat.v4.new_output("stream", name="stdout", text="Saved.\n")
    )
    assert "prints to stdout ('Saved.')" in _problems(good, tmp_path, content)


def test_checker_flags_a_memory_address_in_an_output(
    good: Any, tmp_path: Path, content: Content
) -> None:
    _code_cells(good)[1].outputs = [
        nbformat.v4.new_output(
            "execute_result", data={"text/plain": "<Quiz at 0x7f3a2c1d9e50>"}, execution_count=2
        )
    ]
    assert "memory address" in _problems(good, tmp_path, content)


def test_checker_flags_counts_out_of_order(good: Any, tmp_path: Path, content: Content) -> None:
    cells = _code_cells(good)
    cells[1].execution_count, cells[2].execution_count = 3, 2
    assert "execution counts are [1, 3, 2," in _problems(good, tmp_path, content)


def test_checker_flags_code_left_visible(good: Any, tmp_path: Path, content: Content) -> None:
    del _code_cells(good)[1].metadata["jupyter"]
    assert "code is not collapsed (metadata jupyter.source_hidden)" in _problems(
        good, tmp_path, content
    )


def test_checker_flags_a_trailing_semicolon_and_two_calls_in_a_cell(
    good: Any, tmp_path: Path, content: Content
) -> None:
    _code_cells(good)[1].source = "ex.quiz()\nex.profile();"
    found = _problems(good, tmp_path, content)
    assert "ends with ';' - nbval still compares the output" in found
    assert "a code cell holds exactly one call (one exercise), found 2 statements" in found


def test_checker_flags_a_missing_reflection_and_navigation(
    good: Any, tmp_path: Path, content: Content
) -> None:
    good.cells = [
        c for c in good.cells if "reflection(" not in c.source and "navigation(" not in c.source
    ]
    found = _problems(good, tmp_path, content)
    assert "no ex.reflection('01_two_roles') call" in found
    assert "the last cell must be ex.navigation('01_two_roles')" in found


def test_checker_flags_missing_key_points(good: Any, tmp_path: Path, content: Content) -> None:
    good.cells = [c for c in good.cells if "Key points" not in c.source]
    assert "no '## Key points' Markdown cell" in _problems(good, tmp_path, content)


def test_checker_flags_a_header_output_older_than_the_course_map(
    good: Any, tmp_path: Path, content: Content
) -> None:
    header = _code_cells(good)[0]
    for output in header.outputs:
        for key in list(output.get("data", {})):
            output.data[key] = output.data[key].replace("Name Kotter", "List Kotter")
    assert 'does not show the objective "Name Kotter\'s three processes on each side."' in (
        _problems(good, tmp_path, content)
    )


def test_course_check_flags_a_stray_notebook_and_an_unnamed_trait(
    tmp_path: Path, content: Content
) -> None:
    for path in COURSE.glob("*.ipynb"):
        nb = _read(path.stem)
        for cell in nb.cells:
            cell.source = re.sub(r"Process\s+management", "Routines", cell.source)
        _write(nb, tmp_path, path.stem)
    _write(nbformat.v4.new_notebook(), tmp_path, "99_scratch")
    found = "\n".join(nbs.check_course(tmp_path, content))
    assert "99_scratch.ipynb: a notebook that course.toml does not list" in found
    assert "course: the trait 'Process management' is not named in any notebook" in found


# --------------------------------------------------------------------- the runner


def test_normalize_makes_the_stored_form_deterministic() -> None:
    nb = copy.deepcopy(_read("00_start_here"))
    cell = _code_cells(nb)[1]
    cell.metadata = {"execution": {"iopub.execute_input": "2026-01-01T10:00:00Z"}}
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={
                "text/plain": "Exercise: export your answers",
                nbs.WIDGET_VIEW: {"model_id": "5f1c0ffee", "version_major": 2},
            },
        )
    ]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.9"}
    nb.cells[3]["id"] = nb.cells[4]["id"]

    nbs.normalize(nb, "00_start_here")

    assert cell.metadata == {"jupyter": {"source_hidden": True}}
    assert cell.outputs[0].data == {"text/plain": "Exercise: export your answers"}
    assert "widgets" not in nb.metadata
    assert "version" not in nb.metadata["language_info"]
    ids = [c["id"] for c in nb.cells]
    assert len(set(ids)) == len(ids)
    assert json.loads(nbformat.writes(nb))["metadata"]["kernelspec"]["name"] == "python3"


def test_runner_resolves_names_numbers_and_files_in_course_order(content: Content) -> None:
    paths = nbs.resolve(["04", "01_two_roles", "notebooks/00_start_here.ipynb"], COURSE, content)
    assert [p.name for p in paths] == [
        "00_start_here.ipynb",
        "01_two_roles.ipynb",
        "04_delegation.ipynb",
    ]


def test_runner_explains_an_unknown_notebook_name(content: Content) -> None:
    with pytest.raises(nbs.NotebookError) as caught:
        nbs.resolve(["08_extra"], COURSE, content)
    assert "No course notebook called '08_extra'" in str(caught.value)
    assert "00_start_here, 01_two_roles" in str(caught.value)


def test_runner_uses_a_private_home_and_puts_the_old_one_back(
    monkeypatch: pytest.MonkeyPatch, leadlib_home: Path
) -> None:
    import os

    monkeypatch.setenv("LEADLIB_MODE", "handout")
    with nbs.private_home() as home:
        assert os.environ["LEADLIB_HOME"] == str(home) != str(leadlib_home)
        assert "LEADLIB_MODE" not in os.environ
        assert list(home.iterdir()) == []
    assert os.environ["LEADLIB_HOME"] == str(leadlib_home)
    assert os.environ["LEADLIB_MODE"] == "handout"
    assert not home.exists()


@pytest.mark.slow
def test_runner_leaves_a_failing_notebook_untouched_and_names_it(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("1 / 0")]
    path = _write(nb, tmp_path, "01_two_roles")
    before = path.read_bytes()
    with pytest.raises(nbs.NotebookError) as caught:
        nbs.execute([path], timeout=60)
    assert "01_two_roles.ipynb: a cell failed while re-executing" in str(caught.value)
    assert "ZeroDivisionError" in str(caught.value)
    assert path.read_bytes() == before


def test_check_command_reports_problems_and_fails(tmp_path: Path, capsys: Any) -> None:
    for path in COURSE.glob("*.ipynb"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "05_finding_the_balance.ipynb").unlink()
    assert nbs.main(["check", "--dir", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "Missing notebook file(s)" in out
    assert "05_finding_the_balance.ipynb" in out


def test_command_without_a_subcommand_shows_usage(capsys: Any) -> None:
    assert nbs.main([]) == 2
    assert "choose a command: execute or check" in capsys.readouterr().err


def test_notebook_04_promises_only_what_the_delegation_rules_do() -> None:
    """Notebook 04's text against the rules: low urgency never moves the band, so the
    urgency question may not promise "time to learn"; the urgency paragraph states the
    high-risk condition of rule 3; and the worked case (Daniel's holiday rota at medium
    risk, Agree) explains why it differs from the low-risk holiday-rota card."""
    from leadlib import load_content
    from leadlib.delegation import TaskContext, recommend
    from leadlib.models import Level3

    text = " ".join(
        " ".join("".join(cell.source).split())
        for cell in _read("04_delegation").cells
        if cell.cell_type == "markdown"
    )
    urgency = re.search(r"\*\*Urgency\*\*: ([^\n-]+)", text)
    assert urgency is not None and "learn" not in urgency.group(1), urgency
    for combo in [(c, m, r) for c in Level3 for m in Level3 for r in Level3]:
        calm, ordinary = (TaskContext(*combo, u) for u in (Level3.LOW, Level3.MEDIUM))
        assert recommend(calm).band == recommend(ordinary).band, combo
    assert "not fully behind the task" in text
    rota = load_content().scenario("holiday_rota")
    assert rota.risk is Level3.LOW
    assert "is a holiday rota too" in text and "medium risk" in text and "low risk" in text
