"""Coming back (notebook 08): the rounds of the self-assessment, then and now in words
and in one chart, "start a new round", and the plan's check-ins as a calendar file.

Starting a new round keeps the current self-assessment answers as the next dated
round (``self_assessment_rounds``) and clears the current answers: the questionnaire
of notebook 03 is then answered afresh, and the profile in 03 and 06 shows the new
answers as they come (until then it has none); earlier rounds stay here.

The check-ins (30, 60 and 90 days after the plan's date, or a date the learner picks)
are written to LEADLIB_HOME/exports/leadlib-check-ins.ics with a download link; the
supporter's name and the start date are saved under ``checkins``.

A thin view over ``leadlib.progress`` and ``leadlib.checkins``; imports ipywidgets,
must not import nbconvert.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..checkins import CHECKIN_DAYS, checkin_dates, checkins_ics
from ..errors import AnswerError
from ..i18n import N_, _
from ..progress import Round, compare_rounds, next_round, progress_message, rounds_from
from . import worksheets
from ._base import ChartView, Exercise, auto_width, download_link, exports_dir

ROUNDS = "self_assessment_rounds"
SELF_ASSESSMENT = "self_assessment"
CHECKINS = "checkins"
PLAN = "plan"
ICS_NAME = "leadlib-check-ins.ics"
#: The rounds table's cells: left-aligned, with room between the columns.
_CELL = "text-align:left;padding:2px 16px 2px 0"


class ProgressView(Exercise):
    """Rounds, the then-and-now chart, a new round, and the check-ins file."""

    name = N_("progress over time")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rounds_table = w.HTML()
        self._updating_choice = False
        #: Which earlier round "then" is (default: the first); shown from three rounds on.
        self.then_choice = w.Dropdown(
            description=_("Compare now with:"),
            style={"description_width": "initial"},
            layout=w.Layout(width="max-content", display="none"),
        )
        self.change_text = w.HTML()
        self.chart = ChartView(_("then-and-now chart"))
        self.new_round_button = w.Button(
            description=_("Start a new round"), layout=auto_width(), icon="refresh"
        )
        self.new_round_button.on_click(lambda _b: self.ask_new_round())
        self.confirm_button = w.Button(
            description=_("Keep my answers as a round and start afresh"),
            button_style="warning",
            layout=auto_width(),
        )
        self.confirm_button.on_click(lambda _b: self.start_new_round())
        self.cancel_button = w.Button(description=_("Cancel"), layout=auto_width())
        self.cancel_button.on_click(lambda _b: self._show_confirm(False))
        self.confirm_text = w.HTML()
        self.confirm_box = w.VBox(
            [self.confirm_text, w.HBox([self.confirm_button, self.cancel_button])],
            layout=w.Layout(display="none"),
        )
        saved = self.load(CHECKINS)
        self.supporter = w.Text(
            value=saved.get("supporter", "") if isinstance(saved.get("supporter"), str) else "",
            description=_("Your supporter:"),
            placeholder=_("a colleague, a mentor or your own manager"),
            style={"description_width": "initial"},
            layout=w.Layout(width="480px"),
        )
        start = self._plan_date()
        with contextlib.suppress(KeyError, ValueError, TypeError):
            start = dt.date.fromisoformat(saved["start"])
        self.start = w.DatePicker(
            value=start,
            description=_("Count the days from:"),
            style={"description_width": "initial"},
        )
        self.ics_button = w.Button(
            description=_("Make the check-ins calendar file"), layout=auto_width(), icon="calendar"
        )
        self.ics_button.on_click(lambda _b: self.write_checkins())
        self.ics_output = w.HTML()
        self.children = [
            w.HTML("<h4>" + escape(_("Your rounds")) + "</h4>"),
            self.rounds_table,
            self.then_choice,
            self.change_text,
            self.chart.box,
            self.new_round_button,
            self.confirm_box,
            w.HTML("<h4>" + escape(_("Check-ins on your plan")) + "</h4>"),
            w.HTML(
                "<p>"
                + escape(
                    _(
                        "Three conversations, {days} days after your plan, with someone "
                        "who supports you. The file goes into any calendar program."
                    ).format(days=", ".join(str(d) for d in CHECKIN_DAYS))
                )
                + "</p>"
            ),
            self.supporter,
            self.start,
            self.ics_button,
            self.ics_output,
            self.message,
        ]
        self._refresh()
        self.then_choice.observe(self._on_then, names="value")

    # -- journal reading ----------------------------------------------------------------
    def _history_date(self, exercise: str) -> dt.date | None:
        """The day of the latest saved answer of ``exercise`` (None without history)."""
        history = getattr(self.journal(), "history", None)
        if history is None:
            return None
        try:
            entries = history(exercise)
        except Exception:  # a journal problem: the date falls back to today
            return None
        if not entries:
            return None
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(str(entries[-1].recorded_at)[:10])
        return None

    def _plan_date(self) -> dt.date:
        """The day the plan was last saved, or today."""
        return self._history_date(PLAN) or dt.date.today()

    def rounds(self) -> list[Round]:
        current_date = self._history_date(SELF_ASSESSMENT) or dt.date.today()
        return rounds_from(
            self.content, self.load(ROUNDS), self.load(SELF_ASSESSMENT), current_date
        )

    # -- rounds -------------------------------------------------------------------------
    def _refresh(self) -> None:
        rounds = self.rounds()
        statements = len(self.content.statements)
        if rounds:
            cell = f"<td style='{_CELL}'>"
            rows = "".join(
                "<tr>"
                + cell
                + escape(r.label())
                + "</td>"
                + cell
                + escape(
                    _("{answered} of {total} statements").format(
                        answered=len(r.answers), total=statements
                    )
                )
                + "</td></tr>"
                for r in rounds
            )
            self.rounds_table.value = (
                f"<table><thead><tr><th scope='col' style='{_CELL}'>"
                + escape(_("Round"))
                + f"</th><th scope='col' style='{_CELL}'>"
                + escape(_("Answered"))
                + f"</th></tr></thead><tbody>{rows}</tbody></table>"
            )
        else:
            self.rounds_table.value = (
                "<p><em>"
                + escape(_("No self-assessment answers yet: answer it in notebook 03 first."))
                + "</em></p>"
            )
        earlier = rounds[:-1]
        self._updating_choice = True
        try:
            chosen = self.then_choice.value
            self.then_choice.options = [(r.label(), r.number) for r in earlier]
            numbers = [r.number for r in earlier]
            self.then_choice.value = (
                chosen if chosen in numbers else numbers[0] if numbers else None
            )
        finally:
            self._updating_choice = False
        self.then_choice.layout.display = None if len(earlier) >= 2 else "none"
        then = next((r for r in earlier if r.number == self.then_choice.value), None)
        compared = [then, rounds[-1]] if then is not None else rounds[-1:]
        if then is not None:
            changes = compare_rounds(self.content, then, rounds[-1])
            self.change_text_plain = progress_message(then, rounds[-1], changes)
        elif rounds and not rounds[-1].current:
            self.change_text_plain = _(
                "Round {number} is kept. Answer the self-assessment in notebook 03 again, "
                "then come back here to see then and now."
            ).format(number=rounds[-1].number)
        elif rounds:
            self.change_text_plain = _(
                "One round so far. Come back after 90 days, start a new round here and "
                "answer the self-assessment again to see what changed."
            )
        else:
            self.change_text_plain = ""
        self.change_text.value = (
            f"<p role='status'>{escape(self.change_text_plain)}</p>"
            if self.change_text_plain
            else ""
        )
        if rounds:
            from ..plots import then_and_now

            key = tuple((r.number, r.taken_on, tuple(sorted(r.answers.items()))) for r in compared)
            self.chart.show(key, lambda: then_and_now(self.content, compared), self)
        else:
            self.chart.hide()
        current = bool(rounds and rounds[-1].current)
        self.new_round_button.disabled = not current

    def _on_then(self, change: dict[str, Any]) -> None:
        if not self._updating_choice:
            self._refresh()

    def _show_confirm(self, show: bool) -> None:
        self.confirm_box.layout.display = None if show else "none"

    def ask_new_round(self) -> None:
        """Say what a new round does and ask to confirm."""
        rounds = self.rounds()
        if not rounds or not rounds[-1].current:
            self.say(
                _("There are no current answers to keep: answer the self-assessment first."),
                "problem",
            )
            return
        kept = sum(1 for r in rounds if not r.current)
        self.confirm_text.value = (
            "<p>"
            + escape(
                _(
                    "Your current answers (from {day}) will be kept here as round {number}. "
                    "The self-assessment in notebook 03 then starts empty, so that you answer "
                    "afresh; the profile in notebooks 03 and 06 shows your new answers as you "
                    "give them, and nothing until then."
                ).format(day=rounds[-1].taken_on.isoformat(), number=kept + 1)
            )
            + "</p>"
        )
        self._show_confirm(True)

    def start_new_round(self) -> bool:
        """Keep the current answers as the next round, then clear them."""
        self._show_confirm(False)
        rounds = self.rounds()
        taken_on = rounds[-1].taken_on if rounds and rounds[-1].current else dt.date.today()
        try:
            item, value = next_round(
                self.content, self.load(ROUNDS), self.load(SELF_ASSESSMENT), taken_on
            )
        except AnswerError as exc:
            self.say(str(exc), "problem")
            return False
        if not self.save(ROUNDS, item, value):
            return False
        try:
            self.journal().clear(SELF_ASSESSMENT)
        except Exception as exc:  # the round is kept; say what did not happen
            self.show_problem(exc, _("clearing the current answers"))
            return False
        self.say("")  # the rounds' text says what was kept and what comes next
        self._refresh()
        return True

    # -- check-ins ----------------------------------------------------------------------
    def write_checkins(self) -> Path | None:
        """Write the check-ins .ics into LEADLIB_HOME/exports; show its path and a link."""
        start = self.start.value or dt.date.today()
        if not self.save(CHECKINS, "supporter", self.supporter.value):
            return None
        self.save(CHECKINS, "start", start.isoformat())
        focus_ids = self.load(PLAN).get("focus", [])
        names = {t.id: t.name for t in self.content.traits}
        focus = [names[f] for f in focus_ids if isinstance(f, str) and f in names]
        try:
            data = checkins_ics(
                start, self.supporter.value, key=self.journal().participant_code, focus=focus
            )
            folder = exports_dir()
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / ICS_NAME
            with tempfile.NamedTemporaryFile(
                dir=folder, prefix=".leadlib-", suffix=".ics", delete=False
            ) as tmp:
                tmp.write(data)
            os.replace(tmp.name, path)
        except AnswerError as exc:
            self.say(str(exc), "problem")
            return None
        except OSError as exc:
            self.show_problem(exc, _("writing the check-ins file"))
            return None
        days = ", ".join(d.isoformat() for d in checkin_dates(start))
        self.say(
            _(
                "The check-ins ({days}) were written to {path}. Open it to add them to your "
                "calendar."
            ).format(days=days, path=path),
            "ok",
        )
        self.ics_output.value = (
            "<p>"
            + download_link(path, _("Download the check-ins (.ics)"), "text/calendar")
            + "</p>"
        )
        return path

    def worksheet_html(self) -> str:
        return worksheets.progress(self.content)
