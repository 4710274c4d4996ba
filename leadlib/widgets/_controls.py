"""Small controls every exercise can use: ``AutosaveText`` (a text box that saves as you
type, with a live character counter and the time of the last save), ``guard_clicks`` (a
double click acts once), ``wrapping_checkbox`` (a long label wraps instead of being cut
off), ``answer_group`` (a group of answer buttons that the keyboard treats as one radio
group), and the message colours and icons.

Imports ipywidgets (never loaded in handout mode); must not import nbconvert or sqlite3.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Callable
from html import escape
from typing import Any, TypeVar

import ipywidgets as w

from ..export import MAX_TEXT
from ..i18n import _, ngettext

#: Message colours by kind (dark enough for WCAG AA on white).
COLOURS = {"info": "#333333", "ok": "#00603f", "problem": "#8a2b00"}
#: Message icons by kind, so that colour is never the only cue.
ICONS = {"info": "", "ok": "\u2714 ", "problem": "\u26a0 "}


# -- buttons: a double click acts once ---------------------------------------------------

#: Seconds after a click's action ends during which another click is taken as the second
#: half of a double click and ignored.
DOUBLE_CLICK = 0.5


def guard_clicks(
    button: w.Button,
    action: Callable[[], object],
    *,
    quiet: float = DOUBLE_CLICK,
    clock: Callable[[], float] = time.monotonic,
) -> None:
    """Run ``action`` when ``button`` is clicked, once per deliberate click.

    A click that arrives while the action runs, or less than ``quiet`` seconds after it
    ended (the kernel takes a double click's two clicks one after the other), is ignored.
    """
    state = {"busy": False, "ended": -float("inf")}

    def handler(_button: w.Button) -> None:
        if state["busy"] or clock() - state["ended"] < quiet:
            return
        state["busy"] = True
        try:
            action()
        finally:
            state["busy"] = False
            state["ended"] = clock()

    button.on_click(handler)


# -- answer buttons: one radio group each, for the keyboard ------------------------------

#: The class of every group of answer buttons. The course's front-end script
#: (leadlib/static/answer-groups.js, in the JupyterLab extension and in the app's page)
#: makes each such group a WAI-ARIA radio group: one tab stop, arrow keys move and select
#: within the group and never reach JupyterLab, role and state for screen readers.
ANSWER_GROUP = "leadlib-answer-group"
#: The class of the text that asks a group's question; with the group's own label it
#: names the group for screen readers. It must be shown just before the group, in the
#: same box (the script looks at the group's earlier siblings).
ANSWER_QUESTION = "leadlib-answer-question"
#: The class of a group whose every choice counts as a try (the quiz, the self-checks):
#: there the arrow keys only move, and Space or Enter chooses. Were an arrow to choose,
#: going from the first option to the third would answer the second on the way, and
#: that answer would be scored.
ANSWER_TRIES = "leadlib-answer-tries"

Answers = TypeVar("Answers", w.ToggleButtons, w.RadioButtons)


def answer_group(
    group: Answers, question: w.HTML | None = None, *, arrows_choose: bool = True
) -> Answers:
    """Mark ``group`` (a ToggleButtons or RadioButtons of answers) as one radio group for
    the keyboard, named by its label and by ``question`` when given (the text that asks
    it, put just before ``group`` in the same box). Returns ``group``.

    ``arrows_choose``: an arrow key moves to the next option and chooses it (the
    WAI-ARIA radio group). False where each choice is a scored try: the arrows only
    move, Space or Enter chooses.

    Every group of answer buttons in an exercise goes through here."""
    group.add_class(ANSWER_GROUP)
    if not arrows_choose:
        group.add_class(ANSWER_TRIES)
    if question is not None:
        question.add_class(ANSWER_QUESTION)
    return group


# -- text: saved as you type -----------------------------------------------------------

Cancel = Callable[[], None]
#: ``schedule(delay, callback)``: arrange the call and return how to cancel it, or None
#: when it cannot wait (then the caller calls it at once).
Scheduler = Callable[[float, Callable[[], None]], "Cancel | None"]


def kernel_scheduler(delay: float, callback: Callable[[], None]) -> Cancel | None:
    """Run ``callback`` after ``delay`` seconds on the kernel's event loop, where the
    widget messages are handled (so no lock is needed and nothing runs on another
    thread). None outside a kernel (a script, the tests), where nothing would run a
    waiting callback, even if some library (Playwright's sync API) left an event loop
    marked as running: no waiting there."""
    from IPython import get_ipython  # ipywidgets has imported it already

    if getattr(get_ipython(), "kernel", None) is None:
        return None
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    handle = loop.call_later(delay, callback)
    return handle.cancel


def _muted(text: str, kind: str = "info") -> str:
    colour = COLOURS[kind] if kind != "info" else "#555555"
    return (
        f'<span role="status" aria-live="polite" style="color:{colour};font-size:90%">'
        f"{ICONS[kind]}{escape(text)}</span>"
    )


class AutosaveText:
    """A text area that saves what the learner types: a moment after they pause, at once
    when a button calls ``flush()``, and again when text typed before that click arrives
    after it.

    Why the last part: the browser sends a text box's newest value only when its earlier
    message has been handled, while a button's click goes at once, so a click can reach
    the kernel before the last keystrokes. Every value that reaches the kernel is saved
    (never only the one present at the click), so the journal ends with the newest text.

    ``save(text)`` stores the text and returns True when it was saved (it shows its own
    problem otherwise). Under the box: a live character counter (``most`` characters at
    most: longer text is not saved, and the counter says by how much it is over) and the
    save status ("Not saved yet" while typing, "Saved at 14:03:12" once saved).
    ``what`` names the text as the learner sees it, for the messages ("your reflection").
    """

    DELAY = 0.8
    #: After a flush, values arriving within this many seconds are saved at once.
    LATE_WINDOW = 3.0

    def __init__(
        self,
        *,
        save: Callable[[str], bool],
        what: str,
        description: str,
        placeholder: str = "",
        height: str = "7em",
        most: int = MAX_TEXT,
        allow_empty: bool = True,
        counter: bool = True,
        delay: float | None = None,
        schedule: Scheduler = kernel_scheduler,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        self._save = save
        self.what = what
        self.most = most
        self.allow_empty = allow_empty
        self.delay = self.DELAY if delay is None else delay
        self._schedule = schedule
        self._clock = clock
        self._now = now
        self._cancel: Cancel | None = None
        self._restoring = False
        self._flushed_at = -float("inf")
        self.saved_text: str | None = None
        self.saved_at: dt.datetime | None = None
        self.area = w.Textarea(
            value="",
            placeholder=placeholder,
            description=description,
            continuous_update=True,
            style={"description_width": "initial"},
            layout=w.Layout(width="95%", height=height),
        )
        self.counter = w.HTML(layout=w.Layout(display=None if counter else "none"))
        self.status = w.HTML()
        self.status_text = ""
        self.box = w.VBox(
            [
                self.area,
                w.HBox(
                    [self.counter, self.status],
                    layout=w.Layout(grid_gap="1.5em", margin="0 0 0 2px", flex_flow="row wrap"),
                ),
            ]
        )
        self.area.observe(self._on_change, names="value")
        self._count()

    @property
    def value(self) -> str:
        return str(self.area.value)

    @property
    def pending(self) -> bool:
        """True while typed text waits for its save."""
        return self._cancel is not None

    def restore(self, text: str) -> None:
        """Show ``text`` (already saved) without saving it again."""
        self._restoring = True
        try:
            self.area.value = text
        finally:
            self._restoring = False
        self.saved_text = text
        self._count()

    def _say(self, text: str, kind: str = "info") -> None:
        self.status_text = text
        self.status.value = _muted(text, kind) if text else ""

    def _count(self) -> int:
        length = len(self.value)
        over = length - self.most
        if over > 0:
            text = ngettext(
                "{count} of {most} characters: {over} too many, shorten it to save it.",
                "{count} of {most} characters: {over} too many, shorten it to save it.",
                self.most,
            ).format(count=f"{length:,}", most=f"{self.most:,}", over=f"{over:,}")
            self.counter.value = _muted(text, "problem")
        else:
            self.counter.value = (
                '<span style="color:#555555;font-size:90%">'
                + escape(
                    _("{count} of {most} characters").format(
                        count=f"{length:,}", most=f"{self.most:,}"
                    )
                )
                + "</span>"
            )
        return over

    def _on_change(self, change: dict[str, Any]) -> None:
        if self._restoring:
            return
        self._count()
        if self._clock() - self._flushed_at < self.LATE_WINDOW:
            self.flush()  # typed before the click, arrived after it
            return
        self._stop_timer()
        if self.value == self.saved_text:
            self._say_saved()
            return
        self._say(_("Not saved yet: it saves when you pause typing."))
        self._cancel = self._schedule(self.delay, self._on_timer)
        if self._cancel is None:  # no event loop to wait on: save now
            self._write()

    def _on_timer(self) -> None:
        self._cancel = None
        self._write()

    def _stop_timer(self) -> None:
        if self._cancel is not None:
            cancel, self._cancel = self._cancel, None
            cancel()

    def flush(self) -> bool:
        """Save the text now (a button's action calls this first). True when the journal
        holds the text on screen."""
        self._stop_timer()
        self._flushed_at = self._clock()
        return self._write()

    def _write(self) -> bool:
        text = self.value
        over = self._count()
        if over > 0:
            self._say(
                ngettext(
                    "Not saved: {what} is {over} character over the limit of {most}. "
                    "Your last saved version is kept.",
                    "Not saved: {what} is {over} characters over the limit of {most}. "
                    "Your last saved version is kept.",
                    over,
                ).format(what=self.what, over=f"{over:,}", most=f"{self.most:,}"),
                "problem",
            )
            return False
        if not text.strip() and not self.allow_empty:
            self._say(
                _("Not saved: the box is empty. Your last saved version, if any, is kept."),
                "problem",
            )
            return False
        if text == self.saved_text:
            self._say_saved()
            return True
        if not self._save(text):
            self._say(_("Not saved: see the message below."), "problem")
            return False
        self.saved_text = text
        self.saved_at = self._now()
        self._say_saved()
        return True

    def _say_saved(self) -> None:
        if self.saved_at is None:
            self._say(_("Saved earlier; nothing changed since."), "ok")
        else:
            self._say(
                _("Saved to your journal at {time}.").format(
                    time=self.saved_at.strftime("%H:%M:%S")
                ),
                "ok",
            )


#: A style element that lets long checkbox labels wrap instead of being cut off with an
#: ellipsis (ipywidgets draws a checkbox's label on one line of fixed height). Scoped to
#: checkboxes with the ``leadlib-wrap`` class.
WRAP_LABELS_CSS = (
    "<style>.leadlib-wrap.widget-checkbox{height:auto;min-height:var(--jp-widgets-inline-height)}"
    ".leadlib-wrap .widget-label-basic{white-space:normal;overflow:visible;"
    "text-overflow:clip;line-height:1.4;align-items:flex-start}"
    ".leadlib-wrap .widget-label-basic input{margin-top:0.2em}</style>"
)


def wrapping_checkbox(description: str) -> w.Checkbox:
    """A checkbox whose whole label is shown, wrapped over lines when long (show
    ``WRAP_LABELS_CSS`` once in the same exercise)."""
    box = w.Checkbox(
        value=False,
        description=description,
        indent=False,
        layout=w.Layout(width="auto", height="auto", max_width="100%"),
    )
    box.add_class("leadlib-wrap")
    return box
