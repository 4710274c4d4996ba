"""The journal's exchange with the facilitator's JSON export file: writing an export
from the journal's answers, and reading one back to merge it (for example on a new
laptop). The file format itself is leadlib.export's.

No database access of its own: exports read the journal through its public methods,
and imports hand validated rows to ``Journal`` to record. Must not import sqlite3,
matplotlib, ipywidgets, nbconvert or the widgets.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import export as export_format
from ..errors import AnswerError
from ..export import ExportError, Problem
from ..exportfile import read_export_bytes, read_export_file
from ..i18n import N_, _, ngettext
from ..models import Content
from ..my_board import board_to_json, check_board
from ..progress import check_date, check_round
from ..sharedexports import write_atomic
from ..time_audit import parse_activities
from .answers import (
    BALANCE,
    BOARD_ITEM,
    CHECKINS,
    DELEGATION,
    MY_BOARD,
    REFLECTION,
    SELF_ASSESSMENT,
    SELF_ASSESSMENT_ROUNDS,
    TIME_AUDIT,
    validate_answer,
)
from .errors import JournalError

if TYPE_CHECKING:
    from .store import Journal

#: The exercises an export carries, in the order an import reports them. The others'
#: view (rater_pack, rater_answers, others_view) is never exported: docs/privacy.md.
EXCHANGED = (
    SELF_ASSESSMENT,
    DELEGATION,
    BALANCE,
    REFLECTION,
    MY_BOARD,
    TIME_AUDIT,
    SELF_ASSESSMENT_ROUNDS,
    CHECKINS,
)
#: How an import report names the exercises (translated where shown).
EXCHANGED_NAMES = {
    SELF_ASSESSMENT: N_("self assessment"),
    DELEGATION: N_("delegation"),
    BALANCE: N_("balance"),
    REFLECTION: N_("reflection"),
    MY_BOARD: N_("delegation board"),
    TIME_AUDIT: N_("time audit"),
    SELF_ASSESSMENT_ROUNDS: N_("self-assessment rounds"),
    CHECKINS: N_("check-ins"),
}
#: One answer ready to record: exercise, item, value as JSON text.
Row = tuple[str, str, str]
#: What the import did with one row: recorded where the journal held no answer to its
#: item, recorded over a different latest answer (which stays in the history), or left
#: alone because the journal's latest answer was already the same.
NEW, REPLACED, SAME = "new", "replaced", "same"


@dataclass(frozen=True)
class ImportReport:
    """What ``import_file`` did: answers recorded per exercise, and those already equal.

    ``recorded`` counts per exercise the answers recorded (new ones and replacements);
    ``replaced`` counts those among them that took the place of a different answer the
    journal held (that answer stays in its history); ``in_file`` counts the file's answers
    per exercise (0: the file holds none); ``items`` lists the items the file holds per
    exercise; ``notes`` says what the file holds that was read but not used; ``version``
    is the file's export version.
    """

    source: Path
    participant: str
    display_name: str | None
    exported_at: datetime
    recorded: Mapping[str, int]
    unchanged: int
    replaced: Mapping[str, int] = field(default_factory=dict)
    in_file: Mapping[str, int] = field(default_factory=dict)
    items: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    version: int = export_format.VERSION

    @property
    def total(self) -> int:
        return sum(self.recorded.values())

    @property
    def message(self) -> str:
        if not self.total:
            return ngettext(
                "Imported {file}: your journal already held all "
                "{count} of its answers, nothing changed.",
                "Imported {file}: your journal already held all "
                "{count} of its answers, nothing changed.",
                self.unchanged,
            ).format(file=self.source.name, count=self.unchanged)
        parts = ", ".join(
            _("{count} {exercise}").format(
                count=n, exercise=_(EXCHANGED_NAMES.get(ex, ex.replace("_", " ")))
            )
            for ex, n in self.recorded.items()
            if n
        )
        text = ngettext(
            "Imported {file}: {count} answers restored: {parts}",
            "Imported {file}: {count} answers restored: {parts}",
            self.total,
        ).format(file=self.source.name, count=self.total, parts=parts)
        if self.unchanged:
            text += " " + ngettext(
                "({count} were already the same)",
                "({count} were already the same)",
                self.unchanged,
            ).format(count=self.unchanged)
        return text + "."


# --------------------------------------------------------------------------- export


def export_document(
    journal: Journal,
    *,
    display_name: str | None = None,
    include_reflections: bool = False,
    include_board: bool = False,
    include_time_audit: bool = False,
    include_supporter: bool = False,
) -> dict[str, Any]:
    """``journal``'s export as a JSON-ready dict (see leadlib.export for the layout).

    The learner's own delegation board goes in only with ``include_board`` (it names the
    people they work with), like the reflections with ``include_reflections``, the time
    audit with ``include_time_audit`` (its activity titles, from a calendar, often name
    people: "1:1 Priya") and the check-ins' supporter with ``include_supporter`` (a
    name). The self-assessment's earlier rounds and the check-ins' start date always go
    in, like the current self-assessment.

    Answers to items no longer in the course data are left out, with a warning added to
    ``journal.warnings``.
    """
    name = _display_name(display_name)
    data = journal.snapshot()
    content = journal.content
    answers = _known(data[SELF_ASSESSMENT], {s.id for s in content.statements})
    choices = _known(data[DELEGATION], {s.id for s in content.scenarios})
    reflections = (
        _known(data[REFLECTION], {n.id for n in content.notebooks}) if include_reflections else None
    )
    skipped = (
        len(data[SELF_ASSESSMENT])
        + len(data[DELEGATION])
        - len(answers)
        - len(choices)
        + (len(data[REFLECTION]) - len(reflections) if reflections is not None else 0)
    )
    if skipped:
        journal.warnings.append(
            ngettext(
                "{count} saved answers refer to items that are no longer part of the "
                "course and were left out of the export.",
                "{count} saved answers refer to items that are no longer part of the "
                "course and were left out of the export.",
                skipped,
            ).format(count=skipped)
        )
    return export_format.build(
        content,
        participant=journal.participant_code,
        exported_at=datetime.now(timezone.utc),
        answers=answers,
        delegation=choices,
        balance=_balance(content, data[BALANCE]),
        display_name=name,
        reflections=reflections,
        my_board=_my_board(data[MY_BOARD]) if include_board else None,
        time_audit=_time_audit(data[TIME_AUDIT]) if include_time_audit else None,
        rounds=_rounds(journal, data[SELF_ASSESSMENT_ROUNDS]),
        checkins=_checkins(data[CHECKINS], include_supporter),
    )


def _time_audit(saved: Mapping[str, Any]) -> export_format.TimeAudit | None:
    """The saved time audit (None when neither the week nor the activities are saved)."""
    week, activities = saved.get("week"), saved.get("activities")
    if week is None and activities is None:
        return None
    return export_format.TimeAudit(
        week=None if week is None else check_date(week, _("Time audit week")),
        activities=None if activities is None else tuple(parse_activities(activities)),
    )


def _rounds(journal: Journal, saved: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The kept rounds, each checked against the course; a round that no longer checks
    (a statement retired since) keeps its valid answers, or is left out with a warning."""
    content = journal.content
    statements = {s.id for s in content.statements}
    rounds: dict[str, dict[str, Any]] = {}
    for number, value in saved.items():
        answers = value.get("answers") if isinstance(value, dict) else None
        kept = _known(answers, statements) if isinstance(answers, dict) else {}
        try:
            rounds[number] = check_round(content, number, {**value, "answers": kept})
        except (AnswerError, TypeError):
            journal.warnings.append(
                _(
                    "Self-assessment round {number} no longer matches the course's "
                    "statements and was left out of the export."
                ).format(number=number)
            )
    return rounds


