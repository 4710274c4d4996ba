"""Read one week of a calendar file (.ics, RFC 5545, as Google Calendar, Outlook and
Apple Calendar export it) into the time audit's activities: titles and hours only.

Parsed with ``icalendar``; repeating events (RRULE, RDATE, EXDATE, moved or cancelled
single occurrences) are expanded within the week with ``recurring-ical-events``, which
also reads Google's X-WR-TIMEZONE. The rules, as the learner is told them:

- only the days around the week are parsed (single events starting more than two days
  outside it are skipped unread), so a file with years of history reads quickly;
- an event counts in the week where it starts, at the wall-clock time of its own time
  zone; its hours are DTEND - DTSTART (or its DURATION);
- all-day events (holidays, "out of office", "working from home") and events longer
  than ``LONG_EVENT_HOURS`` (a conference, a trip) mark a period, not hours worked:
  they are left out and counted, so the learner can add what they really did by hand;
- cancelled events (STATUS:CANCELLED), events the learner declined (their ATTENDEE
  line has PARTSTAT=DECLINED; "their" is the address given, or the calendar's name
  when Google exports it as an address), events of zero length and series repeating
  every hour or faster (or several times a day by BYHOUR, BYMINUTE, BYSECOND) are left
  out and counted;
- events with the same title (after trimming and ignoring case) become one activity,
  so a daily stand-up is tagged once; overlapping events are each counted in full.

A file handed over may be broken or hostile, as with exports (``leadlib.exportfile``):
only a regular file of at most ``MAX_ICS_BYTES`` is read (checked before reading, with
a non-blocking open), a file that does not start with BEGIN:VCALENDAR or that the
parser refuses gets a plain message, a week with more than ``MAX_OCCURRENCES`` events
is refused, and titles pass through ``printable``. Nothing is written: the file is not
kept, only the activities the learner saves.

Imports icalendar and recurring_ical_events inside functions; must not import
matplotlib, ipywidgets, nbconvert, sqlite3 or the journal.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from .errors import LeadlibError, printable
from .exportfile import _OPEN_FLAGS
from .i18n import _, ngettext
from .time_audit import MAX_ACTIVITIES, MAX_TITLE, Activity

#: A year of a busy calendar exports to 1-3 MB; far bigger is refused before reading.
MAX_ICS_BYTES = 10_000_000
#: Most event occurrences one week may hold (a packed week has about 60).
MAX_OCCURRENCES = 2_000
#: An event longer than this marks a period (a trip, a conference), not hours worked.
LONG_EVENT_HOURS = 12.0
#: Series repeating this often are not meetings (no calendar program offers them).
TOO_FREQUENT = frozenset({"SECONDLY", "MINUTELY", "HOURLY"})
#: Rule parts that repeat a series within one day (no calendar program writes more
#: than one value for them): a rule with several is counted as too frequent.
_WITHIN_A_DAY = ("BYHOUR", "BYMINUTE", "BYSECOND")
#: An event with one of these broken cannot be placed in time: it is left out.
_TIME_PROPERTIES = frozenset(
    {"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"}
)


class CalendarFileError(LeadlibError, ValueError):
    """A calendar file that cannot be read; the message names the file and says why."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        super().__init__(
            _("The calendar file {name} was not read: {reason}.").format(
                name=printable(name), reason=reason
            )
        )


