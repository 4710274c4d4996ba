"""The shared pieces of every exercise: the ``Exercise`` base widget (journal access,
message area, worksheet hook, short text repr), the kernel's ``JournalCache`` of open
journals, and small helpers for controls and charts: ``AutosaveText`` (a text box that
saves as you type, with a character counter and the time of the last save),
``guard_clicks`` (a double click acts once) and ``wrapping_checkbox`` (a long label
wraps instead of being cut off), which live in ``_controls`` and are re-exported here.

Imports ipywidgets (never loaded in handout mode); must not import nbconvert or sqlite3.
"""

from __future__ import annotations

import base64
import errno
import os
import threading
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import ipywidgets as w

from ..content import load_content
from ..errors import AnswerError, LeadlibError
from ..i18n import N_, _
from ..models import Content
from . import static_form
from ._controls import (
    COLOURS,
    DOUBLE_CLICK,
    ICONS,
    WRAP_LABELS_CSS,
    AutosaveText,
    answer_group,
    guard_clicks,
    kernel_scheduler,
    wrapping_checkbox,
)
from ._notes import NO_PROFILE_NOTE, REFLECTION_NOTE

if TYPE_CHECKING:
    from ..journal import Journal
    from ..printable import Written

__all__ = [
    "NO_PROFILE_NOTE",
    "REFLECTION_NOTE",
    "COLOURS",
    "DOUBLE_CLICK",
    "ICONS",
    "WRAP_LABELS_CSS",
    "AutosaveText",
    "ChartView",
    "Exercise",
    "answer_group",
    "guard_clicks",
    "kernel_scheduler",
    "wrapping_checkbox",
]


class JournalLike(Protocol):
    """What the exercises need from ``leadlib.journal.Journal``."""

    def record(self, exercise: str, item: str, value: Any) -> None: ...

    def answers(self, exercise: str) -> dict[str, Any]: ...

    def clear(self, exercise: str | None = None) -> int: ...

    @property
    def participant_code(self) -> str: ...

    def export_document(
        self, *, display_name: str | None = None, include_reflections: bool = False
    ) -> dict[str, Any]: ...

    def export(
        self,
        path: Any,
        *,
        display_name: str | None = None,
        include_reflections: bool = False,
        include_board: bool = False,
        mode: int | None = None,
        include_time_audit: bool = False,
        include_supporter: bool = False,
    ) -> Path: ...


def leadlib_home() -> Path:
    """The folder of the learner's journal: $LEADLIB_HOME, or ~/.leadlib."""
    from ..journal import leadlib_home as home

    return home()


def exports_dir() -> Path:
    """Where exercises write files for the learner (plan, export): LEADLIB_HOME/exports."""
    return leadlib_home() / "exports"


def download_link(path: Path, label: str, mime: str) -> str:
    """An HTML link that downloads the file at ``path`` through the browser.

    The learner's files live under LEADLIB_HOME (by default the hidden ``~/.leadlib``),
    which JupyterLab's file browser does not show; the link hands the file over directly,
    with no server round trip and no network.
    """
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return (
        f'<a download="{escape(path.name, quote=True)}" '
        f'href="data:{mime};base64,{data}" style="font-weight:bold">'
        f"{escape(label)}</a>"
    )


def written_report(
    written: Written, wrote: str, html_label: str, pdf_label: str
) -> tuple[str, str]:
    """What a print button says after ``leadlib.printable.write_page``: the message
    (``wrote`` holds ``{html}``, then the PDF's path or why there is none) and the
    download links' HTML (the page, and the PDF when there is one)."""
    text = wrote.format(html=written.html)
    if written.pdf is not None:
        text += " " + _("The PDF, ready to print, is {pdf}.").format(pdf=written.pdf)
    elif written.pdf_problem:
        text += " " + _("No PDF this time: {why}").format(why=written.pdf_problem)
    links = [download_link(written.html, html_label, "text/html")]
    if written.pdf is not None:
        links.append(download_link(written.pdf, pdf_label, "application/pdf"))
    return text, "<p>" + " | ".join(links) + "</p>"


class JournalCache:
    """The journals open in this kernel: one per journal file, shared by every exercise.

    ``get()`` returns the journal at the current ``journal_path()`` (which follows
    LEADLIB_HOME), opening it on first use, and opening it again when its file has gone
    (so that ``open_journal`` checks and prepares the new one). A lock makes that
    check-and-open one step, so threads asking at once share one journal.
    ``close_all()`` closes every journal and forgets them: the next ``get()`` opens anew.
    """

    def __init__(self) -> None:
        self._journals: dict[Path, Journal] = {}
        self._lock = threading.Lock()

    def get(self) -> Journal:
        """The open journal of the current journal file (opened on first use)."""
        from ..journal import journal_path, open_journal

        path = journal_path()
        with self._lock:
            journal = self._journals.get(path)
            if journal is None or not path.exists():
                journal = open_journal()
                self._journals[path] = journal
            return journal

    def close_all(self) -> None:
        """Close every cached journal and empty the cache."""
        with self._lock:
            journals = list(self._journals.values())
            self._journals.clear()
        for journal in journals:
            journal.close()


