"""The export file a learner sends to the facilitator: build it and validate it.

A JSON document, schema-versioned, anonymous by default. This module is pure (no
SQLite, no widgets): the journal builds exports with it, and the team report validates
with it. Must not import matplotlib, ipywidgets, nbconvert or the journal.

Version 3 layout (versions 1 and 2 are the same without "my_board"; see "Versions"
below)::

    {
      "schema": "leadlib-export",
      "version": 3,
      "participant": "P-7K3Q9X",           # random code, stable per journal
      "display_name": null,                 # text only when the learner opts in
      "exported_at": "2026-11-27T10:00:00Z",
      "self_assessment": {
        "answers": {"vc2": 4, ...},         # statement id -> 1-5
        "profile": {"traits": {"vision_casting": 62.5, ...}, "leadership": 62.5,
                    "management": 55.0, "balance": 7.5, "quadrant": "strong_both",
                    "complete": true}
      },
      "delegation": {"choices": {"angry_key_customer": 2, ...}},   # scenario id -> 1-7
      "balance": {"situation": "startup", "leadership_share": 65},  # or null
      "reflections": null,                  # {notebook id: text} only when opted in
      "my_board": null,                     # only when opted in: {"decisions": [
                                            #   {"what", "with_whom", "today", "wanted",
                                            #    "ratings", "limits", "check_in",
                                            #    "review"}, ...]} (leadlib.my_board)
      "time_audit": null,                   # only when opted in: {"week": "YYYY-MM-DD"
                                            #   or null, "activities": [{"title",
                                            #   "hours", "tag", "count"}, ...]}
                                            #   (leadlib.time_audit; no calendar file)
      "self_assessment_rounds": {},         # earlier rounds: {"1": {"date":
                                            #   "YYYY-MM-DD", "answers": {...}}, ...}
                                            #   (leadlib.progress)
      "checkins": null,                     # {"start": "YYYY-MM-DD", "supporter":
                                            #   name only when opted in} (leadlib.checkins)
      "demo": true                          # only in leadlib demo-exports' imaginary
    }                                       # participants; absent in a real export

Versions: 3 added notebook 08's exercises, each optional so that a version 3 file
written before one of them existed still reads: "my_board", the learner's own delegation
board, and "time_audit", the tagged week (activity titles can name people: both only
when the learner includes them); "self_assessment_rounds", the earlier rounds of the
self-assessment (the current round is "self_assessment", as before); "checkins", the
plan's check-ins, whose "supporter" (a person's name) is there only when the learner
includes it. Rater answers and the others' view are never exported (docs/privacy.md).
A version 1 or 2 file is read exactly as before, and these fields in it are unknown.
2 came with self-assessment v2 (a how-often scale, two positively and two
reverse-keyed statements per trait, rewritten statements under new ids). Version 1 files
still read: their answers to the statements retired in version 2 (``RETIRED_STATEMENTS``)
are ignored, not scored, and ``notes`` says so; answers to the statements kept from
version 1 are scored as they are (point n on the old agreement scale counts as point n
on the how-often scale). In a version 2 file a retired id is an error, like any unknown id.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeGuard

from .errors import LeadlibError, printable
from .export_v3 import TimeAudit, read_board, read_rounds, read_time_audit, validate_fields
from .i18n import _, ngettext
from .models import Content
from .my_board import Decision, board_to_json
from .scoring import Profile, score

SCHEMA = "leadlib-export"
VERSION = 3
#: Every version this leadlib reads.
READABLE_VERSIONS = (1, 2, 3)
#: The first version that may carry notebook 08's exercises (the learner's own
#: delegation board, the time audit, the self-assessment's earlier rounds, the check-ins).
BOARD_SINCE = 3
#: Statement ids of self-assessment v1 that v2 retired (rewritten under new ids or
#: dropped): in a version 1 export their answers are ignored with a note.
RETIRED_STATEMENTS = frozenset(
    {"vc1", "vc3", "vc4", "em3", "em4", "rt3", "rt4", "co2", "co4", "po3"}
    | {"po4", "ps2", "ps4", "pm1", "pm2", "pm3", "pm4", "pf1", "pf3", "pf4"}
)
PARTICIPANT_RE = re.compile(r"^P-[0-9A-Z]{6,12}$")
MAX_TEXT = 5000
#: Longest file name or problem an ExportError's message repeats.
MESSAGE_LIMIT = 500
TOP_KEYS = {
    "schema",
    "version",
    "participant",
    "display_name",
    "exported_at",
    "self_assessment",
    "delegation",
    "balance",
    "reflections",
    "demo",
}
#: Top-level fields a version from BOARD_SINCE on may hold besides TOP_KEYS; each may be
#: absent (a version 3 file written before it existed).
BOARD_KEYS = {"my_board", "time_audit", "self_assessment_rounds", "checkins"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an export: where (a field path) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ExportError(LeadlibError, ValueError):
    """An export file is not valid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem], source: str = "") -> None:
        self.problems = problems
        self.source = source
        # A file name or a key from a hostile file reaches no terminal as it is.
        lines = "\n".join(f"  - {printable(str(p), MESSAGE_LIMIT)}" for p in problems)
        summary = ngettext(
            "not a valid leadlib export ({count} problem):",
            "not a valid leadlib export ({count} problems):",
            len(problems),
        ).format(count=len(problems))
        if source:
            summary = _("{source}: {summary}").format(
                source=printable(source, MESSAGE_LIMIT), summary=summary
            )
        super().__init__(f"{summary}\n{lines}")


