"""The development plan's rules (leadlib.plan), without any widget: the suggested focus
and the plan as Markdown and HTML."""

from __future__ import annotations

import leadlib
from leadlib.models import Content
from leadlib.plan import SUGGESTED, plan_html, plan_markdown, suggest_focus, suggestion_text


def _answers_giving(content: Content, scores: dict[str, int]) -> dict[str, int]:
    """Answers that give each trait the agreement in ``scores`` (default 4)."""
    answers = {}
    for s in content.statements:
        value = scores.get(s.trait, 4)
        answers[s.id] = content.scale.reversed_value(value) if s.reverse else value
    return answers


def test_the_focus_is_the_lowest_scores_lowest_first(content: Content) -> None:
    low = [content.traits[-1].id, content.traits[1].id]
    ties = [content.traits[2].id, content.traits[4].id]
    scores = {low[0]: 1, low[1]: 2, ties[1]: 3, ties[0]: 3}
    profile = leadlib.score(content, _answers_giving(content, scores))
    focus = suggest_focus(content, profile)
    assert len(focus) == SUGGESTED
    assert focus[:2] == low
    # the third is the first of the equal next ones, in course order
    assert focus[2] == ties[0]


def test_only_traits_two_steps_below_the_top_are_suggested(content: Content) -> None:
    flat = leadlib.score(content, _answers_giving(content, {}))
    assert suggest_focus(content, flat, count=len(content.traits)) == []
    assert "less than 2 answer steps (12.5 points)" in suggestion_text(content, [], flat)
    # one answer one step lower is not claimed, as in the profile; two steps are
    first = content.statements[0]
    one = dict(_answers_giving(content, {}), **{first.id: 5 if first.reverse else 3})
    assert suggest_focus(content, leadlib.score(content, one)) == []
    lower = dict(_answers_giving(content, {}), **{first.id: 4 if first.reverse else 2})
    assert suggest_focus(content, leadlib.score(content, lower)) == [first.trait]
    assert suggest_focus(content, leadlib.score(content, {})) == []
    assert suggestion_text(content, [], leadlib.score(content, {})) == ""


def test_the_suggestion_names_the_traits(content: Content) -> None:
    ids = [t.id for t in content.traits[:2]]
    text = suggestion_text(content, ids)
    assert text.startswith("Suggested from your profile (your lowest scores): ")
    assert all(content.trait(i).name in text for i in ids)
    assert suggestion_text(content, []) == ""


def test_the_markdown_plan_lists_focus_actions_date_and_measure(content: Content) -> None:
    trait = content.traits[0]
    text = plan_markdown(
        content,
        {
            "focus": [trait.id],
            "actions": ["Ask for feedback"],
            "target_date": "2030-01-31",
            "measure": "Two people say so",
        },
    )
    assert f"- **{trait.name}**: {trait.definition}" in text
    assert "- [ ] Ask for feedback" in text
    assert "2030-01-31" in text and "Two people say so" in text


def test_an_empty_plan_says_what_is_not_set(content: Content) -> None:
    text = plan_markdown(content, {})
    assert "- (not chosen yet)" in text and "- (none yet)" in text
    assert text.count("(not set)") == 2


def test_the_html_plan_escapes_what_the_learner_typed(content: Content) -> None:
    page = plan_html(content, {"actions": ["<script>alert(1)</script>"], "measure": "a & b"})
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page and "a &amp; b" in page
