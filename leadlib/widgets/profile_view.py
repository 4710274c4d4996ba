"""The learner's full profile, read from the journal: radar chart, the leadership and management
grid and what they mean, with the reminder that it is for reflection, not measurement. The
words come from ``leadlib.profile``.

Imports ipywidgets; must not import nbconvert.
"""

from __future__ import annotations

import weakref
from html import escape
from typing import Any

import ipywidgets as w

from ..errors import AnswerError
from ..i18n import N_, _
from ..profile import summary_lines
from ..scoring import GRID_NAME, Profile, check_answer, score
from . import worksheets
from ._base import REFLECTION_NOTE, ChartView, Exercise, auto_width

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


#: The questionnaires in this kernel, told when a profile view appears (so that the
#: radar is not shown twice in one notebook: notebook 03 shows both).
_WATCHERS: weakref.WeakSet[Any] = weakref.WeakSet()


def refresh_live_views() -> None:
    """Refresh every profile view shown in this kernel from the journal."""
    for view in list(_LIVE):
        view.refresh()


def profile_shown(exercise: Exercise) -> bool:
    """True when a profile view of the same journal as ``exercise`` shows the radar."""
    journal = exercise.journal()
    return any(view.radar.png and view.journal() is journal for view in list(_LIVE))


def watch_profile_views(questionnaire: Any) -> None:
    """Call ``questionnaire.profile_view_appeared()`` whenever a profile view is shown."""
    _WATCHERS.add(questionnaire)


class ProfileView(Exercise):
    """Radar + grid (after Kotter) + interpretation; Refresh re-reads the journal."""

    name = N_("your profile")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.summary = w.HTML()
        self.radar = ChartView(_("profile chart"))
        self.grid = ChartView(_(GRID_NAME))
        self.refresh_button = w.Button(
            layout=auto_width(),
            description=_("Refresh"),
            icon="refresh",
            tooltip=_("Read your latest self-assessment answers from the journal again"),
        )
        self.refresh_button.on_click(lambda _: self.refresh())
        self.children = [
            w.HTML(f"<p><em>{escape(_(REFLECTION_NOTE))}</em></p>"),
            self.summary,
            w.HBox([self.radar.box, self.grid.box], layout=w.Layout(flex_flow="row wrap")),
            self.refresh_button,
            self.message,
        ]
        self.refresh()
        _LIVE.add(self)
        for questionnaire in list(_WATCHERS):
            questionnaire.profile_view_appeared()

    def refresh(self) -> None:
        profile, answered = read_profile(self)
        self.profile = profile
        lines = summary_lines(self.content, profile, answered)
        self.summary_text = " ".join(lines)
        self.summary.value = "".join(f"<p style='margin:4px 0'>{escape(x)}</p>" for x in lines)
        if profile.leadership is None or profile.management is None:
            self.radar.hide()
            self.grid.hide()
            return
        key = tuple(sorted((k, v) for k, v in profile.traits.items() if v is not None))
        from .. import plots

        self.radar.show(key, lambda: plots.profile_radar(self.content, profile), self)
        self.grid.show(key, lambda: plots.kotter_grid(profile), self)

    def worksheet_html(self) -> str:
        return worksheets.profile(self.content, self.profile)
