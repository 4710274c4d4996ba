"""The release ledger (docs/privacy.md, Rule 7): what the team report released for a
folder, so that a rebuild a few people away from an earlier release cannot be compared
with it to read off the newcomers' answers.

The ledger is a small JSON file. For each release it keeps the time, the minimum group,
for each person counted a salted hash of the participant code and a salted hash of the
answers counted (the salt is random per ledger), and the released figures themselves
(the ``TeamSummary`` that the page showed, no more) so that the release can be shown
again. No answers, names or file names.

Where it lives by default: in the facilitator's own folder, ``LEADLIB_HOME/ledgers/``,
one file per exports folder, named by a hash of the folder's resolved path, so that
participants who can write to a shared exports folder cannot delete it. Shared by
``leadlib team-report`` and notebook 07's widget as long as both use the same
LEADLIB_HOME.

Must not import matplotlib, ipywidgets, the journal, or ``report``/``charts``.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import os
import secrets
import types
import typing
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import LeadlibError, printable
from ..i18n import _
from .privacy import PrivacyWarning
from .reading import Record
from .summary import HeldBack, TeamSummary

FORMAT = "leadlib-release-ledger"
VERSION = 1
LEDGER_FOLDER = "ledgers"


class LedgerError(LeadlibError):
    """The release ledger cannot be read or written."""


def leadlib_home() -> Path:
    """``$LEADLIB_HOME``, or ``~/.leadlib`` (the journal's rule; the journal itself is
    not imported here)."""
    value = os.environ.get("LEADLIB_HOME", "").strip()
    return Path(value).expanduser() if value else Path.home() / ".leadlib"


def default_ledger(folder: Path) -> Path:
    """The ledger of an exports folder: LEADLIB_HOME/ledgers/<hash of its resolved path>.json."""
    key = hashlib.sha256(str(folder.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return leadlib_home() / LEDGER_FOLDER / f"{key[:32]}.json"


def _digest(salt: bytes, *parts: bytes) -> str:
    hashed = hashlib.sha256(salt)
    for part in parts:
        hashed.update(len(part).to_bytes(4, "big") + part)
    return hashed.hexdigest()[:32]


def fingerprints(salt: bytes, records: Mapping[str, Record]) -> dict[str, str]:
    """Per person counted: salted hash of the code -> salted hash of the answers counted."""
    out = {}
    for code, record in records.items():
        answers = _digest(
            salt,
            record.answers,
            record.delegation,
            str(record.situation).encode(),
            repr(record.share).encode(),
        )
        out[_digest(salt, b"code", code.encode("utf-8", "surrogateescape"))] = answers
    return out


def difference(before: Mapping[str, str], now: Mapping[str, str]) -> int:
    """People added, removed, or whose counted answers changed."""
    changed = sum(1 for code, answers in now.items() if code in before and before[code] != answers)
    return len(before.keys() ^ now.keys()) + changed


@dataclass(frozen=True)
class Release:
    released_at: str
    min_group: int
    people: dict[str, str]
    #: The released TeamSummary as JSON values (``encode``). Decoded only when this
    #: release is shown again: a live picture loads the ledger at every change of the
    #: folder, and decoding every release each time grew with the ledger.
    encoded: dict[str, Any]

    @property
    def summary(self) -> TeamSummary:
        """The released figures; ValueError, KeyError or TypeError if damaged."""
        summary: TeamSummary = decode(TeamSummary, self.encoded)
        return summary


@dataclass
class Ledger:
    path: Path
    salt: bytes = field(default_factory=lambda: secrets.token_bytes(16))
    releases: list[Release] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> Ledger:
        """The ledger at ``path``; a new, empty one when there is no file yet."""
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("version") != VERSION:
                raise ValueError("not a leadlib release ledger of a known version")
            releases = [
                Release(
                    str(r["released_at"]),
                    int(r["min_group"]),
                    {str(a): str(b) for a, b in r["people"].items()},
                    _summary_object(r["summary"]),
                )
                for r in data["releases"]
            ]
            return cls(path, bytes.fromhex(data["salt"]), releases)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise _unreadable(path, exc) from exc

    def save(self) -> None:
        data = {
            "format": FORMAT,
            "version": VERSION,
            "salt": self.salt.hex(),
            "releases": [
                {
                    "released_at": r.released_at,
                    "min_group": r.min_group,
                    "people": r.people,
                    "summary": r.encoded,
                }
                for r in self.releases
            ],
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(self.path.name + ".tmp")
            temporary.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
            os.chmod(temporary, 0o600)
            os.replace(temporary, self.path)
        except OSError as exc:
            raise LedgerError(
                _(
                    "Could not write the release ledger {path} ({why}). Without it a later "
                    "report could be compared with this one. Choose another place with "
                    "--ledger PATH (ledger=PATH in Python)."
                ).format(path=printable(str(self.path)), why=exc.strerror or exc)
            ) from exc

    def add(self, people: dict[str, str], summary: TeamSummary) -> Release:
        now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        release = Release(now, summary.min_group, people, encode(summary))
        self.releases.append(release)
        return release


def _summary_object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError("a release's summary is not an object")
    return value


def _unreadable(path: Path, exc: BaseException) -> LedgerError:
    return LedgerError(
        _(
            "The release ledger {path} cannot be read ({why}). It remembers what "
            "earlier team reports showed, so that a late export cannot be read off "
            "by comparing two reports. Restore it from a backup, or start over on "
            "purpose (--start-over, or start_over=True): anyone holding an earlier "
            "report could then compare it with the new one."
        ).format(path=printable(str(path)), why=printable(str(exc), 120))
    )


@dataclass(frozen=True)
class Decision:
    """What a rebuild may show: a new release (``release`` None) or an earlier one."""

    release: Release | None
    changed: int = 0  # people added, removed or changed since the release shown
    needed: int = 0  # how many more before the report can change


def decide(ledger: Ledger, people: Mapping[str, str], k: int) -> Decision:
    """Rule 7: show the matching release when nothing changed; show the latest release
    when any release is at least 1 and fewer than k people away (k: the larger of this
    run's and that release's); otherwise release anew."""
    near = []
    for release in reversed(ledger.releases):
        gap = difference(release.people, people)
        if gap == 0:
            return Decision(release)
        limit = max(k, release.min_group)
        if gap < limit:
            near.append(limit - gap)
    if near:
        latest = ledger.releases[-1]
        return Decision(latest, difference(latest.people, people), max(near))
    return Decision(None)


def release(
    fresh: TeamSummary,
    records: Mapping[str, Record],
    path: Path,
    k: int,
    *,
    start_over: bool = False,
) -> TeamSummary:
    """Rule 7: record ``fresh`` as a new release in the ledger at ``path``, or return the
    earlier release that must be shown instead (with ``held_back`` saying why), keeping
    this run's file list. ``start_over`` begins a new ledger, with a PrivacyWarning."""
    if start_over:
        warnings.warn(
            _(
                "Starting over: the release ledger {path} is set aside and a new one begun. "
                "Anyone who holds an earlier report of these exports can compare it with "
                "the new one and may read off the answers of the people who differ."
            ).format(path=printable(str(path))),
            PrivacyWarning,
            stacklevel=3,
        )
        book = Ledger(path)
    else:
        book = Ledger.load(path)
    people = fingerprints(book.salt, records)
    decision = decide(book, people, k)
    if decision.release is None:
        added = book.add(people, fresh)
        book.save()
        return replace(fresh, released_at=added.released_at)
    earlier = decision.release
    held = decision.changed or earlier.min_group != k
    try:
        shown = earlier.summary
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _unreadable(path, exc) from exc
    return replace(
        shown,
        source=fresh.source,
        files_found=fresh.files_found,
        skipped=fresh.skipped,
        superseded=fresh.superseded,
        released_at=earlier.released_at,
        held_back=HeldBack(decision.changed, decision.needed, k) if held else None,
    )


# --------------------------------------------------------------------------- JSON


def encode(value: Any) -> Any:
    """A frozen dataclass tree as plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [encode(v) for v in value]
    return value


def decode(kind: Any, value: Any) -> Any:
    """The inverse of ``encode`` for the type ``kind`` (dataclasses, enums, tuples,
    optional values, str/int/float/bool); raises ValueError on anything else."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(kind)
        if value is None and type(None) in options:
            return None
        for option in options:
            if option is not type(None):
                return decode(option, value)
    if origin is tuple:
        args = typing.get_args(kind)
        if not isinstance(value, list):
            raise ValueError(f"expected a list, found {type(value).__name__}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode(args[0], v) for v in value)
        return tuple(decode(a, v) for a, v in zip(args, value, strict=True))
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        if not isinstance(value, dict):
            raise ValueError(f"expected an object for {kind.__name__}")
        hints = typing.get_type_hints(kind)
        return kind(
            **{f.name: decode(hints[f.name], value[f.name]) for f in dataclasses.fields(kind)}
        )
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return kind(value)
    if kind is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if kind in (str, int, bool) and type(value) is kind:
        return value
    raise ValueError(f"unexpected value {value!r:.40} for {kind}")
