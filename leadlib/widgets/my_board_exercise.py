"""The learner's own delegation board (notebook 08): three to seven of their recurring
decisions, each with whom it is shared, the level today and the level wanted, the four
factors rated, the rules' suggestion with its reasons, and the conversation plan (the
limits, the check-in, the review date). Texts save as you type (``AutosaveText``), every
other control saves when it changes; the whole board is one journal answer. A button
prints the board for the team's wall (HTML, and PDF where Chromium is installed) into
LEADLIB_HOME/exports.

The rules and the poster are ``leadlib.my_board``'s; imports ipywidgets; must not import
nbconvert.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..i18n import N_, _
from ..journal.answers import BOARD_ITEM, MY_BOARD
from ..judging import FACTOR_QUESTIONS, FACTORS
from ..models import Level3
from ..my_board import (
    FEWEST,
    MOST,
    TEXT_LIMITS,
    Decision,
    board_problems,
    board_to_json,
    check_board,
    move_text,
    poster_html,
    suggestion_text,
)
from . import worksheets
from ._base import AutosaveText, Exercise, auto_width, exports_dir, guard_clicks, written_report
from ._controls import answer_group

EXERCISE = MY_BOARD


class DecisionPanel:
    """The controls of one decision: texts, two levels, four ratings, a review date, the
    suggestion and a Remove button. ``changed()`` is called after every change."""

    def __init__(self, exercise: MyBoardExercise, number: int) -> None:
        self.exercise = exercise
        content = exercise.content
        save: Callable[[str], bool] = lambda _text: exercise.save_board()  # noqa: E731
        self.what = AutosaveText(
            save=save,
            what=_("the decision"),
            description=_("The decision:"),
            placeholder=_("For example: who covers the on-call rota when someone is ill"),
            height="2.4em",
            most=TEXT_LIMITS["what"],
        )
        self.with_whom = AutosaveText(
            save=save,
            what=_("with whom"),
            description=_("With whom (a role or a first name):"),
            placeholder=_("For example: the shift leads, or Sam"),
            height="2.4em",
            most=TEXT_LIMITS["with_whom"],
            counter=False,
        )
        levels = [(_("(not chosen)"), None)] + [
            (f"{lv.number} {lv.name}", lv.number) for lv in content.levels
        ]
        style = {"description_width": "12em"}
        # index 0 shows "(not chosen)"; value=None would show an empty box
        self.today = w.Dropdown(options=levels, index=0, description=_("Level today:"))
        self.wanted = w.Dropdown(options=levels, index=0, description=_("Level you want:"))
        for box in (self.today, self.wanted):
            box.style = style
            box.observe(self._on_change, names="value")
        self.ratings: dict[str, w.ToggleButtons] = {}
        for factor in FACTORS:
            toggle = answer_group(
                w.ToggleButtons(
                    options=[(level.word, level.value) for level in Level3],
                    value=None,
                    description=_("{question}:").format(question=_(FACTOR_QUESTIONS[factor])),
                    style={"description_width": "14em", "button_width": "auto"},
                )
            )
            toggle.observe(self._on_change, names="value")
            self.ratings[factor] = toggle
        self.suggestion = w.HTML()
        self.suggestion.add_class("leadlib-board-suggestion")
        self.suggestion_text = ""
        self.limits = AutosaveText(
            save=save,
            what=_("the limits"),
            description=_("Limits (budget, what must not change, who must be told):"),
            height="3.5em",
            most=TEXT_LIMITS["limits"],
        )
        self.check_in = AutosaveText(
            save=save,
            what=_("the check-in"),
            description=_("Check-in (when and how you hear how it goes):"),
            height="2.4em",
            most=TEXT_LIMITS["check_in"],
        )
        self.review = w.DatePicker(description=_("Review date:"), style=style)
        self.review.observe(self._on_change, names="value")
        self.remove_button = w.Button(
            layout=auto_width(),
            description=_("Remove this decision"),
            icon="trash",
            tooltip=_("Take this decision off your board"),
        )
        guard_clicks(self.remove_button, lambda: exercise.remove(self), clock=exercise.clock)
        self.title = w.HTML()
        self.box = w.VBox(
            [
                self.title,
                self.what.box,
                self.with_whom.box,
                self.today,
                self.wanted,
                w.HTML(
                    "<p style='margin:6px 0 2px'>"
                    + escape(_("Rate the four factors for this decision and this person:"))
                    + "</p>"
                ),
                *self.ratings.values(),
                self.suggestion,
                w.HTML(
                    "<p style='margin:6px 0 2px'><strong>"
                    + escape(_("The conversation: what you will agree"))
                    + "</strong></p>"
                ),
                self.limits.box,
                self.check_in.box,
                self.review,
                self.remove_button,
            ],
            layout=w.Layout(border="1px solid #bbb", padding="4px 10px", margin="6px 0"),
        )
        self.box.add_class("leadlib-board-decision")
        self.number(number)

    @property
    def texts(self) -> tuple[AutosaveText, ...]:
        return (self.what, self.with_whom, self.limits, self.check_in)

    def number(self, number: int) -> None:
        self.title.value = (
            "<h4 style='margin:4px 0'>" + escape(_("Decision {n}").format(n=number)) + "</h4>"
        )

    def _on_change(self, change: dict[str, Any]) -> None:
        if self.exercise._restoring:
            return
        self.exercise.save_board()

    def decision(self) -> Decision:
        review = self.review.value
        return Decision(
            what=self.what.value,
            with_whom=self.with_whom.value,
            today=self.today.value,
            wanted=self.wanted.value,
            ratings={f: t.value for f, t in self.ratings.items() if t.value is not None},
            limits=self.limits.value,
            check_in=self.check_in.value,
            review=review.isoformat() if isinstance(review, dt.date) else None,
        )

    def restore(self, decision: Decision) -> None:
        self.what.restore(decision.what)
        self.with_whom.restore(decision.with_whom)
        self.limits.restore(decision.limits)
        self.check_in.restore(decision.check_in)
        for box, level in ((self.today, decision.today), (self.wanted, decision.wanted)):
            if level is None:
                box.index = 0  # "(not chosen)", not an empty box
            else:
                box.value = level
        for factor, toggle in self.ratings.items():
            toggle.value = decision.ratings.get(factor)
        self.review.value = dt.date.fromisoformat(decision.review) if decision.review else None

    def show_suggestion(self) -> None:
        decision = self.decision()
        rules = suggestion_text(self.exercise.content, decision)
        move = move_text(self.exercise.content, decision)
        self.suggestion_text = " ".join([rules, move]) if move else rules
        # The learner's own move under its name: "Keep it at Consult" read as advice when
        # it followed "the rules suggest levels 5-7" in the same sentence run.
        paragraphs = [escape(rules)]
        if move:
            paragraphs.append("<strong>" + escape(_("Your move:")) + "</strong> " + escape(move))
        self.suggestion.value = (
            "<div role='status' style='color:#333;background:#f3f6f9;padding:4px 8px'>"
            + "".join(f"<p style='margin:2px 0'>{text}</p>" for text in paragraphs)
            + "</div>"
        )


class MyBoardExercise(Exercise):
    """Up to seven decision panels, Add and Print buttons, and what is still missing."""

    name = N_("my delegation board")

    def __init__(
        self,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        clock: Callable[[], float] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.today = today
        self.clock = clock or time.monotonic
        self.panels: list[DecisionPanel] = []
        self.panel_box = w.VBox()
        self.add_button = w.Button(
            layout=auto_width(),
            description=_("Add a decision"),
            icon="plus",
            tooltip=_("Add one more decision to your board (seven at most)"),
        )
        guard_clicks(self.add_button, self.add, clock=self.clock)
        self.print_button = w.Button(
            layout=auto_width(),
            description=_("Print my board"),
            icon="print",
            tooltip=_("Write your board as a one-page web page and a PDF into your exports folder"),
        )
        guard_clicks(self.print_button, self.print_board, clock=self.clock)
        self.problems = w.HTML()
        self.problems_list: list[str] = []
        self.output = w.HTML()
        self.children = [
            w.HTML(
                "<p>"
                + escape(
                    _(
                        "List {fewest} to {most} decisions that come back every week or "
                        "month. Name people by a role or a first name: what you type stays "
                        "in your journal on this computer, and leaves it only if you print "
                        "the board or include it in an export."
                    ).format(fewest=FEWEST, most=MOST)
                )
                + "</p>"
            ),
            self.panel_box,
            self.add_button,
            self.problems,
            self.print_button,
            self.message,
            self.output,
        ]
        self.restore()

    # -- panels ------------------------------------------------------------------------
    def _new_panel(self) -> DecisionPanel:
        panel = DecisionPanel(self, len(self.panels) + 1)
        self.panels.append(panel)
        return panel

    def _show_panels(self) -> None:
        for number, panel in enumerate(self.panels, start=1):
            panel.number(number)
            panel.show_suggestion()
        self.panel_box.children = [p.box for p in self.panels]
        self.add_button.disabled = len(self.panels) >= MOST
        self._show_problems()

    def restore(self) -> None:
        saved = self.load(EXERCISE).get(BOARD_ITEM)
        decisions: list[Decision] = []
        if isinstance(saved, list):
            try:
                decisions = check_board(saved)
            except Exception as exc:  # an answer the journal kept that no longer reads
                self.show_problem(exc, _("reading your saved board"))
        with self.restoring():
            for decision in decisions:
                self._new_panel().restore(decision)
            while len(self.panels) < FEWEST:
                self._new_panel()
        self._show_panels()

    def add(self) -> None:
        """One more decision panel (at most ``MOST``)."""
        if len(self.panels) >= MOST:
            self.say(
                _(
                    "Your board holds {most} decisions, the most it keeps. Remove one to "
                    "add another."
                ).format(most=MOST),
                "problem",
            )
            return
        self._new_panel()
        self._show_panels()

    def remove(self, panel: DecisionPanel) -> None:
        """Take ``panel``'s decision off the board and save."""
        if panel in self.panels:
            self.panels.remove(panel)
        self.save_board()
        self._show_panels()

    # -- saving ------------------------------------------------------------------------
    def decisions(self) -> list[Decision]:
        """The decisions on screen, blank panels left out."""
        return [d for d in (p.decision() for p in self.panels) if not d.blank]

    def save_board(self) -> bool:
        """Save the board on screen (called on every change) and show what it means."""
        if self._restoring:
            return True
        saved = self.save(EXERCISE, BOARD_ITEM, board_to_json(self.decisions()))
        for panel in self.panels:
            panel.show_suggestion()
        self._show_problems()
        return saved

    def _show_problems(self) -> None:
        shown = [(n, p.decision()) for n, p in enumerate(self.panels, start=1)]
        filled = [(n, d) for n, d in shown if not d.blank]
        self.problems_list = board_problems(
            [d for _n, d in filled], self.today(), [n for n, _d in filled]
        )
        if not self.problems_list:
            self.problems.value = (
                "<p role='status' style='color:#00603f'>\u2714 "
                + escape(_("Your board is ready: print it and agree it with each person."))
                + "</p>"
            )
            return
        items = "".join(f"<li>{escape(p)}</li>" for p in self.problems_list)
        self.problems.value = (
            "<div role='status' style='color:#333'><p style='margin:4px 0'>"
            + escape(_("Still to do before you print the board:"))
            + f"</p><ul style='margin:0'>{items}</ul></div>"
        )

    # -- printing ----------------------------------------------------------------------
    def print_board(self) -> Path | None:
        """Write the board as HTML (and PDF where Chromium is installed) into the exports
        folder; show where. Refused, with what is missing, until the board is ready."""
        for panel in self.panels:
            for field in panel.texts:
                field.flush()
        self.save_board()
        if self.problems_list:
            self.say(
                _("Not printed yet: finish your board first ({problems})").format(
                    problems=" ".join(self.problems_list)
                ),
                "problem",
            )
            return None
        from ..my_board_print import write_board

        try:
            written = write_board(self.content, self.decisions(), exports_dir())
        except Exception as exc:  # shown in plain words
            self.show_problem(exc, _("printing your board"))
            return None
        text, links = written_report(
            written,
            _("Your board was written to {html}."),
            _("Download the board as a web page"),
            _("Download it as PDF"),
        )
        self.say(text, "ok")
        self.output.value = links
        return written.html

    def poster(self) -> str:
        """The board on screen as the printable page."""
        return poster_html(self.content, self.decisions())

    def worksheet_html(self) -> str:
        return worksheets.my_board(self.content)
