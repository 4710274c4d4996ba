"""The learner's journal itself: the ``Journal`` object over one SQLite file, and
``open_journal`` that checks, recovers and prepares the file before handing it out.

Several kernels of the same learner may write at once: every write is one short
``BEGIN IMMEDIATE`` transaction, and connections wait up to ``schema.BUSY_TIMEOUT``
seconds for another writer (the file's settings and layout are in leadlib.journal.schema).
Every answer is a new row, so the history is kept; on read the latest row per
(exercise, item) wins.

Uses the standard library's sqlite3 and the pure core; must not import matplotlib,
ipywidgets, nbconvert, plots or widgets.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..content import load_content
from ..i18n import N_, _
from ..models import Content
from . import exchange, schema  # schema.BUSY_TIMEOUT is read at each use
from .answers import EXERCISES, check_exercise, validate_answer
from .errors import JournalError
from .exchange import ImportReport
from .paths import journal_path, prepare_folder
from .recovery import is_damage, set_aside_if_damaged

#: What failed, for the messages of a failed journal operation (each names the
#: journal's ``{path}``; translated where shown).
READ = N_("Could not read the journal at {path}")
SAVE = N_("Could not save to the journal at {path}")
SAVE_ANSWER = N_("Could not save your answer to the journal at {path}")
CLEAR = N_("Could not clear the journal at {path}")
IMPORT = N_("Could not import into the journal at {path}")
CHECK = N_("Could not check the journal at {path}")


@dataclass(frozen=True)
class Entry:
    """One saved row of the journal's history."""

    exercise: str
    item: str
    value: Any
    recorded_at: str
    source: str


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Journal:
    """The learner's journal: record, read, clear, export and import answers.

    Get one with ``open_journal()`` and keep it for the life of a kernel. It holds one
    SQLite connection (used under a lock, so any thread may call it) and checks before
    each operation that the file at ``path`` is still the one it opened: if the journal
    was removed or moved aside meanwhile, it reconnects (starting a fresh journal if
    none is there) and says so in ``warnings``. A forked child process opens its own
    connection. ``warnings`` holds messages for the learner; the widgets show them.
    """

    def __init__(self, path: Path, content: Content, warnings: list[str] | None = None) -> None:
        self.path = path
        self.content = content
        self.warnings: list[str] = list(warnings or [])
        self._lock = threading.RLock()
        self._con: sqlite3.Connection | None = None
        self._con_key: tuple[int, int, int] | None = None
        self._inherited: list[sqlite3.Connection] = []  # from a parent process: never closed

    def __repr__(self) -> str:
        return f"Journal({str(self.path)!r})"

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (the next operation opens a new one)."""
        with self._lock:
            if self._con is not None and self._owns_connection():
                self._con.close()
            self._con, self._con_key = None, None

    # -- connections

    def _owns_connection(self) -> bool:
        """True when the open connection was made by this process (not inherited by fork)."""
        return self._con_key is not None and self._con_key[0] == os.getpid()

    def _connect(self) -> sqlite3.Connection:
        """The open connection, reopened if the process or the file changed."""
        st = _stat_or_none(self.path)
        key = None if st is None else (os.getpid(), st.st_dev, st.st_ino)
        if self._con is not None and key is not None and self._con_key == key:
            return self._con
        if self._con is not None:
            self._drop_connection(self._con, file_replaced=st is not None)
        if st is None:
            st = self._start_fresh_file()
        con = sqlite3.connect(
            self.path, timeout=schema.BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
        )
        con.execute("PRAGMA synchronous=NORMAL")
        self._con, self._con_key = con, (os.getpid(), st.st_dev, st.st_ino)
        return con

    def _drop_connection(self, con: sqlite3.Connection, file_replaced: bool) -> None:
        """Forget ``con``, the connection to a file that is gone or replaced, or one made
        before a fork (kept open: it belongs to the parent process)."""
        if self._owns_connection():
            con.close()
            if file_replaced:
                self.warnings.append(
                    _(
                        "The journal file {path} was replaced while this notebook "
                        "was open (for example by another notebook that found it "
                        "damaged); answers are now saved to the new file."
                    ).format(path=self.path)
                )
        else:  # inherited through fork: closing it here could harm the parent
            self._inherited.append(con)
        self._con, self._con_key = None, None

    def _start_fresh_file(self) -> os.stat_result:
        """Start a new journal where the file went missing, and say so in ``warnings``."""
        prepare_folder(self.path.parent, from_env=False)
        schema.initialise(self.path)
        self.warnings.append(
            _(
                "The journal file {path} was missing (removed while this notebook "
                "was open); a fresh, empty journal was started."
            ).format(path=self.path)
        )
        return os.stat(self.path)

    @contextlib.contextmanager
    def _connection(self, action: str, write: bool) -> Iterator[sqlite3.Connection]:
        """One short transaction (IMMEDIATE for a write, so that it never has to wait
        half-way), committed on success and rolled back on any error. sqlite3 errors
        become a JournalError saying what to do; ``action`` is the message naming what
        failed (READ, SAVE... above)."""
        with self._lock:
            try:
                con = self._connect()
                con.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                try:
                    yield con
                except BaseException:
                    if con.in_transaction:
                        con.rollback()
                    raise
                if con.in_transaction:
                    con.commit()
            except sqlite3.Error as error:
                raise self._error(action, error) from None
            except OSError as error:
                raise JournalError(
                    _(
                        "{failed} ({reason}). Check that the folder exists and that "
                        "you may write to it. Answers saved before are not affected."
                    ).format(
                        failed=_(action).format(path=self.path), reason=error.strerror or error
                    )
                ) from None

    def _error(self, action: str, error: sqlite3.Error) -> JournalError:
        text = str(error)
        if "locked" in text or "busy" in text:
            hint = _(
                "Another notebook kept the journal busy for more than "
                "{seconds:g} seconds. Try again in a moment."
            ).format(seconds=schema.BUSY_TIMEOUT)
        elif "full" in text:
            hint = _("The disk is full. Free some space and try again.")
        elif is_damage(error):
            hint = _(
                "The journal file looks damaged. Restart the kernel so that it is moved "
                "aside and a fresh one started, then import your last export to restore."
            )
        else:
            hint = _("Check that the folder exists and that you may write to it.")
        return JournalError(
            _("{failed} ({problem}). {hint} Answers saved before are not affected.").format(
                failed=_(action).format(path=self.path), problem=text, hint=hint
            )
        )

    # -- the contract

    @property
    def participant_code(self) -> str:
        """Your anonymous code, like 'P-7K3Q9X': random, the same for every export."""
        with self._connection(READ, write=False) as con:
            row = con.execute("SELECT value FROM meta WHERE key = 'participant_code'").fetchone()
        if row is None:  # only a hand-made file can lack it
            return self.new_participant_code()
        return str(row[0])

    def new_participant_code(self) -> str:
        """Replace the participant code with a fresh random one and return it."""
        code = schema.new_code()
        with self._connection(SAVE, write=True) as con:
            _set_participant_code(con, code)
        return code

    def record(self, exercise: str, item: str, value: object) -> None:
        """Save one answer. Raises AnswerError (nothing saved) if it is not valid."""
        stored = validate_answer(self.content, exercise, item, value)
        text = json.dumps(stored, ensure_ascii=False, allow_nan=False)
        with self._connection(SAVE_ANSWER, write=True) as con:
            _insert(con, (exercise, item, text), _now(), "learner")

    def answers(self, exercise: str) -> dict[str, Any]:
        """The latest value per item of ``exercise`` (lists come back as lists)."""
        check_exercise(exercise)
        with self._connection(READ, write=False) as con:
            return _latest(con, exercise)

    def history(self, exercise: str | None = None, item: str | None = None) -> list[Entry]:
        """Every saved row, oldest first, optionally for one exercise and item."""
        if exercise is not None:
            check_exercise(exercise)
        sql = "SELECT exercise, item, value, recorded_at, source FROM answers"
        where, args = [], []
        if exercise is not None:
            where.append("exercise = ?")
            args.append(exercise)
        if item is not None:
            where.append("item = ?")
            args.append(item)
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._connection(READ, write=False) as con:
            rows = con.execute(sql + " ORDER BY id", args).fetchall()
        return [Entry(e, i, json.loads(v), t, s) for e, i, v, t, s in rows]

    def clear(self, exercise: str | None = None) -> int:
        """Delete the answers of one exercise (with their history), or of all exercises.

        Returns how many recorded answers were deleted, each earlier version in the
        history counted too: an item answered, then changed, counts 2. So it can be more
        than the answers the learner sees (the export panel counts those itself); 0 when
        there was nothing to delete. The participant code is kept.
        """
        with self._connection(CLEAR, write=True) as con:
            if exercise is None:
                cursor = con.execute("DELETE FROM answers")
            else:
                check_exercise(exercise)
                cursor = con.execute("DELETE FROM answers WHERE exercise = ?", (exercise,))
            return cursor.rowcount

    def snapshot(self) -> dict[str, dict[str, Any]]:
        """The latest answers of every exercise, read at one moment."""
        with self._connection(READ, write=False) as con:
            return {ex: _latest(con, ex) for ex in EXERCISES}

    def export_document(
        self,
        *,
        display_name: str | None = None,
        include_reflections: bool = False,
        include_board: bool = False,
        include_time_audit: bool = False,
        include_supporter: bool = False,
    ) -> dict[str, Any]:
        """The export as a JSON-ready dict (see leadlib.export for the layout).

        Answers to items no longer in the course data are left out, with a warning.
        """
        return exchange.export_document(
            self,
            display_name=display_name,
            include_reflections=include_reflections,
            include_board=include_board,
            include_time_audit=include_time_audit,
            include_supporter=include_supporter,
        )

    def export(
        self,
        path: str | os.PathLike[str],
        *,
        display_name: str | None = None,
        include_reflections: bool = False,
        include_board: bool = False,
        mode: int | None = None,
        include_time_audit: bool = False,
        include_supporter: bool = False,
    ) -> Path:
        """Write the facilitator's export (JSON) to ``path`` and return where it went.

        Anonymous by default: the participant code, no name, no reflections, no
        delegation board (it names the people the learner works with), no time audit
        (activity titles) and no check-in supporter's name unless asked. The
        self-assessment's earlier rounds and the check-ins' start date always go in.
        When ``path`` is an existing folder the file is named ``leadlib-export-<code>.json``
        inside it. Written atomically: a reader never sees half a file, and an older file
        at ``path`` stays intact if writing fails. ``mode`` sets the file's permissions
        exactly (leadlib.sharedexports: 0640 in the workshop's shared folder, 0600 in the
        learner's own); None leaves the umask's.
        """
        return exchange.export_to_file(
            self,
            path,
            display_name=display_name,
            include_reflections=include_reflections,
            include_board=include_board,
            mode=mode,
            include_time_audit=include_time_audit,
            include_supporter=include_supporter,
        )

    def import_file(
        self, path: str | os.PathLike[str], *, adopt_participant_code: bool = False
    ) -> ImportReport:
        """Merge an export file into this journal (for example on a new laptop).

        The file is validated strictly first; any problem raises ExportError listing
        every problem with its field path, and nothing is recorded. Answers that differ
        from the journal's latest are recorded as new rows (source 'import'), so they
        become the latest; the journal's earlier answer stays in its history, and answers
        the file does not hold are left as they are. With ``adopt_participant_code`` the
        journal takes the file's participant code.
        """
        incoming = exchange.read_import(self.content, Path(path).expanduser())
        return self.import_incoming(incoming, adopt_participant_code=adopt_participant_code)

    def import_bytes(
        self, name: str, raw: bytes, *, adopt_participant_code: bool = False
    ) -> ImportReport:
        """``import_file`` for the bytes of an export file called ``name`` that came
        without a path (a browser upload); the same checks and the same rules."""
        incoming = exchange.read_import_bytes(self.content, name, raw)
        return self.import_incoming(incoming, adopt_participant_code=adopt_participant_code)

    def import_incoming(
        self, incoming: exchange.Incoming, *, adopt_participant_code: bool = False
    ) -> ImportReport:
        """Record an export already read and validated by ``exchange.read_import`` or
        ``read_import_bytes`` (the rules of ``import_file``), in one write."""
        code = incoming.parsed.participant if adopt_participant_code else None
        return incoming.report(self._merge(incoming.rows, code))

    def _merge(self, rows: Sequence[exchange.Row], participant: str | None) -> list[str]:
        """Record, in one write, each row that differs from the latest answer of its item
        (source 'import'); say for each row what was done: exchange.NEW (no answer
        before), REPLACED (a different answer, kept in the history) or SAME (not
        recorded). A ``participant`` code, when given, replaces the journal's."""
        outcomes: list[str] = []
        now = _now()
        with self._connection(IMPORT, write=True) as con:
            for exercise, item, text in rows:
                current = con.execute(
                    "SELECT value FROM answers WHERE exercise = ? AND item = ?"
                    " ORDER BY id DESC LIMIT 1",
                    (exercise, item),
                ).fetchone()
                if current is None:
                    outcome = exchange.NEW
                elif json.loads(current[0]) == json.loads(text):
                    outcome = exchange.SAME
                else:
                    outcome = exchange.REPLACED
                if outcome != exchange.SAME:
                    _insert(con, (exercise, item, text), now, "import")
                outcomes.append(outcome)
            if participant is not None:
                _set_participant_code(con, participant)
        return outcomes

    def integrity_check(self) -> str:
        """SQLite's full integrity check: 'ok' for a healthy journal."""
        with self._connection(CHECK, write=False) as con:
            return "; ".join(str(r[0]) for r in con.execute("PRAGMA integrity_check"))

    @property
    def schema_version(self) -> int:
        with self._connection(READ, write=False) as con:
            version = schema.read_version(con)
        return -1 if version is None else version


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def _insert(con: sqlite3.Connection, row: exchange.Row, recorded_at: str, source: str) -> None:
    exercise, item, text = row
    con.execute(
        "INSERT INTO answers (exercise, item, value, recorded_at, source) VALUES (?, ?, ?, ?, ?)",
        (exercise, item, text, recorded_at, source),
    )


def _set_participant_code(con: sqlite3.Connection, code: str) -> None:
    con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('participant_code', ?)", (code,))


def _latest(con: sqlite3.Connection, exercise: str) -> dict[str, Any]:
    rows = con.execute(
        "SELECT item, value FROM answers WHERE id IN"
        " (SELECT MAX(id) FROM answers WHERE exercise = ? GROUP BY item) ORDER BY id",
        (exercise,),
    ).fetchall()
    return {item: json.loads(value) for item, value in rows}


def open_journal(
    path: str | os.PathLike[str] | None = None,
    *,
    content: Content | None = None,
    recover: bool = True,
) -> Journal:
    """Open the learner's journal, creating it (and LEADLIB_HOME) when needed.

    ``path`` defaults to ``journal_path()``. A damaged file, or one that is not a leadlib
    journal, is moved aside and a fresh journal started, with a message in ``warnings``;
    with ``recover=False`` a DamagedJournalError is raised instead and the file is left
    where it is. A journal written by a newer leadlib raises JournalError, untouched.
    """
    target = Path(path).expanduser() if path is not None else journal_path()
    prepare_folder(target.parent, from_env=path is None)
    warnings = set_aside_if_damaged(target, recover=recover)
    schema.initialise(target)
    return Journal(target, content if content is not None else load_content(), warnings)


__all__ = ["Entry", "Journal", "open_journal"]
