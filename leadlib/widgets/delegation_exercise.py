"""The delegation exercise (judge first, then choose: a card with the story only, the
learner's ratings of competence, commitment, risk and urgency, then one of the seven
levels; then the verdict, the course's ratings, the band and the reasons, with a word on
each rating judged differently; next and previous, a summary board at the end) and the
learner's delegation board.

Nothing of the answer (the four facts, the band, "levels that fit") shows for a scenario
before the learner has chosen a level for it.

A thin view over ``leadlib.delegation`` (the rules, the board rows and its summary) and
``leadlib.judging`` (the learner's ratings against the course's); imports ipywidgets,
must not import nbconvert.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from html import escape
from typing import Any

import ipywidgets as w

from ..delegation import BoardRow, Fit, TaskContext, answered_only, assess, board, board_summary
from ..errors import AnswerError
from ..i18n import N_, _
from ..judging import (
    FACTOR_QUESTIONS,
    FACTORS,
    compare_ratings,
    course_reading,
    parse_ratings,
    rated_context,
)
from ..models import Content, Level3, Scenario
from . import worksheets
from ._base import ChartView, Exercise, answer_group, auto_width, guard_clicks

EXERCISE = "delegation"
#: The learner's ratings of the four factors (see leadlib.journal.answers).
RATINGS = "delegation_ratings"
FIT_COLOURS = {
    Fit.GOOD_FIT: "#00603f",
    Fit.TOO_CONTROLLING: "#8a2b00",
    Fit.TOO_HANDS_OFF: "#8a2b00",
}


def _card_html(content: Content, scenario: Scenario, number: int, total: int) -> str:
    """The card: the story only (who, the decision), never the ratings or the band."""
    return (
        "<div style='border:1px solid #888;border-radius:6px;padding:8px 12px;margin:6px 0'>"
        "<p style='margin:0;color:#444'>"
        + _("Scenario {number} of {total}").format(number=number, total=total)
        + f"</p><h4 style='margin:4px 0'>{escape(scenario.title)}</h4>"
        "<p style='margin:2px 0'>"
        + _("<strong>Who:</strong> {person}").format(person=escape(scenario.person))
        + "</p><p style='margin:2px 0'>"
        + _("<strong>The decision:</strong> {decision}").format(decision=escape(scenario.decision))
        + "</p></div>"
    )


def _board_table(content: Content, rows: list[BoardRow]) -> str:
    """The board as a table; an unanswered row shows no band and no verdict."""
    cells = []
    for row in rows:
        if row.level is None or row.verdict is None:
            chosen, band, verdict_text, colour = (
                _("not answered"),
                _("shown once answered"),
                "",
                "#444",
            )
        else:
            chosen = f"{row.level} {content.level(row.level).name}"
            band = row.band_text
            verdict_text = row.verdict.fit.label
            colour = FIT_COLOURS[row.verdict.fit]
        cells.append(
            f"<tr><th scope='row' style='text-align:left;padding:2px 8px'>"
            f"{escape(row.scenario.title)}</th><td style='padding:2px 8px'>{escape(chosen)}</td>"
            f"<td style='padding:2px 8px'>{escape(band)}</td>"
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


def _saved_ratings(saved: Mapping[str, Any], known: set[str]) -> dict[str, dict[str, Level3]]:
    """The learner's saved ratings per scenario; a damaged entry is left out."""
    ratings = {}
    for sid, value in saved.items():
        if sid not in known:
            continue
        try:
            ratings[sid] = parse_ratings(value)
        except AnswerError:
            continue
    return ratings


