"""The development plan's check-ins: 30, 60 and 90 days after the plan's date, each a
conversation with a supporter the learner names, written as a calendar file (.ics,
RFC 5545) to add to any calendar program.

Each check-in is an all-day event (the learner picks the hour in their own calendar)
with a reminder at 9:00 that day. Every event has a UID, derived from the learner's
participant code, the start date and the day count, so that exporting the same plan
again updates the events in the calendar instead of adding copies; DTSTAMP is the time
the file was made. Written with ``icalendar`` (imported inside ``checkins_ics``).

Pure functions; must not import matplotlib, ipywidgets, nbconvert, sqlite3 or the
journal.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone

from .errors import AnswerError, printable
from .i18n import _

#: Days after the start of the plan when the check-ins fall.
CHECKIN_DAYS = (30, 60, 90)
#: Longest supporter's name kept.
MAX_SUPPORTER = 80
PRODID = "-//leadlib//Leadership and management course//EN"


def check_supporter(value: object) -> str:
    """The supporter's name: 1 to MAX_SUPPORTER printable characters."""
    if not isinstance(value, str) or not value.strip():
        raise AnswerError(
            _(
                "Check-ins: name the person who will support you (a colleague, a mentor, "
                "your own manager), found {value!r}."
            ).format(value=value)
        )
    name = " ".join(value.split())
    if len(name) > MAX_SUPPORTER:
        raise AnswerError(
            _(
                "Check-ins: the supporter's name is {length} characters; keep it under {most}."
            ).format(length=len(name), most=MAX_SUPPORTER)
        )
    if not name.isprintable():
        raise AnswerError(
            _("Check-ins: the supporter's name holds control characters ('{name}').").format(
                name=printable(name, 40)
            )
        )
    return name


def checkin_dates(start: date, days: Sequence[int] = CHECKIN_DAYS) -> list[date]:
    """The check-in days: ``start`` plus each of ``days``."""
    return [start + timedelta(days=d) for d in days]


def checkin_uid(key: str, start: date, days: int) -> str:
    """A stable, globally unique id for one check-in (the same for the same plan)."""
    name = f"leadlib:checkin:{key}:{start.isoformat()}:{days}"
    return f"{uuid.uuid5(uuid.NAMESPACE_URL, name)}@leadlib"


def checkins_ics(
    start: date,
    supporter: object,
    *,
    key: str,
    focus: Sequence[str] = (),
    now: datetime | None = None,
    days: Sequence[int] = CHECKIN_DAYS,
) -> bytes:
    """The check-ins as the bytes of an .ics file (CRLF lines, UTF-8).

    ``key`` makes the UIDs (the participant code); ``focus`` names the plan's traits,
    written into each event's description; ``now`` is the DTSTAMP (default: now, UTC).
    """
    import icalendar

    name = check_supporter(supporter)
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    focus_line = _("Your plan's focus: {traits}.").format(traits=", ".join(focus)) if focus else ""
    for count, day in zip(days, checkin_dates(start, days), strict=True):
        event = icalendar.Event()
        event.add("uid", checkin_uid(key, start, count))
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add(
            "summary",
            _("Development plan check-in ({days} days) with {supporter}").format(
                days=count, supporter=name
            ),
        )
        lines = [
            _(
                "Half an hour with {supporter}: what you did on your plan since the last "
                "check-in, what changed, what you will do next."
            ).format(supporter=name)
        ]
        if focus_line:
            lines.append(focus_line)
        if count == max(days):
            lines.append(
                _(
                    "Retake the self-assessment (notebook 08, 'Coming back') and look at "
                    "then and now together."
                )
            )
        event.add("description", "\n".join(lines))
        event.add("transp", "TRANSPARENT")
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _("Plan check-in with {supporter} today").format(supporter=name))
        alarm.add("trigger", timedelta(hours=9))
        event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())


__all__ = [
    "CHECKIN_DAYS",
    "MAX_SUPPORTER",
    "PRODID",
    "check_supporter",
    "checkin_dates",
    "checkin_uid",
    "checkins_ics",
]