@dataclass
class WeekOfCalendar:
    """One week read from a calendar: its activities (titles grouped, hours summed, not
    tagged) and how many events were left out, by reason."""

    week_start: date
    activities: list[Activity]
    all_day: int = 0
    long_events: int = 0
    cancelled: int = 0
    declined: int = 0
    empty: int = 0
    too_frequent: int = 0
    broken: int = 0
    events: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """What was read and what was left out, in one paragraph for the learner."""
        parts = [
            ngettext(
                "Read {events} event in the week of {week}, grouped into {count} "
                "activities by title.",
                "Read {events} events in the week of {week}, grouped into {count} "
                "activities by title.",
                self.events,
            ).format(
                events=self.events, week=self.week_start.isoformat(), count=len(self.activities)
            )
        ]
        left = [
            ngettext(
                "{count} all-day event (it marks a day, not hours worked)",
                "{count} all-day events (they mark a day, not hours worked)",
                self.all_day,
            ),
            ngettext(
                "{count} event longer than {hours:g} hours",
                "{count} events longer than {hours:g} hours",
                self.long_events,
            ),
            ngettext("{count} cancelled event", "{count} cancelled events", self.cancelled),
            ngettext("{count} event you declined", "{count} events you declined", self.declined),
            ngettext("{count} event with no length", "{count} events with no length", self.empty),
            ngettext(
                "{count} series repeating several times a day",
                "{count} series repeating several times a day",
                self.too_frequent,
            ),
            ngettext(
                "{count} event whose date or time could not be read",
                "{count} events whose date or time could not be read",
                self.broken,
            ),
        ]
        counts = (
            self.all_day,
            self.long_events,
            self.cancelled,
            self.declined,
            self.empty,
            self.too_frequent,
            self.broken,
        )
        shown = [
            text.format(count=count, hours=LONG_EVENT_HOURS)
            for text, count in zip(left, counts, strict=True)
            if count
        ]
        if shown:
            parts.append(
                _("Left out: {list}. Add by hand what you really did on those days.").format(
                    list="; ".join(shown)
                )
            )
        return " ".join(parts + self.notes)


def week_monday(day: date) -> date:
    """The Monday of ``day``'s week (weeks run Monday to Sunday, ISO 8601)."""
    return day - timedelta(days=day.weekday())


def read_calendar_path(
    path: str | os.PathLike[str], week_start: date, me: str | None = None
) -> WeekOfCalendar:
    """The week starting ``week_start`` (moved to its Monday) of the calendar file at
    ``path``; CalendarFileError with a plain reason if it cannot be read."""
    source = Path(path).expanduser()
    return read_calendar_bytes(_read_bytes(source), source.name, week_start, me)


def _read_bytes(path: Path) -> bytes:
    name = path.name or str(path)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise CalendarFileError(name, _("this is a folder, not a calendar file"))
        if not stat.S_ISREG(info.st_mode):
            raise CalendarFileError(
                name, _("this is not a regular file (a pipe or a device): it was not opened")
            )
        if info.st_size > MAX_ICS_BYTES:
            raise CalendarFileError(name, _too_large(info.st_size))
        fd = os.open(path, _OPEN_FLAGS)
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise CalendarFileError(name, _("this is not a regular file: it was not read"))
            return handle.read(MAX_ICS_BYTES + 1)
    except FileNotFoundError:
        raise CalendarFileError(
            name,
            _("there is no such file ({path}); check the name and the folder").format(
                path=printable(str(path))
            ),
        ) from None
    except OSError as error:
        why = error.strerror or error.__class__.__name__
        raise CalendarFileError(
            name, _("the file cannot be read ({why}); check its permissions").format(why=why)
        ) from None


def _too_large(size: int) -> str:
    return _(
        "the file is {size:,} bytes, more than the {limit:,} a calendar export needs; "
        "export a shorter period (a month is plenty)"
    ).format(size=size, limit=MAX_ICS_BYTES)


