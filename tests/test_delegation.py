"""Delegation: the seven levels, the rules that recommend a band for a task, and the
verdict on a chosen level. The rules are the only source of a scenario's band."""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import leadlib
from leadlib.delegation import (
    D1,
    D2,
    D3,
    D4,
    HIGHEST,
    RISK_SHIFT,
    URGENCY_SHIFT,
    Fit,
    TaskContext,
    advice_text,
    answered_only,
    assess,
    band,
    board,
    board_summary,
    development_level,
    person_words,
    recommend,
)
from leadlib.errors import AnswerError
from leadlib.judging import compare_ratings, course_reading, parse_ratings, rated_context
from leadlib.models import Content, Level3, Scenario

CONTENT = leadlib.load_content()
ORDER = [Level3.LOW, Level3.MEDIUM, Level3.HIGH]
ratings = st.sampled_from(ORDER)
contexts = st.builds(TaskContext, ratings, ratings, ratings, ratings)
FIELDS = ("competence", "commitment", "risk", "urgency")


def _context(competence: str, commitment: str, risk: str, urgency: str) -> TaskContext:
    return TaskContext.parse(competence, commitment, risk, urgency)


# --------------------------------------------------------------------------------------
# An experienced manager's judgement, written down BEFORE the rules were revised (v2)
#
# Each case gives the facts (competence, commitment, risk, urgency) and the band of
# levels an experienced manager would accept, with the reason in one line. The first
# fourteen are the course's scenarios (their facts must be the data's facts), the rest
# are further everyday cases. The rules are measured against this table: a case agrees
# exactly when the band is the same, and "within one" when the two bands differ by at
# most one level at one end. Against the first rules (v1) 2 of 25 agreed exactly and 8
# within one; 8 of the 14 scenarios were more than one level off, all on the side of
# control. The same person wrote the table and the v2 rules, so the agreement is a check
# of consistency, not an independent validation: a facilitator who judges differently
# should change this table first and see what the rules say.


@dataclasses.dataclass(frozen=True)
class ExpertCase:
    id: str
    competence: str
    commitment: str
    risk: str
    urgency: str
    band: tuple[int, int]
    reason: str

    @property
    def context(self) -> TaskContext:
        return TaskContext.parse(self.competence, self.commitment, self.risk, self.urgency)


def _case(*fields: object) -> ExpertCase:
    return ExpertCase(*fields)  # type: ignore[arg-type]


EXPERT_CASES = (
    # -- the course's scenarios -----------------------------------------------------------
    _case("angry_key_customer", "low", "high", "high", "high", (1, 2),
          "The largest customer may leave today: you decide the reply and explain it; "
          "Priya may draft."),
    _case("report_layout", "low", "high", "low", "low", (4, 6),
          "An internal layout, three weeks ahead: Tom decides with your view at hand; "
          "anything below 4 is micromanagement."),
    _case("first_supplier_call", "low", "high", "medium", "medium", (3, 4),
          "Lena drafts the points and you go through them together: her first call is "
          "a chance to learn."),
    _case("new_ticket_tool", "medium", "low", "medium", "medium", (3, 4),
          "Marco knows the categories best: asking him or deciding with him wins him "
          "back; handing it over does not, yet."),
    _case("reorg_veteran", "high", "low", "medium", "medium", (3, 5),
          "Ana knows the work best, but the split touches her new colleagues: involve "
          "her strongly, do not leave it to her alone."),
    _case("training_budget", "high", "high", "high", "medium", (4, 5),
          "Capable and keen, but a large, visible sum you answer for: decide together "
          "or advise; being told afterwards is not enough."),
    _case("team_offsite", "high", "high", "low", "low", (5, 7),
          "An experienced team and a low-stakes half day: the team decides, at most "
          "after hearing your view."),
    _case("dev_tools", "high", "high", "medium", "medium", (5, 7),
          "Sam is the expert the team trusts: he decides; you advise or simply hear "
          "about it."),
    _case("vendor_shortlist", "medium", "high", "low", "medium", (4, 6),
          "Only a shortlist, you pick the winner later: Felix decides, with your view "
          "while vendor selection is new to him."),
    _case("production_outage", "high", "high", "high", "high", (6, 7),
          "No time to escalate, and Rosa knows the system: she owns the rollback and "
          "tells you."),
    _case("first_hire", "medium", "medium", "high", "low", (4, 5),
          "His team, his hire; costly to undo and he is unsure: decide together or "
          "advise him, there is time."),
    _case("social_media_post", "low", "medium", "high", "medium", (2, 3),
          "A public price announcement by a hesitant intern: Jules drafts, you decide "
          "the wording."),
    _case("holiday_rota", "medium", "high", "low", "low", (5, 6),
          "Noor volunteered and a mistake is easy to fix months ahead: she decides "
          "after your view, or decides and tells you."),
    _case("safety_procedure", "high", "medium", "high", "high", (3, 4),
          "Safety is at stake and you answer for it, but Olu's expertise and buy-in "
          "make the rule work: consult him or agree it with him."),
    # -- further everyday cases ------------------------------------------------------------
    _case("reluctant_temp_data_breach", "low", "low", "high", "high", (1, 2),
          "A reluctant temp and a data-breach notice due today: you decide and "
          "explain."),
    _case("assistant_room_booking", "high", "high", "low", "high", (6, 7),
          "An experienced assistant picks the room for a meeting in an hour: let them."),
    _case("analyst_broken_dashboard", "medium", "medium", "medium", "high", (3, 5),
          "A fairly able analyst fixes a dashboard before this afternoon's meeting: "
          "support, not orders."),
    _case("trainee_lunch_caterer", "low", "high", "low", "high", (4, 6),
          "A trainee orders tomorrow's team lunch: trivial, let them choose even in a "
          "hurry."),
    _case("disengaged_senior_migration", "high", "low", "high", "low", (3, 4),
          "A disengaged senior engineer and a risky database migration: stay close and "
          "use his expertise."),
    _case("bored_clerk_shared_drive", "medium", "low", "low", "low", (4, 6),
          "A bored clerk tidies the shared-drive folders: low stakes, and ownership may "
          "revive their interest."),
    _case("junior_accountant_accruals", "low", "medium", "medium", "low", (3, 4),
          "A new accountant's first month-end accrual list, weeks ahead: they propose, "
          "you decide or agree."),
    _case("account_manager_rfp_answer", "high", "medium", "medium", "high", (4, 6),
          "An able but weary account manager answers a tender question today: no time "
          "to escalate, she decides."),
    _case("keen_pm_launch_price", "low", "high", "high", "low", (2, 3),
          "A keen new product manager and a launch price: she does the analysis, you "
          "decide; there is time to coach."),
    _case("team_lead_batch_recall", "medium", "high", "high", "high", (3, 4),
          "A motivated team lead with some experience and a possible recall today: "
          "consult or decide together."),
    _case("bored_expert_hotfix_pick", "high", "low", "low", "high", (5, 7),
          "An expert, bored by the task, picks which minor bug to hotfix tonight: let "
          "them."),
)  # fmt: skip


