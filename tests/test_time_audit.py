"""The time audit's rules (leadlib.time_audit) and the calendar reader
(leadlib.calendar_file) on Google- and Outlook-style exports written for these tests
(tests/calendars: RRULE, EXDATE, a moved occurrence, all-day, time zones, declined,
cancelled, broken files)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from leadlib import calendar_file
from leadlib.calendar_file import CalendarFileError, read_calendar_bytes, read_calendar_path
from leadlib.errors import AnswerError
from leadlib.journal.answers import TIME_AUDIT, validate_answer
from leadlib.models import Content
from leadlib.time_audit import Tag, activity, measure, parse_activities, read_audit

CALENDARS = Path(__file__).parent / "calendars"
WEEK = date(2026, 11, 25)  # a Wednesday: the week runs Monday 23 to Sunday 29


def hours(week: calendar_file.WeekOfCalendar) -> dict[str, tuple[float, int]]:
    return {a.title: (a.hours, a.count) for a in week.activities}


# -- the split's rule ---------------------------------------------------------------------


def test_both_counts_half_to_each_side_and_neither_stays_out() -> None:
    week = [
        activity("Strategy", 3, "leadership"),
        activity("Budget", 5, "management"),
        activity("One-to-ones", 2, "both"),
        activity("Travel", 4, "neither"),
        activity("Inbox", 6),
    ]
    measured = measure(week)
    assert measured.leadership_hours == 4 and measured.management_hours == 6
    assert measured.share == pytest.approx(40.0)
    assert measured.neither_hours == 4 and measured.untagged_hours == 6
    assert measured.untagged_count == 1 and measured.total_hours == 20


def test_no_tagged_hours_gives_no_share_and_says_so(content: Content) -> None:
    week = [activity("Travel", 4, "neither")]
    assert measure(week).share is None
    reading = read_audit(content, content.situations[0], week)
    assert reading.report is None
    assert "No hours are tagged" in reading.message and "4 hours tagged neither" in reading.message


def test_the_reading_uses_the_band_of_the_balance_exercise(content: Content) -> None:
    situation = content.situations[0]
    low, high = situation.leadership_band
    inside = [
        activity("Lead", low + 1, "leadership"),
        activity("Manage", 100 - low - 1, "management"),
    ]
    reading = read_audit(content, situation, inside, wanted=float(low + 1))
    assert reading.report is not None and reading.report.within
    assert f"{low}-{high}%" in reading.message
    assert "That is where you want to be" in reading.message
    below = [activity("Manage", 10, "management")]
    reading = read_audit(content, situation, below, wanted=70.0)
    assert reading.report is not None and reading.report.gap == -low
    assert "Your measured week (0% leadership)" in reading.message
    # the hours are said once ("10 hours", never "10 hours hours")
    assert "Of 10 hours of leadership and management work, 0 hours went to" in reading.message
    assert "hours hours" not in reading.message
    assert "You want to be at 70% leadership: your measured week is 70 points below" in (
        reading.message
    )
    assert "notebook 05" not in reading.message  # no estimate given, none mentioned


def test_measured_wanted_and_the_05_estimate_are_three_different_things(
    content: Content,
) -> None:
    """05's slider is a guess of the split, not where the learner wants to be: the
    reading compares the measurement with the wanted share and names the estimate as
    a guess (the reviewer's case: estimate 70, measured 50)."""
    situation = content.situations[0]
    week = [activity("Lead", 5, "leadership"), activity("Manage", 5, "management")]
    reading = read_audit(content, situation, week, wanted=60.0, estimate=70.0)
    assert reading.measured.share == pytest.approx(50.0)
    assert reading.wanted == 60.0 and reading.estimate == 70.0
    message = reading.message
    assert "You want to be at 60% leadership: your measured week is 10 points below that." in (
        message
    )
    assert (
        "Your estimate in notebook 05 was 70% leadership: measured, your week is 20 points "
        "below that guess." in message
    )
    assert "want to be at 70" not in message
    only_estimate = read_audit(content, situation, week, estimate=50.0)
    assert "matches the measurement" in only_estimate.message
    assert "want to be" not in only_estimate.message


def test_the_chart_marks_measured_wanted_and_estimate_apart(content: Content) -> None:
    from leadlib.plots import time_split

    week = [activity("Lead", 5, "leadership"), activity("Manage", 5, "management")]
    chart = time_split(content, content.situations[0], measure(week), 60.0, 70.0)
    assert "Your measured week: 50% leadership" in chart.alt
    assert "Where you want to be (open circle): 60% leadership." in chart.alt
    assert "Your estimate in notebook 05 (open square): 70% leadership." in chart.alt
    legend = chart.figure.axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [
        "Measured: 50%",
        "Wanted: 60%",
        "Estimate (05): 70%",
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("not a list", "expected a list of activities"),
        ([{"title": "", "hours": 1}], "Activity 1: give the activity a title"),
        ([{"title": "a", "hours": 0}], "Activity 1: 0 hours is not possible"),
        ([{"title": "a", "hours": True}], "Activity 1: the hours must be a number"),
        ([{"title": "a", "hours": float("nan")}], "the hours must be a number"),
        ([{"title": "a", "hours": 1, "tag": "lead"}], "Activity 1: the tag must be one of"),
        ([{"title": "a", "hours": 1, "where": "x"}], "unexpected field 'where'"),
        ([{"title": "a\x1b[2J", "hours": 1}], "control characters"),
        ([{"title": "a", "hours": 100}, {"title": "b", "hours": 100}], "add up to 200 hours"),
        ([{"title": "x" * 201, "hours": 1}], "201 characters long"),
        ([{"title": "a", "hours": 1}] * 201, "201 activities"),
    ],
)
def test_activities_are_checked_with_messages_naming_the_activity(
    value: object, message: str
) -> None:
    with pytest.raises(AnswerError, match=message.replace("(", r"\(").replace("[", r"\[")):
        parse_activities(value)


