"""Read one export file safely: the one reader of export files, used by the team report
and by the journal's import.

A file handed over by someone else may be broken or hostile. ``read_export_file`` never
hangs, never crashes with a traceback and never echoes raw control characters; it raises
ExportFileError with a plain reason instead:

- only a regular file is opened: a folder, a named pipe, a device or a socket is named
  and refused before it is opened (and checked again after, with a non-blocking open);
- a symbolic link is refused unopened when ``follow_symlinks`` is False (the live team
  picture reads a folder that participants write into: a link there could point at a
  file of the facilitator's);
- a file larger than ``max_bytes`` is refused before it is read;
- the text must be UTF-8 (a byte-order mark is accepted) and JSON, an object at the top;
- a number longer than any export needs (a 5,000-digit number), NaN or Infinity, deep
  nesting, a key repeated in one object or a key with control characters is refused;
- file names and keys in messages pass through ``printable``, so an escape sequence in
  them reaches no terminal.

Whether the document is a valid export is ``leadlib.export.validate``'s question.
Every reason goes through gettext (``leadlib.i18n``), one whole sentence per case.
Imports only the standard library, ``errors``, ``export`` and ``i18n``; must not import
matplotlib, ipywidgets, nbconvert, sqlite3, the journal or the team package.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import printable
from .export import ExportError, Problem
from .i18n import N_, _, ngettext

__all__ = [
    "MAX_DEPTH",
    "MAX_EXPORT_BYTES",
    "MAX_NUMBER_CHARS",
    "ExportFile",
    "ExportFileError",
    "printable",
    "read_export",
    "read_export_bytes",
    "read_export_file",
]

#: An export is about 1-2 kB, or up to ~50 kB with reflections; anything far bigger is
#: not an export, and is refused before it is read into memory.
MAX_EXPORT_BYTES = 1_000_000
#: The longest number an export can need (a share such as 62.5 or a time in seconds is
#: far shorter); longer ones are refused before Python converts them.
MAX_NUMBER_CHARS = 24
#: An export is nested four levels deep (self_assessment.profile.traits); a file nested
#: deeper than this is not an export.
MAX_DEPTH = 16

#: Why a file that is not a regular file is refused: one whole sentence per kind of
#: file (marked here, translated where it is shown), so a translator sees each one.
_FOLDER = N_("this is a folder, not an export file")
_KINDS = (
    (stat.S_ISDIR, _FOLDER),
    (stat.S_ISFIFO, N_("this is a named pipe (FIFO), not an export file: it was not opened")),
    (stat.S_ISCHR, N_("this is a character device, not an export file: it was not opened")),
    (stat.S_ISBLK, N_("this is a block device, not an export file: it was not opened")),
    (stat.S_ISSOCK, N_("this is a socket, not an export file: it was not opened")),
)
_SPECIAL = N_("this is a special file, not an export file: it was not opened")
_SYMLINK = N_(
    "this is a symbolic link, not an export file: it was not opened (in a shared "
    "folder, only files written there are read)"
)
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
#: Marked for the catalogue; shown with ``_(NO_SUCH_FILE)``.
NO_SUCH_FILE = N_("there is no such file; check the name and the folder")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class ExportFileError(ExportError):
    """An export file that cannot be read as a JSON object; ``reason`` says why.

    An ExportError (and so a LeadlibError and a ValueError) with one problem at ``$``,
    so that callers that handle invalid exports handle unreadable ones too.
    """

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__([Problem("$", reason)], printable(str(path)))


@dataclass(frozen=True)
class ExportFile:
    """A file read by ``read_export``: its JSON object, size and modification time."""

    path: Path
    doc: dict[str, Any]
    size: int
    mtime: float


class _Refused(ValueError):
    """Raised inside the JSON hooks; carries the reason out of ``json.loads``."""


def _not_regular(mode: int) -> str | None:
    """Why a file of this mode is refused ("this is a named pipe (FIFO), ..."), in the
    current language; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return _(next((reason for test, reason in _KINDS if test(mode)), _SPECIAL))


def _too_large(size: int, max_bytes: int) -> str:
    return ngettext(
        "the file is too large for an export ({size:,} byte, the limit is {limit:,}; "
        "exports are a few kB): it was not read. Check that this is the right file",
        "the file is too large for an export ({size:,} bytes, the limit is {limit:,}; "
        "exports are a few kB): it was not read. Check that this is the right file",
        size,
    ).format(size=size, limit=max_bytes)


def _read_bytes(
    path: Path, max_bytes: int, follow_symlinks: bool = True
) -> tuple[bytes, os.stat_result]:
    """The file's bytes, opening it only if it is a regular file of at most max_bytes
    (and not a symbolic link, unless ``follow_symlinks``)."""
    flags = _OPEN_FLAGS
    try:
        if follow_symlinks:
            info = os.stat(path)
        else:
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                raise ExportFileError(path, _(_SYMLINK))
            # Should it become a link after lstat, the open fails instead of following.
            flags |= getattr(os, "O_NOFOLLOW", 0)
        refused = _not_regular(info.st_mode)
        if refused is not None:
            raise ExportFileError(path, refused)
        if info.st_size > max_bytes:
            raise ExportFileError(path, _too_large(info.st_size, max_bytes))
        # Non-blocking: should the file have become a pipe since stat, open returns at
        # once instead of waiting for a writer, and fstat below refuses it.
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            refused = _not_regular(info.st_mode)
            if refused is not None:
                raise ExportFileError(path, refused)
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise ExportFileError(path, _(NO_SUCH_FILE)) from None
    except IsADirectoryError:
        raise ExportFileError(path, _(_FOLDER)) from None
    except OSError as error:
        why = error.strerror or error.__class__.__name__
        raise ExportFileError(
            path, _("the file cannot be read ({why}); check the file's permissions").format(why=why)
        ) from None
    if len(raw) > max_bytes:
        raise ExportFileError(path, _too_large(len(raw), max_bytes))
    return raw, info


