"""The self-check questions that end a notebook: each question's options in an order
of the learner's own, feedback on the very option chosen, one retry before the answer
shows, and a score of first tries. The rules are ``leadlib.quiz``.

Imports ipywidgets; must not import nbconvert.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as w

from .. import quiz as rules
from ..i18n import N_, _
from ..models import SelfCheck
from . import worksheets
from ._base import Exercise, answer_group
from .course import _notebook

EXERCISE = "self_check"
COLOURS = {rules.RIGHT: "#00603f", rules.RETRY: "#8a2b00", rules.REVEALED: "#8a2b00"}
REVIEW_COLOUR = "#333333"


class SelfCheckExercise(Exercise):
    """One block per question (radio buttons and a feedback line), then the score."""

    name = N_("self-check")

    def __init__(self, notebook_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.notebook = _notebook(self.content, notebook_id)
        self.checks = {c.id: c for c in self.notebook.self_checks}
        self.seed = self._seed()
        self.tries: dict[str, tuple[int, ...]] = {}
        self.options: dict[str, w.RadioButtons] = {}
        self.feedback: dict[str, w.HTML] = {}
        self.feedback_text: dict[str, str] = {}
        self.score_line = w.HTML()
        self.score_text = ""
        blocks: list[w.Widget] = [
            w.HTML(
                _(
                    "<p><strong>Check yourself.</strong> If your first answer is wrong, you "
                    "read why and get one more try; the answer shows after that. Only first "
                    "tries count in the score.</p>"
                )
            )
        ]
        for number, check in enumerate(self.notebook.self_checks, start=1):
            order = (
                rules.option_order(check, self.seed)
                if self.seed
                else rules.printed_order(self.content, check)
            )
            radio = w.RadioButtons(
                options=[(check.options[i].text, i) for i in order],
                value=None,
                description=_("Question {number}:").format(number=number),
                style={"description_width": "initial"},
                layout=w.Layout(width="auto"),
            )
            radio.observe(self._on_choice(check.id), names="value")
            self.options[check.id] = radio
            self.feedback[check.id] = w.HTML()
            self.feedback_text[check.id] = ""
            question = w.HTML(
                f"<p style='margin:10px 0 2px'><strong>{number}.</strong> "
                f"{escape(check.question)}</p>"
            )
            blocks.append(
                w.VBox(
                    [
                        question,
                        answer_group(radio, question, arrows_choose=False),
                        self.feedback[check.id],
                    ]
                )
            )
        self.children = [*blocks, self.score_line, self.message]
        self.restore()

    def _seed(self) -> str:
        """The learner's seed for the option order (from the journal's participant
        code); the printed form's order when the journal cannot be read."""
        try:
            return rules.learner_seed(self.journal().participant_code)
        except Exception as exc:  # shown to the learner, never a traceback
            self.show_problem(exc, _("reading your saved answers"))
            return ""

    def restore(self) -> None:
        saved = self.load(EXERCISE)
        for check_id, check in self.checks.items():
            tries = rules.attempts(saved.get(check_id))
            valid = [t for t in tries if isinstance(t, int) and not isinstance(t, bool)]
            if not tries or len(valid) != len(tries) or max(valid) >= len(check.options):
                continue  # nothing saved, or an older journal's answer to another question
            self.tries[check_id] = tuple(valid)
            with self.restoring():
                self.options[check_id].value = valid[-1]
            self._show(check, rules.respond_check(check, valid).message, valid)
        self._update_score()

    def _on_choice(self, check_id: str) -> Any:
        def handler(change: dict[str, Any]) -> None:
            if not self._restoring:
                self.choose(check_id, change["new"])

        return handler

    def choose(self, check_id: str, position: object) -> None:
        """Take the option at ``position`` (in the data's order) as a try at question
        ``check_id``: show its feedback and save the tries. Once the question is settled,
        a choice only shows that option's feedback."""
        check = self.checks.get(check_id)
        if position is None or check is None:
            return
        if (
            isinstance(position, bool)
            or not isinstance(position, int)
            or not 0 <= position < len(check.options)
        ):
            self.say(
                _(
                    "That choice was not accepted: pick one of the {count} options "
                    "shown (found {found!r})."
                ).format(count=len(check.options), found=position),
                "problem",
            )
            return
        previous = self.tries.get(check_id, ())
        tries = rules.add_attempt(previous, position, check.answer)
        if tries is None:
            if previous and previous[-1] == position:  # back to the last try
                self._show(check, rules.respond_check(check, previous).message, previous)
            elif previous:
                self._review(check, position)
            return
        if not self.save(EXERCISE, check_id, list(tries)):
            return
        self.tries[check_id] = tries
        self._show(check, rules.respond_check(check, tries).message, tries)
        self._update_score()

    def _show(self, check: SelfCheck, text: str, tries: tuple[int, ...] | list[int]) -> None:
        kind = rules.respond_check(check, tries).kind
        self.feedback_text[check.id] = text
        self.feedback[
            check.id
        ].value = f"<p role='status' style='color:{COLOURS[kind]}'>{escape(text)}</p>"

    def _review(self, check: SelfCheck, position: int) -> None:
        text = rules.review_option(check, position)
        self.feedback_text[check.id] = text
        self.feedback[
            check.id
        ].value = f"<p role='status' style='color:{REVIEW_COLOUR}'>{escape(text)}</p>"

    def _update_score(self) -> None:
        score = rules.grade_checks(
            self.notebook.self_checks, {k: list(v) for k, v in self.tries.items()}
        )
        self.score = score
        if score.answered == 0:
            self.score_text = ""
        else:
            self.score_text = _(
                "First tries right: {correct} of {answered} ({total} questions)."
            ).format(correct=score.correct, answered=score.answered, total=score.total)
        self.score_line.value = (
            f"<p role='status' style='font-weight:bold;margin-top:10px'>"
            f"{escape(self.score_text)}</p>"
            if self.score_text
            else ""
        )

    def worksheet_html(self) -> str:
        return worksheets.self_check(self.content, self.notebook.id)
