"""The exercises driven without a browser: set values, click buttons, and read the
feedback, the rows saved in the journal and the charts, as a learner would see them."""

from __future__ import annotations

import base64
import datetime as dt
import errno
import json
from pathlib import Path
from typing import Any

import pytest

from leadlib import widgets as ex
from leadlib.journal import JournalError, open_journal
from leadlib.models import Content
from leadlib.widgets.delegation_exercise import DelegationExercise

FUTURE = dt.date.today() + dt.timedelta(days=90)


def answer_all(content: Content, value: int, family: str | None = None) -> None:
    sa = ex.self_assessment(family)
    for toggle in sa.scales.values():
        toggle.value = value


def answer_keyed(content: Content, value: int, family: str | None = None) -> None:
    """Answer so that every trait (of ``family``) gets the keyed ``value``: the mirrored
    answer on reverse-keyed statements. Each trait then scores (value - 1) x 25."""
    sa = ex.self_assessment(family)
    for sid, toggle in sa.scales.items():
        reverse = content.statement(sid).reverse
        toggle.value = content.scale.reversed_value(value) if reverse else value


# -- quiz ------------------------------------------------------------------------------


def test_quiz_gives_a_retry_then_the_reason_and_scores_the_first_try(content: Content) -> None:
    quiz = ex.quiz()
    item = content.quiz[1]
    wrong = [a for a in ("leadership", "management", "both") if a != item.answer]
    quiz.choices[item.id].value = wrong[0]
    shown = quiz.feedback[item.id].value
    assert "Try once more." in shown and item.reason.split(":")[0] not in shown
    assert open_journal().answers("quiz") == {item.id: [wrong[0]]}
    quiz.choices[item.id].value = wrong[1]
    assert f"Not quite: this one is {item.answer}." in quiz.feedback[item.id].value
    assert item.reason.split(":")[0] in quiz.feedback[item.id].value
    assert open_journal().answers("quiz") == {item.id: wrong}
    # settled: a third click changes nothing, and the buttons go back to the last try
    quiz.choices[item.id].value = item.answer
    assert quiz.choices[item.id].value == wrong[1]
    assert open_journal().answers("quiz") == {item.id: wrong}
    assert quiz.score_text == (
        f"Score so far: 0 of 1 right at the first answer ({len(content.quiz) - 1} still to answer)."
    )


def test_a_right_second_try_does_not_score(content: Content) -> None:
    quiz = ex.quiz()
    for item in content.quiz:
        wrong = next(a for a in ("leadership", "management", "both") if a != item.answer)
        quiz.choices[item.id].value = wrong
        quiz.choices[item.id].value = item.answer
        assert "Right, on the second try." in quiz.feedback[item.id].value
    n = len(content.quiz)
    assert quiz.score_text.startswith(f"Score: 0 of {n} right at the first answer.")


def test_quiz_score_counts_right_answers_once_all_are_done(content: Content) -> None:
    quiz = ex.quiz()
    for item in content.quiz:
        quiz.choices[item.id].value = item.answer
    n = len(content.quiz)
    assert quiz.score_text.startswith(f"Score: {n} of {n} right at the first answer.")
    assert all("Right." in quiz.feedback[i.id].value for i in content.quiz)


def test_an_older_journals_quiz_answer_reads_as_a_first_try(content: Content) -> None:
    item = content.quiz[0]
    wrong = next(a for a in ("leadership", "management", "both") if a != item.answer)
    open_journal().record("quiz", item.id, wrong)  # the single-value form of before
    quiz = ex.quiz()
    assert quiz.choices[item.id].value == wrong
    assert "Try once more." in quiz.feedback[item.id].value
    quiz.choices[item.id].value = item.answer
    assert open_journal().answers("quiz") == {item.id: [wrong, item.answer]}
    assert quiz.score.correct == 0


def test_quiz_shows_saved_answers_when_displayed_again(content: Content) -> None:
    first = content.quiz[0]
    ex.quiz().choices[first.id].value = first.answer
    again = ex.quiz()
    assert again.choices[first.id].value == first.answer
    assert "Right." in again.feedback[first.id].value
    assert again.score_text.startswith("Score so far: 1 of 1 right")
    # restoring does not write the answer a second time
    assert len(open_journal().history("quiz")) == 1


def test_quiz_refuses_an_unknown_answer_and_keeps_the_saved_one(content: Content) -> None:
    item = content.quiz[0]
    quiz = ex.quiz()
    quiz.choices[item.id].value = item.answer
    quiz.answer(item.id, "neither")
    assert "the answer must be one of leadership, management, both" in quiz.message_text
    assert open_journal().answers("quiz") == {item.id: [item.answer]}


