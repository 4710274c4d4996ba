"""Printed handouts laid out for paper: a worksheet's title printed once under the same
heading, the key points never alone on a last page, and in the facilitator pack each
answer key on a sheet of its own.

The exporter runs on notebooks made here (no kernel) and on the course's committed
notebooks; the layout tests print with Chromium (skipped only when Chromium or
pdftotext is not installed)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbformat import v4

from leadlib.content import load_content
from leadlib.handouts.convert import handout_exporter
from leadlib.handouts.facilitator import facilitator_html
from leadlib.handouts.pdf import find_chromium, print_pdf
from leadlib.handouts.words import page_words
from leadlib.widgets import worksheets
from tests.pdf_pages import pdf_page_count

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))
printing = pytest.mark.skipif(
    find_chromium() is None or shutil.which("pdftotext") is None,
    reason="Chromium or pdftotext (poppler-utils) is not installed",
)


def _cell(html: str) -> nbformat.NotebookNode:
    cell = v4.new_code_cell("ex.show()")
    cell.outputs = [v4.new_output("display_data", data={"text/html": html})]
    return cell


def _export(nb: nbformat.NotebookNode, name: str = "01_two_roles") -> tuple[str, dict]:  # type: ignore[type-arg]
    words = page_words(name, 20, "Two roles", "A course")
    resources = {"metadata": {"name": name}, "handout": {"words": words}}
    return handout_exporter().from_notebook_node(nb, resources=resources)


def _headings(html: str) -> list[str]:
    """The text of every heading of the page's body, in order."""
    body = html.split("<main>", 1)[1]
    return [
        " ".join(re.sub(r"<[^>]+>", "", text).replace("¶", "").split())
        for text in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", body, re.S)
    ]


def _page_texts(pdf: Path) -> list[str]:
    pages = pdf_page_count(pdf)
    return [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, pages + 1)
    ]


# A worksheet's title printed once ----------------------------------------------------


def test_a_worksheet_title_that_repeats_the_heading_above_prints_once() -> None:
    content = load_content()
    nb = v4.new_notebook()
    nb.cells = [
        v4.new_markdown_cell("# Title\n\nText."),
        v4.new_markdown_cell("## Check yourself\n\nThree questions on the notebook."),
        _cell(worksheets.self_check(content, "02_leadership")),
        v4.new_markdown_cell("## Practise first\n\nThe same questions, for practice."),
        _cell(worksheets.self_check(content, "02_leadership")),
    ]
    html, _ = _export(nb)
    assert _headings(html) == ["Title", "Check yourself", "Practise first", "Check yourself"]
    assert html.count("<strong>1.</strong>") == 2, "both worksheets keep their questions"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_course_handout_prints_a_heading_twice_in_a_row(path: Path) -> None:
    html, _ = _export(nbformat.read(path, as_version=4), path.stem)
    headings = [h.casefold() for h in _headings(html)]
    repeated = [a for a, b in zip(headings, headings[1:], strict=False) if a == b]
    assert repeated == [], f"{path.name}: printed twice in a row: {repeated}"
    assert "check yourself" in headings


# The key points stay with the end of the last worksheet ------------------------------


def _ending(sentences: int) -> nbformat.NotebookNode:
    """A notebook that ends as the course's do: a reflection, the key points and the
    links; ``sentences`` of reading before, to move where the pages break."""
    content = load_content()
    sentence = "Managers keep the daily work running while they set a direction. "
    nb = v4.new_notebook()
    nb.cells = [
        v4.new_markdown_cell("# Title\n\nText."),
        v4.new_markdown_cell(f"## Reading\n\n{sentence * sentences}"),
        v4.new_markdown_cell("## Reflect\n\nWrite a few lines in the box."),
        _cell(worksheets.reflection(content, "02_leadership")),
        v4.new_markdown_cell(
            "## Key points\n\n"
            + "".join(f"- Key point number {n}, one line long.\n" for n in range(1, 5))
        ),
        _cell('<p class="nav">Previous: Start | Course map | Next: Leadership</p>'),
    ]
    return nb


def _last_page(html: str, tmp_path: Path, paper: str) -> tuple[int, str]:
    page = tmp_path / "01_two_roles.html"
    page.write_text(html, encoding="utf-8")
    pdf = print_pdf(page, tmp_path / "out.pdf", chromium=find_chromium() or "", paper=paper)
    texts = _page_texts(pdf)
    return len(texts), texts[-1]


