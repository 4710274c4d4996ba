"""The learner's full profile, read from the journal: radar chart, Kotter grid and what
they mean, with the reminder that it is for reflection, not measurement.

Imports ipywidgets; must not import nbconvert.
"""

from __future__ import annotations

import weakref
from html import escape
from typing import Any

import ipywidgets as w

from ..errors import AnswerError
from ..models import Family
from ..scoring import Profile, check_answer, score, strongest_and_weakest
from . import worksheets
from ._base import NO_PROFILE_NOTE, REFLECTION_NOTE, ChartView, Exercise, auto_width

EXERCISE = "self_assessment"


def read_profile(exercise: Exercise) -> tuple[Profile, int]:
    """The profile from the journal's self-assessment answers, and how many were valid."""
    answers = {}
    for sid, value in exercise.load(EXERCISE).items():
        try:
            answers[sid] = check_answer(exercise.content, sid, value)
        except AnswerError:
            continue
    return score(exercise.content, answers), len(answers)


#: The profile views on screen in this kernel, refreshed when a self-assessment answer is
#: saved (so the profile under the questionnaire in notebook 03 follows the answers).
_LIVE: weakref.WeakSet[ProfileView] = weakref.WeakSet()


def refresh_live_views() -> None:
    """Refresh every profile view shown in this kernel from the journal."""
    for view in list(_LIVE):
        view.refresh()


class ProfileView(Exercise):
    """Radar + Kotter grid + interpretation; Refresh re-reads the journal."""

    name = "your profile"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.summary = w.HTML()
        self.radar = ChartView("profile chart")
        self.grid = ChartView("Kotter grid")
        self.refresh_button = w.Button(
            layout=auto_width(),
            description="Refresh",
            icon="refresh",
            tooltip="Read your latest self-assessment answers from the journal again",
        )
        self.refresh_button.on_click(lambda _: self.refresh())
        self.children = [
            w.HTML(f"<p><em>{escape(REFLECTION_NOTE)}</em></p>"),
            self.summary,
            w.HBox([self.radar.box, self.grid.box], layout=w.Layout(flex_flow="row wrap")),
            self.refresh_button,
            self.message,
        ]
        self.refresh()
        _LIVE.add(self)

    def refresh(self) -> None:
        profile, answered = read_profile(self)
        self.profile = profile
        total = len(self.content.statements)
        if profile.leadership is None or profile.management is None:
            self.summary_text = (
                f"{NO_PROFILE_NOTE} ({answered} of {total} statements answered so far.)"
            )
            self.summary.value = f"<p>{escape(self.summary_text)}</p>"
            self.radar.hide()
            self.grid.hide()
            return
        names = {t.id: t.name for t in self.content.traits}
        lines = []
        if not profile.complete:
            lines.append(
                f"{answered} of {total} statements answered: the picture is provisional "
                "until you answer them all."
            )
        lines.append(
            f"Leadership index {profile.leadership:.0f}, management index "
            f"{profile.management:.0f} (of 100)."
        )
        quadrant = profile.quadrant
        assert quadrant is not None
        lines.append(f"On Kotter's grid: {quadrant.label}. {quadrant.meaning}")
        for family in Family:
            top, bottom = strongest_and_weakest(self.content, profile, family)
            if top and top == bottom:
                lines.append(f"{family.label}: your traits all scored the same.")
            elif top:
                lines.append(
                    f"{family.label}: strongest {', '.join(names[i] for i in top)}; "
                    f"weakest {', '.join(names[i] for i in bottom)}."
                )
        self.summary_text = " ".join(lines)
        self.summary.value = "".join(f"<p style='margin:4px 0'>{escape(x)}</p>" for x in lines)
        key = tuple(sorted((k, v) for k, v in profile.traits.items() if v is not None))
        from .. import plots

        self.radar.show(key, lambda: plots.profile_radar(self.content, profile), self)
        self.grid.show(key, lambda: plots.kotter_grid(profile), self)

    def worksheet_html(self) -> str:
        return worksheets.profile(self.content, self.profile)
