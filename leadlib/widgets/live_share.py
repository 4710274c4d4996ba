"""The learner's opt-in live share: an anonymous export of the answers so far, kept in
the workshop's shared folder and brought up to date a few seconds after the learner
answers, until the learner stops sharing (the file is then removed).

What is shared: exactly an anonymous export (leadlib.export): the random participant
code, the self-assessment answers and profile, the delegation choices and the balance.
Never the display name, reflections, notes, quiz or plan. The file has a random name
(leadlib.sharedexports) and mode 0640. A partial export needs no flag of its own: its
profile says ``"complete": false`` until every statement is answered, and the team
report counts each answer it holds.

Answers come from any notebook or app page, each with its own kernel (and in the app
mode a page's kernel ends when the learner moves on). So two things keep the file up to
date: every exercise that saves a shared answer calls ``nudge``, which, when the learner
shares live (``LEADLIB_HOME/shared-exports.json`` says so), rewrites the file
``NUDGE_DELAY`` seconds after the last answer in that kernel; and the panel, while
open, looks at the journal every few seconds (``LiveShare``), writing when the answers
differ from the file's and have stayed the same for one look, and removing the file
when the learner has cleared every answer.

No widget here (the export panel shows it); must not import ipywidgets or nbconvert.
"""

from __future__ import annotations

import atexit
import json
import threading
import weakref
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from ..errors import printable
from ..i18n import _
from ..sharedexports import (
    SHARED_FILE_MODE,
    SharedFolderError,
    SharedNames,
    random_name,
    shared_exports_dir,
    write_atomic,
)
from ..team.privacy import DEFAULT_MIN_GROUP
from ._base import JournalLike, leadlib_home
from ._ticker import Ticker

#: Seconds between two looks at the journal while sharing live.
SHARE_INTERVAL = 3.0
#: Seconds after the last shared answer saved in a kernel before the live file is
#: rewritten from that kernel.
NUDGE_DELAY = 2.0
#: The exercises whose answers a live share holds.
SHARED_EXERCISES = frozenset({"self_assessment", "delegation", "balance"})

_timers: dict[str, threading.Timer] = {}
#: The live share whose timer runs in this kernel, if any.
_ACTIVE: weakref.ref[LiveShare] | None = None
_timers_lock = threading.Lock()


def _answers_of(doc: dict[str, Any]) -> str | None:
    """The part of an export that changes when the learner answers (not its time), as
    text to compare; None when it holds no answer at all."""
    shared = {
        "self_assessment": doc.get("self_assessment", {}).get("answers") or {},
        "delegation": doc.get("delegation", {}).get("choices") or {},
        "balance": doc.get("balance"),
    }
    if not shared["self_assessment"] and not shared["delegation"] and shared["balance"] is None:
        return None
    return json.dumps(shared, sort_keys=True)


def live_statement() -> str:
    """What ticking "share live" shares, said before the learner ticks it (HTML)."""
    return (
        "<p style='margin:2px 0 6px;line-height:1.4'>"
        + escape(
            _(
                "If you tick this, your answers so far go into the facilitator's shared "
                "folder and are updated a few seconds after each answer, on any page of "
                "the course: your self-assessment, your delegation choices and your "
                "balance, under your random code and a random file name. Never your name, "
                "your reflections or your notes. The facilitator sees them only inside "
                "the team picture, which shows nothing from fewer than {k} people. "
                "Untick to remove the file."
            ).format(k=DEFAULT_MIN_GROUP)
        )
        + "</p>"
    )