#: Agreement with the table above, measured (docs/model-sources.md gives the same
#: figures): version 2 as first written, and version 2.1, where high urgency frees a
#: capable person only where the risk is not high or the person is fully committed
#: (rule 3) and a capable person's band starts at consult at the lowest (rule 4).
AGREEMENT_V2 = (13, 23)
AGREEMENT_V2_1 = (15, 23)

#: The cases where the rules stay more than one level away from the judgement above,
#: discussed in docs/model-sources.md: the rules know nothing of roles (Ken hires for his
#: own team) and let a newcomer to vendor selection go as far as level 7.
KNOWN_DISAGREEMENTS = {"first_hire", "vendor_shortlist"}


def _off_by(band_a: tuple[int, int], band_b: tuple[int, int]) -> int:
    return abs(band_a[0] - band_b[0]) + abs(band_a[1] - band_b[1])


def agreement(cases: tuple[ExpertCase, ...] = EXPERT_CASES) -> tuple[int, int]:
    """How many cases the rules match exactly, and how many within one level at one end."""
    offs = [_off_by(recommend(case.context).band, case.band) for case in cases]
    return sum(off == 0 for off in offs), sum(off <= 1 for off in offs)


def test_the_expert_table_judges_the_course_scenarios_as_the_data_states_them(
    content: Content,
) -> None:
    judged = {case.id: case for case in EXPERT_CASES}
    assert len(judged) == len(EXPERT_CASES), "each case once"
    for scenario in content.scenarios:
        case = judged[scenario.id]
        assert case.context == TaskContext.of(scenario), scenario.id
    assert len(EXPERT_CASES) - len(content.scenarios) >= 10, "ten cases beyond the course's"


@pytest.mark.parametrize("case", EXPERT_CASES, ids=lambda c: c.id)
def test_an_expert_band_is_two_or_three_levels_within_one_to_seven(case: ExpertCase) -> None:
    low, high = case.band
    assert 1 <= low < high <= 7 and high - low <= 2, case.id
    assert case.reason.endswith("."), case.id


# --------------------------------------------------------------------------------------
# The seven levels


def test_the_seven_levels_run_from_tell_to_delegate(content: Content) -> None:
    assert [lv.id for lv in content.levels] == [
        "tell",
        "sell",
        "consult",
        "agree",
        "advise",
        "inquire",
        "delegate",
    ]
    assert [lv.number for lv in content.levels] == [1, 2, 3, 4, 5, 6, 7]
    assert [lv.name for lv in content.levels][::6] == ["Tell", "Delegate"]


def test_the_manager_decides_up_to_consult_and_the_team_from_advise(content: Content) -> None:
    assert [lv.who_decides for lv in content.levels] == [
        "manager",
        "manager",
        "manager",
        "together",
        "team",
        "team",
        "team",
    ]
    for level in content.levels:
        assert level.description, level.id


# --------------------------------------------------------------------------------------
# The scenarios in the data


def test_there_are_at_least_twelve_scenarios(content: Content) -> None:
    assert len(content.scenarios) >= 12


