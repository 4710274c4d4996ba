"""My results (leadlib.results, leadlib.results_print, ``ex.my_results()``,
``leadlib my-results``): the page's content for a full journal and an empty one, a line
saying where to do each missing part, nothing from outside the page, alt text on every
chart, nothing of the others' view that the view itself has not shown, and the page
count printed by Chromium: two pages for a full journal, one for an empty one, on A4
and on Letter."""

from __future__ import annotations

import json
import random
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from leadlib import results as res
from leadlib import widgets as ex
from leadlib.cli import main
from leadlib.handouts.pdf import find_chromium
from leadlib.journal import answers as journal_answers
from leadlib.journal import open_journal
from leadlib.journal.others import import_raters, others_view, pack
from leadlib.models import Content
from leadlib.my_board import TEXT_LIMITS
from leadlib.results_print import read_results, results_page, write_results
from leadlib.widgets._base import exports_dir, shared_journal
from tests.pdf_pages import pdf_page_count

TODAY = date(2026, 12, 2)
RATED = {"competence": "high", "commitment": "medium", "risk": "low", "urgency": "high"}
VISION = (
    "By the end of 2027 every customer request is answered within two working days, and "
    "each of us can say how our own work helps the customer. We decide close to the work "
    "and learn from what goes wrong without looking for someone to blame."
)
ACTIONS = [
    "Hold a monthly team review of the vision",
    "Hand the rota over to the shift leads by January",
    "Ask two peers for feedback every quarter",
    "Block two hours a week for coaching conversations",
]


