"""Notebook 08 (back at work) in JupyterLab, played as a learner: the own delegation
board (filled, kept across a reload, printed), the others' view (the pack made, rater
files chosen through the real upload control: nothing under k raters, the view at k),
the time audit (a calendar file chosen through the upload control, activities tagged,
the measured split), progress (a new round after confirming) and my results (the page
written from a seeded journal, then opened from its file with the network cut).

Each test checks the text on screen, the journal (in the server's private LEADLIB_HOME)
and that no cell shows an error; screenshots of every step go to
build/screenshots/back_at_work/.

Must not import leadlib.widgets or ipywidgets: only the kernels in the server do.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from leadlib import Content
from leadlib.calendar_file import read_calendar_path
from leadlib.journal import open_journal
from leadlib.journal.answers import BOARD_ITEM, MY_BOARD, RATER_ANSWERS, RATER_PACK
from leadlib.journal.paths import FILENAME
from leadlib.my_board import Decision, suggestion_text
from leadlib.raters import KEYS, SCHEMA, VERSION, new_pack_id, parse_rater
from leadlib.team.privacy import DEFAULT_MIN_GROUP
from leadlib.time_audit import Activity, Tag, read_audit

from .conftest import ROOT, SCREENSHOTS
from .lab import _NEXT_FRAMES, LabPage, LabServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOK = "08_back_at_work.ipynb"
SHOTS = SCREENSHOTS / "back_at_work"
CALENDARS = ROOT / "tests" / "calendars"
#: The week of the test calendars (Monday 23 to Sunday 29 November 2026).
WEEK = dt.date(2026, 11, 23)

#: Three decisions a learner might bring: texts, levels (today, wanted), ratings
#: (competence, commitment, risk, urgency), limits, check-in.
DECISIONS = [
    (
        "Who covers the on-call rota when someone is ill",
        "the shift leads",
        (1, 4),
        ("high", "high", "low", "medium"),
        "Cover stays within the overtime budget; tell me by the next morning.",
        "Monday stand-up, two minutes",
    ),
    (
        "Answering a customer's complaint",
        "Sam",
        (2, 3),
        ("medium", "high", "medium", "high"),
        "Refunds up to 200 euros; legal questions come to me.",
        "A short note every Friday",
    ),
    (
        "Planning the holiday cover",
        "the team",
        (3, 3),
        ("high", "medium", "low", "low"),
        "Two people in the office every day.",
        "Plan on my desk by March",
    ),
]
FACTOR_ORDER = ("competence", "commitment", "risk", "urgency")


@pytest.fixture(scope="module", autouse=True)
def _clean_shots() -> Iterator[None]:
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield


def _journal(server: LabServer) -> Any:
    return open_journal(server.home / FILENAME)


def _answers(server: LabServer, exercise: str) -> dict[str, Any]:
    with _journal(server) as journal:
        return dict(journal.answers(exercise))


def _shot(locator: Any, name: str) -> None:
    """A screenshot of one exercise as the learner sees it: the window is made tall
    enough to show it whole (JupyterLab draws only the cells on screen)."""
    page = locator.page
    original = page.viewport_size or {"width": 1280, "height": 900}
    box = locator.bounding_box() or {"height": 0}
    height = int(min(max(original["height"], box["height"] + 220), 12_000))
    page.set_viewport_size({"width": original["width"], "height": height})
    try:
        page.evaluate(_NEXT_FRAMES)
        locator.scroll_into_view_if_needed()
        page.wait_for_timeout(150)  # the last message drawn
        locator.screenshot(path=str(SHOTS / f"{name}.png"))
    finally:
        page.set_viewport_size(original)


def _start(lab: LabPage, server: LabServer) -> None:
    lab.open(NOTEBOOK)
    lab.run_all()
    assert lab.errors() == [], "\n".join(lab.errors())
    assert lab.widgets_drawn() == [], lab.report()


def _no_errors(lab: LabPage) -> None:
    """No error box or traceback in any cell, and no exercise shows a problem (\u26a0)."""
    assert lab.errors() == [], "\n".join(lab.errors())
    outputs = lab.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea")
    for text in outputs.all_inner_texts():
        assert "Traceback" not in text and "Error displaying widget" not in text, text
        assert "\u26a0" not in text, f"an exercise shows a problem: {text[:2000]}"


def _wait_saved(lab: LabPage, server: LabServer, check: Any, what: str) -> Any:
    """Poll the journal until ``check(answers)`` is truthy (saves wait for a pause)."""
    for _ in range(60):
        found = check()
        if found:
            return found
        lab.page.wait_for_timeout(250)
    raise AssertionError(f"{what} never reached the journal")


# --------------------------------------------------------------------------- my board


def _fill_panel(panel: Any, decision: tuple[Any, ...], review: str, content: Content) -> None:
    from playwright.sync_api import expect

    what, whom, (today, wanted), ratings, limits, check_in = decision
    texts = panel.locator("textarea")
    expect(texts).to_have_count(4)
    texts.nth(0).fill(what)
    texts.nth(1).fill(whom)
    selects = panel.locator("select")
    names = {lv.number: f"{lv.number} {lv.name}" for lv in content.levels}
    selects.nth(0).select_option(label=names[today])
    selects.nth(1).select_option(label=names[wanted])
    groups = panel.locator(".widget-toggle-buttons")
    expect(groups).to_have_count(4)
    for number, word in enumerate(ratings):
        button = groups.nth(number).get_by_role("radio", name=word, exact=True)
        button.click()
        expect(button).to_have_class(re.compile(r"\bmod-active\b"))
    texts.nth(2).fill(limits)
    texts.nth(3).fill(check_in)
    date = panel.locator("input[type=date]")
    date.fill(review)
    date.blur()


def _decision(decision: tuple[Any, ...], review: str) -> Decision:
    what, whom, (today, wanted), ratings, limits, check_in = decision
    return Decision(
        what=what,
        with_whom=whom,
        today=today,
        wanted=wanted,
        ratings=dict(zip(FACTOR_ORDER, ratings, strict=True)),
        limits=limits,
        check_in=check_in,
        review=review,
    )


def _panels(board: Any) -> Any:
    return board.locator(".leadlib-board-decision")


def test_my_board_filled_kept_across_a_reload_and_printed(
    lab: LabPage, lab_server: LabServer, content: Content
) -> None:
    from playwright.sync_api import expect

    lab_server.fresh_journal()
    _start(lab, lab_server)
    board = lab.exercise_output("my_board")
    panels = _panels(board)
    expect(panels).to_have_count(3)
    expect(board).to_contain_text("Decision 1")
    expect(board).to_contain_text("Still to do before you print the board")
    _shot(board, "board_1_empty")

    review = (dt.date.today() + dt.timedelta(days=60)).isoformat()
    for number, decision in enumerate(DECISIONS):
        _fill_panel(panels.nth(number), decision, review, content)
        expected = suggestion_text(content, _decision(decision, review))
        expect(panels.nth(number).locator(".leadlib-board-suggestion")).to_contain_text(
            expected[:60]
        )
    expect(board).to_contain_text("Your board is ready")
    _shot(board, "board_2_filled")

    def saved() -> Any:
        got = _answers(lab_server, MY_BOARD).get(BOARD_ITEM)
        return got if got and len(got) == 3 and got[2].get("check_in") else None

    stored = _wait_saved(lab, lab_server, saved, "the board")
    for row, decision in zip(stored, DECISIONS, strict=True):
        assert row["what"] == decision[0] and row["with_whom"] == decision[1]
        assert (row["today"], row["wanted"]) == decision[2]
        assert [row["ratings"][f] for f in FACTOR_ORDER] == list(decision[3])
        assert row["review"] == review
    _no_errors(lab)

    # Coming back another day: the page reloaded and the notebook run again.
    lab.page.reload()
    lab.wait_for_notebook(NOTEBOOK)
    lab.run_all()
    _no_errors(lab)
    board = lab.exercise_output("my_board")
    panels = _panels(board)
    expect(panels).to_have_count(3)
    for number, decision in enumerate(DECISIONS):
        panel = panels.nth(number)
        texts = panel.locator("textarea")
        expect(texts.nth(0)).to_have_value(decision[0])
        expect(texts.nth(1)).to_have_value(decision[1])
        expect(texts.nth(2)).to_have_value(decision[4])
        expect(texts.nth(3)).to_have_value(decision[5])
        expect(panel.locator("input[type=date]")).to_have_value(review)
        groups = panel.locator(".widget-toggle-buttons")
        for index, word in enumerate(decision[3]):
            expect(groups.nth(index).get_by_role("radio", name=word, exact=True)).to_have_class(
                re.compile(r"\bmod-active\b")
            )
        levels = panel.locator("select")
        assert (
            levels.nth(0)
            .evaluate("(s) => s.options[s.selectedIndex].text")
            .startswith(str(decision[2][0]))
        )
        assert (
            levels.nth(1)
            .evaluate("(s) => s.options[s.selectedIndex].text")
            .startswith(str(decision[2][1]))
        )
    expect(board).to_contain_text("Your board is ready")
    _shot(board, "board_3_after_reload")

    board.get_by_role("button", name="Print my board").click()
    expect(board).to_contain_text("Your board was written to", timeout=60_000)
    exports = lab_server.home / "exports"
    written = sorted(exports.glob("*board*.html"))
    assert written, f"no board in {exports}: {sorted(p.name for p in exports.iterdir())}"
    poster = written[-1].read_text(encoding="utf-8")
    for decision in DECISIONS:
        assert decision[0].replace("'", "&#x27;") in poster or decision[0] in poster
    expect(board.get_by_role("link", name="Download the board as a web page")).to_be_visible()
    _shot(board, "board_4_printed")
    # the poster as the team will see it on the wall
    poster_page = lab.page.context.new_page()
    try:
        poster_page.goto(written[-1].as_uri())
        for decision in DECISIONS:
            expect(poster_page.locator("body")).to_contain_text(decision[0])
        poster_page.screenshot(path=str(SHOTS / "board_5_poster.png"), full_page=True)
    finally:
        poster_page.close()
    _no_errors(lab)


# --------------------------------------------------------------------------- others' view


def _rater_file(folder: Path, content: Content, pack: str, seed: int) -> Path:
    """A rater file as the pack's form saves it (same keys, schema, name pattern)."""
    response = (new_pack_id()[2:] + new_pack_id()[2:])[:16]
    doc = {
        "schema": SCHEMA,
        "version": VERSION,
        "pack": pack,
        "response": response,
        "date": dt.date.today().isoformat(),
        "answers": {s.id: 1 + (seed + n) % 5 for n, s in enumerate(content.statements)},
    }
    assert tuple(doc) == KEYS
    parse_rater(content, doc, pack)  # the course's own check accepts it
    path = folder / f"leadlib-rater-{pack}-{response[:6]}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _choose_files(lab: LabPage, upload: Any, files: list[Path]) -> None:
    """Click the upload control and pick files in the browser's file chooser."""
    with lab.page.expect_file_chooser() as chooser:
        upload.click()
    chooser.value.set_files([str(f) for f in files])


