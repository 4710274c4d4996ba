"""The journal file's layout, its migrations, and how connections to it are set up.

Layout (schema version 2)::

    meta(key TEXT PRIMARY KEY, value TEXT)        -- schema_version, participant_code
    answers(id INTEGER PRIMARY KEY AUTOINCREMENT,
            exercise TEXT, item TEXT,
            value TEXT,                           -- JSON
            recorded_at TEXT,                     -- UTC, ISO 8601 with microseconds
            source TEXT)                          -- 'learner' or 'import' (added in v2)

The answers table is generic: a new exercise (notebook 08's board, time audit, rounds,
check-ins, rater pack and answers) is new rows in the same columns, checked by
``answers.validate_answer``, and needs no migration; one is needed only when the columns
or their meaning change (tests/test_journal_before_08.py opens a journal written
before notebook 08).

Migrations are an ordered list of functions; ``MIGRATIONS[i]`` takes a journal from
version ``i`` to ``i + 1`` (version 0 is an empty file). A journal written by a newer
leadlib is refused, untouched (see leadlib.journal.recovery).

Connections: the file is in WAL mode, and connections wait up to ``BUSY_TIMEOUT`` seconds
for another writer. On a network folder (NFS, SMB and the like, common for JupyterHub
home folders) WAL cannot work, since it needs memory shared between processes on one
machine: there the journal keeps SQLite's rollback journal (``journal_mode=DELETE``),
slower with several writers but safe. ``BUSY_TIMEOUT`` and ``filesystem_type`` are read
from this module at each use, so they are set (or patched in tests) here.

Uses the standard library's sqlite3; must not import matplotlib, ipywidgets, nbconvert
or the widgets.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Callable
from pathlib import Path

from ..i18n import _
from .errors import JournalError

#: How long a write waits for another kernel to finish its own, in seconds.
BUSY_TIMEOUT = 10.0

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: easy to read aloud
CODE_LENGTH = 6

#: File-system types on which SQLite's WAL mode is unsafe (no shared memory across hosts).
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "9p",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "beegfs",
        "afs",
        "fuse.sshfs",
        "fuse.s3fs",
        "fuse.gcsfuse",
        "fuse.rclone",
    }
)


def _migrate_0_to_1(con: sqlite3.Connection) -> None:
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    con.execute(
        "CREATE TABLE answers ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " exercise TEXT NOT NULL,"
        " item TEXT NOT NULL,"
        " value TEXT NOT NULL,"
        " recorded_at TEXT NOT NULL)"
    )


def _migrate_1_to_2(con: sqlite3.Connection) -> None:
    # Where a row came from (typed by the learner, or merged from an export file), and
    # an index for "latest row per item".
    con.execute("ALTER TABLE answers ADD COLUMN source TEXT NOT NULL DEFAULT 'learner'")
    con.execute("CREATE INDEX answers_by_item ON answers (exercise, item, id)")


#: MIGRATIONS[i] takes a journal from schema version i to i + 1.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_migrate_0_to_1, _migrate_1_to_2)
SCHEMA_VERSION = len(MIGRATIONS)


def new_code() -> str:
    """A fresh random participant code, like 'P-7K3Q9X'."""
    return "P-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def read_version(con: sqlite3.Connection) -> int | None:
    """The schema version of an open file: 0 when empty, None when it is not a journal."""
    tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    tables.discard("sqlite_sequence")
    if not tables:
        return 0
    if "meta" not in tables:
        return None
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        return None
    try:
        return int(row[0])
    except (TypeError, ValueError):
        return None


def filesystem_type(path: Path, mounts: str | None = None) -> str | None:
    """The file-system type of the mount holding ``path`` (Linux ``/proc/self/mounts``),
    or None where that cannot be told (other systems)."""
    if mounts is None:
        try:
            mounts = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    target = str(path.resolve())
    best, kind = "", None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind


def journal_mode_for(path: Path, mounts: str | None = None) -> str:
    """'wal', or 'delete' where the journal's folder is on a network file system."""
    return "delete" if filesystem_type(path.parent, mounts) in NETWORK_FILESYSTEMS else "wal"


def initialise(target: Path) -> None:
    """WAL mode, migrations up to SCHEMA_VERSION and a participant code, in one write."""
    try:
        con = sqlite3.connect(target, timeout=BUSY_TIMEOUT, isolation_level=None)
    except sqlite3.Error as error:
        raise JournalError(
            _(
                "The journal at {path} cannot be created ({problem}). Check that you may "
                "write to that folder."
            ).format(path=target, problem=error)
        ) from None
    try:
        # WAL on a local disk; on a network folder the rollback journal (see the module
        # docstring). Where SQLite still refuses WAL it keeps the rollback journal too.
        con.execute(f"PRAGMA journal_mode={journal_mode_for(target)}")
        if not _is_up_to_date(con):
            _migrate(con, target)
    except sqlite3.Error as error:
        if con.in_transaction:
            con.rollback()
        raise JournalError(
            _(
                "The journal at {path} could not be prepared ({problem}). Close other "
                "notebooks that use it and restart the kernel; saved answers are not affected."
            ).format(path=target, problem=error)
        ) from None
    finally:
        con.close()


def _is_up_to_date(con: sqlite3.Connection) -> bool:
    """True when the file needs no write: current schema and a participant code."""
    return read_version(con) == SCHEMA_VERSION and bool(
        con.execute("SELECT 1 FROM meta WHERE key = 'participant_code'").fetchone()
    )


def _migrate(con: sqlite3.Connection, target: Path) -> None:
    """Run the missing migrations and add a participant code, in one IMMEDIATE write."""
    con.execute("BEGIN IMMEDIATE")
    version = read_version(con)
    if version is None or version > SCHEMA_VERSION:
        # Another process replaced the file between the check and now.
        raise JournalError(
            _(
                "The journal at {path} changed while it was being opened. Restart the kernel."
            ).format(path=target)
        )
    for migrate in MIGRATIONS[version:]:
        migrate(con)
    con.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
        (str(SCHEMA_VERSION),),
    )
    con.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('participant_code', ?)",
        (new_code(),),
    )
    con.commit()


__all__ = [
    "BUSY_TIMEOUT",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "MIGRATIONS",
    "NETWORK_FILESYSTEMS",
    "SCHEMA_VERSION",
    "filesystem_type",
    "initialise",
    "journal_mode_for",
    "new_code",
    "read_version",
]
