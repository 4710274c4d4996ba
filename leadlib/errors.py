"""Errors that leadlib raises for problems a person can fix.

Must not import anything but the standard library.
"""

from __future__ import annotations


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
        where = f"{file}, {entry}" if entry else file
        super().__init__(f"{where}: {problem}")


class AnswerError(LeadlibError, ValueError):
    """An answer handed to the scoring or rule functions is not acceptable."""
