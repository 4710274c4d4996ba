"""The vision exercise as a rubric: good and weak examples read against the criteria,
the learner's draft, the learner's own rating of it on each criterion, and a rewrite.
Both text boxes save as you type (``AutosaveText``); every button and rating that acts
on the draft saves the text on screen first, so typed text is never lost.
Nothing rates the text automatically: a word-matching checker ticks an empty sentence as
readily as a useful one. The criteria and examples are ``vision.toml``, the rules
``leadlib.vision``.

Imports ipywidgets; must not import nbconvert.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as w

from ..i18n import N_, _
from ..vision import (
    RATINGS,
    VISION_RATINGS,
    VISION_REWRITE,
    VISION_STATEMENT,
    draft_note,
    rating_label,
    rating_summary,
)
from . import worksheets
from ._base import AutosaveText, Exercise, answer_group, auto_width

EXERCISE = "vision"
#: Kept for callers that name the draft's item.
ITEM = VISION_STATEMENT


def examples_html(content: Any) -> str:
    """The rubric's examples, good and weak, each with its comment."""
    parts = []
    for example in content.vision.examples:
        kind = _("Useful") if example.good else _("Weak")
        parts.append(
            f"<li style='margin-bottom:6px'><strong>{escape(kind)}:</strong> "
            f"\u201c{escape(example.text)}\u201d<br><em>{escape(example.comment)}</em></li>"
        )
    return "<ul style='padding-left:1.2em'>" + "".join(parts) + "</ul>"


