"""The classify-the-behaviour quiz: each workplace behaviour sorted into leadership,
management or both. A wrong first answer gets a question to think about and one more
try; the answer and its reason show after a right answer or the second try. The score
counts first tries.

A thin view over ``leadlib.quiz``; imports ipywidgets, must not import nbconvert.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as w

from .. import quiz as quiz_rules
from ..content import QUIZ_ANSWERS
from ..errors import AnswerError
from ..i18n import N_, _, ngettext
from . import worksheets
from ._base import Exercise, answer_group

EXERCISE = "quiz"
#: (label, answer) pairs; the labels are translated where shown (``_(label)``).
CHOICES = [(N_("Leadership"), "leadership"), (N_("Management"), "management"), (N_("Both"), "both")]
MARKS = {
    quiz_rules.RIGHT: ("#00603f", "\u2714"),
    quiz_rules.RETRY: ("#8a2b00", "\u21bb"),
    quiz_rules.REVEALED: ("#8a2b00", "\u2716"),
}


class QuizExercise(Exercise):
    """One row per behaviour: its text, three toggle buttons and the feedback line."""

    name = N_("classify-the-behaviour quiz")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.items = list(self.content.quiz)
        self.choices: dict[str, w.ToggleButtons] = {}
        self.feedback: dict[str, w.HTML] = {}
        self.tries: dict[str, tuple[str, ...]] = {}
        self.feedback_text: dict[str, str] = {}
        self.score_line = w.HTML()
        rows: list[w.Widget] = [
            w.HTML(
                _(
                    "<p>Is each behaviour mainly <strong>leadership</strong> (coping with "
                    "change), mainly <strong>management</strong> (coping with complexity), or "
                    "clearly <strong>both</strong>? Choose, and read why. A wrong first "
                    "answer gets one more try; the score counts first answers.</p>"
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
            question = w.HTML(
                f"<p style='margin:10px 0 2px'><strong>{number}.</strong> {escape(item.text)}</p>"
            )
            rows.append(
                w.VBox(
                    [
                        question,
                        answer_group(toggle, question, arrows_choose=False),
                        self.feedback[item.id],
                    ]
                )
            )
        self.children = [*rows, self.score_line, self.message]
        self.restore()

    def restore(self) -> None:
        saved = self.load(EXERCISE)
        for item_id, toggle in self.choices.items():
            tries = quiz_rules.attempts(saved.get(item_id))
            if not tries or not all(t in QUIZ_ANSWERS for t in tries):
                continue
            self.tries[item_id] = tuple(tries)
            with self.restoring():
                toggle.value = tries[-1]
            self._show(item_id, quiz_rules.respond(self.content, item_id, tries))
        self._update_score()

    def _on_choice(self, item_id: str) -> Any:
        def handler(change: dict[str, Any]) -> None:
            if not self._restoring:
                self.answer(item_id, change["new"])

        return handler

    def answer(self, item_id: str, given: object) -> None:
        """Take ``given`` as a try at ``item_id``: show the feedback and save the tries.
        Once the item is settled (right, or both tries used), a choice changes nothing:
        the feedback with the answer stays, and the score keeps the first try."""
        if given is None:
            return
        try:
            item = quiz_rules.check(self.content, item_id, given).item
        except AnswerError as exc:
            self.say(_("That answer was not accepted: {problem}").format(problem=exc), "problem")
            return
        previous = self.tries.get(item_id, ())
        tries = quiz_rules.add_attempt(previous, str(given), item.answer)
        if tries is None:
            if previous:  # settled: the buttons stay on the last try, beside its feedback
                with self.restoring():
                    self.choices[item_id].value = previous[-1]
            return
        if not self.save(EXERCISE, item_id, list(tries)):
            return
        self.tries[item_id] = tries
        self._show(item_id, quiz_rules.respond(self.content, item_id, tries))
        self._update_score()

    def _show(self, item_id: str, response: quiz_rules.Response) -> None:
        colour, mark = MARKS[response.kind]
        self.feedback[item_id].value = (
            f"<div role='status' style='color:{colour};margin:2px 0 4px'>{mark} "
            f"{escape(response.message)}</div>"
        )
        self.feedback_text[item_id] = response.message

    def given(self) -> dict[str, str]:
        """The first answer to each item answered so far (what the score counts)."""
        return {i: tries[0] for i, tries in self.tries.items() if tries}

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
                "Score: {correct} of {total} right at the first answer. "
                "Where you disagreed, the reason matters more than the point."
            ).format(correct=score.correct, total=score.total)
        else:
            text = _(
                "Score so far: {correct} of {answered} right at the first answer "
                "({left} still to answer)."
            ).format(
                correct=score.correct, answered=score.answered, left=score.total - score.answered
            )
        self.score_text = text
        self.score_line.value = (
            f"<p role='status' style='font-weight:bold;margin-top:10px'>{escape(text)}</p>"
        )

    def worksheet_html(self) -> str:
        return worksheets.quiz(self.content)