def _too_deep(text: str, limit: int) -> bool:
    """Is ``text`` nested more than ``limit`` levels of brackets (outside strings)?"""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for bracket in _BRACKET.finditer(_STRING.sub('""', text)):
        if bracket.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def _number_check(text: str) -> None:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Refused(
            ngettext(
                "the file holds a number {count:,} character long; an export's numbers "
                "are short (answers, levels, shares): this is not an export",
                "the file holds a number {count:,} characters long; an export's numbers "
                "are short (answers, levels, shares): this is not an export",
                len(text),
            ).format(count=len(text))
        )


def _parse_int(text: str) -> int:
    _number_check(text)
    return int(text)


def _parse_float(text: str) -> float:
    _number_check(text)
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(
            _("the file holds the number {number}, too large for any export").format(number=text)
        )
    return value


def _parse_constant(name: str) -> float:
    raise _Refused(
        _("the file holds {name}, which is not a number an export can hold").format(name=name)
    )


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    for key, value in pairs:
        if not key.isprintable():
            raise _Refused(
                _(
                    "the file holds a key with control or invisible characters "
                    "('{key}'); an export's keys are plain names"
                ).format(key=printable(key, 80))
            )
        if key in doc:
            raise _Refused(
                _(
                    "the key '{key}' appears twice in one object; leadlib never writes a "
                    "key twice, so the file was edited"
                ).format(key=printable(key, 80))
            )
        doc[key] = value
    return doc


def _parse(path: Path, raw: bytes) -> Any:
    """The JSON value in ``raw``, or ExportFileError with the reason it is refused."""
    if not raw:
        raise ExportFileError(path, _("the file is empty (0 bytes); export it again"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExportFileError(
            path,
            _(
                "the file is not UTF-8 text (byte {position}); a leadlib export is a JSON "
                "text file, as written by the export button"
            ).format(position=error.start),
        ) from None
    if not text.strip():
        raise ExportFileError(path, _("the file holds only blank space; export it again"))
    if _too_deep(text, MAX_DEPTH):
        raise ExportFileError(
            path,
            ngettext(
                "the file is nested more than {depth} level deep; an export is nested "
                "four levels at most: this is not an export",
                "the file is nested more than {depth} levels deep; an export is nested "
                "four levels at most: this is not an export",
                MAX_DEPTH,
            ).format(depth=MAX_DEPTH),
        )
    try:
        return json.loads(
            text,
            object_pairs_hook=_object,
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=_parse_constant,
        )
    except json.JSONDecodeError as error:
        raise ExportFileError(
            path,
            _(
                "the file is not valid JSON (line {line}, column {column}: {error}); it "
                "may have been edited or cut short. Export it again"
            ).format(line=error.lineno, column=error.colno, error=error.msg),
        ) from None
    except _Refused as refused:
        raise ExportFileError(path, str(refused)) from None
    except RecursionError:  # pragma: no cover - _too_deep refuses such files first
        raise ExportFileError(path, _("the file is nested too deeply to be an export")) from None


def read_export(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = MAX_EXPORT_BYTES,
    follow_symlinks: bool = True,
) -> ExportFile:
    """Read ``path`` as a JSON object with every check of this module; ExportFileError
    (with a plain ``reason``) if it cannot be. ``follow_symlinks=False`` refuses a
    symbolic link unopened."""
    source = Path(path)
    raw, info = _read_bytes(source, max_bytes, follow_symlinks)
    doc = _parse(source, raw)
    if not isinstance(doc, dict):
        raise ExportFileError(
            source,
            _("expected a JSON object, found {kind}: this is not a leadlib export").format(
                kind=type(doc).__name__
            ),
        )
    return ExportFile(source, doc, len(raw), info.st_mtime)


def read_export_bytes(
    name: str | os.PathLike[str], raw: bytes, *, max_bytes: int = MAX_EXPORT_BYTES
) -> dict[str, Any]:
    """The JSON object in ``raw``, the bytes of a file called ``name`` that arrived
    without a path (a browser upload), with every check of ``read_export`` but the
    kind of file; ExportFileError if it cannot be read safely."""
    source = Path(name)
    if len(raw) > max_bytes:
        raise ExportFileError(source, _too_large(len(raw), max_bytes))
    doc = _parse(source, raw)
    if not isinstance(doc, dict):
        raise ExportFileError(
            source,
            _("expected a JSON object, found {kind}: this is not a leadlib export").format(
                kind=type(doc).__name__
            ),
        )
    return doc


def read_export_file(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_EXPORT_BYTES
) -> dict[str, Any]:
    """The JSON object in the export file ``path``; ExportFileError if it cannot be read
    safely (see the module's docstring). Validate the result with ``leadlib.export``."""
    return read_export(path, max_bytes=max_bytes).doc
