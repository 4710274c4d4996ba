"""The delegation exercise (a scenario card, the seven levels, the verdict, next and
previous, a summary board at the end) and the learner's delegation board.

A thin view over ``leadlib.delegation`` (the rules, the board rows and their summary);
imports ipywidgets, must not import nbconvert.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as w

from ..delegation import BoardRow, Fit, TaskContext, assess, board, board_summary
from ..errors import AnswerError
from ..i18n import N_, _
from ..models import Content, Scenario
from . import worksheets
from ._base import ChartView, Exercise, auto_width

EXERCISE = "delegation"
FIT_COLOURS = {
    Fit.GOOD_FIT: "#00603f",
    Fit.TOO_CONTROLLING: "#8a2b00",
    Fit.TOO_HANDS_OFF: "#8a2b00",
}


def _card_html(content: Content, scenario: Scenario, number: int, total: int) -> str:
    facts = [
        (_("Competence for this task"), scenario.competence.word),
        (_("Commitment"), scenario.commitment.word),
        (_("Risk if it goes wrong"), scenario.risk.word),
        (_("Urgency"), scenario.urgency.word),
    ]
    rows = "".join(
        "<li>"
        + _("{fact}: {value}").format(fact=escape(k), value=f"<strong>{escape(v)}</strong>")
        + "</li>"
        for k, v in facts
    )
    return (
        "<div style='border:1px solid #888;border-radius:6px;padding:8px 12px;margin:6px 0'>"
        "<p style='margin:0;color:#444'>"
        + _("Scenario {number} of {total}").format(number=number, total=total)
        + f"</p><h4 style='margin:4px 0'>{escape(scenario.title)}</h4>"
        "<p style='margin:2px 0'>"
        + _("<strong>Who:</strong> {person}").format(person=escape(scenario.person))
        + "</p><p style='margin:2px 0'>"
        + _("<strong>The decision:</strong> {decision}").format(decision=escape(scenario.decision))
        + f"</p><ul style='margin:4px 0'>{rows}</ul></div>"
    )


def _board_table(content: Content, rows: list[BoardRow]) -> str:
    cells = []
    for row in rows:
        if row.level is None or row.verdict is None:
            chosen, verdict_text, colour = _("not answered"), "", "#444"
        else:
            chosen = f"{row.level} {content.level(row.level).name}"
            verdict_text = row.verdict.fit.label
            colour = FIT_COLOURS[row.verdict.fit]
        cells.append(
            f"<tr><th scope='row' style='text-align:left;padding:2px 8px'>"
            f"{escape(row.scenario.title)}</th><td style='padding:2px 8px'>{escape(chosen)}</td>"
            f"<td style='padding:2px 8px'>{row.band_text}</td>"
            f"<td style='padding:2px 8px;color:{colour}'>{escape(verdict_text)}</td></tr>"
        )
    head = "".join(
        f"<th scope='col' style='text-align:left;padding:2px 8px'>{escape(label)}</th>"
        for label in (_("Decision"), _("Your level"), _("Levels that fit"), _("Verdict"))
    )
    return (
        "<table style='border-collapse:collapse'><caption style='text-align:left'>"
        + escape(_("Your delegation board"))
        + f"</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(cells)}</tbody></table>"
    )


class DelegationExercise(Exercise):
    """One scenario card at a time: choose one of the seven levels, read the verdict."""

    name = N_("delegation levels")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenarios = list(self.content.scenarios)
        self.index = 0
        self.choices: dict[str, int] = {}
        self.card = w.HTML()
        self.levels = w.RadioButtons(
            options=[
                (f"{lv.number} {lv.name}: {lv.description}", lv.number)
                for lv in self.content.levels
            ],
            value=None,
            description=_("Your level:"),
            style={"description_width": "initial"},
            layout=w.Layout(width="auto"),
        )
        self.levels.observe(self._on_level, names="value")
        self.verdict = w.HTML()
        self.previous_button = w.Button(
            layout=auto_width(),
            description=_("Previous scenario"),
            icon="arrow-left",
            tooltip=_("Go back to the previous scenario"),
        )
        self.next_button = w.Button(
            layout=auto_width(),
            description=_("Next scenario"),
            icon="arrow-right",
            tooltip=_("Go on to the next scenario"),
        )
        self.board_button = w.Button(
            layout=auto_width(),
            description=_("Show my board"),
            icon="table",
            tooltip=_("Show all your choices against the levels that fit"),
        )
        self.previous_button.on_click(lambda _: self.go(self.index - 1))
        self.next_button.on_click(lambda _: self._next())
        self.board_button.on_click(lambda _: self.show_board())
        self.board = w.HTML()
        self.chart = ChartView(_("delegation board chart"))
        self.children = [
            self.card,
            self.levels,
            self.verdict,
            w.HBox([self.previous_button, self.next_button, self.board_button]),
            self.message,
            self.board,
            self.chart.box,
        ]
        saved = self.load(EXERCISE)
        known = {s.id for s in self.scenarios}
        for sid, level in saved.items():
            if sid in known and isinstance(level, int) and 1 <= level <= len(self.content.levels):
                self.choices[sid] = level
        first_open = next((i for i, s in enumerate(self.scenarios) if s.id not in self.choices), 0)
        self.go(first_open)
        if len(self.choices) == len(self.scenarios):
            self.show_board()

    @property
    def scenario(self) -> Scenario:
        return self.scenarios[self.index]

    def go(self, index: int) -> None:
        """Show scenario ``index`` (0-based), with its saved level and verdict if any."""
        self.index = max(0, min(index, len(self.scenarios) - 1))
        scenario = self.scenario
        self.card.value = _card_html(self.content, scenario, self.index + 1, len(self.scenarios))
        with self.restoring():
            self.levels.value = self.choices.get(scenario.id)
        self._show_verdict()
        self.previous_button.disabled = self.index == 0
        last = self.index == len(self.scenarios) - 1
        self.next_button.description = _("Finish: show my board") if last else _("Next scenario")

    def _next(self) -> None:
        if self.index == len(self.scenarios) - 1:
            self.show_board()
        else:
            self.go(self.index + 1)

    def _on_level(self, change: dict[str, Any]) -> None:
        if self._restoring:
            return
        self.choose(change["new"])

    def choose(self, level: object) -> None:
        """Choose ``level`` (1-7) for the current scenario: verdict, then save."""
        if level is None:
            return
        try:
            assess(self.content, TaskContext.of(self.scenario), level)
        except AnswerError as exc:
            self.say(_("That level was not accepted: {problem}").format(problem=exc), "problem")
            return
        assert isinstance(level, int)
        if not self.save(EXERCISE, self.scenario.id, level):
            return
        self.choices[self.scenario.id] = level
        self._show_verdict()
        if self.board.value:
            self.show_board()

    def _show_verdict(self) -> None:
        level = self.choices.get(self.scenario.id)
        if level is None:
            self.verdict.value = (
                "<p style='color:#444'>"
                + escape(_("Choose a level to see how it fits this situation."))
                + "</p>"
            )
            self.verdict_text = ""
            return
        verdict = assess(self.content, TaskContext.of(self.scenario), level)
        self.verdict_text = _("{verdict}. {explanation}").format(
            verdict=verdict.fit.label, explanation=verdict.explanation
        )
        self.verdict.value = (
            f"<div role='status' style='margin:4px 0'><strong style='color:"
            f"{FIT_COLOURS[verdict.fit]}'>{escape(verdict.fit.label)}.</strong> "
            f"{escape(verdict.explanation)}</div>"
        )

    def show_board(self) -> None:
        """The summary board: every scenario, the chosen level, the band, the verdict."""
        rows = board(self.content, self.choices)
        table = _board_table(self.content, rows)
        self.board_text = board_summary(self.content, rows)
        self.board.value = (
            "<h4>" + escape(_("Your board")) + f"</h4><p>{escape(self.board_text)}</p>{table}"
        )
        if self.choices:
            key = tuple(sorted(self.choices.items()))
            choices = {k: [v] for k, v in self.choices.items()}
            from .. import plots

            self.chart.show(key, lambda: plots.delegation_distribution(self.content, choices), self)

    def worksheet_html(self) -> str:
        return worksheets.delegation(self.content)


class DelegationBoard(Exercise):
    """The learner's board from the journal: chosen level against the fitting band."""

    name = N_("delegation board")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.board = w.HTML()
        self.chart = ChartView(_("delegation board chart"))
        self.refresh_button = w.Button(
            layout=auto_width(),
            description=_("Refresh"),
            icon="refresh",
            tooltip=_("Read your latest choices from the journal again"),
        )
        self.refresh_button.on_click(lambda _: self.refresh())
        self.children = [self.board, self.chart.box, self.refresh_button, self.message]
        self.refresh()

    def refresh(self) -> None:
        saved = self.load(EXERCISE)
        known = {s.id for s in self.content.scenarios}
        self.choices = {
            k: v
            for k, v in saved.items()
            if k in known and isinstance(v, int) and 1 <= v <= len(self.content.levels)
        }
        rows = board(self.content, self.choices)
        table = _board_table(self.content, rows)
        self.board_text = board_summary(self.content, rows)
        self.board.value = f"<p>{escape(self.board_text)}</p>{table}"
        if self.choices:
            key = tuple(sorted(self.choices.items()))
            choices = {k: [v] for k, v in self.choices.items()}
            from .. import plots

            self.chart.show(key, lambda: plots.delegation_distribution(self.content, choices), self)
        else:
            self.chart.hide()

    def worksheet_html(self) -> str:
        return worksheets.delegation_board(self.content, self.choices)