@dataclass(frozen=True)
class Export:
    """A validated export."""

    participant: str
    display_name: str | None
    exported_at: datetime
    answers: Mapping[str, int]
    profile: Profile
    delegation: Mapping[str, int]
    balance_situation: str | None
    balance_share: float | None
    reflections: Mapping[str, str] | None
    demo: bool = False
    #: What was read but not used (answers to retired statements), for the reader.
    notes: tuple[str, ...] = ()
    #: The learner's own delegation board (version 3, when included), else None.
    my_board: tuple[Decision, ...] | None = None
    #: The time audit (version 3, when included), else None.
    time_audit: TimeAudit | None = None
    #: The self-assessment's earlier rounds (version 3): round number ("1", ...) ->
    #: {"date": "YYYY-MM-DD", "answers": {statement: 1-5}}; empty when none.
    rounds: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: The plan's check-ins (version 3): "start" (YYYY-MM-DD) and, when included,
    #: "supporter" (a name); each present only when saved. None when neither is.
    checkins: Mapping[str, str] | None = None


def profile_to_json(profile: Profile) -> dict[str, Any]:
    return {
        "traits": dict(profile.traits),
        "leadership": profile.leadership,
        "management": profile.management,
        "balance": profile.balance,
        "quadrant": profile.quadrant.value if profile.quadrant else None,
        "complete": profile.complete,
    }


def build(
    content: Content,
    *,
    participant: str,
    exported_at: datetime,
    answers: Mapping[str, int],
    delegation: Mapping[str, int],
    balance: tuple[str, float] | None,
    display_name: str | None = None,
    reflections: Mapping[str, str] | None = None,
    my_board: Sequence[Decision] | None = None,
    time_audit: TimeAudit | None = None,
    rounds: Mapping[str, Mapping[str, Any]] | None = None,
    checkins: Mapping[str, str] | None = None,
    demo: bool = False,
) -> dict[str, Any]:
    """Assemble an export document. Raises ExportError if the result would not validate.

    ``my_board`` (the learner's own decisions, leadlib.my_board) and ``time_audit`` go in
    only when given: the learner includes them by choice. ``rounds`` are the
    self-assessment's earlier rounds; ``checkins`` holds "start" and, only when the
    learner includes it, "supporter" (the caller leaves it out otherwise).

    ``demo`` marks an imaginary participant (``leadlib demo-exports``); a real export
    never carries the field.
    """
    profile = score(content, answers)
    doc: dict[str, Any] = {
        "schema": SCHEMA,
        "version": VERSION,
        "participant": participant,
        "display_name": display_name,
        "exported_at": exported_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "self_assessment": {"answers": dict(answers), "profile": profile_to_json(profile)},
        "delegation": {"choices": dict(delegation)},
        "balance": (
            None if balance is None else {"situation": balance[0], "leadership_share": balance[1]}
        ),
        "reflections": dict(reflections) if reflections is not None else None,
        "my_board": (None if my_board is None else {"decisions": board_to_json(my_board)}),
        "time_audit": None if time_audit is None else time_audit.as_json(),
        "self_assessment_rounds": {k: dict(v) for k, v in (rounds or {}).items()},
        "checkins": dict(checkins) if checkins else None,
    }
    if demo:
        doc["demo"] = True
    parse(content, doc)
    return doc


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value