@pytest.mark.parametrize("scenario", CONTENT.scenarios, ids=lambda s: s.id)
def test_a_scenarios_band_is_the_rules_band(scenario: Scenario) -> None:
    """The band is computed from the four ratings, never stored: the rules are its only
    source, so the scenario, the board, the worksheets and the charts all agree."""
    assert scenario.recommended_band == band(scenario) == recommend(TaskContext.of(scenario)).band
    assert "recommended" not in {f.name for f in dataclasses.fields(scenario)}


def test_changing_a_rating_changes_the_band(content: Content) -> None:
    scenario = content.scenario("angry_key_customer")
    assert scenario.recommended_band == (1, 2)
    calmer = dataclasses.replace(scenario, risk=Level3.LOW, urgency=Level3.LOW)
    assert calmer.recommended_band == (5, 6)


def test_every_level_is_recommended_by_some_scenario(content: Content) -> None:
    covered = {
        level
        for s in content.scenarios
        for level in range(s.recommended_band[0], s.recommended_band[1] + 1)
    }
    assert covered == set(range(1, 8))


def test_scenarios_cover_manager_joint_and_team_decisions(content: Content) -> None:
    bands = [s.recommended_band for s in content.scenarios]
    assert any(high <= 3 for _, high in bands), "a band where the manager decides"
    assert any(low <= 4 <= high for low, high in bands), "a band that includes deciding together"
    assert any(low >= 5 for low, _ in bands), "a band where the team decides"


def test_scenarios_cover_every_development_level(content: Content) -> None:
    seen = {development_level(s.competence, s.commitment).code for s in content.scenarios}
    assert seen == {"D1", "D2", "D3", "D4"}


def test_every_scenario_names_a_person_and_a_decision(content: Content) -> None:
    for scenario in content.scenarios:
        assert scenario.title and scenario.person and scenario.decision, scenario.id


# --------------------------------------------------------------------------------------
# The rules


@pytest.mark.parametrize(
    ("competence", "commitment", "expected"),
    [
        ("low", "high", D1),
        ("low", "medium", D2),
        ("low", "low", D2),
        ("medium", "low", D2),
        ("medium", "medium", D3),
        ("medium", "high", D3),
        ("high", "low", D3),
        ("high", "medium", D3),
        ("high", "high", D4),
    ],
)
def test_development_level_follows_the_table(
    competence: str, commitment: str, expected: object
) -> None:
    assert development_level(Level3(competence), Level3(commitment)) is expected


def test_a_keen_and_a_reluctant_beginner_start_from_the_same_band() -> None:
    """SLII's D1 and D2 differ in how much explanation and encouragement the person
    needs, which the reason says; who decides is the same for both (v2 changed this:
    v1 gave the keen beginner less room than the reluctant one)."""
    keen = recommend(_context("low", "high", "medium", "medium"))
    reluctant = recommend(_context("low", "low", "medium", "medium"))
    assert (keen.development.code, reluctant.development.code) == ("D1", "D2")
    assert keen.band == reluctant.band == (3, 4)
    assert "keen but new" in keen.reasons[0]
    assert "new to this task and reluctant" in reluctant.reasons[0]


def test_an_ordinary_task_keeps_the_starting_band_with_a_single_reason() -> None:
    for competence, commitment in itertools.product(ORDER, repeat=2):
        ordinary = recommend(TaskContext(competence, commitment, Level3.MEDIUM, Level3.MEDIUM))
        assert ordinary.band == ordinary.development.band
        assert len(ordinary.reasons) == 1


def test_high_risk_keeps_one_level_more_control() -> None:
    risky = recommend(_context("high", "high", "high", "medium"))
    assert risky.band == (4, 6)
    assert risky.reasons[1] == (
        "High risk: a mistake would be costly, so keep one level more control."
    )


@pytest.mark.parametrize(
    ("competence", "commitment", "expected"),
    [("low", "high", (5, 6)), ("medium", "low", (5, 6)), ("medium", "high", (5, 7))],
)
def test_low_risk_allows_two_levels_more_autonomy_even_for_a_beginner(
    competence: str, commitment: str, expected: tuple[int, int]
) -> None:
    recommendation = recommend(_context(competence, commitment, "low", "medium"))
    assert recommendation.band == expected
    assert recommendation.reasons[1].startswith("Low risk: a mistake would be cheap")
    assert "two levels more autonomy" in recommendation.reasons[1]


def test_high_urgency_frees_a_capable_person_and_tightens_for_a_beginner() -> None:
    capable = recommend(_context("high", "medium", "medium", "high"))
    beginner = recommend(_context("low", "high", "medium", "high"))
    between = recommend(_context("medium", "medium", "medium", "high"))
    assert capable.band == (4, 6)  # D3 3-5, one level more autonomy
    assert capable.reasons[-1].startswith("High urgency and a capable person: ")
    assert beginner.band == (2, 3)  # D1 3-4, one level more control
    assert beginner.reasons[-1].startswith("High urgency: no time to learn by trial and error")
    assert between.band == (3, 5)  # D3 unchanged, and the learner is told why
    assert "neither more control nor more autonomy" in between.reasons[-1]


