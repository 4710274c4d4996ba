"""Suggested debrief questions, drawn from where the team's answers differ most.

Uses only figures that the privacy rules already allow to be shown. Imports the summary
types from ``summary``, never ``aggregate`` (which calls this module). Must not import
matplotlib, ipywidgets or the journal.
"""

from __future__ import annotations

from ..models import Content
from .summary import TeamSummary

#: A spread of at least this many levels counts as real disagreement on a scenario.
WIDE_SPREAD = 1.0
MAX_QUESTIONS = 5


def debrief_questions(content: Content, summary: TeamSummary) -> list[str]:
    """Three to five questions for the debrief, most disagreement first."""
    if not summary.enough_people:
        return []
    questions: list[str] = []
    shown = [s for s in summary.scenarios if s.figure.sd is not None]
    wide = [s for s in shown if (s.figure.sd or 0.0) >= WIDE_SPREAD][:2]
    for item in wide:
        low, high = item.band
        questions.append(
            f"\u201c{item.title}\u201d: the team's choices spread over several levels "
            f"(standard deviation {item.figure.sd:.1f}). Those who kept more control and "
            "those who handed more over: what did each of you see in the situation that "
            "the others did not?"
        )
    outside = [
        s for s in shown if s.in_band_share is not None and s.in_band_share < 50 and s not in wide
    ]
    if outside:
        item = min(outside, key=lambda s: (s.in_band_share or 0.0, s.title))
        low, high = item.band
        band = f"level {low}" if low == high else f"levels {low}-{high}"
        questions.append(
            f"\u201c{item.title}\u201d: only {item.in_band_share:.0f}% chose within the "
            f"recommended {band}. What would make you change your choice, and what would "
            "make you keep it?"
        )
    traits = [t for t in summary.traits if t.figure.sd is not None]
    if traits:
        widest = max(traits, key=lambda t: (t.figure.sd or 0.0, t.name))
        questions.append(
            f"{widest.name}: the team's self-ratings differ most on this trait "
            f"(spread {widest.figure.sd:.0f} points). Where does our work depend on it, "
            "and how could we learn from each other's way of doing it?"
        )
    mean = summary.balance.mean
    if mean is not None:
        if mean < -10:
            questions.append(
                f"On average the team leans to management (balance {mean:+.0f}). Kotter "
                "warns of teams that are 'overmanaged and underled': where do we need "
                "more direction and less control in the months ahead?"
            )
        elif mean > 10:
            questions.append(
                f"On average the team leans to leadership (balance {mean:+.0f}). Where "
                "would firmer plans, processes and follow-up help our ideas land?"
            )
        else:
            questions.append(
                f"On average the team is close to even (balance {mean:+.0f}). Which "
                "situation ahead of us will ask us to lean one way, and which way?"
            )
    return questions[:MAX_QUESTIONS]