class DelegationExercise(Exercise):
    """One scenario card at a time: rate the four factors, choose one of the seven
    levels, read the verdict and how your ratings compare with the course's."""

    name = N_("delegation levels")
    #: The clock that tells a double click on Previous or Next from two clicks (tests
    #: replace it to click through the cards at once).
    clock: Callable[[], float] = staticmethod(time.monotonic)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenarios = list(self.content.scenarios)
        self.index = 0
        self.choices: dict[str, int] = {}
        self.ratings: dict[str, dict[str, Level3]] = {}
        self.card = w.HTML()
        self.card.add_class("leadlib-delegation-card")
        self.judge_intro = w.HTML(
            "<p style='margin:4px 0'><strong>"
            + escape(_("1. Judge the situation."))
            + "</strong> "
            + escape(_("From the story, rate each of the four factors."))
            + "</p>"
        )
        self.rating_buttons: dict[str, w.ToggleButtons] = {}
        for factor in FACTORS:
            toggle = w.ToggleButtons(
                options=[(level.word, level.value) for level in Level3],
                value=None,
                description=_("{question}:").format(question=_(FACTOR_QUESTIONS[factor])),
                style={"description_width": "14em", "button_width": "auto"},
            )
            toggle.observe(self._on_rating(factor), names="value")
            self.rating_buttons[factor] = answer_group(toggle)
        self.choose_intro = w.HTML()
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
        answer_group(self.levels)
        self.verdict = w.HTML()
        self.verdict.add_class("leadlib-delegation-verdict")
        self.verdict_text = ""
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
            tooltip=_("Show your choices against the levels that fit, for the scenarios answered"),
        )
        # A double click on Previous or Next moves one card, not two.
        guard_clicks(self.previous_button, lambda: self.go(self.index - 1), clock=self.clock)
        guard_clicks(self.next_button, self._next, clock=self.clock)
        self.board_button.on_click(lambda _: self.show_board())
        self.board = w.HTML()
        self.board_text = ""
        self.chart = ChartView(_("delegation board chart"))
        self.children = [
            self.card,
            self.judge_intro,
            *self.rating_buttons.values(),
            self.choose_intro,
            self.levels,
            self.verdict,
            w.HBox([self.previous_button, self.next_button, self.board_button]),
            self.message,
            self.board,
            self.chart.box,
        ]
        known = {s.id for s in self.scenarios}
        for sid, level in self.load(EXERCISE).items():
            if sid in known and isinstance(level, int) and 1 <= level <= len(self.content.levels):
                self.choices[sid] = level
        self.ratings = _saved_ratings(self.load(RATINGS), known)
        first_open = next((i for i, s in enumerate(self.scenarios) if s.id not in self.choices), 0)
        self.go(first_open)
        if len(self.choices) == len(self.scenarios):
            self.show_board()

    @property
    def scenario(self) -> Scenario:
        return self.scenarios[self.index]

    def go(self, index: int) -> None:
        """Show scenario ``index`` (0-based), with its saved ratings, level and verdict."""
        self.index = max(0, min(index, len(self.scenarios) - 1))
        scenario = self.scenario
        self.card.value = _card_html(self.content, scenario, self.index + 1, len(self.scenarios))
        ratings = self.ratings.get(scenario.id, {})
        with self.restoring():
            for factor, toggle in self.rating_buttons.items():
                rating = ratings.get(factor)
                toggle.value = None if rating is None else rating.value
            self.levels.value = self.choices.get(scenario.id)
        self._update_choice_step()
        self._show_verdict()
        self.previous_button.disabled = self.index == 0
        last = self.index == len(self.scenarios) - 1
        self.next_button.description = _("Finish: show my board") if last else _("Next scenario")

    def _next(self) -> None:
        if self.index == len(self.scenarios) - 1:
            self.show_board()
        else:
            self.go(self.index + 1)

    def _on_rating(self, factor: str) -> Any:
        def handler(change: dict[str, Any]) -> None:
            if self._restoring or change["new"] is None:
                return
            self.rate(factor, change["new"])

        return handler

    def rate(self, factor: str, rating: object) -> None:
        """Rate ``factor`` (competence, commitment, risk, urgency) low, medium or high
        for the current scenario: save, then open the choice of a level once all four
        are rated (or refresh the comparison if a level is chosen already)."""
        scenario_id = self.scenario.id
        ratings = {k: v.value for k, v in self.ratings.get(scenario_id, {}).items()}
        ratings[factor] = rating  # type: ignore[assignment]
        try:
            parsed = parse_ratings(ratings)
        except AnswerError as exc:
            self.say(_("That rating was not accepted: {problem}").format(problem=exc), "problem")
            return
        if not self.save(RATINGS, scenario_id, {k: v.value for k, v in parsed.items()}):
            return
        self.ratings[scenario_id] = parsed
        self._update_choice_step()
        self._show_verdict()

    def _rated(self) -> TaskContext | None:
        return rated_context(self.ratings.get(self.scenario.id, {}))

    def _update_choice_step(self) -> None:
        """The levels open once all four factors are rated (or the scenario was answered
        before the ratings were asked for, in an older journal)."""
        ready = self._rated() is not None or self.scenario.id in self.choices
        self.levels.disabled = not ready
        hint = (
            _("Now pick the level you would use.")
            if ready
            else _("Rate all four factors first; then pick a level.")
        )
        self.choose_intro.value = (
            "<p style='margin:8px 0 4px'><strong>"
            + escape(_("2. Choose a level."))
            + f"</strong> {escape(hint)}</p>"
        )

    def _on_level(self, change: dict[str, Any]) -> None:
        if self._restoring:
            return
        self.choose(change["new"])

    def choose(self, level: object) -> None:
        """Choose ``level`` (1-7) for the current scenario: verdict, then save. Refused
        until the four factors are rated (a scenario answered before that may change)."""
        if level is None:
            return
        if self._rated() is None and self.scenario.id not in self.choices:
            self.say(_("Rate competence, commitment, risk and urgency first."), "problem")
            with self.restoring():
                self.levels.value = None
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
        self._update_choice_step()
        self._show_verdict()
        if self.board.value:
            self.show_board()

    def _show_verdict(self) -> None:
        level = self.choices.get(self.scenario.id)
        if level is None:
            self.verdict.value = (
                "<p style='color:#444'>"
                + escape(_("Rate the four factors and choose a level to see how it fits."))
                + "</p>"
            )
            self.verdict_text = ""
            return
        course = TaskContext.of(self.scenario)
        verdict = assess(self.content, course, level)
        reading = course_reading(course)
        rated = self._rated()
        if rated is None:
            differences: tuple[str, ...] = ()
            summary = _(
                "You chose this level before rating the four factors: rate them above to "
                "compare your reading with the course's."
            )
        else:
            comparison = compare_ratings(course, rated)
            differences, summary = comparison.differences, comparison.summary
        self.verdict_text = " ".join(
            [
                _("{verdict}. {explanation}").format(
                    verdict=verdict.fit.label, explanation=verdict.explanation
                ),
                reading,
                summary,
                *differences,
            ]
        )
        items = "".join(f"<li>{escape(d)}</li>" for d in differences)
        self.verdict.value = (
            f"<div role='status' style='margin:4px 0'><p style='margin:2px 0'>"
            f"<strong style='color:{FIT_COLOURS[verdict.fit]}'>{escape(verdict.fit.label)}."
            f"</strong> {escape(verdict.explanation)}</p>"
            f"<p style='margin:2px 0'>{escape(reading)} {escape(summary)}</p>"
            + (f"<ul style='margin:2px 0'>{items}</ul>" if items else "")
            + "</div>"
        )

    def show_board(self) -> None:
        """The summary board: every scenario, the chosen level and, for the scenarios
        answered only, the band and the verdict."""
        rows = board(self.content, self.choices)
        table = _board_table(self.content, rows)
        self.board_text = board_summary(self.content, rows)
        self.board.value = (
            "<h4>" + escape(_("Your board")) + f"</h4><p>{escape(self.board_text)}</p>{table}"
        )
        _show_chart(self, self.chart, self.choices)

    def worksheet_html(self) -> str:
        return worksheets.delegation(self.content)


def _show_chart(exercise: Exercise, chart: ChartView, choices: Mapping[str, int]) -> None:
    """The board's chart, for the answered scenarios only (an unanswered scenario's band
    would give its answer away)."""
    if not choices:
        chart.hide()
        return
    key = tuple(sorted(choices.items()))
    shown = answered_only(exercise.content, choices)
    levels = {k: [v] for k, v in choices.items()}
    from .. import plots

    chart.show(key, lambda: plots.delegation_distribution(shown, levels), exercise)


class DelegationBoard(Exercise):
    """The learner's board from the journal: chosen level against the fitting band, the
    band shown for answered scenarios only."""

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
        _show_chart(self, self.chart, self.choices)

    def worksheet_html(self) -> str:
        return worksheets.delegation_board(self.content, self.choices)
