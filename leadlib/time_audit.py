"""Time audit: where a week's hours went, tagged leadership, management, both or
neither, and the measured split compared with a situation's band (``leadlib.balance``,
the same band as the balance exercise of notebook 05).

The rule of the split (``measure``):

- "leadership" hours count to leadership, "management" hours to management;
- "both" hours count half to each side. An activity that does both (a one-to-one that
  sets direction and reviews the numbers) gives no ground to weigh one side more, and
  the balance exercise's slider itself splits a week in two shares that add to 100;
- "neither" hours (travel, e-mail triage, your own expert work) stay out of the share
  and are reported beside it: the band is a share of the attention given to leading
  and managing, the rest of the week is not part of it;
- untagged activities are left out and counted, so a half-tagged week says so.

Three shares are read side by side (``read_audit``): the measured split; where the
learner wants to be (the time audit's own slider, saved as ``time_audit``/``wanted``);
and notebook 05's estimate (the balance slider, a guess of how the week is split). The
gaps that matter are measured against the band and measured against wanted; the
estimate only shows how far the guess was off.

Only titles, hours and tags are kept; a calendar file is read by
``leadlib.calendar_file`` and never stored. Pure functions; must not import
matplotlib, ipywidgets, nbconvert, sqlite3, icalendar or the journal.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from .balance import BalanceReport, compare_split, share_text
from .errors import AnswerError, printable
from .i18n import N_, _, ngettext
from .models import Content, Situation


class Tag(str, Enum):
    """What kind of work an activity was."""

    LEADERSHIP = "leadership"
    MANAGEMENT = "management"
    BOTH = "both"
    NEITHER = "neither"

    @property
    def label(self) -> str:
        return _(TAG_LABELS[self])


TAG_LABELS = {
    Tag.LEADERSHIP: N_("Leadership"),
    Tag.MANAGEMENT: N_("Management"),
    Tag.BOTH: N_("Both"),
    Tag.NEITHER: N_("Neither"),
}

#: Most activities one audit keeps (a busy week has 30-60 meetings, fewer titles).
MAX_ACTIVITIES = 200
#: Longest activity title kept (a calendar title is cut to this).
MAX_TITLE = 200
#: Hours in a week: no activity, and no week, holds more.
WEEK_HOURS = 168.0


@dataclass(frozen=True)
class Activity:
    """One activity of the week: its title, hours (> 0), how many calendar events it
    gathers (1 for a typed activity) and its tag (None until the learner tags it)."""

    title: str
    hours: float
    count: int = 1
    tag: Tag | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"title": self.title, "hours": self.hours}
        if self.count != 1:
            out["count"] = self.count
        out["tag"] = None if self.tag is None else self.tag.value
        return out


@dataclass(frozen=True)
class Measured:
    """The week measured: hours per side (with "both" split half to each), the
    leadership share of leadership + management hours (None when there are none) and
    the hours left out of the share (neither, untagged)."""

    leadership_hours: float
    management_hours: float
    both_hours: float
    neither_hours: float
    untagged_hours: float
    untagged_count: int
    share: float | None

    @property
    def counted_hours(self) -> float:
        return self.leadership_hours + self.management_hours

    @property
    def total_hours(self) -> float:
        return self.counted_hours + self.neither_hours + self.untagged_hours


def _where(number: int) -> str:
    return _("Activity {number}").format(number=number)


def check_hours(value: object, where: str) -> float:
    """``value`` as hours (a number above 0 and at most 168), else AnswerError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise AnswerError(
            _("{where}: the hours must be a number such as 1.5, found {value!r}.").format(
                where=where, value=value
            )
        )
    if not 0 < value <= WEEK_HOURS:
        raise AnswerError(
            _(
                "{where}: {hours} hours is not possible in one week; give a number above 0 "
                "and at most {most:g}."
            ).format(where=where, hours=value, most=WEEK_HOURS)
        )
    return float(value)


