"""The learner's journal: every answer saved in an embedded SQLite file, with export and
import of the facilitator's JSON file.

Uses only the standard library's sqlite3 and the pure core; must not import matplotlib,
ipywidgets, nbconvert, plots or widgets. ``import leadlib`` does not import this module.

Where it lives: ``$LEADLIB_HOME/journal.sqlite3``, with ``LEADLIB_HOME`` defaulting to
``~/.leadlib``. Several kernels of the same learner may write at once: the file is in WAL
mode, connections wait up to 10 seconds for another writer (busy timeout), and every
write is one short ``BEGIN IMMEDIATE`` transaction. On a network folder (NFS, SMB and the
like, common for JupyterHub home folders) WAL cannot work, since it needs memory shared
between processes on one machine: there the journal keeps SQLite's rollback journal
(``journal_mode=DELETE``), slower with several writers but safe.

Layout (schema version 2)::

    meta(key TEXT PRIMARY KEY, value TEXT)        -- schema_version, participant_code
    answers(id INTEGER PRIMARY KEY AUTOINCREMENT,
            exercise TEXT, item TEXT,
            value TEXT,                           -- JSON
            recorded_at TEXT,                     -- UTC, ISO 8601 with microseconds
            source TEXT)                          -- 'learner' or 'import' (added in v2)

Every answer is a new row, so the history is kept; on read the latest row per
(exercise, item) wins. Migrations are an ordered list of functions; ``MIGRATIONS[i]``
takes a journal from version ``i`` to ``i + 1`` (version 0 is an empty file). A journal
written by a newer leadlib is refused, untouched.

Damaged files: when the file at the journal's path is not SQLite, is not a leadlib
journal, or fails SQLite's integrity check, ``open_journal`` moves it aside (with its
``-wal`` and ``-shm`` companions) to ``journal.sqlite3.damaged-YYYYmmddTHHMMSS``, starts a
fresh journal and puts a message for the learner in ``Journal.warnings``. Nothing is
deleted. A zero-byte file is what SQLite itself leaves when a journal was created but
never written to: it is a valid empty database, and is opened as a new journal.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from . import export as export_format
from .balance import check_share
from .content import load_content
from .errors import AnswerError, LeadlibError
from .export import ExportError, Problem
from .models import Content
from .quiz import check as check_quiz
from .scoring import check_answer

# Exercise ids: what the widgets record under.
QUIZ = "quiz"
SELF_ASSESSMENT = "self_assessment"
DELEGATION = "delegation"
BALANCE = "balance"
PLAN = "plan"
VISION = "vision"
REFLECTION = "reflection"
SELF_CHECK = "self_check"
EXERCISES = (QUIZ, SELF_ASSESSMENT, DELEGATION, BALANCE, PLAN, VISION, REFLECTION, SELF_CHECK)

FILENAME = "journal.sqlite3"
DAMAGED_SUFFIX = ".damaged-"
#: Longest free text the journal keeps (a reflection, the vision, a plan action).
MAX_TEXT = export_format.MAX_TEXT
#: Most actions a development plan holds.
MAX_ACTIONS = 10
#: Fewest and most traits a development plan focuses on.
FOCUS_RANGE = (1, 3)
#: How long a write waits for another kernel to finish its own, in seconds.
BUSY_TIMEOUT = 10.0
#: Largest export file import_file reads, in bytes (real ones are a few kilobytes).
MAX_IMPORT_BYTES = 5_000_000

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: easy to read aloud
CODE_LENGTH = 6
SQLITE_HEADER = b"SQLite format 3\x00"
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# SQLite result codes that mean "this file is damaged or not a database".
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26


class JournalError(LeadlibError):
    """The journal cannot be opened or written; the message says why and what to do."""


class DamagedJournalError(JournalError):
    """The file at the journal's path is not a readable leadlib journal."""


# --------------------------------------------------------------------------- paths


def leadlib_home() -> Path:
    """``$LEADLIB_HOME``, or ``~/.leadlib`` when it is not set (read at each call)."""
    value = os.environ.get("LEADLIB_HOME", "").strip()
    return Path(value).expanduser() if value else Path.home() / ".leadlib"


