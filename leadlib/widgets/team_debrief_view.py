"""Notebook 07's team debrief: choose a folder of exports and see the team picture, made
by the same code as ``leadlib team-report`` (``leadlib.team``), privacy rules included.

Imports ipywidgets only outside handout mode; must not import nbconvert or sqlite3.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from ..content import load_content
from ..i18n import N_, _, ngettext
from ..models import Content
from ..team.privacy import DEFAULT_MIN_GROUP, SMALLEST_MIN_GROUP
from ._static import StaticWorksheet, handout_mode

DEMO_SIZE = 12
DEMO_SEED = 7
DEMO_FOLDER = "demo-team"
MAX_MIN_GROUP = 50


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

    ``folder``: the folder of exports; by default a demo team of twelve, written into
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
            self.uses_demo = folder is None
            default = str(demo_folder()) if folder is None else str(folder)
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
            self.report = w.HTML(value="")
            self.summary: Any = None
            intro = w.HTML(
                value=(
                    "<p style='margin:4px 0;line-height:1.4'>"
                    + escape(
                        _(
                            "Type the folder that holds the participants' export files "
                            "(leave the demo team to rehearse), then build the picture. "
                            "Figures from fewer people than the minimum group are hidden."
                        )
                    )
                    + "</p>"
                )
            )
            self.children = [
                intro,
                self.folder,
                w.HBox([self.min_group, self.build]),
                self.message,
                self.report,
            ]
            self.say(
                _("Click \u201c{button}\u201d to read the folder.").format(
                    button=_("Build the team picture")
                )
            )

        def refresh(self) -> None:
            """Read the folder and show the report (or say what went wrong)."""
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