@printing
@pytest.mark.parametrize(
    "paper,sentences",
    # Reading long enough to leave room for the reflection, not for the key points after
    # it (found by printing 40-110 sentences on this computer's fonts).
    [("a4", 100), ("a4", 106), ("letter", 94), ("letter", 98)],
)
def test_the_key_points_never_stand_alone_on_the_last_page(
    tmp_path: Path, paper: str, sentences: int
) -> None:
    html, _ = _export(_ending(sentences))
    head, body = html.split("<body", 1)
    assert "celltag_handout-keep-with-previous" in body, "the key points are tagged"
    untagged = head + "<body" + body.replace("celltag_handout-keep-with-previous", "")
    pages_before, last_before = _last_page(untagged, tmp_path, paper)
    assert "Write a few lines" not in last_before, "without the tag, the key points are alone"
    pages, last = _last_page(html, tmp_path, paper)
    assert "Write a few lines" in last and "Reflection" in last, (
        f"{paper}, {sentences} sentences: the reflection does not share the last page"
    )
    assert all(f"Key point number {n}" in last for n in range(1, 5)), "the key points split"
    assert pages <= pages_before, "keeping them together added a page"


# The facilitator pack: each answer key on a sheet of its own -------------------------


def _keys_of(*html_outputs: str) -> list[str]:
    nb = v4.new_notebook()
    nb.cells = [v4.new_markdown_cell("# Title")] + [_cell(html) for html in html_outputs]
    return list(_export(nb)[1]["handout_keys"])


def test_the_pack_puts_each_key_in_a_sheet_of_its_own_with_its_notebook_title() -> None:
    content = load_content()
    keys = {
        "Two roles": _keys_of(
            worksheets.quiz(content), worksheets.self_check(content, "01_two_roles")
        ),
        "Leadership": _keys_of(worksheets.self_check(content, "02_leadership")),
    }
    html = facilitator_html(content, keys)
    sheets = re.findall(r'<section class="facilitator-key-sheet">(.*?)</section></div>', html, re.S)
    assert [re.search(r"<h3[^>]*>(.*?)</h3>", s).group(1) for s in sheets] == [  # type: ignore[union-attr]
        "Two roles",
        "Two roles",
        "Leadership",
    ]
    assert all(s.count('class="leadlib-answer-key"') == 1 for s in sheets)
    assert "single-sided" in html and "on its own sheet." not in html


@printing
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_chromium_starts_each_key_of_the_pack_on_a_new_page(tmp_path: Path, paper: str) -> None:
    """Printed single-sided, as the pack says, a new page is a new sheet: no page holds
    two keys, or a key and the debrief questions or the team summary before or after."""
    content = load_content()
    keys = {
        "Start here": _keys_of(worksheets.self_check(content, "00_start_here")),
        "Two roles": _keys_of(
            worksheets.quiz(content), worksheets.self_check(content, "01_two_roles")
        ),
        "Leadership": _keys_of(worksheets.self_check(content, "02_leadership")),
        "Finding the balance": _keys_of(worksheets.balance(content)),
    }
    page = tmp_path / "facilitator.html"
    page.write_text(facilitator_html(content, keys), encoding="utf-8")
    texts = _page_texts(
        print_pdf(page, tmp_path / "out.pdf", chromium=find_chromium() or "", paper=paper)
    )
    starts = [n for n, text in enumerate(texts) if "Answer key:" in text]
    assert len(starts) == 5, f"{paper}: keys start on pages {starts}, not on 5 pages"
    last_question = "Which one change will you make next week"
    for n in starts:
        text = texts[n]
        assert text.count("Answer key:") == 1, f"{paper}, page {n + 1}: two keys share it"
        assert last_question not in text and "Team summary" not in text, (
            f"{paper}, page {n + 1}: a key shares its page with the facilitator's own pages"
        )
    titles = [next(t for t in keys if t in texts[n]) for n in starts]
    assert titles == ["Start here", "Two roles", "Two roles", "Leadership", "Finding the balance"]
    assert "Answer keys" in texts[starts[0]], "the section's heading stays with the first key"
    assert "Team summary" in texts[-1] and "Answer key" not in texts[-1]