def test_the_journal_stores_activities_in_a_plain_form(content: Content) -> None:
    value = [{"title": " Strategy ", "hours": 1.234, "tag": "both"}, {"title": "x", "hours": 2}]
    stored = validate_answer(content, TIME_AUDIT, "activities", value)
    assert stored == [
        {"title": "Strategy", "hours": 1.23, "tag": "both"},
        {"title": "x", "hours": 2.0, "tag": None},
    ]
    assert parse_activities(stored)[0].tag is Tag.BOTH
    assert validate_answer(content, TIME_AUDIT, "week", "2026-11-23") == "2026-11-23"
    with pytest.raises(AnswerError, match="Time audit week: expected a date"):
        validate_answer(content, TIME_AUDIT, "week", "23/11/2026")
    assert validate_answer(content, TIME_AUDIT, "wanted", 60) == 60.0
    with pytest.raises(AnswerError, match="between 0 and 100"):
        validate_answer(content, TIME_AUDIT, "wanted", 120)
    with pytest.raises(AnswerError, match="saves 'activities', 'week' and 'wanted', not 'file'"):
        validate_answer(content, TIME_AUDIT, "file", "BEGIN:VCALENDAR")


# -- calendar files -----------------------------------------------------------------------


def test_a_google_export_is_read_with_its_repeats_time_zone_and_exclusions() -> None:
    week = read_calendar_path(CALENDARS / "google.ics", WEEK)
    assert week.week_start == date(2026, 11, 23)
    assert hours(week) == {
        # Weekly on weekdays, one day excluded (EXDATE): four quarter hours.
        "Daily stand-up": (1.0, 4),
        # Thursday's occurrence moved to Friday and made longer (RECURRENCE-ID).
        "Team meeting": (1.5, 1),
        # UTC times: Sunday 23:30 UTC is Monday 00:30 in Berlin (X-WR-TIMEZONE).
        "Late call with Sydney": (0.5, 1),
        "One-to-one with Sam": (1.0, 1),
        "Strategy: where we want to be in 2028": (3.0, 1),
    }
    # The calendar's name is the owner's address: their declined event is left out.
    assert (week.all_day, week.cancelled, week.declined) == (1, 1, 1)
    summary = week.summary()
    assert "1 all-day event (it marks a day" in summary
    assert "1 cancelled event;" in summary and "1 event you declined" in summary
    # Nothing but titles and hours: no description, no attendee.
    assert "Private notes" not in repr(week) and "sam.lee" not in repr(week)


def test_an_outlook_export_is_read_with_windows_time_zones_and_durations() -> None:
    week = read_calendar_path(CALENDARS / "outlook.ics", WEEK)
    assert hours(week) == {
        # Same title in another case and spacing: one activity.
        "Project status review": (2.5, 2),
        # Escaped comma and semicolon, a folded line.
        "Hiring: review CVs, shortlist; decide who we invite for a second interview": (2.0, 1),
        # Tuesdays and Thursdays, COUNT=10, Thursday the 26th excluded.
        "Weekly 1:1s": (1.0, 1),
    }
    assert (week.all_day, week.long_events, week.empty) == (1, 1, 1)
    assert "1 event longer than 12 hours" in week.summary()