_JOURNALS = JournalCache()


def shared_journal() -> JournalLike:
    """One open journal per journal file for the whole kernel (opened on first use)."""
    return _JOURNALS.get()


def describe_problem(exc: BaseException, doing: str) -> str:
    """A plain-words message for a problem met while ``doing`` something (no traceback)."""
    # Translators: {doing} is one of the activities marked "while ..." below, such as
    # "saving your answer" or "reading the exports".
    if isinstance(exc, AnswerError):
        return _("That answer was not saved: {problem} Your earlier answers are unchanged.").format(
            problem=exc
        )
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return _(
            "The disk is full, so leadlib could not finish {doing}. Free some space, "
            "then try again: your earlier answers are still in the journal."
        ).format(doing=doing)
    if isinstance(exc, PermissionError):
        return _(
            "leadlib is not allowed to write its files ({file}) "
            "while {doing}. Check the folder's permissions or set LEADLIB_HOME to a folder "
            "you own, then run the cell again."
        ).format(file=exc.filename or _("journal folder"), doing=doing)
    if isinstance(exc, LeadlibError):
        return _("There was a problem while {doing}: {problem}").format(doing=doing, problem=exc)
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        return _(
            "leadlib could not reach its files while {doing} ({reason}). Your earlier "
            "answers are still in the journal; run the cell again in a moment."
        ).format(doing=doing, reason=reason)
    return _(
        "Something unexpected went wrong while {doing} ({error}: {problem}). "
        "Your earlier answers are still in the journal; run the cell again, and tell the "
        "facilitator if it keeps happening."
    ).format(doing=doing, error=type(exc).__name__, problem=exc)


def html_message(text: str, kind: str = "info") -> str:
    """The message area's HTML: a live region, coloured and marked with a symbol."""
    if not text:
        return '<div role="status" aria-live="polite"></div>'
    return (
        f'<div role="status" aria-live="polite" style="color:{COLOURS[kind]};'
        f'white-space:normal;line-height:1.4">{ICONS[kind]}{escape(text)}</div>'
    )


class Exercise(w.VBox):
    """The base of every exercise: a VBox with a message area and journal access.

    Parameters: ``content`` (default: the course's content), ``journal`` (default: the
    learner's journal, opened on first use). Subclasses set ``name`` (used in the text
    repr) and implement ``worksheet_html()``.
    """

    #: The exercise's name in the text repr: marked with ``N_``, shown with ``_()``.
    name = N_("exercise")

    def __init__(
        self, *, content: Content | None = None, journal: JournalLike | None = None
    ) -> None:
        super().__init__()
        self.content = content or load_content()
        self._journal = journal
        self._restoring = False
        self.message = w.HTML(value=html_message(""), layout=w.Layout(margin="4px 0"))
        self.message_text = ""
        self.message_kind = "info"
        self.add_class("leadlib-exercise")

    # -- text repr ---------------------------------------------------------------------
    def __repr__(self) -> str:
        return _("Exercise: {name} (run this notebook in JupyterLab to use it)").format(
            name=_(self.name)
        )

    # -- message area ------------------------------------------------------------------
    def say(self, text: str, kind: str = "info") -> None:
        """Show ``text`` in the message area (kind: info, ok or problem)."""
        self.message_text = text
        self.message_kind = kind
        self.message.value = html_message(text, kind)

    def show_problem(self, exc: BaseException, doing: str) -> None:
        self.say(describe_problem(exc, doing), "problem")

    # -- journal -----------------------------------------------------------------------
    def journal(self) -> JournalLike:
        """The learner's journal (shared by every exercise of this kernel)."""
        if self._journal is None:
            self._journal = shared_journal()
            for warning in getattr(self._journal, "warnings", []):
                self.say(warning, "problem")
        return self._journal

    def load(self, exercise: str) -> dict[str, Any]:
        """The saved answers of ``exercise``, or {} (with a message) if the journal fails."""
        try:
            return dict(self.journal().answers(exercise))
        except Exception as exc:  # shown to the learner, never a traceback
            self.show_problem(exc, _("reading your saved answers"))
            return {}

    def save(self, exercise: str, item: str, value: Any) -> bool:
        """Record one answer; on failure show why and return False (nothing else changes)."""
        if self._restoring:
            return True
        try:
            self.journal().record(exercise, item, value)
        except Exception as exc:  # shown to the learner, never a traceback
            self.show_problem(exc, _("saving your answer"))
            return False
        if self.message_kind == "problem":
            self.say("")
        if os.environ.get("LEADLIB_SHARED_EXPORTS"):  # a workshop: perhaps sharing live
            from .live_share import nudge

            nudge(self.journal, exercise)
        return True

    def restoring(self) -> _Restoring:
        """Context manager: set controls from saved answers without saving them again."""
        return _Restoring(self)

    # -- static form -------------------------------------------------------------------
    def worksheet_html(self) -> str:
        raise NotImplementedError

    def static_charts(self) -> list[tuple[bytes, str]]:
        """The charts this exercise shows now, as (PNG bytes, alt text), in screen order."""
        return [
            (view.png, view.alt)
            for view in vars(self).values()
            if isinstance(view, ChartView) and view.png
        ]

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        """The widget view and, beside it, the exercise's static form (``text/html`` and
        ``text/plain``, see ``leadlib.widgets.static_form``): JupyterLab draws the widget
        while its kernel runs; every other reader, and strict nbval, gets the static form."""
        data: dict[str, Any] = dict(super()._repr_mimebundle_(**kwargs) or {})
        try:
            data.update(static_form.bundle(self.name, self.worksheet_html(), self.static_charts()))
        except Exception as exc:  # the live widget still works without its static form
            reason = f"{type(exc).__name__}: {exc}"
            data["text/plain"] = f"{self!r}. Its printed form could not be made ({reason})."
            data["text/html"] = (
                f"<p><em>{escape(self.__repr__())}. Its printed form could not be made "
                f"({escape(reason)}).</em></p>"
            )
        return data


