"""Handouts without a kernel: the checks, the preprocessor, finding notebooks, the CLI."""

from __future__ import annotations

import argparse
import base64
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat import v4

from leadlib.cli import build_parser
from leadlib.handouts import (
    BuildReport,
    HandoutUsageError,
    find_notebooks,
    prepare_out_dir,
    run_handouts,
    write_index,
    write_pdfs,
)
from leadlib.handouts.checks import (
    images_without_alt,
    looks_like_object_repr,
    looks_like_widget_repr,
    offline_problems,
    widget_traces,
)
from leadlib.handouts.convert import (
    TEMPLATES_DIR,
    HandoutPreprocessor,
    handout_environment,
    handout_exporter,
    sibling_links_to_html,
)
from leadlib.handouts.pagebreaks import SECTION_TAG
from leadlib.handouts.partial import partial_path, remove_partials, write_text_whole
from leadlib.handouts.pdf import find_chromium

ROOT = Path(__file__).resolve().parents[1]
PIXEL = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
    )
).decode()
WIDGET_VIEW = {"model_id": "abc123", "version_major": 2, "version_minor": 0}


def _parse(argv: list[str]) -> argparse.Namespace:
    """``leadlib handouts ARGV`` as the command parses it."""
    return build_parser().parse_args(["handouts", *argv])


@pytest.mark.parametrize(
    "text",
    [
        "IntSlider(value=3)",
        "VBox(children=(Label(value='Your answer'), Button(description='Save')))",
        "ipywidgets.widgets.widget_int.IntSlider(value=3)",
        "Loading widgets...",
        "Exercise: classify-the-behaviour quiz (run this notebook in JupyterLab to use it)",
    ],
)
def test_a_widget_repr_is_recognised_as_no_content_for_a_reader(text: str) -> None:
    assert looks_like_widget_repr(text)


@pytest.mark.parametrize("text", ["Profile(leadership=3.5)", "42", "Vision casting: 4.2 of 5"])
def test_ordinary_text_is_not_taken_for_a_widget(text: str) -> None:
    assert not looks_like_widget_repr(text)


def test_default_python_reprs_are_recognised() -> None:
    assert looks_like_object_repr("<Figure size 640x480 with 1 Axes>")
    assert looks_like_object_repr("<leadlib.widgets.Quiz object at 0x7f3a2b1c0d90>")
    assert not looks_like_object_repr("<b>bold</b>")


def test_a_self_contained_page_has_no_offline_problem() -> None:
    page = (
        '<html><head><style>body{background:url("data:image/png;base64,AA==")}</style></head>'
        f'<body><img src="data:image/png;base64,{PIXEL}" alt="a dot">'
        '<a href="https://example.org/">a link is fine: it loads nothing until followed</a>'
        "</body></html>"
    )
    assert offline_problems(page) == []


def test_every_way_a_page_could_reach_the_network_is_named() -> None:
    page = (
        '<html><head><script src="https://cdn.example/require.js"></script>'
        '<link rel="stylesheet" href="https://cdn.example/x.css">'
        "<style>@import 'x.css'; .a{background:url(https://cdn.example/bg.png)}</style></head>"
        '<body><img src="https://example.org/chart.png" alt="chart"></body></html>'
    )
    problems = "\n".join(offline_problems(page))
    assert "<script> tag" in problems
    assert "<link> loads https://cdn.example/x.css" in problems
    assert "imports another stylesheet" in problems
    assert "loads 'https://cdn.example/bg.png'" in problems
    assert "src='https://example.org/chart.png'" in problems


def test_widget_traces_name_what_was_found() -> None:
    page = (
        '<script type="application/vnd.jupyter.widget-state+json">{}</script>'
        "<pre>IntSlider(value=3, description='Share')</pre>"
    )
    traces = "\n".join(widget_traces(page))
    assert "widget data (application/vnd.jupyter.widget-...)" in traces
    assert "IntSlider(value=" in traces
    assert widget_traces("<p>Tick one box per behaviour.</p>") == []