def test_quiz_text_repr_is_short_and_has_no_address(content: Content) -> None:
    quiz = ex.quiz()
    assert repr(quiz) == (
        "Exercise: classify-the-behaviour quiz (run this notebook in JupyterLab to use it)"
    )
    bundle = quiz._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Exercise: classify-the-behaviour quiz.")
    assert all(item.text in bundle["text/plain"] for item in content.quiz)
    assert "0x" not in bundle["text/plain"]


def test_every_control_carries_a_label() -> None:
    import ipywidgets as w

    def walk(widget: Any) -> list[Any]:
        found = [widget]
        for child in getattr(widget, "children", ()):
            found += walk(child)
        return found

    exercises = [
        ex.quiz(),
        ex.self_assessment(),
        ex.delegation(),
        ex.balance(),
        ex.vision(),
        ex.plan(),
        ex.export_answers(),
        ex.self_check("01_two_roles"),
        ex.reflection("01_two_roles"),
        ex.profile(),
        ex.delegation_board(),
        ex.my_board(),
    ]
    controls = (
        w.ToggleButtons,
        w.RadioButtons,
        w.Dropdown,
        w.IntSlider,
        w.Checkbox,
        w.Textarea,
        w.Text,
        w.DatePicker,
        w.Button,
    )
    unlabelled = [
        (type(e).__name__, type(c).__name__)
        for e in exercises
        for c in walk(e)
        if isinstance(c, controls) and not (c.description or "").strip()
    ]
    assert unlabelled == []


# -- self-assessment and profile -------------------------------------------------------


def test_self_assessment_shows_progress_and_the_chart_only_when_complete(
    content: Content,
) -> None:
    sa = ex.self_assessment("leadership")
    statements = list(sa.scales)
    assert "reflection, not a validated measurement" in sa.children[0].value
    sa.scales[statements[0]].value = 4
    assert sa.progress.value == 1
    assert f"1 of {len(statements)} answered" in sa.progress_text.value
    assert sa.chart.draws == 0
    for sid in statements[1:]:
        sa.scales[sid].value = 4
    assert sa.chart.draws == 1
    assert sa.chart.png.startswith(b"\x89PNG")
    assert "Your leadership index" in sa.result.value
    assert "Answer the management part too" in sa.result.value
    assert open_journal().answers("self_assessment") == {sid: 4 for sid in statements}


def test_reverse_keyed_statement_lowers_the_score_shown(content: Content) -> None:
    sa = ex.self_assessment("leadership")
    for toggle in sa.scales.values():
        toggle.value = 5
    reverse = next(s for s in content.statements_in(None) if s.reverse and s.id in sa.scales)
    trait = content.trait(reverse.trait)
    assert f"{trait.name}: 50 of 100" in sa.result.value  # 5, 5 and two reversed 1 -> 50
    sa.scales[reverse.id].value = 1  # the reversed statement never done: keyed 5
    assert f"{trait.name}: 75 of 100" in sa.result.value


def test_self_assessment_refuses_an_out_of_range_answer(content: Content) -> None:
    sa = ex.self_assessment("management")
    sid = next(iter(sa.scales))
    sa.scales[sid].value = 3
    sa.answer(sid, 9)
    assert "outside the scale 1-5" in sa.message_text
    assert open_journal().answers("self_assessment") == {sid: 3}


def test_profile_asks_for_the_self_assessment_until_there_is_one() -> None:
    view = ex.profile()
    assert view.summary_text.startswith(
        "Answer the self-assessment in notebooks 02 and 03 to see your own profile here."
    )
    assert view.radar.draws == 0


def test_profile_reads_both_parts_and_places_the_learner_on_kotters_grid(
    content: Content,
) -> None:
    answer_keyed(content, 5, "leadership")
    answer_keyed(content, 2, "management")
    view = ex.profile()
    assert (
        "Leadership and management grid (after Kotter): Strong leadership, weaker management."
        in view.summary_text
    )
    assert view.radar.draws == 1 and view.grid.draws == 1
    assert "reflection, not a validated measurement" in view.children[0].value
    view.refresh()  # nothing changed: no redraw
    assert view.radar.draws == 1


