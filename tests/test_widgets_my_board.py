"""The learner's own delegation board, driven as a learner would: type, choose levels,
rate, read the suggestion and what is still missing, come back, remove, add, print."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from leadlib import widgets as ex
from leadlib.delegation import Fit, TaskContext, assess
from leadlib.journal import open_journal
from leadlib.journal.answers import BOARD_ITEM, MY_BOARD
from leadlib.models import Content, Level3
from leadlib.widgets.my_board_exercise import DecisionPanel, MyBoardExercise

TODAY = dt.date(2026, 12, 2)
RATED = {"competence": "high", "commitment": "medium", "risk": "low", "urgency": "high"}


class _Ticking:
    """A clock one second further on at each reading: every click is deliberate."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


def board() -> MyBoardExercise:
    return ex.my_board(today=lambda: TODAY, clock=_Ticking())


def fill(panel: DecisionPanel, what: str, review: dt.date = dt.date(2027, 3, 31)) -> None:
    panel.what.area.value = what
    panel.with_whom.area.value = "Ana"
    panel.today.value = 2
    panel.wanted.value = 6
    for factor, rating in RATED.items():
        panel.ratings[factor].value = rating
    panel.limits.area.value = "Within the team budget"
    panel.check_in.area.value = "Friday meeting"
    panel.review.value = review


def saved() -> list[dict[str, object]]:
    return open_journal().answers(MY_BOARD).get(BOARD_ITEM, [])


def test_it_opens_with_three_empty_decisions_and_says_what_is_missing() -> None:
    exercise = board()
    assert len(exercise.panels) == 3 and saved() == []
    assert exercise.problems_list == [
        "Your board has 0 decisions; list at least 3 that recur in your week."
    ]
    assert "stays in your journal on this computer" in exercise.children[0].value
    # an unchosen level reads "(not chosen)", not an empty box
    first = exercise.panels[0]
    assert (first.today.label, first.wanted.label) == ("(not chosen)", "(not chosen)")
    assert first.decision().today is None


def test_typing_saves_and_the_rules_suggestion_follows_the_ratings(content: Content) -> None:
    exercise = board()
    panel = exercise.panels[0]
    panel.what.area.value = "Approve small purchases"
    assert saved() == [
        {
            "what": "Approve small purchases",
            "with_whom": "",
            "today": None,
            "wanted": None,
            "ratings": {},
            "limits": "",
            "check_in": "",
            "review": None,
        }
    ]
    assert "Rate the four factors" in panel.suggestion_text
    fill(panel, "Approve small purchases")
    context = TaskContext(**{k: Level3(v) for k, v in RATED.items()})
    assert assess(content, context, 6).fit is Fit.GOOD_FIT
    assert panel.suggestion_text.startswith(
        "The rules suggest levels 5-7 (Advise to Delegate). Inquire is one of the "
        "suggested levels. Agree it openly with the person. Why: Competence high"
    )
    assert panel.suggestion_text.count("(Advise to Delegate)") == 1
    assert "From Sell to Inquire: you let go 4 levels." in panel.suggestion_text
    # on screen, the learner's own move stands apart from the rules' reading, named
    shown = panel.suggestion.value
    assert shown.index("The rules suggest") < shown.index("</p><p")
    assert shown.index("</p><p") < shown.index("Your move:") < shown.index("From Sell to Inquire")
    assert saved()[0]["ratings"] == RATED and saved()[0]["review"] == "2027-03-31"
    assert exercise.problems_list == [
        "Your board has 1 decision; list at least 3 that recur in your week."
    ]


def test_answers_come_back_on_reopening(content: Content) -> None:
    first = board()
    for n, panel in enumerate(first.panels, start=1):
        fill(panel, f"Decision {n} of mine")
    again = board()
    assert [p.decision() for p in again.panels] == [p.decision() for p in first.panels]
    assert again.panels[1].what.saved_text == "Decision 2 of mine"
    assert again.problems_list == [] and "Your board is ready" in again.problems.value
    assert saved() == [p.decision().to_json() for p in first.panels], "reopening saves nothing new"


