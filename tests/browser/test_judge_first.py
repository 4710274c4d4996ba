"""Judge first, then choose, in JupyterLab: after Run All on notebook 04 the first card
shows the story only (no competence, commitment, risk or urgency, no band), the board
shows no band for an unanswered scenario; once the learner has rated the four factors
and picked a level, the band, the reasons and the course's ratings appear.

Must not import leadlib.widgets or ipywidgets: only the kernels in the server do.
"""

from __future__ import annotations

import re
from typing import Any

from leadlib import Content
from leadlib.delegation import TaskContext, assess
from leadlib.judging import compare_ratings, course_reading

from .lab import LabPage, LabServer

NOTEBOOK = "04_delegation.ipynb"
#: What a card must not print before its scenario is answered.
FACT_WORDS = ("Competence", "Commitment", "Risk", "Urgency", "fit", "Levels")
OTHER = {"low": "high", "medium": "low", "high": "low"}


def rate_factors(exercise: Any, ratings: tuple[str, str, str, str]) -> None:
    """Click low, medium or high for competence, commitment, risk and urgency, each
    click seen pressed before the next; then the levels open. The buttons of a group
    are radios (leadlib/static/answer-groups.js)."""
    from playwright.sync_api import expect

    groups = exercise.locator(".widget-toggle-buttons")
    expect(groups).to_have_count(4)
    for number, word in enumerate(ratings):
        button = groups.nth(number).get_by_role("radio", name=word, exact=True)
        button.click()
        expect(button).to_have_class(re.compile(r"\bmod-active\b"))
    expect(exercise.locator(".widget-radio").get_by_role("radio").first).to_be_enabled()


def _band_text(band: tuple[int, int]) -> str:
    low, high = band
    return f"{low}" if low == high else f"{low}-{high}"


def test_a_card_shows_the_story_first_and_the_answer_only_after_the_choice(
    lab: LabPage, lab_server: LabServer, content: Content
) -> None:
    from playwright.sync_api import expect

    lab_server.fresh_journal()
    lab.open(NOTEBOOK)
    lab.run_all()
    assert lab.errors() == [], "\n".join(lab.errors())
    assert lab.widgets_drawn() == [], lab.report()
    first = content.scenarios[0]
    course = TaskContext.of(first)
    band = _band_text(first.recommended_band)

    exercise = lab.exercise_output("delegation")
    card = exercise.locator(".leadlib-delegation-card")
    expect(card).to_contain_text(first.title)
    expect(card).to_contain_text(first.decision)
    shown = card.inner_text()
    for word in FACT_WORDS:
        assert word not in shown, f"the card gives {word!r} away: {shown!r}"
    verdict = exercise.locator(".leadlib-delegation-verdict")
    assert band not in verdict.inner_text()
    assert "reads it as" not in exercise.inner_text()
    levels = {lv.number: f"{lv.number} {lv.name}: {lv.description}" for lv in content.levels}
    expect(exercise.get_by_role("radio", name=levels[1], exact=True)).to_be_disabled()

    # the exercise's own board (notebook 04 shows the board once, at the exercise's end)
    exercise.get_by_role("button", name="Show my board").click()
    board = exercise.get_by_role("table", name="Your delegation board")
    rows = board.locator("tbody tr")
    expect(rows).to_have_count(len(content.scenarios))
    fits = [rows.nth(i).locator("td").nth(1).inner_text() for i in range(rows.count())]
    assert fits == ["shown once answered"] * len(content.scenarios)
    assert exercise.locator("img").count() == 0, "no chart (and no band on it) before an answer"

    # judge: competence read differently from the course, the other three as it does
    ratings = (
        OTHER[course.competence.value],
        course.commitment.value,
        course.risk.value,
        course.urgency.value,
    )
    rate_factors(exercise, ratings)
    choice = exercise.get_by_role("radio", name=levels[4], exact=True)
    expect(choice).to_be_enabled()
    choice.check()

    judged = assess(content, course, 4)
    expect(verdict).to_contain_text(f"{judged.fit.label}. {judged.explanation}")
    expect(verdict).to_contain_text(f"levels {band}" if "-" in band else f"level {band}")
    expect(verdict).to_contain_text(course_reading(course))
    learner = TaskContext.parse(*ratings)
    (difference,) = compare_ratings(course, learner).differences
    expect(verdict).to_contain_text(difference)

    # the board, shown already, follows the choice: the band of the answered scenario only
    expect(rows.first.locator("td").nth(1)).to_have_text(band)
    fits = [rows.nth(i).locator("td").nth(1).inner_text() for i in range(1, rows.count())]
    assert fits == ["shown once answered"] * (len(content.scenarios) - 1)
    assert lab.errors() == []