def test_the_profile_on_screen_follows_the_self_assessment_as_it_is_answered(
    content: Content,
) -> None:
    """Notebook 03 shows the profile under the questionnaire: finishing the questionnaire
    must update it without a Refresh click."""
    answer_keyed(content, 4, "leadership")
    view = ex.profile()
    assert view.summary_text.startswith("Answer the self-assessment")
    answer_keyed(content, 3, "management")
    assert view.summary_text.startswith("Leadership index 75")
    assert view.profile.complete
    assert "Process management 50" in view.radar.alt


# -- delegation ------------------------------------------------------------------------


FACT_WORDS = ("Competence", "Commitment", "Risk", "Urgency")


def rate(game: Any, *values: str) -> None:
    """Rate the current scenario's factors by clicking, in order: competence,
    commitment, risk, urgency (fewer values rate the first ones only)."""
    for toggle, value in zip(game.rating_buttons.values(), values, strict=False):
        toggle.value = value


def rate_as_the_course(game: Any) -> None:
    s = game.scenario
    rate(game, s.competence.value, s.commitment.value, s.risk.value, s.urgency.value)


def test_a_card_shows_the_story_only_and_the_levels_wait_for_the_ratings(
    content: Content,
) -> None:
    game = ex.delegation()
    scenario = game.scenario
    assert scenario.title in game.card.value and scenario.decision in game.card.value
    for word in FACT_WORDS:
        assert word not in game.card.value
    assert "fit" not in game.verdict.value.replace("fits", "")
    assert game.levels.disabled
    game.choose(3)  # a click that slipped through is refused, and nothing is saved
    assert game.message_text == "Rate competence, commitment, risk and urgency first."
    assert open_journal().answers("delegation") == {}
    rate(game, "low", "low", "low")
    assert game.levels.disabled
    game.rating_buttons["urgency"].value = "high"
    assert not game.levels.disabled
    assert open_journal().answers("delegation_ratings") == {
        scenario.id: {"competence": "low", "commitment": "low", "risk": "low", "urgency": "high"}
    }


def test_delegation_verdict_explains_and_saves_the_level(content: Content) -> None:
    game = ex.delegation()
    scenario = game.scenario
    rate_as_the_course(game)
    assert game.verdict_text == ""
    game.levels.value = 7
    assert game.verdict_text.startswith("Too hands-off.")
    assert "Why:" in game.verdict_text
    assert "The course reads it as: competence " in game.verdict_text
    assert "You read the situation as the course does." in game.verdict_text
    assert open_journal().answers("delegation") == {scenario.id: 7}


def test_after_the_choice_each_rating_judged_differently_gets_a_word(content: Content) -> None:
    game = ex.delegation()
    s = game.scenario
    other = {"low": "high", "medium": "low", "high": "low"}
    rate(game, other[s.competence.value], s.commitment.value, s.risk.value, s.urgency.value)
    game.levels.value = 4
    assert "Competence for this task: you rated it " in game.verdict.value
    assert f"the course reads it as {s.competence.value}." in game.verdict_text
    assert "Commitment to it: you rated" not in game.verdict_text
    # changing a rating afterwards updates the comparison
    game.rating_buttons["competence"].value = s.competence.value
    assert "You read the situation as the course does." in game.verdict_text


