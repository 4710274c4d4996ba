"""Where printed pages break: which notebook cells start a page (a section holding an
exercise's worksheet), which keep with the next cell (a heading leading into an
exercise or a chart) and which keep with the one before (the key points closing a
notebook stay with its last worksheet); and a worksheet's own title that only repeats
the heading printed just above it. Tags set here are read by the handout template's CSS.

Pure functions over nbformat cells; must not import nbconvert, matplotlib or widgets.
"""

from __future__ import annotations

import html
import re

from nbformat import NotebookNode

SECTION_TAG = "handout-section-start"
#: A markdown cell that leads into what follows (a heading over an exercise or a chart,
#: or a cell that ends in a heading): printed on the same page as the start of it.
KEEP_TAG = "handout-keep-with-next"
#: The markdown after a notebook's last worksheet (its key points): printed on the same
#: page as the end of that worksheet, never alone on a last page.
KEEP_PREVIOUS_TAG = "handout-keep-with-previous"
#: Worksheets small enough to run on after the text before them (no page break).
MINOR_WORKSHEETS = frozenset({"self-check", "reflection", "export"})
_WORKSHEET_KIND = re.compile(r"\bleadlib-worksheet-([\w-]+)")


def is_section_start(cell: NotebookNode) -> bool:
    """A markdown cell with a level-2 heading: a major section of the notebook."""
    return cell.cell_type == "markdown" and bool(re.search(r"^## ", cell.source, re.MULTILINE))


def worksheet_kinds(cell: NotebookNode) -> list[str]:
    kinds: list[str] = []
    for output in cell.get("outputs", []):
        html = output.get("data", {}).get("text/html", "")
        kinds.extend(_WORKSHEET_KIND.findall("".join(html) if isinstance(html, list) else html))
    return kinds


def mark_major_sections(cells: list[NotebookNode]) -> None:
    """Tag the level-2 heading of each section that holds an exercise worksheet, so that
    it starts a new printed page; short reading sections run on. The first section never
    breaks (it follows the title), and a tag the author set by hand is kept."""
    starts = [i for i, cell in enumerate(cells) if is_section_start(cell)]
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(cells)
        kinds = [kind for cell in cells[start:end] for kind in worksheet_kinds(cell)]
        if number == 0 or not any(kind not in MINOR_WORKSHEETS for kind in kinds):
            continue
        tags = list(cells[start].metadata.get("tags", []))
        if SECTION_TAG not in tags:
            cells[start].metadata["tags"] = [*tags, SECTION_TAG]


_ANY_HEADING = re.compile(r"^#{1,6}\s", re.MULTILINE)
_LAST_LINE_HEADING = re.compile(r"^#{1,6}\s[^\n]*\s*\Z", re.MULTILINE)


def mark_lead_ins(cells: list[NotebookNode]) -> None:
    """Tag each markdown cell whose heading would otherwise end a printed page: one with a
    heading followed by a code cell that shows something (an exercise's worksheet, a
    chart), and one that ends in a heading. The handout's CSS keeps a tagged cell on the
    same page as the start of the next cell (break-after: avoid)."""
    for cell, following in zip(cells, cells[1:], strict=False):
        if cell.cell_type != "markdown" or not _ANY_HEADING.search(cell.source):
            continue
        leads_in = following.cell_type == "code" and bool(following.get("outputs"))
        if leads_in or _LAST_LINE_HEADING.search(cell.source):
            tags = list(cell.metadata.get("tags", []))
            if KEEP_TAG not in tags:
                cell.metadata["tags"] = [*tags, KEEP_TAG]


#: A worksheet's title: ``<section class="leadlib-worksheet ...">`` (in the static form's
#: ``<div>`` or not), its ``<style>``, ``<h3>``.
_WORKSHEET_TITLE = re.compile(
    r"(?P<open>\A\s*(?:<div\b[^>]*>\s*)*<section\b[^>]*\bleadlib-worksheet\b[^>]*>\s*"
    r"(?:<style\b[^>]*>.*?</style>\s*)?)<h3>(?P<title>.*?)</h3>",
    re.DOTALL,
)
_HEADING_LINE = re.compile(r"^#{1,6}\s+(?P<text>.+?)\s*#*\s*$", re.MULTILINE)


def _words(text: str) -> str:
    """Letters and digits only, casefolded: "**Check yourself!**" and "Check yourself"
    are the same title."""
    plain = html.unescape(re.sub(r"<[^>]+>", "", text))
    return " ".join(re.findall(r"\w+", plain.casefold()))


def drop_repeated_titles(cells: list[NotebookNode]) -> int:
    """Remove a worksheet's own ``<h3>`` title where it only repeats the heading printed
    just above it (the last heading of the markdown cell before the worksheet's cell):
    "## Check yourself" followed by a worksheet titled "Check yourself" prints it once.
    A title that says something else is kept. Returns how many titles were removed."""
    removed = 0
    heading = ""
    for cell in cells:
        if cell.cell_type == "markdown":
            found = _HEADING_LINE.findall(cell.source)
            heading = _words(found[-1]) if found else ""
            continue
        if cell.cell_type != "code" or not heading:
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            page = data.get("text/html")
            if page is None:
                continue
            page = "".join(page) if isinstance(page, list) else page
            match = _WORKSHEET_TITLE.match(page)
            if match and _words(match.group("title")) == heading:
                data["text/html"] = match.group("open") + page[match.end() :]
                removed += 1
                break
        if cell.get("outputs"):
            heading = ""
    return removed


def mark_closing_cells(cells: list[NotebookNode]) -> None:
    """Tag each markdown cell after the notebook's last worksheet (its key points) to keep
    with what is printed before it (break-before: avoid), so that a last page never
    holds the key points alone: the end of the last worksheet comes over with them."""
    last = max(
        (i for i, cell in enumerate(cells) if cell.cell_type == "code" and worksheet_kinds(cell)),
        default=None,
    )
    if last is None:
        return
    for cell in cells[last + 1 :]:
        if cell.cell_type == "markdown" and cell.source.strip():
            tags = list(cell.metadata.get("tags", []))
            if KEEP_PREVIOUS_TAG not in tags:
                cell.metadata["tags"] = [*tags, KEEP_PREVIOUS_TAG]
