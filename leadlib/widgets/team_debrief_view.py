"""Notebook 07's team debrief: choose a folder of exports and see the team picture, made
by the same code as ``leadlib team-report`` (``leadlib.team``), privacy rules included.
With "Live" ticked the folder is read again every few seconds (``leadlib.team.live``, a
timer thread in the kernel that stops when the view is closed, when the kernel exits,
or after four hours); the picture changes only as the release ledger allows.

Imports ipywidgets only outside handout mode; must not import nbconvert or sqlite3.
"""

from __future__ import annotations

import threading
import weakref
from html import escape
from pathlib import Path
from typing import Any

from ..content import load_content
from ..i18n import N_, _, ngettext
from ..models import Content
from ..sharedexports import shared_exports_dir
from ..team.privacy import DEFAULT_MIN_GROUP, SMALLEST_MIN_GROUP
from ._static import StaticWorksheet, handout_mode

DEMO_SIZE = 12
DEMO_SEED = 7
DEMO_FOLDER = "demo-team"
MAX_MIN_GROUP = 50
#: Seconds between two looks at the folder while "Live" is ticked.
LIVE_INTERVAL = 5.0


def demo_folder() -> Path:
    """Where the demo team lives: LEADLIB_HOME/demo-team."""
    from ..journal import leadlib_home

    return leadlib_home() / DEMO_FOLDER


def ensure_demo_team(folder: Path) -> bool:
    """Write the demo team into ``folder`` unless it already holds exports; True if written."""
    from ..team import write_demo_exports

    if folder.is_dir() and any(folder.glob("*.json")):
        return False
    write_demo_exports(DEMO_SIZE, folder, seed=DEMO_SEED)
    return True


def handout_html() -> str:
    """The static form: how a facilitator runs the debrief (no widget, no script)."""
    steps = [
        escape(
            _(
                "Each participant exports their answers from the course (the export "
                "exercise) and sends the file to the facilitator, by mail or into a shared "
                "folder. Names and reflections stay out of the file unless the participant "
                "ticks them in."
            )
        ),
        _(
            "The facilitator puts every file into one folder and runs {command}, or opens "
            "this notebook in JupyterLab, types the folder and clicks {button}."
        ).format(
            command="<code>leadlib team-report FOLDER --out team-report.html</code>",
            button="<em>" + escape(_("Build the team picture")) + "</em>",
        ),
        escape(
            _(
                "Any figure based on fewer than {k} people is hidden (the minimum group can "
                "be raised, never set below {smallest}), and so is any group where nearly "
                "everyone answered alike; no names and no individual answers are shown."
            ).format(k=DEFAULT_MIN_GROUP, smallest=SMALLEST_MIN_GROUP)
        ),
        escape(
            _(
                "The report remembers what it showed: rebuilt after only a few more exports, "
                "it shows the earlier picture again, so that nobody's answers can be read "
                "off by comparing two reports."
            )
        ),
        escape(
            _(
                "On a workshop hub the exports land in a shared folder by themselves, and "
                "participants may tick \u201cShare my answers live\u201d. With "
                "\u201cLive\u201d ticked, this notebook reads that folder every few "
                "seconds; the picture still changes only once at least {k} new answers "
                "have arrived, and until then it says only how many are waiting."
            ).format(k=DEFAULT_MIN_GROUP)
        ),
        escape(
            _(
                "The report opens with no network and prints cleanly. Start the debrief with "
                "its summary and suggested questions: they come from where the team "
                "disagrees most."
            )
        ),
    ]
    rehearse = _(
        "To rehearse without a team: {command} writes twelve imaginary participants' exports."
    ).format(command="<code>leadlib demo-exports 12 demo-team</code>")
    return (
        '<div class="leadlib-worksheet"><h3>'
        + escape(_("Team debrief: how the facilitator builds the team picture"))
        + "</h3><ol>"
        + "".join(f"<li>{step}</li>" for step in steps)
        + f"</ol><p>{rehearse}</p></div>"
    )


def team_debrief(
    folder: str | Path | None = None,
    *,
    min_group: int = DEFAULT_MIN_GROUP,
    content: Content | None = None,
) -> Any:
    """The team-debrief view for notebook 07 (a static explanation in handout mode).

    ``folder``: the folder of exports; by default the workshop's shared folder
    (LEADLIB_SHARED_EXPORTS, read live), else a demo team of twelve, written into
    LEADLIB_HOME/demo-team the first time the picture is built.
    """
    if handout_mode():
        return StaticWorksheet(_("team debrief"), handout_html())
    return TeamDebrief(folder, min_group=min_group, content=content)


