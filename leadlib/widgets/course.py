"""Generated course text: each notebook's header (minutes, objectives), its navigation
line and the course map, all built from ``course.toml`` (``leadlib/data`` or the folder
named by LEADLIB_CONTENT).

Plain Markdown/HTML display objects; must not import ipywidgets, matplotlib or the journal.
"""

from __future__ import annotations

from html import escape

from ..content import load_content
from ..errors import LeadlibError
from ..i18n import _
from ..models import Content, NotebookInfo
from ._static import CourseText, handout_mode


def _notebook(content: Content, notebook_id: str) -> NotebookInfo:
    ids = [n.id for n in content.notebooks]
    if notebook_id not in ids:
        raise LeadlibError(
            _(
                "Unknown notebook {name!r}: course.toml lists {known}. "
                "Check the name passed to this call, or add the notebook to course.toml."
            ).format(name=notebook_id, known=", ".join(ids))
        )
    return content.notebook(notebook_id)


def _link(info: NotebookInfo, handout: bool) -> str:
    return f"{info.id}.html" if handout else info.filename


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("{minutes} minutes").format(minutes=minutes)
    if rest:
        return _("{minutes} minutes (about {hours} h {rest} min)").format(
            minutes=minutes, hours=hours, rest=rest
        )
    return _("{minutes} minutes (about {hours} h)").format(minutes=minutes, hours=hours)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def header(notebook_id: str, content: Content | None = None) -> CourseText:
    """'About N minutes' and the notebook's objectives (the title is the notebook's own)."""
    content = content or load_content()
    info = _notebook(content, notebook_id)
    about = _("About {minutes} minutes.").format(minutes=info.minutes)
    intro = _("By the end of this notebook you can:")
    md_lines = [f"**{about}** {intro}", ""]
    md_lines += [f"- {objective}" for objective in info.objectives]
    items = "".join(f"<li>{escape(o)}</li>" for o in info.objectives)
    html = (
        '<div class="leadlib-header">'
        f"<p><strong>{escape(about)}</strong> {escape(intro)}</p><ul>{items}</ul></div>"
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
    previous, course_map_name, following = _("Previous:"), _("Course map"), _("Next:")
    if position > 0:
        prev = order[position - 1]
        md_parts.append(f"{previous} [{prev.title}]({_link(prev, handout)})")
        html_parts.append(
            f'{escape(previous)} <a href="{escape(_link(prev, handout))}">{escape(prev.title)}</a>'
        )
    md_parts.append(f"[{course_map_name}]({_link(start, handout)})")
    html_parts.append(f'<a href="{escape(_link(start, handout))}">{escape(course_map_name)}</a>')
    if position < len(order) - 1:
        nxt = order[position + 1]
        md_parts.append(f"{following} [{nxt.title}]({_link(nxt, handout)})")
        html_parts.append(
            f'{escape(following)} <a href="{escape(_link(nxt, handout))}">{escape(nxt.title)}</a>'
        )
    label = escape(_("Course navigation"), quote=True)
    html = f'<nav class="leadlib-navigation" aria-label="{label}">'
    html += " | ".join(html_parts) + "</nav>"
    return CourseText(" | ".join(md_parts), html)


def course_map(content: Content | None = None) -> CourseText:
    """A table of every notebook with its minutes and objectives, and the total time."""
    content = content or load_content()
    handout = handout_mode()
    notebook_head, minutes_head = _("Notebook"), _("Minutes")
    able_head, total_head = _("What you will be able to do"), _("Total")
    md = [
        f"| # | {_md_cell(notebook_head)} | {_md_cell(minutes_head)} | {_md_cell(able_head)} |",
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
    takes = _("The whole course takes about {duration}.").format(duration=_duration(total))
    md.append(f"| | **{_md_cell(total_head)}** | **{total}** | |")
    md.append("")
    md.append(takes)
    caption = _("The course, notebook by notebook")
    html = (
        '<table class="leadlib-course-map">'
        f"<caption>{escape(caption)}</caption>"
        '<thead><tr><th scope="col">#</th>'
        f'<th scope="col" style="text-align:left">{escape(notebook_head)}</th>'
        f'<th scope="col">{escape(minutes_head)}</th>'
        f'<th scope="col" style="text-align:left">{escape(able_head)}</th></tr>'
        "</thead><tbody>"
        + "".join(rows)
        + f'</tbody><tfoot><tr><td></td><th scope="row">{escape(total_head)}</th>'
        f'<td style="text-align:right"><strong>{total}</strong></td><td></td></tr></tfoot>'
        f"</table><p>{escape(takes)}</p>"
    )
    return CourseText("\n".join(md), html)