def test_an_image_without_alt_text_is_found() -> None:
    page = f'<img src="data:image/png;base64,{PIXEL}"><img src="data:," alt="described">'
    assert images_without_alt(page) == [f"data:image/png;base64,{PIXEL}"[:40]]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("[next](02_leadership.ipynb)", "[next](02_leadership.html)"),
        (
            '<a href="02_leadership.ipynb#rate-yourself">',
            '<a href="02_leadership.html#rate-yourself">',
        ),
        ("[elsewhere](../other/02_leadership.ipynb)", "[elsewhere](../other/02_leadership.ipynb)"),
        (
            "[web](https://example.org/02_leadership.ipynb)",
            "[web](https://example.org/02_leadership.ipynb)",
        ),
        ("notes.ipynb stays", "notes.ipynb stays"),
    ],
)
def test_links_to_sibling_notebooks_point_at_their_pages(before: str, after: str) -> None:
    assert sibling_links_to_html(before) == after


def _notebook_with_outputs() -> nbformat.NotebookNode:
    nb = v4.new_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    live = v4.new_code_cell("ex.quiz()")
    live.outputs = [
        v4.new_output(
            "display_data",
            data={
                "application/vnd.jupyter.widget-view+json": WIDGET_VIEW,
                "text/plain": "VBox(children=(Label(value='Quiz'),))",
            },
        )
    ]
    figure = v4.new_code_cell("plots.profile_radar(content, profile)")
    figure.outputs = [
        v4.new_output(
            "display_data",
            data={"image/png": PIXEL, "text/plain": "<Figure size 640x480 with 1 Axes>"},
            metadata={"image/png": {"alt": "Radar of eight traits; vision casting 4.2 of 5"}},
        ),
        v4.new_output("stream", name="stderr", text="UserWarning: something noisy\n"),
    ]
    unlabelled = v4.new_code_cell("show(chart)")
    unlabelled.outputs = [v4.new_output("display_data", data={"image/png": PIXEL})]
    worksheet = v4.new_code_cell("ex.delegation()")
    worksheet.outputs = [
        v4.new_output(
            "execute_result",
            data={
                "text/html": '<section class="leadlib-worksheet leadlib-worksheet-delegation">'
                "Circle a level. "
                '<a href="05_finding_the_balance.ipynb">Next</a></section>',
                "text/plain": "Exercise: delegation (run this notebook in JupyterLab to use it)",
            },
            execution_count=4,
        )
    ]
    hidden = v4.new_code_cell("secret_setup()", metadata={"tags": ["handout-remove"]})
    nb.cells = [
        v4.new_markdown_cell("# Delegation\n\n## First part"),
        live,
        v4.new_markdown_cell("## Second part\n\nSee [the balance](05_finding_the_balance.ipynb)."),
        figure,
        unlabelled,
        worksheet,
        hidden,
    ]
    return nb


def test_the_preprocessor_keeps_worksheets_and_drops_live_widgets() -> None:
    nb, resources = HandoutPreprocessor().preprocess(_notebook_with_outputs(), {})
    warnings = "\n".join(resources["handout_warnings"])
    assert "widgets" not in nb.metadata
    assert [c.source for c in nb.cells][-1] == "ex.delegation()", "handout-remove cell stays out"
    live_output = nb.cells[1].outputs[0]
    assert list(live_output.data) == ["text/html"]
    assert "has no printed form" in live_output.data["text/html"]
    assert "cell 2 (ex.quiz()) shows a live widget with no printed form" in warnings
    figure = nb.cells[3]
    assert len(figure.outputs) == 1, "stderr is left out of a handout"
    assert figure.outputs[0].metadata["leadlib_alt"].startswith("Radar of eight traits")
    assert "cell 4 (plots.profile_radar(content, profile)) wrote to stderr" in warnings
    assert "cell 5 (show(chart)) shows a figure without alt text" in warnings
    sheet = nb.cells[5].outputs[0].data
    assert "text/plain" not in sheet
    assert 'href="05_finding_the_balance.html"' in sheet["text/html"]
    assert "(05_finding_the_balance.html)" in nb.cells[2].source
    assert SECTION_TAG in nb.cells[2].metadata["tags"], "the exercise section starts a page"
    assert SECTION_TAG not in nb.cells[0].metadata.get("tags", [])