def test_the_on_call_engineer_in_a_night_outage_gets_the_teams_levels(
    content: Content,
) -> None:
    """The issue's example: an experienced, committed engineer, high risk, no time to
    escalate. v1 gave 3-5; the engineer owns the rollback."""
    outage = recommend(TaskContext.of(content.scenario("production_outage")))
    assert outage.band == (5, 7)
    assert any(r.startswith("High urgency and a capable person") for r in outage.reasons)


def test_urgency_does_not_hand_a_high_risk_decision_to_someone_not_fully_behind_it(
    content: Content,
) -> None:
    """The reviewer's case: Olu, an expert but frustrated technician, and a change to the
    lock-out procedure after yesterday's near miss. "No time to escalate" does not hold
    for a costly decision you answer for when the person is not fully committed: v2 gave
    3-5, so Advise (the technician decides) was "a good fit"; the judgement is 3-4."""
    context = TaskContext.of(content.scenario("safety_procedure"))
    recommendation = recommend(context)
    assert recommendation.band == (3, 4)
    assert assess(content, context, 5).fit is Fit.TOO_HANDS_OFF
    assert assess(content, context, 2).fit is Fit.TOO_CONTROLLING
    assert any(r.startswith("High urgency, but high risk") for r in recommendation.reasons)
    assert not any(r.startswith("High urgency and a capable") for r in recommendation.reasons)


@given(contexts)
def test_at_high_risk_urgency_frees_only_a_fully_committed_capable_person(
    context: TaskContext,
) -> None:
    risky = dataclasses.replace(context, risk=Level3.HIGH, urgency=Level3.MEDIUM)
    hurried = dataclasses.replace(risky, urgency=Level3.HIGH)
    before, after = recommend(risky).band, recommend(hurried).band
    if context.competence is Level3.HIGH and context.commitment is Level3.HIGH:
        assert after == (before[0] + 1, before[1] + 1), context
    else:
        assert after[0] <= before[0] and after[1] <= before[1], context


@given(contexts)
def test_a_capable_person_is_always_at_least_consulted(context: TaskContext) -> None:
    capable = dataclasses.replace(context, competence=Level3.HIGH)
    low, high = recommend(capable).band
    assert low >= 3 and high - low >= 1, capable


def test_a_capable_persons_band_loses_its_lowest_level_rather_than_start_below_consult() -> None:
    migration = recommend(_context("high", "low", "high", "low"))  # 3-5, -1 -> 2-4
    assert migration.band == (3, 4)
    assert migration.reasons[-1].startswith("A capable person is always asked")


def test_a_band_past_level_seven_moves_back_inside_and_keeps_its_width() -> None:
    offsite = recommend(_context("high", "high", "low", "low"))  # D4 5-7, +2 -> 7-9
    assert offsite.band == (5, 7)
    # the reason in a manager's words: why the low risk shows no further (the width kept
    # is the rule's business, told in docs/model-sources.md)
    assert offsite.reasons[-1] == (
        "Level 7 is as far as you can let go, so the suggestion goes no further."
    )
    angry = recommend(_context("low", "high", "high", "high"))  # D1 3-4, -1 -1 -> 1-2
    assert angry.band == (1, 2)
    assert not any(r.startswith("Level 1 is") for r in angry.reasons)


