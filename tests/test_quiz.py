"""The classify-the-behaviour quiz: feedback on each answer and the overall score."""

from __future__ import annotations

from collections import Counter
from html import escape

import pytest

from leadlib.errors import AnswerError
from leadlib.models import Content, SelfCheck
from leadlib.quiz import (
    RETRY,
    REVEALED,
    RIGHT,
    add_attempt,
    attempts,
    check,
    check_quiz_answer,
    grade,
    grade_checks,
    learner_seed,
    option_order,
    printed_order,
    printed_orders,
    respond,
    respond_check,
)


def test_the_quiz_uses_all_three_answers(content: Content) -> None:
    answers = [item.answer for item in content.quiz]
    assert len(answers) >= 8
    assert set(answers) == {"leadership", "management", "both"}
    for item in content.quiz:
        assert item.text and item.reason, item.id


def test_a_right_answer_is_confirmed_with_the_reason(content: Content) -> None:
    feedback = check(content, "q_budget", "management")
    assert feedback.correct
    assert feedback.message == (
        "Right. Targets, timetables and resources are planning and budgeting: management "
        "work that creates order."
    )


def test_a_wrong_answer_gets_the_right_one_and_the_reason(content: Content) -> None:
    feedback = check(content, "q_destination", "management")
    assert not feedback.correct
    assert feedback.given == "management"
    assert feedback.message.startswith("Not quite: this one is leadership. Describing")


def test_grading_counts_right_answers_out_of_those_given(content: Content) -> None:
    right = {item.id: item.answer for item in content.quiz}
    result = grade(content, right)
    assert (result.correct, result.answered, result.total) == (
        len(content.quiz),
        len(content.quiz),
        len(content.quiz),
    )
    assert result.complete

    first, second = content.quiz[0], content.quiz[1]
    wrong = "both" if first.answer != "both" else "leadership"
    partial = grade(content, {first.id: wrong, second.id: second.answer})
    assert (partial.correct, partial.answered, partial.total) == (1, 2, len(content.quiz))
    assert not partial.complete


def test_no_answers_grade_as_nothing_answered(content: Content) -> None:
    result = grade(content, {})
    assert (result.correct, result.answered) == (0, 0)
    assert not result.complete


@pytest.mark.parametrize("item_id", ["q_nope", "", 3, ["q_budget"]])
def test_an_unknown_item_is_refused(content: Content, item_id: object) -> None:
    with pytest.raises(AnswerError) as caught:
        check(content, item_id, "both")
    assert str(caught.value) == (
        f"Unknown quiz item {item_id!r}: it is not one of the {len(content.quiz)} quiz items "
        "in quiz.toml."
    )


@pytest.mark.parametrize(
    ("given", "found"),
    [
        ("Management", "Management"),
        ("manager", "manager"),
        ("", ""),
        (None, None),
        (1, 1),
        (["nope", "both"], "nope"),  # a list of tries: its first try is graded
    ],
)
def test_an_answer_other_than_the_three_choices_is_refused(
    content: Content, given: object, found: object
) -> None:
    with pytest.raises(AnswerError) as caught:
        grade(content, {"q_rota": given})
    assert str(caught.value) == (
        "Quiz item 'q_rota': the answer must be one of leadership, management, both, "
        f"found {found!r}."
    )


# -- tries: one retry before the answer shows, first tries scored ------------------------


def test_the_score_counts_first_tries_only(content: Content) -> None:
    item = content.quiz[0]
    wrong = next(a for a in ("leadership", "management", "both") if a != item.answer)
    assert grade(content, {item.id: [wrong, item.answer]}).correct == 0
    assert grade(content, {item.id: [item.answer]}).correct == 1
    assert grade(content, {item.id: item.answer}).correct == 1  # an older journal's answer


def test_a_wrong_first_try_gets_a_hint_not_the_answer(content: Content) -> None:
    item = content.quiz[0]  # leadership
    first = respond(content, item.id, ["management"])
    assert first.kind == RETRY and not first.correct
    assert first.message.startswith("Not quite. Management is plans, roles")
    assert first.message.endswith("Try once more.")
    assert item.reason not in first.message and "this one is" not in first.message
    second = respond(content, item.id, ["management", "both"])
    assert second.kind == REVEALED
    assert second.message == f"Not quite: this one is leadership. {item.reason}"
    late = respond(content, item.id, ["management", "leadership"])
    assert late.kind == RIGHT and late.message.startswith("Right, on the second try.")


def test_tries_end_at_the_right_answer_or_the_second_try() -> None:
    assert add_attempt((), "a", "b") == ("a",)
    assert add_attempt(("a",), "b", "b") == ("a", "b")
    assert add_attempt(("b",), "a", "b") is None  # right: settled
    assert add_attempt(("a", "c"), "b", "b") is None  # two tries used
    assert add_attempt(("a",), "a", "b") is None  # the same choice again
    assert attempts("both") == ("both",) and attempts(["a", "b"]) == ("a", "b")
    assert attempts(None) == ()


