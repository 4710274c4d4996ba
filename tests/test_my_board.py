"""The learner's own delegation board (leadlib.my_board): what it stores and refuses, with
messages naming the decision and the field; the rules' suggestion taken from
leadlib.delegation; the board in the export (version 3) and back; the printable poster
(offline, one page on A4 and Letter); and ``leadlib my-board``."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from leadlib import export as export_format
from leadlib import my_board as mb
from leadlib.cli import main
from leadlib.delegation import Fit, TaskContext, advice_text, assess, recommend
from leadlib.errors import AnswerError
from leadlib.export import ExportError, build, parse, validate
from leadlib.handouts.pdf import find_chromium
from leadlib.journal import open_journal
from leadlib.journal.answers import BOARD_ITEM, EXERCISES, MY_BOARD, validate_answer
from leadlib.models import Content, Level3
from leadlib.my_board_print import write_board
from tests.pdf_pages import pdf_page_count

TODAY = date(2026, 12, 2)
RATED = {"competence": "high", "commitment": "medium", "risk": "low", "urgency": "high"}


def decision(**changes: Any) -> dict[str, Any]:
    """A complete decision as the journal stores it."""
    value: dict[str, Any] = {
        "what": "Approve purchases under 500 euros",
        "with_whom": "the team leads",
        "today": 2,
        "wanted": 6,
        "ratings": dict(RATED),
        "limits": "Within the quarter's budget; tell finance of anything over 200 euros.",
        "check_in": "Monthly one-to-one, first Monday",
        "review": "2027-03-31",
    }
    value.update(changes)
    return value


def board(count: int = 3, **changes: Any) -> list[dict[str, Any]]:
    return [decision(what=f"Decision number {n}", **changes) for n in range(1, count + 1)]


def _message(value: object) -> str:
    with pytest.raises(AnswerError) as caught:
        mb.check_board(value)
    return str(caught.value)


# -- what the board keeps ------------------------------------------------------------


def test_a_board_reads_back_as_it_was_saved() -> None:
    saved = board(3)
    decisions = mb.check_board(saved)
    assert [d.what for d in decisions] == [
        "Decision number 1",
        "Decision number 2",
        "Decision number 3",
    ]
    assert mb.board_to_json(decisions) == saved
    assert mb.board_problems(decisions, TODAY) == []


def test_a_draft_with_empty_fields_is_kept_but_named_as_unfinished() -> None:
    draft = [{"what": "Holiday cover", "today": 3}, decision(what="  ", ratings={"risk": "low"})]
    decisions = mb.check_board(draft)  # the journal keeps a draft as it is typed
    assert mb.board_problems(decisions, TODAY) == [
        "Your board has 2 decisions; list at least 3 that recur in your week.",
        "Decision 1: fill in with whom, the level you want, the limits, the check-in, "
        "the review date.",
        "Decision 1: rate competence for this task, commitment to it, risk if it goes "
        "wrong, urgency.",
        "Decision 2: fill in the decision.",
        "Decision 2: rate competence for this task, commitment to it, urgency.",
    ]


def test_problems_name_the_decisions_by_the_numbers_the_learner_sees() -> None:
    decisions = mb.check_board([decision(limits="")])
    assert mb.board_problems(decisions, TODAY, numbers=[4])[1:] == [
        "Decision 4: fill in the limits."
    ]


def test_more_than_seven_decisions_are_refused_with_the_count() -> None:
    assert _message(board(8)) == (
        "Your delegation board holds 8 decisions; it keeps at most 7. Keep the ones you "
        "decide most often, or that matter most."
    )
    assert mb.check_board(board(7))


def test_a_review_date_in_the_past_is_named_but_an_old_board_still_reads() -> None:
    decisions = mb.check_board(board(3, review="2026-12-01"))
    problems = mb.board_problems(decisions, TODAY)
    assert problems[0] == (
        "Decision 1: the review date 2026-12-01 is in the past; choose a date from today on."
    )
    assert len(problems) == 3
    assert mb.board_problems(mb.check_board(board(3, review="2026-12-02")), TODAY) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"today": 0},
            "Decision 2, the level today: choose a delegation level from 1 to 7, found 0.",
        ),
        (
            {"wanted": 8},
            "Decision 2, the level you want: choose a delegation level from 1 to 7, found 8.",
        ),
        (
            {"wanted": "5"},
            "Decision 2, the level you want: choose a delegation level from 1 to 7, found '5'.",
        ),
        (
            {"today": True},
            "Decision 2, the level today: choose a delegation level from 1 to 7, found True.",
        ),
        (
            {"review": "31/03/2027"},
            "Decision 2, the review date: expected a date written YYYY-MM-DD, such as "
            "2027-03-31, found '31/03/2027'.",
        ),
        (
            {"review": "2027-02-30"},
            "Decision 2, the review date: expected a date written YYYY-MM-DD, such as "
            "2027-03-31, found '2027-02-30'.",
        ),
        (
            {"ratings": {"risk": "huge"}},
            "Decision 2, the four factors: risk must be one of low, medium, high; found 'huge'",
        ),
        (
            {"ratings": {"mood": "low"}},
            "Decision 2, the four factors: Unknown factor 'mood': rate competence, "
            "commitment, risk, urgency.",
        ),
        (
            {"ratings": False},
            "Decision 2, the four factors: Ratings must map competence, commitment, risk "
            "and urgency to low, medium or high, found False.",
        ),
        ({"with_whom": 7}, "Decision 2, with whom: expected a text, found 7."),
        (
            {"limits": "x" * 201},
            "Decision 2, the limits: 201 characters, at most 200 are kept. Shorten it and "
            "save again.",
        ),
        (
            {"email": "sam@example.org"},
            "Decision 2: unknown field 'email'; a decision has what, with_whom, today, "
            "wanted, ratings, limits, check_in, review.",
        ),
    ],
)
def test_a_bad_field_is_refused_naming_the_decision_and_the_field(
    changes: dict[str, Any], message: str
) -> None:
    value = board(3)
    value[1] = decision(**changes)
    assert _message(value) == message


@pytest.mark.parametrize(("value", "kind"), [("Sam", "'Sam'"), ({"what": "x"}, "{'what': 'x'}")])
def test_a_board_that_is_not_a_list_is_refused(value: object, kind: str) -> None:
    assert _message(value) == f"Your delegation board: expected a list of decisions, found {kind}."
    assert "Decision 1: expected an object" in _message(["Sam"])


def test_the_journal_keeps_the_board_under_its_own_exercise(content: Content) -> None:
    assert MY_BOARD in EXERCISES
    assert validate_answer(content, MY_BOARD, BOARD_ITEM, board(3)) == board(3)
    with pytest.raises(AnswerError, match="saves 'decisions', not 'board'"):
        validate_answer(content, MY_BOARD, "board", board(3))
    with pytest.raises(AnswerError, match="holds 8 decisions"):
        validate_answer(content, MY_BOARD, BOARD_ITEM, board(8))
    journal = open_journal()
    journal.record(MY_BOARD, BOARD_ITEM, board(4))
    assert journal.answers(MY_BOARD) == {BOARD_ITEM: board(4)}


# -- the rules' suggestion ----------------------------------------------------------


@pytest.mark.parametrize("wanted", [1, 4, 7])
@pytest.mark.parametrize(
    "ratings",
    [RATED, {f: "low" for f in RATED}, {f: "high" for f in RATED}, {f: "medium" for f in RATED}],
)
def test_the_suggestion_is_the_delegation_rules_own(
    content: Content, ratings: dict[str, str], wanted: int
) -> None:
    mine = mb.check_decision(decision(ratings=ratings, wanted=wanted), 1)
    context = TaskContext(**{k: Level3(v) for k, v in ratings.items()})
    found = mb.suggest(content, mine)
    assert found is not None
    assert found.recommendation == recommend(context)
    assert found.verdict == assess(content, context, wanted)
    text = mb.suggestion_text(content, mine)
    verdict = assess(content, context, wanted)
    assert text.endswith("Why: " + " ".join(recommend(context).reasons))
    assert advice_text(content, wanted, verdict.fit) in text
    # the band is named once: the advice refers to it rather than repeat it
    low, high = recommend(context).band
    names = f"({content.level(low).name} to {content.level(high).name})"
    assert text.count(names) == 1, text


#: The board's suggestion for RATED (capable, partly committed, low risk, urgent) with
#: the level wanted: the exact words a manager reads.
WHY = (
    "Why: Competence high and commitment medium for this task: capable but not fully "
    "behind this task: needs involvement and support more than instruction (on an "
    "ordinary task, levels 3-5). Low risk: a mistake would be cheap to put right, a "
    "chance to learn even for a beginner, so allow two levels more autonomy. High "
    "urgency and a capable person: there is no time to escalate, so allow one level "
    "more autonomy. Level 7 is as far as you can let go, so the suggestion goes no further."
)


@pytest.mark.parametrize(
    ("wanted", "advice"),
    [
        (6, "Inquire is one of the suggested levels. Agree it openly with the person."),
        (
            2,
            "Sell keeps more control than this task needs: letting go further builds the "
            "person's ownership and frees your time.",
        ),
        (None, ""),
    ],
)
def test_the_suggestion_names_the_band_once_in_a_managers_words(
    content: Content, wanted: int | None, advice: str
) -> None:
    mine = mb.check_decision(decision(wanted=wanted), 1)
    expected = " ".join(
        part for part in ("The rules suggest levels 5-7 (Advise to Delegate).", advice, WHY) if part
    )
    assert mb.suggestion_text(content, mine) == expected


def test_no_suggestion_until_all_four_factors_are_rated(content: Content) -> None:
    partial = mb.check_decision(decision(ratings={"competence": "high", "risk": "low"}), 1)
    assert mb.suggest(content, partial) is None
    assert mb.suggestion_text(content, partial) == (
        "Rate the four factors to see which levels the rules suggest."
    )
    no_level = mb.check_decision(decision(wanted=None), 1)
    found = mb.suggest(content, no_level)
    assert found is not None and found.verdict is None
    assert mb.suggestion_text(content, no_level).startswith(
        f"The rules suggest levels {found.band_text} ("
    )


def test_the_move_says_which_way_and_how_far(content: Content) -> None:
    assert mb.move_text(content, mb.check_decision(decision(today=2, wanted=6), 1)) == (
        "From Sell to Inquire: you let go 4 levels."
    )
    assert mb.move_text(content, mb.check_decision(decision(today=5, wanted=4), 1)) == (
        "From Advise to Agree: you take back 1 level."
    )
    assert mb.move_text(content, mb.check_decision(decision(today=3, wanted=3), 1)) == (
        "Keep it at Consult, and say so openly."
    )


# -- the export, version 3 -------------------------------------------------------------


def _doc(content: Content, **kwargs: Any) -> dict[str, Any]:
    built = build(
        content,
        participant="P-7K3Q9X",
        exported_at=datetime(2026, 12, 2, 9, 0, 0),
        answers={},
        delegation={"team_offsite": 6},
        balance=None,
        **kwargs,
    )
    return json.loads(json.dumps(built))


def test_a_version_3_export_carries_the_board_only_when_given(content: Content) -> None:
    without = _doc(content)
    assert without["version"] == 3 and without["my_board"] is None
    assert parse(content, without).my_board is None
    decisions = mb.check_board(board(3))
    with_board = _doc(content, my_board=decisions)
    assert with_board["my_board"] == {"decisions": board(3)}
    assert parse(content, with_board).my_board == tuple(decisions)


def test_a_bad_board_in_an_export_is_reported_under_its_path(content: Content) -> None:
    doc = _doc(content, my_board=mb.check_board(board(3)))
    doc["my_board"]["decisions"][2]["wanted"] = 9
    doc["my_board"]["colour"] = "red"
    assert [str(p) for p in validate(content, doc)] == [
        "my_board.colour: unknown field",
        "my_board.decisions: Decision 3, the level you want: choose a delegation level "
        "from 1 to 7, found 9.",
    ]
    doc["my_board"] = []
    assert [str(p) for p in validate(content, doc)] == ["my_board: expected null or an object"]


def test_a_version_2_file_still_reads_as_before_and_holds_no_board(content: Content) -> None:
    """A file written by the previous leadlib (version 2: no my_board field at all)."""
    v3_only = export_format.BOARD_KEYS
    v2 = {k: v for k, v in _doc(content).items() if k not in v3_only} | {"version": 2}
    export = parse(content, v2)
    assert export.delegation == {"team_offsite": 6} and export.my_board is None
    v2["my_board"] = {"decisions": board(3)}
    assert [str(p) for p in validate(content, v2)] == ["my_board: unknown field"]


def test_the_board_goes_out_and_comes_back_through_an_export_file(
    content: Content, tmp_path: Path
) -> None:
    journal = open_journal()
    journal.record(MY_BOARD, BOARD_ITEM, board(3))
    anonymous = json.loads(journal.export(tmp_path / "plain.json").read_text())
    assert anonymous["my_board"] is None, "the board names people: only when included"
    path = journal.export(tmp_path / "mine.json", include_board=True)
    assert json.loads(path.read_text())["my_board"] == {"decisions": board(3)}
    journal.clear()
    report = journal.import_file(path)
    assert report.recorded[MY_BOARD] == 1
    assert "1 delegation board" in report.message
    assert journal.answers(MY_BOARD) == {BOARD_ITEM: board(3)}
    assert journal.import_file(path).total == 0  # the same board again: nothing new


def test_an_import_with_a_bad_board_records_nothing(content: Content, tmp_path: Path) -> None:
    journal = open_journal()
    doc = _doc(content, my_board=mb.check_board(board(3)))
    doc["my_board"]["decisions"].extend(board(5))
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(ExportError, match=r"my_board.decisions: .*holds 8 decisions"):
        journal.import_file(path)
    assert journal.answers(MY_BOARD) == {} and journal.answers("delegation") == {}


# -- the poster ----------------------------------------------------------------------

#: Texts a manager might write, each as long as the board keeps.
LONG = {
    "what": "Who covers the evening shift when someone calls in sick at short notice",
    "with_whom": "the three shift leads (Ana, Jo)",
    "limits": "Use the standby list first; overtime only up to four hours a person a "
    "week; never leave the desk with fewer than two people; tell me the next morning "
    "in the team chat who covered and why.",
    "check_in": "Ten minutes in the Friday team meeting for the first two months, then monthly.",
}


def _fill(name: str) -> str:
    text = LONG[name]
    while len(text) < mb.TEXT_LIMITS[name]:
        text += " and more of the same"
    return text[: mb.TEXT_LIMITS[name]]


def full_board() -> list[mb.Decision]:
    """Seven decisions with every text as long as the board keeps, and the longest of the
    poster's words on the level agreed ("Tighter than the suggested range")."""
    return mb.check_board(
        [decision(**{name: _fill(name) for name in LONG}, today=7, wanted=1)] * mb.MOST
    )


