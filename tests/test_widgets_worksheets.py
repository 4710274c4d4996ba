"""The printable worksheets: static HTML with no script, answer keys on their own clearly
marked part, and the charts' pixels on screen the same as in print."""

from __future__ import annotations

import io
import re

import pytest

from leadlib import widgets as ex
from leadlib.delegation import TaskContext, recommend
from leadlib.models import Content, Family
from leadlib.widgets import worksheets as ws

KEY_MARK = '<section class="leadlib-answer-key"'


def all_worksheets(content: Content) -> dict[str, str]:
    return {
        "quiz": ws.quiz(content),
        "self_assessment": ws.self_assessment(content, None),
        "profile": ws.profile(content),
        "delegation": ws.delegation(content),
        "delegation_board": ws.delegation_board(content),
        "balance": ws.balance(content),
        "plan": ws.plan(content),
        "vision": ws.vision(content),
        "reflection": ws.reflection(content, "05_finding_the_balance"),
        "self_check": ws.self_check(content, "05_finding_the_balance"),
        "export": ws.export_answers(content),
    }


def test_no_worksheet_carries_script_or_a_form_control(content: Content) -> None:
    for name, html in all_worksheets(content).items():
        assert "<script" not in html, name
        assert not re.search(r"<(input|button|select|textarea)\b", html), name
        assert "leadlib-worksheet" in html, name


def test_quiz_answers_only_appear_after_the_cut_line(content: Content) -> None:
    html = ws.quiz(content)
    sheet, key = html.split(KEY_MARK)
    assert "Answer key: classify the behaviour" in key
    assert "cut or fold the page here" in key
    for item in content.quiz:
        assert item.reason not in sheet
        assert item.reason.replace("'", "&#x27;") in key or item.reason in key
    assert "break-before:page" in ws.CSS


def test_self_assessment_form_has_the_scoring_key_and_marks_reversed_items(
    content: Content,
) -> None:
    html = ws.self_assessment(content, Family.MANAGEMENT)
    statements = content.statements_in(Family.MANAGEMENT)
    assert html.count('<span class="circle">') == len(content.scale.labels) * len(statements)
    reversed_count = sum(s.reverse for s in statements)
    assert html.count("(reversed)") == reversed_count
    assert "score it as 6 minus your answer" in html
    assert "for reflection, not a validated measurement" in html


def test_delegation_key_gives_the_band_the_rules_give(content: Content) -> None:
    html = ws.delegation(content)
    sheet, key = html.split(KEY_MARK)
    assert sheet.count('<span class="circle">') == 7 * len(content.scenarios)
    for scenario in content.scenarios:
        low, high = recommend(TaskContext.of(scenario)).band
        band = f"{low}" if low == high else f"{low}-{high}"
        assert f"<td>{band} (" in key


def test_the_delegation_sheet_asks_for_the_ratings_and_keeps_the_answers_for_the_key(
    content: Content,
) -> None:
    """Judge first: beside the story only boxes to tick; the course's ratings, the band
    and the reasons are in the answer key."""
    sheet, key = ws.delegation(content).split(KEY_MARK)
    n = len(content.scenarios)
    assert sheet.count("Competence for this task:") == n
    assert sheet.count("Urgency:") == n
    assert sheet.count("\u2610") == 4 * 3 * n  # low, medium, high for four factors
    assert "The course reads it as" not in sheet and "Fitting levels" not in sheet
    assert not re.search(r"Competence (low|medium|high)|levels \d-\d", sheet)
    assert key.count("The course reads it as: competence ") == n
    assert not re.search(r"\bD[1-4]\b", sheet + key)


def test_a_blank_delegation_board_gives_nothing_away(content: Content) -> None:
    assert "background:#d5efe6" not in ws.delegation_board(content)
    first = content.scenarios[0]
    filled = ws.delegation_board(content, {first.id: 1})
    assert "background:#d5efe6" in filled
    assert "\u25cf" in filled


def test_the_board_shades_the_fitting_levels_of_answered_decisions_only(
    content: Content,
) -> None:
    first = content.scenarios[0]
    filled = ws.delegation_board(content, {first.id: 1})
    rows = re.findall(r'<tr><th scope="row">.*?</tr>', filled)
    assert len(rows) == len(content.scenarios)
    low, high = recommend(TaskContext.of(first)).band
    assert rows[0].count("background:#d5efe6") == high - low + 1
    assert all("background:#d5efe6" not in row for row in rows[1:])


def test_balance_sheet_has_a_bar_per_situation_and_the_bands_in_the_key(
    content: Content,
) -> None:
    sheet, key = ws.balance(content).split(KEY_MARK)
    assert sheet.count('class="bar"') == len(content.situations) + 1
    for situation in content.situations:
        low, high = situation.leadership_band
        assert f"{low}-{high}% leadership" in key
        assert f"{low}-{high}%" not in sheet


def test_plan_template_offers_every_trait_and_marks_the_suggestions(content: Content) -> None:
    html = ws.plan(content, ["risk_taking"])
    for trait in content.traits:
        assert trait.name in html
    assert html.count("(suggested)") == 1


def test_handout_mode_shows_the_worksheet_not_a_widget(
    monkeypatch: pytest.MonkeyPatch, content: Content
) -> None:
    monkeypatch.setenv("LEADLIB_MODE", "handout")
    sheet = ex.delegation()
    assert sheet._repr_html_() == ws.delegation(content)
    assert repr(sheet) == "Worksheet: delegation levels (printable form of the exercise)"
    with pytest.raises(Exception, match="Unknown notebook"):
        ex.reflection("99_nowhere")


def test_chart_on_screen_has_the_same_pixels_as_the_printed_chart(content: Content) -> None:
    from PIL import Image

    from leadlib import plots
    from leadlib.widgets._base import chart_png

    chart = plots.balance_band(content, content.situations[0], 35)
    fast = Image.open(io.BytesIO(chart_png(chart))).convert("RGB")
    sure = Image.open(io.BytesIO(chart.png())).convert("RGB")
    assert fast.size == sure.size
    assert fast.tobytes() == sure.tobytes()


def test_going_back_to_an_earlier_split_reuses_its_chart() -> None:
    bal = ex.balance()
    bal.share.value = 30
    first = bal.chart.png
    bal.share.value = 60
    draws = bal.chart.draws
    bal.share.value = 30
    assert bal.chart.draws == draws
    assert bal.chart.png == first
    assert "30" in bal.chart.alt
