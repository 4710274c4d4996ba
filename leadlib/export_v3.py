"""The fields an export holds from version 3 on, for notebook 08's exercises: the
learner's own delegation board ("my_board"), the time audit ("time_audit"), the
self-assessment's earlier rounds ("self_assessment_rounds") and the check-ins
("checkins"). Each is optional; see leadlib.export for the whole layout and the rules
of what goes in.

Checks and reads the fields with the exercises' own checks (leadlib.my_board,
leadlib.time_audit, leadlib.progress, leadlib.checkins). Pure; must not import
leadlib.export, matplotlib, ipywidgets, nbconvert, sqlite3 or the journal.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .checkins import check_supporter
from .errors import AnswerError
from .i18n import _
from .models import Content
from .my_board import Decision, check_board
from .progress import check_date, check_round
from .time_audit import Activity, parse_activities

#: The fields of "time_audit" and of "checkins" (each optional).
TIME_AUDIT_KEYS = ("week", "activities")
CHECKIN_KEYS = ("start", "supporter")

#: Reports a problem: (field path, message).
Bad = Callable[[str, str], None]


@dataclass(frozen=True)
class TimeAudit:
    """An export's time audit: the week's Monday and the tagged activities, each None
    when the learner had not saved it."""

    week: date | None
    activities: tuple[Activity, ...] | None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.week is not None:
            out["week"] = self.week.isoformat()
        if self.activities is not None:
            out["activities"] = [a.as_json() for a in self.activities]
        return out


def validate_fields(content: Content, doc: Mapping[str, Any], bad: Bad) -> None:
    """Report every problem with a version 3 document's notebook 08 fields."""
    _validate_board(doc.get("my_board"), bad)
    _validate_time_audit(doc.get("time_audit"), bad)
    _validate_rounds(content, doc.get("self_assessment_rounds"), bad)
    _validate_checkins(doc.get("checkins"), bad)


def _object_of(value: object, where: str, known: Sequence[str], bad: Bad) -> dict[str, Any]:
    """``value`` as an object whose fields are among ``known`` (problems reported; an
    empty dict when it is not an object)."""
    if not isinstance(value, dict):
        bad(where, _("expected null or an object"))
        return {}
    for key in sorted(set(value) - set(known)):
        bad(f"{where}.{key}", _("unknown field"))
    return value


def _validate_time_audit(audit: object, bad: Bad) -> None:
    """Problems with "time_audit" (null, or {"week"?, "activities"?})."""
    if audit is None:
        return
    fields = _object_of(audit, "time_audit", TIME_AUDIT_KEYS, bad)
    if "week" in fields:
        try:
            check_date(fields["week"], _("the week's Monday"))
        except AnswerError as exc:
            bad("time_audit.week", str(exc))
    if "activities" in fields:
        try:
            parse_activities(fields["activities"])
        except AnswerError as exc:
            bad("time_audit.activities", str(exc))


def _validate_rounds(content: Content, rounds: object, bad: Bad) -> None:
    """Problems with "self_assessment_rounds" (null, or {number: round})."""
    if rounds is None:
        return
    if not isinstance(rounds, dict):
        bad("self_assessment_rounds", _("expected null or an object"))
        return
    for number, value in rounds.items():
        try:
            check_round(content, number, value)
        except AnswerError as exc:
            bad(f"self_assessment_rounds.{number}", str(exc))


def _validate_checkins(checkins: object, bad: Bad) -> None:
    """Problems with "checkins" (null, or {"start"?, "supporter"?})."""
    if checkins is None:
        return
    fields = _object_of(checkins, "checkins", CHECKIN_KEYS, bad)
    if "start" in fields:
        try:
            check_date(fields["start"], _("the check-ins' start"))
        except AnswerError as exc:
            bad("checkins.start", str(exc))
    if "supporter" in fields:
        try:
            check_supporter(fields["supporter"])
        except AnswerError as exc:
            bad("checkins.supporter", str(exc))


def _validate_board(board: object, bad: Bad) -> None:
    """Problems with a version 3 export's "my_board" (null, or {"decisions": [...]})."""
    if board is None:
        return
    if not isinstance(board, dict):
        bad("my_board", _("expected null or an object"))
        return
    for key in sorted(set(board) - {"decisions"}):
        bad(f"my_board.{key}", _("unknown field"))
    if "decisions" not in board:
        bad("my_board.decisions", _("missing, or not a list"))
        return
    try:
        check_board(board["decisions"])
    except AnswerError as exc:
        bad("my_board.decisions", str(exc))


def read_rounds(content: Content, rounds: object) -> dict[str, dict[str, Any]]:
    """A validated export's earlier rounds (empty when absent or null)."""
    if not isinstance(rounds, dict):
        return {}
    return {number: check_round(content, number, value) for number, value in rounds.items()}


def read_time_audit(audit: object) -> TimeAudit | None:
    """A validated export's time audit (None when absent or null)."""
    if not isinstance(audit, dict):
        return None
    week = audit.get("week")
    activities = audit.get("activities")
    return TimeAudit(
        week=None if week is None else date.fromisoformat(week),
        activities=None if activities is None else tuple(parse_activities(activities)),
    )


def read_board(board: object) -> tuple[Decision, ...] | None:
    """A validated export's board as Decisions (None when absent or null)."""
    if not isinstance(board, dict):
        return None
    return tuple(check_board(board["decisions"]))
