"""The learner's own delegation board on paper (``worksheets.my_board``): the levels, then
a block per decision with lines for the decision and the person, circles for the level
today and the level wanted, boxes for the four factors, and lines for the conversation
plan.

HTML fragments; must not import ipywidgets or nbconvert. Imports ``worksheets`` for its
shared pieces only when called (``worksheets`` imports this module lazily as well).
"""

from __future__ import annotations

from html import escape

from ..i18n import _
from ..models import Content
from ..my_board import FEWEST, MOST
from ._delegation_sheet import rating_boxes

BOX = "\u2610"


def my_board_sheet(content: Content) -> str:
    """The learner's own delegation board on paper: the levels, then a block per decision
    (lines for the decision and the person, circles for the level today and the level
    wanted, boxes for the four factors, lines for the conversation plan)."""
    from .worksheets import _levels_legend as levels_legend
    from .worksheets import _lines as lines

    circles = "".join(f'<span class="circle">{lv.number}</span>' for lv in content.levels)
    rows = (
        (_("The decision"), "<div class='line'></div>"),
        (_("With whom (a role or a first name)"), "<div class='line'></div>"),
        (_("Level today"), circles),
        (_("Level you want"), circles),
        (_("The four factors"), rating_boxes(BOX).removeprefix("<br>")),
        (_("Limits"), lines(2)),
        (_("Check-in"), lines(1)),
        (_("Review date"), lines(1)),
    )
    block = (
        "<table style='break-inside:avoid;page-break-inside:avoid'><tbody>"
        + "".join(
            f"<tr><th scope='row' style='width:14em'>{escape(head)}</th><td>{cell}</td></tr>"
            for head, cell in rows
        )
        + "</tbody></table>"
    )
    blocks = "".join(
        "<h4>" + escape(_("Decision {n}").format(n=n)) + f"</h4>{block}"
        for n in range(1, FEWEST + 1)
    )
    body = (
        "<p>"
        + escape(
            _(
                "List {fewest} to {most} decisions that come back every week or month. For "
                "each, write with whom you share it (a role or a first name), circle the "
                "level today and the level you want, and rate the four factors as in "
                "notebook 04. Then plan the conversation that agrees it: the level, the "
                "limits, when you check in and when you look at it again. In JupyterLab the "
                "rules suggest levels from your ratings, and the board prints as a poster "
                "for the team's wall."
            ).format(fewest=FEWEST, most=MOST)
        )
        + "</p>"
        + levels_legend(content)
        + blocks
        + "<p class='note'>"
        + escape(_("More decisions: copy a block on the back of the sheet."))
        + "</p>"
    )
    return body