def _checkins(saved: Mapping[str, Any], include_supporter: bool) -> dict[str, str]:
    """The check-ins' start date, and the supporter's name when the learner includes it."""
    fields = ("start", "supporter") if include_supporter else ("start",)
    return {key: saved[key] for key in fields if saved.get(key) is not None}


def _my_board(saved: Mapping[str, Any]) -> list[Any]:
    """The saved board as Decisions (an empty list when none is saved)."""
    value = saved.get(BOARD_ITEM)
    return check_board(value) if value is not None else []


def export_to_file(
    journal: Journal,
    path: str | os.PathLike[str],
    *,
    display_name: str | None = None,
    include_reflections: bool = False,
    include_board: bool = False,
    mode: int | None = None,
    include_time_audit: bool = False,
    include_supporter: bool = False,
) -> Path:
    """Write ``journal``'s export to ``path`` (see ``Journal.export``); return where."""
    doc = journal.export_document(
        display_name=display_name,
        include_reflections=include_reflections,
        include_board=include_board,
        include_time_audit=include_time_audit,
        include_supporter=include_supporter,
    )
    target = Path(path).expanduser()
    if target.is_dir():
        target = target / f"leadlib-export-{doc['participant']}.json"
    data = (json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(target, data, mode)
    except OSError as error:
        raise JournalError(
            _(
                "Could not write the export to {path} ({reason}). "
                "Choose a folder you may write to and try again."
            ).format(path=target, reason=error.strerror or error)
        ) from None
    return target


def _display_name(display_name: str | None) -> str | None:
    """The name to put in the export (None for none); AnswerError if it is too long."""
    if display_name is None:
        return None
    name = display_name.strip() or None
    if name is not None and len(name) > 200:
        raise AnswerError(
            _("The display name is {length} characters long; use at most {most}.").format(
                length=len(name), most=200
            )
        )
    return name


def _balance(content: Content, saved: Mapping[str, Any]) -> tuple[str, float] | None:
    """The balance answer (situation, share) when both are saved and still in the course."""
    situation, share = saved.get("situation"), saved.get("share")
    if situation in {s.id for s in content.situations} and share is not None:
        return (situation, share)
    return None


def _known(values: Mapping[str, Any], ids: set[str]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k in ids}


def _write_atomic(target: Path, data: bytes, mode: int | None = None) -> None:
    write_atomic(target, data, mode)


# --------------------------------------------------------------------------- import


@dataclass(frozen=True)
class Incoming:
    """A validated export file, as rows for the journal to record."""

    source: Path
    parsed: export_format.Export
    rows: tuple[Row, ...]
    #: The file's export version (leadlib.export.READABLE_VERSIONS).
    version: int = export_format.VERSION

    def report(self, outcomes: Sequence[str]) -> ImportReport:
        """The ImportReport, given for each row what the import did with it: NEW,
        REPLACED or SAME (the journal's latest answer was already the same)."""
        counts = dict.fromkeys(EXCHANGED, 0)
        replaced = dict.fromkeys(EXCHANGED, 0)
        in_file = dict.fromkeys(EXCHANGED, 0)
        items: dict[str, list[str]] = {exercise: [] for exercise in EXCHANGED}
        for (exercise, item, _text), outcome in zip(self.rows, outcomes, strict=True):
            in_file[exercise] += 1
            items[exercise].append(item)
            if outcome != SAME:
                counts[exercise] += 1
            if outcome == REPLACED:
                replaced[exercise] += 1
        return ImportReport(
            source=self.source,
            participant=self.parsed.participant,
            display_name=self.parsed.display_name,
            exported_at=self.parsed.exported_at,
            recorded=counts,
            unchanged=list(outcomes).count(SAME),
            replaced=replaced,
            in_file=in_file,
            items={exercise: tuple(found) for exercise, found in items.items()},
            notes=self.parsed.notes,
            version=self.version,
        )


def read_import(content: Content, source: Path) -> Incoming:
    """Read and validate the export file at ``source`` strictly; ExportError listing
    every problem with its field path if anything is wrong."""
    return _incoming(content, read_export_file(source), source)


def read_import_bytes(content: Content, name: str, raw: bytes) -> Incoming:
    """Read and validate ``raw``, the bytes of an export file called ``name`` that came
    without a path (a browser upload), as strictly as ``read_import`` reads a file."""
    source = Path(Path(name).name or "upload.json")
    return _incoming(content, read_export_bytes(source, raw), source)


def _incoming(content: Content, doc: dict[str, Any], source: Path) -> Incoming:
    """The rows of the export ``doc`` read from ``source``; ExportError listing every
    problem with its field path if anything is wrong."""
    parsed = export_format.parse(content, doc, str(source))
    problems: list[Problem] = []
    rows: list[Row] = []
    for exercise, item, value, where in _answers_in(parsed, doc):
        try:
            stored = validate_answer(content, exercise, item, value)
        except AnswerError as error:
            problems.append(Problem(where, str(error)))
            continue
        rows.append((exercise, item, json.dumps(stored, ensure_ascii=False, allow_nan=False)))
    if problems:
        raise ExportError(problems, str(source))
    return Incoming(source, parsed, tuple(rows), doc["version"])


def _answers_in(parsed: export_format.Export, doc: Any) -> list[tuple[str, str, Any, str]]:
    """Every answer of an export: (exercise, item, value, field path in the file)."""
    incoming: list[tuple[str, str, Any, str]] = []
    incoming += [
        (SELF_ASSESSMENT, k, v, f"self_assessment.answers.{k}") for k, v in parsed.answers.items()
    ]
    incoming += [
        (DELEGATION, k, v, f"delegation.choices.{k}") for k, v in parsed.delegation.items()
    ]
    if parsed.balance_situation is not None:
        raw = doc["balance"]["leadership_share"]
        incoming.append((BALANCE, "situation", parsed.balance_situation, "balance.situation"))
        incoming.append((BALANCE, "share", raw, "balance.leadership_share"))
    incoming += [
        (REFLECTION, k, v, f"reflections.{k}") for k, v in (parsed.reflections or {}).items()
    ]
    if parsed.my_board is not None:
        incoming.append((MY_BOARD, BOARD_ITEM, board_to_json(parsed.my_board), "my_board"))
    if parsed.time_audit is not None:
        for item, value in parsed.time_audit.as_json().items():
            incoming.append((TIME_AUDIT, item, value, f"time_audit.{item}"))
    incoming += [
        (SELF_ASSESSMENT_ROUNDS, number, value, f"self_assessment_rounds.{number}")
        for number, value in parsed.rounds.items()
    ]
    incoming += [
        (CHECKINS, item, value, f"checkins.{item}")
        for item, value in (parsed.checkins or {}).items()
    ]
    return incoming


__all__ = [
    "ImportReport",
    "Incoming",
    "export_document",
    "export_to_file",
    "read_import",
    "read_import_bytes",
]
