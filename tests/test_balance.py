"""The balance model: situations with a recommended leadership share, and how a chosen
split or a profile's own lean compares with it."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import leadlib
from leadlib.balance import check_share, compare_profile, compare_split
from leadlib.errors import AnswerError
from leadlib.models import Content, Family
from leadlib.scoring import Profile, Quadrant, item_step, score

CONTENT = leadlib.load_content()


def _actions(content: Content, family: Family) -> set[str]:
    return {
        f"{t.name}: {action}" for t in content.traits_in(family) for action in t.development_actions
    }


def _profile(content: Content, **trait_scores: float) -> Profile:
    """A profile with 50 everywhere except the given traits."""
    traits = {t.id: trait_scores.get(t.id, 50.0) for t in content.traits}
    lead = [traits[t.id] for t in content.traits_in(Family.LEADERSHIP)]
    man = [traits[t.id] for t in content.traits_in(Family.MANAGEMENT)]
    return Profile(traits, sum(lead) / len(lead), sum(man) / len(man), ())


# --------------------------------------------------------------------------------------
# The situations in the data


def test_there_are_at_least_four_situations_with_bands_and_reasons(content: Content) -> None:
    assert len(content.situations) >= 4
    for situation in content.situations:
        low, high = situation.leadership_band
        assert 0 <= low < high <= 100, situation.id
        assert situation.rationale and situation.description, situation.id


def test_a_start_up_asks_for_more_leadership_than_a_mature_organization(
    content: Content,
) -> None:
    """The source article: leadership first in start-ups and rapid change, management
    matters more as a company matures."""

    def middle(situation_id: str) -> float:
        low, high = content.situation(situation_id).leadership_band
        return (low + high) / 2

    assert middle("startup") > middle("growth") > middle("mature")
    assert middle("rapid_change") > middle("mature")
    assert content.situation("mature").leadership_band[0] > 0, "never zero leadership"


# --------------------------------------------------------------------------------------
# Gap at and around the band edges (start-up: 60-80)


@pytest.mark.parametrize(
    ("share", "gap"),
    [
        (60, 0.0),
        (80, 0.0),
        (70.5, 0.0),
        (59, -1.0),
        (59.5, -0.5),
        (81, 1.0),
        (0, -60.0),
        (100, 20.0),
    ],
)
def test_the_gap_is_zero_inside_the_band_and_signed_outside(
    content: Content, share: float, gap: float
) -> None:
    report = compare_split(content, content.situation("startup"), share)
    assert report.gap == pytest.approx(gap)
    assert report.within == (gap == 0)
    assert report.leadership_share == float(share)


def test_inside_the_band_the_message_says_so_and_suggests_nothing(content: Content) -> None:
    report = compare_split(content, content.situation("startup"), 60)
    assert report.message == "60% leadership is within the 60-80% that suits 'Start-up'."
    assert report.suggestions == ()


def test_below_the_band_the_message_gives_the_distance_and_a_direction(content: Content) -> None:
    report = compare_split(content, content.situation("startup"), 45)
    assert report.message == (
        "45% leadership is 15 points below the 60-80% that suits 'Start-up'. Shift some "
        "attention from running things to setting direction and engaging people."
    )


def test_above_the_band_the_message_asks_for_management_to_keep_pace(content: Content) -> None:
    report = compare_split(content, content.situation("mature"), 46)
    assert report.message == (
        "46% leadership is 1 point above the 25-45% that suits 'Mature and "
        "efficiency-focused'. Make sure plans, processes and follow-up keep pace with the ideas."
    )


def test_a_fraction_of_a_point_outside_is_not_reported_as_zero_points(content: Content) -> None:
    report = compare_split(content, content.situation("startup"), 59.6)
    assert report.message.startswith("59.6% leadership is 0.4 points below the 60-80%")
    tiny = compare_split(content, content.situation("startup"), 59.99)
    assert tiny.gap < 0
    assert tiny.message.startswith("60% leadership is just below the 60-80%")


# --------------------------------------------------------------------------------------
# Suggestions


def test_too_little_leadership_draws_suggestions_from_leadership_traits(content: Content) -> None:
    report = compare_split(content, content.situation("rapid_change"), 30)
    assert len(report.suggestions) == 3
    assert set(report.suggestions) <= _actions(content, Family.LEADERSHIP)


def test_too_little_management_draws_suggestions_from_management_traits(content: Content) -> None:
    report = compare_split(content, content.situation("regulated_operations"), 90)
    assert len(report.suggestions) == 3
    assert set(report.suggestions) <= _actions(content, Family.MANAGEMENT)


def test_suggestions_start_with_the_weakest_trait(content: Content) -> None:
    profile = _profile(content, communication=10.0, risk_taking=30.0, empowerment=90.0)
    report = compare_split(content, content.situation("startup"), 40, profile)
    communication = content.trait("communication")
    risk_taking = content.trait("risk_taking")
    assert report.suggestions[0] == f"Communication: {communication.development_actions[0]}"
    assert report.suggestions[1] == f"{risk_taking.name}: {risk_taking.development_actions[0]}"
    assert not any(s.startswith("Empowerment:") for s in report.suggestions)


def test_without_a_profile_suggestions_come_from_different_traits_first(
    content: Content,
) -> None:
    report = compare_split(content, content.situation("mature"), 80, max_suggestions=4)
    names = [s.split(":")[0] for s in report.suggestions]
    assert names == [t.name for t in content.traits_in(Family.MANAGEMENT)]


def test_the_number_of_suggestions_can_be_limited(content: Content) -> None:
    situation = content.situation("startup")
    assert len(compare_split(content, situation, 10, max_suggestions=1).suggestions) == 1
    many = compare_split(content, situation, 10, max_suggestions=100).suggestions
    assert set(many) == _actions(content, Family.LEADERSHIP)


def test_unanswered_traits_come_after_the_scored_weak_ones(content: Content) -> None:
    profile = score(content, {"em1": 2, "em2": 2, "em5": 4, "em6": 4, "po1": 3})
    report = compare_split(content, content.situation("startup"), 20, profile)
    assert report.suggestions[0].startswith("Empowerment:")


# --------------------------------------------------------------------------------------
# Comparing a profile's own lean


def _indices(content: Content, lead: float, man: float) -> Profile:
    """A profile with the given leadership and management indices."""
    return Profile({t.id: None for t in content.traits}, lead, man, ())


@pytest.mark.parametrize("situation", [s.id for s in CONTENT.situations])
def test_a_profile_strong_on_both_sides_is_never_below_or_above_a_band(
    content: Content, situation: str
) -> None:
    # Kotter's ideal, strong leadership and strong management, is a skill profile:
    # it must not be read as "70% of the week" and found short of a start-up's band.
    reading = compare_profile(content, content.situation(situation), _indices(content, 70, 70))
    assert reading.develop is None and reading.suggestions == ()
    assert "below" not in reading.message and "above" not in reading.message
    assert "point" not in reading.message
    low, high = content.situation(situation).leadership_band
    assert "leadership 70 and management 70 out of 100" in reading.message
    assert f"{low}-{high}% of your attention on leadership work" in reading.message


def test_the_profile_and_the_band_are_shown_side_by_side(content: Content) -> None:
    reading = compare_profile(content, content.situation("startup"), _indices(content, 70, 70))
    assert reading.message == (
        "Your self-assessment: leadership 70 and management 70 out of 100, how often you "
        "use each side's practices (a skill profile, not a share of your week). 'Start-up' "
        "asks for 60-80% of your attention on leadership work. You rate yourself strong on "
        "both sides, so this situation asks nothing new of your skills: what matters is "
        "where your time goes, which the slider shows."
    )
    assert (reading.leadership, reading.management) == (70, 70)
    assert reading.emphasis is Family.LEADERSHIP


def test_a_weak_side_the_situation_leans_on_is_the_one_to_develop(content: Content) -> None:
    profile = _profile(content, planning_organization=90.0, process_management=90.0)
    assert (profile.leadership, profile.management) == (50.0, 70.0)
    reading = compare_profile(content, content.situation("startup"), profile)
    assert reading.develop is Family.LEADERSHIP
    assert "leans on leadership work, and your leadership side is below 60" in reading.message
    assert reading.suggestions and set(reading.suggestions) <= _actions(content, Family.LEADERSHIP)


def test_a_strong_side_the_situation_leans_on_still_leaves_the_other_to_develop(
    content: Content,
) -> None:
    profile = _profile(content, vision_casting=90.0, communication=90.0)  # lead 70, man 50
    startup = compare_profile(content, content.situation("startup"), profile)
    assert startup.develop is Family.MANAGEMENT
    assert "where you rate yourself strong" in startup.message
    assert set(startup.suggestions) <= _actions(content, Family.MANAGEMENT)
    mature = compare_profile(content, content.situation("mature"), profile)
    assert mature.develop is Family.MANAGEMENT
    assert "leans on management work, and your management side is below" in mature.message


def test_a_balanced_situation_develops_the_lower_weak_side(content: Content) -> None:
    growth = content.situation("growth")
    assert compare_profile(content, growth, _indices(content, 40, 55)).develop is (
        Family.LEADERSHIP
    )
    reading = compare_profile(content, growth, _indices(content, 65, 30))
    assert reading.develop is Family.MANAGEMENT and reading.emphasis is None
    assert "your management side is below 60" in reading.message


@given(
    lead=st.floats(min_value=0, max_value=100),
    man=st.floats(min_value=0, max_value=100),
    situation=st.sampled_from(CONTENT.situations),
)
def test_no_profile_reading_measures_a_distance_to_the_band(
    lead: float, man: float, situation: object
) -> None:
    reading = compare_profile(CONTENT, situation, _indices(CONTENT, lead, man))  # type: ignore[arg-type]
    assert not re.search(r"\d+(\.\d+)? points?\b", reading.message)
    strong = lead >= 60 and man >= 60
    assert (reading.develop is None) == strong
    if reading.develop is not None:
        index = lead if reading.develop is Family.LEADERSHIP else man
        assert index < 60


def test_a_profile_missing_a_family_cannot_be_compared(content: Content) -> None:
    profile = score(content, {"vc5": 4})
    with pytest.raises(AnswerError) as caught:
        compare_profile(content, content.situation("growth"), profile)
    assert str(caught.value) == (
        "The profile has no score yet for one of the two families: answer some statements "
        "of both parts of the self-assessment first."
    )


# --------------------------------------------------------------------------------------
# Refused shares


@pytest.mark.parametrize("share", [-1, 100.5, 1000, math.inf, -math.inf])
def test_a_share_outside_zero_to_one_hundred_is_refused(share: float) -> None:
    with pytest.raises(AnswerError) as caught:
        check_share(share)
    assert str(caught.value) == (
        f"The leadership share must be between 0 and 100 percent, found {share}."
    )


@pytest.mark.parametrize("share", ["50", None, True, math.nan, [50]])
def test_a_share_that_is_not_a_number_is_refused(content: Content, share: object) -> None:
    with pytest.raises(AnswerError) as caught:
        compare_split(content, content.situation("growth"), share)
    assert str(caught.value) == (
        f"The leadership share must be a number from 0 to 100, found {share!r}."
    )


# --------------------------------------------------------------------------------------
# Properties


@given(st.sampled_from(CONTENT.situations), st.floats(0, 100))
def test_the_gap_is_the_distance_to_the_band(situation: object, share: float) -> None:
    report = compare_split(CONTENT, situation, share)  # type: ignore[arg-type]
    low, high = report.situation.leadership_band
    expected = share - low if share < low else share - high if share > high else 0.0
    assert report.gap == pytest.approx(expected)
    assert (report.gap < 0) == (share < low)
    assert (report.gap > 0) == (share > high)
    assert bool(report.suggestions) == (not report.within)
    assert report.situation.name in report.message


def test_the_model_sources_page_gives_the_bands_of_the_data(content: Content) -> None:
    """docs/model-sources.md repeats the bands for facilitators; it must not drift."""
    page = (Path(__file__).resolve().parents[1] / "docs" / "model-sources.md").read_text(
        encoding="utf-8"
    )
    rows = dict(re.findall(r"(?m)^\| ([^|]+?) \| (\d+-\d+)% \|", page))
    assert rows == {
        s.name: f"{s.leadership_band[0]}-{s.leadership_band[1]}" for s in content.situations
    }


# --------------------------------------------------------------------------------------
# One way of writing a share, and no verdict before the learner has chosen one


@pytest.mark.parametrize(
    ("share", "written", "gap"), [(45.3, "45.3", "14.7 points"), (45, "45", "15 points")]
)
def test_the_split_reads_the_same_in_the_message_the_alt_text_and_the_chart_labels(
    share: float, written: str, gap: str
) -> None:
    from leadlib import plots
    from leadlib.balance import share_text

    assert share_text(share) == written
    startup = CONTENT.situation("startup")  # 60-80%
    message = compare_split(CONTENT, startup, share).message
    assert message.startswith(f"{written}% leadership is {gap} below")
    chart = plots.balance_band(CONTENT, startup, share, profile_share=share)
    assert f"Your split is {written}% leadership: {gap} below the band." in chart.alt
    assert f"Your profile leans {written}% towards leadership." in chart.alt
    ax = chart.figure.axes[0]
    texts = {t.get_text() for t in ax.texts}
    labels = {line.get_label() for line in ax.lines}
    assert f"you: {written}%" in texts
    assert f"Your split: {written}% leadership" in labels
    assert f"Your profile's lean: {written}% leadership" in labels
    every = " ".join([message, chart.alt, *texts, *labels])
    others = set(re.findall(r"(\d+(?:\.\d+)?)% leadership", every)) - {written}
    assert others == set(), f"the same split written two ways: {others}"


def test_the_band_alone_has_no_split_and_no_verdict() -> None:
    from leadlib import plots

    chart = plots.balance_band(CONTENT, "startup", None)
    assert chart.alt.endswith("is 60-80%. No split is chosen yet.")
    ax = chart.figure.axes[0]
    assert not [line for line in ax.lines if line.get_marker() in ("v", "o")]  # band edges only
    assert not [t for t in ax.texts if t.get_text().startswith("you:")]
    assert ax.get_legend() is None
    assert chart.png().startswith(b"\x89PNG")


def test_no_verdict_before_the_learner_sets_a_share(leadlib_home: Path) -> None:
    from leadlib import widgets as ex
    from leadlib.journal import open_journal

    bal = ex.balance()
    assert not bal.share_set
    for shown in (bal.feedback_text, bal.chart.alt, bal.split_text.value):
        assert "below" not in shown and "above" not in shown and "within" not in shown
    assert "#8a2b00" not in bal.feedback.value  # nothing in the problem colour
    assert bal.feedback_text.startswith("Move the slider to how you split a typical week")
    assert "No split is chosen yet." in bal.chart.alt
    assert bal.keep_default.layout.display is None  # "My split is 50% leadership"
    bal.situation_choice.value = "startup"  # choosing a situation is not choosing a split
    assert bal.feedback_text.startswith("Move the slider")
    assert "share" not in open_journal().answers("balance")
    bal.share.value = 30
    assert bal.share_set and bal.keep_default.layout.display == "none"
    assert bal.feedback_text.startswith("30% leadership is 30 points below")
    assert "#8a2b00" in bal.feedback.value
    assert "Your split is 30% leadership: 30 points below the band." in bal.chart.alt
    again = ex.balance()  # a saved share is a share set: the verdict shows at once
    assert again.share_set and again.feedback_text == bal.feedback_text


def test_the_starting_position_can_be_kept_as_the_split(leadlib_home: Path) -> None:
    from leadlib import widgets as ex
    from leadlib.journal import open_journal

    bal = ex.balance()
    bal.situation_choice.value = "mature"
    bal.keep_default.click()
    assert bal.share_set and open_journal().answers("balance")["share"] == 50
    assert bal.feedback_text.startswith("50% leadership is")
    assert bal.split_text.value == (
        "<p style='margin:2px 0'>50% leadership work, 50% management work.</p>"
    )


@pytest.mark.parametrize("situation", ["startup", "mature", "growth"])
def test_a_side_near_the_line_is_not_called_strong(content: Content, situation: str) -> None:
    """The reviewer's case: management 62.5 is "near the line" in the profile (less than
    one step from 60), so the balance text may not say "strong on both sides"; it uses
    the profile's settled quadrant."""
    profile = Profile({t.id: None for t in content.traits}, 75.0, 62.5, (), step=item_step(content))
    assert profile.near_line(Family.MANAGEMENT) and profile.settled_quadrant is None
    reading = compare_profile(content, content.situation(situation), profile)
    assert "strong on both sides" not in reading.message
    assert reading.develop is Family.MANAGEMENT
    assert "your management side is near the line at 60" in reading.message
    settled = Profile({t.id: None for t in content.traits}, 75.0, 75.0, (), step=item_step(content))
    assert settled.settled_quadrant is Quadrant.STRONG_BOTH
    strong = compare_profile(content, content.situation(situation), settled)
    assert "strong on both sides" in strong.message and strong.develop is None


def test_two_weak_sides_say_how_each_stands(content: Content) -> None:
    profile = Profile({t.id: None for t in content.traits}, 40.0, 56.25, (), step=6.25)
    reading = compare_profile(content, content.situation("growth"), profile)
    assert reading.develop is Family.LEADERSHIP
    assert (
        "neither of yours is clearly strong (leadership below 60, where this course starts "
        "calling a side strong; management near the line at 60" in reading.message
    )
