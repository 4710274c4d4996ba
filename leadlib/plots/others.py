"""The others' view chart (notebook 08): per trait, the learner's own score and the
raters' mean on the 0-100 scale, a dumbbell per trait, with the call-outs (blind spot,
hidden strength) marked in words as well as colour.

Only what the others' view may show is drawn: the learner's scores and the released
means (``leadlib.raters``); never a single rater, a minimum, a maximum or a spread.
Imports matplotlib only inside ``others_chart``; must not import ipywidgets, nbconvert
or the journal.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import palette
from ..i18n import _
from ..models import Content
from ..rater_callouts import Comparison
from .chart import Chart
from .style import FAMILY_STYLE, new_figure, style_axes, title


def kind_label(kind: str | None) -> str:
    if kind == "blind_spot":
        return _("blind spot?")
    if kind == "hidden_strength":
        return _("hidden strength?")
    return ""


def whole(value: float | None) -> str:
    """A score as the view shows it: a whole number, or a dash."""
    return "\u2013" if value is None else f"{value:.0f}"


def others_alt(content: Content, rows: Sequence[Comparison], raters: int) -> str:
    """The chart's description for screen readers and the static form."""
    parts = []
    for row in rows:
        name = content.trait(row.trait).name
        if row.others is None:
            parts.append(
                _("{trait}: you {own}, others not shown").format(trait=name, own=whole(row.own))
            )
            continue
        extra = kind_label(row.kind)
        text = _("{trait}: you {own}, others {others}").format(
            trait=name, own=whole(row.own), others=whole(row.others)
        )
        parts.append(f"{text} ({extra})" if extra else text)
    return _(
        "Dot chart, 0 to 100, of how you rated yourself (black circles) against the mean "
        "of {n} raters (coloured diamonds; on each trait, of those who could judge it), "
        "one row per trait. {rows}."
    ).format(n=raters, rows="; ".join(parts))


def others_chart(content: Content, rows: Sequence[Comparison], raters: int) -> Chart:
    """The dumbbell chart of ``rows`` (from ``rater_callouts.compare``)."""
    height = 1.4 + 0.55 * len(rows)
    figure = new_figure(9.0, height, layout="constrained")
    ax = figure.add_subplot()
    style_axes(ax)
    labels = []
    for y, row in enumerate(reversed(rows)):
        trait = content.trait(row.trait)
        style = FAMILY_STYLE[trait.family]
        extra = kind_label(row.kind)
        labels.append(f"{trait.name}\n({extra})" if extra else trait.name)
        if row.own is not None and row.others is not None:
            ax.plot([row.own, row.others], [y, y], color=palette.NEUTRAL, linewidth=2, zorder=1)
        if row.others is not None:
            ax.plot(
                row.others,
                y,
                marker="D",
                markersize=11,
                color=style["color"],
                linestyle="",
                zorder=2,
            )
        if row.own is not None:
            ax.plot(row.own, y, marker="o", markersize=10, color=palette.LEARNER, zorder=3)
    ax.set_yticks(range(len(rows)), labels)
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.grid(axis="x", color="#DDDDDD")
    ax.set_axisbelow(True)
    ax.set_xlabel(_("Score 0-100: black circle you, diamond the raters' mean"), fontsize=12)
    title(ax, _("How you see yourself and how {n} raters see you").format(n=raters))
    return Chart(figure, others_alt(content, rows, raters))
