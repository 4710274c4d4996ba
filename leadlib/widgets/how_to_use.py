"""How to use the course, in the words of the mode it is shown in (notebook 00).

Voilà cannot hide a Markdown cell by tag, so 00's instructions cannot be Markdown cells:
JupyterLab's menus mean nothing in the app. This call shows the instructions that apply
where they are read: the app (a kernel started by Voilà), JupyterLab (where the course's
extension runs the notebooks of the learner's copy on opening), or a handout.

Plain Markdown/HTML display objects; must not import ipywidgets, matplotlib or the journal.
"""

from __future__ import annotations

import re
from html import escape

from ..app import app_mode
from ._static import CourseText, handout_mode

APP = """\
## Using this page

This page is the course as an app: the exercises are ready as soon as the page has
loaded, with nothing to run or install. Scroll down to read, and answer with the buttons,
lists and sliders.

To move on, use the links at the bottom of each page: **Previous**, **Course map** and
**Next**. They open in this same tab.

## If something stops responding

Buttons that do nothing usually mean the page lost its connection to the course's engine
(for example after the computer slept). Reload the page. Your saved answers are not lost:
they do not live in the page."""

LAB = """\
## Using a notebook

A notebook is a page of text with exercises in it. Scroll down to read, and answer with
the buttons, lists and sliders. Each exercise has a line or two of code behind it; it is
folded away because you never need to read or change it.

- The exercises come to life by themselves a few seconds after you open a notebook of
  your course copy. If one shows only as grey text, choose **Run > Run All Cells** from
  the menu.
- To redo a single exercise, click into it and press **Shift+Enter**.
- To move on, use the links at the bottom of each notebook: **Previous**, **Course map**
  and **Next**.

## If something stops responding

Buttons that do nothing usually mean the notebook lost its connection to the course's
engine (for example after the computer slept). Choose **Kernel > Restart Kernel and Run
All Cells**. Your saved answers are not lost: they do not live in the notebook."""

HANDOUT = """\
## Using this handout

Every exercise in this handout is a worksheet: fill it in with a pen. To take the course
with live exercises and saved answers, open it as an app (`make app`) or in JupyterLab
(`make lab`)."""


def _inline(text: str) -> str:
    text = escape(text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    text = re.sub(r"\*(.+?)\*", r"<em>\1</em>", text)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", text)


def _html(markdown: str) -> str:
    """The few Markdown forms above (## headings, paragraphs, '-' lists) as HTML."""
    parts = []
    for block in markdown.split("\n\n"):
        lines = block.splitlines()
        if lines[0].startswith("## "):
            parts.append(f"<h2>{_inline(lines[0][3:])}</h2>")
            lines = lines[1:]
            if not lines:
                continue
        if lines[0].startswith("- "):
            items: list[str] = []
            for line in lines:
                if line.startswith("- "):
                    items.append(line[2:].strip())
                else:  # a wrapped line of the item above
                    items[-1] += " " + line.strip()
            parts.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
        else:
            parts.append(f"<p>{_inline(' '.join(lines))}</p>")
    return '<div class="leadlib-how-to-use">' + "".join(parts) + "</div>"


def how_to_use() -> CourseText:
    """The instructions for the mode the course is shown in: app, JupyterLab or handout."""
    if handout_mode():
        markdown = HANDOUT
    elif app_mode():
        markdown = APP
    else:
        markdown = LAB
    return CourseText(markdown, _html(markdown))