def test_a_band_below_level_one_would_move_back_inside_in_a_managers_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No rating pulls a band below level 1 today (the shifts towards control add up to
    # two levels at most); a heavier risk weight would, and the learner would read why.
    monkeypatch.setitem(RISK_SHIFT, Level3.HIGH, -3)
    angry = recommend(_context("low", "high", "high", "high"))  # D1 3-4, -3 -1 -> -1-0
    assert angry.band == (1, 2)
    assert angry.reasons[-1] == (
        "Level 1 is the most control you can keep, so the suggestion goes no lower."
    )


@pytest.mark.parametrize(
    ("level", "fit", "advice"),
    [
        (
            2,
            Fit.TOO_CONTROLLING,
            "Sell keeps more control than this task needs: letting go further builds the "
            "person's ownership and frees your time.",
        ),
        (
            5,
            Fit.GOOD_FIT,
            "Advise is one of the suggested levels. Agree it openly with the person.",
        ),
        (
            7,
            Fit.TOO_HANDS_OFF,
            "Delegate hands over more than is safe here: stay closer until competence, "
            "commitment or the stakes allow more autonomy.",
        ),
    ],
)
def test_advice_after_a_named_band_refers_to_it_rather_than_repeat_it(
    content: Content, level: int, fit: Fit, advice: str
) -> None:
    assert advice_text(content, level, fit) == advice
    named = advice_text(content, level, fit, (3, 5))
    assert "levels 3-5 (Consult to Advise)" in named and named != advice


def test_the_first_reason_states_the_development_level_and_its_levels() -> None:
    recommendation = recommend(_context("medium", "low", "medium", "medium"))
    assert recommendation.reasons == (
        "Competence medium and commitment low for this task: knows part of the task but is "
        "not committed to it: needs their view heard and the reasons explained (on an "
        "ordinary task, levels 3-4).",
    )


@given(contexts, st.integers(1, 7))
def test_no_reason_or_verdict_shows_an_slii_code(context: TaskContext, level: int) -> None:
    """SLII's D1-D4 mean nothing to a learner who has not read Blanchard: plain words."""
    verdict = assess(CONTENT, context, level)
    shown = " ".join([*verdict.recommendation.reasons, verdict.explanation])
    shown += " " + course_reading(context)
    assert not re.search(r"\bD[1-4]\b", shown), shown


def test_each_development_level_has_a_plain_label() -> None:
    labels = [d.label for d in (D1, D2, D3, D4)]
    assert labels[0] == "new to the task, keen"
    assert len(set(labels)) == 4
    assert not any(re.search(r"\bD[1-4]\b", label) for label in labels)


@pytest.mark.parametrize(("competence", "commitment"), list(itertools.product(ORDER, repeat=2)))
def test_the_words_about_the_person_agree_with_the_ratings_and_the_band(
    competence: Level3, commitment: Level3
) -> None:
    """The reviewer's two cases: the beginner's words said "clear instructions and close
    follow-up" beside a band of 3-4 (5-6 at low risk), and medium competence with high
    commitment read "commitment ... varies". The words come from the two ratings, say
    what the person needs rather than who decides, and claim no other rating."""
    label, meaning = person_words(competence, commitment)
    words = f"{label} {meaning}"
    assert not re.search(r"instructions|close follow-up|direction|tell them", words), words
    expected_skill = {Level3.LOW: "new to", Level3.MEDIUM: "knows", Level3.HIGH: "capable"}
    assert expected_skill[competence] in meaning, meaning
    if competence is Level3.MEDIUM:
        assert "some experience" in label, label
    lukewarm = re.search(r"varies|not committed|reluctant|not fully|unsure|not yet sure", words)
    if commitment is Level3.HIGH:
        assert lukewarm is None, words
        assert re.search(r"keen|committed", label), label
    elif commitment is Level3.LOW:
        assert re.search(r"not committed|reluctant", words), words
    else:
        assert re.search(r"fairly committed|not fully|unsure|not yet sure", words), words
    assert "varies" not in words
    reading = course_reading(TaskContext(competence, commitment, Level3.MEDIUM, Level3.MEDIUM))
    assert f"({label})" in reading
    reason = recommend(TaskContext(competence, commitment, Level3.LOW, Level3.MEDIUM)).reasons[0]
    assert meaning in reason and "(on an ordinary task, levels " in reason


def test_every_development_level_has_a_style_and_a_band_inside_one_to_seven() -> None:
    assert [d.style for d in (D1, D2, D3, D4)] == [
        "directing",
        "coaching",
        "supporting",
        "delegating",
    ]
    for dev in (D1, D2, D3, D4):
        assert 1 <= dev.band[0] < dev.band[1] <= 7


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("competence", ("expert", "high", "low", "low")),
        ("urgency", ("high", "high", "low", "HIGH")),
    ],
)
def test_a_rating_outside_low_medium_high_is_refused(field: str, values: tuple) -> None:
    with pytest.raises(AnswerError) as caught:
        TaskContext.parse(*values)
    bad = values[("competence", "commitment", "risk", "urgency").index(field)]
    assert str(caught.value) == f"{field} must be one of low, medium, high; found {bad!r}"


# --------------------------------------------------------------------------------------
# Verdicts on a chosen level


def test_telling_a_capable_committed_team_is_too_controlling(content: Content) -> None:
    context = TaskContext.of(content.scenario("team_offsite"))
    verdict = assess(content, context, 1)
    assert verdict.fit is Fit.TOO_CONTROLLING
    assert verdict.distance == 4
    assert verdict.explanation.startswith(
        "Tell keeps more control than this task needs. Try levels 5-7 (Advise to Delegate):"
    )
    assert "Why: Competence high and commitment high" in verdict.explanation
    assert "Low risk: " in verdict.explanation


def test_delegating_an_urgent_risky_task_to_a_newcomer_is_too_hands_off(content: Content) -> None:
    context = TaskContext.of(content.scenario("angry_key_customer"))
    verdict = assess(content, context, 7)
    assert verdict.fit is Fit.TOO_HANDS_OFF
    assert verdict.distance == 5
    assert verdict.explanation.startswith(
        "Delegate hands over more than is safe here. Try levels 1-2 (Tell to Sell):"
    )
    assert "High risk" in verdict.explanation and "High urgency" in verdict.explanation


def test_a_level_inside_the_band_is_a_good_fit(content: Content) -> None:
    context = TaskContext.of(content.scenario("reorg_veteran"))
    verdict = assess(content, context, 4)
    assert verdict.fit is Fit.GOOD_FIT and verdict.distance == 0
    assert verdict.explanation.startswith(
        "Agree sits within levels 3-5 (Consult to Advise). Agree it openly with the person."
    )
    assert verdict.recommendation.fits(4)
    assert Fit.GOOD_FIT.label == "A good fit"


