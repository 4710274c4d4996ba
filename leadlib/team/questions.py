"""Suggested debrief questions, drawn from where the team's answers differ most.

Uses only figures that the privacy rules already allow to be shown (docs/privacy.md,
Rule 5: a question never rests on a hidden figure). Imports the summary types from
``summary``, never ``aggregate`` (which calls this module). Must not import
matplotlib, ipywidgets or the journal.
"""

from __future__ import annotations

from ..i18n import _
from ..models import Content
from .summary import TeamSummary

#: A scenario counts as divided when its largest shown group holds at most this share.
DIVIDED_SHARE = 0.6
MAX_QUESTIONS = 5


def _band_words(band: tuple[int, int]) -> str:
    low, high = band
    if low == high:
        return _("level {low}").format(low=low)
    return _("levels {low}-{high}").format(low=low, high=high)


def debrief_questions(content: Content, summary: TeamSummary) -> list[str]:
    """Three to five questions for the debrief, the most divided scenario first."""
    if not summary.enough_people:
        return []
    questions: list[str] = []
    divided = [
        s
        for s in summary.scenarios
        if s.largest_share is not None and s.largest_share <= DIVIDED_SHARE
    ][:2]
    for item in divided:
        questions.append(
            _(
                "\u201c{title}\u201d: the team is divided; the largest group of choices "
                "shown holds {share}% of them. Those who kept more control and those who "
                "handed more over: what did each of you see in the situation that the others "
                "did not?"
            ).format(title=item.title, share=f"{100 * (item.largest_share or 0.0):.0f}")
        )
    outside = [
        s
        for s in summary.scenarios
        if s.in_band_share is not None and s.in_band_share < 50 and s not in divided
    ]
    if outside:
        item = min(outside, key=lambda s: (s.in_band_share or 0.0, s.title))
        questions.append(
            _(
                "\u201c{title}\u201d: {share}% chose within the recommended {band}. What "
                "would make you change your choice, and what would make you keep it?"
            ).format(
                title=item.title,
                share=f"{item.in_band_share:.0f}",
                band=_band_words(item.band),
            )
        )
    traits = [t for t in summary.traits if t.figure.sd is not None]
    if traits:
        widest = max(traits, key=lambda t: (t.figure.sd or 0.0, t.name))
        questions.append(
            _(
                "{trait}: the team's self-ratings differ most on this trait (spread {sd} "
                "points). Where does our work depend on it, and how could we learn from "
                "each other's way of doing it?"
            ).format(trait=widest.name, sd=f"{widest.figure.sd:.0f}")
        )
    mean = summary.balance.mean
    if mean is not None:
        value = f"{mean:+.0f}"
        if mean < -10:
            text = _(
                "On average the team leans to management (balance {value}). Kotter warns "
                "of teams that are 'overmanaged and underled': where do we need more "
                "direction and less control in the months ahead?"
            )
        elif mean > 10:
            text = _(
                "On average the team leans to leadership (balance {value}). Where would "
                "firmer plans, processes and follow-up help our ideas land?"
            )
        else:
            text = _(
                "On average the team is close to even (balance {value}). Which situation "
                "ahead of us will ask us to lean one way, and which way?"
            )
        questions.append(text.format(value=value))
    return questions[:MAX_QUESTIONS]
