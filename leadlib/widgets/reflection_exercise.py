"""The reflection prompt of a notebook: a text area saved to the journal as you type.

Imports ipywidgets; must not import nbconvert.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as w

from ..i18n import N_, _
from . import worksheets
from ._base import AutosaveText, Exercise, auto_width
from .course import _notebook

EXERCISE = "reflection"


class ReflectionExercise(Exercise):
    """The prompt from course.toml and a text area that saves as you type (a moment after
    a pause), with a character counter, the time of the last save and a Save button."""

    name = N_("reflection")

    def __init__(self, notebook_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.notebook = _notebook(self.content, notebook_id)
        self.field = AutosaveText(
            save=lambda text: self.save(EXERCISE, self.notebook.id, text),
            what=_("your reflection"),
            description=_("Your reflection:"),
            placeholder=_(
                "A few sentences are enough. Only you see this, unless you choose "
                "to share it in an export."
            ),
        )
        self.text = self.field.area
        self.save_button = w.Button(
            layout=auto_width(),
            description=_("Save reflection"),
            icon="save",
            tooltip=_("Save your reflection now (it also saves by itself as you type)"),
        )
        self.save_button.on_click(lambda _: self.keep())
        self.children = [
            w.HTML(
                _("<p><strong>Reflect:</strong> {prompt}</p>").format(
                    prompt=escape(self.notebook.reflection)
                )
            ),
            self.field.box,
            self.save_button,
            self.message,
        ]
        saved = self.load(EXERCISE).get(self.notebook.id)
        if isinstance(saved, str):
            self.field.restore(saved)
            self.say(_("Your saved reflection is shown above."), "info")

    def keep(self) -> bool:
        """Save the reflection on screen now (and any text still on its way from the
        browser as it arrives); True when the journal holds it."""
        if self.field.flush():
            self.say("")
            return True
        return False

    def worksheet_html(self) -> str:
        return worksheets.reflection(self.content, self.notebook.id)
