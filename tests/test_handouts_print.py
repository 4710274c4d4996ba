"""Printed handouts: page numbers and running title, answer keys apart (facilitator pack,
--keys-at-end from a new page), no on-screen wording on paper, and the blank charts to fill in.

Without a kernel: the preprocessor and exporter run on notebooks made here, and the
print wording is checked on the course's committed notebooks. One test prints a page
with Chromium (skipped only when Chromium is not installed)."""

from __future__ import annotations

import base64
import itertools
import re
import subprocess
from dataclasses import replace
from html import escape
from pathlib import Path

import nbformat
import pytest
from nbformat import v4

from leadlib.content import load_content
from leadlib.delegation import TaskContext, unbounded_band
from leadlib.handouts.convert import handout_exporter
from leadlib.handouts.facilitator import Pull, _likely_and_handle, disagreement, facilitator_html
from leadlib.handouts.pdf import find_chromium, print_pdf
from leadlib.handouts.print_words import PRINT_PHRASES, print_version, screen_words
from leadlib.handouts.words import css_string, page_words
from leadlib.i18n import _
from leadlib.models import Level3, Scenario
from leadlib.plots.blank import blank_charts
from leadlib.widgets import worksheets
from tests.pdf_pages import pdf_page_count

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))


def _notebook(*html_outputs: str, markdown: str = "# Title\n\nText.") -> nbformat.NotebookNode:
    nb = v4.new_notebook()
    nb.cells = [v4.new_markdown_cell(markdown)]
    for html in html_outputs:
        cell = v4.new_code_cell("ex.show()")
        cell.outputs = [v4.new_output("display_data", data={"text/html": html})]
        nb.cells.append(cell)
    return nb


def _export(nb: nbformat.NotebookNode, **handout: object) -> tuple[str, dict]:  # type: ignore[type-arg]
    words = page_words("01_two_roles", 20, "Two roles", "A course")
    resources = {"metadata": {"name": "01_two_roles"}, "handout": {"words": words, **handout}}
    return handout_exporter().from_notebook_node(nb, resources=resources)


# Page numbers and running title ------------------------------------------------------


def test_every_page_has_a_running_title_and_page_n_of_m() -> None:
    html, _ = _export(_notebook())
    assert re.search(r'@top-left \{ content: "Two roles \| A course"; \}', html)
    assert 'content: "Page " counter(page) " of " counter(pages)' in html


def test_a_title_cannot_break_out_of_the_css_string() -> None:
    assert css_string('a "b" \\ </style>') == '"a \\"b\\" \\\\ \\3c /style>"'


@pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed")
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_chromium_prints_the_page_numbers_on_every_page(tmp_path: Path, paper: str) -> None:
    content = load_content()
    page = tmp_path / "01_two_roles.html"
    html, _ = _export(_notebook(*[worksheets.quiz(content)] * 3))
    page.write_text(html, encoding="utf-8")
    pdf = print_pdf(page, tmp_path / "out.pdf", chromium=find_chromium() or "", paper=paper)
    pages = pdf_page_count(pdf)
    assert pages >= 2
    try:
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
    except FileNotFoundError:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in text
    assert text.count("Two roles | A course") == pages


# Headings keep with what follows -----------------------------------------------------


def _lead_in_notebook(filler: list[int]) -> nbformat.NotebookNode:
    """Sections of varying length, each ending in a heading and its instructions over a
    self-check: wherever the pages break, some heading lands near the foot of a page."""
    content = load_content()
    sentence = "Managers keep the daily work running while they set a direction. "
    nb = v4.new_notebook()
    nb.cells = [v4.new_markdown_cell("# Title\n\nText.")]
    for number, sentences in enumerate(filler, start=1):
        nb.cells.append(v4.new_markdown_cell(f"## Reading {number}\n\n{sentence * sentences}"))
        nb.cells.append(
            v4.new_markdown_cell(f"## Check yourself {number}\n\nThree questions on the notebook.")
        )
        cell = v4.new_code_cell("ex.self_check()")
        cell.outputs = [
            v4.new_output(
                "display_data", data={"text/html": worksheets.self_check(content, "02_leadership")}
            )
        ]
        nb.cells.append(cell)
    return nb


def test_a_heading_over_an_exercise_is_tagged_to_keep_with_it() -> None:
    nb = _lead_in_notebook([3])
    nb.cells.insert(2, v4.new_markdown_cell("Some words.\n\n### A heading at the end"))
    html, _ = _export(nb)
    cells = re.findall(
        r'<div class="jp-Cell jp-MarkdownCell.*?</div>\s*</div>\s*</div>', html, re.S
    )
    tagged = {
        re.search(r"<h\d[^>]*>(.*?)</h\d>", c).group(1)  # type: ignore[union-attr]
        for c in cells
        if "celltag_handout-keep-with-next" in c
    }
    assert tagged == {"Check yourself 1", "A heading at the end"}
    css = re.sub(r"\s+", " ", html)
    assert ".jp-MarkdownCell:has(.celltag_handout-keep-with-next) { break-after: avoid;" in css
    assert "h1, h2, h3, h4 { break-after: avoid;" in css


@pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed")
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_chromium_never_ends_a_page_with_a_heading_over_an_exercise(
    tmp_path: Path, paper: str
) -> None:
    page = tmp_path / "01_two_roles.html"
    html, _ = _export(_lead_in_notebook([2, 9, 5, 14, 7, 11, 3, 16, 6, 12]))
    page.write_text(html, encoding="utf-8")
    pdf = print_pdf(page, tmp_path / "out.pdf", chromium=find_chromium() or "", paper=paper)
    pages = pdf_page_count(pdf)
    try:
        texts = [
            subprocess.run(
                ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            for n in range(1, pages + 1)
        ]
    except FileNotFoundError:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    headings = ("Reading ", "Check yourself ")
    for number, text in enumerate(texts, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        lines = [line for line in lines if not re.fullmatch(r"Page \d+ of \d+", line)]
        if number < pages:
            assert not lines[-1].startswith(headings), (
                f"page {number} of {pages} ({paper}) ends with a heading: {lines[-2:]}"
            )
        # a heading over an exercise shares its page with the exercise's first question
        for at, line in enumerate(lines):
            if re.fullmatch(r"Check yourself \d+", line):
                assert any(later.startswith("1.") for later in lines[at:]), (
                    f"page {number} of {pages} ({paper}): '{line}' without its exercise"
                )


# Answer keys apart -------------------------------------------------------------------


def test_answer_keys_are_taken_out_of_the_handout_into_resources() -> None:
    content = load_content()
    html, resources = _export(_notebook(worksheets.quiz(content), worksheets.balance(content)))
    assert "leadlib-answer-key" not in html.split("</style>")[-1]
    assert "Answer key" not in html
    keys = resources["handout_keys"]
    assert len(keys) == 2 and all('class="leadlib-answer-key"' in k for k in keys)
    assert "Classify the behaviour" in html, "the worksheet itself stays"


def test_keys_at_end_come_last_from_a_new_page_and_say_how_to_print_them() -> None:
    content = load_content()
    html, _ = _export(_notebook(worksheets.quiz(content)), keys_at_end=True)
    body = html.split("<main>")[1]
    assert body.count('class="leadlib-answer-key"') == 1
    keys = body.index('class="handout-keys"')
    assert body.index("Classify the behaviour") < body.index("</footer>") < keys
    assert body[keys:].rstrip().replace("\n", "").endswith("</section></body></html>"), (
        "the keys come last"
    )
    assert re.search(r"\.handout-keys \{ break-before: page; page-break-before: always;", html)
    # Chromium gives a new page, not a front page: the note must not promise a sheet
    note = re.search(r'<p class="handout-keys-note">(.*?)</p>', body, re.S)
    assert note and "new page" in note.group(1) and "single-sided" in note.group(1)
    assert "sheet of" not in note.group(1) and "new sheet" not in note.group(1)


def test_the_facilitator_pack_holds_every_part_and_no_script() -> None:
    content = load_content()
    keys = {"Two roles": ['<section class="leadlib-answer-key">KEY-ONE</section>']}
    html = facilitator_html(content, keys)
    for part in (
        "Agenda",
        "Materials",
        "The delegation round",
        "Likely disagreements",
        "Debrief questions",
        "Answer keys",
        "Team summary",
    ):
        assert f"<h2>{part}" in html
    assert "KEY-ONE" in html and "<script" not in html
    assert html.count("<tr><td>") >= len(content.scenarios) + len(content.notebooks)
    for scenario in content.scenarios:
        assert escape(scenario.title) in html
    starts = re.findall(r"<tr><td>(\d+):(\d\d)</td><td>(\d+)</td>", html)
    times = [int(h) * 60 + int(m) for h, m, _ in starts]
    assert times == sorted(times) and times[0] == 0
    assert all(
        t + int(d) == n for (t, (_h, _m, d), n) in zip(times, starts, times[1:], strict=False)
    )


def _scenario(competence: str, commitment: str, risk: str, urgency: str) -> Scenario:
    return Scenario(
        "s",
        "A scenario",
        "A person",
        "A decision",
        Level3(competence),
        Level3(commitment),
        Level3(risk),
        Level3(urgency),
    )


def _band_with_medium(scenario: Scenario, facts: tuple[Pull, ...]) -> tuple[int, int]:
    context = TaskContext.of(scenario)
    return unbounded_band(replace(context, **{p.fact: Level3.MEDIUM for p in facts}))


ALL_SCENARIOS = [
    _scenario(*combo) for combo in itertools.product(("low", "medium", "high"), repeat=4)
]


@pytest.mark.parametrize(
    "scenario",
    ALL_SCENARIOS,
    ids=lambda s: "-".join(f.value for f in (s.competence, s.commitment, s.risk, s.urgency)),
)
def test_each_side_of_a_likely_disagreement_really_moves_the_band_that_way(
    scenario: Scenario,
) -> None:
    """Checked against the rules (leadlib.delegation) for every combination of the four
    facts: what the pack names as pulling towards control lifts the band when set to
    medium, what it names as pulling towards handing over lowers it; a fact named as a
    misreading does not move the band the way it seems to."""
    found = disagreement(scenario)
    band = sum(unbounded_band(TaskContext.of(scenario)))
    assert (found.kind == "split") == bool(found.tighter and found.looser)
    if found.tighter:
        assert sum(_band_with_medium(scenario, found.tighter)) > band
    if found.looser:
        assert sum(_band_with_medium(scenario, found.looser)) < band
    for pull in found.misreads:
        moved = sum(_band_with_medium(scenario, (pull,))) - band
        # set to medium, a fact that pulls the way it seems would move the band back
        assert -moved * pull.first_sight <= 0, pull
    named = {p.fact for p in found.tighter + found.looser + found.misreads}
    for fact in ("competence", "commitment", "risk", "urgency"):
        if getattr(scenario, fact) is Level3.MEDIUM:
            assert fact not in named


def test_the_pack_does_not_call_every_scenario_a_split() -> None:
    content = load_content()
    kinds = {s.id: disagreement(s).kind for s in content.scenarios}
    assert len(set(kinds.values())) >= 3, kinds
    html = facilitator_html(content, {})
    assert html.count("A split:") == list(kinds.values()).count("split")
    assert "A split:" in html and "Expect little disagreement." in html


def test_a_keen_beginner_is_not_a_split_and_keenness_is_named_as_a_misreading() -> None:
    # low competence, high commitment, high risk: everything real points to control
    found = disagreement(_scenario("low", "high", "high", "medium"))
    assert found.kind == "control"
    assert [p.fact for p in found.misreads] == ["commitment"]
    likely, handle = _likely_and_handle(found)
    assert "hand over more because of high commitment" in likely
    assert "Read the rule on commitment" in handle


def test_urgency_with_a_capable_person_is_a_misreading_towards_control() -> None:
    found = disagreement(_scenario("high", "high", "high", "high"))
    assert found.kind == "split"
    assert [p.fact for p in found.tighter] == ["risk"]
    assert "urgency" in [p.fact for p in found.looser]
    assert [p.fact for p in found.misreads] == ["urgency"]
    assert "no time to escalate" in _likely_and_handle(found)[0]


def test_a_pull_hidden_by_the_end_of_the_scale_still_counts() -> None:
    # capable, committed, low risk: the band is pushed past 7 and moved back to 5-7
    found = disagreement(_scenario("high", "high", "low", "medium"))
    assert found.kind == "hand_over"
    assert {p.fact for p in found.looser} == {"competence", "commitment", "risk"}
    assert found.misreads == ()


# Print wording -----------------------------------------------------------------------


def test_screen_words_are_found() -> None:
    assert screen_words("Then set the slider and click Next scenario.")
    assert not screen_words("Tick a box and circle a level with a pen.")


def test_a_section_for_the_screen_only_is_left_out_and_phrases_are_replaced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from leadlib.handouts import print_words

    monkeypatch.setitem(print_words.PRINT_SECTIONS, "If something stops responding", None)
    assert print_version("## If something stops responding\n\nRestart the kernel.") is None
    assert print_version("## Using the exercises\n\nClick a button.") == _(
        print_words.PRINT_SECTIONS["Using the exercises"] or ""
    )
    printed = print_version("Choose a situation. Then set the slider\nto the share of it.")
    assert printed is not None and "slider" not in printed and "mark on the bar" in printed


def _handout_outputs(source: str, namespace: dict[str, object]) -> list[nbformat.NotebookNode]:
    """What a code cell of the course displays in handout mode, as the build's kernel
    would show it: each ``display()`` and the value of the cell's last expression."""
    import ast

    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    shell = InteractiveShell.instance()
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    with capture_output(display=True) as captured:
        exec(compile(tree, "<cell>", "exec"), namespace)
        value = (
            eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace) if last else None
        )
    outputs = [
        v4.new_output("display_data", data=shown.data, metadata=shown.metadata)
        for shown in captured.outputs
    ]
    if value is not None:
        data, metadata = shell.display_formatter.format(value)
        outputs.append(v4.new_output("execute_result", data=data, metadata=metadata))
    return outputs


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_course_handout_says_on_paper_what_only_works_on_screen(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page the build makes of each notebook, markdown and exercises alike: the
    exercises are shown as the build's kernel shows them (handout mode, an empty journal),
    then the handout preprocessor runs; any note about on-screen wording fails."""
    monkeypatch.setenv("LEADLIB_MODE", "handout")
    monkeypatch.setenv("LEADLIB_HOME", str(tmp_path))
    nb = nbformat.read(path, as_version=4)
    namespace: dict[str, object] = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = _handout_outputs(cell.source, namespace)
    words = page_words(path.stem, 20, path.stem, "A course")
    resources = {"metadata": {"name": path.stem}, "handout": {"words": words}}
    _html, resources = handout_exporter().from_notebook_node(nb, resources=resources)
    assert any(cell.cell_type == "code" and cell.outputs for cell in nb.cells), path.name
    notes = [n for n in resources["handout_warnings"] if "only works on screen" in n]
    assert not notes, f"{path.name}: " + "\n".join(notes)


def test_every_print_phrase_is_itself_free_of_screen_words() -> None:
    for _screen, printed in PRINT_PHRASES:
        assert not screen_words(printed), printed


# Blank charts ------------------------------------------------------------------------


def test_the_blank_charts_are_drawn_with_alt_text() -> None:
    charts = blank_charts(load_content())
    assert set(charts) == {"radar", "grid", "bar", "board"}
    for name, chart in charts.items():
        assert chart.png().startswith(b"\x89PNG"), name
        assert "blank" in chart.alt and "fill in" in chart.alt, name


def test_the_blank_board_gives_no_answer_away() -> None:
    content = load_content()
    chart = blank_charts(content)["board"]
    assert "Recommended" not in chart.alt and "fit" not in chart.alt


@pytest.mark.parametrize(
    ("kind", "charts"),
    [
        ("profile", ["radar", "grid"]),
        ("balance", ["bar"]),
        ("delegation", ["board"]),
        ("delegation-board", ["board"]),
    ],
)
def test_charts_to_fill_in_follow_their_worksheet(kind: str, charts: list[str]) -> None:
    html, _ = _export(
        _notebook(
            f'<section class="leadlib-worksheet leadlib-worksheet-{kind}"><h3>W</h3></section>'
        )
    )
    images = re.findall(r"<img [^>]+>", html)
    assert len(images) == len(charts)
    for tag in images:
        data = re.search(r'src="data:image/png;base64,([^"]+)"', tag)
        alt = re.search(r'alt="([^"]+)"', tag)
        assert data and base64.b64decode(data.group(1)).startswith(b"\x89PNG")
        assert alt and "blank" in alt.group(1)


def test_a_chart_is_printed_once_per_page_after_the_first_worksheet_that_asks() -> None:
    section = '<section class="leadlib-worksheet leadlib-worksheet-{kind}"><h3>W</h3></section>'
    html, resources = _export(
        _notebook(section.format(kind="delegation"), section.format(kind="delegation-board"))
    )
    assert html.count("handout-blank-board") == 1
    assert resources["handout_charts"] == 1
    first, second = html.split("leadlib-worksheet-delegation-board")
    assert "handout-blank-board" in first, "the board follows the delegation worksheet"


def test_charts_drawn_once_by_the_builder_are_used_as_given() -> None:
    """The builder draws the blank charts once and hands them to every page: a page
    then draws none itself (no matplotlib in the notebooks' processes)."""
    section = '<section class="leadlib-worksheet leadlib-worksheet-balance"><h3>W</h3></section>'
    given = {"bar": (base64.b64encode(b"\x89PNG given").decode("ascii"), "a blank bar, given")}
    html, _ = _export(_notebook(section), blank_charts=given)
    assert 'alt="a blank bar, given"' in html
    assert given["bar"][0] in html


def test_the_page_count_is_read_from_the_root_of_the_page_tree(tmp_path: Path) -> None:
    """Chromium nests the pages in trees of 8: a nested tree's /Count comes first."""
    pdf = tmp_path / "nested.pdf"
    pdf.write_bytes(
        b"%PDF-1.4\n"
        b"3 0 obj << /Type /Pages /Parent 2 0 R /Count 8 /Kids [] >> endobj\n"
        b"4 0 obj << /Type /Pages /Parent 2 0 R /Count 5 /Kids [] >> endobj\n"
        b"12 0 obj << /Type /Pages /Count 99 /Kids [] >> endobj\n"
        b"2 0 obj << /Type /Pages /Count 13 /Kids [3 0 R 4 0 R] >> endobj\n"
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"trailer << /Size 13 /Root 1 0 R >>\n%%EOF\n"
    )
    assert pdf_page_count(pdf) == 13
