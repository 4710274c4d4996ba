"""The vision rubric (leadlib.vision and vision.toml): criteria and examples as course
data, loaded and validated; the learner's ratings checked; and no automatic verdict on
a statement's text, so that an empty sentence earns nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import leadlib
from leadlib.content import DATA_DIR
from leadlib.errors import AnswerError, ContentError
from leadlib.models import Content
from leadlib.vision import (
    RATINGS,
    check_ratings,
    draft_note,
    rating_summary,
    to_work_on,
    word_count,
)

#: The course's own weak example (notebook 06 calls such a sentence empty): it mentions a
#: year, a team, its members and pride, every word an old keyword checker ticked.
EMPTY_VISION = (
    "We will be the best team in the company, and every member will be proud of it next year"
)
USEFUL_VISION = (
    "By next summer, every new customer can use our service on day one without calling us."
)


def test_the_rubric_has_criteria_and_good_and_weak_examples(content: Content) -> None:
    rubric = content.vision
    assert {c.id for c in rubric.criteria} >= {"whom", "change", "when", "own_words"}
    assert all(c.label and c.question for c in rubric.criteria)
    kinds = {x.kind for x in rubric.examples}
    assert kinds == {"good", "weak"}
    weak = [x.text.rstrip(".") for x in rubric.examples if not x.good]
    assert EMPTY_VISION in weak, "the course's own empty sentence is shown as weak"
    assert all(x.comment for x in rubric.examples)


def test_the_text_of_a_draft_earns_no_verdict(content: Content) -> None:
    """Nothing derived from the text judges it: the empty sentence and a useful one get
    the same kind of note (a word count), and the summary waits for the learner."""
    for text in (EMPTY_VISION, USEFUL_VISION):
        assert draft_note(text) == f"Your draft has {word_count(text)} words."
    assert rating_summary(content, {}).startswith("Rate your draft on every criterion")


def test_the_weak_example_gets_no_positive_verdict_in_the_exercise(leadlib_home: Path) -> None:
    from leadlib import widgets as ex

    vision = ex.vision()
    vision.text.value = EMPTY_VISION
    vision.check_button.click()
    shown = vision.note.value + vision.summary.value
    assert "\u2714" not in shown
    assert f"Your draft has {word_count(EMPTY_VISION)} words." in shown
    for word in ("good", "well done", "useful", "has a time horizon", "names who"):
        assert word not in shown.lower(), word
    assert vision.given_ratings() == {}


def test_the_summary_repeats_the_learners_own_ratings(content: Content) -> None:
    ids = [c.id for c in content.vision.criteria]
    ratings = dict.fromkeys(ids, "yes")
    ratings[ids[0]] = "partly"
    ratings[ids[2]] = "not_yet"
    assert [c.id for c in to_work_on(content, ratings)] == [ids[2], ids[0]]
    labels = content.vision.criteria
    assert rating_summary(content, ratings) == (
        f"In your rewrite, work first on: {labels[2].label}; {labels[0].label}."
    )
    all_yes = rating_summary(content, dict.fromkeys(ids, "yes"))
    assert all_yes.startswith("You rated your draft 'yes' on every criterion. Test that")
    partial = dict(list(ratings.items())[:2])
    assert rating_summary(content, partial) == (
        f"Rate your draft on every criterion, then rewrite it ({len(ids) - 2} of {len(ids)} "
        "still to rate)."
    )


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("yes", "expected criterion -> rating pairs"),
        ({"nope": "yes"}, "unknown criterion 'nope'"),
        ({"whom": "great"}, "'whom' is rated 'great'; use one of yes, partly, not_yet"),
    ],
)
def test_bad_ratings_are_refused(content: Content, value: object, problem: str) -> None:
    with pytest.raises(AnswerError, match=problem):
        check_ratings(content, value)


def test_good_ratings_pass(content: Content) -> None:
    ratings = {c.id: RATINGS[i % 3] for i, c in enumerate(content.vision.criteria)}
    assert check_ratings(content, ratings) == ratings


# -- the rubric is data ------------------------------------------------------------------


def _copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DATA_DIR, tmp_path / "data"))


def _edit(data: Path, old: str, new: str) -> None:
    path = data / "vision.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_facilitator_can_change_a_criterion(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    _edit(data, 'label = "By when"', 'label = "A date"')
    edited = leadlib.load_content(data)
    assert edited.vision.criterion("when") is not None
    assert edited.vision.criterion("when").label == "A date"  # type: ignore[union-attr]


def test_an_example_of_unknown_kind_is_refused(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    _edit(data, 'id = "excellence"\nkind = "weak"', 'id = "excellence"\nkind = "bad"')
    with pytest.raises(ContentError) as caught:
        leadlib.load_content(data)
    assert str(caught.value) == (
        "vision.toml, example 'excellence': field 'kind' is 'bad', expected one of: good, weak"
    )


def test_the_rubric_needs_a_good_and_a_weak_example(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    _edit(data, 'id = "day_one"\nkind = "good"', 'id = "day_one"\nkind = "weak"')
    _edit(data, 'id = "lab_results"\nkind = "good"', 'id = "lab_results"\nkind = "weak"')
    with pytest.raises(ContentError) as caught:
        leadlib.load_content(data)
    assert str(caught.value).startswith(
        'vision.toml, [[example]]: needs at least one good example (kind = "good")'
    )


def test_the_retired_keyword_checks_are_refused_by_name(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    path = data / "vision.toml"
    path.write_text(
        path.read_text(encoding="utf-8") + '\n[[check]]\nid = "horizon"\nwords = ["year"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        leadlib.load_content(data)
    assert "unknown table or field(s) check" in str(caught.value)


def test_the_worksheet_has_the_examples_and_a_rating_table(content: Content) -> None:
    from leadlib.widgets import worksheets

    sheet = worksheets.vision(content)
    for example in content.vision.examples:
        assert example.text in sheet
    for criterion in content.vision.criteria:
        assert criterion.question in sheet
    assert sheet.count("\u2610") == len(content.vision.criteria) * len(RATINGS)
    assert '<section class="leadlib-answer-key"' not in sheet, "the learner judges: no key"