class _Restoring:
    def __init__(self, exercise: Exercise) -> None:
        self.exercise = exercise

    def __enter__(self) -> None:
        self.exercise._restoring = True

    def __exit__(self, *exc: object) -> None:
        self.exercise._restoring = False


def chart_png(chart: Any) -> bytes:
    """PNG bytes of a ``leadlib.plots`` chart for the screen, fast.

    A plots chart keeps the pixels it was drawn with (over its cached static layer, see
    ``leadlib.plots.layers.layered``); ``screen_png()`` encodes them with quick compression
    (several times faster than ``chart.png()``, same pixels, also deterministic). A chart
    without it falls back to ``chart.png()``. Worksheets keep using ``chart.png()``,
    which is smaller.
    """
    fast = getattr(chart, "screen_png", None)
    if fast is not None:
        try:
            return bytes(fast())
        except Exception:  # an unusual chart: take the slow, sure path
            pass
    return bytes(chart.png())


class ChartView:
    """One place for a chart: an ``<img>`` in an HTML widget, redrawn only when its inputs
    change.

    The image carries the chart's description as real ``alt`` text for screen readers
    (ipywidgets' Image widget has no alt attribute); the same text is also offered under
    "What the chart shows". Recently drawn charts are kept (by their inputs), so going
    back to an earlier choice shows its chart at once.
    """

    CACHE_SIZE = 24

    def __init__(self, description: str, width: str = "860px") -> None:
        self.width = width
        self.image = w.HTML(value="", layout=w.Layout(display="none"))
        self.image.add_class("leadlib-chart")
        self.caption = w.HTML(value="")
        self.box = w.VBox([self.image, self.caption])
        self.description = description
        self.alt = ""
        self.png = b""
        self.draws = 0
        self._key: object = None
        self._cache: dict[object, tuple[bytes, str]] = {}

    def show(self, key: object, make: Callable[[], Any], owner: Exercise) -> None:
        """Show the chart for ``key``: drawn by ``make()`` (a plots chart) unless ``key``
        is the one on screen (nothing happens) or one drawn recently (taken from memory)."""
        if key == self._key:
            return
        cached = self._cache.pop(key, None)
        if cached is None:
            try:
                chart = make()
                cached = (chart_png(chart), str(chart.alt))
            except Exception as exc:  # the exercise still works without its chart
                owner.show_problem(exc, _("drawing the {chart}").format(chart=self.description))
                return
            self.draws += 1
        self._cache[key] = cached  # most recent last
        while len(self._cache) > self.CACHE_SIZE:
            self._cache.pop(next(iter(self._cache)))
        self._key = key
        self.png, self.alt = cached
        data = base64.b64encode(self.png).decode("ascii")
        self.image.value = (
            f'<img src="data:image/png;base64,{data}" alt="{escape(self.alt, quote=True)}" '
            f'style="width:{self.width};max-width:100%;height:auto">'
        )
        self.image.layout.display = None
        self.caption.value = (
            "<details><summary>"
            + escape(_("What the chart shows"))
            + f"</summary><p>{escape(self.alt)}</p></details>"
        )

    def hide(self) -> None:
        self._key = None
        self.alt = ""
        self.png = b""
        self.image.value = ""
        self.image.layout.display = "none"
        self.caption.value = ""


def auto_width() -> w.Layout:
    """A layout that lets a button grow to its whole label (never cut off)."""
    return w.Layout(width="auto", align_self="flex-start")
