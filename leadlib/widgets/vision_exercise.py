"""The vision-statement exercise: the learner drafts a short vision for the team and gets
feedback on what it has (a time horizon, who benefits, a concrete change) and its length.
The feedback rules are ``leadlib.vision``, their wording ``vision.toml``.

Imports ipywidgets; must not import nbconvert.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as w

from ..i18n import N_, _
from ..vision import vision_feedback
from . import worksheets
from ._base import Exercise, auto_width

EXERCISE = "vision"
ITEM = "statement"
GOOD, TODO = "\u2714", "\u2192"


class VisionExercise(Exercise):
    """A text area for the statement, a Check button and the feedback list."""

    name = N_("vision statement")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.text = w.Textarea(
            value="",
            placeholder=_(
                "Where should your team be in a year or two, for whom, and why does it matter?"
            ),
            description=_("Your vision:"),
            continuous_update=False,
            style={"description_width": "initial"},
            layout=w.Layout(width="95%", height="6em"),
        )
        self.check_button = w.Button(
            layout=auto_width(),
            description=_("Save and check"),
            icon="check",
            tooltip=_("Save your vision statement and get feedback on it"),
        )
        self.check_button.on_click(lambda _: self.check(self.text.value))
        self.feedback = w.HTML()
        self.remarks: list[tuple[bool, str]] = []
        self.children = [
            w.HTML(
                _(
                    "<p>Draft a vision for your own team in two or three sentences: where you "
                    "should be, by when, for whom, and why it matters.</p>"
                )
            ),
            self.text,
            self.check_button,
            self.feedback,
            self.message,
        ]
        saved = self.load(EXERCISE).get(ITEM)
        if isinstance(saved, str) and saved:
            with self.restoring():
                self.text.value = saved
            self._show(saved)

    def check(self, text: str) -> None:
        """Save ``text`` as the vision statement and show feedback on it. An empty box is
        not saved: it would silently replace the statement saved before."""
        if not text.strip():
            self._show(text)
            self.say(
                _(
                    "Nothing to save yet: the box is empty. Your previously saved vision, if "
                    "any, is kept."
                ),
                "problem",
            )
            return
        if self.save(EXERCISE, ITEM, text):
            self._show(text)
            self.say(_("Saved to your journal."), "ok")

    def _show(self, text: str) -> None:
        self.remarks = vision_feedback(self.content, text)
        items = "".join(
            f"<li>{GOOD if good else TODO} {escape(remark)}</li>" for good, remark in self.remarks
        )
        self.feedback.value = (
            f"<ul role='status' style='list-style:none;padding-left:0'>{items}</ul>"
        )

    def worksheet_html(self) -> str:
        return worksheets.vision(self.content)
