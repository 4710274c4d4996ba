"""The time audit's chart: the measured week (percent of leadership + management hours
on leadership) on the same band as the balance exercise, with where the learner wants
to be (the time audit's own slider) and notebook 05's estimate (its slider: a guess of
the split) beside it.

Draws on the balance chart's static layer (``balance._balance_static``: axis, band,
ends), so both charts read alike; a filled black triangle for the measured week, an
open orange circle for the wanted share and an open blue square for 05's estimate,
each on its own height and told apart by shape and fill as well as colour (the
Okabe-Ito colours of ``leadlib.palette``), with its number in the legend.

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
from .balance import _balance_static, _situation, _verdict_words, split_mark
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
    estimate: float | None = None,
) -> Chart:
    """The measured split against ``situation``'s band; ``wanted`` (0-100) marks where
    the learner wants to be, ``estimate`` (0-100) notebook 05's guess of the split. With
    no tagged leadership or management hours the band is drawn alone and the alt text
    says so."""
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
        alt += " " + _("Where you want to be (open circle): {share}% leadership.").format(
            share=share_text(wanted)
        )
    if estimate is not None:
        alt += " " + _("Your estimate in notebook 05 (open square): {share}% leadership.").format(
            share=share_text(estimate)
        )

    def dynamic(context: tuple[Axes, float]) -> list[Artist]:
        return _marks(context, share, wanted, estimate)

    return layered(_balance_static, (situation.name, low, high, heading), dynamic, alt)


def _marks(
    context: tuple[Axes, float],
    share: float | None,
    wanted: float | None,
    estimate: float | None,
) -> list[Artist]:
    ax, legend_drop = context
    marks: list[Artist] = []
    handles: list[Artist] = []
    if share is not None:
        triangle, number = split_mark(
            ax,
            share,
            _("Measured: {share}%").format(share=share_text(share)),
            _("measured: {share}%").format(share=share_text(share)),
            edge=8,
        )
        marks += [triangle, number]
        handles.append(triangle)
    if wanted is not None:
        (circle,) = ax.plot(
            [wanted],
            [0.17],
            marker="o",
            markersize=16,
            color=palette.HIGHLIGHT,
            markerfacecolor=WHITE,
            markeredgecolor=palette.HIGHLIGHT,
            markeredgewidth=4,
            linestyle="none",
            label=_("Wanted: {share}%").format(share=share_text(wanted)),
            zorder=DYNAMIC_Z,
        )
        marks.append(circle)
        handles.append(circle)
    if estimate is not None:
        (square,) = ax.plot(
            [estimate],
            [0.05],
            marker="s",
            markersize=13,
            color=palette.LEADERSHIP,
            markerfacecolor=WHITE,
            markeredgecolor=palette.LEADERSHIP,
            markeredgewidth=3,
            linestyle="none",
            label=_("Estimate (05): {share}%").format(share=share_text(estimate)),
            zorder=DYNAMIC_Z,
        )
        marks.append(square)
        handles.append(square)
    if handles:
        legend = ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -legend_drop),
            ncol=3,
            fontsize=palette.FONT_SIZE,
            frameon=False,
            borderaxespad=0,
        )
        legend.set_zorder(DYNAMIC_Z + 2)
        marks.append(legend)
    return marks
