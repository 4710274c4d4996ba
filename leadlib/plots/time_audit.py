"""The time audit's chart: the measured week (percent of leadership + management hours
on leadership) on the same band as the balance exercise, with where the learner wants
to be (the 05 slider) beside it.

Draws on the balance chart's static layer (``balance._balance_static``: axis, band,
ends), so both charts read alike; black triangle for the measured week, open orange
circle for the wanted share, told apart by shape as well as colour.

Imports matplotlib only inside functions; must not import ipywidgets, nbconvert or the
journal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import palette
from ..balance import compare_split, share_text
from ..i18n import _
from ..models import Content, Situation
from ..time_audit import Measured, hours_text
from .balance import _balance_static, _situation, _verdict_words
from .chart import Chart
from .layers import DYNAMIC_Z, layered
from .style import WHITE

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes


def time_split(
    content: Content,
    situation: Situation | str,
    measured: Measured,
    wanted: float | None = None,
) -> Chart:
    """The measured split against ``situation``'s band; ``wanted`` (0-100) marks where
    the learner wants to be. With no tagged leadership or management hours the band is
    drawn alone and the alt text says so."""
    if isinstance(situation, str):
        situation = _situation(content, situation)
    low, high = situation.leadership_band
    heading = _("Your measured week for: {situation}").format(situation=situation.name)
    alt = _(
        "Band chart of the share of leadership and management hours spent on leadership, "
        "0 to 100 percent. The band that suits {situation} is {low}-{high}%."
    ).format(situation=situation.name, low=low, high=high)
    share = measured.share
    if share is None:
        alt += " " + _("No hours are tagged leadership, management or both yet.")
    else:
        report = compare_split(content, situation, share)
        alt += " " + _(
            "Your measured week: {share}% leadership ({lead} leadership, {man} management), "
            "{verdict}"
        ).format(
            share=share_text(share),
            lead=hours_text(measured.leadership_hours),
            man=hours_text(measured.management_hours),
            verdict=_verdict_words(report.gap),
        )
    if wanted is not None:
        alt += " " + _("Where you want to be: {share}% leadership.").format(
            share=share_text(wanted)
        )

    def dynamic(context: tuple[Axes, float]) -> list[Artist]:
        return _marks(context, share, wanted)

    return layered(_balance_static, (situation.name, low, high, heading), dynamic, alt)


def _marks(context: tuple[Axes, float], share: float | None, wanted: float | None) -> list[Artist]:
    ax, legend_drop = context
    marks: list[Artist] = []
    handles: list[Artist] = []
    if share is not None:
        (triangle,) = ax.plot(
            [share],
            [0.31],
            marker="v",
            markersize=22,
            color=palette.LEARNER,
            linestyle="none",
            label=_("Measured week: {share}% leadership").format(share=share_text(share)),
            zorder=DYNAMIC_Z,
        )
        number = ax.text(
            share,
            0.42,
            _("measured: {share}%").format(share=share_text(share)),
            ha="left" if share < 8 else "right" if share > 92 else "center",
            va="bottom",
            fontsize=palette.FONT_SIZE,
            fontweight="bold",
            color=palette.LEARNER,
            zorder=DYNAMIC_Z + 1,
        )
        marks += [triangle, number]
        handles.append(triangle)
    if wanted is not None:
        (circle,) = ax.plot(
            [wanted],
            [0.12],
            marker="o",
            markersize=16,
            color=palette.HIGHLIGHT,
            markerfacecolor=WHITE,
            markeredgecolor=palette.HIGHLIGHT,
            markeredgewidth=4,
            linestyle="none",
            label=_("Where you want to be: {share}%").format(share=share_text(wanted)),
            zorder=DYNAMIC_Z,
        )
        marks.append(circle)
        handles.append(circle)
    if handles:
        legend = ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -legend_drop),
            ncol=2,
            fontsize=palette.FONT_SIZE,
            frameon=False,
            borderaxespad=0,
        )
        legend.set_zorder(DYNAMIC_Z + 2)
        marks.append(legend)
    return marks