def read_calendar_bytes(
    data: bytes, name: str, week_start: date, me: str | None = None
) -> WeekOfCalendar:
    """As ``read_calendar_path``, for the bytes of a file (an upload in the browser);
    ``name`` is the file's name, for messages."""
    import icalendar
    import recurring_ical_events

    if len(data) > MAX_ICS_BYTES:
        raise CalendarFileError(name, _too_large(len(data)))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CalendarFileError(
            name,
            _(
                "it is not text (byte {position}); a calendar export (.ics) is a text "
                "file starting with BEGIN:VCALENDAR"
            ).format(position=error.start),
        ) from None
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise CalendarFileError(
            name,
            _(
                "it does not start with BEGIN:VCALENDAR, so it is not a calendar export "
                "(.ics). Export the calendar again from your calendar program"
            ),
        )
    if "END:VCALENDAR" not in text.upper():
        raise CalendarFileError(
            name,
            _(
                "it is cut short (it has no END:VCALENDAR line); export the calendar "
                "again and check that the download finished"
            ),
        )
    monday = week_monday(week_start)
    try:
        calendar = icalendar.Calendar.from_ical(_near_week(text, monday))
    except Exception as error:  # icalendar raises several kinds for a broken file
        problem = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise CalendarFileError(
            name,
            _(
                "the calendar format is broken in it ({problem}); export the calendar "
                "again, and do not edit the file"
            ).format(problem=printable(problem, 120)),
        ) from None
    week = WeekOfCalendar(monday, [])
    _drop_unusable(calendar, week, name)
    owner = _owner(calendar, me)
    try:
        # A day's margin either side: an event is then kept by its own wall-clock start.
        query = recurring_ical_events.of(calendar, skip_bad_series=True)
        occurrences = []
        for event in query.after(datetime.combine(monday - timedelta(days=1), datetime.min.time())):
            start = event.get("DTSTART")
            if start is not None and _wall(start.dt) >= monday + timedelta(days=8):
                break
            occurrences.append(event)
            if len(occurrences) > MAX_OCCURRENCES:
                raise CalendarFileError(
                    name,
                    _(
                        "the week holds more than {most:,} events, more than any real "
                        "week: this is not a usable calendar export"
                    ).format(most=MAX_OCCURRENCES),
                )
    except CalendarFileError:
        raise
    except Exception as error:
        raise CalendarFileError(
            name,
            _(
                "its repeating events could not be worked out ({problem}); export the "
                "calendar again"
            ).format(problem=printable(str(error), 120)),
        ) from None
    _gather(week, occurrences, owner)
    return week


_FOLD = re.compile(r"\r?\n[ \t]")
_VEVENT = re.compile(r"^BEGIN:VEVENT\r?$.*?^END:VEVENT\r?$\n?", re.S | re.I | re.M)
_REPEATS = re.compile(r"^(RRULE|RDATE|RECURRENCE-ID)[;:]", re.I | re.M)
_DTSTART = re.compile(r"^DTSTART[^:\r\n]*:(\d{8})", re.I | re.M)


def _near_week(text: str, monday: date) -> str:
    """``text`` without the single events that start far from the week (two days'
    margin either side, for time zones), so that a calendar's years of history are not
    parsed to read one week. Repeating events, moved occurrences and anything whose
    start cannot be seen stay for the parser to judge. Lines are unfolded first."""
    low = (monday - timedelta(days=2)).strftime("%Y%m%d")
    high = (monday + timedelta(days=9)).strftime("%Y%m%d")

    def keep(match: re.Match[str]) -> str:
        block = match.group(0)
        if _REPEATS.search(block):
            return block
        start = _DTSTART.search(block)
        return block if start is None or low <= start.group(1) <= high else ""

    return _VEVENT.sub(keep, _FOLD.sub("", text))


def _drop_unusable(calendar: Any, week: WeekOfCalendar, name: str) -> None:
    """Remove events whose times cannot be read (counted as broken) and series that
    repeat every hour or faster (no meeting does; expanding them would only cost time).
    CalendarFileError when the file has events and none is readable."""
    kept = []
    events = 0
    for component in calendar.subcomponents:
        if component.name != "VEVENT":
            kept.append(component)
            continue
        events += 1
        broken = {str(prop).upper() for prop, _why in getattr(component, "errors", [])}
        if broken & _TIME_PROPERTIES or component.get("DTSTART") is None:
            week.broken += 1
            continue
        rule = component.get("RRULE")
        rules = rule if isinstance(rule, list) else [rule] if rule is not None else []
        freqs = {str(f).upper() for r in rules for f in r.get("FREQ", [])}
        many = any(len(r.get(part, [])) > 1 for r in rules for part in _WITHIN_A_DAY)
        if freqs & TOO_FREQUENT or many:
            week.too_frequent += 1
            continue
        kept.append(component)
    if events and week.broken == events:
        raise CalendarFileError(
            name,
            _(
                "none of its {count} events has a readable date and time; export the "
                "calendar again, and do not edit the file"
            ).format(count=events),
        )
    calendar.subcomponents[:] = kept