class _Ticking:
    """A clock one second further on at each reading: every click is deliberate."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


def test_a_double_click_on_next_moves_one_card(
    content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    moments = iter([10.0, 10.0, 10.1, 11.0, 11.0, 11.0])  # click, end; click; click, end
    monkeypatch.setattr(DelegationExercise, "clock", staticmethod(lambda: next(moments)))
    game = ex.delegation()
    game.next_button.click()
    game.next_button.click()  # 0.1 s after the first ended: the second half of a double click
    assert game.index == 1
    game.next_button.click()  # a second later: a new click
    assert game.index == 2


def test_delegation_next_previous_and_the_board_at_the_end(
    content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(DelegationExercise, "clock", staticmethod(_Ticking()))
    game = ex.delegation()
    assert game.previous_button.disabled
    game.next_button.click()
    assert game.index == 1 and not game.previous_button.disabled
    game.previous_button.click()
    assert game.index == 0
    for _ in content.scenarios:
        rate_as_the_course(game)
        game.levels.value = 3
        game.next_button.click()
    total = len(content.scenarios)
    assert game.board_text.startswith(f"{total} of {total} decisions answered")
    assert game.chart.draws == 1
    assert "Your delegation board" in game.board.value
    assert "recommended band" in game.chart.alt


def test_the_board_shows_no_band_for_an_unanswered_scenario(content: Content) -> None:
    game = ex.delegation()
    game.show_board()
    assert game.board.value.count("shown once answered") == len(content.scenarios)
    assert not game.chart.alt  # no chart before the first answer
    rate_as_the_course(game)
    game.levels.value = 2
    first = content.scenarios[0]
    low, high = first.recommended_band
    band = f"{low}" if low == high else f"{low}-{high}"
    assert game.board.value.count("shown once answered") == len(content.scenarios) - 1
    assert f"<td style='padding:2px 8px'>{band}</td>" in game.board.value
    assert "for 1 scenario" in game.chart.alt  # the chart draws the answered one only
    board = ex.delegation_board()
    assert board.board.value.count("shown once answered") == len(content.scenarios) - 1


def test_delegation_reopens_at_the_first_unanswered_scenario(content: Content) -> None:
    game = ex.delegation()
    rate(game, "high", "high", "low", "low")
    game.levels.value = 1
    again = ex.delegation()
    assert again.index == 1
    assert again.levels.disabled and again.rating_buttons["risk"].value is None
    again.go(0)
    assert again.levels.value == 1 and not again.levels.disabled
    assert [t.value for t in again.rating_buttons.values()] == ["high", "high", "low", "low"]
    assert again.verdict_text


def test_an_old_journal_level_without_ratings_still_loads(content: Content) -> None:
    """Journals from before "judge first" hold a plain level per scenario, no ratings."""
    first = content.scenarios[0]
    open_journal().record("delegation", first.id, 2)
    game = ex.delegation()
    game.go(0)
    assert game.levels.value == 2 and not game.levels.disabled
    assert "You chose this level before rating the four factors" in game.verdict_text
    rate_as_the_course(game)
    assert "You read the situation as the course does." in game.verdict_text


def test_delegation_refuses_level_eight_and_keeps_the_saved_level() -> None:
    game = ex.delegation()
    rate_as_the_course(game)
    game.levels.value = 2
    game.choose(8)
    assert "whole number from 1 to 7, found 8" in game.message_text
    assert list(open_journal().answers("delegation").values()) == [2]


def test_delegation_board_summarises_the_saved_choices(content: Content) -> None:
    first = content.scenarios[0]
    open_journal().record("delegation", first.id, 7)
    board = ex.delegation_board()
    assert board.board_text.startswith(f"1 of {len(content.scenarios)} decisions answered")
    assert "too hands-off" in board.board_text
    assert board.chart.draws == 1


# -- balance ---------------------------------------------------------------------------


def test_balance_split_against_the_band_with_one_chart(content: Content) -> None:
    bal = ex.balance()
    startup = content.situation("startup")
    bal.situation_choice.value = "startup"
    bal.share.value = 30
    low, high = startup.leadership_band
    assert bal.feedback_text.startswith(f"30% leadership is {low - 30} points below")
    draws = bal.chart.draws
    bal.share.value = 70
    assert bal.feedback_text == f"70% leadership is within the {low}-{high}% that suits 'Start-up'."
    assert bal.chart.draws == draws + 1
    assert open_journal().answers("balance") == {"situation": "startup", "share": 70}
    assert "70" in bal.chart.alt


def test_balance_says_where_the_profile_comes_from_when_there_is_none() -> None:
    bal = ex.balance()
    assert bal.profile_text == (
        "Answer the self-assessment in notebooks 02 and 03 to see your own profile here."
    )


def test_self_assessment_answers_reach_the_balance_exercise(content: Content) -> None:
    answer_keyed(content, 4, "leadership")
    answer_keyed(content, 2, "management")
    bal = ex.balance()
    # leadership 75 and management 25: shown beside the band, not read as a share
    assert bal.profile_text.startswith(
        "Your self-assessment: leadership 75 and management 25 out of 100"
    )
    assert "'Start-up' asks for 60-80% of your attention" in bal.profile_text
    assert "your management side is below 60" in bal.profile_text
    assert "To develop:" in bal.profile_note.value


def test_a_profile_strong_on_both_sides_gets_no_below_the_band_message(
    content: Content,
) -> None:
    answer_keyed(content, 4, "leadership")  # 75
    answer_keyed(content, 4, "management")  # 75
    bal = ex.balance()
    bal.situation_choice.value = "startup"
    assert "below" not in bal.profile_text and "above" not in bal.profile_text
    assert "strong on both sides" in bal.profile_text
    assert "To develop:" not in bal.profile_note.value
    assert "profile" not in bal.chart.alt.lower()  # no skill score placed on the time axis


def test_balance_restores_and_refuses_a_share_over_100(content: Content) -> None:
    bal = ex.balance()
    bal.situation_choice.value = "mature"
    bal.share.value = 40
    bal.set_share(150)
    assert "between 0 and 100 percent, found 150" in bal.message_text
    again = ex.balance()
    assert (again.situation_choice.value, again.share.value) == ("mature", 40)


# -- plan, vision, reflection, self-check ----------------------------------------------


def test_plan_suggests_the_weakest_traits_and_exports_markdown_and_html(
    content: Content, leadlib_home: Path
) -> None:
    answer_keyed(content, 4, "leadership")
    answer_keyed(content, 2, "management")
    plan = ex.plan()
    management = [t.id for t in content.traits if t.family.value == "management"]
    assert set(plan.suggested) <= set(management)
    assert "(your lowest scores)" in plan.intro_text
    plan.focus_boxes[management[0]].value = True
    plan.focus_boxes[management[1]].value = True
    plan.action_boxes[management[0]][0].value = True
    plan.own_actions.value = "Block an hour each Friday for next week's plan"
    plan.target_date.value = FUTURE
    plan.measure.value = "Fewer late deliveries"
    plan.export_button.click()
    md = (leadlib_home / "exports" / "development-plan.md").read_text()
    assert "- [ ] Block an hour each Friday for next week's plan" in md
    assert FUTURE.isoformat() in md
    assert "<script" not in (leadlib_home / "exports" / "development-plan.html").read_text()
    assert "development-plan.md" in plan.message_text
    # ~/.leadlib is hidden in JupyterLab's file browser: the files are also offered as
    # browser downloads, carrying exactly the bytes written.
    html_bytes = (leadlib_home / "exports" / "development-plan.html").read_bytes()
    assert 'download="development-plan.html"' in plan.output.value
    assert base64.b64encode(html_bytes).decode() in plan.output.value
    saved = open_journal().answers("plan")
    assert saved["focus"] == management[:2]
    assert saved["measure"] == "Fewer late deliveries"
    again = ex.plan()
    assert again.plan() == plan.plan()


def test_plan_refuses_a_fourth_focus_trait(content: Content) -> None:
    plan = ex.plan()
    ids = [t.id for t in content.traits]
    for tid in ids[:4]:
        plan.focus_boxes[tid].value = True
    assert plan.focus == ids[:3]
    assert "two or three traits" in plan.message_text
    assert open_journal().answers("plan")["focus"] == ids[:3]


def test_plan_without_a_profile_says_so() -> None:
    plan = ex.plan()
    assert plan.intro_text.startswith("Answer the self-assessment in notebooks 02 and 03")
    assert plan.suggested == []


def test_vision_saves_the_draft_the_learners_ratings_and_the_rewrite(content: Content) -> None:
    vision = ex.vision()
    vision.text.value = "Be great."
    vision.check_button.click()
    assert vision.note.value.endswith("Your draft has 2 words.</p>")
    ids = [c.id for c in content.vision.criteria]
    for key in ids:
        vision.ratings[key].value = "not_yet"
    vision.ratings[ids[1]].value = "partly"
    assert vision.summary_text.startswith("In your rewrite, work first on: ")
    assert vision.summary_text.endswith(f"{content.vision.criteria[1].label}.")
    vision.rewrite.value = "By next summer, every new customer can start on day one."
    vision.rewrite_button.click()
    saved = open_journal().answers("vision")
    assert saved["statement"] == "Be great."
    assert saved["ratings"] == {**dict.fromkeys(ids, "not_yet"), ids[1]: "partly"}
    assert saved["rewrite"] == "By next summer, every new customer can start on day one."
    again = ex.vision()
    assert again.text.value == "Be great."
    assert again.ratings[ids[1]].value == "partly"
    assert again.rewrite.value.startswith("By next summer")
    assert again.summary_text == vision.summary_text


def test_an_empty_vision_is_not_saved_over_the_saved_one() -> None:
    vision = ex.vision()
    vision.text.value = "By next summer, every customer gets an answer within a day."
    vision.check_button.click()
    vision.text.value = "   "
    vision.check_button.click()
    assert vision.message_kind == "problem"
    assert "box is empty" in vision.message_text
    assert open_journal().answers("vision") == {
        "statement": "By next summer, every customer gets an answer within a day."
    }


def test_reflection_is_saved_and_shown_again() -> None:
    note = ex.reflection("03_management")
    note.text.value = "A weekly check-in with each person."
    assert note.field.status_text.startswith("Saved to your journal at ")
    assert note.field.counter.value.count("35 of 5,000 characters") == 1
    assert open_journal().answers("reflection") == {
        "03_management": "A weekly check-in with each person."
    }
    assert ex.reflection("03_management").text.value == "A weekly check-in with each person."


def test_self_check_feedback_for_a_wrong_and_a_right_choice(content: Content) -> None:
    questions = content.notebook("01_two_roles").self_checks
    check = questions[0]
    wrong = [i for i, o in enumerate(check.options) if not o.right]
    panel = ex.self_check("01_two_roles")
    assert len(panel.options) == len(questions)
    panel.options[check.id].value = wrong[0]
    assert panel.feedback_text[check.id] == (
        f"Not quite. {check.options[wrong[0]].feedback} Try once more."
    )
    panel.options[check.id].value = check.answer
    assert panel.feedback_text[check.id] == f"Right, on the second try. {check.explanation}"
    assert open_journal().answers("self_check") == {check.id: [wrong[0], check.answer]}
    assert panel.score_text == f"First tries right: 0 of 1 ({len(questions)} questions)."
    # settled: another option shows its own feedback and changes nothing
    panel.options[check.id].value = wrong[1]
    assert panel.feedback_text[check.id] == f"Not this one: {check.options[wrong[1]].feedback}"
    assert open_journal().answers("self_check") == {check.id: [wrong[0], check.answer]}
    again = ex.self_check("01_two_roles")
    assert again.options[check.id].value == check.answer
    assert again.feedback_text[check.id].startswith("Right, on the second try.")


def test_self_check_shows_the_answer_only_after_the_second_wrong_try(content: Content) -> None:
    check = content.notebook("04_delegation").self_checks[0]
    right = check.options[check.answer].text
    wrong = [i for i, o in enumerate(check.options) if not o.right]
    panel = ex.self_check("04_delegation")
    panel.options[check.id].value = wrong[0]
    assert right not in panel.feedback_text[check.id]
    panel.options[check.id].value = wrong[1]
    assert f"The answer is \u201c{right}\u201d" in panel.feedback_text[check.id]


def test_the_option_order_is_the_learners_own_and_stays(content: Content) -> None:
    from leadlib.quiz import learner_seed, option_order

    code = open_journal().participant_code
    panel = ex.self_check("02_leadership")
    for check in content.notebook("02_leadership").self_checks:
        shown = [value for _label, value in panel.options[check.id].options]
        assert shown == list(option_order(check, learner_seed(code)))
    assert [o for o in ex.self_check("02_leadership").options["s02_empowerment"].options] == [
        o for o in panel.options["s02_empowerment"].options
    ]


def test_an_older_journals_self_check_answer_is_ignored(content: Content) -> None:
    import sqlite3

    from leadlib.journal import journal_path

    open_journal().record("reflection", "01_two_roles", "x")  # creates the journal
    with sqlite3.connect(journal_path()) as con:  # the one-question form of before
        con.execute(
            "INSERT INTO answers (exercise, item, value, recorded_at, source)"
            " VALUES ('self_check', '01_two_roles', '1', '2025-01-01T00:00:00Z', 'learner')"
        )
    assert open_journal().answers("self_check") == {"01_two_roles": 1}
    panel = ex.self_check("01_two_roles")
    assert all(radio.value is None for radio in panel.options.values())
    assert panel.score_text == "" and panel.message_kind != "problem"


# -- export and reset ------------------------------------------------------------------


def test_export_is_anonymous_unless_the_learner_opts_in(
    content: Content, leadlib_home: Path
) -> None:
    ex.reflection("01_two_roles").text.value = "Mostly management last week."
    panel = ex.export_answers()
    code = open_journal().participant_code
    assert code in panel.code.value
    path = panel.export()
    assert path == leadlib_home / "exports" / f"leadlib-export-{code}.json"
    doc = json.loads(path.read_text())
    assert doc["display_name"] is None and doc["reflections"] is None
    assert "anonymous" in panel.message_text and str(path) in panel.message_text
    assert f'download="{path.name}"' in panel.download.value
    assert base64.b64encode(path.read_bytes()).decode() in panel.download.value
    panel.share_name.value = True
    panel.display_name.value = "Ana"
    panel.share_reflections.value = True
    doc = json.loads(panel.export().read_text())
    assert doc["display_name"] == "Ana"
    assert doc["reflections"] == {"01_two_roles": "Mostly management last week."}


def test_a_refused_export_withdraws_the_earlier_download_and_speaks_in_its_own_place(
    content: Content,
) -> None:
    panel = ex.export_answers()
    panel.export()
    assert "Download the export file" in panel.download.value
    panel.share_name.value = True  # ticked, but no name typed
    assert panel.export() is None
    assert panel.download.value == ""
    assert "Type the name to add" in panel.message.value
    assert panel.reset_message.value == ""
    panel.reset_button.click()  # the reset part answers under its own controls
    panel.cancel_button.click()
    assert "Nothing was cleared." in panel.reset_message.value
    assert panel.message.value == ""
    children = list(panel.children)
    assert children.index(panel.message) < children.index(panel.reset_message)


def test_reset_asks_first_and_cancel_keeps_everything(content: Content) -> None:
    ex.quiz().choices[content.quiz[0].id].value = "both"
    panel = ex.export_answers()
    panel.reset_choice.value = "quiz"
    panel.reset_button.click()
    assert panel.confirm_box.layout.display is None
    assert "This cannot be undone" in panel.confirm_text.value
    panel.cancel_button.click()
    assert panel.message_text == "Nothing was cleared."
    assert open_journal().answers("quiz") != {}
    panel.reset_button.click()
    panel.confirm_button.click()
    assert panel.message_text.startswith("Cleared quiz (notebook 01): 1 saved answer removed.")
    assert open_journal().answers("quiz") == {}


def _back_at_work(content: Content) -> Any:
    """A journal with notebook 08's exercises and one quiz answer."""
    journal = open_journal()
    journal.record("quiz", content.quiz[0].id, "both")
    journal.record("time_audit", "activities", [{"title": "1:1 Priya", "hours": 1.0}])
    journal.record("time_audit", "week", "2026-11-23")
    answers = {s.id: 3 for s in content.statements}
    journal.record("self_assessment_rounds", "1", {"date": "2026-09-01", "answers": answers})
    journal.record("checkins", "supporter", "Margarethe")
    journal.record("checkins", "start", "2026-12-01")
    journal.record("rater_pack", "pack", {"id": "R-7K3Q9XW2MD", "first_name": None})
    rater = {"pack": "R-7K3Q9XW2MD", "date": "2026-12-01", "answers": answers}
    journal.record("rater_answers", "ABCDEFGH23456789", rater)
    release = {
        "pack": "R-7K3Q9XW2MD",
        "raters": ["ABCDEFGH23456789"],
        "date": "2026-12-01",
        "k": 1,
        "traits": {t.id: None for t in content.traits},
    }
    journal.record("others_view", "release-001", release)
    journal.record("my_board", "decisions", [{"what": "Who covers the rota", "today": 2}])
    return journal