@pytest.mark.parametrize("level", [0, 8, -1, "3", 3.0, True, None])
def test_a_level_that_is_not_one_to_seven_is_refused(content: Content, level: object) -> None:
    context = TaskContext.of(content.scenario("dev_tools"))
    with pytest.raises(AnswerError) as caught:
        assess(content, context, level)
    assert str(caught.value) == (
        f"The delegation level must be a whole number from 1 to 7, found {level!r}."
    )


# --------------------------------------------------------------------------------------
# Properties over every task


@given(contexts)
def test_the_band_always_lies_within_one_to_seven(context: TaskContext) -> None:
    low, high = recommend(context).band
    assert 1 <= low <= high <= 7


def _raise(context: TaskContext, field: str) -> TaskContext | None:
    value = getattr(context, field)
    if value is Level3.HIGH:
        return None
    nxt = ORDER[ORDER.index(value) + 1]
    return TaskContext(**{**context.__dict__, field: nxt})


@given(contexts)
def test_more_competence_never_lowers_the_band(context: TaskContext) -> None:
    more = _raise(context, "competence")
    if more is not None:
        before, after = recommend(context).band, recommend(more).band
        assert after[0] >= before[0] and after[1] >= before[1], (context, more)


@given(contexts)
def test_higher_risk_never_raises_the_band(context: TaskContext) -> None:
    riskier = _raise(context, "risk")
    if riskier is not None:
        before, after = recommend(context).band, recommend(riskier).band
        assert after[0] <= before[0] and after[1] <= before[1], (context, riskier)


@given(contexts)
def test_urgency_never_tightens_for_a_capable_person_nor_loosens_for_a_beginner(
    context: TaskContext,
) -> None:
    hurried = _raise(context, "urgency")
    if hurried is not None:
        before, after = recommend(context).band, recommend(hurried).band
        if context.competence is Level3.HIGH:
            assert after[0] >= before[0] and after[1] >= before[1], (context, hurried)
        elif context.competence is Level3.LOW:
            assert after[0] <= before[0] and after[1] <= before[1], (context, hurried)
        else:
            assert after == before, (context, hurried)


@given(contexts)
def test_more_commitment_never_lowers_the_band(context: TaskContext) -> None:
    keener = _raise(context, "commitment")
    if keener is not None:
        before, after = recommend(context).band, recommend(keener).band
        assert after[0] >= before[0] and after[1] >= before[1], (context, keener)


@given(contexts)
def test_a_low_risk_task_always_lets_the_person_decide_after_hearing_you(
    context: TaskContext,
) -> None:
    """Room to learn at any competence: level 5 (Advise) is in every low-risk band."""
    low, high = recommend(dataclasses.replace(context, risk=Level3.LOW)).band
    assert low <= 5 <= high, context


@given(contexts)
def test_every_band_is_two_or_three_levels_wide(context: TaskContext) -> None:
    """No exceptions: a single level would claim a precision the rules do not have."""
    low, high = recommend(context).band
    assert 2 <= high - low + 1 <= 3, context


@given(contexts)
def test_every_reason_after_the_first_names_the_factor_that_moved_the_band(
    context: TaskContext,
) -> None:
    recommendation = recommend(context)
    expected = ["Competence "]
    if context.risk is Level3.HIGH:
        expected.append("High risk: ")
    if context.risk is Level3.LOW:
        expected.append("Low risk: ")
    if context.urgency is Level3.HIGH:
        expected.append("High urgency")
    hurried = context.urgency is Level3.HIGH
    frees = not (
        context.competence is Level3.HIGH
        and context.risk is Level3.HIGH
        and context.commitment is not Level3.HIGH
    )
    start = recommendation.development.band[0] + (
        RISK_SHIFT[context.risk] + (URGENCY_SHIFT[context.competence] if hurried and frees else 0)
    )
    if context.competence is Level3.HIGH and start < 3:
        expected.append("A capable person is always asked")
    elif start != recommendation.band[0]:
        expected.append("Level 7 is as far as you can let go")
    assert len(recommendation.reasons) == len(expected), recommendation.reasons
    for reason, opening in zip(recommendation.reasons, expected, strict=True):
        assert reason.startswith(opening), (reason, opening)


def _middle(context: TaskContext) -> float:
    low, high = recommend(context).band
    return (low + high) / 2


def _average_effect(field: str) -> float:
    """How far the middle of the band moves, on average over every combination of the
    other three ratings, when ``field`` goes from low to high."""
    moves = []
    for rest in itertools.product(ORDER, repeat=3):
        values = dict(zip([f for f in FIELDS if f != field], rest, strict=True))
        lowest = TaskContext(**{**values, field: Level3.LOW})
        highest = TaskContext(**{**values, field: Level3.HIGH})
        moves.append(abs(_middle(highest) - _middle(lowest)))
    return sum(moves) / len(moves)


def test_risk_weighs_most() -> None:
    """Averaged over all 81 tasks, risk moves the band further than any other factor,
    and its shift table spans more levels than urgency's."""
    effects = {field: _average_effect(field) for field in FIELDS}
    assert max(effects, key=effects.__getitem__) == "risk", effects
    assert effects["risk"] > 1.5 * max(v for f, v in effects.items() if f != "risk"), effects
    risk_span = max(RISK_SHIFT.values()) - min(RISK_SHIFT.values())
    assert risk_span > max(URGENCY_SHIFT.values()) - min(URGENCY_SHIFT.values())