def _make_view_class() -> type:
    import ipywidgets as w

    from ._base import Exercise

    class _TeamDebrief(Exercise):
        """The folder box, the minimum-group setting, the button and the report."""

        name = N_("team debrief for facilitators")

        def __init__(
            self,
            folder: str | Path | None = None,
            *,
            min_group: int = DEFAULT_MIN_GROUP,
            content: Content | None = None,
        ) -> None:
            super().__init__(content=content or load_content())
            shared = shared_exports_dir() if folder is None else None
            self.uses_demo = folder is None and shared is None
            if folder is not None:
                default = str(folder)
            else:
                default = str(shared if shared is not None else demo_folder())
            self.folder = w.Text(
                value=default,
                description=_("Folder"),
                placeholder=_("the folder that holds the participants' .json exports"),
                # "auto" fills the notebook's width; "100%" plus the label overflowed it.
                layout=w.Layout(width="auto"),
                style={"description_width": "7em"},
            )
            self.min_group = w.BoundedIntText(
                value=max(min_group, SMALLEST_MIN_GROUP),
                min=SMALLEST_MIN_GROUP,
                max=MAX_MIN_GROUP,
                description=_("Min. group"),
                tooltip=_(
                    "Any figure based on fewer people than this is hidden (at least {smallest})."
                ).format(smallest=SMALLEST_MIN_GROUP),
                style={"description_width": "7em"},
                layout=w.Layout(width="14em"),
            )
            self.build = w.Button(
                description=_("Build the team picture"),
                button_style="primary",
                icon="users",
                tooltip=_("Read every export in the folder and show the team report"),
                layout=w.Layout(width="auto"),
            )
            self.build.on_click(lambda _button: self.refresh())
            self.live = w.Checkbox(
                value=False,
                description=_("Live: read the folder every {s} seconds").format(
                    s=int(LIVE_INTERVAL)
                ),
                indent=False,
                layout=w.Layout(width="auto"),
            )
            self.live.observe(lambda change: self._live_changed(change["new"]), names="value")
            self.folder.observe(lambda _change: self._restart_live(), names="value")
            self.min_group.observe(lambda _change: self._restart_live(), names="value")
            self.report = w.HTML(value="")
            self.summary: Any = None
            #: One build at a time: the timer thread and a click never read the folder
            #: (and write the release ledger) at once.
            self._lock = threading.Lock()
            self._ticker: Any = None
            self._picture: Any = None
            if shared is not None:
                guide = _(
                    "The folder is the workshop's shared folder: the participants' exports "
                    "arrive there by themselves, and with \u201cLive\u201d ticked the "
                    "picture follows them. It changes only once at least as many new "
                    "answers as the minimum group have arrived."
                )
            else:
                guide = _(
                    "Type the folder that holds the participants' export files "
                    "(leave the demo team to rehearse), then build the picture. "
                    "Figures from fewer people than the minimum group are hidden."
                )
            intro = w.HTML(
                value="<p style='margin:4px 0;line-height:1.4'>" + escape(guide) + "</p>"
            )
            self.children = [
                intro,
                self.folder,
                w.HBox([self.min_group, self.build, self.live]),
                self.message,
                self.report,
            ]
            self.say(
                _("Click \u201c{button}\u201d to read the folder.").format(
                    button=_("Build the team picture")
                )
            )
            if shared is not None:
                self.live.value = True  # the workshop's folder: follow it as it fills

        # -- live ----------------------------------------------------------------------
        @property
        def live_running(self) -> bool:
            return self._ticker is not None and self._ticker.running

        def _live_changed(self, on: bool) -> None:
            if on:
                self.start_live()
            else:
                self.stop_live()
                self.say(
                    _("Live updates stopped. Tick \u201cLive\u201d to follow the folder again.")
                )

        def _restart_live(self) -> None:
            # Another folder or minimum group: the next look starts afresh (not at once,
            # so that a folder being typed is not read letter by letter).
            self._picture = None

        def start_live(self) -> None:
            """Show the picture now and start the timer thread. One live view per
            kernel: a view left live by an earlier run of the cell stops."""
            from ._ticker import Ticker

            global _LIVE
            earlier = _LIVE() if _LIVE is not None else None
            if earlier is not None and earlier is not self and earlier.live.value:
                earlier.live.value = False
            _LIVE = weakref.ref(self)
            self.live_tick()
            if self.live_running or not self.live.value:  # running, or refused at once
                return
            self._ticker = Ticker(
                self.live_tick,
                LIVE_INTERVAL,
                on_error=lambda exc: self.show_problem(exc, _("reading the exports")),
                on_expire=self._live_expired,
                name="leadlib-team-live",
            )
            self._ticker.start()

        def stop_live(self) -> None:
            """Stop the timer thread and wait for it."""
            ticker, self._ticker = self._ticker, None
            if ticker is not None:
                ticker.stop()

        def _live_expired(self) -> None:
            self._ticker = None
            self.live.value = False
            self.say(
                _(
                    "Live updates stopped after four hours. Tick \u201cLive\u201d to "
                    "follow the folder again."
                )
            )

        def live_tick(self) -> None:
            """One look at the folder: update the picture when the privacy rules allow,
            and the status line when anything changed."""
            from ..team.live import LivePicture, live_status

            with self._lock:
                text = self.folder.value.strip()
                if not text:
                    self.say(_("Type the folder that holds the export files first."), "problem")
                    return
                folder = Path(text).expanduser()
                picture = self._picture
                if picture is None and self.uses_demo and folder == demo_folder():
                    ensure_demo_team(folder)
                if picture is None or picture.folder != folder:
                    picture = LivePicture(folder, int(self.min_group.value), content=self.content)
                    self._picture = picture
                state = picture.poll()
                if state is None:
                    return
                if state.changed:
                    self._show(state.summary)
                kind = "problem" if state.problem else "ok"
                status = live_status(state, picture.min_group)
            if state.refused:  # no point looking again every few seconds
                self._ticker_stop_from_tick()
            self.say(status, kind)

        def _ticker_stop_from_tick(self) -> None:
            ticker, self._ticker = self._ticker, None
            if ticker is not None:
                ticker.stop()  # from the timer thread itself: it ends after this tick
            self.live.value = False  # says "Live updates stopped"; replaced just after

        def _show(self, summary: Any) -> None:
            from dataclasses import replace

            from ..team import render_body
            from ..team.report import CSS

            self.summary = summary
            if summary is None:
                self.report.value = ""
                return
            # The status line says what waits; the picture itself carries no count that
            # goes stale between two looks.
            body = render_body(replace(summary, held_back=None), self.content)
            self.report.value = f"<style>{CSS}</style>{body}"

        def close(self) -> None:
            """Stop the live updates, then close the view."""
            self.stop_live()
            super().close()

        def refresh(self) -> None:
            """Read the folder and show the report (or say what went wrong)."""
            with self._lock:
                self._refresh()

        def _refresh(self) -> None:
            from ..team import aggregate, render_body
            from ..team.report import CSS

            text = self.folder.value.strip()
            if not text:
                self.say(_("Type the folder that holds the export files first."), "problem")
                return
            folder = Path(text).expanduser()
            try:
                if self.uses_demo and folder == demo_folder() and ensure_demo_team(folder):
                    self.say(_("Wrote a demo team of twelve imaginary participants."))
                self.summary = aggregate(folder, int(self.min_group.value), content=self.content)
                body = render_body(self.summary, self.content)
            except Exception as exc:  # shown to the facilitator, never a traceback
                # Never leave an earlier team's picture on screen under this error.
                self.summary = None
                self.report.value = ""
                self.show_problem(exc, _("reading the exports"))
                return
            summary = self.summary
            self.report.value = f"<style>{CSS}</style>{body}"
            if summary.participants == 0:
                self.say(
                    ngettext(
                        "No usable export in {folder} ({n} .json file found). See the list "
                        "of files below the report.",
                        "No usable export in {folder} ({n} .json files found). See the list "
                        "of files below the report.",
                        summary.files_found,
                    ).format(folder=folder, n=summary.files_found),
                    "problem",
                )
                return
            self.say(_status(summary), "problem" if summary.skipped else "ok")

        def worksheet_html(self) -> str:
            return handout_html()

    return _TeamDebrief