def test_the_export_panel_includes_the_time_audit_and_supporter_only_when_ticked(
    content: Content,
) -> None:
    _back_at_work(content)
    panel = ex.export_answers()
    assert "Tick every box" in panel.code.value
    doc = json.loads(panel.export().read_text())
    assert doc["time_audit"] is None and doc["checkins"] == {"start": "2026-12-01"}
    assert "1" in doc["self_assessment_rounds"]
    panel.share_time_audit.value = True
    panel.share_supporter.value = True
    text = panel.export().read_text()
    doc = json.loads(text)
    assert doc["time_audit"]["activities"][0]["title"] == "1:1 Priya"
    assert doc["checkins"]["supporter"] == "Margarethe"
    assert "R-7K3Q9XW2MD" not in text, "the others' view never goes out"
    assert "your time audit, your check-in supporter's name" in panel.message_text


@pytest.mark.parametrize(
    ("choice", "cleared", "said"),
    [
        ("my_board", ["my_board"], None),
        ("others", ["rater_pack", "rater_answers", "others_view"], "no longer match"),
        ("time_audit", ["time_audit"], "calendar file you imported is not kept"),
        ("self_assessment_rounds", ["self_assessment_rounds"], "current self-assessment"),
        ("checkins", ["checkins"], None),
    ],
)
def test_each_notebook_08_exercise_can_be_cleared_on_its_own(
    content: Content, choice: str, cleared: list[str], said: str | None
) -> None:
    journal = _back_at_work(content)
    before = {ex_: journal.answers(ex_) for ex_ in ("quiz", *_NOTEBOOK_08)}
    panel = ex.export_answers()
    assert choice in [value for _label, value in panel.reset_choice.options]
    panel.reset_choice.value = choice
    panel.reset_button.click()
    if said:
        assert said in panel.confirm_text.value
    panel.confirm_button.click()
    removed = sum(len(before[e]) for e in cleared)
    assert removed > 0, "the journal holds something to clear"
    assert f"{removed} saved answer" in panel.message_text
    for exercise, answers in before.items():
        assert open_journal().answers(exercise) == ({} if exercise in cleared else answers)


