"""The self-check question of a notebook: options to choose from, then feedback.

Imports ipywidgets; must not import nbconvert.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as w

from ..i18n import N_, _
from . import worksheets
from ._base import Exercise
from .course import _notebook

EXERCISE = "self_check"


class SelfCheckExercise(Exercise):
    """The question from course.toml as radio buttons, with feedback on each choice."""

    name = N_("self-check")

    def __init__(self, notebook_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.notebook = _notebook(self.content, notebook_id)
        check = self.notebook.self_check
        self.question = check
        self.options = w.RadioButtons(
            options=[(text, index) for index, text in enumerate(check.options)],
            value=None,
            description=_("Your answer:"),
            style={"description_width": "initial"},
            layout=w.Layout(width="auto"),
        )
        self.feedback = w.HTML()
        self.feedback_text = ""
        self.options.observe(lambda change: self.choose(change["new"]), names="value")
        self.children = [
            w.HTML(
                _("<p><strong>Check yourself:</strong> {question}</p>").format(
                    question=escape(check.question)
                )
            ),
            self.options,
            self.feedback,
            self.message,
        ]
        saved = self.load(EXERCISE).get(self.notebook.id)
        if (
            isinstance(saved, int)
            and not isinstance(saved, bool)
            and 0 <= saved < len(check.options)
        ):
            with self.restoring():
                self.options.value = saved

    def choose(self, index: object) -> None:
        """Show the feedback for option ``index`` (0-based) and save it."""
        if index is None:
            return
        check = self.question
        if (
            isinstance(index, bool)
            or not isinstance(index, int)
            or not 0 <= index < len(check.options)
        ):
            self.say(
                _(
                    "That choice was not accepted: pick one of the {count} options "
                    "shown (found {found!r})."
                ).format(count=len(check.options), found=index),
                "problem",
            )
            return
        if index == check.answer:
            self.feedback_text = _("Right. {explanation}").format(explanation=check.explanation)
            colour = "#00603f"
        else:
            self.feedback_text = _(
                "Not quite: the answer is \u201c{answer}\u201d. {explanation}"
            ).format(answer=check.options[check.answer], explanation=check.explanation)
            colour = "#8a2b00"
        self.feedback.value = (
            f"<p role='status' style='color:{colour}'>{escape(self.feedback_text)}</p>"
        )
        self.save(EXERCISE, self.notebook.id, index)

    def worksheet_html(self) -> str:
        return worksheets.self_check(self.content, self.notebook.id)
