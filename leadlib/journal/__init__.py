"""The learner's journal: every answer saved in an embedded SQLite file, with export and
import of the facilitator's JSON file.

Where it lives: ``$LEADLIB_HOME/journal.sqlite3``, with ``LEADLIB_HOME`` defaulting to
``~/.leadlib``. Open it with ``open_journal()``; the ``Journal`` it returns records,
reads, clears, exports and imports answers. One job per module:

- ``answers``: the exercise ids and the checks every answer passes (pure, no database);
- ``paths``: where the journal lives; ``errors``: JournalError, DamagedJournalError;
- ``schema``: the file's layout and migrations, WAL or (on a network folder) the
  rollback journal, the busy timeout;
- ``recovery``: telling a damaged file apart and moving it aside
  (``journal.sqlite3.damaged-<time>``), refusing a journal of a newer leadlib;
- ``exchange``: writing the export file and reading one back for import;
- ``store``: ``Journal`` and ``open_journal``.

This package re-exports their public names. The modules that import sqlite3 (schema,
recovery, store) load on first use of one of their names, so ``leadlib.journal.answers``
can be used without SQLite. ``import leadlib`` does not import this package. Must not
import matplotlib, ipywidgets, nbconvert, plots or widgets.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ..errors import AnswerError
from ..export import ExportError
from ..exportfile import read_export_file
from .answers import (
    BALANCE,
    DELEGATION,
    DELEGATION_RATINGS,
    EXERCISES,
    FOCUS_RANGE,
    MAX_ACTIONS,
    MAX_TEXT,
    PLAN,
    QUIZ,
    REFLECTION,
    SELF_ASSESSMENT,
    SELF_CHECK,
    VISION,
    validate_answer,
)
from .errors import DamagedJournalError, JournalError
from .exchange import ImportReport
from .paths import FILENAME, journal_path, leadlib_home

#: The names loaded on first use, and the module (which imports sqlite3) holding each.
_LAZY = {
    "Entry": "store",
    "Journal": "store",
    "open_journal": "store",
    "BUSY_TIMEOUT": "schema",
    "CODE_ALPHABET": "schema",
    "CODE_LENGTH": "schema",
    "MIGRATIONS": "schema",
    "NETWORK_FILESYSTEMS": "schema",
    "SCHEMA_VERSION": "schema",
    "filesystem_type": "schema",
    "journal_mode_for": "schema",
    "DAMAGED_SUFFIX": "recovery",
    "SQLITE_HEADER": "recovery",
}

if TYPE_CHECKING:
    from .recovery import DAMAGED_SUFFIX, SQLITE_HEADER
    from .schema import (
        BUSY_TIMEOUT,
        CODE_ALPHABET,
        CODE_LENGTH,
        MIGRATIONS,
        NETWORK_FILESYSTEMS,
        SCHEMA_VERSION,
        filesystem_type,
        journal_mode_for,
    )
    from .store import Entry, Journal, open_journal
else:

    def __getattr__(name: str) -> Any:
        """Load a name of the sqlite3 modules when it is first asked for (PEP 562).

        Not cached here: ``leadlib.journal.BUSY_TIMEOUT`` always reads the value in
        effect, ``leadlib.journal.schema.BUSY_TIMEOUT``."""
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{__name__}.{module}"), name)

    def __dir__() -> list[str]:
        return sorted(set(globals()) | set(_LAZY))


#: Every public name (before the split only the first block was in ``__all__``).
__all__ = [
    "BALANCE",
    "DELEGATION",
    "DELEGATION_RATINGS",
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
    # also public, used by tests and callers
    "BUSY_TIMEOUT",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "DAMAGED_SUFFIX",
    "FILENAME",
    "FOCUS_RANGE",
    "MAX_ACTIONS",
    "MAX_TEXT",
    "MIGRATIONS",
    "NETWORK_FILESYSTEMS",
    "SQLITE_HEADER",
    "AnswerError",
    "filesystem_type",
    "journal_mode_for",
    "read_export_file",
]
