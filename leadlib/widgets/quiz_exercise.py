"""The classify-the-behaviour quiz: each workplace behaviour sorted into leadership,
management or both, with immediate feedback, the reason, and a running score.

A thin view over ``leadlib.quiz``; imports ipywidgets, must not import nbconvert.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as w

from .. import quiz as quiz_rules
from ..errors import AnswerError
from ..i18n import N_, _, ngettext
from . import worksheets
from ._base import Exercise

EXERCISE = "quiz"
#: (label, answer) pairs; the labels are translated where shown (``_(label)``).
CHOICES = [(N_("Leadership"), "leadership"), (N_("Management"), "management"), (N_("Both"), "both")]


class QuizExercise(Exercise):
    """One row per behaviour: its text, three toggle buttons and the feedback line."""

    name = N_("classify-the-behaviour quiz")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.items = list(self.content.quiz)
        self.choices: dict[str, w.ToggleButtons] = {}
        self.feedback: dict[str, w.HTML] = {}
        self.score_line = w.HTML()
        rows: list[w.Widget] = [
            w.HTML(
                _(
                    "<p>Is each behaviour mainly <strong>leadership</strong> (coping with "
                    "change), mainly <strong>management</strong> (coping with complexity), or "
                    "clearly <strong>both</strong>? Choose, and read why.</p>"
                )
            )
        ]
        for number, item in enumerate(self.items, start=1):
            toggle = w.ToggleButtons(
                options=[(_(label), value) for label, value in CHOICES],
                value=None,
                description=_("Behaviour {number}:").format(number=number),
                tooltips=[
                    _("Mainly leadership: direction, alignment, motivation"),
                    _("Mainly management: planning, organizing, control"),
                    _("Clearly both"),
                ],
                style={"description_width": "initial", "button_width": "auto"},
            )
            toggle.observe(self._on_choice(item.id), names="value")
            self.choices[item.id] = toggle
            self.feedback[item.id] = w.HTML()
            rows.append(
                w.VBox(
                    [
                        w.HTML(
                            f"<p style='margin:10px 0 2px'><strong>{number}.</strong> "
                            f"{escape(item.text)}</p>"
                        ),
                        toggle,
                        self.feedback[item.id],
                    ]
                )
            )
        self.children = [*rows, self.score_line, self.message]
        self.restore()

    def restore(self) -> None:
        saved = self.load(EXERCISE)
        with self.restoring():
            for item_id, toggle in self.choices.items():
                value = saved.get(item_id)
                if value in dict((v, v) for _, v in CHOICES):
                    toggle.value = value
        self._update_score()

    def _on_choice(self, item_id: str) -> Any:
        def handler(change: dict[str, Any]) -> None:
            self.answer(item_id, change["new"])

        return handler

    def answer(self, item_id: str, given: object) -> None:
        """Check ``given`` for ``item_id``, show the feedback and save it."""
        if given is None:
            return
        try:
            result = quiz_rules.check(self.content, item_id, given)
        except AnswerError as exc:
            self.say(_("That answer was not accepted: {problem}").format(problem=exc), "problem")
            return
        colour = "#00603f" if result.correct else "#8a2b00"
        mark = "\u2714" if result.correct else "\u2716"
        self.feedback[item_id].value = (
            f"<div role='status' style='color:{colour};margin:2px 0 4px'>{mark} "
            f"{escape(result.message)}</div>"
        )
        self.save(EXERCISE, item_id, given)
        self._update_score()

    def given(self) -> dict[str, str]:
        return {i: t.value for i, t in self.choices.items() if t.value is not None}

    def _update_score(self) -> None:
        score = quiz_rules.grade(self.content, self.given())
        self.score = score
        if score.answered == 0:
            text = ngettext(
                "Score: none answered yet ({total} behaviour).",
                "Score: none answered yet ({total} behaviours).",
                score.total,
            ).format(total=score.total)
        elif score.complete:
            text = _(
                "Score: {correct} of {total} right. "
                "Where you disagreed, the reason matters more than the point."
            ).format(correct=score.correct, total=score.total)
        else:
            text = _(
                "Score so far: {correct} of {answered} right ({left} still to answer)."
            ).format(
                correct=score.correct, answered=score.answered, left=score.total - score.answered
            )
        self.score_text = text
        self.score_line.value = (
            f"<p role='status' style='font-weight:bold;margin-top:10px'>{escape(text)}</p>"
        )

    def worksheet_html(self) -> str:
        return worksheets.quiz(self.content)