def check_title(value: object, where: str) -> str:
    """A title: a non-empty text of at most MAX_TITLE printable characters."""
    if not isinstance(value, str) or not value.strip():
        raise AnswerError(
            _("{where}: give the activity a title (a few words), found {value!r}.").format(
                where=where, value=value
            )
        )
    if len(value) > MAX_TITLE:
        raise AnswerError(
            _("{where}: the title is {length} characters long; keep it under {most}.").format(
                where=where, length=len(value), most=MAX_TITLE
            )
        )
    if not value.isprintable():
        raise AnswerError(
            _("{where}: the title holds control characters ('{title}'); type it again.").format(
                where=where, title=printable(value, 60)
            )
        )
    return value.strip()


def check_tag(value: object, where: str) -> Tag | None:
    """A tag ("leadership", "management", "both", "neither") or None (not tagged yet)."""
    if value is None:
        return None
    try:
        return Tag(value)
    except ValueError:
        known = ", ".join(t.value for t in Tag)
        raise AnswerError(
            _("{where}: the tag must be one of {known}, found {value!r}.").format(
                where=where, known=known, value=value
            )
        ) from None


def activity(title: object, hours: object, tag: object = None, count: object = 1) -> Activity:
    """One checked activity (AnswerError naming the problem otherwise)."""
    where = _("The activity '{title}'").format(title=printable(str(title), 60))
    return _activity(title, hours, tag, count, where)


def _activity(title: object, hours: object, tag: object, count: object, where: str) -> Activity:
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 10_000:
        raise AnswerError(
            _("{where}: the number of events must be a whole number from 1, found {n!r}.").format(
                where=where, n=count
            )
        )
    return Activity(
        check_title(title, where),
        round(check_hours(hours, where), 2),
        count,
        check_tag(tag, where),
    )


