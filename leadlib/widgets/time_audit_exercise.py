"""The time audit (notebook 08): last week's activities, typed or read from a calendar
file (.ics), each tagged leadership, management, both or neither; the measured split
against the situation's band (the same band as the balance exercise of notebook 05)
and against where the learner wants to be (this exercise's own slider, saved as
``time_audit``/``wanted``), with notebook 05's estimate (its slider: a guess of the
split) beside them, in words and in one chart.

Only titles, hours, tags and the wanted share are saved (``time_audit``); the calendar
file is read in memory and dropped, the upload control emptied. The situation is the one of notebook
05 (saved under ``balance``, so both exercises show the same band).

A thin view over ``leadlib.time_audit`` and ``leadlib.calendar_file``; imports
ipywidgets, must not import nbconvert.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets as w

from ..balance import check_share, share_text
from ..calendar_file import CalendarFileError, read_calendar_bytes, read_calendar_path, week_monday
from ..errors import AnswerError
from ..i18n import N_, _
from ..time_audit import Activity, Tag, activity, hours_text, parse_activities, read_audit
from . import worksheets
from ._base import ChartView, Exercise, auto_width
from ._controls import answer_group

EXERCISE = "time_audit"
BALANCE = "balance"
#: Where the wanted slider starts before the learner sets it.
WANTED_START = 50


def last_monday(today: dt.date | None = None) -> dt.date:
    """The Monday of last week: the week a learner audits by default."""
    return week_monday(today or dt.date.today()) - dt.timedelta(days=7)


class TimeAuditExercise(Exercise):
    """Activities with tag buttons, a calendar import, the measured split and its chart."""

    name = N_("time audit")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        saved = self.load(EXERCISE)
        balance = self.load(BALANCE)
        self.activities: list[Activity] = []
        with contextlib.suppress(AnswerError):
            self.activities = parse_activities(saved.get("activities", []))
        week = last_monday()
        with contextlib.suppress(ValueError, TypeError):
            week = dt.date.fromisoformat(saved["week"]) if "week" in saved else week
        situations = self.content.situations
        self.situation_choice = w.Dropdown(
            options=[(s.name, s.id) for s in situations],
            value=(
                balance["situation"]
                if balance.get("situation") in {s.id for s in situations}
                else situations[0].id
            ),
            description=_("Your situation:"),
            style={"description_width": "initial"},
            layout=w.Layout(width="max-content"),
        )
        #: Notebook 05's slider: how the learner guessed they split a week.
        self.estimate: float | None = None
        with contextlib.suppress(AnswerError):
            if "share" in balance:
                self.estimate = check_share(balance["share"])
        #: Where the learner wants to be: this exercise's own slider (None until set).
        self.wanted: float | None = None
        with contextlib.suppress(AnswerError):
            if "wanted" in saved:
                self.wanted = check_share(saved["wanted"])
        self.wanted_slider = w.IntSlider(
            value=int(round(self.wanted)) if self.wanted is not None else WANTED_START,
            min=0,
            max=100,
            step=5,
            description=_("Where I want to be (% leadership):"),
            continuous_update=False,
            style={"description_width": "initial"},
            layout=w.Layout(width="600px"),
        )
        self.wanted_slider.observe(self._on_wanted, names="value")
        self.keep_wanted = w.Button(
            description=_("I want to be at {share}% leadership").format(
                share=share_text(WANTED_START)
            ),
            tooltip=_("Use the slider's starting position as where you want to be"),
            layout=auto_width(),
        )
        self.keep_wanted.on_click(lambda _b: self.set_wanted(self.wanted_slider.value))
        self.week = w.DatePicker(
            value=week,
            description=_("Week of (any day; the week runs Monday to Sunday):"),
            style={"description_width": "initial"},
            # wide enough for the label and the date (the default width cut the date off)
            layout=w.Layout(width="max-content"),
        )
        self.upload = w.FileUpload(
            accept=".ics,text/calendar",
            multiple=False,
            description=_("Choose a calendar file (.ics)"),
            layout=auto_width(),
        )
        self.path = w.Text(
            placeholder=_("or type the path of a .ics file on this computer"),
            layout=w.Layout(width="420px"),
        )
        self.me = w.Text(
            placeholder=_("your e-mail address (optional: to leave out events you declined)"),
            layout=w.Layout(width="420px"),
        )
        # A chosen file is read at once; the button reads the file whose path is typed.
        self.upload.observe(self._on_upload, names="value")
        self.read_button = w.Button(
            description=_("Read the typed file"),
            tooltip=_("Read the week from the .ics file whose path you typed on the left"),
            layout=auto_width(),
        )
        self.read_button.on_click(lambda _b: self.read_calendar())
        self.new_title = w.Text(
            placeholder=_("activity, e.g. 'one-to-ones'"), layout=w.Layout(width="320px")
        )
        self.new_hours = w.BoundedFloatText(
            value=1.0,
            min=0.25,
            max=168,
            step=0.25,
            description=_("hours:"),
            layout=w.Layout(width="180px"),
        )
        self.add_button = w.Button(description=_("Add activity"), layout=auto_width())
        self.add_button.on_click(lambda _b: self.add(self.new_title.value, self.new_hours.value))
        self.calendar_note = w.HTML()
        self.rows = w.VBox()
        self.reading = w.HTML()
        self.chart = ChartView(_("time audit chart"))
        self.children = [
            w.HTML(
                _(
                    "<p>List what filled last week, or read it from your calendar, then "
                    "tag each activity. Only titles and hours are used: the calendar file "
                    "is read where the course runs (your computer, or your organisation's "
                    "course server), sent nowhere else and not kept; only your tagged "
                    "list is saved.</p>"
                )
            ),
            self.situation_choice,
            self.week,
            self.me,
            w.HBox([self.upload, self.path, self.read_button]),
            self.calendar_note,
            w.HBox([self.new_title, self.new_hours, self.add_button]),
            self.rows,
            w.HTML(
                _(
                    "<p>Where do you want to be? Set the share of your leadership and "
                    "management hours you want to give to leadership.</p>"
                )
            ),
            w.HBox([self.wanted_slider, self.keep_wanted]),
            self.reading,
            self.chart.box,
            self.message,
        ]
        self.situation_choice.observe(self._on_situation, names="value")
        self._render_rows()
        self._refresh()

    # -- input --------------------------------------------------------------------------
    def add(self, title: object, hours: object) -> bool:
        """Add a typed activity (untagged); a message says what is wrong otherwise."""
        try:
            item = activity(title, hours)
        except AnswerError as exc:
            self.say(_("That activity was not added: {problem}").format(problem=exc), "problem")
            return False
        if not self._store([*self.activities, item]):
            return False
        self.new_title.value = ""
        self._render_rows()
        self._refresh()
        return True

    def _on_upload(self, change: dict[str, Any]) -> None:
        if change["new"]:
            self.read_calendar()

    def read_calendar(self) -> bool:
        """Read the chosen week from the uploaded file or the typed path. Tags already
        given to an activity of the same title are kept; the file is then dropped."""
        week = self.week.value or last_monday()
        me = self.me.value.strip() or None
        try:
            if self.upload.value:
                upload = self.upload.value[0]
                data = bytes(upload["content"])
                read = read_calendar_bytes(data, str(upload["name"]), week, me)
            elif self.path.value.strip():
                read = read_calendar_path(self.path.value.strip(), week, me)
            else:
                self.say(_("Choose a calendar file, or type its path, first."), "problem")
                return False
        except CalendarFileError as exc:
            self.say(str(exc), "problem")
            return False
        finally:
            with contextlib.suppress(Exception):  # never keep the file in the widget
                self.upload.value = ()
        tags = {a.title.casefold(): a.tag for a in self.activities}
        merged = [
            Activity(a.title, a.hours, a.count, tags.get(a.title.casefold()))
            for a in read.activities
        ]
        if not self._store(merged, week=read.week_start):
            return False
        self.calendar_note.value = (
            f"<p role='status'>{escape(read.summary())} <strong>"
            + escape(_("Now tag each activity below."))
            + "</strong></p>"
        )
        self.say(_("Read your week from the calendar: now tag each activity."), "ok")
        self._render_rows()
        self._refresh()
        return True

    def tag(self, index: int, tag: str | None) -> bool:
        """Tag activity ``index`` (0-based) leadership, management, both or neither."""
        try:
            item = self.activities[index]
            new = Activity(item.title, item.hours, item.count, Tag(tag) if tag else None)
        except (IndexError, ValueError):
            self.say(_("There is no activity {number} to tag.").format(number=index + 1), "problem")
            return False
        changed = list(self.activities)
        changed[index] = new
        ok = self._store(changed)
        self._refresh()
        return ok

    def remove(self, index: int) -> bool:
        changed = [a for i, a in enumerate(self.activities) if i != index]
        if not self._store(changed):
            return False
        self._render_rows()
        self._refresh()
        return True

    def _store(self, activities: list[Activity], week: dt.date | None = None) -> bool:
        if not self.save(EXERCISE, "activities", [a.as_json() for a in activities]):
            return False
        self.activities = activities
        monday = week or week_monday(self.week.value or last_monday())
        self.save(EXERCISE, "week", monday.isoformat())
        return True

    def set_wanted(self, share: object) -> bool:
        """Save ``share`` (0-100) as where the learner wants to be; a message says what
        is wrong otherwise."""
        try:
            value = check_share(share)
        except AnswerError as exc:
            self.say(_("That share was not accepted: {problem}").format(problem=exc), "problem")
            return False
        if not self.save(EXERCISE, "wanted", value):
            return False
        self.wanted = value
        if self.wanted_slider.value != round(value):
            with self.restoring():  # the observer would save the rounded value again
                self.wanted_slider.value = int(round(value))
        self._refresh()
        return True

    def _on_wanted(self, change: dict[str, Any]) -> None:
        if not self._restoring:
            self.set_wanted(change["new"])

    def _on_situation(self, change: dict[str, Any]) -> None:
        if self.save(BALANCE, "situation", change["new"]):
            self._refresh()

    # -- display ------------------------------------------------------------------------
    def _render_rows(self) -> None:
        options = [(t.label, t.value) for t in Tag]
        rows = []
        for index, item in enumerate(self.activities):
            label = _("{title} ({hours})").format(title=item.title, hours=hours_text(item.hours))
            if item.count > 1:
                label += " " + _("x{count}").format(count=item.count)
            # The title is the buttons' own label, so a screen reader names the
            # activity with each group of tag buttons.
            buttons = answer_group(
                w.ToggleButtons(
                    options=options,
                    value=None if item.tag is None else item.tag.value,
                    description=label,
                    style={"button_width": "auto", "description_width": "340px"},
                    tooltips=[_("Tag as {tag}").format(tag=t.label) for t in Tag],
                )
            )
            buttons.observe(self._tagger(index), names="value")
            remove = w.Button(
                description="\u2715",
                tooltip=_("Remove {title}").format(title=item.title),
                layout=w.Layout(width="2.5em"),
            )
            remove.on_click(self._remover(index))
            # the remove button sits by the tag buttons, not at the end of a long title
            rows.append(w.HBox([buttons, remove], layout=w.Layout(align_items="flex-end")))
        self.rows.children = rows

    def _tagger(self, index: int) -> Callable[[dict[str, Any]], object]:
        return lambda change: self.tag(index, change["new"])

    def _remover(self, index: int) -> Callable[[Any], object]:
        return lambda _button: self.remove(index)

    def _refresh(self) -> None:
        situation = self.content.situation(self.situation_choice.value)
        reading = read_audit(self.content, situation, self.activities, self.wanted, self.estimate)
        self.reading_text = reading.message
        notes = []
        if self.wanted is None:
            notes.append(_("Set where you want to be with the slider above."))
        if self.estimate is None:
            notes.append(
                _(
                    "No estimate from notebook 05: its slider would show how far your "
                    "guess of the split was from the measured week."
                )
            )
        note = "".join(f"<p style='color:#333'>{escape(n)}</p>" for n in notes)
        self.reading.value = f"<div role='status'><p>{escape(reading.message)}</p>{note}</div>"
        if not self.activities:
            self.chart.hide()
            return
        from ..plots import time_split

        measured = reading.measured
        wanted, estimate = self.wanted, self.estimate
        key = (situation.id, measured, wanted, estimate)
        self.chart.show(
            key,
            lambda: time_split(self.content, situation, measured, wanted, estimate),
            self,
        )

    def worksheet_html(self) -> str:
        return worksheets.time_audit(self.content)
