"""The journal's errors: it cannot be opened or written, or its file is damaged.

Standard library only; must not import sqlite3, matplotlib, ipywidgets, nbconvert or
the widgets.
"""

from __future__ import annotations

from ..errors import LeadlibError


class JournalError(LeadlibError):
    """The journal cannot be opened or written; the message says why and what to do."""


class DamagedJournalError(JournalError):
    """The file at the journal's path is not a readable leadlib journal."""


__all__ = ["DamagedJournalError", "JournalError"]
