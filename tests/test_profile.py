"""The profile in words (leadlib.profile), without any widget: the sentences the
profile view and the self-assessment show."""

from __future__ import annotations

import leadlib
from leadlib.models import Content, Family
from leadlib.profile import (
    NO_PROFILE_NOTE,
    kotter_line,
    precision_line,
    strengths_line,
    summary_lines,
)
from leadlib.scoring import Profile, Quadrant

GRID = "Leadership and management grid (after Kotter)"


def _answers(content: Content, by_trait: dict[str, int], default: int = 4) -> dict[str, int]:
    answers = {}
    for s in content.statements:
        value = by_trait.get(s.trait, default)
        answers[s.id] = content.scale.reversed_value(value) if s.reverse else value
    return answers


def test_nothing_answered_says_how_to_get_a_profile(content: Content) -> None:
    lines = summary_lines(content, leadlib.score(content, {}), 0)
    assert lines == [
        f"{NO_PROFILE_NOTE} (0 of {len(content.statements)} statements answered so far.)"
    ]


def test_a_complete_profile_names_indices_grid_and_traits(content: Content) -> None:
    lead = content.traits_in(Family.LEADERSHIP)
    manage = content.traits_in(Family.MANAGEMENT)
    answers = _answers(content, {lead[0].id: 5, lead[-1].id: 2, manage[0].id: 1, manage[1].id: 5})
    profile = leadlib.score(content, answers)
    # leadership 100, 75, 75, 25 -> 68.75; management 0, 100, 75, 75 -> 62.5
    assert (profile.leadership, profile.management) == (68.75, 62.5)
    lines = summary_lines(content, profile, len(answers))
    assert lines[0] == "Leadership index 69, management index 62 (of 100)."
    assert lines[1] == precision_line(content)
    assert lines[2] == (
        "Leadership and management grid (after Kotter): near the line (Management index "
        "62). Less than one answer step "
        "(6.25 points) from the line at 60 is too close to call strong or weaker: the "
        f"profile falls in '{Quadrant.STRONG_BOTH.label}' by less than the scores can tell "
        "apart."
    )
    assert lines[3] == f"Leadership: strongest {lead[0].name}; weakest {lead[-1].name}."
    assert lines[4] == f"Management: strongest {manage[1].name}; weakest {manage[0].name}."
    assert len(lines) == 5


def test_the_precision_is_one_answer_step(content: Content) -> None:
    assert precision_line(content) == (
        "Precision: one step on one answer moves a trait by 6.25 points and an index by "
        "about 1.6; the course names a trait strongest or weakest only from 2 steps "
        "(12.5 points) apart."
    )


def test_a_settled_quadrant_is_named_with_its_meaning() -> None:
    profile = Profile(traits={}, leadership=80.0, management=40.0, missing=(), step=6.25)
    quadrant = Quadrant.LEADERSHIP_ONLY
    assert (
        kotter_line(profile)
        == f"Leadership and management grid (after Kotter): {quadrant.label}. {quadrant.meaning}"
    )
    both = Profile(traits={}, leadership=57.0, management=61.0, missing=(), step=6.25)
    assert kotter_line(both).startswith(
        f"{GRID}: near the line (Leadership index 57; Management index 61)."
    )


def test_a_partial_profile_says_it_is_provisional(content: Content) -> None:
    answers = {
        s.id: 3
        for family in Family
        for s in content.statements_for(content.traits_in(family)[0].id)
    }
    lines = summary_lines(content, leadlib.score(content, answers), len(answers))
    total = len(content.statements)
    assert lines[0] == (
        f"{len(answers)} of {total} statements answered: the picture is provisional until "
        "you answer them all."
    )


def test_scores_less_than_two_steps_apart_are_said_plainly(content: Content) -> None:
    flat = "less than 2 answer steps (12.5 points) apart: none stands out"
    profile = leadlib.score(content, _answers(content, {}))
    assert strengths_line(content, profile, Family.MANAGEMENT) == (
        f"Management: your traits are {flat} as strongest or weakest."
    )
    assert strengths_line(content, profile) == f"Your traits are {flat} as strongest or weakest."
    assert strengths_line(content, leadlib.score(content, {})) == ""
    # one answer one step lower is not claimed (v2 named it weakest); two steps are
    lead = content.traits_in(Family.LEADERSHIP)
    first = content.statements_for(lead[0].id)[0]
    one = dict(_answers(content, {}), **{first.id: 5 if first.reverse else 3})
    one_step = leadlib.score(content, one)
    assert one_step.traits[lead[0].id] == 75.0 - 6.25
    assert "none stands out" in strengths_line(content, one_step, Family.LEADERSHIP)
    lower = dict(_answers(content, {}), **{first.id: 4 if first.reverse else 2})
    profile = leadlib.score(content, lower)
    assert profile.traits[lead[0].id] == 75.0 - 12.5
    others = ", ".join(t.name for t in lead[1:])
    assert strengths_line(content, profile, Family.LEADERSHIP) == (
        f"Leadership: strongest {others}; weakest {lead[0].name}."
    )


def test_the_grid_line_needs_both_indices(content: Content) -> None:
    part = {s.id: 4 for s in content.statements_in(Family.LEADERSHIP)}
    assert kotter_line(leadlib.score(content, part, Family.LEADERSHIP)) == ""
    strong = leadlib.score(content, _answers(content, {}, default=5))
    assert kotter_line(strong).startswith(
        f"Leadership and management grid (after Kotter): {Quadrant.STRONG_BOTH.label}."
    )


def test_the_grid_is_never_called_kotters_own(content: Content) -> None:
    """The 2x2 is a teaching grid based on Kotter's argument, not his figure: its short
    name says "after Kotter" wherever it is shown (the profile's line, the chart's title
    and alt text, the team chart, the printed scoring key)."""
    from leadlib.plots.kotter import KOTTER_TITLE, kotter_grid
    from leadlib.scoring import GRID_NAME
    from leadlib.widgets import worksheets

    profile = leadlib.score(content, _answers(content, {}))
    shown = [kotter_line(profile), KOTTER_TITLE, kotter_grid(profile).alt, GRID_NAME]
    shown += summary_lines(content, profile, len(content.statements))
    for text in shown:
        assert "Kotter's grid" not in text and "Kotter grid" not in text, text
    assert "(after Kotter)" in GRID_NAME and "(after Kotter)" in KOTTER_TITLE
    assert "based on Kotter's argument" in kotter_grid(profile).alt
    key = worksheets.self_assessment(content) + worksheets.profile(content)
    assert "Kotter's grid" not in key
    assert "strong on the leadership and management grid (after Kotter)" in key