def test_others_view_pack_and_raters_uploaded_one_block_at_a_time(
    lab: LabPage, lab_server: LabServer, content: Content, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    lab_server.fresh_journal()
    _start(lab, lab_server)
    view = lab.exercise_output("others_view")
    k = DEFAULT_MIN_GROUP
    expect(view).to_contain_text("Nothing to show yet")
    _shot(view, "others_1_start")

    view.get_by_role("textbox", name="First name:").fill("Alex")
    view.get_by_role("button", name="Make my rater pack").click()
    expect(view).to_contain_text("Rater pack written to", timeout=30_000)
    pack = _answers(lab_server, RATER_PACK)["pack"]
    assert pack["first_name"] == "Alex"
    html = (lab_server.home / "exports" / f"leadlib-rater-pack-{pack['id']}.html").read_text(
        encoding="utf-8"
    )
    assert "Feedback for Alex" in html
    expect(view.get_by_role("link", name="Download the rater pack")).to_be_visible()
    _shot(view, "others_2_pack")

    files = [_rater_file(tmp_path, content, pack["id"], seed) for seed in range(k)]
    upload = view.locator(".widget-upload")
    # choosing the files imports them: there is no second button to press
    expect(view.get_by_role("button", name=re.compile("^Import chosen"))).to_have_count(0)
    _choose_files(lab, upload, files[: k - 1])
    for path in files[: k - 1]:
        expect(view).to_contain_text(f"{path.name}: imported")
    expect(view).to_contain_text(f"({k - 1} imported so far)")
    assert view.locator("table").count() == 0 and view.locator("img").count() == 0
    assert len(_answers(lab_server, RATER_ANSWERS)) == k - 1
    _shot(view, "others_3_below_k")

    _choose_files(lab, upload, files[k - 1 :])
    expect(view).to_contain_text(f"The view counts {k} raters")
    table = view.locator("table")
    expect(table).to_contain_text("Others (mean)")
    for trait in content.traits:
        expect(table).to_contain_text(trait.name)
    expect(view).to_contain_text("appear once you have answered the self-assessment")
    expect(view.locator("img")).to_be_visible(timeout=30_000)
    assert lab.broken_images() == []
    assert len(_answers(lab_server, RATER_ANSWERS)) == k
    _shot(view, "others_4_view")
    _no_errors(lab)


# --------------------------------------------------------------------------- time audit


def test_time_audit_reads_an_uploaded_calendar_and_shows_the_split(
    lab: LabPage, lab_server: LabServer, content: Content
) -> None:
    from playwright.sync_api import expect

    lab_server.fresh_journal()
    situation = content.situations[0]
    with _journal(lab_server) as journal:
        journal.record("balance", "situation", situation.id)
        journal.record("balance", "share", 60)
    _start(lab, lab_server)
    audit = lab.exercise_output("time_audit")
    _shot(audit, "audit_1_start")

    week = audit.locator("input[type=date]")
    # the date is not squeezed out by its long label
    assert (week.bounding_box() or {"width": 0})["width"] >= 100
    week.fill(WEEK.isoformat())
    week.blur()
    # choosing the file reads it: no second button to press
    with lab.page.expect_file_chooser() as chooser:
        audit.locator(".widget-upload").click()
    chooser.value.set_files(str(CALENDARS / "outlook.ics"))
    read = read_calendar_path(CALENDARS / "outlook.ics", WEEK)
    expect(audit).to_contain_text(read.summary()[:60])
    expect(audit).to_contain_text("now tag each activity")
    rows = audit.locator(".widget-toggle-buttons")
    expect(rows).to_have_count(len(read.activities))
    _shot(audit, "audit_2_read")

    tags = [Tag.LEADERSHIP, Tag.MANAGEMENT, Tag.BOTH, Tag.NEITHER]
    tagged = []
    for index, item in enumerate(read.activities):
        tag = tags[index % len(tags)]
        button = rows.nth(index).get_by_role("radio", name=tag.label, exact=True)
        button.click()
        expect(button).to_have_class(re.compile(r"\bmod-active\b"))
        tagged.append(Activity(item.title, item.hours, item.count, tag))
    # 60 is notebook 05's estimate (balance.share): no "where I want to be" is set yet
    reading = read_audit(content, situation, tagged, estimate=60)
    expect(audit.locator("[role=status]").filter(has_text=reading.message[:40])).to_contain_text(
        reading.message
    )
    expect(audit.locator("img")).to_be_visible(timeout=30_000)
    assert lab.broken_images() == []

    def saved() -> Any:
        got = _answers(lab_server, "time_audit")
        done = got.get("activities") and all(a.get("tag") for a in got["activities"])
        return got if done else None

    stored = _wait_saved(lab, lab_server, saved, "the tags")
    assert stored["week"] == WEEK.isoformat()
    assert [a["tag"] for a in stored["activities"]] == [a.tag.value for a in tagged]
    assert "BEGIN:VCALENDAR" not in json.dumps(stored)
    _shot(audit, "audit_3_tagged")
    _no_errors(lab)


# --------------------------------------------------------------------------- progress


def test_progress_starts_a_new_round_after_confirmation(
    lab: LabPage, lab_server: LabServer, content: Content
) -> None:
    from playwright.sync_api import expect

    lab_server.fresh_journal()
    with _journal(lab_server) as journal:
        for number, statement in enumerate(content.statements):
            journal.record("self_assessment", statement.id, 1 + number % 5)
    _start(lab, lab_server)
    progress = lab.exercise_output("progress")
    expect(progress).to_contain_text("One round so far")
    total = len(content.statements)
    expect(progress).to_contain_text(f"{total} of {total} statements")
    _shot(progress, "progress_1_start")

    progress.get_by_role("button", name="Start a new round").click()
    confirm = progress.get_by_role("button", name="Keep my answers as a round and start afresh")
    expect(confirm).to_be_visible()
    expect(progress).to_contain_text("will be kept here as round 1")
    # nothing changed before the learner confirms
    assert len(_answers(lab_server, "self_assessment")) == total
    _shot(progress, "progress_2_confirm")

    confirm.click()
    expect(confirm).to_be_hidden()
    expect(progress).to_contain_text("Round 1 is kept")
    assert _answers(lab_server, "self_assessment") == {}
    rounds = _answers(lab_server, "self_assessment_rounds")
    assert len(rounds) == 1
    (kept,) = rounds.values()
    assert len(kept["answers"]) == total
    expect(progress.get_by_role("button", name="Start a new round")).to_be_disabled()
    expect(progress.locator("[role=status]").first).to_contain_text(
        "Round 1 is kept. Answer the self-assessment in notebook 03 again"
    )
    assert progress.inner_text().count("Round 1 is kept") == 1  # said once, not twice
    _shot(progress, "progress_3_new_round")
    _no_errors(lab)


# --------------------------------------------------------------------------- my results

#: A vision and a plan as notebook 06 saves them.
VISION = (
    "By the end of 2027 every customer request is answered within two working days, and "
    "each of us can say how our own work helps the customer."
)
ACTIONS = ["Hand the rota over to the shift leads by January", "Ask two peers for feedback"]
MEASURE = "The rota runs without me for a whole month."


def _seed_results(server: LabServer, content: Content) -> None:
    """Every part of the results page done but the others' view (no raters yet)."""
    review = (dt.date.today() + dt.timedelta(days=60)).isoformat()
    with _journal(server) as journal:
        for number, statement in enumerate(content.statements):
            journal.record("self_assessment", statement.id, 1 + (number * 3) % 5)
        journal.record(MY_BOARD, BOARD_ITEM, [_decision(d, review).to_json() for d in DECISIONS])
        journal.record("balance", "situation", content.situations[0].id)
        journal.record("balance", "share", 55)
        journal.record(
            "time_audit",
            "activities",
            [
                {"title": "Weekly team meeting", "hours": 2, "tag": "leadership"},
                {"title": "Budget review", "hours": 4.5, "tag": "management"},
                {"title": "One-to-ones", "hours": 5, "tag": "both"},
                {"title": "E-mail", "hours": 6, "tag": "neither"},
            ],
        )
        journal.record("time_audit", "week", WEEK.isoformat())
        journal.record("time_audit", "wanted", 65)
        journal.record("vision", "statement", VISION)
        journal.record("plan", "focus", [content.traits[0].id, content.traits[5].id])
        journal.record("plan", "actions", ACTIONS)
        journal.record("plan", "target_date", "2027-06-30")
        journal.record("plan", "measure", MEASURE)


#: Anything that would make the page reach outside itself: a web address, a
#: protocol-relative link, a stylesheet import, a CSS url() that is not inline data.
_EXTERNAL = re.compile(
    r"(?i)\b(?:https?|ftp|wss?):|(?:src|href|action)\s*=\s*[\"']?//|@import|url\(\s*[\"']?(?!data:)"
)


def test_my_results_page_written_from_a_seeded_journal(
    lab: LabPage, lab_server: LabServer, content: Content
) -> None:
    from playwright.sync_api import expect

    from leadlib.results import MISSING

    lab_server.fresh_journal()
    _seed_results(lab_server, content)
    _start(lab, lab_server)
    results = lab.exercise_output("my_results")
    button = results.get_by_role("button", name="Write my results page")
    expect(button).to_be_visible()
    _shot(results, "results_1_start")

    button.click()
    expect(results).to_contain_text("Your results page was written to", timeout=60_000)
    exports = lab_server.home / "exports"
    html_path = exports / "my-results.html"
    assert html_path.is_file(), sorted(p.name for p in exports.iterdir())
    expect(results).to_contain_text(str(html_path))
    page_link = results.get_by_role("link", name="Download the page as a web page")
    expect(page_link).to_be_visible()
    assert page_link.get_attribute("download") == "my-results.html"
    assert (page_link.get_attribute("href") or "").startswith("data:text/html;base64,")
    pdf_path = exports / "my-results.pdf"
    if pdf_path.is_file():  # Chromium is there (the browser tests run it), so the PDF is too
        expect(results).to_contain_text(str(pdf_path))
        pdf_link = results.get_by_role("link", name="Download it as PDF")
        expect(pdf_link).to_be_visible()
        assert pdf_path.read_bytes().startswith(b"%PDF")
    else:
        expect(results).to_contain_text("No PDF this time:")
    # the one part not done is listed, with where to do it; the parts done are not
    missing = results.locator("[role=status]").filter(has_text="Not on the page yet")
    expect(missing).to_be_visible()
    expect(missing.locator("li")).to_have_count(1)
    expect(missing.locator("li")).to_have_text(MISSING["others"])
    for key in ("profile", "board", "time", "wanted", "vision", "plan"):
        assert MISSING[key][:40] not in results.inner_text(), key
    _shot(results, "results_2_written")
    _no_errors(lab)

    html = html_path.read_text(encoding="utf-8")
    found = _EXTERNAL.findall(html)
    assert not found, f"the results page reaches outside the file: {found[:5]}"
    assert "<script" not in html.lower()
    for trait in content.traits:
        assert trait.name in html, trait.name
    for decision in DECISIONS:
        assert decision[0] in html or decision[0].replace("'", "&#x27;") in html
    assert VISION in html and MEASURE in html

    # The page as the learner opens it from the exports folder, with the network cut:
    # anything but local files (file:///, no host) and inline data is refused and counted.
    context = lab.page.context.browser.new_context(viewport={"width": 1000, "height": 1200})
    attempted: list[str] = []

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(("file:///", "data:")):
            request_route.continue_()
        else:
            attempted.append(url)
            request_route.abort()

    context.route("**/*", route)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    view = context.new_page()
    errors: list[str] = []
    view.on("pageerror", lambda error: errors.append(str(error)))
    try:
        view.goto(html_path.as_uri())
        body = view.locator("body")
        expect(view.locator("section.part-profile")).to_be_visible()
        expect(view.locator("section.part-profile")).to_contain_text(content.traits[0].name)
        expect(view.locator("section.part-board")).to_contain_text(DECISIONS[0][0])
        expect(body).to_contain_text(MISSING["others"])
        images = view.locator("img")
        assert images.count() >= 2  # the grid and the week
        broken = view.evaluate(
            "() => [...document.images].filter(i => !i.complete || !i.naturalWidth).map(i => i.alt)"
        )
        assert broken == [], broken
        for img in images.all():  # inline, so the page travels as one file
            assert (img.get_attribute("src") or "").startswith("data:image/"), img
            assert img.get_attribute("alt"), "an image without alt text"
        view.screenshot(path=str(SHOTS / "results_3_page.png"), full_page=True)
    finally:
        context.close()
    assert attempted == [], f"the results page asked the network for {attempted}"
    assert all(url.startswith(("file:///", "data:")) for url in requested), requested
    assert errors == [], errors