class LiveShare:
    """One learner's live share into ``folder`` (see the module's docstring).

    ``tick()`` is one look at the journal (the timer thread calls it every
    ``interval`` seconds); ``on_status(text, kind)`` hears what happened in plain words.
    """

    def __init__(
        self,
        journal: Callable[[], JournalLike],
        folder: Path,
        *,
        interval: float = SHARE_INTERVAL,
        on_status: Callable[[str, str], None] | None = None,
    ) -> None:
        self.journal = journal
        self.folder = folder
        self.interval = interval
        self.on_status = on_status or (lambda _text, _kind: None)
        self.names = SharedNames.load(leadlib_home(), folder)
        self._written: str | None = None  # the answers in the shared file
        self._seen: str | None = None  # the answers at the last look
        self._lock = threading.Lock()
        self._ticker: Ticker | None = None

    @property
    def path(self) -> Path | None:
        """The live file, while sharing (or left from an earlier session)."""
        return self.folder / self.names.live if self.names.live else None

    @property
    def running(self) -> bool:
        return self._ticker is not None and self._ticker.running

    def start(self) -> None:
        """Share now (if there is anything to share) and keep the file up to date.
        SharedFolderError or OSError if the folder cannot be written (nothing runs)."""
        if self.names.live is None:
            self.names.live = _fresh_live_name(self.names.export)
            self.names.save()
        with self._lock:
            self._seen = None
            self._update(force=True)
        global _ACTIVE
        earlier = _ACTIVE() if _ACTIVE is not None else None
        if earlier is not None and earlier is not self:
            earlier.pause()  # a panel left by an earlier run of the cell: one looks
        _ACTIVE = weakref.ref(self)
        if not self.running:
            self._ticker = Ticker(
                self.tick,
                self.interval,
                on_error=lambda exc: self.on_status(
                    _("Your live share could not be updated: {why}").format(why=exc), "problem"
                ),
                on_expire=lambda: self.on_status(
                    _(
                        "Live updates stopped after four hours; your last answers stay "
                        "shared. Untick and tick again to go on, or untick to remove them."
                    ),
                    "info",
                ),
                name="leadlib-live-share",
            )
            self._ticker.start()

    def tick(self) -> None:
        """One look at the journal: write when the answers changed and have settled."""
        with self._lock:
            self._update(force=False)

    def _update(self, *, force: bool) -> None:
        doc = self.journal().export_document()  # anonymous: no name, no reflections
        answers = _answers_of(doc)
        settled = force or answers == self._seen
        self._seen = answers
        if not settled or (answers == self._written and not force):
            return
        path = self.path
        assert path is not None  # set by start()
        if answers is None:
            path.unlink(missing_ok=True)
            self._written = None
            self.on_status(
                _("You have no answers to share yet; your live share starts with your first."),
                "info",
            )
            return
        data = (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode()
        write_atomic(path, data, SHARED_FILE_MODE)
        self._written = answers
        self.on_status(
            _("Shared live at {time} (anonymous, file {name}).").format(
                time=doc.get("exported_at", ""), name=path.name
            ),
            "ok",
        )

    def stop(self) -> str:
        """Stop updating and remove the live file; what happened, in plain words.
        SharedFolderError when the file is there but cannot be removed."""
        ticker, self._ticker = self._ticker, None
        if ticker is not None:
            ticker.stop()
        path = self.path
        if path is None:
            return _("You were not sharing live; nothing to remove.")
        with self._lock:
            try:
                path.unlink()
                text = _("Live share stopped: your file was removed from the shared folder.")
            except FileNotFoundError:
                text = _(
                    "Live share stopped. Your file was no longer in the shared folder "
                    "(the facilitator may have removed it)."
                )
            except OSError as exc:
                raise SharedFolderError(
                    _(
                        "Live share stopped, but your file {path} could not be removed from "
                        "the shared folder ({why}). It holds your answers without your name. "
                        "Ask the facilitator to delete it."
                    ).format(path=printable(str(path)), why=exc.strerror or exc)
                ) from None
            self._written = None
            self.names.live = None
            self.names.save()
        return text

    def pause(self) -> None:
        """Stop the timer thread and keep the file (the panel is closing)."""
        ticker, self._ticker = self._ticker, None
        if ticker is not None:
            ticker.stop()


def nudge(journal: Callable[[], JournalLike], exercise: str, *, delay: float = NUDGE_DELAY) -> None:
    """A shared answer was saved in this kernel: if the learner shares live, rewrite the
    live file ``delay`` seconds after the last such answer (a debounce). Does nothing
    without a shared folder or a live share; never raises."""
    folder = shared_exports_dir()
    if exercise not in SHARED_EXERCISES or folder is None:
        return
    try:
        if SharedNames.load(leadlib_home(), folder).live is None:
            return
    except Exception:  # noqa: BLE001 - an answer is saved whatever happens here
        return
    key = str(folder)
    timer = threading.Timer(delay, _write_live, args=(journal, folder))
    timer.daemon = True
    timer.name = "leadlib-live-nudge"
    with _timers_lock:
        earlier = _timers.pop(key, None)
        if earlier is not None:
            earlier.cancel()
        _timers[key] = timer
    timer.start()


def _write_live(journal: Callable[[], JournalLike], folder: Path) -> None:
    """Rewrite the live file now, if the learner still shares live (read again: the
    box may have been unticked in another kernel meanwhile)."""
    with _timers_lock:
        if _timers.get(str(folder)) is threading.current_thread():
            del _timers[str(folder)]
    try:
        names = SharedNames.load(leadlib_home(), folder)
        if names.live is None:
            return
        doc = journal().export_document()
        path = folder / names.live
        if _answers_of(doc) is None:
            path.unlink(missing_ok=True)
            return
        write_atomic(path, (json.dumps(doc, indent=2) + "\n").encode(), SHARED_FILE_MODE)
    except Exception:  # noqa: BLE001 - the panel's own looks report problems
        return


def flush_nudges(timeout: float = 10.0) -> None:
    """Wait for pending nudges to be written (tests, and the end of a kernel)."""
    with _timers_lock:
        pending = list(_timers.values())
    for timer in pending:
        timer.join(timeout)


def _write_pending_now() -> None:
    """At the kernel's end (an app page left within seconds of an answer): write what
    is pending at once instead of losing it."""
    with _timers_lock:
        pending = list(_timers.values())
        _timers.clear()
    for timer in pending:
        timer.cancel()
        _write_live(*timer.args)


atexit.register(_write_pending_now)


def _fresh_live_name(export_name: str) -> str:
    """A random name for the live file, unrelated to the export's."""
    name = random_name()
    while name == export_name:  # pragma: no cover - 2**-64
        name = random_name()
    return name


__all__ = ["NUDGE_DELAY", "SHARE_INTERVAL", "LiveShare", "flush_nudges", "nudge"]