def test_other_weeks_of_the_same_file() -> None:
    earlier = read_calendar_path(CALENDARS / "google.ics", date(2026, 11, 16))
    assert hours(earlier)["Daily stand-up"] == (1.25, 5)
    assert hours(earlier)["Team meeting"] == (1.0, 1)
    assert "Sunday before the week" in hours(earlier)
    later = read_calendar_path(CALENDARS / "outlook.ics", date(2026, 12, 7))
    assert later.activities == []  # the series ended after ten meetings


def test_declined_needs_the_learners_address_when_the_calendar_has_none() -> None:
    text = (
        (CALENDARS / "google.ics")
        .read_bytes()
        .replace(b"X-WR-CALNAME:ana.manager@example.com", b"X-WR-CALNAME:Work")
    )
    unknown = read_calendar_bytes(text, "work.ics", WEEK)
    assert unknown.declined == 0 and "Vendor pitch" in hours(unknown)
    known = read_calendar_bytes(text, "work.ics", WEEK, me="Ana.Manager@example.com")
    assert known.declined == 1 and "Vendor pitch" not in hours(known)


def test_a_cut_short_file_gets_a_clear_message() -> None:
    with pytest.raises(CalendarFileError, match="broken_cut.ics was not read: it is cut short"):
        read_calendar_path(CALENDARS / "broken_cut.ics", WEEK)


def test_a_file_whose_dates_are_unreadable_gets_a_clear_message() -> None:
    with pytest.raises(CalendarFileError, match="none of its 1 events has a readable date"):
        read_calendar_path(CALENDARS / "broken_dates.ics", WEEK)


def test_one_broken_event_is_left_out_and_counted() -> None:
    text = (
        (CALENDARS / "outlook.ics")
        .read_bytes()
        .replace(
            b'DTSTART;TZID="W. Europe Standard Time":20261125T140000',
            b'DTSTART;TZID="W. Europe Standard Time":2026-11-25',
        )
    )
    week = read_calendar_bytes(text, "outlook.ics", WEEK)
    # Only Friday's review is left, under its own spelling.
    assert week.broken == 1 and hours(week)["project status review"] == (1.0, 1)
    assert "1 event whose date or time could not be read" in week.summary()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"format": "leadlib-export"}', "does not start with BEGIN:VCALENDAR"),
        (b"\xff\xfe\x00binary", "it is not text"),
        (b"", "does not start with BEGIN:VCALENDAR"),
        (
            b"BEGIN:VCALENDAR\r\ngarbage line without a colon\r\nEND:VCALENDAR\r\n",
            "the calendar format is broken in it",
        ),
    ],
)
def test_a_file_that_is_not_a_calendar_is_refused_plainly(data: bytes, message: str) -> None:
    with pytest.raises(CalendarFileError, match=message) as caught:
        read_calendar_bytes(data, "upload\x1b.ics", WEEK)
    assert "\x1b" not in str(caught.value) and "\\x1b" in str(caught.value)


def test_size_limit_is_checked_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(calendar_file, "MAX_ICS_BYTES", 100)
    big = tmp_path / "big.ics"
    big.write_bytes(b"BEGIN:VCALENDAR\r\n" + b"X" * 200)
    with pytest.raises(CalendarFileError, match="more than the 100 a calendar export needs"):
        read_calendar_path(big, WEEK)
    with pytest.raises(CalendarFileError, match="more than the 100"):
        read_calendar_bytes(big.read_bytes(), "big.ics", WEEK)


def test_folders_missing_files_and_pipes_are_named(tmp_path: Path) -> None:
    with pytest.raises(CalendarFileError, match="this is a folder"):
        read_calendar_path(tmp_path, WEEK)
    with pytest.raises(CalendarFileError, match="there is no such file"):
        read_calendar_path(tmp_path / "nope.ics", WEEK)
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.ics"
        os.mkfifo(fifo)
        with pytest.raises(CalendarFileError, match="not a regular file"):
            read_calendar_path(fifo, WEEK)  # returns at once: never opened


def test_series_repeating_every_minute_are_left_out() -> None:
    flood = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\n"
        b"UID:f@x\r\nDTSTAMP:20261130T080000Z\r\nDTSTART:20261101T000000Z\r\n"
        b"DTEND:20261101T000030Z\r\nRRULE:FREQ=SECONDLY\r\nSUMMARY:Flood\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:g@x\r\nDTSTAMP:20261130T080000Z\r\nDTSTART:20261124T090000Z\r\n"
        b"DTEND:20261124T100000Z\r\nSUMMARY:Real\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    week = read_calendar_bytes(flood, "flood.ics", WEEK)
    assert week.too_frequent == 1 and hours(week) == {"Real": (1.0, 1)}