class VisionExercise(Exercise):
    """The examples, the draft box, one rating per criterion, the summary of the
    learner's own ratings and the rewrite box."""

    name = N_("vision statement")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.field = AutosaveText(
            save=self._save_draft,
            what=_("your draft"),
            description=_("Your draft:"),
            placeholder=_("Whom does your team serve, what will be different for them, by when?"),
            height="6em",
            allow_empty=False,
        )
        self.text = self.field.area
        self.check_button = w.Button(
            layout=auto_width(),
            description=_("Save my draft"),
            icon="save",
            tooltip=_("Save your draft vision statement now (it also saves by itself as you type)"),
        )
        self.check_button.on_click(lambda _: self.check())
        self.note = w.HTML()
        self.ratings: dict[str, w.ToggleButtons] = {}
        rating_rows: list[w.Widget] = []
        for criterion in self.content.vision.criteria:
            toggle = w.ToggleButtons(
                options=[(rating_label(r), r) for r in RATINGS],
                value=None,
                description=criterion.label,
                style={"button_width": "auto", "description_width": "initial"},
            )
            toggle.observe(self._on_rating, names="value")
            self.ratings[criterion.id] = toggle
            question = w.HTML(
                f"<p style='margin:8px 0 2px'><strong>{escape(criterion.label)}"
                f"</strong>: {escape(criterion.question)}</p>"
            )
            rating_rows.append(
                w.VBox(
                    [
                        question,
                        answer_group(toggle, question),
                    ]
                )
            )
        self.summary = w.HTML()
        self.summary_text = ""
        self.rewrite_field = AutosaveText(
            save=lambda text: self.save(EXERCISE, VISION_REWRITE, text),
            what=_("your rewrite"),
            description=_("Your rewrite:"),
            placeholder=_("Your statement again, better where you rated it lower."),
            height="6em",
            allow_empty=False,
        )
        self.rewrite = self.rewrite_field.area
        self.rewrite_button = w.Button(
            layout=auto_width(),
            description=_("Save my rewrite"),
            icon="save",
            tooltip=_(
                "Save your rewritten vision statement now (it also saves by itself as you type)"
            ),
        )
        self.rewrite_button.on_click(lambda _: self.save_rewrite())
        self.children = [
            w.HTML(
                _(
                    "<p>A useful vision says whom the team serves, what will be different "
                    "for them, and by when, in words the team would use. Read the examples "
                    "first: why is each one useful or weak?</p>"
                )
            ),
            w.HTML(examples_html(self.content)),
            w.HTML(
                _(
                    "<p><strong>1.</strong> Draft a vision for your own team in two or three "
                    "sentences.</p>"
                )
            ),
            self.field.box,
            self.check_button,
            self.note,
            w.HTML(
                _(
                    "<p><strong>2.</strong> Rate your draft on each criterion, honestly: "
                    "nobody else sees it. The course does not rate it for you.</p>"
                )
            ),
            *rating_rows,
            self.summary,
            w.HTML(
                _(
                    "<p><strong>3.</strong> Rewrite it, better where you rated it lower. Then "
                    "read it to a colleague from another team and ask what they think your "
                    "team will do differently.</p>"
                )
            ),
            self.rewrite_field.box,
            self.rewrite_button,
            self.message,
        ]
        self.restore()

    def restore(self) -> None:
        saved = self.load(EXERCISE)
        draft, rewrite = saved.get(VISION_STATEMENT), saved.get(VISION_REWRITE)
        ratings = saved.get(VISION_RATINGS)
        with self.restoring():
            if isinstance(draft, str) and draft:
                self.field.restore(draft)
                self._show_note(draft)
            if isinstance(rewrite, str):
                self.rewrite_field.restore(rewrite)
            if isinstance(ratings, dict):
                for key, toggle in self.ratings.items():
                    if ratings.get(key) in RATINGS:
                        toggle.value = ratings[key]
        self._show_summary()

    def _save_draft(self, text: str) -> bool:
        """Store ``text`` as the draft (called as the learner types, and by ``check``)."""
        if not self.save(EXERCISE, VISION_STATEMENT, text):
            return False
        self._show_note(text)
        return True

    def check(self, text: str | None = None) -> bool:
        """Save the draft on screen now (``text``, if given, is put in the box first);
        True when the journal holds it. An empty box is not saved: it would silently
        replace the draft saved before. The course says how long it is, nothing more."""
        if text is not None:
            self.text.value = text
        return self._keep(
            self.field,
            empty=_(
                "Nothing to save yet: the box is empty. Your previously saved draft, if "
                "any, is kept."
            ),
            saved=_("Saved to your journal. Now rate it on each criterion below."),
        )

    def save_rewrite(self, text: str | None = None) -> bool:
        """Save the rewrite on screen now (``text``, if given, first); an empty box is
        not saved."""
        if text is not None:
            self.rewrite.value = text
        return self._keep(
            self.rewrite_field,
            empty=_(
                "Nothing to save yet: the rewrite box is empty. Your saved rewrite, if any, "
                "is kept."
            ),
            saved=_("Your rewrite is saved to your journal."),
        )

    def _keep(self, field: AutosaveText, *, empty: str, saved: str) -> bool:
        """A Save button's action: flush ``field`` (and any text still arriving from the
        browser after the click), then say what happened."""
        kept = field.flush()
        if not field.value.strip():
            self.say(empty, "problem")
        elif kept:
            self.say(saved, "ok")
        elif self.message_kind != "problem":  # too long: the field's status says why
            self.say(field.status_text, "problem")
        return kept

    def given_ratings(self) -> dict[str, str]:
        return {k: t.value for k, t in self.ratings.items() if t.value is not None}

    def _on_rating(self, change: dict[str, Any]) -> None:
        if self._restoring or change["new"] is None:
            return
        if self.field.value.strip():  # the rating is of the draft on screen: keep it
            self.field.flush()
        if self.save(EXERCISE, VISION_RATINGS, self.given_ratings()):
            self._show_summary()

    def _show_note(self, text: str) -> None:
        self.note.value = f"<p style='color:#333'>{escape(draft_note(text))}</p>"

    def _show_summary(self) -> None:
        self.summary_text = rating_summary(self.content, self.given_ratings())
        self.summary.value = f"<p role='status' style='color:#333'>{escape(self.summary_text)}</p>"

    def worksheet_html(self) -> str:
        return worksheets.vision(self.content)