def journal_path() -> Path:
    """Where the learner's journal lives: ``$LEADLIB_HOME/journal.sqlite3``."""
    return leadlib_home() / FILENAME


# --------------------------------------------------------------------------- schema


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


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _new_code() -> str:
    return "P-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _is_damage(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    return type(error) is sqlite3.DatabaseError  # Python 3.10: no error codes


def _read_version(con: sqlite3.Connection) -> int | None:
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


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Entry:
    """One saved row of the journal's history."""

    exercise: str
    item: str
    value: Any
    recorded_at: str
    source: str


@dataclass(frozen=True)
class ImportReport:
    """What ``import_file`` did: answers recorded per exercise, and those already equal."""

    source: Path
    participant: str
    display_name: str | None
    exported_at: datetime
    recorded: Mapping[str, int]
    unchanged: int

    @property
    def total(self) -> int:
        return sum(self.recorded.values())

    @property
    def message(self) -> str:
        if not self.total:
            return (
                f"Imported {self.source.name}: your journal already held all "
                f"{self.unchanged} of its answers, nothing changed."
            )
        parts = ", ".join(f"{n} {ex.replace('_', ' ')}" for ex, n in self.recorded.items() if n)
        same = f" ({self.unchanged} were already the same)" if self.unchanged else ""
        return f"Imported {self.source.name}: {self.total} answers restored: {parts}{same}."


# --------------------------------------------------------------------------- validation


def _text(where: str, value: object) -> str:
    if not isinstance(value, str):
        raise AnswerError(f"{where}: expected a text, found {type(value).__name__} {value!r}.")
    if len(value) > MAX_TEXT:
        raise AnswerError(
            f"{where}: the text is {len(value)} characters long; the journal keeps at "
            f"most {MAX_TEXT}. Shorten it and save again."
        )
    return value


