"""Static display objects: a worksheet or a piece of generated course text that shows
as HTML (and Markdown) with a short, deterministic text repr.

Used in handout mode and by header/navigation/course_map; must not import ipywidgets.
"""

from __future__ import annotations

import os

from ..i18n import _

HANDOUT_ENV = "LEADLIB_MODE"


def handout_mode() -> bool:
    """True when ``LEADLIB_MODE=handout``: every exercise renders as its static worksheet."""
    return os.environ.get(HANDOUT_ENV, "").strip().lower() == "handout"


class StaticWorksheet:
    """A printable worksheet shown in place of an exercise (no widget, no script).

    ``name`` is the exercise's name for the text repr; ``html`` the worksheet fragment.
    """

    def __init__(self, name: str, html: str) -> None:
        self.name = name
        self._html = html

    def worksheet_html(self) -> str:
        return self._html

    def _repr_html_(self) -> str:
        return self._html

    def __repr__(self) -> str:
        return _("Worksheet: {name} (printable form of the exercise)").format(name=self.name)


class CourseText:
    """Generated course text (header, navigation, course map) as Markdown and HTML.

    The text repr is the Markdown itself: deterministic, and readable in a plain console.
    """

    def __init__(self, markdown: str, html: str) -> None:
        self.markdown = markdown
        self.html = html

    def _repr_markdown_(self) -> str:
        return self.markdown

    def _repr_html_(self) -> str:
        return self.html

    def worksheet_html(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.markdown
