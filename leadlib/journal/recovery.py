"""Damaged journal files: telling them apart from healthy ones, and moving them aside.

When the file at the journal's path is not SQLite, is not a leadlib journal, or fails
SQLite's integrity check, ``set_aside_if_damaged`` moves it aside (with its ``-wal`` and
``-shm`` companions) to ``journal.sqlite3.damaged-YYYYmmddTHHMMSS`` and returns a message
for the learner; ``open_journal`` then starts a fresh journal. Nothing is deleted. A
zero-byte file is what SQLite itself leaves when a journal was created but never written
to: it is a valid empty database, and is opened as a new journal. A journal written by a
newer leadlib is refused (JournalError) and never touched.

Uses the standard library's sqlite3; must not import matplotlib, ipywidgets, nbconvert
or the widgets.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from ..i18n import _
from . import schema  # BUSY_TIMEOUT is read from there at each use
from .errors import DamagedJournalError, JournalError

DAMAGED_SUFFIX = ".damaged-"
SQLITE_HEADER = b"SQLite format 3\x00"
# SQLite result codes that mean "this file is damaged or not a database".
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26


def is_damage(error: sqlite3.Error) -> bool:
    """True when ``error`` says the file is damaged or not a database."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    return type(error) is sqlite3.DatabaseError  # Python 3.10: no error codes


def set_aside_if_damaged(target: Path, *, recover: bool) -> list[str]:
    """Check the file at ``target``; if it is damaged, move it aside and return the
    message for the learner (an empty list when the file is fine or missing).

    With ``recover=False`` a damaged file raises DamagedJournalError and is left where it
    is. A journal of a newer schema raises JournalError, untouched.
    """
    for _attempt in range(3):
        seen = _signature(target)
        problem = _diagnose(target)
        if problem is None:
            return []
        if not recover:
            raise DamagedJournalError(
                _(
                    "The journal at {path} cannot be read: {problem}. It has not been "
                    "changed. Open it with recovery to move it aside and start a fresh "
                    "journal, then import your last export to restore your answers."
                ).format(path=target, problem=problem)
            )
        moved = _move_aside(target, problem, seen)
        if moved is None:
            continue  # another notebook replaced the file meanwhile: look again
        return [
            _(
                "Your journal at {path} could not be read: {problem}. It was kept as "
                "{kept} in the same folder, and a fresh, empty journal was started. "
                "If you exported your answers before, import that file to restore them."
            ).format(path=target, problem=problem, kept=moved.name)
        ]
    return []


def _diagnose(target: Path) -> str | None:
    """None if ``target`` is missing, empty, or a readable journal; else what is wrong.

    Raises JournalError for a journal of a newer schema (which is never touched)."""
    header = _read_header(target)
    if header is None or not header:
        return None  # missing; or zero bytes: a journal created and never written
    if header != SQLITE_HEADER:
        return _("the file is not a SQLite database")
    try:
        return _inspect(target, read_only=True)
    except sqlite3.OperationalError:
        # A read-only look can fail for reasons unrelated to damage (a rollback journal
        # left by a crash needs writing to be replayed); look again read-write.
        return _inspect(target, read_only=False)


def _read_header(target: Path) -> bytes | None:
    """The first bytes of ``target`` (as many as a SQLite header), None if it is missing."""
    try:
        if not target.exists():
            return None
        if target.is_dir():
            raise JournalError(
                _(
                    "The journal path {path} is a folder. Rename or remove that folder and "
                    "restart the kernel."
                ).format(path=target)
            )
        with open(target, "rb") as handle:
            return handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise JournalError(
            _(
                "The journal at {path} cannot be read ({reason}). Check "
                "that you may read and write that folder."
            ).format(path=target, reason=error.strerror or error)
        ) from None


def _inspect(target: Path, read_only: bool) -> str | None:
    # Read-only first, so that closing the connection never checkpoints or deletes the
    # -wal file of a journal that is damaged or from a newer leadlib.
    try:
        if read_only:
            uri = f"{target.resolve().as_uri()}?mode=ro"
            con = sqlite3.connect(uri, uri=True, timeout=schema.BUSY_TIMEOUT)
        else:
            con = sqlite3.connect(target, timeout=schema.BUSY_TIMEOUT)
    except sqlite3.Error as error:
        if read_only:
            raise
        raise JournalError(
            _("The journal at {path} cannot be opened ({problem}).").format(
                path=target, problem=error
            )
        ) from None
    try:
        return _check_contents(con, target)
    except sqlite3.Error as error:
        if is_damage(error):
            return _("the file is damaged (SQLite reports: {problem})").format(problem=error)
        if read_only and isinstance(error, sqlite3.OperationalError):
            raise
        raise JournalError(
            _(
                "The journal at {path} cannot be opened ({problem}). Close other notebooks "
                "that use it and restart the kernel."
            ).format(path=target, problem=error)
        ) from None
    finally:
        con.close()


def _check_contents(con: sqlite3.Connection, target: Path) -> str | None:
    """What is wrong with the open file (None when nothing): not a journal, or damaged.
    JournalError for a newer schema; sqlite3 errors are left to the caller."""
    version = schema.read_version(con)
    if version is None:
        return _("the file is a SQLite database, but not a leadlib journal")
    if version > schema.SCHEMA_VERSION:
        raise JournalError(
            _(
                "The journal at {path} was written by a newer leadlib (journal version "
                "{version}; this leadlib reads up to {supported}). Update leadlib "
                "(pip install --upgrade leadlib) and restart the kernel. The journal has "
                "not been changed."
            ).format(path=target, version=version, supported=schema.SCHEMA_VERSION)
        )
    check = [str(r[0]) for r in con.execute("PRAGMA quick_check")]
    if check != ["ok"]:
        return _("the file is damaged (SQLite reports: {problem})").format(
            problem="; ".join(check[:3])
        )
    return None


def _signature(target: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(target)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _move_aside(target: Path, problem: str, seen: tuple[int, int, int] | None) -> Path | None:
    """Move ``target`` and its companions to ``<name>.damaged-<time>``; None (nothing
    moved) if the file is no longer the one that was diagnosed as ``seen``."""
    if _signature(target) != seen:
        return None
    base = _free_damaged_name(target)
    try:
        # Companions first, so that a fresh journal never picks up the old -wal file.
        for suffix in ("-wal", "-shm", "-journal", ""):
            source = Path(f"{target}{suffix}")
            if source.exists():
                os.replace(source, f"{base}{suffix}")
    except OSError as error:
        raise DamagedJournalError(
            _(
                "The journal at {path} cannot be read ({problem}), and it could not be moved "
                "aside ({reason}). Move or rename it yourself, then restart the kernel."
            ).format(path=target, problem=problem, reason=error.strerror or error)
        ) from None
    return base


def _free_damaged_name(target: Path) -> Path:
    """``<name>.damaged-<time>``, with ``-2``, ``-3``... when that name (or one of its
    companions) is taken."""
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    base = target.with_name(f"{target.name}{DAMAGED_SUFFIX}{stamp}")
    n = 1
    while any(Path(f"{base}{s}").exists() for s in ("", "-wal", "-shm", "-journal")):
        n += 1
        base = target.with_name(f"{target.name}{DAMAGED_SUFFIX}{stamp}-{n}")
    return base


__all__ = ["DAMAGED_SUFFIX", "SQLITE_HEADER", "is_damage", "set_aside_if_damaged"]
