"""The printed worksheet of the others' view (notebook 08): how the step works on
paper, the rater form to copy and hand out (``leadlib.rater_pack.paper_form_html``), and
a table to copy the view into, self against others per trait, with the call-out rule.

Must not import ipywidgets.
"""

from __future__ import annotations

from html import escape

from ..i18n import _
from ..models import Content
from ..rater_callouts import callout_threshold
from ..rater_pack import paper_form_html
from ..raters import MAX_SKIPPED_PER_TRAIT
from ..team.privacy import DEFAULT_MIN_GROUP
from .worksheets import _section


def others_view(content: Content) -> str:
    """The others' view on paper."""
    threshold = callout_threshold(content)
    per = len(content.statements_for(content.traits[0].id))
    least = max(1, per - MAX_SKIPPED_PER_TRAIT)
    intro = (
        "<p>"
        + escape(
            _(
                "In JupyterLab this exercise makes your rater pack (one HTML file to send to "
                "colleagues), imports the small files they save, and shows per trait how you "
                "see yourself against the raters' mean, once at least {k} raters have answered. "
                "On paper: copy the form below, hand it to four to eight people who see you at "
                "work, and ask one person you trust to collect the forms and give you only the "
                "average per trait. For each trait, the collector averages only the forms that "
                "answer at least {least} of its {per} statements (the others chose 'Can't "
                "judge'), and gives you a trait's average only when at least {k} forms count "
                "for it."
            ).format(k=DEFAULT_MIN_GROUP, least=least, per=per)
        )
        + "</p>"
    )
    rows = "".join(
        f"<tr><td>{escape(t.name)}</td><td></td><td></td><td></td><td></td></tr>"
        for t in content.traits
    )
    table = (
        "<p>"
        + escape(
            _(
                "Your view and theirs. A difference of {points:g} points or more (two answer "
                "steps) is worth a conversation: if your score is higher, a possible blind "
                "spot; if theirs is, a possible hidden strength. The collector checks that "
                "the difference still reaches {points:g} points with each form left out in "
                "turn, so that one rater alone never makes a call-out."
            ).format(points=threshold)
        )
        + "</p><table><tr>"
        + "".join(
            f"<th>{escape(h)}</th>"
            for h in (
                _("Trait"),
                _("You (0-100)"),
                _("Others' mean"),
                _("Difference"),
                _("Blind spot or hidden strength?"),
            )
        )
        + f"</tr>{rows}</table>"
    )
    form = '<div class="leadlib-rater-form">' + paper_form_html(content) + "</div>"
    return _section("others-view", _("How others see you"), intro + table + form)