def _rater(content: Content, seed: int, pack_id: str) -> bytes:
    rng = random.Random(seed)
    doc = {
        "schema": "leadlib-rater",
        "version": 1,
        "pack": pack_id,
        "response": "".join(rng.choice("23456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(16)),
        "date": "2026-12-02",
        "answers": {s.id: rng.randint(1, 5) for s in content.statements},
    }
    return json.dumps(doc).encode()


def _import(journal: Any, content: Content, seeds: range) -> None:
    pid = pack(journal)["id"]
    files = [(f"r{n}.json", _rater(content, n, pid)) for n in seeds]
    assert {r.status for r in import_raters(journal, files)} == {"added"}


def _decision(n: int) -> dict[str, Any]:
    """A decision filled to the board's text limits (the longest the page must hold)."""
    return {
        "what": (f"Decision {n}: approve purchases for the workshop " * 4)[: TEXT_LIMITS["what"]],
        "with_whom": ("the team leads of the north site " * 2)[: TEXT_LIMITS["with_whom"]],
        "today": 2,
        "wanted": 6,
        "ratings": dict(RATED),
        "limits": ("Within the quarter's budget. " * 10)[: TEXT_LIMITS["limits"]],
        "check_in": ("Monthly one-to-one, first Monday. " * 4)[: TEXT_LIMITS["check_in"]],
        "review": "2027-03-31",
    }


def fill(journal: Any, content: Content) -> None:
    """Every part of the course that the page shows, done; the others' view shown."""
    rng = random.Random(7)
    for statement in content.statements:
        journal.record("self_assessment", statement.id, rng.randint(2, 5))
    _import(journal, content, range(1, 5))
    assert others_view(journal).shown is not None  # the view showed itself once
    journal.record("my_board", "decisions", [_decision(n) for n in range(1, 8)])
    journal.record("balance", "situation", content.situations[1].id)
    journal.record("balance", "share", 55)
    journal.record(
        "time_audit",
        "activities",
        [
            {"title": "Weekly team meeting", "hours": 2, "tag": "leadership"},
            {"title": "Budget review", "hours": 4.5, "tag": "management"},
            {"title": "One-to-ones", "hours": 5, "tag": "both"},
            {"title": "E-mail", "hours": 6, "tag": "neither"},
            {"title": "Rota", "hours": 3},
        ],
    )
    journal.record("time_audit", "week", "2026-11-23")
    journal.record("time_audit", "wanted", 65)
    journal.record("vision", "statement", VISION)
    journal.record("plan", "focus", [content.traits[0].id, content.traits[5].id])
    journal.record("plan", "actions", ACTIONS)
    journal.record("plan", "target_date", "2027-06-30")
    journal.record("plan", "measure", "The rota runs without me for a whole month.")


@pytest.fixture
def full(content: Content) -> res.Results:
    journal = open_journal()
    fill(journal, content)
    return read_results(journal, TODAY)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def test_the_journal_names_read_here_are_the_journals() -> None:
    assert res.SELF_ASSESSMENT == journal_answers.SELF_ASSESSMENT
    assert res.ROUNDS == journal_answers.SELF_ASSESSMENT_ROUNDS
    assert (res.MY_BOARD, res.BOARD_ITEM) == (journal_answers.MY_BOARD, journal_answers.BOARD_ITEM)
    assert res.BALANCE == journal_answers.BALANCE
    assert res.TIME_AUDIT == journal_answers.TIME_AUDIT
    assert (res.VISION, res.PLAN) == (journal_answers.VISION, journal_answers.PLAN)


def test_a_full_journal_fills_every_part(content: Content, full: res.Results) -> None:
    assert full.missing() == []
    html = results_page(content, full, TODAY)
    text = _text(html)
    assert full.profile is not None
    assert f"Leadership index {full.profile.leadership:.0f}" in text
    assert "Precision: one step on one answer moves a trait by 6.25 points" in text
    for trait in content.traits:
        assert trait.name in text
    assert "the mean of 4 raters, as of 2026-12-02" in text
    assert "possible" in text or "close: within the scores' precision" in text
    assert "The week of 2026-11-23, for: " + content.situations[1].name in text
    assert "You want to be at 65% leadership" in text
    assert "Your estimate in notebook 05 was 55% leadership" in text
    assert "Decision 7: approve purchases" in text and "2 Sell" in text and "6 Inquire" in text
    assert VISION in text
    assert all(action in text for action in ACTIONS)
    assert "2027-06-30" in text and "The rota runs without me" in text
    for key, _title, _holds in res.PARTS:
        assert f"class='part-{key}'" in html
    for line in res.MISSING.values():
        assert line not in text


def test_an_empty_journal_says_where_to_do_each_part(content: Content) -> None:
    empty = read_results(open_journal(), TODAY)
    assert empty == res.Results()
    assert empty.missing() == list(res.MISSING)
    html = results_page(content, empty, TODAY)
    text = _text(html)
    for line in res.MISSING.values():
        assert line in text
    assert "<img" not in html
    assert "<table" not in html


def test_a_kept_round_stands_in_for_answers_not_given_yet(content: Content) -> None:
    journal = open_journal()
    answers = {s.id: 4 for s in content.statements}
    journal.record("self_assessment_rounds", "1", {"date": "2026-10-01", "answers": answers})
    found = read_results(journal, TODAY)
    assert found.profile is not None and found.round_date == date(2026, 10, 1)
    assert "From your round of 2026-10-01" in _text(results_page(content, found, TODAY))


def test_the_rewritten_vision_is_shown_over_the_draft(content: Content) -> None:
    journal = open_journal()
    journal.record("vision", "statement", "A first draft")
    assert read_results(journal, TODAY).vision == "A first draft"
    journal.record("vision", "rewrite", VISION)
    assert read_results(journal, TODAY).vision == VISION


@pytest.mark.parametrize("filled", [True, False])
def test_nothing_comes_from_outside_the_page(content: Content, filled: bool) -> None:
    journal = open_journal()
    if filled:
        fill(journal, content)
    html = results_page(content, read_results(journal, TODAY), TODAY)
    sources = re.findall(r'src="([^"]*)"', html)
    assert all(src.startswith("data:image/png;base64,") for src in sources)
    assert len(sources) == (2 if filled else 0)
    without_images = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", html)
    assert not re.search(r"https?:|ftp:|file:|//|www\.", without_images)
    assert "<script" not in html and "<link" not in html and "url(" not in html
    assert "@import" not in html and "href=" not in html


def test_every_chart_has_its_alt_text(content: Content, full: res.Results) -> None:
    html = results_page(content, full, TODAY)
    images = re.findall(r"<img [^>]*>", html)
    alts = [re.search(r'alt="([^"]*)"', img) for img in images]
    assert len(images) == 2 and all(a is not None and a.group(1).strip() for a in alts)
    said = " ".join(a.group(1) for a in alts if a is not None)
    assert "A grid of leadership against management, based on Kotter&#x27;s argument" in said
    assert "Band chart of the share of leadership" in said
    assert "Where you want to be (open circle): 65%" in said
    assert "Your estimate in notebook 05 (open square): 55%" in said


def _others_shown(html: str) -> bool:
    return "Others (mean)" in html or "raters, as of" in html


def test_no_others_view_before_the_view_has_shown_one(content: Content) -> None:
    journal = open_journal()
    for statement in content.statements:
        journal.record("self_assessment", statement.id, 3)
    _import(journal, content, range(1, 3))  # two raters: fewer than k = 3
    html = results_page(content, read_results(journal, TODAY), TODAY)
    assert not _others_shown(html) and res.MISSING["others"] in _text(html)
    _import(journal, content, range(3, 6))  # five raters, but the view never opened
    before = dict(journal.answers("others_view"))
    html = results_page(content, read_results(journal, TODAY), TODAY)
    assert not _others_shown(html) and res.MISSING["others"] in _text(html)
    assert journal.answers("others_view") == before  # reading the page records nothing


def test_the_page_shows_the_view_as_last_shown_never_newer(content: Content) -> None:
    journal = open_journal()
    for statement in content.statements:
        journal.record("self_assessment", statement.id, 3)
    _import(journal, content, range(1, 4))
    shown = others_view(journal).shown
    assert shown is not None and len(shown.raters) == 3
    _import(journal, content, range(4, 6))  # two more: not enough for a new release
    results = read_results(journal, TODAY)
    assert results.others_raters == 3 and results.others is not None
    for row in results.others:
        assert row.others == shown.traits[row.trait]
    text = _text(results_page(content, results, TODAY))
    assert "the mean of 3 raters" in text and "5 raters" not in text


def test_a_changed_record_of_the_view_shows_nothing(content: Content) -> None:
    journal = open_journal()
    _import(journal, content, range(1, 4))
    assert others_view(journal).shown is not None
    journal.clear("others_view")  # the releases removed ...
    journal.clear("rater_answers")  # ... and the raters they counted
    results = read_results(journal, TODAY)
    assert results.others is None
    assert res.MISSING["others"] in _text(results_page(content, results, TODAY))


@pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed")
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_full_journal_prints_on_two_pages_an_empty_one_on_one(
    content: Content, full: res.Results, tmp_path: Path, paper: str
) -> None:
    written = write_results(content, full, tmp_path / "full", paper=paper, today=TODAY)
    assert written.pdf is not None, written.pdf_problem
    assert pdf_page_count(written.pdf) == 2
    empty = res.Results()  # what an empty journal reads as (see the test above)
    written = write_results(content, empty, tmp_path / "empty", paper=paper, today=TODAY)
    assert written.pdf is not None and pdf_page_count(written.pdf) == 1


def test_the_command_writes_the_page_and_names_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = open_journal()
    journal.record("vision", "statement", VISION)
    assert main(["my-results", "--out", str(tmp_path), "--no-pdf"]) == 0
    out, err = capsys.readouterr()
    assert f"Results page written to {tmp_path / 'my-results.html'}" in out
    assert res.MISSING["board"] in err and res.MISSING["vision"] not in err
    assert VISION in (tmp_path / "my-results.html").read_text(encoding="utf-8")
    assert not (tmp_path / "my-results.pdf").exists()


def test_the_button_writes_into_the_exports_folder_with_links(
    content: Content, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LEADLIB_CHROMIUM", str(tmp_path / "no-such-browser"))
    shared_journal().record("vision", "statement", VISION)
    view = ex.my_results(today=lambda: TODAY)
    assert view.print_button.description.strip()
    path = view.print_results()
    assert path == exports_dir() / "my-results.html" and path.is_file()
    assert f"Your results page was written to {path}" in view.message_text
    assert "PDFs need Chromium" in view.message_text
    assert 'download="my-results.html"' in view.output.value
    assert res.MISSING["plan"].replace("'", "&#x27;") in view.missing.value
    assert VISION in path.read_text(encoding="utf-8")


def test_the_static_form_says_what_the_page_holds(
    content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = ex.my_results()._repr_mimebundle_()
    text = bundle["text/plain"]
    for _key, title, _holds in res.PARTS:
        assert title in text
    assert "leadlib my-results" in text
    monkeypatch.setenv("LEADLIB_MODE", "handout")
    sheet = ex.my_results()._repr_html_()
    assert "Kotter" in sheet and "usually two sheets" in sheet
