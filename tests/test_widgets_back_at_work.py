"""The widgets of notebook 08 that the time audit and progress parts add:
``ex.time_audit()`` and ``ex.progress()``, played as a learner would, with the journal
in a temporary LEADLIB_HOME; and their worksheets in handout mode."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest

from leadlib import widgets as ex
from leadlib.journal import open_journal
from leadlib.models import Content
from leadlib.widgets._controls import ANSWER_GROUP
from leadlib.widgets.progress_view import ICS_NAME

CALENDARS = Path(__file__).parent / "calendars"


def test_time_audit_typed_tagged_and_read_against_the_band(content: Content) -> None:
    situation = content.situations[0]
    with open_journal() as journal:
        journal.record("balance", "situation", situation.id)
        journal.record("balance", "share", 70)
    audit = ex.time_audit()
    assert audit.chart.png == b"" and "No hours are tagged" in audit.reading_text
    assert audit.add("Strategy offsite prep", 3)
    assert audit.add("Budget and staffing", 5)
    assert not audit.add("", 2)
    assert "give the activity a title" in audit.message_text
    assert not audit.add("Too long", 200)
    assert "200 hours is not possible" in audit.message_text
    rows = audit.rows.children
    assert len(rows) == 2
    # the tag buttons are one radio group each for the keyboard, like every answer group
    assert all(ANSWER_GROUP in row.children[0]._dom_classes for row in rows)
    rows[0].children[0].value = "leadership"  # the tag buttons, as a click sets them
    rows[1].children[0].value = "management"
    assert rows[0].children[0].description == "Strategy offsite prep (3 hours)"
    assert "37.5% leadership" in audit.reading_text
    # 05's slider is the learner's estimate of the split, never "where you want to be".
    assert "Your estimate in notebook 05 was 70% leadership" in audit.reading_text
    assert "want to be at 70" not in audit.reading_text
    assert "Set where you want to be with the slider above." in audit.reading.value
    assert "Your estimate in notebook 05 (open square): 70% leadership" in audit.chart.alt
    assert "Where you want to be" not in audit.chart.alt
    # Where I want to be: the time audit's own slider, validated and saved.
    assert not audit.set_wanted(140)
    assert "between 0 and 100" in audit.message_text
    audit.keep_wanted.click()  # the slider's starting 50%, kept as it is
    assert audit.wanted == 50.0 and "You want to be at 50% leadership" in audit.reading_text
    audit.wanted_slider.value = 60  # as a drag sets it
    assert audit.wanted == 60.0
    assert "You want to be at 60% leadership: your measured week is 22.5 points below" in (
        audit.reading_text
    )
    assert "Where you want to be (open circle): 60% leadership" in audit.chart.alt
    assert audit.chart.png.startswith(b"\x89PNG")
    with open_journal() as journal:
        saved = journal.answers("time_audit")
        assert journal.answers("balance")["share"] == 70  # 05's estimate is left alone
    assert [a["tag"] for a in saved["activities"]] == ["leadership", "management"]
    assert saved["wanted"] == 60
    # Coming back: the list, tags and wanted share are restored from the journal.
    again = ex.time_audit()
    assert [r.children[0].value for r in again.rows.children] == ["leadership", "management"]
    assert again.wanted == 60.0 and again.wanted_slider.value == 60
    assert again.remove(0) and len(again.rows.children) == 1


def test_time_audit_reads_an_uploaded_calendar_and_keeps_only_the_list(
    content: Content,
) -> None:
    audit = ex.time_audit()
    audit.add("daily stand-up", 2)
    audit.tag(0, "management")
    audit.week.value = dt.date(2026, 11, 25)
    audit.upload.value = (
        {
            "name": "google.ics",
            "content": memoryview((CALENDARS / "google.ics").read_bytes()),
            "type": "text/calendar",
            "size": 1,
            "last_modified": dt.datetime(2026, 11, 30, tzinfo=dt.timezone.utc),
        },
    )
    # Choosing the file reads it at once (no second button to press) ...
    assert "Read your week from the calendar" in audit.message_text
    assert audit.upload.value == ()  # ... and the file is not kept in the widget
    titles = [a.title for a in audit.activities]
    assert "Daily stand-up" in titles and len(titles) == 5
    # A tag given before to the same title is kept.
    assert [a.tag.value for a in audit.activities if a.tag] == ["management"]
    assert "1 event you declined" in audit.calendar_note.value
    with open_journal() as journal:
        saved = journal.answers("time_audit")
    assert saved["week"] == "2026-11-23"
    assert "BEGIN:VCALENDAR" not in str(saved) and "Private notes" not in str(saved)


def test_time_audit_broken_calendar_gets_a_message_and_keeps_the_list(content: Content) -> None:
    audit = ex.time_audit()
    audit.add("Planning", 2)
    audit.path.value = str(CALENDARS / "broken_cut.ics")
    assert not audit.read_calendar()
    assert "broken_cut.ics was not read: it is cut short" in audit.message_text
    assert [a.title for a in audit.activities] == ["Planning"]
    audit.path.value = ""
    assert not audit.read_calendar()
    assert "Choose a calendar file" in audit.message_text


def _answer_all(value: int, content: Content) -> None:
    with open_journal() as journal:
        for statement in content.statements:
            journal.record("self_assessment", statement.id, value)


def test_progress_one_round_then_a_new_round_then_then_and_now(content: Content) -> None:
    empty = ex.progress()
    assert empty.new_round_button.disabled and "No self-assessment answers" in (
        empty.rounds_table.value
    )
    _answer_all(3, content)
    view = ex.progress()
    assert "One round so far" in view.change_text_plain
    assert "the only round so far" in view.chart.alt
    view.ask_new_round()
    assert view.confirm_box.layout.display is None
    assert "kept here as round 1" in view.confirm_text.value
    assert "notebooks 03 and 06" in view.confirm_text.value
    assert view.start_new_round()
    with open_journal() as journal:
        assert journal.answers("self_assessment") == {}
        assert journal.answers("self_assessment_rounds")["1"]["answers"]
    assert view.new_round_button.disabled  # nothing current to keep yet
    # what is shown says what to do next (not "one round so far ... start a new round")
    assert "Round 1 is kept. Answer the self-assessment" in view.change_text_plain
    assert "Round 1 is kept" in ex.progress().change_text_plain
    # The retake: one trait two steps up.
    _answer_all(3, content)
    trait = content.traits[0]
    with open_journal() as journal:
        for statement in content.statements_for(trait.id)[:2]:
            journal.record("self_assessment", statement.id, 2 if statement.reverse else 4)
    view = ex.progress()
    assert f"{trait.name}: up 12.5 points" in view.change_text_plain
    assert "Round 1" in view.chart.alt and "Now" in view.chart.alt
    assert view.chart.png.startswith(b"\x89PNG")
    assert view.then_choice.layout.display == "none"  # one earlier round: nothing to choose
    # A third round: now can be compared with either earlier round.
    assert view.start_new_round()
    _answer_all(3, content)
    view = ex.progress()
    assert view.then_choice.layout.display is None
    assert [label for label, _n in view.then_choice.options][0].startswith("Round 1")
    assert "no trait moved" in view.change_text_plain  # round 1 and now: the same answers
    view.then_choice.value = 2
    assert f"{trait.name}: down 12.5 points" in view.change_text_plain
    assert "Round 2" in view.chart.alt and "Round 1" not in view.chart.alt


def test_progress_writes_the_checkins_calendar(content: Content, leadlib_home: Path) -> None:
    view = ex.progress()
    view.supporter.value = ""
    assert view.write_checkins() is None
    assert "name the person who will support you" in view.message_text
    view.supporter.value = "Maria Rossi"
    view.start.value = dt.date(2026, 12, 2)
    path = view.write_checkins()
    assert path == leadlib_home / "exports" / ICS_NAME and str(path) in view.message_text
    assert "text/calendar" in view.ics_output.value
    events = list(icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"))
    assert [e["DTSTART"].dt for e in events] == [
        dt.date(2027, 1, 1),
        dt.date(2027, 1, 31),
        dt.date(2027, 3, 2),
    ]
    assert ex.progress().supporter.value == "Maria Rossi"


def test_handout_mode_gives_the_paper_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADLIB_MODE", "handout")
    audit = ex.time_audit()
    html = audit._repr_html_()
    assert "leadlib-worksheet-time-audit" in html and "(L + B/2) / (L + M + B)" in html
    progress = ex.progress()
    html = progress._repr_html_()
    assert "leadlib-worksheet-progress" in html and "differ by 12.5 points or more" in html
    assert "After 90 days" in html
