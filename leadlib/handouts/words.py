"""The fixed words of the handout pages and of their index, in the current language.

The templates (``leadlib/templates/handout/``) hold no English of their own: the builder
passes these words in (the page's through ``resources['handout']``, the index's as
``words``), translated here with ``leadlib.i18n`` so that Babel finds them, together with
the page's ``lang``. Texts that hold HTML escape what they put in.

Standard library only; must not import nbconvert, ipywidgets or matplotlib.
"""

from __future__ import annotations

from html import escape
from typing import Any

from ..i18n import N_, _, language_tag, ngettext

#: Shown where a live widget with no printed form was (translated where used).
MISSING_WORKSHEET = N_(
    '<p class="handout-missing"><strong>Interactive exercise.</strong> This part of the '
    "notebook is interactive and has no printed form; open the notebook in JupyterLab "
    "to use it.</p>"
)


def css_string(text: str) -> str:
    """``text`` as a CSS string literal that is safe inside a <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return '"' + escaped.replace("\n", " ").replace("\r", " ") + '"'


def running_css(running_title: str) -> str:
    """Paged-media CSS for printing: the running title at the top left of every page and
    "Page N of M" at the bottom right (Chromium prints these page-margin boxes)."""
    # Translators: printed at the bottom of every handout page; keep both placeholders.
    page_word, of_word = _("Page {number} of {total}").split("{number}", 1)
    of_word, after = of_word.split("{total}", 1) if "{total}" in of_word else (of_word, "")
    return (
        "@page { "
        f"@top-left {{ content: {css_string(running_title)}; }} "
        f"@bottom-right {{ content: {css_string(page_word)} counter(page) "
        f"{css_string(of_word)} counter(pages) {css_string(after)}; }} "
        "}"
    )


def page_words(
    name: str, minutes: int | None, title: str = "", course_title: str = ""
) -> dict[str, str]:
    """The words of one handout page (notebook ``name``, about ``minutes`` long)."""
    kind = (
        ngettext(
            "Handout, about {minutes} minute", "Handout, about {minutes} minutes", minutes
        ).format(minutes=minutes)
        if minutes
        else _("Handout")
    )
    return {
        "lang": language_tag(),
        "kind": kind,
        "all_handouts": _("All handouts"),
        "footer_html": _(
            "This page is a printable copy of the notebook <strong>{name}</strong>. "
            "The exercises appear as worksheets to fill in with a pen; to use them "
            "interactively, open the notebook in JupyterLab."
        ).format(name=escape(name)),
        "back": _("Back to all handouts"),
        "missing_worksheet_html": _(MISSING_WORKSHEET),
        "keys_heading": _("Answer keys"),
        "keys_note": _(
            "For the facilitator: these pages start on a new page, which a double-sided "
            "print can put on the back of a worksheet; print them apart (or the handout "
            "single-sided), and hand them out only after the exercises."
        ),
        "page_css": running_css(" | ".join(t for t in (title or name, course_title) if t)),
    }


def index_words(course_title: str, total_minutes: int) -> dict[str, Any]:
    """The words of the handouts' index page."""
    return {
        "lang": language_tag(),
        "title": _("Handouts | {course}").format(course=course_title),
        "kind": _("Handouts"),
        "intro": ngettext(
            "One printable page per notebook, in the order of the course: about {minutes} "
            "minute in all. Each exercise appears as a worksheet to fill in with a pen; "
            "the answer keys are on separate, clearly marked parts.",
            "One printable page per notebook, in the order of the course: about {minutes} "
            "minutes in all. Each exercise appears as a worksheet to fill in with a pen; "
            "the answer keys are on separate, clearly marked parts.",
            total_minutes,
        ).format(minutes=total_minutes),
        "caption": _("The notebooks of the course"),
        "notebook": _("Notebook"),
        "minutes": _("Minutes"),
        "objectives": _("You will be able to"),
        "not_built": _("(not built)"),
        "in_all": _("In all"),
        "other_pages": _("Other pages"),
    }
