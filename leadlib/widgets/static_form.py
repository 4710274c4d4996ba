"""The static form of an exercise, shown wherever its live widget cannot be: a notebook
on a code-hosting site, in nbviewer, converted to HTML, or opened in JupyterLab before it
runs.

An exercise's display bundle (``Exercise._repr_mimebundle_``) carries, beside the widget
view, the form built here:

- ``text/html``: the exercise's worksheet from ``leadlib.widgets.worksheets`` (the very
  renderer the handouts use), with a note that says how to use it, its answer key folded
  into a closed ``<details>``, and the charts the exercise shows as compressed PNG images
  with their alt text;
- ``text/plain``: the same worksheet as readable text (statements, scenarios, charts'
  descriptions), without the answer key.

JupyterLab draws the widget when its model lives in the running kernel; committed
notebooks keep no widget view (``leadlib.notebooks.normalize`` drops it), so every other
reader gets this form, and strict nbval compares it.

Must not import ipywidgets or matplotlib; Pillow is imported only to compress a chart.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterable, Sequence
from html import escape
from html.parser import HTMLParser

from ..i18n import N_, _

#: Said at the top of the static form (hidden by the live widget once the notebook runs).
STATIC_NOTE = N_(
    "The printed form of this exercise. To use it, run the notebook in JupyterLab "
    "(Run \u25b8 Run All Cells); your answers are saved as you go."
)
#: The summary line of a folded answer key.
KEY_HINT = N_("open it after the exercise")
#: Colours kept when a chart is compressed for the static form: the course's charts use a
#: small palette plus anti-aliasing, and 64 colours keep them sharp at a third of the size.
CHART_COLOURS = 64

#: Inline styles for the static form, by (tag, class). A notebook that has not been run
#: is untrusted: JupyterLab (like GitHub) removes its ``<style>`` elements but keeps
#: ``style`` attributes, and its own output styles right-align table cells and fix the
#: columns' widths. So the worksheet's look is written onto each element, short.
_CELL = "border:1px solid #777;padding:.3em .5em;text-align:left;vertical-align:top"
_STYLES: dict[tuple[str, str], str] = {
    ("table", ""): "border-collapse:collapse;width:100%;table-layout:auto;margin:.5em 0 1em",
    ("tr", ""): "text-align:left",
    ("td", ""): _CELL,
    ("th", ""): _CELL,
    ("td", "tick"): _CELL + ";text-align:center;white-space:nowrap",
    ("span", "circle"): (
        "display:inline-block;min-width:1.5em;line-height:1.5em;border:1px solid #555;"
        "border-radius:50%;text-align:center;margin:.1em"
    ),
    ("div", "line"): "border-bottom:1px solid #555;height:2em",
    ("p", "note"): "color:#333;font-style:italic",
    ("ul", "plain"): "list-style:none;padding-left:.2em;margin:.2em 0",
    ("div", "bar"): "position:relative;height:34px;border:2px solid #333;margin:6px 2em 34px 1em",
    ("div", "band"): (
        "position:absolute;top:0;bottom:0;background:rgba(0,158,115,.35);"
        "border-left:2px solid #00603f;border-right:2px solid #00603f"
    ),
}
#: A tick of a drawn scale (a span inside ``div.bar``): a line down across the bar, with
#: its number at its foot, as on a ruler.
_TICK = (
    "position:absolute;top:0;border-left:1px solid #999;padding:38px 0 0 2px;"
    "font-size:.85em;line-height:1"
)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_CLASS = re.compile(r"""\bclass=(["'])(.*?)\1""")
_STYLE = re.compile(r"""\bstyle=(["'])(.*?)\1""")
_STYLE_ELEMENT = re.compile(r"<style>.*?</style>", re.DOTALL)


def inline_styles(html: str) -> str:
    """``html`` with the worksheet's look written into ``style`` attributes (an element's
    own style still wins) and its ``<style>`` elements removed."""
    html = _STYLE_ELEMENT.sub("", html)
    divs: list[bool] = []  # for each open <div>: is it a drawn scale (div.bar)?
    header = False

    def restyle(match: re.Match[str]) -> str:
        nonlocal header
        closing, tag, attrs = match[1], match[2].lower(), match[3]
        if closing:
            if tag == "div" and divs:
                divs.pop()
            elif tag == "thead":
                header = False
            return match[0]
        found = _CLASS.search(attrs)
        classes = found[2].split() if found else []
        style = next(
            (_STYLES[(tag, c)] for c in classes if (tag, c) in _STYLES), _STYLES.get((tag, ""))
        )
        if tag == "span" and any(divs) and not classes:
            style = _TICK
        if tag == "thead":
            header = True
        elif tag == "th" and header:
            style = f"{_CELL};background:#eee"
        if tag == "div":
            divs.append("bar" in classes)
        if style is None:
            return match[0]
        own = _STYLE.search(attrs)
        if own:
            merged = f"{style};{own[2]}"
            attrs = attrs[: own.start()] + f'style="{merged}"' + attrs[own.end() :]
        else:
            attrs = f'{attrs} style="{style}"'
        end = "/" if attrs.endswith("/") else ""
        return f"<{tag}{attrs.rstrip('/')}{end}>"

    return _TAG.sub(restyle, html)


_ANSWER_KEY = re.compile(
    r'<section class="leadlib-answer-key"[^>]*>\s*<h3>(?P<title>.*?)</h3>'
    r'(?:\s*<p class="note">.*?</p>)?(?P<body>.*?)</section>',
    re.DOTALL,
)


def fold_answer_keys(html: str) -> str:
    """The worksheet with each answer key (printed on its own page in a handout) folded
    into a closed ``<details>``, so a reader does not see the answers by accident. The
    facilitator's cut-here note, meant for paper, is left out."""

    def fold(match: re.Match[str]) -> str:
        return (
            '<details class="leadlib-answer-fold"><summary><strong>'
            f"{match['title']}</strong> ({escape(_(KEY_HINT))})</summary>"
            f"{match['body']}</details>"
        )

    return _ANSWER_KEY.sub(fold, html)


def compact_png(png: bytes, colours: int = CHART_COLOURS) -> bytes:
    """``png`` re-encoded for storing in a notebook: at most ``colours`` colours (no
    dithering) and full compression. The same input always gives the same bytes."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        rgb = image.convert("RGB")
    small = rgb.quantize(colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def chart_figure(png: bytes, alt: str) -> str:
    """A chart as a ``<figure>``: the compressed image inline, its alt text, and the same
    description under "What the chart shows" (as the live widget offers it)."""
    data = base64.b64encode(compact_png(png)).decode("ascii")
    return (
        '<figure class="leadlib-static-chart" style="margin:.5em 0">'
        f'<img src="data:image/png;base64,{data}" alt="{escape(alt, quote=True)}" '
        'style="width:860px;max-width:100%;height:auto">'
        '<figcaption class="leadlib-chart-caption"><details>'
        f"<summary>What the chart shows</summary><p>{escape(alt)}</p>"
        "</details></figcaption></figure>"
    )


def notebook_html(worksheet_html: str, charts: Iterable[tuple[bytes, str]] = ()) -> str:
    """The static form as HTML: the note, the worksheet with its answer key folded, and
    the charts (PNG bytes, alt text) placed before the answer key."""
    html = inline_styles(fold_answer_keys(worksheet_html))
    note = f'<p class="leadlib-static-note"><em>{escape(_(STATIC_NOTE))}</em></p>'
    heading_end = html.find("</h3>")
    if heading_end >= 0:
        cut = heading_end + len("</h3>")
        html = html[:cut] + note + html[cut:]
    else:
        html = note + html
    figures = "".join(chart_figure(png, alt) for png, alt in charts)
    if figures:
        fold = html.find('<details class="leadlib-answer-fold"')
        end = html.rfind("</section>")
        at = fold if fold >= 0 else end if end >= 0 else len(html)
        html = html[:at] + figures + html[at:]
    return f'<div class="leadlib-static-form">{html}</div>'


# --------------------------------------------------------------------------- plain text

_SKIP = frozenset({"style", "script", "head", "title"})
_VOID = frozenset({"br", "img", "hr", "input", "meta", "link", "col", "wbr"})
#: Blocks followed by a blank line; the other blocks just end their line.
_PARAGRAPHS = frozenset({"p", "h1", "h2", "h3", "h4", "table", "ul", "ol", "figure", "section"})
_LINES = frozenset({"div", "li", "tr", "details", "summary", "figcaption", "caption", "thead"})
_UNDERLINE = {"h1": "=", "h2": "=", "h3": "=", "h4": "-"}
#: Left out of the text: answer keys, the note (the text says it in its first line) and
#: a chart's caption (the text gives its alt text already).
_HIDDEN_CLASSES = frozenset(
    {"leadlib-answer-key", "leadlib-answer-fold", "leadlib-static-note", "leadlib-chart-caption"}
)
WRITING_LINE = "_" * 40


class _TextMaker(HTMLParser):
    """HTML to readable text: headings underlined, table rows as cells joined by " | ",
    list items with "- " or their number, images and drawn scales as their alt text,
    lines to write on as a row of underscores; answer keys and style sheets left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.buffer: list[str] = []
        self.skip_depth = 0
        self.stack: list[tuple[str, bool]] = []  # open tags: (name, is a circled number)
        self.cells: list[str] | None = None  # the cells of the open table row
        self.cell_tag: str | None = None  # "td" or "th" while inside a cell
        self.lists: list[list[int]] = []  # per open list: [is ordered, next number]

    # -- output helpers
    def _text(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.buffer)).strip()

    def _end_line(self, blank: bool = False) -> None:
        text = self._text()
        self.buffer = []
        if text:
            if self.cells is not None:
                self.cells.append(text)
            else:
                self.lines.append(text)
        if blank and self.cells is None and self.lines and self.lines[-1] != "":
            self.lines.append("")

    # -- parser callbacks
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = set((found.get("class") or "").split())
        if self.skip_depth:
            if tag not in _VOID:
                self.skip_depth += 1
            return
        if tag in _SKIP or classes & _HIDDEN_CLASSES:
            self.skip_depth = 1
            return
        in_cell = self.cell_tag is not None
        described = None
        if found.get("role") == "img" and tag not in _VOID:
            described = f"[{found.get('aria-label') or 'drawing'}]"
            self.skip_depth = 1
        elif tag == "img":
            described = _("[Chart: {alt}]").format(alt=found.get("alt") or _("no description"))
        if described is not None:
            if in_cell:
                self.buffer.append(f" {described} ")
            else:
                self._end_line()
                self.lines.extend([described, ""])
            return
        if tag == "br":
            if in_cell:
                self.buffer.append(" " if self.cell_tag == "th" else "; ")
            else:
                self._end_line()
            return
        if tag in _VOID:
            return
        circle = "circle" in classes
        self.stack.append((tag, circle))
        if circle:
            self.buffer.append(" (")
        elif in_cell:  # blocks inside a table cell run on in the cell's text
            if tag == "li" and self._text():
                self.buffer.append("; ")
            elif tag in _PARAGRAPHS or tag in _LINES:
                self.buffer.append(" ")
        elif "line" in classes and tag == "div":
            self._end_line()
            self.lines.append(WRITING_LINE)
        elif tag == "tr":
            self._end_line()
            self.cells = []
        elif tag in ("td", "th"):
            self.buffer = []
            self.cell_tag = tag
        elif tag in ("ul", "ol"):
            self._end_line()
            self.lists.append([tag == "ol", 1])
        elif tag == "li":
            self._end_line()
            if self.lists:
                ordered, number = self.lists[-1]
                self.buffer.append(f"{number}. " if ordered else "- ")
                self.lists[-1][1] = number + 1
            else:
                self.buffer.append("- ")
        elif tag in _PARAGRAPHS or tag in _LINES:
            self._end_line()

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self.skip_depth:
            self.skip_depth -= 1
            return
        while self.stack and self.stack[-1][0] != tag:  # tolerate a missing end tag
            self.stack.pop()
        if self.stack and self.stack.pop()[1]:
            self.buffer.append(") ")
        if self.cell_tag is not None and tag != self.cell_tag:
            return
        if tag in ("td", "th"):
            if self.cells is not None:
                self.cells.append(self._text())
            self.buffer = []
            self.cell_tag = None
        elif tag == "tr":
            cells, self.cells = self.cells or [], None
            if any(cells):
                self.lines.append(" | ".join(cells))
        elif tag in _UNDERLINE:
            text = self._text()
            self.buffer = []
            if text:
                self.lines.append(text)
                self.lines.append(_UNDERLINE[tag] * min(len(text), 72))
                self.lines.append("")
        elif tag in ("ul", "ol"):
            self._end_line(blank=True)
            if self.lists:
                self.lists.pop()
        elif tag in _PARAGRAPHS:
            self._end_line(blank=True)
        elif tag in _LINES:
            self._end_line()

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        self.buffer.append(data)

    def result(self) -> str:
        self._end_line()
        text = "\n".join(self.lines).strip()
        return re.sub(r"\n{3,}", "\n\n", text)


def plain_text(html: str) -> str:
    """The readable text of a worksheet (or any of the course's HTML fragments), answer
    keys left out."""
    maker = _TextMaker()
    maker.feed(html)
    maker.close()
    return maker.result()


def bundle(
    name: str, worksheet_html: str, charts: Sequence[tuple[bytes, str]] = ()
) -> dict[str, str]:
    """The static part of an exercise's display bundle: ``text/html`` and ``text/plain``.

    ``name`` names the exercise in the plain text's first line; ``charts`` are the
    (PNG bytes, alt text) pairs the exercise shows now.
    """
    html = notebook_html(worksheet_html, charts)
    text = plain_text(html)
    lead = _("Exercise: {name}. {note}").format(name=name, note=_(STATIC_NOTE))
    return {"text/html": html, "text/plain": f"{lead}\n\n{text}"}
