"""The classify-the-behaviour quiz: feedback on each answer and the overall score."""

from __future__ import annotations

import pytest

from leadlib.errors import AnswerError
from leadlib.models import Content
from leadlib.quiz import check, grade


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


@pytest.mark.parametrize("given", ["Management", "manager", "", None, 1, ["both"]])
def test_an_answer_other_than_the_three_choices_is_refused(content: Content, given: object) -> None:
    with pytest.raises(AnswerError) as caught:
        grade(content, {"q_rota": given})  # type: ignore[dict-item]
    assert str(caught.value) == (
        "Quiz item 'q_rota': the answer must be one of leadership, management, both, "
        f"found {given!r}."
    )
