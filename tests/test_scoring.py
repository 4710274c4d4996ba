"""Scoring the self-assessment: a profile per trait, the two indices, the balance and
Kotter's quadrant, with examples and properties that hold for every set of answers."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import leadlib
from leadlib.errors import AnswerError
from leadlib.models import Content, Family
from leadlib.scoring import (
    CLAIM_STEPS,
    STRONG_THRESHOLD,
    Profile,
    Quadrant,
    check_answer,
    claim_gap,
    item_score,
    item_step,
    score,
    strongest_and_weakest,
)

CONTENT = leadlib.load_content()
IDS = [s.id for s in CONTENT.statements]
REVERSED = {s.id for s in CONTENT.statements if s.reverse}

full_answers = st.fixed_dictionaries({sid: st.integers(1, 5) for sid in IDS})
some_answers = st.dictionaries(st.sampled_from(IDS), st.integers(1, 5))


def _keyed(value_if_normal: int, value_if_reversed: int) -> dict[str, int]:
    """Answer every statement: one value for normal items, another for reversed ones."""
    return {sid: value_if_reversed if sid in REVERSED else value_if_normal for sid in IDS}


def _family_answers(content: Content, family: Family, normal: int, reversed_: int) -> dict:
    return {s.id: reversed_ if s.reverse else normal for s in content.statements_in(family)}


def _giving(content: Content, keyed: dict[str, int], default: int = 3) -> dict[str, int]:
    """Answers that give each trait the keyed value in ``keyed`` (``default`` for the
    others) on every one of its statements."""
    answers = {}
    for s in content.statements:
        value = keyed.get(s.trait, default)
        answers[s.id] = content.scale.reversed_value(value) if s.reverse else value
    return answers


def _ids(content: Content, trait_id: str, reverse: bool) -> list[str]:
    return [s.id for s in content.statements_for(trait_id) if s.reverse is reverse]


# --------------------------------------------------------------------------------------
# Worked examples


def test_full_agreement_with_the_trait_scores_one_hundred(content: Content) -> None:
    profile = score(content, _keyed(5, 1))
    assert all(v == 100.0 for v in profile.traits.values())
    assert profile.leadership == profile.management == 100.0
    assert profile.balance == 0.0
    assert profile.complete and profile.missing == ()


@pytest.mark.parametrize("value", [1, 2, 3, 4, 5])
def test_the_same_answer_to_everything_scores_the_midpoint(content: Content, value: int) -> None:
    """Two positively and two reverse-keyed statements per trait: answering 'often' (or
    anything else) to all of them lands in the middle, not on 'strong'."""
    profile = score(content, _keyed(value, value))
    assert set(profile.traits.values()) == {50.0}
    assert profile.leadership == profile.management == 50.0
    assert profile.quadrant is Quadrant.WEAK_BOTH


def test_every_trait_has_as_many_reverse_keyed_as_positive_statements(content: Content) -> None:
    for trait in content.traits:
        positive, reverse = _ids(content, trait.id, False), _ids(content, trait.id, True)
        assert len(positive) == len(reverse) == 2, trait.id


def test_the_statements_are_interleaved_and_reversed_ones_move_around(content: Content) -> None:
    for family in Family:
        statements = content.statements_in(family)
        traits = [s.trait for s in statements]
        # never two statements of one trait in a row
        assert all(a != b for a, b in zip(traits, traits[1:], strict=False)), family
        # within its trait, a reversed statement is not always in the same place
        places = {
            tuple(s.reverse for s in statements if s.trait == t.id)
            for t in content.traits_in(family)
        }
        assert len(places) > 1, family


def test_retired_statement_ids_are_not_reused(content: Content) -> None:
    from leadlib.export import RETIRED_STATEMENTS

    assert RETIRED_STATEMENTS and not RETIRED_STATEMENTS & set(IDS)


def test_the_middle_of_the_scale_scores_fifty(content: Content) -> None:
    profile = score(content, _keyed(3, 3))
    assert set(profile.traits.values()) == {50.0}
    assert profile.leadership_share == 50.0


def test_reverse_keyed_item_lowers_the_score(content: Content) -> None:
    reverse, positive = (
        _ids(content, "vision_casting", True)[0],
        _ids(content, "vision_casting", False)[0],
    )
    base = _keyed(4, 2)
    higher = dict(base, **{reverse: 5})  # doing it more often points away from the trait
    assert (
        score(content, higher).traits["vision_casting"]
        < score(content, base).traits["vision_casting"]
    )
    assert item_score(content, reverse, 5) == 1
    assert item_score(content, positive, 5) == 5


def test_a_trait_score_is_the_mean_keyed_answer_on_a_0_to_100_scale(content: Content) -> None:
    (p1, p2), (r1, r2) = (
        _ids(content, "vision_casting", False),
        _ids(content, "vision_casting", True),
    )
    answers = {p1: 4, p2: 5, r1: 3, r2: 2}  # keyed: 4, 5, 3, 4 -> mean 4
    assert score(content, answers).traits["vision_casting"] == 75.0


def test_the_indices_average_the_traits_of_each_family(content: Content) -> None:
    answers = _giving(content, {"vision_casting": 5})  # vision casting 100
    profile = score(content, answers)
    assert profile.traits["vision_casting"] == 100.0
    assert profile.leadership == pytest.approx((100 + 50 + 50 + 50) / 4)
    assert profile.management == 50.0
    assert profile.balance == pytest.approx(12.5)
    assert profile.leadership_share == pytest.approx(56.25)


def test_a_management_leaning_profile_has_a_negative_balance(content: Content) -> None:
    answers = _family_answers(content, Family.LEADERSHIP, 2, 4)
    answers.update(_family_answers(content, Family.MANAGEMENT, 5, 1))
    profile = score(content, answers)
    assert profile.leadership == 25.0 and profile.management == 100.0
    assert profile.balance == -75.0
    assert profile.leadership_share == 12.5
    assert profile.quadrant is Quadrant.MANAGEMENT_ONLY
    assert "overmanaged and underled" in profile.quadrant.meaning


# --------------------------------------------------------------------------------------
# Kotter's quadrant and its threshold


def test_the_strong_threshold_is_sixty() -> None:
    assert STRONG_THRESHOLD == 60.0


@pytest.mark.parametrize(
    ("leadership", "management", "quadrant"),
    [
        (60.0, 60.0, Quadrant.STRONG_BOTH),
        (60.0, 59.99, Quadrant.LEADERSHIP_ONLY),
        (59.99, 60.0, Quadrant.MANAGEMENT_ONLY),
        (59.99, 59.99, Quadrant.WEAK_BOTH),
        (100.0, 0.0, Quadrant.LEADERSHIP_ONLY),
        (0.0, 0.0, Quadrant.WEAK_BOTH),
    ],
)
def test_a_score_at_the_threshold_counts_as_strong(
    leadership: float, management: float, quadrant: Quadrant
) -> None:
    profile = Profile(traits={}, leadership=leadership, management=management, missing=())
    assert profile.quadrant is quadrant


def test_every_quadrant_has_a_label_and_a_meaning() -> None:
    for quadrant in Quadrant:
        assert quadrant.label and quadrant.meaning
    assert Quadrant.STRONG_BOTH.label == "Strong leadership, strong management"


# --------------------------------------------------------------------------------------
# Partial answers


def test_no_answers_give_an_empty_incomplete_profile(content: Content) -> None:
    profile = score(content, {})
    assert not profile.complete
    assert profile.missing == tuple(IDS)
    assert set(profile.traits.values()) == {None}
    assert profile.leadership is None and profile.management is None
    assert profile.balance is None and profile.leadership_share is None
    assert profile.quadrant is None
    assert profile.scored() == {}


def test_partial_answers_list_exactly_what_is_missing(content: Content) -> None:
    assert not content.statement("vc5").reverse and not content.statement("po1").reverse
    answers = {"vc5": 4, "vc2": 4, "po1": 2}
    profile = score(content, answers)
    assert not profile.complete
    assert profile.missing == tuple(sid for sid in IDS if sid not in answers)
    assert profile.traits["vision_casting"] == 75.0
    assert profile.traits["empowerment"] is None
    assert profile.traits["planning_organization"] == 25.0
    # indices use the traits that have a score
    assert profile.leadership == 75.0 and profile.management == 25.0
    assert profile.scored() == {"vision_casting": 75.0, "planning_organization": 25.0}


def test_one_family_answered_has_no_balance_and_no_quadrant(content: Content) -> None:
    profile = score(content, _family_answers(content, Family.LEADERSHIP, 4, 2))
    assert profile.leadership == 75.0
    assert profile.management is None
    assert profile.balance is None and profile.quadrant is None


def test_scoring_one_family_expects_only_its_statements(content: Content) -> None:
    answers = _family_answers(content, Family.MANAGEMENT, 4, 2)
    profile = score(content, answers, family=Family.MANAGEMENT)
    assert profile.complete
    assert profile.management == 75.0
    everything = score(content, answers)
    assert not everything.complete
    assert everything.missing == tuple(s.id for s in content.statements_in(Family.LEADERSHIP))


# --------------------------------------------------------------------------------------
# Refused answers: the message names the statement


@pytest.mark.parametrize("value", [0, 6, -1, 100])
def test_an_answer_outside_the_scale_is_refused(content: Content, value: int) -> None:
    with pytest.raises(AnswerError) as caught:
        score(content, {"vc2": 3, "em2": value})
    assert str(caught.value) == f"Statement 'em2': the answer {value} is outside the scale 1-5."


@pytest.mark.parametrize("value", ["4", 4.0, 3.5, True, None, [4]])
def test_an_answer_of_the_wrong_type_is_refused(content: Content, value: object) -> None:
    with pytest.raises(AnswerError) as caught:
        score(content, {"pf2": value})  # type: ignore[dict-item]
    assert str(caught.value) == (
        f"Statement 'pf2': the answer must be a whole number from 1 to 5, found {value!r}."
    )


@pytest.mark.parametrize("statement_id", ["zz9", "VC1", "", 7])
def test_an_unknown_statement_is_refused(content: Content, statement_id: object) -> None:
    with pytest.raises(AnswerError) as caught:
        score(content, {statement_id: 3})  # type: ignore[dict-item]
    assert str(caught.value) == (
        f"Unknown statement id {statement_id!r}: it is not part of the self-assessment."
    )


def test_a_refused_answer_is_a_value_error_a_notebook_can_catch(content: Content) -> None:
    with pytest.raises(ValueError, match="Statement 'vc2'"):
        check_answer(content, "vc2", 9)
    assert check_answer(content, "vc2", 5) == 5


# --------------------------------------------------------------------------------------
# Strongest and weakest traits


def test_one_item_step_is_computed_from_the_content(content: Content) -> None:
    # four statements per trait on a 1-5 scale: 100 / (4 x 4)
    assert item_step(content) == item_step(content, Family.LEADERSHIP) == 6.25
    base = score(content, _keyed(3, 3))
    moved = score(content, dict(_keyed(3, 3), vc2=4))
    assert moved.traits["vision_casting"] - base.traits["vision_casting"] == item_step(content)
    assert base.step == item_step(content)


def test_strongest_and_weakest_include_ties_in_course_order(content: Content) -> None:
    answers = _giving(
        content, {"empowerment": 5, "communication": 1, "problem_solving": 1}
    )  # empowerment 100, communication and problem solving 0, the rest 50
    profile = score(content, answers)
    strongest, weakest = strongest_and_weakest(content, profile)
    assert strongest == ["empowerment"]
    assert weakest == ["communication", "problem_solving"]
    strongest, weakest = strongest_and_weakest(content, profile, Family.MANAGEMENT)
    assert weakest == ["problem_solving"]
    assert strongest == ["planning_organization", "process_management", "performance_management"]


def test_strongest_and_weakest_of_nothing_answered_are_empty(content: Content) -> None:
    assert strongest_and_weakest(content, score(content, {})) == ([], [])


def test_a_difference_smaller_than_two_item_steps_is_not_claimed(content: Content) -> None:
    """The profile claims a strongest or weakest trait only from ``CLAIM_STEPS`` (two)
    item steps, the rule of progress between rounds and of the others' view (v2 claimed
    one step, so one answer one step lower named a weakest trait)."""
    assert CLAIM_STEPS == 2 and claim_gap(content) == 12.5
    # one trait one step below the rest (each trait's four answers: 3, 3 and 3, 3)
    base = _keyed(3, 3)
    one_step = score(content, dict(base, vc2=2))
    assert one_step.traits["vision_casting"] == 50.0 - item_step(content)
    assert strongest_and_weakest(content, one_step, Family.LEADERSHIP) == ([], [])
    two_steps = score(content, dict(base, vc2=1))
    assert two_steps.traits["vision_casting"] == 50.0 - 2 * item_step(content)
    assert strongest_and_weakest(content, two_steps, Family.LEADERSHIP) == (
        ["empowerment", "risk_taking", "communication"],
        ["vision_casting"],
    )
    # less than two steps apart: a partly answered trait at 50 + 8.33 does not stand out
    trait_ids = [t.id for t in content.traits_in(Family.LEADERSHIP)]
    scores = {t: 50.0 for t in trait_ids}
    scores[trait_ids[0]] = 50.0 + claim_gap(content) * 2 / 3
    close = Profile(traits=scores, leadership=None, management=None, missing=(), step=6.25)
    assert strongest_and_weakest(content, close, Family.LEADERSHIP) == ([], [])


def test_a_trait_near_both_ends_is_named_at_neither(content: Content) -> None:
    step = claim_gap(content)
    ids = [t.id for t in content.traits_in(Family.MANAGEMENT)]
    values = [50.0, 50.0 + step * 0.8, 50.0 + step * 1.6, 50.0 + step * 1.6]
    scores = dict(zip(ids, values, strict=True))
    profile = Profile(traits=scores, leadership=None, management=None, missing=(), step=step)
    assert strongest_and_weakest(content, profile, Family.MANAGEMENT) == (ids[2:], ids[:1])


@settings(max_examples=200, deadline=None)
@given(some_answers)
@example(  # partly answered traits: 50 near the top and 41.7 near the bottom were both named
    {"vc5": 1, "rt2": 2, "em1": 1, "rt5": 1, "co6": 1, "po2": 1, "co1": 1, "em5": 2}
    | {"co5": 2, "po6": 1, "rt1": 1, "vc6": 1}
)
def test_named_traits_are_always_at_least_two_steps_apart(answers: dict[str, int]) -> None:
    profile = score(CONTENT, answers)
    scored = profile.scored()
    strongest, weakest = strongest_and_weakest(CONTENT, profile)
    step = 2 * item_step(CONTENT)
    if scored and max(scored.values()) - min(scored.values()) < step:
        assert strongest == weakest == []
    for high in strongest:
        for low in weakest:
            assert scored[high] - scored[low] >= step - 1e-9
    assert not set(strongest) & set(weakest)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 5), st.sampled_from(list(Family)))
def test_constant_answers_give_the_midpoint_and_claim_nothing(value: int, family: Family) -> None:
    """The same answer to every statement (of the whole course or of one family) scores
    the middle of the scale on every trait and names no strongest or weakest trait."""
    answers = {s.id: value for s in CONTENT.statements_in(family)}
    profile = score(CONTENT, answers, family)
    assert profile.complete
    assert set(profile.scored().values()) == {50.0}
    assert strongest_and_weakest(CONTENT, profile, family) == ([], [])


# --------------------------------------------------------------------------------------
# The border zone around the strong line


@pytest.mark.parametrize(
    ("leadership", "management", "near"),
    [
        (60.0, 60.0, {Family.LEADERSHIP, Family.MANAGEMENT}),
        (65.0, 40.0, {Family.LEADERSHIP}),
        (66.25, 53.75, set()),  # exactly one step away: outside the zone
        (30.0, 55.0, {Family.MANAGEMENT}),
    ],
)
def test_an_index_within_one_step_of_the_line_is_near_it(
    leadership: float, management: float, near: set[Family]
) -> None:
    profile = Profile(
        traits={}, leadership=leadership, management=management, missing=(), step=6.25
    )
    assert {f for f in Family if profile.near_line(f)} == near
    assert profile.quadrant is not None
    assert profile.settled_quadrant is (None if near else profile.quadrant)


def test_without_a_known_step_no_index_is_near_the_line() -> None:
    profile = Profile(traits={}, leadership=60.0, management=59.0, missing=())
    assert not profile.near_line(Family.LEADERSHIP)
    assert profile.settled_quadrant is Quadrant.LEADERSHIP_ONLY


# --------------------------------------------------------------------------------------
# Properties over every possible set of answers


@settings(max_examples=200, deadline=None)
@given(some_answers)
def test_every_score_stays_within_its_bounds(answers: dict[str, int]) -> None:
    profile = score(CONTENT, answers)
    for value in profile.scored().values():
        assert 0.0 <= value <= 100.0
    for index in (profile.leadership, profile.management, profile.leadership_share):
        assert index is None or 0.0 <= index <= 100.0
    assert profile.balance is None or -100.0 <= profile.balance <= 100.0
    assert set(profile.missing) == set(IDS) - set(answers)
    assert profile.complete == (set(answers) == set(IDS))


@settings(max_examples=200, deadline=None)
@given(some_answers)
def test_mirrored_answers_mirror_every_score(answers: dict[str, int]) -> None:
    """Answering 6 - a everywhere turns each trait score s into 100 - s (reverse keys
    included) and flips the sign of the balance."""
    profile = score(CONTENT, answers)
    mirrored = score(CONTENT, {sid: 6 - a for sid, a in answers.items()})
    for trait_id, value in profile.traits.items():
        other = mirrored.traits[trait_id]
        if value is None:
            assert other is None
        else:
            assert other == pytest.approx(100.0 - value)
    if profile.balance is not None:
        assert mirrored.balance == pytest.approx(-profile.balance)


@settings(max_examples=200, deadline=None)
@given(full_answers, st.sampled_from(IDS))
def test_agreeing_more_moves_only_its_own_trait_and_in_the_keyed_direction(
    answers: dict[str, int], statement_id: str
) -> None:
    if answers[statement_id] == 5:
        answers[statement_id] = 4
    before = score(CONTENT, answers)
    after = score(CONTENT, dict(answers, **{statement_id: answers[statement_id] + 1}))
    own = CONTENT.statement(statement_id).trait
    for trait_id, value in before.traits.items():
        assert value is not None
        if trait_id != own:
            assert after.traits[trait_id] == value
        elif statement_id in REVERSED:
            assert after.traits[trait_id] < value  # type: ignore[operator]
        else:
            assert after.traits[trait_id] > value  # type: ignore[operator]


@settings(max_examples=100, deadline=None)
@given(some_answers, st.randoms(use_true_random=False))
def test_the_order_of_the_answers_does_not_matter(
    answers: dict[str, int], rnd: random.Random
) -> None:
    items = list(answers.items())
    rnd.shuffle(items)
    assert score(CONTENT, dict(items)) == score(CONTENT, answers)


@settings(max_examples=100, deadline=None)
@given(some_answers, st.sampled_from(IDS), st.integers().filter(lambda v: not 1 <= v <= 5))
def test_any_answer_off_the_scale_is_refused_naming_its_statement(
    answers: dict[str, int], statement_id: str, value: int
) -> None:
    with pytest.raises(AnswerError, match=f"^Statement '{statement_id}': the answer"):
        score(CONTENT, dict(answers, **{statement_id: value}))


def test_the_model_sources_page_states_the_threshold_and_the_count(content: Content) -> None:
    page = (Path(__file__).resolve().parents[1] / "docs" / "model-sources.md").read_text(
        encoding="utf-8"
    )
    assert f"**{STRONG_THRESHOLD:.0f} or more**" in page
    mean_answer = 1 + STRONG_THRESHOLD / 100 * 4
    assert f"mean keyed answer of {mean_answer:.1f}" in page
    assert f"The {len(content.statements)} statements" in page


def test_the_model_sources_page_names_every_retired_and_every_kept_id(content: Content) -> None:
    from leadlib.export import RETIRED_STATEMENTS

    page = (Path(__file__).resolve().parents[1] / "docs" / "model-sources.md").read_text(
        encoding="utf-8"
    )
    retired = page[page.index("The twenty ids retired") :].split(".")[0]
    assert set(re.findall(r"\b[a-z]{2}\d\b", retired)) == RETIRED_STATEMENTS
    kept = page[page.index("Twelve statements kept") :].split(";")[0]
    old_ids = {f"{p}{n}" for p in ("vc", "em", "rt", "co", "po", "ps", "pm", "pf") for n in "1234"}
    assert set(re.findall(r"\b[a-z]{2}\d\b", kept)) == (old_ids - RETIRED_STATEMENTS) & set(IDS)
