"""Generated course text: each notebook's header (minutes, objectives), its navigation
line and the course map, all built from ``course.toml`` (``leadlib/data`` or the folder
named by LEADLIB_CONTENT).

Plain Markdown/HTML display objects; must not import ipywidgets, matplotlib or the journal.
"""

from __future__ import annotations

from html import escape

from ..content import load_content
from ..errors import LeadlibError
from ..models import Content, NotebookInfo
from ._static import CourseText, handout_mode


def _notebook(content: Content, notebook_id: str) -> NotebookInfo:
    ids = [n.id for n in content.notebooks]
    if notebook_id not in ids:
        raise LeadlibError(
            f"Unknown notebook {notebook_id!r}: course.toml lists {', '.join(ids)}. "
            "Check the name passed to this call, or add the notebook to course.toml."
        )
    return content.notebook(notebook_id)


def _link(info: NotebookInfo, handout: bool) -> str:
    return f"{info.id}.html" if handout else info.filename


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{minutes} minutes"
    tail = f" {rest} min" if rest else ""
    return f"{minutes} minutes (about {hours} h{tail})"


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def header(notebook_id: str, content: Content | None = None) -> CourseText:
    """'About N minutes' and the notebook's objectives (the title is the notebook's own)."""
    content = content or load_content()
    info = _notebook(content, notebook_id)
    md_lines = [f"**About {info.minutes} minutes.** By the end of this notebook you can:", ""]
    md_lines += [f"- {objective}" for objective in info.objectives]
    items = "".join(f"<li>{escape(o)}</li>" for o in info.objectives)
    html = (
        '<div class="leadlib-header">'
        f"<p><strong>About {info.minutes} minutes.</strong> "
        f"By the end of this notebook you can:</p><ul>{items}</ul></div>"
    )
    return CourseText("\n".join(md_lines), html)


def navigation(notebook_id: str, content: Content | None = None) -> CourseText:
    """'Previous: ... | Course map | Next: ...' links (to .html files in handout mode)."""
    content = content or load_content()
    info = _notebook(content, notebook_id)
    handout = handout_mode()
    order = list(content.notebooks)
    position = order.index(info)
    start = order[0]
    md_parts: list[str] = []
    html_parts: list[str] = []
    if position > 0:
        prev = order[position - 1]
        md_parts.append(f"Previous: [{prev.title}]({_link(prev, handout)})")
        html_parts.append(
            f'Previous: <a href="{escape(_link(prev, handout))}">{escape(prev.title)}</a>'
        )
    md_parts.append(f"[Course map]({_link(start, handout)})")
    html_parts.append(f'<a href="{escape(_link(start, handout))}">Course map</a>')
    if position < len(order) - 1:
        nxt = order[position + 1]
        md_parts.append(f"Next: [{nxt.title}]({_link(nxt, handout)})")
        html_parts.append(f'Next: <a href="{escape(_link(nxt, handout))}">{escape(nxt.title)}</a>')
    html = '<nav class="leadlib-navigation" aria-label="Course navigation">'
    html += " | ".join(html_parts) + "</nav>"
    return CourseText(" | ".join(md_parts), html)


def course_map(content: Content | None = None) -> CourseText:
    """A table of every notebook with its minutes and objectives, and the total time."""
    content = content or load_content()
    handout = handout_mode()
    md = [
        "| # | Notebook | Minutes | What you will be able to do |",
        "|---|---|---:|---|",
    ]
    rows = []
    for number, info in enumerate(content.notebooks):
        link = _link(info, handout)
        objectives_md = " ".join(_md_cell(o) for o in info.objectives)
        md.append(
            f"| {number} | [{_md_cell(info.title)}]({link}) | {info.minutes} | {objectives_md} |"
        )
        objectives_html = "".join(f"<li>{escape(o)}</li>" for o in info.objectives)
        rows.append(
            # Cells are aligned explicitly: JupyterLab's table style right-aligns them.
            f'<tr><td>{number}</td><td style="text-align:left"><a href="{escape(link)}">'
            f"{escape(info.title)}</a></td>"
            f'<td style="text-align:right">{info.minutes}</td>'
            f'<td style="text-align:left"><ul>{objectives_html}</ul></td></tr>'
        )
    total = content.total_minutes
    md.append(f"| | **Total** | **{total}** | |")
    md.append("")
    md.append(f"The whole course takes about {_duration(total)}.")
    html = (
        '<table class="leadlib-course-map"><caption>The course, notebook by notebook</caption>'
        '<thead><tr><th scope="col">#</th><th scope="col" style="text-align:left">Notebook</th>'
        '<th scope="col">Minutes</th>'
        '<th scope="col" style="text-align:left">What you will be able to do</th></tr>'
        "</thead><tbody>"
        + "".join(rows)
        + f'</tbody><tfoot><tr><td></td><th scope="row">Total</th>'
        f'<td style="text-align:right"><strong>{total}</strong></td><td></td></tr></tfoot>'
        f"</table><p>The whole course takes about {escape(_duration(total))}.</p>"
    )
    return CourseText("\n".join(md), html)
