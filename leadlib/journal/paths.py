"""Where the learner's journal lives, and making sure its folder can hold it.

The journal is ``$LEADLIB_HOME/journal.sqlite3``, with ``LEADLIB_HOME`` defaulting to
``~/.leadlib``. Standard library only; must not import sqlite3, matplotlib, ipywidgets,
nbconvert or the widgets.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..i18n import _
from .errors import JournalError

FILENAME = "journal.sqlite3"


def leadlib_home() -> Path:
    """``$LEADLIB_HOME``, or ``~/.leadlib`` when it is not set (read at each call)."""
    value = os.environ.get("LEADLIB_HOME", "").strip()
    return Path(value).expanduser() if value else Path.home() / ".leadlib"


def journal_path() -> Path:
    """Where the learner's journal lives: ``$LEADLIB_HOME/journal.sqlite3``."""
    return leadlib_home() / FILENAME


def prepare_folder(folder: Path, from_env: bool) -> None:
    """Create ``folder`` if needed; JournalError saying what to do if it cannot hold a
    journal. ``from_env`` names it as LEADLIB_HOME in the messages."""
    if from_env:
        where = _("LEADLIB_HOME ({folder})").format(folder=folder)
    else:
        where = _("the folder {folder}").format(folder=folder)
    if folder.exists() and not folder.is_dir():
        raise JournalError(
            _(
                "The journal cannot be created: {where} is a file, not a folder. "
                "Set LEADLIB_HOME to a folder (or rename that file) and restart the kernel."
            ).format(where=where)
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise JournalError(
            _(
                "The journal cannot be created: {where} cannot be made "
                "({reason}). Set LEADLIB_HOME to a folder you may write "
                "to and restart the kernel."
            ).format(where=where, reason=error.strerror or error)
        ) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise JournalError(
            _(
                "The journal cannot be saved: you may not write to {where}. Set "
                "LEADLIB_HOME to a folder you may write to and restart the kernel."
            ).format(where=where)
        )


__all__ = ["FILENAME", "journal_path", "leadlib_home", "prepare_folder"]