_NOTEBOOK_08 = (
    "my_board",
    "rater_pack",
    "rater_answers",
    "others_view",
    "time_audit",
    "self_assessment_rounds",
    "checkins",
)


def test_all_my_answers_says_what_it_clears_and_clears_it(content: Content) -> None:
    journal = _back_at_work(content)
    journal.record("delegation_ratings", content.scenarios[0].id, {"competence": "low"})
    panel = ex.export_answers()
    panel.reset_button.click()  # "All my answers" is the first choice
    said = panel.confirm_text.value
    for part in ("time audit", "check-ins", "earlier rounds", "rater pack", "no longer match"):
        assert part in said, part
    assert "participant code stays the same" in said
    code = journal.participant_code
    panel.confirm_button.click()
    # quiz 1, time audit 2, round 1, check-ins 2, pack 1, rater 1, release 1, board 1,
    # factor ratings 1
    assert panel.message_text.startswith("Cleared all my answers: 11 saved answers removed.")
    assert open_journal().history() == [] and open_journal().participant_code == code


# -- journal problems shown in plain words ---------------------------------------------


class BrokenJournal:
    """A journal whose writes fail the way a real one can."""

    def __init__(self, error: BaseException) -> None:
        self.error = error
        self.participant_code = "P-TEST22"

    def record(self, exercise: str, item: str, value: Any) -> None:
        raise self.error

    def answers(self, exercise: str) -> dict[str, Any]:
        return {}

    def clear(self, exercise: str | None = None) -> int:
        raise self.error

    def export(self, path: Any, **kwargs: Any) -> Path:
        raise self.error


