"""The vision-statement exercise: the learner drafts a short vision for the team and gets
feedback on what it has (a time horizon, who benefits, a concrete change) and its length.

Imports ipywidgets; must not import nbconvert.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

import ipywidgets as w

from . import worksheets
from ._base import Exercise, auto_width

EXERCISE = "vision"
ITEM = "statement"
MIN_WORDS, MAX_WORDS = 12, 80
GOOD, TODO = "\u2714", "\u2192"

_HORIZON = re.compile(
    r"\b(20\d\d|year|years|month|months|quarter|by (the )?end|next|future|tomorrow|"
    r"within|in (one|two|three|five|\d+))\b",
    re.I,
)
_WHO = re.compile(
    r"\b(customer|customers|client|clients|patient|patients|user|users|citizen|citizens|"
    r"colleague|colleagues|people|team|teams|staff|student|students|partner|partners|"
    r"member|members|public|community)\b",
    re.I,
)
_CHANGE = re.compile(
    r"\b(will|become|becomes|be known|so that|so they|able to|no longer|faster|better|"
    r"fewer|more|less|first|trusted|proud|every|always)\b",
    re.I,
)


def vision_feedback(text: str) -> list[tuple[bool, str]]:
    """What a draft vision has and lacks: a list of (good, remark) pairs, in plain words."""
    words = re.findall(r"[\w'-]+", text)
    count = len(words)
    remarks: list[tuple[bool, str]] = []
    if count == 0:
        return [(False, "Write two or three sentences first, then check again.")]
    if count < MIN_WORDS:
        remarks.append((False, f"{count} words: a little short. Say where, for whom, and why."))
    elif count > MAX_WORDS:
        remarks.append(
            (
                False,
                f"{count} words: long for a vision. Could a colleague repeat it tomorrow? "
                "Try cutting it to two or three sentences.",
            )
        )
    else:
        remarks.append((True, f"{count} words: short enough to remember and repeat."))
    if _HORIZON.search(text):
        remarks.append((True, "It has a time horizon, so people know when it should be true."))
    else:
        remarks.append((False, "Add a time horizon, such as 'by the end of next year'."))
    if _WHO.search(text):
        remarks.append((True, "It names who benefits, which gives the work its purpose."))
    else:
        remarks.append((False, "Say who benefits: customers, patients, colleagues?"))
    if _CHANGE.search(text):
        remarks.append((True, "It describes a change: something that will be different."))
    else:
        remarks.append((False, "Describe what will be different, in words your team would use."))
    return remarks


class VisionExercise(Exercise):
    """A text area for the statement, a Check button and the feedback list."""

    name = "vision statement"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.text = w.Textarea(
            value="",
            placeholder="Where should your team be in a year or two, for whom, and why "
            "does it matter?",
            description="Your vision:",
            continuous_update=False,
            style={"description_width": "initial"},
            layout=w.Layout(width="95%", height="6em"),
        )
        self.check_button = w.Button(
            layout=auto_width(),
            description="Save and check",
            icon="check",
            tooltip="Save your vision statement and get feedback on it",
        )
        self.check_button.on_click(lambda _: self.check(self.text.value))
        self.feedback = w.HTML()
        self.remarks: list[tuple[bool, str]] = []
        self.children = [
            w.HTML(
                "<p>Draft a vision for your own team in two or three sentences: where you "
                "should be, by when, for whom, and why it matters.</p>"
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
                "Nothing to save yet: the box is empty. Your previously saved vision, if "
                "any, is kept.",
                "problem",
            )
            return
        if self.save(EXERCISE, ITEM, text):
            self._show(text)
            self.say("Saved to your journal.", "ok")

    def _show(self, text: str) -> None:
        self.remarks = vision_feedback(text)
        items = "".join(
            f"<li>{GOOD if good else TODO} {escape(remark)}</li>" for good, remark in self.remarks
        )
        self.feedback.value = (
            f"<ul role='status' style='list-style:none;padding-left:0'>{items}</ul>"
        )

    def worksheet_html(self) -> str:
        return worksheets.vision(self.content)
