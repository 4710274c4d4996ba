"""The balance exercise: choose a situation, split time between leadership and
management work with a slider, and compare the split with the recommended band (in
words and in one chart); the learner's own profile is shown beside the band in words.
Until the learner has set a share (none saved, slider untouched) it gives no verdict,
only a neutral prompt and the band alone. Every share is written with
``leadlib.balance.share_text``, as in the chart.

A thin view over ``leadlib.balance``; imports ipywidgets, must not import nbconvert.
"""

from __future__ import annotations

import contextlib
from html import escape
from typing import Any

import ipywidgets as w

from ..balance import BalanceReport, check_share, compare_profile, compare_split, share_text
from ..errors import AnswerError
from ..i18n import N_, _
from ..models import Situation
from ..scoring import Profile, check_answer, score
from . import worksheets
from ._base import NO_PROFILE_NOTE, ChartView, Exercise, auto_width

EXERCISE = "balance"
DEFAULT_SHARE = 50


class BalanceExercise(Exercise):
    """A situation dropdown, a leadership-share slider, feedback and the band chart."""

    name = N_("finding the balance")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        situations = self.content.situations
        self.situation_choice = w.Dropdown(
            options=[(s.name, s.id) for s in situations],
            value=situations[0].id,
            description=_("Your situation:"),
            style={"description_width": "initial"},
            layout=w.Layout(width="max-content"),
        )
        self.share = w.IntSlider(
            value=DEFAULT_SHARE,
            min=0,
            max=100,
            step=5,
            description=_("Leadership share of your time (%):"),
            continuous_update=False,
            style={"description_width": "initial"},
            layout=w.Layout(width="600px"),
        )
        self.keep_default = w.Button(
            layout=auto_width(),
            description=_("My split is {leadership}% leadership").format(
                leadership=share_text(DEFAULT_SHARE)
            ),
            tooltip=_("Use the slider's starting position as your split"),
        )
        self.keep_default.on_click(lambda _button: self.set_share(self.share.value))
        self.split_text = w.HTML()
        self.situation_text = w.HTML()
        self.feedback = w.HTML()
        self.profile_note = w.HTML()
        self.chart = ChartView(_("balance chart"))
        self.children = [
            w.HTML(
                _(
                    "<p>Pick the situation closest to your team's today, then move the slider "
                    "to how you actually split a typical week between leadership work "
                    "(direction, alignment, motivation) and management work (planning, "
                    "organizing, control).</p>"
                )
            ),
            self.situation_choice,
            self.situation_text,
            self.share,
            self.keep_default,
            self.split_text,
            self.feedback,
            self.chart.box,
            self.profile_note,
            self.message,
        ]
        self.profile = self._read_profile()
        saved = self.load(EXERCISE)
        self._saved_situation = saved.get("situation")
        #: True once the learner has a share: saved earlier, or set here.
        self.share_set = False
        with self.restoring():
            if saved.get("situation") in {s.id for s in situations}:
                self.situation_choice.value = saved["situation"]
            with contextlib.suppress(AnswerError):
                self.share.value = int(round(check_share(saved.get("share"))))
                self.share_set = True
        self.situation_choice.observe(self._on_situation, names="value")
        self.share.observe(self._on_share, names="value")
        self._refresh()

    def _read_profile(self) -> Profile | None:
        answers = {}
        for sid, value in self.load("self_assessment").items():
            try:
                answers[sid] = check_answer(self.content, sid, value)
            except AnswerError:
                continue
        profile = score(self.content, answers)
        return profile if profile.leadership_share is not None else None

    def _on_situation(self, change: dict[str, Any]) -> None:
        if self.save(EXERCISE, "situation", change["new"]):
            self._saved_situation = change["new"]
            self._refresh()

    def _on_share(self, change: dict[str, Any]) -> None:
        self.set_share(change["new"])

    def set_share(self, share: object) -> None:
        """Use ``share`` (percent of time on leadership); refuse anything outside 0-100."""
        try:
            value = check_share(share)
        except AnswerError as exc:
            self.say(_("That split was not accepted: {problem}").format(problem=exc), "problem")
            return
        if self.share.value != round(value):
            with self.restoring():
                self.share.value = int(round(value))
        situation = self.situation_choice.value
        if self._saved_situation != situation:  # the default was never chosen explicitly
            if not self.save(EXERCISE, "situation", situation):
                return
            self._saved_situation = situation
        if self.save(EXERCISE, "share", self.share.value):
            self.share_set = True
            self._refresh()

    @property
    def report(self) -> BalanceReport:
        """The slider's split against the chosen situation (shown once a share is set)."""
        situation = self.content.situation(self.situation_choice.value)
        return compare_split(self.content, situation, self.share.value, self.profile)

    def _refresh(self) -> None:
        situation = self.content.situation(self.situation_choice.value)
        low, high = situation.leadership_band
        self.situation_text.value = (
            f"<p style='margin:2px 0;color:#333'>{escape(situation.description)} "
            + _("Suggested: {low}-{high}% leadership.").format(low=low, high=high)
            + "</p>"
        )
        self.keep_default.layout.display = "none" if self.share_set else None
        if self.share_set:
            self._show_verdict(situation)
        else:
            self.split_text.value = ""
            self.feedback_text = _(
                "Move the slider to how you split a typical week between leadership and "
                "management work; the course then compares your split with the suggested "
                "range."
            )
            self.feedback.value = (
                f"<div role='status'><p style='color:#333333;margin:4px 0'>"
                f"{escape(self.feedback_text)}</p>{_why(situation)}</div>"
            )
        profile = self.profile
        if profile is None:
            self.profile_text = _(NO_PROFILE_NOTE)
            self.profile_note.value = f"<p><em>{escape(self.profile_text)}</em></p>"
        else:
            # The profile's indices are skill scores, shown beside the band in words;
            # they are not a share of the week, so the chart does not place them on it.
            reading = compare_profile(self.content, situation, profile)
            self.profile_text = reading.message
            ideas = "".join(f"<li>{escape(s)}</li>" for s in reading.suggestions)
            self.profile_note.value = _(
                "<p><strong>Your own profile, beside this situation:</strong> {text}</p>"
            ).format(text=escape(self.profile_text)) + (
                "<p style='margin:2px 0'>" + _("To develop:") + f"</p><ul>{ideas}</ul>"
                if ideas
                else ""
            )
        from .. import plots

        share = self.share.value if self.share_set else None
        key = (situation.id, share)
        self.chart.show(key, lambda: plots.balance_band(self.content, situation, share), self)

    def _show_verdict(self, situation: Situation) -> None:
        """The learner's split in words, and how it compares with the situation's band."""
        share = self.share.value
        self.split_text.value = (
            "<p style='margin:2px 0'>"
            + _("{leadership}% leadership work, {management}% management work.").format(
                leadership=share_text(share), management=share_text(100 - share)
            )
            + "</p>"
        )
        report = self.report
        suggestions = "".join(f"<li>{escape(s)}</li>" for s in report.suggestions)
        colour = "#00603f" if report.within else "#8a2b00"
        self.feedback_text = report.message
        self.feedback.value = (
            f"<div role='status'><p style='color:{colour};margin:4px 0'>"
            f"{escape(report.message)}</p>"
            + (
                "<p style='margin:2px 0'>" + _("Ideas to try:") + f"</p><ul>{suggestions}</ul>"
                if suggestions
                else ""
            )
            + _why(situation)
            + "</div>"
        )

    def worksheet_html(self) -> str:
        return worksheets.balance(self.content)


def _why(situation: Situation) -> str:
    """The situation's rationale, folded under "Why this range?"."""
    return (
        "<details><summary>"
        + escape(_("Why this range?"))
        + f"</summary><p>{escape(situation.rationale)}</p></details>"
    )