def test_a_full_disk_is_explained_without_a_traceback(content: Content) -> None:
    quiz = ex.quiz(journal=BrokenJournal(OSError(errno.ENOSPC, "No space left on device")))
    quiz.choices[content.quiz[0].id].value = "both"
    assert quiz.message_kind == "problem"
    assert quiz.message_text.startswith("The disk is full, so leadlib could not finish saving")
    assert "Traceback" not in quiz.message.value


def test_a_locked_journal_message_reaches_the_message_area(content: Content) -> None:
    locked = JournalError("The journal is busy in another kernel; try again in a moment.")
    game = ex.delegation(journal=BrokenJournal(locked))
    with game.restoring():  # the ratings could not be saved either: set them as saved
        rate_as_the_course(game)
    game.ratings[game.scenario.id] = {
        f: getattr(game.scenario, f) for f in ("competence", "commitment", "risk", "urgency")
    }
    game.go(0)
    game.levels.value = 3
    assert game.message_text == (
        "There was a problem while saving your answer: The journal is busy in another "
        "kernel; try again in a moment."
    )
    panel = ex.export_answers(journal=BrokenJournal(locked))
    assert panel.export() is None
    assert "writing your export" in panel.message_text


def test_a_damaged_journal_is_moved_aside_and_the_learner_is_told(
    leadlib_home: Path,
) -> None:
    (leadlib_home / "journal.sqlite3").write_bytes(b"this is not a database at all" * 100)
    quiz = ex.quiz()
    assert quiz.message_kind == "problem"
    assert "could not be read" in quiz.message_text
    assert "fresh, empty journal" in quiz.message_text
    assert any(".damaged-" in p.name for p in leadlib_home.iterdir())


def test_worksheet_of_each_exercise_is_static_html() -> None:
    for exercise in (ex.quiz(), ex.delegation(), ex.balance(), ex.plan(), ex.vision()):
        html = exercise.worksheet_html()
        assert html.startswith('<section class="leadlib-worksheet')
        assert "<script" not in html


def test_an_overlong_reflection_is_refused_and_the_saved_one_kept() -> None:
    note = ex.reflection("04_delegation")
    note.text.value = "Hand the rota to Sam."
    note.text.value = "x" * 6000
    # said while typing, in the learner's words (no internal id), with the counter
    assert note.field.status_text == (
        "Not saved: your reflection is 1,000 characters over the limit of 5,000. "
        "Your last saved version is kept."
    )
    assert "04_delegation" not in note.field.status_text
    assert "6,000 of 5,000 characters: 1,000 too many" in note.field.counter.value
    assert note.keep() is False
    assert open_journal().answers("reflection") == {"04_delegation": "Hand the rota to Sam."}
