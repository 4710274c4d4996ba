"""The self-assessment questionnaire, per family or whole: one how-often scale per
statement, progress shown, and
the profile chart once the part is complete, unless a profile view in the same notebook
shows it (then it is not drawn twice).

A thin view over ``leadlib.scoring``; imports ipywidgets, must not import nbconvert.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as w

from ..errors import AnswerError
from ..i18n import N_, _
from ..models import Family
from ..profile import kotter_line, strengths_line
from ..scoring import Profile, check_answer, score
from . import worksheets
from ._base import REFLECTION_NOTE, ChartView, Exercise, answer_group
from .profile_view import profile_shown, refresh_live_views, watch_profile_views

EXERCISE = "self_assessment"


class SelfAssessmentExercise(Exercise):
    """Statements of one family (or all) with a 1-5 scale each, progress, and the chart.

    Parameters: ``family`` (Family.LEADERSHIP, Family.MANAGEMENT or None for all).
    """

    name = N_("self-assessment")

    def __init__(self, family: Family | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.family = family
        if family is not None:
            self.name = _("self-assessment, {family} part").format(family=family.word)
        self.statements = list(self.content.statements_in(family))
        scale = self.content.scale
        self.scale_values = list(range(scale.min, scale.max + 1))
        self.scales: dict[str, w.ToggleButtons] = {}
        self.progress = w.IntProgress(
            value=0,
            min=0,
            max=len(self.statements),
            description=_("Progress:"),
            style={"description_width": "initial"},
        )
        self.progress_text = w.HTML()
        self.result = w.HTML()
        self.chart = ChartView(_("profile chart"))
        self.answers: dict[str, int] = {}
        legend = ", ".join(
            _("{value} = {label}").format(value=v, label=label.lower())
            for v, label in zip(self.scale_values, scale.labels, strict=False)
        )
        rows: list[w.Widget] = [
            w.HTML(
                f"<p><em>{escape(_(REFLECTION_NOTE))}</em></p>"
                + _(
                    "<p>Over the last three months, how often did you do each of these? Think "
                    "of what you actually did, not what you would like to do. ({legend})</p>"
                ).format(legend=escape(legend))
            )
        ]
        for number, statement in enumerate(self.statements, start=1):
            toggle = w.ToggleButtons(
                options=[
                    (f"{v} {label}", v)
                    for v, label in zip(self.scale_values, scale.labels, strict=False)
                ],
                value=None,
                description=_("Statement {number}:").format(number=number),
                tooltips=list(scale.labels),
                style={"description_width": "initial", "button_width": "auto"},
            )
            toggle.observe(self._on_answer(statement.id), names="value")
            self.scales[statement.id] = toggle
            question = w.HTML(
                f"<p style='margin:10px 0 2px'><strong>{number}.</strong> "
                f"{escape(statement.text)}</p>"
            )
            rows.append(
                w.VBox(
                    [
                        question,
                        answer_group(toggle, question),
                    ]
                )
            )
        self.children = [
            *rows,
            w.HBox([self.progress, self.progress_text]),
            self.message,
            self.result,
            self.chart.box,
        ]
        self.restore()
        watch_profile_views(self)

    def restore(self) -> None:
        saved = self.load(EXERCISE)
        self.all_answers: dict[str, int] = {}
        for sid, value in saved.items():
            try:
                self.all_answers[sid] = check_answer(self.content, sid, value)
            except AnswerError:
                continue  # a stale or damaged row: ignored here, the journal keeps it
        with self.restoring():
            for sid, toggle in self.scales.items():
                if sid in self.all_answers:
                    toggle.value = self.all_answers[sid]
        self._refresh()

    def profile_view_appeared(self) -> None:
        """A profile view was shown in this kernel: leave the chart to it."""
        self._refresh()

    def _on_answer(self, statement_id: str) -> Any:
        def handler(change: dict[str, Any]) -> None:
            self.answer(statement_id, change["new"])

        return handler

    def answer(self, statement_id: str, value: object) -> None:
        """Validate and save one answer, then update progress, result and chart."""
        if value is None:
            return
        try:
            checked = check_answer(self.content, statement_id, value)
        except AnswerError as exc:
            self.say(_("That answer was not accepted: {problem}").format(problem=exc), "problem")
            return
        if not self.save(EXERCISE, statement_id, checked):
            return
        self.all_answers[statement_id] = checked
        refresh_live_views()  # first: whether a profile view shows the radar now
        self._refresh()

    @property
    def profile_so_far(self) -> Profile:
        return score(self.content, self.all_answers, self.family)

    def _refresh(self) -> None:
        done = sum(1 for s in self.statements if s.id in self.all_answers)
        total = len(self.statements)
        self.progress.value = done
        self.progress_text.value = (
            "<span role='status'>"
            + _("{done} of {total} answered").format(done=done, total=total)
            + "</span>"
        )
        profile = self.profile_so_far
        if done < total:
            self.result.value = ""
            self.chart.hide()
            return
        self.result.value = self._summary_html(profile)
        if profile_shown(self):
            # the profile view of this notebook shows the same chart (with the grid)
            self.chart.hide()
            self.result.value += (
                "<p><em>"
                + escape(_("Your profile chart is shown under 'Your profile' in this notebook."))
                + "</em></p>"
            )
            return
        key = tuple(sorted(self.all_answers.items()))
        from .. import plots

        self.chart.show(key, lambda: plots.profile_radar(self.content, profile), self)

    def _summary_html(self, profile: Profile) -> str:
        family = self.family
        traits = self.content.traits_in(family) if family else self.content.traits
        items = "".join(
            "<li>"
            + _("{trait}: {score:.0f} of 100").format(
                trait=escape(t.name), score=profile.traits[t.id]
            )
            + "</li>"
            for t in traits
            if profile.traits.get(t.id) is not None
        )
        lines = [
            _("<p><strong>Done.</strong> Your scores (0-100):</p>"),
            f"<ul>{items}</ul>",
            f"<p>{escape(strengths_line(self.content, profile, family))}</p>",
        ]
        everything = self.all_answers.keys() >= {s.id for s in self.content.statements}
        if family is not None:
            index = profile.leadership if family is Family.LEADERSHIP else profile.management
            if index is not None:
                lines.append(
                    _("<p>Your {family} index: {index:.0f} of 100.</p>").format(
                        family=escape(family.word), index=index
                    )
                )
            if not everything:
                other = Family.MANAGEMENT if family is Family.LEADERSHIP else Family.LEADERSHIP
                lines.append(
                    _("<p>Answer the {family} part too to see your whole profile.</p>").format(
                        family=escape(other.word)
                    )
                )
        kotter = kotter_line(profile)
        if kotter and everything:
            lines.append(f"<p>{escape(kotter)}</p>")
        return "".join(lines)

    def worksheet_html(self) -> str:
        return worksheets.self_assessment(self.content, self.family)