def test_only_sections_with_an_exercise_start_a_new_printed_page() -> None:
    def sheet(kind: str) -> nbformat.NotebookNode:
        cell = v4.new_code_cell(f"ex.{kind}()")
        html = f'<section class="leadlib-worksheet leadlib-worksheet-{kind}">...</section>'
        cell.outputs = [v4.new_output("display_data", data={"text/html": html})]
        return cell

    nb = v4.new_notebook()
    nb.cells = [
        v4.new_markdown_cell("# Title\n\n## Why it matters"),
        sheet("quiz"),
        v4.new_markdown_cell("## Reading"),
        v4.new_markdown_cell("## Exercise: rate yourself"),
        v4.new_markdown_cell("Some words first."),
        sheet("self-assessment"),
        v4.new_markdown_cell("## Check yourself"),
        sheet("self-check"),
    ]
    nb, _ = HandoutPreprocessor().preprocess(nb, {})
    breaks = [
        c.source.splitlines()[0] for c in nb.cells if SECTION_TAG in c.metadata.get("tags", [])
    ]
    assert breaks == ["## Exercise: rate yourself"]


def test_the_exported_page_is_offline_and_has_no_input_or_prompt() -> None:
    html, _ = handout_exporter().from_notebook_node(
        _notebook_with_outputs(),
        resources={"metadata": {"name": "04_delegation"}, "handout": {"title": "Delegation"}},
    )
    assert offline_problems(html) == []
    assert widget_traces(html) == []
    assert "ex.quiz()" not in html and "In&nbsp;[" not in html and "Out[" not in html
    assert 'alt="Radar of eight traits; vision casting 4.2 of 5"' in html
    assert "celltag_handout-section-start" in html
    assert "secret_setup" not in html
    assert "<title>Delegation |" in html


def test_handout_kernels_get_handout_mode_and_their_own_journal(tmp_path: Path) -> None:
    env = handout_environment(str(tmp_path))
    assert env["LEADLIB_MODE"] == "handout"
    assert env["LEADLIB_HOME"] == str(tmp_path)
    assert env["PYTHONPATH"].split(":")[0] == str(ROOT)


def test_the_template_ships_inside_the_package() -> None:
    names = {p.name for p in (TEMPLATES_DIR / "handout").iterdir()}
    assert {"conf.json", "index.html.j2", "handout.css", "course_index.html.j2"} <= names
    assert "<script" not in (TEMPLATES_DIR / "handout" / "index.html.j2").read_text()


