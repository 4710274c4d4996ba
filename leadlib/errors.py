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


#: Longest text ``printable`` returns (a file name or a key from a hostile file can be long).
PRINTABLE_LIMIT = 200


def printable(text: str, limit: int = PRINTABLE_LIMIT) -> str:
    """``text`` safe to show in a message or on a terminal: every character that is not
    printable (control characters such as ESC, which starts a terminal escape sequence,
    and invisible format characters such as right-to-left overrides) is written as a
    Python escape (``\\x1b``, ``\\u202e``); longer text is cut to ``limit`` characters
    with an ellipsis."""
    out = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )
    return out if len(out) <= limit else out[: limit - 1] + "\u2026"
