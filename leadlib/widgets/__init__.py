"""The course's exercises, one call per notebook cell: ``from leadlib import widgets as ex``
then ``ex.quiz()``, ``ex.self_assessment("leadership")``, ``ex.balance()`` and so on.

Each call imports its own module only when used; in handout mode (LEADLIB_MODE=handout)
every call returns a static worksheet and ipywidgets is never imported. This package
must not import ipywidgets, matplotlib or the journal at import time.
"""

from __future__ import annotations

from typing import Any

from ..content import load_content
from ..i18n import _
from ..models import Family
from . import worksheets
from ._static import CourseText, StaticWorksheet, handout_mode
from .course import course_map, header, navigation
from .how_to_use import how_to_use

__all__ = [
    "CourseText",
    "StaticWorksheet",
    "balance",
    "course_map",
    "delegation",
    "delegation_board",
    "export_answers",
    "handout_mode",
    "header",
    "how_to_use",
    "my_board",
    "my_results",
    "navigation",
    "others_view",
    "plan",
    "profile",
    "progress",
    "quiz",
    "reflection",
    "self_assessment",
    "self_check",
    "team_debrief",
    "time_audit",
    "vision",
]


def _family(family: str | Family | None) -> Family | None:
    if family is None or isinstance(family, Family):
        return family
    try:
        return Family(str(family).strip().lower())
    except ValueError:
        raise ValueError(
            _(
                "Unknown part {part!r} of the self-assessment: use 'leadership', "
                "'management', or None for the whole questionnaire."
            ).format(part=family)
        ) from None


def quiz(**kwargs: Any) -> Any:
    """The classify-the-behaviour quiz (notebook 01)."""
    if handout_mode():
        return StaticWorksheet(_("classify-the-behaviour quiz"), worksheets.quiz(load_content()))
    from .quiz_exercise import QuizExercise

    return QuizExercise(**kwargs)


def self_assessment(family: str | Family | None = None, **kwargs: Any) -> Any:
    """The self-assessment: one family ("leadership", "management") or None for all."""
    part = _family(family)
    if handout_mode():
        html = worksheets.self_assessment(load_content(), part)
        return StaticWorksheet(_("self-assessment"), html)
    from .self_assessment_exercise import SelfAssessmentExercise

    return SelfAssessmentExercise(part, **kwargs)


def profile(**kwargs: Any) -> Any:
    """The learner's full profile: radar, the leadership and management grid and what it means."""
    if handout_mode():
        return StaticWorksheet(_("your profile"), worksheets.profile(load_content()))
    from .profile_view import ProfileView

    return ProfileView(**kwargs)


def delegation(**kwargs: Any) -> Any:
    """The delegation exercise: one scenario at a time, seven levels, verdict, board."""
    if handout_mode():
        return StaticWorksheet(_("delegation levels"), worksheets.delegation(load_content()))
    from .delegation_exercise import DelegationExercise

    return DelegationExercise(**kwargs)


def delegation_board(**kwargs: Any) -> Any:
    """The learner's delegation board: chosen level against the fitting band."""
    if handout_mode():
        return StaticWorksheet(_("delegation board"), worksheets.delegation_board(load_content()))
    from .delegation_exercise import DelegationBoard

    return DelegationBoard(**kwargs)


def my_board(**kwargs: Any) -> Any:
    """The learner's own delegation board (notebook 08): their recurring decisions, the
    levels today and wanted, the rules' suggestion, the conversation plan, a poster."""
    if handout_mode():
        return StaticWorksheet(_("my delegation board"), worksheets.my_board(load_content()))
    from .my_board_exercise import MyBoardExercise

    return MyBoardExercise(**kwargs)


def balance(**kwargs: Any) -> Any:
    """The balance exercise: a situation, a split of time, the band and the profile."""
    if handout_mode():
        return StaticWorksheet(_("finding the balance"), worksheets.balance(load_content()))
    from .balance_exercise import BalanceExercise

    return BalanceExercise(**kwargs)


def vision(**kwargs: Any) -> Any:
    """A short vision statement for the learner's team: examples, the learner's own
    rating of their draft on the rubric, and a rewrite."""
    if handout_mode():
        return StaticWorksheet(_("vision statement"), worksheets.vision(load_content()))
    from .vision_exercise import VisionExercise

    return VisionExercise(**kwargs)


def plan(**kwargs: Any) -> Any:
    """The development plan builder, exported as Markdown and HTML."""
    if handout_mode():
        return StaticWorksheet(_("development plan"), worksheets.plan(load_content()))
    from .plan_exercise import PlanExercise

    return PlanExercise(**kwargs)


def others_view(**kwargs: Any) -> Any:
    """How others see you (notebook 08): the rater pack, the raters' files imported, and
    self against the raters' mean per trait, shown only under the privacy rules."""
    if handout_mode():
        from ._others_sheet import others_view as sheet

        return StaticWorksheet(_("how others see you"), sheet(load_content()))
    from .others_exercise import OthersViewExercise

    return OthersViewExercise(**kwargs)


def time_audit(**kwargs: Any) -> Any:
    """Where your week goes (notebook 08): last week's activities, typed or read from a
    calendar file, tagged, and the measured split against the situation's band."""
    if handout_mode():
        return StaticWorksheet(_("time audit"), worksheets.time_audit(load_content()))
    from .time_audit_exercise import TimeAuditExercise

    return TimeAuditExercise(**kwargs)


def progress(**kwargs: Any) -> Any:
    """Coming back (notebook 08): self-assessment rounds, then and now, a new round, and
    the plan's check-ins as a calendar file."""
    if handout_mode():
        return StaticWorksheet(_("progress over time"), worksheets.progress(load_content()))
    from .progress_view import ProgressView

    return ProgressView(**kwargs)


def my_results(**kwargs: Any) -> Any:
    """My results (notebook 08): a button that writes the profile, others' view, week,
    board, vision and plan as one printable page (HTML and PDF) into the exports folder."""
    if handout_mode():
        return StaticWorksheet(_("my results"), worksheets.my_results(load_content()))
    from .results_exercise import MyResultsExercise

    return MyResultsExercise(**kwargs)


def export_answers(**kwargs: Any) -> Any:
    """Export the answers for the facilitator, and reset them (with confirmation)."""
    if handout_mode():
        return StaticWorksheet(_("sharing your answers"), worksheets.export_answers(load_content()))
    from .export_panel import ExportPanel

    return ExportPanel(**kwargs)


def self_check(notebook_id: str, **kwargs: Any) -> Any:
    """The notebook's self-check questions from course.toml: feedback on each option,
    one retry before the answer shows, first tries scored."""
    if handout_mode():
        content = load_content()
        from .course import _notebook

        _notebook(content, notebook_id)
        return StaticWorksheet(_("self-check"), worksheets.self_check(content, notebook_id))
    from .self_check_exercise import SelfCheckExercise

    return SelfCheckExercise(notebook_id, **kwargs)


def reflection(notebook_id: str, **kwargs: Any) -> Any:
    """The notebook's reflection prompt from course.toml, saved to the journal."""
    if handout_mode():
        content = load_content()
        from .course import _notebook

        _notebook(content, notebook_id)
        return StaticWorksheet(_("reflection"), worksheets.reflection(content, notebook_id))
    from .reflection_exercise import ReflectionExercise

    return ReflectionExercise(notebook_id, **kwargs)


def team_debrief(*args: Any, **kwargs: Any) -> Any:
    """Notebook 07: the team picture from a folder of exports (written by the team module)."""
    from .team_debrief_view import team_debrief as _team_debrief

    return _team_debrief(*args, **kwargs)