def _whole(where: str, value: object, low: int, high: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise AnswerError(
            f"{where}: {what} must be a whole number from {low} to {high}, found {value!r}."
        )
    return value


def validate_answer(content: Content, exercise: object, item: object, value: object) -> Any:
    """Return ``value`` in the form the journal stores (JSON-ready) if it is a valid answer
    for ``exercise`` and ``item``; raise AnswerError with a learner-readable message."""
    if exercise not in EXERCISES:
        raise AnswerError(
            f"Unknown exercise {exercise!r}: the journal keeps answers for {', '.join(EXERCISES)}."
        )
    if not isinstance(item, str) or not item:
        raise AnswerError(
            f"Exercise '{exercise}': the item must be a non-empty id, found {item!r}."
        )
    if exercise == QUIZ:
        return check_quiz(content, item, value).given
    if exercise == SELF_ASSESSMENT:
        return check_answer(content, item, value)
    if exercise == DELEGATION:
        if item not in {s.id for s in content.scenarios}:
            raise AnswerError(f"Unknown delegation scenario {item!r}.")
        return _whole(f"Scenario '{item}'", value, 1, len(content.levels), "the delegation level")
    if exercise == BALANCE:
        if item == "situation":
            if value not in {s.id for s in content.situations}:
                known = ", ".join(s.id for s in content.situations)
                raise AnswerError(f"Unknown situation {value!r}; the course has: {known}.")
            return value
        if item == "share":
            check_share(value)
            return value
        raise AnswerError(f"The balance exercise saves 'situation' and 'share', not {item!r}.")
    if exercise == PLAN:
        return _validate_plan(content, item, value)
    if exercise == VISION:
        if item != "statement":
            raise AnswerError(f"The vision exercise saves 'statement', not {item!r}.")
        return _text("Vision statement", value)
    notebook_ids = {n.id for n in content.notebooks}
    if item not in notebook_ids:
        raise AnswerError(f"Unknown notebook {item!r}: expected one of {', '.join(notebook_ids)}.")
    if exercise == REFLECTION:
        return _text(f"Reflection for {item}", value)
    options = content.notebook(item).self_check.options
    return _whole(f"Self-check of {item}", value, 0, len(options) - 1, "the chosen option")


def _validate_plan(content: Content, item: str, value: object) -> Any:
    if item == "focus":
        low, high = FOCUS_RANGE
        if isinstance(value, str) or not isinstance(value, Sequence):
            raise AnswerError(f"Plan focus: expected a list of trait ids, found {value!r}.")
        traits = {t.id for t in content.traits}
        unknown = [t for t in value if not isinstance(t, str) or t not in traits]
        if unknown:
            known = ", ".join(sorted(traits))
            raise AnswerError(f"Plan focus: unknown trait {unknown[0]!r}; choose from {known}.")
        if len(set(value)) != len(value):
            raise AnswerError("Plan focus: a trait is chosen twice; choose each trait once.")
        if not low <= len(value) <= high:
            raise AnswerError(
                f"Plan focus: choose {low} to {high} traits to develop, found {len(value)}."
            )
        return list(value)
    if item == "actions":
        if isinstance(value, str) or not isinstance(value, Sequence):
            raise AnswerError(f"Plan actions: expected a list of texts, found {value!r}.")
        if len(value) > MAX_ACTIONS:
            raise AnswerError(
                f"Plan actions: {len(value)} actions; a plan keeps at most {MAX_ACTIONS}. "
                "Keep the ones that matter most."
            )
        return [_text(f"Plan action {i}", a) for i, a in enumerate(value, start=1)]
    if item == "target_date":
        try:
            if not isinstance(value, str) or not _DATE_RE.match(value):
                raise ValueError
            date.fromisoformat(value)
        except ValueError:
            raise AnswerError(
                f"Plan target date: expected a date written YYYY-MM-DD, such as "
                f"2026-03-31, found {value!r}."
            ) from None
        return value
    if item == "measure":
        return _text("Plan measure of success", value)
    raise AnswerError(
        f"The plan saves 'focus', 'actions', 'target_date' and 'measure', not {item!r}."
    )


# --------------------------------------------------------------------------- journal


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
            if self._con is not None and self._con_key and self._con_key[0] == os.getpid():
                self._con.close()
            self._con, self._con_key = None, None

    # -- connections

    def _connect(self) -> sqlite3.Connection:
        """The open connection, reopened if the process or the file changed."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            st = None
        key = None if st is None else (os.getpid(), st.st_dev, st.st_ino)
        if self._con is not None and key is not None and self._con_key == key:
            return self._con
        if self._con is not None:
            if self._con_key is not None and self._con_key[0] == os.getpid():
                self._con.close()
                if st is not None:
                    self.warnings.append(
                        f"The journal file {self.path} was replaced while this notebook "
                        "was open (for example by another notebook that found it "
                        "damaged); answers are now saved to the new file."
                    )
            else:  # inherited through fork: closing it here could harm the parent
                self._inherited.append(self._con)
            self._con, self._con_key = None, None
        if st is None:
            _prepare_folder(self.path.parent, from_env=False)
            _initialise(self.path)
            self.warnings.append(
                f"The journal file {self.path} was missing (removed while this notebook "
                "was open); a fresh, empty journal was started."
            )
            st = os.stat(self.path)
        con = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
        )
        con.execute("PRAGMA synchronous=NORMAL")
        self._con, self._con_key = con, (os.getpid(), st.st_dev, st.st_ino)
        return con

    @contextlib.contextmanager
    def _connection(self, action: str, write: bool) -> Iterator[sqlite3.Connection]:
        """One short transaction (IMMEDIATE for a write, so that it never has to wait
        half-way), committed on success and rolled back on any error. sqlite3 errors
        become a JournalError saying what to do."""
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
                    f"Could not {action} the journal at {self.path} "
                    f"({error.strerror or error}). Check that the folder exists and that "
                    "you may write to it. Answers saved before are not affected."
                ) from None

    def _error(self, action: str, error: sqlite3.Error) -> JournalError:
        text = str(error)
        if "locked" in text or "busy" in text:
            hint = (
                "Another notebook kept the journal busy for more than "
                f"{BUSY_TIMEOUT:g} seconds. Try again in a moment."
            )
        elif "full" in text:
            hint = "The disk is full. Free some space and try again."
        elif _is_damage(error):
            hint = (
                "The journal file looks damaged. Restart the kernel so that it is moved "
                "aside and a fresh one started, then import your last export to restore."
            )
        else:
            hint = "Check that the folder exists and that you may write to it."
        return JournalError(
            f"Could not {action} the journal at {self.path} ({text}). {hint} "
            "Answers saved before are not affected."
        )

    # -- the contract

    @property
    def participant_code(self) -> str:
        """Your anonymous code, like 'P-7K3Q9X': random, the same for every export."""
        with self._connection("read", write=False) as con:
            row = con.execute("SELECT value FROM meta WHERE key = 'participant_code'").fetchone()
        if row is None:  # only a hand-made file can lack it
            return self.new_participant_code()
        return str(row[0])

    def new_participant_code(self) -> str:
        """Replace the participant code with a fresh random one and return it."""
        code = _new_code()
        with self._connection("save to", write=True) as con:
            con.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('participant_code', ?)", (code,)
            )
        return code

    def record(self, exercise: str, item: str, value: object) -> None:
        """Save one answer. Raises AnswerError (nothing saved) if it is not valid."""
        stored = validate_answer(self.content, exercise, item, value)
        text = json.dumps(stored, ensure_ascii=False, allow_nan=False)
        with self._connection("save your answer to", write=True) as con:
            con.execute(
                "INSERT INTO answers (exercise, item, value, recorded_at, source)"
                " VALUES (?, ?, ?, ?, 'learner')",
                (exercise, item, text, _now()),
            )

    def answers(self, exercise: str) -> dict[str, Any]:
        """The latest value per item of ``exercise`` (lists come back as lists)."""
        _check_exercise(exercise)
        with self._connection("read", write=False) as con:
            return _latest(con, exercise)

    def history(self, exercise: str | None = None, item: str | None = None) -> list[Entry]:
        """Every saved row, oldest first, optionally for one exercise and item."""
        if exercise is not None:
            _check_exercise(exercise)
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
        with self._connection("read", write=False) as con:
            rows = con.execute(sql + " ORDER BY id", args).fetchall()
        return [Entry(e, i, json.loads(v), t, s) for e, i, v, t, s in rows]

    def clear(self, exercise: str | None = None) -> int:
        """Delete the answers of one exercise (with their history), or of all exercises.

        Returns the number of rows removed. The participant code is kept.
        """
        with self._connection("clear", write=True) as con:
            if exercise is None:
                cursor = con.execute("DELETE FROM answers")
            else:
                _check_exercise(exercise)
                cursor = con.execute("DELETE FROM answers WHERE exercise = ?", (exercise,))
            return cursor.rowcount

    def snapshot(self) -> dict[str, dict[str, Any]]:
        """The latest answers of every exercise, read at one moment."""
        with self._connection("read", write=False) as con:
            return {ex: _latest(con, ex) for ex in EXERCISES}

    def export_document(
        self, *, display_name: str | None = None, include_reflections: bool = False
    ) -> dict[str, Any]:
        """The export as a JSON-ready dict (see leadlib.export for the layout).

        Answers to items no longer in the course data are left out, with a warning.
        """
        name = None
        if display_name is not None:
            name = display_name.strip() or None
            if name is not None and len(name) > 200:
                raise AnswerError(
                    f"The display name is {len(name)} characters long; use at most 200."
                )
        data = self.snapshot()
        content = self.content
        answers = _known(data[SELF_ASSESSMENT], {s.id for s in content.statements})
        choices = _known(data[DELEGATION], {s.id for s in content.scenarios})
        reflections = (
            _known(data[REFLECTION], {n.id for n in content.notebooks})
            if include_reflections
            else None
        )
        skipped = (
            len(data[SELF_ASSESSMENT])
            + len(data[DELEGATION])
            - len(answers)
            - len(choices)
            + (len(data[REFLECTION]) - len(reflections) if reflections is not None else 0)
        )
        if skipped:
            self.warnings.append(
                f"{skipped} saved answers refer to items that are no longer part of the "
                "course and were left out of the export."
            )
        bal = data[BALANCE]
        situation, share = bal.get("situation"), bal.get("share")
        balance = (
            (situation, share)
            if situation in {s.id for s in content.situations} and share is not None
            else None
        )
        return export_format.build(
            content,
            participant=self.participant_code,
            exported_at=datetime.now(timezone.utc),
            answers=answers,
            delegation=choices,
            balance=balance,
            display_name=name,
            reflections=reflections,
        )

    def export(
        self,
        path: str | os.PathLike[str],
        *,
        display_name: str | None = None,
        include_reflections: bool = False,
    ) -> Path:
        """Write the facilitator's export (JSON) to ``path`` and return where it went.

        Anonymous by default: the participant code, no name and no reflections unless
        asked. When ``path`` is an existing folder the file is named
        ``leadlib-export-<code>.json`` inside it. Written atomically: a reader never sees
        half a file, and an older file at ``path`` stays intact if writing fails.
        """
        doc = self.export_document(
            display_name=display_name, include_reflections=include_reflections
        )
        target = Path(path).expanduser()
        if target.is_dir():
            target = target / f"leadlib-export-{doc['participant']}.json"
        data = (json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            _write_atomic(target, data)
        except OSError as error:
            raise JournalError(
                f"Could not write the export to {target} ({error.strerror or error}). "
                "Choose a folder you may write to and try again."
            ) from None
        return target

    def import_file(
        self, path: str | os.PathLike[str], *, adopt_participant_code: bool = False
    ) -> ImportReport:
        """Merge an export file into this journal (for example on a new laptop).

        The file is validated strictly first; any problem raises ExportError listing
        every problem with its field path, and nothing is recorded. Answers that differ
        from the journal's latest are recorded as new rows (source 'import'), so they
        become the latest. With ``adopt_participant_code`` the journal takes the file's
        participant code.
        """
        source = Path(path).expanduser()
        doc = read_export_file(source)
        parsed = export_format.parse(self.content, doc, str(source))
        incoming: list[tuple[str, str, Any, str]] = []
        incoming += [
            (SELF_ASSESSMENT, k, v, f"self_assessment.answers.{k}")
            for k, v in parsed.answers.items()
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
        problems: list[Problem] = []
        rows: list[tuple[str, str, str]] = []
        for exercise, item, value, where in incoming:
            try:
                stored = validate_answer(self.content, exercise, item, value)
            except AnswerError as error:
                problems.append(Problem(where, str(error)))
                continue
            rows.append((exercise, item, json.dumps(stored, ensure_ascii=False, allow_nan=False)))
        if problems:
            raise ExportError(problems, str(source))
        recorded = {ex: 0 for ex in (SELF_ASSESSMENT, DELEGATION, BALANCE, REFLECTION)}
        unchanged = 0
        now = _now()
        with self._connection("import into", write=True) as con:
            for exercise, item, text in rows:
                current = con.execute(
                    "SELECT value FROM answers WHERE exercise = ? AND item = ?"
                    " ORDER BY id DESC LIMIT 1",
                    (exercise, item),
                ).fetchone()
                if current is not None and json.loads(current[0]) == json.loads(text):
                    unchanged += 1
                    continue
                con.execute(
                    "INSERT INTO answers (exercise, item, value, recorded_at, source)"
                    " VALUES (?, ?, ?, ?, 'import')",
                    (exercise, item, text, now),
                )
                recorded[exercise] += 1
            if adopt_participant_code:
                con.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('participant_code', ?)",
                    (parsed.participant,),
                )
        return ImportReport(
            source=source,
            participant=parsed.participant,
            display_name=parsed.display_name,
            exported_at=parsed.exported_at,
            recorded=recorded,
            unchanged=unchanged,
        )

    def integrity_check(self) -> str:
        """SQLite's full integrity check: 'ok' for a healthy journal."""
        with self._connection("check", write=False) as con:
            return "; ".join(str(r[0]) for r in con.execute("PRAGMA integrity_check"))

    @property
    def schema_version(self) -> int:
        with self._connection("read", write=False) as con:
            version = _read_version(con)
        return -1 if version is None else version


def _check_exercise(exercise: object) -> None:
    if exercise not in EXERCISES:
        raise AnswerError(
            f"Unknown exercise {exercise!r}: the journal keeps answers for {', '.join(EXERCISES)}."
        )


def _latest(con: sqlite3.Connection, exercise: str) -> dict[str, Any]:
    rows = con.execute(
        "SELECT item, value FROM answers WHERE id IN"
        " (SELECT MAX(id) FROM answers WHERE exercise = ? GROUP BY item) ORDER BY id",
        (exercise,),
    ).fetchall()
    return {item: json.loads(value) for item, value in rows}


def _known(values: Mapping[str, Any], ids: set[str]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k in ids}


def _write_atomic(target: Path, data: bytes) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def read_export_file(path: Path) -> Any:
    """The JSON document in an export file; ExportError (not a traceback) if the file is
    missing, too large, not UTF-8 or not JSON."""

    def fail(message: str) -> ExportError:
        return ExportError([Problem("$", message)], str(path))

    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise fail(
                f"the file is {size // 1000} kB; a leadlib export is a few kB. "
                "Check that you chose the right file."
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail("there is no such file; check the name and the folder") from None
    except IsADirectoryError:
        raise fail("this is a folder, not an export file") from None
    except OSError as error:
        raise fail(f"the file cannot be read ({error.strerror or error})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise fail(
            f"the file is not UTF-8 text (byte {error.start}); a leadlib export is a JSON "
            "text file, as written by the export button"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise fail(
            f"the file is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}); it may have been edited or cut short. Export it again"
        ) from None


# --------------------------------------------------------------------------- opening


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
    _prepare_folder(target.parent, from_env=path is None)
    warnings: list[str] = []
    for _attempt in range(3):
        seen = _signature(target)
        problem = _diagnose(target)
        if problem is None:
            break
        if not recover:
            raise DamagedJournalError(
                f"The journal at {target} cannot be read: {problem}. It has not been "
                "changed. Open it with recovery to move it aside and start a fresh "
                "journal, then import your last export to restore your answers."
            )
        moved = _move_aside(target, problem, seen)
        if moved is None:
            continue  # another notebook replaced the file meanwhile: look again
        warnings.append(
            f"Your journal at {target} could not be read: {problem}. It was kept as "
            f"{moved.name} in the same folder, and a fresh, empty journal was started. "
            "If you exported your answers before, import that file to restore them."
        )
        break
    _initialise(target)
    return Journal(target, content if content is not None else load_content(), warnings)


def _prepare_folder(folder: Path, from_env: bool) -> None:
    where = f"LEADLIB_HOME ({folder})" if from_env else f"the folder {folder}"
    if folder.exists() and not folder.is_dir():
        raise JournalError(
            f"The journal cannot be created: {where} is a file, not a folder. "
            "Set LEADLIB_HOME to a folder (or rename that file) and restart the kernel."
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise JournalError(
            f"The journal cannot be created: {where} cannot be made "
            f"({error.strerror or error}). Set LEADLIB_HOME to a folder you may write "
            "to and restart the kernel."
        ) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise JournalError(
            f"The journal cannot be saved: you may not write to {where}. Set "
            "LEADLIB_HOME to a folder you may write to and restart the kernel."
        )


def _diagnose(target: Path) -> str | None:
    """None if ``target`` is missing, empty, or a readable journal; else what is wrong.

    Raises JournalError for a journal of a newer schema (which is never touched)."""
    try:
        if not target.exists():
            return None
        if target.is_dir():
            raise JournalError(
                f"The journal path {target} is a folder. Rename or remove that folder and "
                "restart the kernel."
            )
        with open(target, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise JournalError(
            f"The journal at {target} cannot be read ({error.strerror or error}). Check "
            "that you may read and write that folder."
        ) from None
    if not header:
        return None  # zero bytes: a journal created and never written (see module doc)
    if header != SQLITE_HEADER:
        return "the file is not a SQLite database"
    try:
        return _inspect(target, read_only=True)
    except sqlite3.OperationalError:
        # A read-only look can fail for reasons unrelated to damage (a rollback journal
        # left by a crash needs writing to be replayed); look again read-write.
        return _inspect(target, read_only=False)


def _inspect(target: Path, read_only: bool) -> str | None:
    # Read-only first, so that closing the connection never checkpoints or deletes the
    # -wal file of a journal that is damaged or from a newer leadlib.
    try:
        if read_only:
            uri = f"{target.resolve().as_uri()}?mode=ro"
            con = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT)
        else:
            con = sqlite3.connect(target, timeout=BUSY_TIMEOUT)
    except sqlite3.Error as error:
        if read_only:
            raise
        raise JournalError(f"The journal at {target} cannot be opened ({error}).") from None
    try:
        version = _read_version(con)
        if version is None:
            return "the file is a SQLite database, but not a leadlib journal"
        if version > SCHEMA_VERSION:
            raise JournalError(
                f"The journal at {target} was written by a newer leadlib (journal version "
                f"{version}; this leadlib reads up to {SCHEMA_VERSION}). Update leadlib "
                "(pip install --upgrade leadlib) and restart the kernel. The journal has "
                "not been changed."
            )
        check = [str(r[0]) for r in con.execute("PRAGMA quick_check")]
        if check != ["ok"]:
            return f"the file is damaged (SQLite reports: {'; '.join(check[:3])})"
    except sqlite3.Error as error:
        if _is_damage(error):
            return f"the file is damaged (SQLite reports: {error})"
        if read_only and isinstance(error, sqlite3.OperationalError):
            raise
        raise JournalError(
            f"The journal at {target} cannot be opened ({error}). Close other notebooks "
            "that use it and restart the kernel."
        ) from None
    finally:
        con.close()
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
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    base = target.with_name(f"{target.name}{DAMAGED_SUFFIX}{stamp}")
    n = 1
    while any(Path(f"{base}{s}").exists() for s in ("", "-wal", "-shm", "-journal")):
        n += 1
        base = target.with_name(f"{target.name}{DAMAGED_SUFFIX}{stamp}-{n}")
    try:
        # Companions first, so that a fresh journal never picks up the old -wal file.
        for suffix in ("-wal", "-shm", "-journal", ""):
            source = Path(f"{target}{suffix}")
            if source.exists():
                os.replace(source, f"{base}{suffix}")
    except OSError as error:
        raise DamagedJournalError(
            f"The journal at {target} cannot be read ({problem}), and it could not be moved "
            f"aside ({error.strerror or error}). Move or rename it yourself, then restart "
            "the kernel."
        ) from None
    return base


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


def _initialise(target: Path) -> None:
    """WAL mode, migrations up to SCHEMA_VERSION and a participant code, in one write."""
    try:
        con = sqlite3.connect(target, timeout=BUSY_TIMEOUT, isolation_level=None)
    except sqlite3.Error as error:
        raise JournalError(
            f"The journal at {target} cannot be created ({error}). Check that you may "
            "write to that folder."
        ) from None
    try:
        # WAL on a local disk; on a network folder the rollback journal (see the module
        # docstring). Where SQLite still refuses WAL it keeps the rollback journal too.
        con.execute(f"PRAGMA journal_mode={journal_mode_for(target)}")
        if (
            _read_version(con) == SCHEMA_VERSION
            and con.execute("SELECT 1 FROM meta WHERE key = 'participant_code'").fetchone()
        ):
            return  # up to date: no write needed
        con.execute("BEGIN IMMEDIATE")
        version = _read_version(con)
        if version is None or version > SCHEMA_VERSION:
            # Another process replaced the file between the check and now.
            raise JournalError(
                f"The journal at {target} changed while it was being opened. Restart the kernel."
            )
        for migrate in MIGRATIONS[version:]:
            migrate(con)
        con.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
            (str(SCHEMA_VERSION),),
        )
        con.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('participant_code', ?)",
            (_new_code(),),
        )
        con.commit()
    except sqlite3.Error as error:
        if con.in_transaction:
            con.rollback()
        raise JournalError(
            f"The journal at {target} could not be prepared ({error}). Close other "
            "notebooks that use it and restart the kernel; saved answers are not affected."
        ) from None
    finally:
        con.close()


__all__ = [
    "BALANCE",
    "DELEGATION",
    "EXERCISES",
    "PLAN",
    "QUIZ",
    "REFLECTION",
    "SCHEMA_VERSION",
    "SELF_ASSESSMENT",
    "SELF_CHECK",
    "VISION",
    "DamagedJournalError",
    "Entry",
    "ExportError",
    "ImportReport",
    "Journal",
    "JournalError",
    "journal_path",
    "leadlib_home",
    "open_journal",
    "validate_answer",
]
