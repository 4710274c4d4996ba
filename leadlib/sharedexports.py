"""The workshop's shared exports folder: the one setting that names it, the file modes
and random names used in it, and the atomic write every export goes through.

When the environment variable ``LEADLIB_SHARED_EXPORTS`` names a folder (a workshop hub
sets it for every participant and for the facilitator), the export panel writes the
learner's export there directly, and notebook 07 reads that folder by default.

What a file in the shared folder gives away, and what it does not (docs/facilitator.md):

- its name is random (``leadlib-<16 hex digits>.json``), kept in the learner's own
  ``LEADLIB_HOME/shared-exports.json`` so that a second export replaces the first;
- it is created with mode 0640 (``SHARED_FILE_MODE``): the learner may read and replace
  it, the folder's group (the facilitator's group, which the hub gives the folder with
  the set-group-ID bit) may read it, nobody else may. Whoever owns the file is still the
  participant's system account when participants are real Unix users;
- exports written anywhere else (the learner's own ``LEADLIB_HOME/exports``) are 0600.

Written atomically: the data goes to a hidden temporary file (``.<name>.<random>.tmp``,
which no reader of ``*.json`` picks up), is flushed to disk, then renamed over the
target, so a reader sees the old file or the new one, never half of one.

Imports only the standard library, ``errors`` and ``i18n``; must not import ipywidgets,
matplotlib, nbconvert, sqlite3, the journal or the team package.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from .errors import LeadlibError, printable
from .i18n import _

#: The environment variable that names the shared exports folder (the hub sets it).
SHARED_EXPORTS_ENV = "LEADLIB_SHARED_EXPORTS"
#: Files in the shared folder: the participant reads and writes, the folder's group
#: (the facilitator) reads, other participants nothing.
SHARED_FILE_MODE = 0o640
#: Files in the learner's own folder: the learner only.
PRIVATE_FILE_MODE = 0o600
#: Where the learner's random file names are remembered, inside LEADLIB_HOME.
STATE_FILE = "shared-exports.json"
NAME_PREFIX = "leadlib-"


class SharedFolderError(LeadlibError):
    """The shared exports folder cannot be used (missing, not a folder, not writable)."""


def shared_exports_dir() -> Path | None:
    """The folder named by ``LEADLIB_SHARED_EXPORTS``, or None when it is not set."""
    value = os.environ.get(SHARED_EXPORTS_ENV, "").strip()
    return Path(value).expanduser() if value else None


def check_shared_folder(folder: Path) -> Path:
    """``folder`` if it is an existing folder; SharedFolderError (in plain words) if not.

    The folder is never created here: the hub creates it with the permissions that keep
    participants' files apart, and a folder made by a participant would not have them.
    """
    shown = printable(str(folder))
    if not folder.exists():
        raise SharedFolderError(
            _(
                "The shared exports folder {folder} (set by {env}) does not exist. Ask the "
                "facilitator to create it; until then, export to your own folder by "
                "restarting without {env}."
            ).format(folder=shown, env=SHARED_EXPORTS_ENV)
        )
    if not folder.is_dir():
        raise SharedFolderError(
            _(
                "The shared exports folder {folder} (set by {env}) is a file, not a "
                "folder. Ask the facilitator to check the workshop's setting."
            ).format(folder=shown, env=SHARED_EXPORTS_ENV)
        )
    return folder


def random_name() -> str:
    """A file name that says nothing about who wrote the file."""
    return f"{NAME_PREFIX}{secrets.token_hex(8)}.json"


def write_atomic(target: Path, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to ``target`` through a hidden temporary file and a rename.

    ``mode`` (for example SHARED_FILE_MODE) is set exactly, whatever the umask; None
    leaves the umask's default. An older file at ``target`` stays intact on failure.
    """
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    try:
        # Created with the mode already (less the umask), so it is never readable by more
        # people than asked for, even for a moment; then set exactly.
        fd = os.open(tmp, flags, 0o666 if mode is None else mode)
        with os.fdopen(fd, "wb") as handle:
            if mode is not None:
                os.chmod(tmp, mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


@dataclass
class SharedNames:
    """The learner's random file names in one shared folder (``LEADLIB_HOME/shared-exports.json``).

    ``export``: the file the Export button writes; ``live``: the live share, set only
    while the learner shares live (so that a new session knows to resume or remove it).
    """

    path: Path
    folder: str
    export: str
    live: str | None = None

    @classmethod
    def load(cls, home: Path, folder: Path) -> SharedNames:
        """The names remembered for ``folder``; new random ones when there are none, or
        when they were for another folder, or the file cannot be read."""
        path = home / STATE_FILE
        key = str(folder.resolve())
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("folder") == key and _safe(data.get("export")):
                live = data.get("live")
                return cls(path, key, data["export"], live if _safe(live) else None)
        return cls(path, key, random_name())

    def save(self) -> None:
        """Remember the names (private to the learner: mode 0600)."""
        data = {"folder": self.folder, "export": self.export, "live": self.live}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, (json.dumps(data) + "\n").encode(), PRIVATE_FILE_MODE)


def _safe(name: object) -> bool:
    """Is ``name`` one of our random names (never a path that leads elsewhere)?"""
    return (
        isinstance(name, str)
        and name.startswith(NAME_PREFIX)
        and name.endswith(".json")
        and name == Path(name).name
        and all(c in "0123456789abcdef" for c in name[len(NAME_PREFIX) : -len(".json")])
    )


__all__ = [
    "PRIVATE_FILE_MODE",
    "SHARED_EXPORTS_ENV",
    "SHARED_FILE_MODE",
    "SharedFolderError",
    "SharedNames",
    "check_shared_folder",
    "random_name",
    "shared_exports_dir",
    "write_atomic",
]
