"""The export and reset panel: the learner's participant code, an opt-in display name,
opt-in reflections, delegation board, time audit and check-in supporter, an Export button
that writes the facilitator's JSON file, and a reset section that asks for confirmation
before clearing anything and says what a choice clears.

Where the export goes: into the workshop's shared folder when LEADLIB_SHARED_EXPORTS
names one (a random file name, mode 0640: leadlib.sharedexports), else into the
learner's own LEADLIB_HOME/exports (mode 0600), which JupyterLab's file browser does not
show: the panel then says so and offers a download. With a shared folder the panel also
offers the opt-in live share (``live_share``).

The section that imports an export from another computer is ``import_panel``'s.
Imports ipywidgets and the journal's exercise ids (leadlib.journal.answers, no
database); must not import nbconvert.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..i18n import N_, _, ngettext
from ..journal.answers import (
    CHECKINS,
    DELEGATION,
    DELEGATION_RATINGS,
    EXERCISES,
    MY_BOARD,
    OTHERS_VIEW,
    RATER_ANSWERS,
    RATER_PACK,
    SELF_ASSESSMENT_ROUNDS,
    TIME_AUDIT,
)
from ..sharedexports import (
    PRIVATE_FILE_MODE,
    SHARED_FILE_MODE,
    SharedNames,
    check_shared_folder,
    shared_exports_dir,
)
from . import worksheets
from ._base import Exercise, auto_width, download_link, exports_dir, leadlib_home
from .import_panel import ImportSection
from .live_share import SHARE_INTERVAL, LiveShare, live_statement

ALL = "__all__"
#: The others' view as one choice: the pack, the raters' answers and what was shown.
OTHERS = "others"
#: (label, choice) pairs; the labels are translated where shown (``_(label)``). A choice
#: is an exercise id, or a key of RESET_GROUPS.
RESET_CHOICES = [
    (N_("All my answers"), ALL),
    (N_("Quiz (notebook 01)"), "quiz"),
    (N_("Self-assessment (notebooks 02-03)"), "self_assessment"),
    (N_("Delegation choices (notebook 04)"), DELEGATION),
    (N_("Balance exercise (notebook 05)"), "balance"),
    (N_("Vision statement (notebook 06)"), "vision"),
    (N_("Development plan (notebook 06)"), "plan"),
    (N_("My delegation board (notebook 08)"), MY_BOARD),
    (N_("How others see you: rater pack and rater answers (notebook 08)"), OTHERS),
    (N_("Time audit (notebook 08)"), TIME_AUDIT),
    (N_("Earlier self-assessment rounds (notebook 08)"), SELF_ASSESSMENT_ROUNDS),
    (N_("Check-ins: supporter and start date (notebook 08)"), CHECKINS),
    (N_("Reflections (every notebook)"), "reflection"),
    (N_("Self-check answers (every notebook)"), "self_check"),
]
#: The journal exercises each choice clears (a choice not listed clears itself).
RESET_GROUPS: dict[str, tuple[str, ...]] = {
    ALL: EXERCISES,
    OTHERS: (RATER_PACK, RATER_ANSWERS, OTHERS_VIEW),
    # The four factors rated before choosing a level belong to the choices.
    DELEGATION: (DELEGATION, DELEGATION_RATINGS),
}
#: What a choice clears beyond its label, said before the learner confirms.
RESET_NOTES = {
    ALL: N_(
        "This clears every answer in your journal: the quiz, the self-assessment and its "
        "earlier rounds, your delegation choices and factor ratings, the balance exercise, "
        "the vision statement, the development plan, your reflections and self-check "
        "answers, your own delegation board, how others see you (your rater pack and the "
        "raters' answers, which no export holds: rater files made for your old pack will "
        "no longer match), the time audit and the check-ins. Your participant code stays "
        "the same."
    ),
    OTHERS: N_(
        "This clears your rater pack, the raters' answers you imported and what the view "
        "has shown. No export holds them, so they cannot be brought back. The next pack "
        "gets a new id, so rater files made for your old pack will no longer match it: "
        "you would ask your raters to fill in the new pack."
    ),
    DELEGATION: N_("Your ratings of each scenario's four factors are cleared with them."),
    SELF_ASSESSMENT_ROUNDS: N_(
        "Your current self-assessment answers (notebooks 03 and 06) are kept; only the "
        "rounds kept for comparing then and now go."
    ),
    TIME_AUDIT: N_(
        "This clears the activities, their tags and the week; a calendar file you imported "
        "is not kept in the journal and is not touched."
    ),
}


def reset_exercises(choice: str) -> tuple[str, ...]:
    """The journal exercises a reset ``choice`` clears."""
    return RESET_GROUPS.get(choice, (choice,))


class ExportPanel(Exercise):
    """Export for the facilitator (anonymous unless the learner opts in), and reset."""

    name = N_("export and reset your answers")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.code = w.HTML()
        self.download = w.HTML()
        # Each part has its own message area, so feedback sits next to its button.
        self.reset_message = w.HTML()
        self._resetting = False
        #: True between "Clear answers..." and its confirmation or cancellation: a
        #: confirmation that arrives after that (a double click) clears nothing again.
        self.confirm_pending = False
        self.share_name = w.Checkbox(
            value=False, description=_("Add my name to the export"), indent=False
        )
        self.display_name = w.Text(
            value="",
            placeholder=_("The name the facilitator will see"),
            description=_("Name:"),
            disabled=True,
        )
        self.share_name.observe(
            lambda change: setattr(self.display_name, "disabled", not change["new"]),
            names="value",
        )
        self.share_reflections = w.Checkbox(
            value=False, description=_("Include my reflections (your own words)"), indent=False
        )
        self.share_board = w.Checkbox(
            value=False,
            description=_("Include my delegation board (it names the people you chose)"),
            indent=False,
            layout=w.Layout(width="auto"),
        )
        self.share_time_audit = w.Checkbox(
            value=False,
            description=_("Include my time audit (activity titles can name people)"),
            indent=False,
            layout=w.Layout(width="auto"),
        )
        self.share_supporter = w.Checkbox(
            value=False,
            description=_("Include my check-in supporter's name"),
            indent=False,
            layout=w.Layout(width="auto"),
        )
        self.export_button = w.Button(
            layout=auto_width(),
            description=_("Export my answers"),
            icon="download",
            tooltip=_("Write your answers to a file for the facilitator"),
        )
        self.export_button.on_click(lambda _: self.export())
        self.reset_choice = w.Dropdown(
            options=[(_(label), value) for label, value in RESET_CHOICES],
            value=ALL,
            description=_("Clear:"),
        )
        self.reset_button = w.Button(
            layout=auto_width(),
            description=_("Clear answers..."),
            icon="trash",
            tooltip=_("Clear the chosen answers (you will be asked to confirm)"),
        )
        self.confirm_button = w.Button(
            layout=auto_width(),
            description=_("Yes, clear them"),
            button_style="danger",
            tooltip=_("Delete the chosen answers from your journal for good"),
        )
        self.cancel_button = w.Button(
            layout=auto_width(), description=_("Cancel"), tooltip=_("Keep your answers")
        )
        self.confirm_text = w.HTML()
        self.confirm_box = w.VBox(
            [self.confirm_text, w.HBox([self.confirm_button, self.cancel_button])],
            layout=w.Layout(display="none"),
        )
        self.shared_folder = shared_exports_dir()
        self.live_share: LiveShare | None = None
        self.share_live = w.Checkbox(
            value=False,
            description=_("Share my answers live with the facilitator"),
            indent=False,
            layout=auto_width(),
        )
        self.share_live_text = w.HTML(value=live_statement())
        self.live_message = w.HTML()
        self._live_switching = False
        self.share_live.observe(lambda change: self._share_live_changed(change["new"]), "value")
        self.live_box = w.VBox(
            [self.share_live, self.share_live_text, self.live_message],
            layout=w.Layout(display=None if self.shared_folder is not None else "none"),
        )
        self.import_section = ImportSection(self.content, self.journal, lambda _: self._show_code())
        self.reset_button.on_click(lambda _: self.ask_to_clear())
        self.confirm_button.on_click(lambda _: self.clear())
        self.cancel_button.on_click(lambda _: self.cancel())
        self.children = [
            w.HTML("<h4 style='margin:6px 0'>" + _("Export for the facilitator") + "</h4>"),
            self.code,
            self.share_name,
            self.display_name,
            self.share_reflections,
            self.share_board,
            self.share_time_audit,
            self.share_supporter,
            self.export_button,
            self.message,
            self.download,
            self.live_box,
            self.import_section,
            w.HTML("<h4 style='margin:12px 0 6px'>" + _("Start again") + "</h4>"),
            w.HBox([self.reset_choice, self.reset_button]),
            self.confirm_box,
            self.reset_message,
        ]
        self._show_code()
        self._resume_live_share()

    def _show_code(self) -> None:
        """Say the participant code the export carries (again after an import took one)."""
        self.participant_code = ""
        try:
            self.participant_code = self.journal().participant_code
        except Exception as exc:  # shown in plain words
            self.show_problem(exc, _("opening your journal"))
        self.code.value = _(
            "<p>Your export is anonymous: it carries the random code "
            "<strong>{code}</strong>, and your name, your reflections, your delegation "
            "board, your time audit and your check-in supporter's name only if you tick "
            "the boxes below. Moving to another computer? Tick every box, export, and "
            "import the file there with <em>Bring your answers from another computer</em> "
            "below. Your raters' answers never leave this journal.</p>"
        ).format(code=escape(self.participant_code or _("(not available)")))

    def say(self, text: str, kind: str = "info") -> None:
        """Show ``text`` under the part the learner is using: export, or start again."""
        super().say(text, kind)
        reset_message = getattr(self, "reset_message", None)  # absent while constructing
        if reset_message is None:
            return
        if self._resetting:
            reset_message.value, self.message.value = self.message.value, ""
        else:
            reset_message.value = ""

    def export(self) -> Path | None:
        """Write the export and say where: into the shared folder under the learner's
        random name (mode 0640) when LEADLIB_SHARED_EXPORTS is set, else to
        LEADLIB_HOME/exports/leadlib-export-<code>.json (mode 0600)."""
        self._resetting = False
        self.download.value = ""  # never offer an earlier export under a new message
        name: str | None = None
        if self.share_name.value:
            name = self.display_name.value.strip() or None
            if name is None:
                self.say(_("Type the name to add, or untick 'Add my name'."), "problem")
                return None
        shared = self.shared_folder
        try:
            if shared is not None:
                names = SharedNames.load(leadlib_home(), check_shared_folder(shared))
                target, mode = shared / names.export, SHARED_FILE_MODE
            else:
                folder = exports_dir()
                folder.mkdir(parents=True, exist_ok=True)
                target = folder / f"leadlib-export-{self.journal().participant_code}.json"
                mode = PRIVATE_FILE_MODE
            path = self.journal().export(
                target,
                display_name=name,
                include_reflections=bool(self.share_reflections.value),
                include_board=bool(self.share_board.value),
                mode=mode,
                include_time_audit=bool(self.share_time_audit.value),
                include_supporter=bool(self.share_supporter.value),
            )
            if shared is not None:
                names.save()
        except Exception as exc:  # shown in plain words
            self.show_problem(exc, _("writing your export"))
            return None
        if name and self.share_reflections.value:
            what = _("with your name and your reflections")
        elif name:
            what = _("with your name")
        elif self.share_reflections.value:
            what = _("with your reflections")
        else:
            what = _("anonymous")
        extras = [
            label
            for ticked, label in (
                (self.share_board.value, _("your delegation board")),
                (self.share_time_audit.value, _("your time audit")),
                (self.share_supporter.value, _("your check-in supporter's name")),
            )
            if ticked
        ]
        if extras:
            what = _("{what}, and {extras}").format(what=what, extras=", ".join(extras))
        if shared is not None:
            text = _(
                "Export written ({what}) into the workshop's shared folder {folder}, under "
                "the random name {name}. The facilitator can read it there and other "
                "participants cannot: there is nothing to send. Export again after changing "
                "your answers and this file is replaced."
            ).format(what=what, folder=shared, name=Path(path).name)
        else:
            text = _(
                "Export written ({what}) to {path}. That folder is hidden in JupyterLab's "
                "file browser: use the download link below to save a copy (for example in "
                "your Downloads folder), then send that file to the facilitator."
            ).format(what=what, path=path)
        self.say(text, "ok")
        self.download.value = (
            "<p>"
            + download_link(Path(path), _("Download the export file"), "application/json")
            + " "
            + _("(your browser saves it, for example in your Downloads folder)")
            + "</p>"
        )
        return Path(path)

    # -- live share ------------------------------------------------------------------------
    def _say_live(self, text: str, kind: str = "info") -> None:
        from ._base import html_message

        self.live_message.value = html_message(text, kind)

    def _set_share_live(self, value: bool) -> None:
        """Set the box without acting on it (after a refused start or stop)."""
        self._live_switching = True
        try:
            self.share_live.value = value
        finally:
            self._live_switching = False

    def _share_live_changed(self, on: bool) -> None:
        if self._live_switching:
            return
        if on:
            self.start_live_share()
        else:
            self.stop_live_share()

    def start_live_share(self) -> bool:
        """Begin the live share (the learner ticked the box); False, said, if it cannot."""
        folder = self.shared_folder
        try:
            if folder is None:
                raise ValueError(_("no shared folder is set for this workshop"))
            check_shared_folder(folder)
            if self.live_share is None:
                self.live_share = LiveShare(
                    self.journal, folder, interval=SHARE_INTERVAL, on_status=self._say_live
                )
            self.live_share.start()
        except Exception as exc:  # shown in plain words
            self._set_share_live(False)
            self._say_live(
                _("Your answers could not be shared live: {why}").format(why=exc), "problem"
            )
            return False
        self._set_share_live(True)
        return True

    def stop_live_share(self) -> bool:
        """Stop sharing and remove the file (the learner unticked); False, said, if the
        file could not be removed."""
        share = self.live_share
        if share is None:
            self._say_live(_("You were not sharing live; nothing to remove."))
            return True
        try:
            text = share.stop()
        except Exception as exc:  # shown in plain words
            self._say_live(str(exc), "problem")
            return False
        self._say_live(text, "ok")
        return True

    def _resume_live_share(self) -> None:
        """Resume a live share the learner started in an earlier session and never
        stopped (remembered in LEADLIB_HOME/shared-exports.json)."""
        folder = self.shared_folder
        if folder is None or not folder.is_dir():
            return
        try:
            if SharedNames.load(leadlib_home(), folder).live is None:
                return
        except Exception:  # nothing to resume
            return
        if self.start_live_share():
            self._say_live(
                _(
                    "You are sharing your answers live (you ticked this in an earlier "
                    "session). Untick the box to stop and remove the file."
                ),
                "ok",
            )

    def close(self) -> None:
        """Stop the live share's timer (the file stays shared until unticked)."""
        if self.live_share is not None:
            self.live_share.pause()
        super().close()

    def _label(self) -> str:
        return _(dict((v, k) for k, v in RESET_CHOICES)[self.reset_choice.value])

    def ask_to_clear(self) -> None:
        """First step of a reset: say what will go, and show Confirm and Cancel."""
        self._resetting = True
        self.confirm_pending = True
        label = self._label()
        note = RESET_NOTES.get(self.reset_choice.value)
        self.confirm_text.value = _(
            "<p role='alert'><strong>Clear {what}?</strong> This cannot "
            "be undone. Export first if you may want them back.</p>"
        ).format(what=escape(label.lower())) + (f"<p>{escape(_(note))}</p>" if note else "")
        self.confirm_box.layout.display = None
        self.say("")

    def cancel(self) -> None:
        self._resetting = True
        self.confirm_pending = False
        self.confirm_box.layout.display = "none"
        self.say(_("Nothing was cleared."), "info")

    def _answer_count(self, exercises: list[str]) -> int:
        """How many answers the learner sees in ``exercises`` (the latest per question;
        the journal's earlier versions are not answers of their own)."""
        journal = self.journal()
        return sum(len(journal.answers(exercise)) for exercise in exercises)

    def clear(self) -> int | None:
        """Second step: clear the chosen exercise (or everything) and say how many answers
        went. Does nothing unless the learner was just asked (a second click of a double
        click arrives after the first has cleared)."""
        if not self.confirm_pending:
            return None
        self.confirm_pending = False
        self._resetting = True
        choice = self.reset_choice.value
        self.confirm_box.layout.display = "none"
        exercises = list(reset_exercises(choice))
        try:
            removed = self._answer_count(exercises)
            if choice == ALL:
                self.journal().clear(None)
            else:
                for exercise in exercises:
                    self.journal().clear(exercise)
        except Exception as exc:  # shown in plain words
            self.show_problem(exc, _("clearing your answers"))
            return None
        self.say(
            ngettext(
                "Cleared {what}: {count} saved answer removed. Run the exercise cells again "
                "to start afresh.",
                "Cleared {what}: {count} saved answers removed. Run the exercise cells again "
                "to start afresh.",
                removed,
            ).format(what=self._label().lower(), count=removed),
            "ok",
        )
        return removed

    def worksheet_html(self) -> str:
        return worksheets.export_answers(self.content)