def test_the_poster_is_self_contained_and_prints_on_either_paper(content: Content) -> None:
    html = mb.poster_html(content, full_board())
    assert not re.search(r"(?i)(https?:|//[a-z]|<script|<link|@import|<img|url\()", html)
    assert "@page { size: landscape;" in html
    assert html.count("<tr>") == mb.MOST + 1
    for level in content.levels:
        assert level.name in html
    assert mb.poster_html(content, [mb.Decision(what="<b>&")]).count("&lt;b&gt;&amp;") == 1


def test_the_poster_on_the_wall_places_each_level_against_the_range_without_judging(
    content: Content,
) -> None:
    lows = {factor: "low" for factor in RATED}  # the rules suggest 5-6
    decisions = mb.check_board(
        [
            decision(what="Tight", wanted=2),
            decision(what="Within", wanted=6),
            decision(what="Loose", wanted=7, ratings=lows),
            decision(what="Unrated", ratings={}),
        ]
    )
    words = [mb.range_words(content, d) for d in decisions]
    assert words == [
        "Tighter than the suggested range",
        "Within the suggested range",
        "Looser than the suggested range",
        "",
    ]
    html = mb.poster_html(content, decisions)
    cells = re.findall(r"<td class='level'>([^<]*)<br><span class='small'>([^<]*)</span>", html)
    assert cells == [("5-7", words[0]), ("5-7", words[1]), ("5-6", words[2]), ("&ndash;", "")]
    for fit in Fit:
        assert fit.label not in html  # "Too controlling" is the exercise's word, not the wall's
    # the exercise keeps its judgement: the learner still reads what the level does
    assert "Sell keeps more control than this task needs" in mb.suggestion_text(
        content, decisions[0]
    )
    assert "Delegate hands over more than is safe here" in mb.suggestion_text(content, decisions[2])


@pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed")
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_full_board_prints_on_one_page(content: Content, tmp_path: Path, paper: str) -> None:
    written = write_board(content, full_board(), tmp_path, paper=paper)
    assert written.pdf is not None, written.pdf_problem
    assert pdf_page_count(written.pdf) == 1
    assert written.html.read_text(encoding="utf-8") == mb.poster_html(content, full_board())


def test_without_chromium_the_html_is_written_and_the_reason_given(
    content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADLIB_CHROMIUM", str(tmp_path / "no-such-browser"))
    written = write_board(content, mb.check_board(board(3)), tmp_path / "out")
    assert written.html.is_file() and written.pdf is None
    assert "PDFs need Chromium" in written.pdf_problem


# -- leadlib my-board ------------------------------------------------------------------


def test_the_command_prints_the_saved_board(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["my-board", "--out", str(tmp_path), "--no-pdf"]) == 1
    assert "holds no delegation board yet" in capsys.readouterr().err
    open_journal().record(MY_BOARD, BOARD_ITEM, board(2))
    assert main(["my-board", "--out", str(tmp_path), "--no-pdf"]) == 0
    out, err = capsys.readouterr()
    assert f"Board written to {tmp_path / 'delegation-board.html'}" in out
    assert "Note: Your board has 2 decisions; list at least 3" in err
    assert "Decision number 2" in (tmp_path / "delegation-board.html").read_text()
    assert not (tmp_path / "delegation-board.pdf").exists()


def test_the_export_module_reads_every_version_up_to_the_board() -> None:
    assert export_format.VERSION == 3
    assert export_format.READABLE_VERSIONS == (1, 2, 3)


def test_the_team_report_never_shows_a_learners_own_board(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    secret = "Zebediah-the-shift-lead"
    for n in range(4):
        doc = _doc(content, my_board=mb.check_board(board(3, with_whom=secret)))
        doc["participant"] = f"P-BOARD{n}"
        (folder / f"p{n}.json").write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "report.html"
    assert main(["team-report", str(folder), "--out", str(out), "--no-charts"]) == 0
    assert "4 participants from 4 files; 0 skipped" in capsys.readouterr().err
    html = out.read_text(encoding="utf-8")
    assert secret not in html and "Decision number" not in html