@given(contexts)
def test_away_from_level_seven_risk_moves_the_band_at_least_as_far_as_any_other_factor(
    context: TaskContext,
) -> None:
    """Where no band involved reaches level 7 (which stops a move upwards), going from
    low to high risk moves the band at least as far as going from low to high on any
    other single factor."""

    def swing(field: str) -> float | None:
        ends = [dataclasses.replace(context, **{field: v}) for v in (Level3.LOW, Level3.HIGH)]
        bands = [recommend(c).band for c in ends]
        if any(high == HIGHEST for _, high in bands):
            return None
        return abs(sum(bands[1]) - sum(bands[0])) / 2

    risk = swing("risk")
    if risk is not None:
        for field in ("competence", "commitment", "urgency"):
            other = swing(field)
            assert other is None or risk >= other, (context, field, risk, other)


def test_the_rules_agree_with_the_experienced_managers_judgement() -> None:
    """v1: 2 of 25 exact, 8 within one; v2 13 and 23; v2.1 15 and 23. A revision must
    not lose agreement, and the cases further off are exactly the two the docs discuss."""
    exact, within_one = agreement()
    assert (exact, within_one) == AGREEMENT_V2_1
    assert exact >= AGREEMENT_V2[0] and within_one >= AGREEMENT_V2[1]
    further = {c.id for c in EXPERT_CASES if _off_by(recommend(c.context).band, c.band) > 1}
    assert further == KNOWN_DISAGREEMENTS, further
    looser = [c.id for c in EXPERT_CASES if sum(recommend(c.context).band) > sum(c.band)]
    tighter = [c.id for c in EXPERT_CASES if sum(recommend(c.context).band) < sum(c.band)]
    assert abs(len(looser) - len(tighter)) <= 3, (looser, tighter)


@given(contexts, st.integers(1, 7))
def test_the_verdict_agrees_with_the_band(context: TaskContext, level: int) -> None:
    verdict = assess(CONTENT, context, level)
    low, high = verdict.recommendation.band
    if level < low:
        assert verdict.fit is Fit.TOO_CONTROLLING and verdict.distance == low - level
    elif level > high:
        assert verdict.fit is Fit.TOO_HANDS_OFF and verdict.distance == level - high
    else:
        assert verdict.fit is Fit.GOOD_FIT and verdict.distance == 0
    assert verdict.explanation.startswith(CONTENT.level(level).name)
    assert "Why: " in verdict.explanation


def test_every_task_has_at_least_one_good_level() -> None:
    for combo in itertools.product(ORDER, repeat=4):
        context = TaskContext(*combo)
        fits = [lv for lv in range(1, 8) if assess(CONTENT, context, lv).fit is Fit.GOOD_FIT]
        assert fits, context


def test_the_model_sources_page_gives_the_rules_of_the_code() -> None:
    """docs/model-sources.md states the crosswalk for facilitators; it must not drift."""
    page = (Path(__file__).resolve().parents[1] / "docs" / "model-sources.md").read_text(
        encoding="utf-8"
    )
    rows = re.findall(
        r"(?m)^ *\| (low|medium|high) \| ([a-z ]+?) \| (D\d), (\w+) \| (\d)-(\d)", page
    )
    seen = set()
    for competence, commitments, code, style, low, high in rows:
        for commitment in commitments.split(" or "):
            dev = development_level(Level3(competence), Level3(commitment))
            assert (dev.code, dev.style, dev.band) == (code, style, (int(low), int(high)))
            seen.add((competence, commitment))
    assert len(seen) == 9, "the table covers every competence and commitment"


def test_the_model_sources_page_gives_the_measured_numbers() -> None:
    """The page's weights of the factors and its agreement table are the code's."""
    page = (Path(__file__).resolve().parents[1] / "docs" / "model-sources.md").read_text(
        encoding="utf-8"
    )
    text = " ".join(page.split())
    effects = {field: _average_effect(field) for field in FIELDS}
    assert (
        f"further ({effects['risk']:.1f} levels) than competence "
        f"({effects['competence']:.1f}), commitment ({effects['commitment']:.1f}) or "
        f"urgency ({effects['urgency']:.1f})" in text
    )
    exact, within_one = agreement()
    total = len(EXPERT_CASES)
    row = f"| version 2.1 (rules 3 and 4 above) | {exact} of {total} | {within_one} of {total} |"
    assert row in page
    further = sorted(KNOWN_DISAGREEMENTS)
    assert f"| {len(further)} (both scenarios) |" in page
    titles = {s.id: s.title for s in CONTENT.scenarios}
    for case in further:
        assert titles[case].lower() in text.lower(), case


# --------------------------------------------------------------------------------------
# The learner's board: every scenario, the band, the choice and the verdict


