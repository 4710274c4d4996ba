"""Progress over time (leadlib.progress): dated rounds on the journal's generic answers
table, change claimed only above one answer step, the then-and-now chart; and the
plan's check-ins written as an .ics file and parsed back (leadlib.checkins)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import icalendar
import pytest

from leadlib.checkins import check_supporter, checkin_uid, checkins_ics
from leadlib.errors import AnswerError
from leadlib.journal import open_journal
from leadlib.journal.answers import CHECKINS, SELF_ASSESSMENT, SELF_ASSESSMENT_ROUNDS
from leadlib.models import Content
from leadlib.plots import then_and_now
from leadlib.progress import (
    Round,
    check_round,
    compare_rounds,
    next_round,
    progress_message,
    rounds_from,
)
from leadlib.scoring import item_step


def neutral(content: Content) -> dict[str, int]:
    return {s.id: 3 for s in content.statements}


def moved(content: Content, trait_index: int, steps: int) -> dict[str, int]:
    """Neutral answers, with ``steps`` answers of one trait one step up (keyed)."""
    answers = neutral(content)
    trait = content.traits[trait_index]
    for statement in content.statements_for(trait.id)[:steps]:
        answers[statement.id] = 2 if statement.reverse else 4
    return answers


def test_one_answer_step_is_within_precision_two_are_a_change(content: Content) -> None:
    step = item_step(content)
    assert step == pytest.approx(6.25)
    then = Round(1, date(2026, 9, 1), neutral(content))
    one = compare_rounds(content, then, Round(0, date(2026, 12, 1), moved(content, 0, 1)))
    assert one[0].difference == pytest.approx(step) and not one[0].changed
    two = compare_rounds(content, then, Round(0, date(2026, 12, 1), moved(content, 0, 2)))
    assert two[0].difference == pytest.approx(2 * step) and two[0].changed
    assert not any(c.changed for c in two[1:])
    message = progress_message(then, Round(0, date(2026, 12, 1), moved(content, 0, 2)), two)
    assert "1 trait moved by 2 answer steps (12.5 points) or more" in message
    assert f"{content.traits[0].name}: up 12.5 points (50 then, 62.5 now)" in message
    same = progress_message(then, then, compare_rounds(content, then, then))
    assert "no trait moved by 2 answer steps (12.5 points) or more" in same


def test_the_step_grows_when_fewer_statements_were_answered(content: Content) -> None:
    trait = content.traits[0]
    first = content.statements_for(trait.id)[0]
    then = Round(1, date(2026, 9, 1), {first.id: 3})
    now = Round(0, date(2026, 12, 1), {first.id: 2 if first.reverse else 4})
    change = compare_rounds(content, then, now)[0]
    # One statement answered: one step on it moves the score 25 points, no more.
    assert change.step == pytest.approx(25.0) and not change.changed
    assert compare_rounds(content, then, now)[1].difference is None


def test_rounds_are_ordered_and_the_current_answers_come_last(content: Content) -> None:
    kept = {
        "2": {"date": "2026-10-01", "answers": moved(content, 1, 2)},
        "1": {"date": "2026-09-01", "answers": neutral(content)},
        "3": {"date": "not a date", "answers": {}},  # a broken row is skipped
    }
    rounds = rounds_from(content, kept, {"nope": 3, **neutral(content)}, date(2026, 12, 1))
    assert [r.number for r in rounds] == [1, 2, 0]
    assert rounds[-1].current and rounds[-1].label() == "Now (2026-12-01)"
    assert "nope" not in rounds[-1].answers
    assert rounds[0].label() == "Round 1 (2026-09-01)"
    assert rounds_from(content, {}, {}, date(2026, 12, 1)) == []


def test_next_round_numbers_on_and_refuses_nothing(content: Content) -> None:
    item, value = next_round(content, {"1": {}, "7": {}}, neutral(content), date(2026, 12, 1))
    assert item == "8" and value == {"date": "2026-12-01", "answers": neutral(content)}
    with pytest.raises(AnswerError, match="answer the self-assessment \\(notebook 03\\) first"):
        next_round(content, {}, {}, date(2026, 12, 1))


@pytest.mark.parametrize(
    ("item", "value", "message"),
    [
        ("0", {"date": "2026-09-01", "answers": {"x": 1}}, "numbered 1 to 100, found '0'"),
        ("101", {"date": "2026-09-01", "answers": {"x": 1}}, "numbered 1 to 100"),
        ("1", {"date": "2026-09-01"}, "round 1: expected a date and the answers"),
        ("1", {"date": "2026-02-30", "answers": {"x": 1}}, "round 1: expected a date"),
        ("1", {"date": "2026-09-01", "answers": {}}, "round 1: a round holds at least one"),
        ("2", {"date": "2026-09-01", "answers": {"nope": 3}}, "round 2: Unknown statement id"),
    ],
)
def test_round_validator_names_the_round_and_the_problem(
    content: Content, item: str, value: object, message: str
) -> None:
    with pytest.raises(AnswerError, match=message):
        check_round(content, item, value)


def test_rounds_live_in_the_generic_answers_table(content: Content) -> None:
    """An existing journal keeps working: rounds are rows like any other answer."""
    with open_journal() as journal:
        for statement, value in neutral(content).items():
            journal.record(SELF_ASSESSMENT, statement, value)
        item, value = next_round(
            content,
            journal.answers(SELF_ASSESSMENT_ROUNDS),
            journal.answers(SELF_ASSESSMENT),
            date(2026, 9, 1),
        )
        journal.record(SELF_ASSESSMENT_ROUNDS, item, value)
        journal.clear(SELF_ASSESSMENT)
        assert journal.answers(SELF_ASSESSMENT) == {}
        assert journal.answers(SELF_ASSESSMENT_ROUNDS) == {"1": value}
        assert journal.history(SELF_ASSESSMENT_ROUNDS)[0].recorded_at.startswith("20")
        journal.record(CHECKINS, "supporter", "  Maria   Rossi ")
        assert journal.answers(CHECKINS) == {"supporter": "Maria Rossi"}
        with pytest.raises(AnswerError, match="Check-ins start date: expected a date"):
            journal.record(CHECKINS, "start", "soon")


def test_the_chart_marks_change_and_says_so_in_its_alt_text(content: Content) -> None:
    rounds = [
        Round(1, date(2026, 9, 1), neutral(content)),
        Round(0, date(2026, 12, 1), moved(content, 4, 2)),
    ]
    chart = then_and_now(content, rounds)
    assert chart.png().startswith(b"\x89PNG")
    assert "reaches 12.5 points (2 answer steps)" in chart.alt
    assert f"{content.traits[4].name}: up 12.5 points" in chart.alt
    assert f"{content.traits[0].name}: about the same" in chart.alt


def test_the_chart_draws_one_round_without_a_comparison(content: Content) -> None:
    chart = then_and_now(content, [Round(1, date(2026, 9, 1), neutral(content))])
    assert chart.png().startswith(b"\x89PNG")
    assert "the only round so far" in chart.alt and "Retake" in chart.alt
    with pytest.raises(ValueError, match="no self-assessment round"):
        then_and_now(content, [])


# -- check-ins ----------------------------------------------------------------------------


def test_checkins_round_trip_through_an_ics_parser() -> None:
    now = datetime(2026, 12, 2, 8, 30, 15, 123, tzinfo=timezone.utc)
    data = checkins_ics(
        date(2026, 12, 2), "Maria, my mentor; N\\A", key="P-7K3Q9X", focus=["Vision"], now=now
    )
    assert b"\r\n" in data and data.startswith(b"BEGIN:VCALENDAR\r\n")
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["VERSION"]) == "2.0" and "leadlib" in str(calendar["PRODID"])
    events = list(calendar.walk("VEVENT"))
    assert [e["DTSTART"].dt for e in events] == [
        date(2027, 1, 1),
        date(2027, 1, 31),
        date(2027, 3, 2),
    ]
    assert all(e["DTEND"].dt - e["DTSTART"].dt == timedelta(days=1) for e in events)
    assert all(e["DTSTAMP"].dt == now.replace(microsecond=0) for e in events)
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == 3 and all(u.endswith("@leadlib") for u in uids)
    assert str(events[0]["SUMMARY"]) == (
        "Development plan check-in (30 days) with Maria, my mentor; N\\A"
    )
    assert "Vision" in str(events[0]["DESCRIPTION"])
    assert "Retake the self-assessment" in str(events[2]["DESCRIPTION"])
    assert "Retake" not in str(events[0]["DESCRIPTION"])
    assert all(len(e.walk("VALARM")) == 1 for e in events)
    assert all(not e.errors for e in calendar.walk())


def test_checkin_uids_are_stable_for_the_same_plan() -> None:
    start = date(2026, 12, 2)
    assert checkin_uid("P-1", start, 30) == checkin_uid("P-1", start, 30)
    assert checkin_uid("P-1", start, 30) != checkin_uid("P-2", start, 30)
    assert checkin_uid("P-1", start, 30) != checkin_uid("P-1", start, 60)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "name the person"),
        ("  ", "name the person"),
        (None, "name the person"),
        ("x" * 81, "81 characters"),
        ("Eve\x07", "control characters"),
    ],
)
def test_the_supporter_must_be_named(name: object, message: str) -> None:
    with pytest.raises(AnswerError, match=message):
        check_supporter(name)
    with pytest.raises(AnswerError, match=message):
        checkins_ics(date(2026, 12, 2), name, key="P-1")