def validate(content: Content, doc: object) -> list[Problem]:
    """Every problem with ``doc`` as an export, each with its field path. Empty if valid."""
    problems: list[Problem] = []

    def bad(path: str, message: str) -> None:
        problems.append(Problem(path, message))

    if not isinstance(doc, dict):
        return [
            Problem("$", _("expected a JSON object, found {kind}").format(kind=type(doc).__name__))
        ]
    if doc.get("schema") != SCHEMA:
        bad(
            "schema",
            _("expected '{schema}', found {found!r}: this is not a leadlib export").format(
                schema=SCHEMA, found=doc.get("schema")
            ),
        )
        return problems
    version = doc.get("version")
    if not _is_int(version):
        bad("version", _("expected a whole number, found {found!r}").format(found=version))
        return problems
    if version not in READABLE_VERSIONS:
        if version > VERSION:
            text = _(
                "version {version} is not supported; this leadlib reads versions {oldest} "
                "to {newest} (made by a newer leadlib: update leadlib)"
            )
        else:
            text = _(
                "version {version} is not supported; this leadlib reads versions {oldest} "
                "to {newest}"
            )
        oldest, newest = min(READABLE_VERSIONS), max(READABLE_VERSIONS)
        bad("version", text.format(version=version, oldest=oldest, newest=newest))
        return problems
    known_keys = TOP_KEYS | BOARD_KEYS if version >= BOARD_SINCE else TOP_KEYS
    for key in sorted(set(doc) - known_keys):
        bad(key, _("unknown field"))
    participant = doc.get("participant")
    if not isinstance(participant, str) or not PARTICIPANT_RE.fullmatch(participant):
        bad(
            "participant",
            _("expected a code like 'P-7K3Q9X', found {found!r}").format(found=participant),
        )
    name = doc.get("display_name")
    if name is not None and (not isinstance(name, str) or len(name) > 200):
        bad("display_name", _("expected null or a text of at most 200 characters"))
    stamp = doc.get("exported_at")
    try:
        if not isinstance(stamp, str):
            raise ValueError
        datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        bad(
            "exported_at",
            _("expected a UTC time like '2026-11-27T10:00:00Z', found {found!r}").format(
                found=stamp
            ),
        )

    statement_ids = {s.id for s in content.statements}
    sa = doc.get("self_assessment")
    if not isinstance(sa, dict):
        bad("self_assessment", _("missing, or not an object"))
    else:
        answers = sa.get("answers")
        if not isinstance(answers, dict):
            bad("self_assessment.answers", _("missing, or not an object"))
        else:
            low, high = content.scale.min, content.scale.max
            for sid, value in answers.items():
                path = f"self_assessment.answers.{sid}"
                if sid not in statement_ids:
                    if version == 1 and sid in RETIRED_STATEMENTS:
                        continue  # read, not scored: see retired_answers and notes
                    bad(path, _("unknown statement id"))
                elif not _is_int(value) or not low <= value <= high:
                    bad(
                        path,
                        _("expected a whole number {low}-{high}, found {found!r}").format(
                            low=low, high=high, found=value
                        ),
                    )
        if "profile" in sa and not isinstance(sa["profile"], dict):
            bad("self_assessment.profile", _("expected an object"))
        for key in sorted(set(sa) - {"answers", "profile"}):
            bad(f"self_assessment.{key}", _("unknown field"))

    scenario_ids = {s.id for s in content.scenarios}
    dl = doc.get("delegation")
    choices = dl.get("choices") if isinstance(dl, dict) else None
    if not isinstance(dl, dict):
        bad("delegation", _("missing, or not an object"))
    elif not isinstance(choices, dict):
        bad("delegation.choices", _("missing, or not an object"))
    else:
        for sid, value in choices.items():
            path = f"delegation.choices.{sid}"
            if sid not in scenario_ids:
                bad(path, _("unknown scenario id"))
            elif not _is_int(value) or not 1 <= value <= len(content.levels):
                bad(
                    path,
                    _("expected a level 1-{count}, found {found!r}").format(
                        count=len(content.levels), found=value
                    ),
                )
    if isinstance(dl, dict):
        for key in sorted(set(dl) - {"choices"}):
            bad(f"delegation.{key}", _("unknown field"))

    situation_ids = {s.id for s in content.situations}
    balance = doc.get("balance")
    if balance is not None:
        if not isinstance(balance, dict):
            bad("balance", _("expected null or an object"))
        else:
            situation = balance.get("situation")
            if not isinstance(situation, str) or situation not in situation_ids:
                bad(
                    "balance.situation",
                    _("unknown situation {found!r}").format(found=situation),
                )
            share = balance.get("leadership_share")
            if not _is_number(share) or not 0 <= share <= 100:
                bad(
                    "balance.leadership_share",
                    _("expected a number 0-100, found {found!r}").format(found=share),
                )
            for key in sorted(set(balance) - {"situation", "leadership_share"}):
                bad(f"balance.{key}", _("unknown field"))

    if "demo" in doc and not isinstance(doc["demo"], bool):
        bad(
            "demo",
            _(
                "expected true or false, found {found!r} (true marks an imaginary "
                "participant written by leadlib demo-exports)"
            ).format(found=doc["demo"]),
        )

    reflections = doc.get("reflections")
    if reflections is not None:
        if not isinstance(reflections, dict):
            bad("reflections", _("expected null or an object"))
        else:
            notebook_ids = {n.id for n in content.notebooks}
            for key, text in reflections.items():
                if key not in notebook_ids:
                    bad(f"reflections.{key}", _("unknown notebook id"))
                elif not isinstance(text, str) or len(text) > MAX_TEXT:
                    bad(
                        f"reflections.{key}",
                        _("expected a text of at most {count} characters").format(count=MAX_TEXT),
                    )
    if version >= BOARD_SINCE:
        validate_fields(content, doc, bad)
    return problems