def parse_activities(value: object) -> list[Activity]:
    """The activities saved in the journal (a list of {"title", "hours", "tag", "count"}),
    checked: AnswerError naming the activity (by number) and what is wrong."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise AnswerError(
            _("Time audit: expected a list of activities, found {value!r}.").format(
                value=printable(repr(value), 80)
            )
        )
    if len(value) > MAX_ACTIVITIES:
        raise AnswerError(
            _(
                "Time audit: {count} activities; an audit keeps at most {most}. Group "
                "similar ones (all one-to-ones as one line)."
            ).format(count=len(value), most=MAX_ACTIVITIES)
        )
    activities = []
    for number, entry in enumerate(value, start=1):
        where = _where(number)
        if not isinstance(entry, Mapping):
            raise AnswerError(
                _("{where}: expected a title and hours, found {value!r}.").format(
                    where=where, value=printable(repr(entry), 80)
                )
            )
        extra = set(entry) - {"title", "hours", "tag", "count"}
        if extra:
            raise AnswerError(
                _(
                    "{where}: unexpected field {field!r}; an activity has a title, hours and a tag."
                ).format(where=where, field=printable(str(sorted(extra)[0]), 40))
            )
        activities.append(
            _activity(
                entry.get("title"),
                entry.get("hours"),
                entry.get("tag"),
                entry.get("count", 1),
                where,
            )
        )
    total = sum(a.hours for a in activities)
    if total > WEEK_HOURS + 1e-9:
        raise AnswerError(
            _(
                "Time audit: the activities add up to {hours:g} hours, more than the "
                "{most:g} hours of a week. Check for an activity counted twice."
            ).format(hours=round(total, 2), most=WEEK_HOURS)
        )
    return activities


def measure(activities: Sequence[Activity]) -> Measured:
    """The week's split by the rule in this module's docstring."""
    hours = {tag: 0.0 for tag in Tag}
    untagged = 0.0
    untagged_count = 0
    for item in activities:
        if item.tag is None:
            untagged += item.hours
            untagged_count += 1
        else:
            hours[item.tag] += item.hours
    both = hours[Tag.BOTH]
    lead = hours[Tag.LEADERSHIP] + both / 2
    man = hours[Tag.MANAGEMENT] + both / 2
    # Kept within 0-100: 100 * x / x can come out a hair above 100 in floating point,
    # which the band's check would refuse.
    share = None if lead + man <= 0 else min(100.0, max(0.0, 100.0 * (lead / (lead + man))))
    return Measured(lead, man, both, hours[Tag.NEITHER], untagged, untagged_count, share)


@dataclass(frozen=True)
class AuditReading:
    """The measured week against the situation's band and against where the learner
    wants to be (the time audit's own slider), with notebook 05's estimate (the balance
    exercise's slider: how the learner guessed they split a week) beside it, in words."""

    measured: Measured
    report: BalanceReport | None
    wanted: float | None
    message: str
    estimate: float | None = None


def _points_from(gap: float, above: str, below: str) -> tuple[str, str]:
    return share_text(abs(gap)), above if gap > 0 else below


def read_audit(
    content: Content,
    situation: Situation,
    activities: Sequence[Activity],
    wanted: float | None = None,
    estimate: float | None = None,
) -> AuditReading:
    """Compare the measured split with ``situation``'s band (``balance.compare_split``)
    and, when given, with the ``wanted`` share (where I want to be: the time audit's
    slider); ``estimate`` (notebook 05's slider, a guess of the split) is set beside
    the measurement, so the learner sees how far the guess was off. The gaps that
    matter are measured against the band and measured against wanted."""
    measured = measure(activities)
    parts: list[str] = []
    report = None
    if measured.share is None:
        parts.append(
            _(
                "No hours are tagged leadership, management or both yet: tag your "
                "activities to see your measured split."
            )
        )
    else:
        subject = _("Your measured week ({share}% leadership)").format(
            share=share_text(measured.share)
        )
        report = compare_split(content, situation, measured.share, subject=subject)
        parts.append(
            _(
                "Of {counted} of leadership and management work, {lead} went to "
                'leadership and {man} to management ("both" counted half to each).'
            ).format(
                counted=hours_text(measured.counted_hours),
                lead=hours_text(measured.leadership_hours),
                man=hours_text(measured.management_hours),
            )
        )
        parts.append(report.message)
        if wanted is not None:
            gap = measured.share - wanted
            if abs(gap) < 0.05:
                parts.append(
                    _("That is where you want to be ({share}% leadership).").format(
                        share=share_text(wanted)
                    )
                )
            else:
                points, direction = _points_from(gap, _("above"), _("below"))
                parts.append(
                    _(
                        "You want to be at {wanted}% leadership: your measured week is "
                        "{points} points {direction} that."
                    ).format(wanted=share_text(wanted), points=points, direction=direction)
                )
        if estimate is not None:
            gap = measured.share - estimate
            if abs(gap) < 0.05:
                parts.append(
                    _("Your estimate in notebook 05 ({share}%) matches the measurement.").format(
                        share=share_text(estimate)
                    )
                )
            else:
                points, direction = _points_from(gap, _("above"), _("below"))
                parts.append(
                    _(
                        "Your estimate in notebook 05 was {estimate}% leadership: measured, "
                        "your week is {points} points {direction} that guess."
                    ).format(estimate=share_text(estimate), points=points, direction=direction)
                )
    if measured.neither_hours:
        parts.append(
            _("{hours} tagged neither are left out of the split.").format(
                hours=hours_text(measured.neither_hours)
            )
        )
    if measured.untagged_count:
        parts.append(
            ngettext(
                "{count} activity ({hours}) is not tagged yet and is left out.",
                "{count} activities ({hours}) are not tagged yet and are left out.",
                measured.untagged_count,
            ).format(count=measured.untagged_count, hours=hours_text(measured.untagged_hours))
        )
    return AuditReading(measured, report, wanted, " ".join(parts), estimate)


def hours_text(hours: float) -> str:
    """Hours as the learner reads them: '1 hour', '2.5 hours'."""
    text = f"{hours:.2f}".rstrip("0").rstrip(".")
    return (_("{hours} hour") if text == "1" else _("{hours} hours")).format(hours=text)


__all__ = [
    "MAX_ACTIVITIES",
    "MAX_TITLE",
    "TAG_LABELS",
    "WEEK_HOURS",
    "Activity",
    "AuditReading",
    "Measured",
    "Tag",
    "activity",
    "check_hours",
    "check_tag",
    "check_title",
    "hours_text",
    "measure",
    "parse_activities",
    "read_audit",
]
