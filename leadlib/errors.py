"""Errors that leadlib raises for problems a person can fix.

Must not import anything but the standard library (and ``leadlib.i18n``, which uses
only the standard library).
"""

from __future__ import annotations

from .i18n import _


class LeadlibError(Exception):
    """Base class: something a learner or facilitator can act on."""


class ContentError(LeadlibError, ValueError):
    """A course data file (TOML) is broken.

    The message names the file, the entry and what is wrong, so a facilitator who
    edited the file can find and fix it.
    """

    def __init__(self, file: str, entry: str, problem: str) -> None:
        self.file = file
        self.entry = entry
        self.problem = problem
        where = _("{file}, {entry}").format(file=file, entry=entry) if entry else file
        super().__init__(_("{where}: {problem}").format(where=where, problem=problem))


class AnswerError(LeadlibError, ValueError):
    """An answer handed to the scoring or rule functions is not acceptable."""
