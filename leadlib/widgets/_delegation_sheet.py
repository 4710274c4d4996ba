"""Parts of the delegation worksheet (``worksheets.delegation``): the boxes to rate the
four factors beside each story (judge first), and the answer key's rows (the course's
ratings, the band, the reasons: answers, so only in the key).

HTML fragments; must not import ipywidgets, nbconvert or ``worksheets`` (which imports
this module).
"""

from __future__ import annotations

from html import escape

from ..delegation import TaskContext, recommend
from ..i18n import _
from ..judging import FACTOR_QUESTIONS, FACTORS, course_reading
from ..models import Content, Level3


def rating_boxes(box: str) -> str:
    """One line per factor to tick low, medium or high: the learner judges first."""
    return "".join(
        "<br><small>"
        + escape(_("{question}:").format(question=_(FACTOR_QUESTIONS[factor])))
        + "".join(f" {box} {escape(level.word)}" for level in Level3)
        + "</small>"
        for factor in FACTORS
    )


def key_rows(content: Content) -> str:
    """The answer key's rows: number, the course's ratings, the fitting levels, why."""
    rows = []
    for n, s in enumerate(content.scenarios, start=1):
        context = TaskContext.of(s)
        rec = recommend(context)
        low, high = rec.band
        band = f"{low}" if low == high else f"{low}-{high}"
        if low == high:
            names = content.level(low).name
        else:
            names = _("{low} to {high}").format(
                low=content.level(low).name, high=content.level(high).name
            )
        rows.append(
            f"<tr><td>{n}</td><td>{escape(course_reading(context))}</td>"
            f"<td>{band} ({escape(names)})</td>"
            f"<td>{escape(' '.join(rec.reasons))}</td></tr>"
        )
    return "".join(rows)
