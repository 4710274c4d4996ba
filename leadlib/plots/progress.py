"""Then and now: each trait's score in an earlier round and in the latest one, one row
per trait, with the change drawn (an arrow and "+13") only where it is more than the
questionnaire's precision (``leadlib.progress``); smaller moves read "about the same".

Then is an open grey circle, now a filled circle in the family's colour and marker
(circle for leadership, square for management): told apart by shape and fill as well
as colour. With one round only its scores are drawn, and the chart says to retake.

Imports matplotlib only inside functions; must not import ipywidgets, nbconvert or the
journal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .. import palette
from ..i18n import _
from ..models import Content
from ..progress import Round, TraitChange, compare_rounds
from ..scoring import CLAIM_STEPS
from .chart import Chart
from .style import (
    FAMILY_STYLE,
    GRID_COLOUR,
    MARGIN,
    MUTED_TEXT,
    WHITE,
    axes_at,
    figure_px,
    line_height,
    style_axes,
    text_box,
    title,
    title_height,
)
from .words import wrap

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.figure import Figure

WIDTH = 1000.0
ROW = 44.0  # pixels per trait


def then_and_now(content: Content, rounds: Sequence[Round]) -> Chart:
    """The first and the last of ``rounds`` compared trait by trait (one round: its
    scores alone). ValueError when there is no round."""
    if not rounds:
        raise ValueError(_("There is no self-assessment round to draw yet."))
    first, last = rounds[0], rounds[-1]
    single = len(rounds) == 1
    changes = compare_rounds(content, first, last)
    if single:
        heading = _("Your traits in {round}: retake to compare").format(round=first.label())
    else:
        heading = _("Then and now: {then} and {now}").format(then=first.label(), now=last.label())
    return Chart(_draw(changes, heading, single), _alt(changes, first, last, single))


def _alt(changes: list[TraitChange], first: Round, last: Round, single: bool) -> str:
    if single:
        scores = "; ".join(
            f"{c.name} {c.now:.0f}" if c.now is not None else f"{c.name} -" for c in changes
        )
        return _(
            "Dot chart of each trait's score (0-100) in {round}, the only round so far: "
            "{scores}. Retake the self-assessment later to see change."
        ).format(round=first.label(), scores=scores)
    step = min((c.step for c in changes if c.difference is not None), default=0.0)
    return _(
        "Dot chart of each trait's score (0-100) then ({then}) and now ({now}); a change "
        "is marked only where it reaches {gap:g} points ({steps} answer steps), the "
        "smallest change the course claims. {traits}."
    ).format(
        then=first.label(),
        now=last.label(),
        gap=round(CLAIM_STEPS * step, 2),
        steps=CLAIM_STEPS,
        traits="; ".join(c.words() for c in changes),
    )


def _draw(changes: list[TraitChange], heading: str, single: bool) -> Figure:
    names = [c.name for c in changes]
    left = max(text_box(n)[0] for n in names) + 2 * MARGIN
    right = max(text_box(_("about the same"))[0], text_box("+100")[0]) + 3 * MARGIN
    top = MARGIN + title_height(heading) + line_height()
    note = wrap(
        _(
            "Open grey circle: then. Filled mark: now. Arrow and number: a change of two "
            "answer steps or more; smaller moves are within the questionnaire's precision."
        ),
        100,
    )
    bottom = (2 + (0 if single else note.count("\n") + 1.5)) * line_height() + 2 * MARGIN
    height = top + ROW * len(changes) + bottom
    figure = figure_px(WIDTH, height)
    ax = axes_at(figure, left, right, top, bottom)
    style_axes(ax)
    ax.set_xlim(-3, 103)
    ax.spines["bottom"].set_bounds(0, 100)
    ax.set_ylim(len(changes) - 0.5, -0.5)
    ax.set_yticks(range(len(changes)), names)
    for tick, change in zip(ax.get_yticklabels(), changes, strict=True):
        tick.set_color(FAMILY_STYLE[change.family]["color"])
    ax.set_xticks(range(0, 101, 20))
    ax.grid(axis="x", color=GRID_COLOUR, linewidth=1)
    ax.set_axisbelow(True)
    for side in ("right", "top"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel(_("Trait score (0-100)"), fontsize=palette.FONT_SIZE)
    for row, change in enumerate(changes):
        style = FAMILY_STYLE[change.family]
        if change.then is not None and not single:
            ax.plot(
                [change.then],
                [row],
                marker="o",
                markersize=14,
                linestyle="none",
                markerfacecolor=WHITE,
                markeredgecolor=palette.NEUTRAL,
                markeredgewidth=3,
            )
        if change.now is not None:
            ax.plot(
                [change.now],
                [row],
                marker=style["marker"],
                markersize=14,
                linestyle="none",
                color=style["color"],
            )
        if single:
            continue
        diff = change.difference
        if diff is None:
            label, colour = _("not answered"), MUTED_TEXT
        elif change.changed:
            assert change.then is not None and change.now is not None
            ax.annotate(
                "",
                xy=(change.now, row),
                xytext=(change.then, row),
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": style["color"],
                    "lw": 3,
                    "shrinkA": 9,
                    "shrinkB": 9,
                    "mutation_scale": 22,
                },
            )
            label, colour = f"{diff:+.0f}", palette.LEARNER
        else:
            label, colour = _("about the same"), MUTED_TEXT
        ax.text(
            1.02,
            row,
            label,
            transform=ax.get_yaxis_transform(),
            va="center",
            fontsize=palette.FONT_SIZE,
            color=colour,
            fontweight="bold" if change.changed else "normal",
        )
    if not single:
        figure.text(
            MARGIN / WIDTH,
            MARGIN / height,
            note,
            va="bottom",
            fontsize=palette.FONT_SIZE,
            color=MUTED_TEXT,
        )
    title(ax, heading, left=left - MARGIN)
    return figure
