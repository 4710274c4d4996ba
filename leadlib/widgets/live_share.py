"""The learner's opt-in live share: an anonymous export of the answers so far, kept in
the workshop's shared folder and brought up to date a few seconds after the learner
answers, until the learner stops sharing (the file is then removed).

What is shared: exactly an anonymous export (leadlib.export): the random participant
code, the self-assessment answers and profile, the delegation choices and the balance.
Never the display name, reflections, notes, quiz or plan. The file has a random name
(leadlib.sharedexports) and mode 0640. A partial export needs no flag of its own: its
profile says ``"complete": false`` until every statement is answered, and the team
report counts each answer it holds.

Answers may come from any notebook (each has its own kernel), so the share looks at the
journal every few seconds rather than waiting for an event: it writes when the answers
differ from the file's and have stayed the same for one look (the debounce), and
removes the file when the learner has cleared every answer.

No widget here (the export panel shows it); must not import ipywidgets or nbconvert.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import printable
from ..i18n import _
from ..sharedexports import (
    SHARED_FILE_MODE,
    SharedFolderError,
    SharedNames,
    random_name,
    write_atomic,
)
from ._base import JournalLike, leadlib_home
from ._ticker import Ticker

#: Seconds between two looks at the journal while sharing live.
SHARE_INTERVAL = 3.0


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


def _fresh_live_name(export_name: str) -> str:
    """A random name for the live file, unrelated to the export's."""
    name = random_name()
    while name == export_name:  # pragma: no cover - 2**-64
        name = random_name()
    return name


__all__ = ["SHARE_INTERVAL", "LiveShare"]