@pytest.mark.parametrize(
    ("tries", "problem"),
    [
        ([], "expected 1 to 2 tries, found 0"),
        (["both", "management", "leadership"], "expected 1 to 2 tries, found 3"),
        (["both", "both"], "the same answer is given twice"),
        (["management", "both"], "a try after the right answer"),
    ],
)
def test_impossible_tries_are_refused(content: Content, tries: list[str], problem: str) -> None:
    with pytest.raises(AnswerError, match=problem):
        check_quiz_answer(content, "q_rota", tries)  # q_rota is management


# -- self-checks -------------------------------------------------------------------------


def test_every_notebook_has_three_to_five_questions_with_real_wrong_options(
    content: Content,
) -> None:
    ids = []
    for notebook in content.notebooks:
        assert 3 <= len(notebook.self_checks) <= 5, notebook.id
        for question in notebook.self_checks:
            ids.append(question.id)
            assert sum(o.right for o in question.options) == 1, question.id
            wrong = [o for o in question.options if not o.right]
            assert len(wrong) >= 2, question.id
            feedback = [o.feedback for o in question.options]
            assert len(set(feedback)) == len(feedback), f"{question.id}: feedback is repeated"
            assert all(len(o.feedback.split()) >= 8 for o in wrong), question.id
    assert len(ids) == len(set(ids))
    texts = " ".join(o.text for n in content.notebooks for c in n.self_checks for o in c.options)
    assert "Working longer hours" not in texts


def _answer_places_are_even(orders: list[tuple[int, ...]], checks: list[SelfCheck]) -> bool:
    """Over all questions, does the right answer stand in each place (first, second, ...)
    about equally often: no place more than once more often than another it could take?"""
    places = Counter(order.index(c.answer) for order, c in zip(orders, checks, strict=True))
    widest = max(len(c.options) for c in checks)
    counts = [places[p] for p in range(widest)]
    return max(counts) - min(counts) <= 1


def test_the_printed_order_puts_the_right_answer_in_each_place_equally_often(
    content: Content,
) -> None:
    checks = [c for n in content.notebooks for c in n.self_checks]
    assert {len(c.options) for c in checks} == {3}  # what "each place" counts below
    printed = [printed_order(content, c) for c in checks]
    assert all(sorted(order) == [0, 1, 2] for order in printed)
    assert _answer_places_are_even(printed, checks)
    # The test tells a leaning order: the course's data order (answer always first),
    # and the per-learner mix with the empty seed, which leans to the middle.
    assert not _answer_places_are_even([tuple(range(3))] * len(checks), checks)
    assert not _answer_places_are_even([option_order(c) for c in checks], checks)
    # Deterministic and stable, with no visible cycle and the wrong options mixed too.
    assert printed == [printed_order(content, c) for c in checks]
    assert printed_orders(content) == {c.id: o for c, o in zip(checks, printed, strict=True)}
    places = [o.index(c.answer) for o, c in zip(printed, checks, strict=True)]
    assert places != [i % 3 for i in range(len(places))]
    assert len({o[:1] + o[2:] for o in printed}) > 1


def test_the_printed_worksheet_shows_the_printed_order(content: Content) -> None:
    from leadlib.widgets.check_sheets import self_check

    notebook = next(n for n in content.notebooks if n.self_checks)
    html = self_check(content, notebook.id)
    for question in notebook.self_checks:
        texts = [question.options[i].text for i in printed_order(content, question)]
        spots = [html.index(escape(t)) for t in texts]
        assert spots == sorted(spots), question.id


def test_each_learner_has_an_order_of_their_own_that_stays(content: Content) -> None:
    checks = [c for n in content.notebooks for c in n.self_checks]
    seed_a, seed_b = learner_seed("P-AAAAAA"), learner_seed("P-BBBBBB")
    assert seed_a == learner_seed("P-AAAAAA") and "P-AAAAAA" not in seed_a
    orders_a = [option_order(c, seed_a) for c in checks]
    assert orders_a == [option_order(c, seed_a) for c in checks]
    assert orders_a != [option_order(c, seed_b) for c in checks]
    assert sorted(orders_a[0]) == list(range(len(checks[0].options)))


def test_self_check_feedback_is_the_chosen_options_own(content: Content) -> None:
    check = content.notebooks[1].self_checks[0]
    wrong = [i for i, o in enumerate(check.options) if not o.right]
    first = respond_check(check, [wrong[0]])
    assert first.kind == RETRY
    assert check.options[wrong[0]].feedback in first.message
    assert check.options[check.answer].text not in first.message
    second = respond_check(check, [wrong[0], wrong[1]])
    assert second.kind == REVEALED
    assert check.options[wrong[1]].feedback in second.message
    assert f"The answer is \u201c{check.options[check.answer].text}\u201d" in second.message
    scored = grade_checks(content.notebooks[1].self_checks, {check.id: [wrong[0], check.answer]})
    assert (scored.correct, scored.answered) == (0, 1)
    old = grade_checks(content.notebooks[1].self_checks, {"01_two_roles": 1})
    assert old.answered == 0, "an older journal's answer belongs to a retired question"