def parse(content: Content, doc: object, source: str = "") -> Export:
    """Validate ``doc`` and return an Export; raise ExportError listing every problem.

    The profile is recomputed from the answers (the stored one is informative only), so
    an edited export cannot smuggle in impossible scores.
    """
    problems = validate(content, doc)
    if problems:
        raise ExportError(problems, source)
    assert isinstance(doc, dict)
    retired = retired_answers(content, doc)
    answers = {k: v for k, v in doc["self_assessment"]["answers"].items() if k not in retired}
    balance = doc.get("balance")
    return Export(
        participant=doc["participant"],
        display_name=doc.get("display_name"),
        exported_at=datetime.strptime(doc["exported_at"], "%Y-%m-%dT%H:%M:%SZ"),
        answers=answers,
        profile=score(content, answers),
        delegation=doc["delegation"]["choices"],
        balance_situation=balance["situation"] if balance else None,
        balance_share=float(balance["leadership_share"]) if balance else None,
        reflections=doc.get("reflections"),
        demo=doc.get("demo") is True,
        notes=notes(content, doc),
        my_board=read_board(doc.get("my_board")),
        time_audit=read_time_audit(doc.get("time_audit")),
        rounds=read_rounds(content, doc.get("self_assessment_rounds")),
        checkins=dict(doc["checkins"]) if doc.get("checkins") else None,
    )


def retired_answers(content: Content, doc: dict[str, Any]) -> list[str]:
    """The statement ids of a valid export's answers that are retired (and ignored): only
    a version 1 export can hold them."""
    answers = doc.get("self_assessment", {}).get("answers", {})
    known = {s.id for s in content.statements}
    return sorted(k for k in answers if k not in known and k in RETIRED_STATEMENTS)


def notes(content: Content, doc: dict[str, Any]) -> tuple[str, ...]:
    """What a valid export holds that is read but not used, in sentences for the reader."""
    retired = retired_answers(content, doc)
    if not retired:
        return ()
    return (
        ngettext(
            "{count} self-assessment answer belongs to a statement retired in version 2 "
            "({ids}) and is not scored; the participant can answer the new statements "
            "and export again.",
            "{count} self-assessment answers belong to statements retired in version 2 "
            "({ids}) and are not scored; the participant can answer the new statements "
            "and export again.",
            len(retired),
        ).format(count=len(retired), ids=", ".join(retired)),
    )
