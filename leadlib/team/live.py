"""The live team picture: read a shared exports folder again and again (notebook 07's
auto-refresh) under the same privacy rules as ``leadlib team-report``.

``LivePicture.poll()`` is one look at the folder. It does nothing when no ``*.json``
file was added, removed, replaced or touched since the last look. Otherwise it builds
the picture with ``aggregate`` and its release ledger (docs/privacy.md, Rule 7): the
figures change only when at least k people have arrived, left or changed their answers
since every earlier picture released from this folder, so a latecomer cannot be read
off by comparing two pictures; until then the earlier picture stays and the status
says how many answers wait ("2 new answers waiting; the picture changes after 1 more"),
nothing else about them. The first picture, too, waits for k people: a look after
the first export alone would otherwise release a picture of one person.

Reading while participants write:

- a file that is unreadable and younger than ``settle`` seconds is taken as still being
  written (by a tool that does not write atomically): it is neither counted nor listed
  as skipped, and the folder is read again at the next look; once older it is listed
  as skipped like any bad file;
- a file that disappears between listing and reading is forgotten, not reported;
- a file that appears or is replaced during a read is read at the next look (the look
  compares the listing from before the read);
- hostile files are leadlib.exportfile's to refuse (size, type, depth, encoding), and
  symbolic links are refused unopened: a participant could otherwise make the
  facilitator's kernel read a file of the facilitator's own.

Pure Python, no thread: the widget's timer calls ``poll``. Must not import ipywidgets,
matplotlib or the journal.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..content import load_content
from ..errors import LeadlibError, printable
from ..exportfile import NO_SUCH_FILE
from ..i18n import _, ngettext
from ..models import Content
from .aggregate import aggregate, summarise
from .ledger import Ledger, default_ledger, encode, release
from .privacy import DEFAULT_MIN_GROUP, check_min_group
from .reading import collect
from .summary import TeamSummary

#: Seconds after its last change during which an unreadable file counts as being written.
SETTLE_SECONDS = 3.0

#: One ``*.json`` entry of the folder: name, size, modification time (ns), inode.
Entry = tuple[str, int, int, int]


@dataclass(frozen=True)
class LiveState:
    """What one look at the folder allows to show.

    ``summary``: the picture (an earlier release while answers wait; None before any
    usable export). ``changed``: the figures differ from the last look's. ``waiting``:
    people who arrived, left or changed since the picture shown; ``needed``: how many
    more before it can change. ``writing``: files still being written.
    """

    summary: TeamSummary | None
    changed: bool
    waiting: int = 0
    needed: int = 0
    writing: int = 0
    #: Files that cannot be used (unreadable, or not an export): not counted.
    skipped: int = 0
    problem: str = ""
    #: The folder may not be read at all (a participant's account): stop looking.
    refused: bool = False


def listing(folder: Path) -> tuple[Entry, ...]:
    """The ``*.json`` files directly inside ``folder`` with what changes when one is
    written or replaced; files that vanish while listed are left out."""
    entries: list[Entry] = []
    with os.scandir(folder) as found:
        for entry in found:
            if not entry.name.lower().endswith(".json"):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            entries.append((entry.name, info.st_size, info.st_mtime_ns, info.st_ino))
    return tuple(sorted(entries))


def figures_key(summary: TeamSummary) -> str:
    """The figures of a picture, without the file list or the held-back note: two
    looks with the same key show the same picture."""
    bare = replace(summary, source="", files_found=0, skipped=(), superseded=(), held_back=None)
    return json.dumps(encode(bare), sort_keys=True, default=str)


class LivePicture:
    """Looks at one shared folder for one minimum group (see the module's docstring)."""

    def __init__(
        self,
        folder: str | os.PathLike[str],
        min_group: int = DEFAULT_MIN_GROUP,
        *,
        content: Content | None = None,
        ledger: str | os.PathLike[str] | None = None,
        settle: float = SETTLE_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.folder = Path(folder)
        self.min_group = check_min_group(min_group)
        self.content = content
        self.ledger = ledger
        self.settle = settle
        self.clock = clock
        self._seen: tuple[Entry, ...] | None = None
        self._again = False  # a file was still being written: read again next time
        self._key: str | None = None
        self.state: LiveState | None = None

    def poll(self) -> LiveState | None:
        """Look at the folder; the new state, or None when nothing changed since the
        last look. Never raises for a problem of the folder or its files: the state's
        ``problem`` says it in plain words."""
        try:
            before = listing(self.folder)
        except PermissionError:
            return self._problem(
                _(
                    "Only the facilitator may read the shared folder {folder}: the team "
                    "picture is shown by the facilitator. Your own answers are in the "
                    "earlier notebooks."
                ).format(folder=printable(str(self.folder))),
                refused=True,
            )
        except OSError as exc:
            return self._problem(
                _(
                    "The folder {folder} cannot be read ({why}). Check that it exists and "
                    "that you may open it; the picture stays as it was."
                ).format(folder=printable(str(self.folder)), why=exc.strerror or exc)
            )
        if before == self._seen and not self._again:
            return None
        try:
            first = self._before_first_release()
            if first is not None and first[1]:
                return self._held_before_first(first[0], before)
            summary = (
                first[0]
                if first is not None
                else aggregate(
                    self.folder,
                    self.min_group,
                    content=self.content,
                    ledger=self.ledger,
                    follow_symlinks=False,
                )
            )
        except LeadlibError as exc:
            return self._problem(str(exc))
        self._seen = before
        summary, writing = self._settled(summary, {e[0]: e for e in before})
        self._again = writing > 0
        key = figures_key(summary) if summary.participants else None
        changed = key != self._key
        self._key = key
        held = summary.held_back
        self.state = LiveState(
            summary if summary.participants else None,
            changed,
            waiting=held.changed if held else 0,
            needed=held.needed if held else 0,
            writing=writing,
            skipped=len(summary.skipped),
        )
        return self.state

    def _before_first_release(self) -> tuple[TeamSummary, bool] | None:
        """While nothing was released from this folder yet: the picture to show and
        whether it waits for more people (fewer than k have exported); else None
        (build and release with ``aggregate`` as usual).

        A live view looks after every single export, so releasing the first look would
        release a picture of one person, and the next picture would then wait for k
        more after that one: the first picture waits for k people instead (the empty
        folder counts as the first release). The folder is read once either way."""
        path = Path(self.ledger) if self.ledger is not None else default_ledger(self.folder)
        if Ledger.load(path).releases:
            return None
        content = self.content or load_content()
        collected = collect(content, self.folder, follow_symlinks=False)
        fresh = summarise(content, self.min_group, collected)
        if not collected.records:
            return fresh, False
        if len(collected.records) < self.min_group:
            return fresh, True
        return release(fresh, collected.records, path, self.min_group), False

    def _held_before_first(self, early: TeamSummary, before: tuple[Entry, ...]) -> LiveState:
        """Fewer than k people and nothing released yet: no picture, only the count."""
        settled, writing = self._settled(early, {e[0]: e for e in before})
        self._seen = before
        self._again = writing > 0
        changed = self._key is not None
        self._key = None
        waiting = early.participants
        self.state = LiveState(
            None,
            changed,
            waiting=waiting,
            needed=self.min_group - waiting,
            writing=writing,
            skipped=len(settled.skipped),
        )
        return self.state

    def _problem(self, text: str, *, refused: bool = False) -> LiveState:
        self._seen = None  # look again next time
        previous = self.state.summary if self.state else None
        self.state = LiveState(previous, False, problem=text, refused=refused)
        return self.state

    def _settled(self, summary: TeamSummary, entries: dict[str, Entry]) -> tuple[TeamSummary, int]:
        """The summary without the skipped files that vanished during the read or are
        still being written; and how many are being written."""
        now = self.clock()
        kept = []
        writing = vanished = 0
        gone = _(NO_SUCH_FILE)
        for skipped in summary.skipped:
            entry = entries.get(skipped.name)
            if gone in skipped.reasons:
                vanished += 1
            elif entry is not None and now - entry[2] / 1e9 < self.settle:
                writing += 1
            else:
                kept.append(skipped)
        if not (writing or vanished):
            return summary, 0
        return (
            replace(summary, skipped=tuple(kept), files_found=summary.files_found - vanished),
            writing,
        )


def live_status(state: LiveState, min_group: int) -> str:
    """One line for the facilitator: who the picture counts, and how many answers wait
    (a count only: nothing about whose or which)."""
    if state.problem:
        return state.problem
    if state.summary is None and state.waiting:
        text = _("No picture yet.")
    elif state.summary is None:
        text = _("No answers in the shared folder yet; the picture appears when they come.")
    else:
        text = ngettext(
            "The picture counts {n} participant.",
            "The picture counts {n} participants.",
            state.summary.participants,
        ).format(n=state.summary.participants)
    held = state.summary.held_back if state.summary is not None else None
    if held is not None and not held.changed and state.summary is not None:
        text += " " + _(
            "It keeps the minimum group of {old} it was first shown with: nothing has "
            "changed since. To use {new}, start over (leadlib team-report --start-over), "
            "knowing that the two pictures could then be compared."
        ).format(old=state.summary.min_group, new=held.asked_min_group)
    if state.waiting:
        text += " " + ngettext(
            "{n} new answer waiting until {k}: the picture changes after {m} more "
            "(so that nobody's answers can be read off by comparing two pictures).",
            "{n} new answers waiting until {k}: the picture changes after {m} more "
            "(so that nobody's answers can be read off by comparing two pictures).",
            state.waiting,
        ).format(n=state.waiting, k=min_group, m=state.needed)
    if state.skipped:
        text += " " + ngettext(
            "{n} file in the folder cannot be used (unreadable, or not an export of this "
            "course) and is not counted.",
            "{n} files in the folder cannot be used (unreadable, or not exports of this "
            "course) and are not counted.",
            state.skipped,
        ).format(n=state.skipped)
    if state.writing:
        text += " " + ngettext(
            "{n} file is still being written; it is read at the next look.",
            "{n} files are still being written; they are read at the next look.",
            state.writing,
        ).format(n=state.writing)
    return text


__all__ = ["LivePicture", "LiveState", "figures_key", "listing", "live_status"]
