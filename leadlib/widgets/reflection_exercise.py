"""The reflection prompt of a notebook: a text area saved to the journal.

Imports ipywidgets; must not import nbconvert.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as w

from ..i18n import N_, _
from . import worksheets
from ._base import Exercise, auto_width
from .course import _notebook

EXERCISE = "reflection"


class ReflectionExercise(Exercise):
    """The prompt from course.toml, a text area and a Save button (saving also on leaving)."""

    name = N_("reflection")

    def __init__(self, notebook_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.notebook = _notebook(self.content, notebook_id)
        self.text = w.Textarea(
            value="",
            placeholder=_(
                "A few sentences are enough. Only you see this, unless you choose "
                "to share it in an export."
            ),
            description=_("Your reflection:"),
            continuous_update=False,
            style={"description_width": "initial"},
            layout=w.Layout(width="95%", height="7em"),
        )
        self.save_button = w.Button(
            layout=auto_width(),
            description=_("Save reflection"),
            icon="save",
            tooltip=_("Save your reflection"),
        )
        self.save_button.on_click(lambda _: self.keep(self.text.value))
        self.text.observe(lambda change: self.keep(change["new"]), names="value")
        self.children = [
            w.HTML(
                _("<p><strong>Reflect:</strong> {prompt}</p>").format(
                    prompt=escape(self.notebook.reflection)
                )
            ),
            self.text,
            self.save_button,
            self.message,
        ]
        saved = self.load(EXERCISE).get(self.notebook.id)
        if isinstance(saved, str):
            with self.restoring():
                self.text.value = saved
            self.say(_("Your saved reflection is shown above."), "info")

    def keep(self, text: str) -> None:
        """Save ``text`` as this notebook's reflection."""
        if self._restoring:
            return
        if self.save(EXERCISE, self.notebook.id, text):
            self.say(_("Saved to your journal."), "ok")

    def worksheet_html(self) -> str:
        return worksheets.reflection(self.content, self.notebook.id)