def _status(summary: Any) -> str:
    """One line under the button: who counted, what was skipped, and whether the
    picture is an earlier release shown again (the release ledger, docs/privacy.md)."""
    people = ngettext("{n} participant", "{n} participants", summary.participants).format(
        n=summary.participants
    )
    files = ngettext("{n} file", "{n} files", summary.files_found).format(n=summary.files_found)
    if summary.skipped:
        text = _("{people} counted from {files}; {skipped} skipped (see Files at the end).")
    else:
        text = _("{people} counted from {files}.")
    text = text.format(people=people, files=files, skipped=len(summary.skipped))
    held = summary.held_back
    if held is not None and held.changed:
        text += " " + ngettext(
            "The earlier picture is shown again until {m} more export arrives.",
            "The earlier picture is shown again until {m} more exports arrive.",
            held.needed,
        ).format(m=held.needed)
    return text


_VIEW: type | None = None
#: The view whose "Live" box is ticked in this kernel, if any.
_LIVE: weakref.ref[Any] | None = None


def TeamDebrief(  # noqa: N802 - reads like the class it returns
    folder: str | Path | None = None,
    *,
    min_group: int = DEFAULT_MIN_GROUP,
    content: Content | None = None,
) -> Any:
    """Make the widget view (the class is created on first use, so that importing this
    module never imports ipywidgets)."""
    global _VIEW
    if _VIEW is None:
        _VIEW = _make_view_class()
    return _VIEW(folder, min_group=min_group, content=content)


__all__ = ["TeamDebrief", "demo_folder", "ensure_demo_team", "team_debrief"]