def test_importing_handouts_loads_no_heavy_library() -> None:
    code = (
        "import sys, leadlib.handouts; "
        "print(sorted(m for m in ('nbconvert', 'nbclient', 'ipywidgets', 'matplotlib', 'jinja2')"
        " if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "[]"


def _course_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for name in ("00_start_here", "02_leadership", "04_delegation"):
        nbformat.write(v4.new_notebook(), folder / f"{name}.ipynb")
    return folder


def test_notebooks_are_found_by_name_number_or_path(tmp_path: Path) -> None:
    folder = _course_dir(tmp_path)
    assert [p.stem for p in find_notebooks([], folder)] == [
        "00_start_here",
        "02_leadership",
        "04_delegation",
    ]
    chosen = find_notebooks(
        ["04", "02_leadership.ipynb", str(folder / "00_start_here.ipynb")], folder
    )
    assert [p.stem for p in chosen] == ["04_delegation", "02_leadership", "00_start_here"]


def test_an_unknown_notebook_name_lists_the_known_ones(tmp_path: Path) -> None:
    folder = _course_dir(tmp_path)
    with pytest.raises(HandoutUsageError) as caught:
        find_notebooks(["03_managment"], folder)
    message = str(caught.value)
    assert "no notebook called '03_managment'" in message
    assert "Known notebooks: 00_start_here, 02_leadership, 04_delegation" in message


def test_an_unknown_notebook_name_exits_with_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _course_dir(tmp_path)
    args = _parse(["--notebooks", str(folder), "--out", str(tmp_path / "out"), "9"])
    assert run_handouts(args) == 2
    assert "leadlib handouts: no notebook called '9'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists(), "nothing is built after a usage error"


def test_an_empty_folder_says_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(HandoutUsageError, match="no notebooks found in .*; run the command"):
        find_notebooks([], tmp_path)


def test_jobs_must_be_a_positive_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        _parse(["-j", "0"])
    assert "needs at least 1, found 0" in capsys.readouterr().err


def test_the_index_lists_every_course_notebook_in_order(tmp_path: Path, content) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "02_leadership.html").write_text("<html></html>")
    index = write_index(tmp_path, content).read_text()
    positions = [index.index(f"{info.id}</span>") for info in content.notebooks]
    assert positions == sorted(positions)
    assert '<a href="02_leadership.html">Leadership: direction and influence</a>' in index
    assert "01_two_roles.html" not in index, "a page that was not built is not linked"
    total = sum(info.minutes for info in content.notebooks)
    assert f"<td>{total}</td>" in index
    for info in content.notebooks:
        assert f"<td>{info.minutes}</td>" in index
        assert all(objective.replace("'", "&#39;") in index for objective in info.objectives)
    assert offline_problems(index) == []
    assert '"Segoe UI"' in index, "the inline CSS is not HTML-escaped"


def test_without_chromium_the_pdf_step_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADLIB_CHROMIUM", str(tmp_path / "no-such-browser"))
    assert find_chromium() is None
    report = BuildReport(out_dir=tmp_path, results=[])
    write_pdfs(report)
    assert not report.ok
    assert "install Chromium: sudo apt-get install chromium, or brew install --cask chromium" in (
        report.pdf_problems[0].replace("Install", "install")
    )
    assert "The HTML handouts are complete without it" in report.describe()


def test_a_file_is_written_whole_through_a_hidden_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "02_leadership.html"
    target.write_text("old page")
    written: list[str] = []

    def interrupted(source: Path, destination: Path) -> None:
        written.append(Path(source).read_text())  # complete, but not yet in place
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr("leadlib.handouts.partial.os.replace", interrupted)
        with pytest.raises(KeyboardInterrupt):
            write_text_whole(target, "new page")
    assert written == ["new page"]
    assert target.read_text() == "old page", "an interrupted write leaves the old file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["02_leadership.html"]
    write_text_whole(target, "new page")
    assert target.read_text() == "new page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["02_leadership.html"]


def test_a_partial_file_never_looks_like_a_page_and_is_cleared(tmp_path: Path) -> None:
    partial = partial_path(tmp_path / "index.html")
    assert partial.parent == tmp_path
    assert partial.name.startswith(".") and not partial.name.endswith((".html", ".pdf"))
    partial.write_text("<html>half")
    (tmp_path / "index.html").write_text("<html></html>")
    assert remove_partials(tmp_path) == [partial]
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]


def test_the_out_folder_is_created_and_checked(tmp_path: Path) -> None:
    assert prepare_out_dir(tmp_path / "a" / "b") == tmp_path / "a" / "b"
    assert (tmp_path / "a" / "b").is_dir()
    assert list((tmp_path / "a" / "b").iterdir()) == [], "the write test leaves nothing"
    page = tmp_path / "page.html"
    page.write_text("x")
    with pytest.raises(HandoutUsageError, match=r"is a file, not a folder.*--out"):
        prepare_out_dir(page)
    with pytest.raises(HandoutUsageError, match=r"cannot write the pages into .*--out DIR"):
        prepare_out_dir(page / "inside")
