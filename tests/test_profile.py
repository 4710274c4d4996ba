"""The profile in words (leadlib.profile), without any widget: the sentences the
profile view and the self-assessment show."""

from __future__ import annotations

import leadlib
from leadlib.models import Content, Family
from leadlib.profile import NO_PROFILE_NOTE, kotter_line, strengths_line, summary_lines
from leadlib.scoring import Quadrant


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
    answers = _answers(content, {lead[0].id: 5, lead[-1].id: 2, manage[0].id: 1})
    profile = leadlib.score(content, answers)
    lines = summary_lines(content, profile, len(answers))
    assert lines[0].startswith("Leadership index ") and lines[0].endswith(" (of 100).")
    assert profile.quadrant is not None
    assert lines[1] == f"On Kotter's grid: {profile.quadrant.label}. {profile.quadrant.meaning}"
    assert lines[2] == f"Leadership: strongest {lead[0].name}; weakest {lead[-1].name}."
    assert lines[3].startswith("Management: strongest ") and lines[3].endswith(
        f"; weakest {manage[0].name}."
    )
    assert len(lines) == 4


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


def test_equal_scores_are_said_plainly(content: Content) -> None:
    profile = leadlib.score(content, _answers(content, {}))
    assert strengths_line(content, profile, Family.MANAGEMENT) == (
        "Management: your traits all scored the same."
    )
    assert strengths_line(content, profile) == "Your traits all scored the same."
    assert strengths_line(content, leadlib.score(content, {})) == ""


def test_the_grid_line_needs_both_indices(content: Content) -> None:
    part = {s.id: 4 for s in content.statements_in(Family.LEADERSHIP)}
    assert kotter_line(leadlib.score(content, part, Family.LEADERSHIP)) == ""
    strong = leadlib.score(content, _answers(content, {}, default=5))
    assert kotter_line(strong).startswith(f"On Kotter's grid: {Quadrant.STRONG_BOTH.label}.")