def test_a_past_review_date_is_named_with_the_decision_number() -> None:
    exercise = board()
    fill(exercise.panels[1], "Rota", review=dt.date(2026, 11, 1))
    assert (
        "Decision 2: the review date 2026-11-01 is in the past; choose a date from today on."
        in exercise.problems_list
    )


def test_add_up_to_seven_then_remove(monkeypatch: pytest.MonkeyPatch) -> None:
    exercise = board()
    for _ in range(4):
        exercise.add_button.click()
    assert len(exercise.panels) == 7 and exercise.add_button.disabled
    exercise.add()
    assert len(exercise.panels) == 7
    assert "holds 7 decisions, the most it keeps" in exercise.message_text
    fill(exercise.panels[5], "Keep me")
    fill(exercise.panels[6], "Remove me")
    exercise.panels[6].remove_button.click()
    assert [d["what"] for d in saved()] == ["Keep me"]
    assert len(exercise.panels) == 6 and not exercise.add_button.disabled


def test_a_double_click_on_add_adds_one_decision(monkeypatch: pytest.MonkeyPatch) -> None:
    moments = iter([10.0, 10.0, 10.1, 11.0, 11.0, 11.0])
    exercise = ex.my_board(today=lambda: TODAY, clock=lambda: next(moments))
    exercise.add_button.click()
    exercise.add_button.click()  # 0.1 s after the first ended: half of a double click
    assert len(exercise.panels) == 4
    exercise.add_button.click()
    assert len(exercise.panels) == 5


def test_printing_waits_for_a_ready_board_then_writes_the_poster(
    leadlib_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADLIB_CHROMIUM", str(leadlib_home / "no-browser"))
    exercise = board()
    fill(exercise.panels[0], "Only one")
    exercise.print_button.click()
    assert exercise.message_kind == "problem"
    assert exercise.message_text.startswith("Not printed yet: finish your board first")
    assert not (leadlib_home / "exports" / "delegation-board.html").exists()
    for n, panel in enumerate(exercise.panels[1:], start=2):
        fill(panel, f"Decision {n}")
    exercise.print_button.click()
    page = leadlib_home / "exports" / "delegation-board.html"
    assert exercise.message_kind == "ok", exercise.message_text
    assert f"Your board was written to {page}." in exercise.message_text
    assert "No PDF this time: PDFs need Chromium" in exercise.message_text
    assert "Only one" in page.read_text(encoding="utf-8")
    assert "Download the board as a web page" in exercise.output.value


def test_the_static_form_and_the_handout_worksheet(monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = board()._repr_mimebundle_()
    assert "leadlib-static-form" in bundle["text/html"]
    assert "My delegation board" in bundle["text/html"]
    assert bundle["text/plain"].startswith("Exercise: my delegation board.")
    monkeypatch.setenv("LEADLIB_MODE", "handout")
    sheet = ex.my_board()
    html = sheet._repr_html_()
    assert "Level you want" in html and "Review date" in html
    assert html.count("<h4>Decision ") == 3


def test_the_export_panel_includes_the_board_only_when_ticked(leadlib_home: Path) -> None:
    exercise = board()
    fill(exercise.panels[0], "Approve small purchases")
    panel = ex.export_answers()
    assert json.loads(panel.export().read_text())["my_board"] is None
    assert "(anonymous)" in panel.message_text
    panel.share_board.value = True
    doc = json.loads(panel.export().read_text())
    assert [d["what"] for d in doc["my_board"]["decisions"]] == ["Approve small purchases"]
    assert "(anonymous, and your delegation board)" in panel.message_text
    assert (
        "your delegation board, your time audit and your check-in supporter's name only if you tick"
        in panel.code.value
    )
