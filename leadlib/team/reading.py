"""Read a folder of participants' exports, one file at a time, into compact records:
one per participant (the newest export of each), plus the files skipped and the older
duplicates set aside. Summarising the records is ``aggregate``'s work.

Reading a file safely is leadlib.exportfile's; validation is leadlib.export's. Must not
import matplotlib, ipywidgets, the journal, or ``aggregate``, ``report`` or ``charts``
of this package.

Memory: each file is read, validated and reduced to a compact record (about fifty small
numbers in two ``bytes`` objects) before the next is opened. One record per participant
is kept until the end, so that a newer export from the same participant can replace an
older one. Nothing else is kept per person.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import LeadlibError, printable
from ..export import SCHEMA, VERSION, Problem, validate
from ..exportfile import MAX_EXPORT_BYTES, ExportFileError, read_export
from ..i18n import _, ngettext
from ..models import Content
from .summary import SkippedFile, SupersededFile

#: The largest file read as an export (leadlib.exportfile's limit).
MAX_FILE_BYTES = MAX_EXPORT_BYTES
MAX_REASONS = 8
#: Longest reason repeated from a file's problems (a hostile file can make them long).
REASON_LIMIT = 300


class TeamReportError(LeadlibError):
    """The folder of exports cannot be used at all (missing, not a folder)."""


@dataclass(slots=True)
class Record:
    """One participant's contribution, kept compact until the end."""

    exported_at: str
    mtime: float
    name: str
    answers: bytes  # one byte per statement, 0 = not answered
    delegation: bytes  # one byte per scenario, 0 = not answered
    situation: int  # index into content.situations, -1 = none
    share: float
    demo: bool = False  # an imaginary participant from leadlib demo-exports
    version: int = VERSION  # the export's format version (1: retired answers left out)


def export_files(folder: Path) -> list[Path]:
    """The ``*.json`` files directly inside ``folder``, sorted by name."""
    return [folder / name for name in _export_names(folder)]


def _export_names(folder: Path) -> list[str]:
    """The names of the ``*.json`` files directly inside ``folder``, sorted."""
    shown = printable(str(folder))
    if not folder.exists():
        raise TeamReportError(
            _(
                "The folder '{folder}' does not exist. Check the path, or collect the "
                "participants' export files into a folder first."
            ).format(folder=shown)
        )
    if not folder.is_dir():
        raise TeamReportError(
            _(
                "'{folder}' is a file, not a folder. Give the folder that holds the "
                "participants' export files."
            ).format(folder=shown)
        )
    with os.scandir(folder) as entries:
        return sorted(e.name for e in entries if e.name.lower().endswith(".json"))


@dataclass(frozen=True)
class Layout:
    """The ids the reader needs, looked up once per run rather than once per file."""

    statements: tuple[str, ...]
    scenarios: tuple[str, ...]
    situations: dict[str, int]

    @classmethod
    def of(cls, content: Content) -> Layout:
        return cls(
            tuple(s.id for s in content.statements),
            tuple(s.id for s in content.scenarios),
            {s.id: i for i, s in enumerate(content.situations)},
        )


def _validation_reasons(problems: Sequence[Problem], doc: object) -> tuple[str, ...]:
    """The first problems of an invalid export, each safe to print."""
    reasons = [printable(str(p), REASON_LIMIT) for p in problems[:MAX_REASONS]]
    if len(problems) > MAX_REASONS:
        more = len(problems) - MAX_REASONS
        reasons.append(
            ngettext("... and {n} more problem", "... and {n} more problems", more).format(n=more)
        )
    if isinstance(doc, dict) and doc.get("schema") != SCHEMA:
        reasons[0] = _("wrong kind of file: {reason}").format(reason=reasons[0])
    return tuple(reasons)


def _record(doc: dict[str, Any], name: str, mtime: float, layout: Layout) -> Record | None:
    """The compact record of a valid export, or None if it holds no answer at all."""
    answers = doc["self_assessment"]["answers"]
    choices = doc["delegation"]["choices"]
    balance = doc.get("balance")
    if not answers and not choices and balance is None:
        return None
    situation = -1
    share = math.nan
    if balance is not None:
        situation = layout.situations[balance["situation"]]
        share = float(balance["leadership_share"])
    return Record(
        exported_at=doc["exported_at"],
        mtime=mtime,
        name=name,
        answers=bytes([answers.get(i, 0) for i in layout.statements]),
        delegation=bytes([choices.get(i, 0) for i in layout.scenarios]),
        situation=situation,
        share=share,
        demo=doc.get("demo") is True,
        version=doc["version"],
    )


def read_one(
    content: Content, path: Path, layout: Layout | None = None, *, follow_symlinks: bool = True
) -> tuple[str, Record] | SkippedFile:
    """Read (with ``leadlib.exportfile``), validate and reduce one file to
    (participant code, record), or say why not. The name is made safe to print."""
    layout = layout or Layout.of(content)
    name = printable(path.name)
    try:
        read = read_export(path, max_bytes=MAX_FILE_BYTES, follow_symlinks=follow_symlinks)
    except ExportFileError as error:
        return SkippedFile(name, (error.reason,))
    problems = validate(content, read.doc)
    if problems:
        return SkippedFile(name, _validation_reasons(problems, read.doc))
    record = _record(read.doc, name, read.mtime, layout)
    if record is None:
        return SkippedFile(
            name,
            (
                _(
                    "the export holds no answers (no self-assessment, no delegation "
                    "choices, no balance): nothing to count"
                ),
            ),
        )
    return read.doc["participant"], record


def newer(a: Record, b: Record) -> bool:
    """Is ``a`` newer than ``b``? Export time, then file time, then file name."""
    return (a.exported_at, a.mtime, a.name) > (b.exported_at, b.mtime, b.name)


@dataclass
class Collected:
    """What reading a folder (or a list of files) gave: one record per participant."""

    source: str
    files_found: int
    records: dict[str, Record]
    skipped: list[SkippedFile]
    superseded: tuple[SupersededFile, ...]


def _names(
    paths_or_dir: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
) -> tuple[Path, Sequence[str], str]:
    """The folder, the file names in it (or the given paths) and the report's source."""
    if isinstance(paths_or_dir, (str, os.PathLike)):
        folder = Path(paths_or_dir)
        # Names only (short strings); each Path is made when its file is read.
        return folder, _export_names(folder), printable(folder.name or str(folder))
    return Path(), [str(Path(p)) for p in paths_or_dir], "selected files"


def collect(
    content: Content,
    paths_or_dir: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    progress: Callable[[int], None] | None = None,
    *,
    follow_symlinks: bool = True,
) -> Collected:
    """Read every export into records, the newest export of each participant winning.
    ``follow_symlinks=False`` skips symbolic links unopened (a shared folder)."""
    folder, names, source = _names(paths_or_dir)
    records: dict[str, Record] = {}
    skipped: list[SkippedFile] = []
    older: list[tuple[str, str]] = []  # (older file, participant)
    layout = Layout.of(content)
    for name in names:
        result = read_one(content, folder / name, layout, follow_symlinks=follow_symlinks)
        if progress is not None:
            progress(1)
        if isinstance(result, SkippedFile):
            skipped.append(result)
            continue
        # The participant code is only a key here; it never reaches the report.
        code, record = result
        current = records.get(code)
        if current is None:
            records[code] = record
        elif newer(record, current):
            older.append((current.name, code))
            records[code] = record
        else:
            older.append((record.name, code))
    superseded = tuple(sorted(SupersededFile(name, records[code].name) for name, code in older))
    return Collected(source, len(names), records, skipped, superseded)