def _owner(calendar: Any, me: str | None) -> str | None:
    """The learner's address, for PARTSTAT: ``me`` or Google's calendar name when it is
    an address; lower case, without "mailto:"."""
    candidate = me if me else str(calendar.get("X-WR-CALNAME", ""))
    candidate = candidate.strip().lower().removeprefix("mailto:")
    return candidate if "@" in candidate else None


def _wall(value: date | datetime) -> date:
    """The calendar day of a start, at its own wall-clock time."""
    return value.date() if isinstance(value, datetime) else value


def _declined(event: Any, owner: str | None) -> bool:
    if owner is None:
        return False
    attendees = event.get("ATTENDEE")
    if attendees is None:
        return False
    if not isinstance(attendees, list):
        attendees = [attendees]
    for attendee in attendees:
        address = str(attendee).strip().lower().removeprefix("mailto:")
        if address == owner:
            return str(attendee.params.get("PARTSTAT", "")).upper() == "DECLINED"
    return False


def _hours(event: Any) -> float | None:
    """The event's length in hours; None for an all-day event (dates, not times)."""
    start = event.get("DTSTART")
    if start is None:
        return 0.0
    begin = start.dt
    if not isinstance(begin, datetime):
        return None
    end = event.get("DTEND")
    if end is not None:
        finish = end.dt
        if not isinstance(finish, datetime):
            return None
        try:
            span = finish - begin
        except TypeError:  # one time with a zone and one without: take the wall clock
            span = finish.replace(tzinfo=None) - begin.replace(tzinfo=None)
    elif event.get("DURATION") is not None:
        span = event.get("DURATION").dt
    else:
        span = timedelta(0)
    return max(span.total_seconds(), 0.0) / 3600


def _gather(week: WeekOfCalendar, occurrences: Iterable[Any], owner: str | None) -> None:
    end = week.week_start + timedelta(days=7)
    groups: dict[str, list[Any]] = {}
    for event in occurrences:
        start = event.get("DTSTART")
        if start is None or not week.week_start <= _wall(start.dt) < end:
            continue
        week.events += 1
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            week.cancelled += 1
            continue
        if _declined(event, owner):
            week.declined += 1
            continue
        hours = _hours(event)
        if hours is None:
            week.all_day += 1
            continue
        if hours > LONG_EVENT_HOURS:
            week.long_events += 1
            continue
        if hours <= 0:
            week.empty += 1
            continue
        title = _title(event)
        group = groups.setdefault(" ".join(title.casefold().split()), [title, 0.0, 0])
        group[1] += hours
        group[2] += 1
    ordered = sorted(groups.values(), key=lambda g: (-g[1], g[0].casefold()))
    if len(ordered) > MAX_ACTIVITIES:
        rest = ordered[MAX_ACTIVITIES - 1 :]
        ordered = ordered[: MAX_ACTIVITIES - 1] + [
            [_("Other events"), sum(g[1] for g in rest), sum(g[2] for g in rest)]
        ]
        week.notes.append(
            _("The {count} shortest activities were gathered as 'Other events'.").format(
                count=len(rest)
            )
        )
    week.activities = [
        Activity(title, round(min(hours, 168.0), 2), count) for title, hours, count in ordered
    ]


def _title(event: Any) -> str:
    """The event's title, safe to show: control characters escaped, cut to MAX_TITLE."""
    raw = " ".join(str(event.get("SUMMARY", "")).split())
    return printable(raw, MAX_TITLE) if raw else _("(no title)")


__all__ = [
    "LONG_EVENT_HOURS",
    "MAX_ICS_BYTES",
    "MAX_OCCURRENCES",
    "CalendarFileError",
    "WeekOfCalendar",
    "read_calendar_bytes",
    "read_calendar_path",
    "week_monday",
]