def test_a_week_with_too_many_events_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calendar_file, "MAX_OCCURRENCES", 5)
    with pytest.raises(CalendarFileError, match="more than 5 events"):
        read_calendar_path(CALENDARS / "google.ics", WEEK)


def _single(uid: int, day: str, hour: int, title: str) -> str:
    return (
        f"BEGIN:VEVENT\r\nUID:e{uid}@x\r\nDTSTAMP:20261130T080000Z\r\n"
        f"DTSTART:{day}T{hour:02d}0000Z\r\nDTEND:{day}T{hour + 1:02d}0000Z\r\n"
        f"SUMMARY:{title}\r\nEND:VEVENT\r\n"
    )


def test_years_of_history_are_skipped_unread_and_the_week_is_exact() -> None:
    """A Google export holds every event ever: only the days around the week are parsed
    (the rest would take the parser seconds per megabyte)."""
    events = [
        _single(
            i,
            date.fromordinal(date(2020, 1, 1).toordinal() + i // 3).strftime("%Y%m%d"),
            9 + i % 3,
            f"Old {i % 40}",
        )
        for i in range(6000)
    ]
    events.append(_single(99_999, "20261124", 9, "In the week"))
    events.append(
        "BEGIN:VEVENT\r\nUID:s@x\r\nDTSTAMP:20261130T080000Z\r\nDTSTART:20200106T150000Z\r\n"
        "DTEND:20200106T153000Z\r\nRRULE:FREQ=WEEKLY;BYDAY=MO\r\nSUMMARY:Since 2020\r\n"
        "END:VEVENT\r\n"
    )
    text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n" + "".join(events)
    week = read_calendar_bytes((text + "END:VCALENDAR\r\n").encode(), "history.ics", WEEK)
    assert hours(week) == {"In the week": (1.0, 1), "Since 2020": (0.5, 1)}


def test_series_repeating_within_a_day_and_events_without_a_start_are_left_out() -> None:
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n"
        "BEGIN:VEVENT\r\nUID:h@x\r\nDTSTAMP:20261130T080000Z\r\nDTSTART:20261101T000000Z\r\n"
        "DTEND:20261101T000100Z\r\nRRULE:FREQ=DAILY;BYHOUR=1,2,3;BYMINUTE=0,1,2,3\r\n"
        "SUMMARY:Every minute\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:n@x\r\nDTSTAMP:20261130T080000Z\r\nSUMMARY:No start\r\n"
        "END:VEVENT\r\n" + _single(1, "20261124", 9, "Real") + "END:VCALENDAR\r\n"
    )
    week = read_calendar_bytes(text.encode(), "odd.ics", WEEK)
    assert (week.too_frequent, week.broken) == (1, 1) and hours(week) == {"Real": (1.0, 1)}


def test_deeply_nested_components_are_refused_plainly() -> None:
    deep = b"BEGIN:VCALENDAR\r\n" + b"BEGIN:VEVENT\r\n" * 5000
    deep += b"END:VEVENT\r\n" * 5000 + b"END:VCALENDAR\r\n"
    with pytest.raises(CalendarFileError, match="deep.ics was not read"):
        read_calendar_bytes(deep, "deep.ics", WEEK)


_SWAP = {Tag.LEADERSHIP: Tag.MANAGEMENT, Tag.MANAGEMENT: Tag.LEADERSHIP}


@given(
    st.lists(
        st.tuples(
            st.floats(min_value=0.25, max_value=8, allow_nan=False),
            st.sampled_from([*Tag, None]),
        ),
        max_size=20,
    )
)
@example([(1.5703125, Tag.LEADERSHIP)])  # 100 * x / x came out as 100.00000000000001
def test_the_share_is_a_percentage_and_mirrors_when_the_sides_swap(
    week: list[tuple[float, Tag | None]],
) -> None:
    items = [activity(f"a{i}", h, t) for i, (h, t) in enumerate(week)]
    mirrored = [
        activity(a.title, a.hours, _SWAP.get(a.tag, a.tag) if a.tag else None) for a in items
    ]
    share, other = measure(items).share, measure(mirrored).share
    if share is None:
        assert other is None
    else:
        assert 0 <= share <= 100 and other == pytest.approx(100 - share)
