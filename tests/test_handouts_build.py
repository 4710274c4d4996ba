"""Handouts built for real: the course notebooks plus two fixtures, once for this module,
then read as files and in headless Chromium with the network cut off."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat import v4

from leadlib.handouts import BuildReport, build_handouts, find_notebooks, write_pdfs
from leadlib.handouts.checks import images_without_alt, offline_problems, widget_traces
from leadlib.models import Content

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "build" / "screenshots" / "handouts"
CHROMIUM = os.environ.get("LEADLIB_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
BROKEN = "91_fixture_broken"
WIDGETS = "90_fixture_widgets"
EXERCISES = ("quiz", "self_assessment", "delegation", "balance", "plan", "profile", "vision")


def _fixture_notebooks(folder: Path) -> list[Path]:
    widgets = v4.new_notebook()
    widgets.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    widgets.cells = [
        v4.new_markdown_cell(
            "# Fixture with a live widget\n\nNext: [Two roles](01_two_roles.ipynb)"
        ),
        v4.new_code_cell("import os\nprint(os.environ['LEADLIB_MODE'])"),
        v4.new_markdown_cell("## A widget with no printed form"),
        v4.new_code_cell("import ipywidgets\nipywidgets.IntSlider(value=3, description='Share')"),
        v4.new_code_cell(
            "from matplotlib.figure import Figure\n"
            "from IPython.display import display\n"
            "import io\n"
            "fig = Figure(figsize=(3, 2)); fig.add_subplot().bar(['L', 'M'], [60, 40])\n"
            "buf = io.BytesIO(); fig.savefig(buf, format='png')\n"
            "display({'image/png': buf.getvalue(), 'text/plain': 'Bar chart: 60 leadership, "
            "40 management'}, raw=True)"
        ),
    ]
    broken = v4.new_notebook()
    broken.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    broken.cells = [
        v4.new_markdown_cell("# A notebook that fails"),
        v4.new_code_cell("x = 1"),
        v4.new_code_cell("raise ValueError('the sample cell fails on purpose')"),
        v4.new_code_cell("x + 1"),
    ]
    paths = []
    for name, nb in ((WIDGETS, widgets), (BROKEN, broken)):
        path = folder / f"{name}.ipynb"
        nbformat.write(nb, path)
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, content: Content) -> BuildReport:
    """The whole course and the fixtures, built once, two notebooks at a time."""
    folder = tmp_path_factory.mktemp("fixture-notebooks")
    out = tmp_path_factory.mktemp("handouts")
    (out / f"{BROKEN}.html").write_text("<p>a page from an earlier, working build</p>")
    notebooks = find_notebooks([], ROOT / "notebooks") + _fixture_notebooks(folder)
    return build_handouts(notebooks, out, jobs=2, progress=False, content=content)


def _pages(report: BuildReport) -> dict[str, str]:
    return {r.name: Path(r.output).read_text(encoding="utf-8") for r in report.results if r.output}


def test_a_failing_notebook_is_reported_with_its_cell_while_the_others_build(
    built: BuildReport,
) -> None:
    broken = next(r for r in built.results if r.name == BROKEN)
    assert not broken.ok
    assert broken.cell == 3
    assert broken.cell_source == "raise ValueError('the sample cell fails on purpose')"
    assert broken.error == "ValueError: the sample cell fails on purpose"
    assert not (built.out_dir / f"{BROKEN}.html").exists(), "the stale page was removed"
    report = built.describe()
    assert (
        f"{BROKEN}.ipynb, cell 3 `raise ValueError('the sample cell fails on purpose')`: "
        "ValueError: the sample cell fails on purpose"
    ) in report
    assert not built.ok
    assert [r.name for r in built.failed] == [BROKEN], report


def test_every_course_notebook_becomes_a_page(built: BuildReport, content: Content) -> None:
    names = {r.name for r in built.results if r.ok}
    present = {p.stem for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert present <= names, built.describe()
    assert present <= {info.id for info in content.notebooks}


def test_no_page_carries_a_widget_a_script_or_an_online_resource(built: BuildReport) -> None:
    for name, html in _pages(built).items():
        assert offline_problems(html) == [], name
        assert widget_traces(html) == [], name
        assert "<script" not in html.lower(), name
        assert "In&nbsp;[" not in html and "Out[" not in html, f"{name}: a prompt is shown"
        assert "jp-InputArea-editor" not in html, f"{name}: code input is shown"
        assert "from leadlib import widgets as ex" not in html, name


def test_the_course_pages_show_worksheets_not_live_widgets(built: BuildReport) -> None:
    pages = _pages(built)
    for result in built.results:
        if result.name.startswith("9") or not result.ok:
            continue
        nb = nbformat.read(result.source, as_version=4)
        calls = "".join(c.source for c in nb.cells if c.cell_type == "code")
        html = pages[result.name]
        assert "has no printed form" not in html, f"{result.name}: {result.warnings}"
        assert not [w for w in result.warnings if "live widget" in w], result.warnings
        for exercise in EXERCISES:
            if re.search(rf"\bex\.{exercise}\(", calls):
                kind = exercise.replace("_", "-")
                assert f"leadlib-worksheet-{kind}" in html, f"{result.name}: no {kind} worksheet"


def test_the_delegation_handout_prints_the_board_once(built: BuildReport) -> None:
    html = _pages(built)["04_delegation"]
    assert html.count("handout-blank-board") == 1, "one blank board to fill in"
    assert "leadlib-worksheet-delegation-board" not in html, "and no second board as a table"
    assert html.index("leadlib-worksheet-delegation") < html.index("handout-blank-board")


def test_headings_over_an_exercise_are_kept_with_it_in_every_page(built: BuildReport) -> None:
    for name, html in _pages(built).items():
        cells = re.split(r'(?=<div class="jp-Cell )', html)
        for cell, following in zip(cells, cells[1:], strict=False):
            leads_in = "jp-MarkdownCell" in cell and re.search(r"<h[1-4]", cell)
            if leads_in and "jp-CodeCell" in following and "jp-mod-noOutputs" not in following:
                assert "celltag_handout-keep-with-next" in cell, f"{name}: {cell[:300]}"


def test_a_live_widget_is_replaced_by_a_note_and_links_point_at_pages(built: BuildReport) -> None:
    result = next(r for r in built.results if r.name == WIDGETS)
    html = _pages(built)[WIDGETS]
    assert "<pre>handout\n</pre>" in html, "the kernel ran in handout mode"
    assert "has no printed form" in html
    assert "IntSlider" not in html
    assert 'href="01_two_roles.html"' in html
    assert 'alt="Bar chart: 60 leadership, 40 management"' in html
    assert any("cell 4 (import ipywidgets)" in w and "live widget" in w for w in result.warnings)


def test_every_figure_has_alt_text(built: BuildReport) -> None:
    for name, html in _pages(built).items():
        assert images_without_alt(html) == [], name


def test_the_index_links_each_built_page_in_course_order(
    built: BuildReport, content: Content
) -> None:
    assert built.index is not None
    index = built.index.read_text(encoding="utf-8")
    built_pages = [
        info.id for info in content.notebooks if (built.out_dir / f"{info.id}.html").exists()
    ]
    links = re.findall(r'<a href="(\d\d_\w+)\.html">', index)
    assert links[: len(built_pages)] == built_pages
    assert WIDGETS in links and BROKEN not in links
    # Whitespace as a reader sees it (the words come whole from leadlib.handouts.words).
    total = sum(i.minutes for i in content.notebooks)
    assert f"about {total} minutes in all" in " ".join(index.split())


# ---------------------------------------------------------------- in a real browser


@pytest.fixture(scope="module")
def browser(request: pytest.FixtureRequest) -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM}; install it (sudo apt-get install chromium)"
        if os.environ.get("LEADLIB_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    # one Playwright per process, shared with the JupyterLab tests (tests/conftest.py)
    playwright = request.getfixturevalue("playwright_driver")
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
    yield chromium
    chromium.close()


def _offline_page(browser: Any, **options: Any) -> tuple[Any, list[str], list[str]]:
    page = browser.new_page(**options)
    requests: list[str] = []
    console: list[str] = []

    def block(route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            requests.append(url)
            route.abort()

    page.route("**/*", block)
    page.on(
        "console", lambda m: console.append(f"{m.type}: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: None)
    return page, requests, console


def test_every_page_opens_offline_without_a_request_or_a_console_error(
    built: BuildReport, browser: Any
) -> None:
    pages = [Path(r.output) for r in built.results if r.output] + [built.out_dir / "index.html"]
    for path in pages:
        page, requests, console = _offline_page(browser)
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_timeout(200)
        assert requests == [], f"{path.name} tried to load {requests}"
        assert console == [], f"{path.name}: {console}"
        assert page.evaluate("document.scripts.length") == 0
        page.close()


def test_axe_finds_no_serious_or_critical_problem(built: BuildReport, browser: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    pages = [Path(r.output) for r in built.results if r.output] + [built.out_dir / "index.html"]
    for path in pages:
        page, requests, _ = _offline_page(browser)
        page.goto(path.as_uri())
        results = axe.run(page)
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert bad == [], f"{path.name}: {bad}"
        assert requests == [], f"axe made {path.name} fetch {requests}"
        page.close()


def test_pages_print_on_a4_and_letter_without_anything_cut_off(
    built: BuildReport, browser: Any
) -> None:
    """Screenshots (screen, print A4, print Letter) land in build/screenshots/handouts."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    sizes = {"screen": (1000, 900), "print-a4": (680, 1000), "print-letter": (720, 950)}
    for result in built.results:
        if not result.output:
            continue
        for label, (width, height) in sizes.items():
            page, _, _ = _offline_page(browser, viewport={"width": width, "height": height})
            page.goto(Path(result.output).as_uri())
            if label != "screen":
                page.emulate_media(media="print")
            # Chromium clips what sticks out of the printed area, so nothing may.
            too_wide = page.evaluate(
                """() => [...document.querySelectorAll('main *')].filter(
                    e => e.getBoundingClientRect().right > innerWidth + 1)
                    .map(e => e.outerHTML.slice(0, 60)).slice(0, 5)"""
            )
            assert too_wide == [], f"{result.name} ({label}): wider than the page: {too_wide}"
            page.screenshot(path=str(SCREENSHOTS / f"{result.name}-{label}.png"), full_page=True)
            page.close()


def test_pdfs_are_printed_through_chromium(built: BuildReport, browser: Any) -> None:
    del browser  # only to skip when Chromium is missing
    subset = BuildReport(
        out_dir=built.out_dir,
        results=[r for r in built.results if r.name == WIDGETS],
        index=built.index,
    )
    write_pdfs(subset, paper="letter", jobs=2)
    assert subset.pdf_problems == []
    assert [p.name for p in subset.pdfs] == [f"{WIDGETS}.pdf", "index.pdf"]
    for pdf in subset.pdfs:
        assert pdf.read_bytes().startswith(b"%PDF")
        shutil.copy(pdf, SCREENSHOTS / pdf.name)
