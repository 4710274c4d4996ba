"""The development plan builder: two or three focus traits (suggested from the gaps in
the profile), actions, a target date and a success measure (the texts saved as you type);
exported, with the vision statement of notebook 06, as Markdown and HTML into
LEADLIB_HOME/exports and shown formatted. The rules and the printable forms live in
``leadlib.plan``.

Imports ipywidgets; must not import nbconvert.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..i18n import N_, _, ngettext
from ..models import Trait
from ..plan import plan_body_html, plan_html, plan_markdown, suggest_focus, suggestion_text
from . import worksheets
from ._base import (
    NO_PROFILE_NOTE,
    WRAP_LABELS_CSS,
    AutosaveText,
    Exercise,
    auto_width,
    download_link,
    exports_dir,
    wrapping_checkbox,
)
from .profile_view import read_profile

EXERCISE = "plan"
VISION = "vision"
MAX_FOCUS = 3
MAX_ACTIONS = 10
MD_NAME = "development-plan.md"
HTML_NAME = "development-plan.html"
#: The parts of a plan, as the export message names those still open.
PARTS = {
    "focus": N_("focus"),
    "actions": N_("actions"),
    "target_date": N_("target date"),
    "measure": N_("measure"),
}


class PlanExercise(Exercise):
    """Focus checkboxes, action checkboxes for the chosen traits, own actions, a date,
    a measure and an Export button."""

    name = N_("development plan")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        profile, _answered = read_profile(self)
        self.profile = profile
        self.suggested = suggest_focus(self.content, profile) if profile.scored() else []
        self.focus_boxes: dict[str, w.Checkbox] = {}
        for trait in self.content.traits:
            label = trait.name
            if trait.id in self.suggested:
                label += " " + _("(suggested: your score {score:.0f})").format(
                    score=profile.traits[trait.id]
                )
            box = wrapping_checkbox(label)
            box.observe(self._on_focus(trait), names="value")
            self.focus_boxes[trait.id] = box
        self.action_boxes: dict[str, list[w.Checkbox]] = {
            t.id: [wrapping_checkbox(a) for a in t.development_actions] for t in self.content.traits
        }
        for boxes in self.action_boxes.values():
            for box in boxes:
                box.observe(lambda _change: self._save_actions(), names="value")
        self.actions_area = w.VBox()
        self._exported_at = -float("inf")
        self._exporting = False
        self.own_field = AutosaveText(
            save=lambda _text: self._save_actions(),
            what=_("your own actions"),
            description=_("Your own actions:"),
            placeholder=_("One action per line"),
            height="5em",
            counter=False,
        )
        self.own_actions = self.own_field.area
        self.target_date = w.DatePicker(
            description=_("Target date:"), style={"description_width": "initial"}
        )
        self.target_date.observe(self._on_date, names="value")
        self.measure_field = AutosaveText(
            save=self._save_measure,
            what=_("your measure of success"),
            description=_("How you will know it worked:"),
            placeholder=_("For example: my team can state our goal for the year without notes"),
            height="3em",
        )
        self.measure = self.measure_field.area
        self.export_button = w.Button(
            layout=auto_width(),
            description=_("Export my plan"),
            icon="download",
            tooltip=_("Write your plan as Markdown and HTML files"),
        )
        self.export_button.on_click(lambda _: self.export())
        self.output = w.HTML()
        intro = suggestion_text(self.content, self.suggested, profile) or (
            _("{note} Until then, pick two or three traits you want to grow.").format(
                note=_(NO_PROFILE_NOTE)
            )
        )
        self.intro_text = intro
        self.children = [
            w.HTML(
                WRAP_LABELS_CSS
                + f"<p>{escape(intro)}</p><h4 style='margin:6px 0'>"
                + escape(_("1. Focus traits"))
                + "</h4>"
            ),
            *self.focus_boxes.values(),
            w.HTML("<h4 style='margin:6px 0'>" + escape(_("2. Actions")) + "</h4>"),
            self.actions_area,
            self.own_field.box,
            w.HTML(
                "<h4 style='margin:6px 0'>" + escape(_("3. When and how you will know")) + "</h4>"
            ),
            self.target_date,
            self.measure_field.box,
            self.export_button,
            self.message,
            self.output,
        ]
        self._restore()

    # -- restore ---------------------------------------------------------------------
    def _restore(self) -> None:
        saved = self.load(EXERCISE)
        with self.restoring():
            focus = saved.get("focus")
            if isinstance(focus, list):
                for tid in focus:
                    if tid in self.focus_boxes:
                        self.focus_boxes[tid].value = True
            actions = saved.get("actions")
            own: list[str] = []
            if isinstance(actions, list):
                for text in actions:
                    box = self._action_box(text)
                    if box is not None:
                        box.value = True
                    elif isinstance(text, str):
                        own.append(text)
            self.own_field.restore("\n".join(own))
            target = saved.get("target_date")
            if isinstance(target, str):
                with contextlib.suppress(ValueError):
                    self.target_date.value = dt.date.fromisoformat(target)
            if isinstance(saved.get("measure"), str):
                self.measure_field.restore(saved["measure"])
        self._show_actions()

    def _action_box(self, text: object) -> w.Checkbox | None:
        for boxes in self.action_boxes.values():
            for box in boxes:
                if box.description == text:
                    return box
        return None

    # -- focus -----------------------------------------------------------------------
    @property
    def focus(self) -> list[str]:
        return [tid for tid, box in self.focus_boxes.items() if box.value]

    def _on_focus(self, trait: Trait) -> Any:
        def handler(change: dict[str, Any]) -> None:
            if self._restoring:
                return
            focus = self.focus
            if change["new"] and len(focus) > MAX_FOCUS:
                with self.restoring():
                    self.focus_boxes[trait.id].value = False
                self.say(
                    _(
                        "A plan works best with two or three traits: {trait} was not added. "
                        "Untick one first if you want to swap."
                    ).format(trait=trait.name),
                    "problem",
                )
                return
            if not focus:
                self.say(
                    _(
                        "Choose at least one trait: your last saved focus stays in the journal "
                        "until you pick another."
                    ),
                    "info",
                )
                self._show_actions()
                return
            if self.save(EXERCISE, "focus", focus):
                saved = ngettext(
                    "Focus saved: {count} trait.", "Focus saved: {count} traits.", len(focus)
                ).format(count=len(focus))
                if len(focus) < 2:
                    saved += " " + _("Two or three traits make a stronger plan.")
                self.say(saved, "ok")
            self._show_actions()

        return handler

    def _show_actions(self) -> None:
        children: list[w.Widget] = []
        for tid in self.focus:
            trait = self.content.trait(tid)
            children.append(w.HTML(f"<p style='margin:4px 0'><em>{escape(trait.name)}</em></p>"))
            children.extend(self.action_boxes[tid])
        if not children:
            children = [w.HTML(_("<p>Choose a focus trait to see suggested actions.</p>"))]
        self.actions_area.children = children

    # -- actions, date, measure ------------------------------------------------------
    @property
    def actions(self) -> list[str]:
        chosen = [
            box.description for tid in self.focus for box in self.action_boxes[tid] if box.value
        ]
        own = [line.strip() for line in self.own_actions.value.splitlines() if line.strip()]
        return chosen + own

    def _save_actions(self) -> bool:
        if self._restoring:
            return True
        actions = self.actions
        if len(actions) > MAX_ACTIONS:
            self.say(
                _(
                    "{count} actions is more than a plan can carry (at most {most}): "
                    "keep the ones that matter most. Your last saved actions are unchanged."
                ).format(count=len(actions), most=MAX_ACTIONS),
                "problem",
            )
            return False
        if not self.save(EXERCISE, "actions", actions):
            return False
        self.say(_("Actions saved: {count}.").format(count=len(actions)), "ok")
        self._export_again()
        return True

    def _on_date(self, change: dict[str, Any]) -> None:
        value = change["new"]
        if self._restoring or value is None:
            return
        if isinstance(value, dt.date) and value < dt.date.today():
            self.say(_("That date is in the past: pick a date ahead of you."), "problem")
            return
        text = value.isoformat() if isinstance(value, dt.date) else value
        if self.save(EXERCISE, "target_date", text):
            self.say(_("Target date saved: {date}.").format(date=text), "ok")

    def _save_measure(self, text: str) -> bool:
        if not self.save(EXERCISE, "measure", text):
            return False
        self._export_again()
        return True

    def _export_again(self) -> None:
        """Text typed before an Export click can reach the kernel just after it: write
        the plan again then, so the files hold what the learner typed."""
        if self._exporting:
            return
        if time.monotonic() - self._exported_at < AutosaveText.LATE_WINDOW:
            self.export()

    @property
    def target(self) -> dt.date | None:
        """The target date, if it is one the plan accepts (today or later)."""
        date = self.target_date.value
        if isinstance(date, dt.date) and date >= dt.date.today():
            return date
        return None

    # -- export ----------------------------------------------------------------------
    def plan(self) -> dict[str, Any]:
        """The plan on screen (a past date is left out: the plan refuses it) and the
        saved vision statement."""
        date = self.target
        vision = self.load(VISION).get("statement")
        return {
            "focus": self.focus,
            "actions": self.actions,
            "target_date": date.isoformat() if date is not None else None,
            "measure": self.measure.value.strip(),
            "vision": vision.strip() if isinstance(vision, str) else "",
        }

    def export(self) -> tuple[Path, Path] | None:
        """Write the plan as Markdown and HTML into LEADLIB_HOME/exports; show the paths
        and the plan, formatted."""
        self._exported_at = time.monotonic()
        self._exporting = True  # the saves below must not start another export
        try:
            self.own_field.flush()
            self.measure_field.flush()
        finally:
            self._exporting = False
        plan = self.plan()
        markdown = plan_markdown(self.content, plan)
        try:
            folder = exports_dir()
            folder.mkdir(parents=True, exist_ok=True)
            md_path = folder / MD_NAME
            html_path = folder / HTML_NAME
            md_path.write_text(markdown, encoding="utf-8")
            html_path.write_text(plan_html(self.content, plan), encoding="utf-8")
        except OSError as exc:
            self.show_problem(exc, _("writing your plan files"))
            return None
        missing = [_(PARTS[k]) for k in PARTS if not plan[k]]
        if self.target_date.value is not None and plan["target_date"] is None:
            missing[missing.index(_(PARTS["target_date"]))] = _(
                "target date (the one chosen is in the past)"
            )
        text = _("Your plan was written to {markdown} and {html}.").format(
            markdown=md_path, html=html_path
        )
        if missing:
            text += " " + _("Still open: {parts}.").format(parts=", ".join(missing))
        self.say(text, "ok")
        links = " | ".join(
            (
                download_link(html_path, _("Download the plan as a web page"), "text/html"),
                download_link(md_path, _("Download it as Markdown"), "text/markdown"),
            )
        )
        self.output.value = (
            f"<p>{links}</p>"
            "<div style='border:1px solid #ccc;padding:4px 12px;line-height:1.5'>"
            f"{plan_body_html(self.content, plan, level=3)}</div>"
        )
        return md_path, html_path

    def worksheet_html(self) -> str:
        return worksheets.plan(self.content, self.suggested)