def test_the_board_has_a_row_per_scenario_with_its_verdict(content: Content) -> None:
    first, second = content.scenarios[0], content.scenarios[1]
    low, _ = first.recommended_band
    rows = board(content, {first.id: low, second.id: 7})
    assert [r.scenario.id for r in rows] == [s.id for s in content.scenarios]
    assert rows[0].level == low and rows[0].verdict is not None
    assert rows[0].verdict.fit is Fit.GOOD_FIT
    assert rows[1].verdict is not None and rows[1].verdict.level == 7
    assert all(r.verdict is None and r.level is None for r in rows[2:])
    assert [r.band for r in rows[:2]] == [first.recommended_band, second.recommended_band]
    high = first.recommended_band[1]
    assert rows[0].band_text == (f"{low}" if low == high else f"{low}-{high}")


def test_an_unanswered_row_tells_nothing_of_its_band(content: Content) -> None:
    rows = board(content, {content.scenarios[0].id: 3})
    assert all(r.band is None and r.band_text == "" for r in rows[1:])


def test_answered_only_keeps_the_answered_scenarios_and_leaves_the_content_alone(
    content: Content,
) -> None:
    first, third = content.scenarios[0], content.scenarios[2]
    shown = answered_only(content, {third.id: 2, first.id: 5})
    assert [s.id for s in shown.scenarios] == [first.id, third.id]  # course order
    assert shown.scenario(third.id) is third
    assert len(content.scenarios) > 2
    assert content.scenario(content.scenarios[1].id) is content.scenarios[1]


# --------------------------------------------------------------------------------------
# Judge first: the learner's ratings against the course's


def test_ratings_parse_some_or_all_factors_in_order() -> None:
    parsed = parse_ratings({"urgency": "high", "competence": "low"})
    assert parsed == {"competence": Level3.LOW, "urgency": Level3.HIGH}
    assert list(parsed) == ["competence", "urgency"]
    assert rated_context(parsed) is None
    full = parse_ratings(dict(zip(FIELDS, ("low", "high", "medium", "high"), strict=True)))
    assert rated_context(full) == _context("low", "high", "medium", "high")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"competence": "expert"}, "competence must be one of low, medium, high; found 'expert'"),
        ({"skill": "low"}, "Unknown factor 'skill': rate competence, commitment, risk, urgency"),
        ({}, "Ratings must map competence"),
        (3, "Ratings must map competence"),
    ],
)
def test_ratings_outside_the_four_factors_or_three_steps_are_refused(
    value: object, message: str
) -> None:
    with pytest.raises(AnswerError) as caught:
        parse_ratings(value)
    assert message in str(caught.value)


def test_the_same_reading_gives_no_difference() -> None:
    context = _context("low", "high", "high", "high")
    comparison = compare_ratings(context, context)
    assert comparison.differences == ()
    assert comparison.summary == "You read the situation as the course does."


def test_a_word_on_each_rating_judged_differently_and_what_it_does_to_the_band() -> None:
    course = _context("low", "high", "high", "high")  # levels 1-2
    learner = _context("high", "high", "high", "low")  # levels 4-6
    comparison = compare_ratings(course, learner)
    assert len(comparison.differences) == 2
    competence, urgency = comparison.differences
    assert competence.startswith(
        "Competence for this task: you rated it high, the course reads it as low. Judge this "
        "very task"
    )
    assert urgency.startswith("Urgency: you rated it low, the course reads it as high. ")
    assert "no time to escalate" in urgency
    assert comparison.summary == (
        "With your ratings the rules would give levels 4-6; with the course's, 1-2."
    )


def test_a_difference_that_leaves_the_band_alone_says_so() -> None:
    course = _context("low", "high", "medium", "medium")  # keen beginner: 3-4
    learner = _context("low", "low", "medium", "medium")  # reluctant beginner: 3-4
    comparison = compare_ratings(course, learner)
    assert comparison.differences[0].startswith(
        "Commitment to it: you rated it low, the course reads it as high. Look for keenness"
    )
    assert comparison.summary.startswith("With your ratings the rules give the same levels, 3-4")


def test_the_course_reading_names_the_four_ratings_in_plain_words() -> None:
    assert course_reading(_context("low", "high", "high", "high")) == (
        "The course reads it as: competence low, commitment high (new to the task, keen); "
        "risk high; urgency high."
    )


def test_the_board_summary_counts_and_names_the_habit(content: Content) -> None:
    total = len(content.scenarios)
    assert board_summary(content, board(content, {})) == (
        "No scenario answered yet: choose a level for each decision in notebook 04."
    )
    controlling = {s.id: 1 for s in content.scenarios if s.recommended_band[0] > 1}
    text = board_summary(content, board(content, controlling))
    assert text.startswith(
        f"{len(controlling)} of {total} decisions answered: 0 a good fit, "
        f"{len(controlling)} too controlling, 0 too hands-off."
    )
    assert text.endswith("where could you let go one level?")
    fitting = {s.id: s.recommended_band[0] for s in content.scenarios}
    assert board_summary(content, board(content, fitting)) == (
        f"{total} of {total} decisions answered: {total} a good fit, 0 too controlling, "
        "0 too hands-off."
    )


def test_the_board_refuses_a_level_outside_1_to_7(content: Content) -> None:
    with pytest.raises(AnswerError):
        board(content, {content.scenarios[0].id: 8})
