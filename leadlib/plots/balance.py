"""The balance band: the learner's split of attention (percent on leadership) against
the band that suits a situation, and optionally their profile's lean.

Imports matplotlib only inside functions; must not import ipywidgets, nbconvert or the
journal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import palette
from ..balance import check_share, compare_split, points_text, share_text
from ..errors import AnswerError
from ..i18n import _
from ..models import Content, Situation
from .chart import Chart
from .layers import DYNAMIC_Z, LAYERS, layered
from .style import (
    MARGIN,
    PX_PER_PT,
    WHITE,
    axes_at,
    figure_px,
    line_height,
    style_axes,
    title,
    title_height,
)
from .words import wrap

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

WIDTH, PLOT_HEIGHT = 1000.0, 260.0  # pixels
BAND_TOP = 0.62  # the band's height, as a fraction of the plot's


def balance_band(
    content: Content,
    situation: Situation | str,
    share: float | None,
    profile_share: float | None = None,
) -> Chart:
    """The chosen split of attention (percent on leadership) against the situation's
    recommended band, and optionally the lean of the learner's own profile.

    ``situation`` is a Situation or its id; ``share`` None (no split chosen yet) draws
    the band alone, with no verdict. Raises AnswerError for an unknown situation or a
    share outside 0-100. The axis, band and its labels are the static layer (one per
    situation); the marks, "you" label and legend are drawn over it. Every share is
    written with ``leadlib.balance.share_text``, as in the exercise's own messages.
    """
    if isinstance(situation, str):
        situation = _situation(content, situation)
    chosen = None if share is None else check_share(share)
    lean = None if profile_share is None else check_share(profile_share)
    low, high = situation.leadership_band
    if chosen is None:
        alt = _(
            "Band chart of the share of attention on leadership, 0 to 100 percent. The band "
            "that suits {situation} is {low}-{high}%. No split is chosen yet."
        ).format(situation=situation.name, low=low, high=high)
    else:
        report = compare_split(content, situation, chosen)
        alt = _(
            "Band chart of the share of attention on leadership, 0 to 100 percent. The band "
            "that suits {situation} is {low}-{high}%. Your split is {share}% leadership: "
            "{verdict}"
        ).format(
            situation=situation.name,
            low=low,
            high=high,
            share=share_text(chosen),
            verdict=_verdict_words(report.gap),
        )
    if lean is not None:
        alt += " " + _("Your profile leans {share}% towards leadership.").format(
            share=share_text(lean)
        )

    def dynamic(context: tuple[Axes, float]) -> list[Artist]:
        return _balance_marks(context, chosen, lean)

    return layered(
        _balance_static, (situation.name, low, high), dynamic, alt, compose=_balance_layer
    )


def _situation(content: Content, situation_id: str) -> Situation:
    """The situation with this id; AnswerError naming the known ones if there is none."""
    known = {s.id: s for s in content.situations}
    if situation_id not in known:
        raise AnswerError(
            _("Unknown situation '{situation}': choose one of {known}.").format(
                situation=situation_id, known=", ".join(known)
            )
        )
    return known[situation_id]


def _verdict_words(gap: float) -> str:
    """Where the split stands against the band, from ``gap`` (negative: below)."""
    if gap < 0:
        return _("{points} below the band.").format(points=points_text(-gap))
    if gap > 0:
        return _("{points} above the band.").format(points=points_text(gap))
    return _("within the band.")


def _heading(name: str) -> str:
    return wrap(_("Your balance for: {situation}").format(situation=name), 70)


def _balance_static(
    name: str, low: int, high: int, heading: str | None = None
) -> tuple[Figure, tuple[Axes, float]]:
    """The balance chart's axis, the band that suits the situation, and the title
    (``heading``, by default "Your balance for: <situation>"; the time audit's chart
    draws its measured week on the same band under its own title)."""
    heading = _heading(name) if heading is None else wrap(heading, 70)
    figure, context = _balance_frame(heading.count("\n") + 1)
    _add_band(context[0], name, low, high, heading)
    return figure, context


def _balance_frame(title_lines: int) -> tuple[Figure, tuple[Axes, float]]:
    """What every situation's chart shares: the figure (its height set by the title's
    number of lines), the axis and what its ends mean; no band, no title."""
    line_h = line_height()
    top = MARGIN + title_height("\n".join("0" * title_lines))
    below_axes = 2 * line_h + 3 * 3.5 * PX_PER_PT + 14  # tick labels, then the axis label
    bottom = below_axes + 22 * PX_PER_PT + MARGIN + 6  # one legend row
    figure = figure_px(WIDTH, top + PLOT_HEIGHT + bottom)
    ax = axes_at(figure, 2 * MARGIN, 2 * MARGIN, top, bottom)
    _balance_axis(ax)
    ax.spines["bottom"].set_bounds(0, 100)
    _draw_ends(ax)
    return figure, (ax, below_axes / PLOT_HEIGHT)


def _add_band(ax: Axes, name: str, low: int, high: int, heading: str) -> list[Artist]:
    """The band that suits the situation, its label and the chart's title; the artists
    added (the title is the axes' own)."""
    band: list[Artist] = [
        ax.axvspan(low, high, ymin=0.0, ymax=BAND_TOP, color=palette.BAND, alpha=0.3, linewidth=0),
        ax.axvline(low, ymax=BAND_TOP, color=palette.BAND, linewidth=3),
        ax.axvline(high, ymax=BAND_TOP, color=palette.BAND, linewidth=3),
        ax.text(
            min(max((low + high) / 2, 22), 78),
            0.66,
            _("Suits {situation}: {low}-{high}%").format(situation=name, low=low, high=high),
            ha="center",
            va="bottom",
            fontsize=palette.FONT_SIZE,
            color=palette.LEARNER,
        ),
    ]
    title(ax, heading)
    return band


def _balance_base(title_lines: int) -> tuple[Figure, tuple[Axes, float, list[Artist]]]:
    """The layer every situation's layer is composed on (``_balance_layer``): the frame
    without what shares pixels with the band (``_inside``: the spine and the tick
    marks), which is hidden here and drawn over it per situation, in a full draw's
    order; the context lists the part of it that a full draw shows."""
    figure, (ax, drop) = _balance_frame(title_lines)
    inside = _inside(ax)
    shown = [a for a in inside if a.get_visible()]
    for artist in inside:
        artist.set_visible(False)
    return figure, (ax, drop, shown)


def _inside(ax: Axes) -> list[Artist]:
    """The frame's artists that share pixels with the band or its lines and are drawn
    after them in a full draw: the spines, and the x axis's grid lines and tick marks.
    (The words at the axis's ends are drawn after the band too, but at the top of the
    plot, well clear of the band, which ends at ``BAND_TOP``: they stay in the base.)"""
    ticks = [
        line
        for tick in ax.xaxis.get_major_ticks()
        for line in (tick.gridline, tick.tick1line, tick.tick2line)
    ]
    return [*ax.spines.values(), *ticks]


def _balance_layer(name: str, low: int, high: int) -> tuple[Figure, tuple[Axes, float], Any]:
    """The static layer of ``_balance_static(name, low, high)`` with the same pixels,
    drawn quicker: over the shared base layer (``_balance_base``, cached) only the
    band, its label, the spine, the tick marks and the title are drawn,
    in the order a full draw paints them (the axes' children by zorder, the x axis
    reduced to its tick marks: its labels are in the base, apart from the band). Picking
    another situation then costs a few artists instead of a whole figure with all its
    text (tested against a full draw)."""
    import numpy as np

    heading = _heading(name)
    base = LAYERS.get(_balance_base, (heading.count("\n") + 1,))
    figure = base.figure
    ax, drop, shown = base.context
    in_base = {id(text) for text in ax.texts}  # the words at the axis's ends
    band = _add_band(ax, name, low, high, heading)
    for artist in shown:
        artist.set_visible(True)
    try:
        renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
        np.asarray(renderer.buffer_rgba())[...] = base.background
        # Static children only, and not those already in the base: the marks another
        # situation's chart left on the shared axes (zorder DYNAMIC_Z and up) are not
        # this layer's.
        children = [
            a
            for a in ax.get_children()
            if a is not ax.patch
            and a is not ax.yaxis
            and id(a) not in in_base
            and a.get_zorder() < DYNAMIC_Z
        ]
        ticks = {id(a) for a in _inside(ax)} - {id(a) for a in ax.spines.values()}
        for artist in sorted(children, key=lambda a: a.get_zorder()):
            if artist is ax.xaxis:
                for line in (a for a in shown if id(a) in ticks):
                    line.draw(renderer)
            else:
                artist.draw(renderer)
        pixels = np.array(renderer.buffer_rgba())
    finally:
        for artist in band:
            artist.remove()
        title(ax, "")
        for artist in shown:
            artist.set_visible(False)
    return figure, (ax, drop), pixels


def _balance_axis(ax: Axes) -> None:
    """One axis, 0 to 100 percent on leadership, with room for a mark at either end."""
    style_axes(ax)
    ax.set_xlim(-3, 103)
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.set_xticks([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
    ax.set_xlabel(
        _("Share of your attention on leadership work (%); the rest is management"),
        fontsize=palette.FONT_SIZE,
    )


def _draw_ends(ax: Axes) -> None:
    """What each end of the axis means, in its family's colour."""
    ax.text(
        1,
        0.96,
        _("more management"),
        fontsize=palette.FONT_SIZE,
        color=palette.MANAGEMENT,
        va="top",
    )
    ax.text(
        99,
        0.96,
        _("more leadership"),
        fontsize=palette.FONT_SIZE,
        color=palette.LEADERSHIP,
        va="top",
        ha="right",
    )


def _balance_marks(
    context: tuple[Axes, float], chosen: float | None, lean: float | None
) -> list[Artist]:
    """The chosen split (a black triangle and its number), the profile's lean and their
    legend; nothing of the split before one is chosen."""
    ax, legend_drop = context
    marks: list[Artist] = []
    handles: list[Artist] = []
    if chosen is not None:
        split, number = split_mark(ax, chosen)
        marks += [split, number]
        handles.append(split)
    if lean is not None:
        lean_marks = _lean_mark(ax, lean)
        marks += lean_marks
        handles += lean_marks
    if not handles:
        return marks
    legend = ax.legend(
        handles=handles,  # the chosen split and the profile's lean
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


def split_mark(
    ax: Axes,
    chosen: float,
    label: str | None = None,
    caption: str | None = None,
    edge: float = 6,
) -> tuple[Artist, Artist]:
    """A split on the band chart: a black triangle over the axis and its caption above
    it ("you: N%" by default; the time audit's measured week says "measured: N%"). The
    caption turns inwards within ``edge`` points of either end."""
    if label is None:
        label = _("Your split: {share}% leadership").format(share=share_text(chosen))
    if caption is None:
        caption = _("you: {share}%").format(share=share_text(chosen))
    (triangle,) = ax.plot(
        [chosen],
        [0.31],
        marker="v",
        markersize=22,
        color=palette.LEARNER,
        linestyle="none",
        label=label,
        zorder=DYNAMIC_Z,
    )
    number = ax.text(
        chosen,
        0.42,
        caption,
        ha="left" if chosen < edge else "right" if chosen > 100 - edge else "center",
        va="bottom",
        fontsize=palette.FONT_SIZE,
        fontweight="bold",
        color=palette.LEARNER,
        zorder=DYNAMIC_Z + 1,
    )
    return triangle, number


def _lean_mark(ax: Axes, lean: float) -> list[Artist]:
    """The lean of the learner's profile: an open orange circle under the split."""
    return list(
        ax.plot(
            [lean],
            [0.12],
            marker="o",
            markersize=16,
            color=palette.HIGHLIGHT,
            markerfacecolor=WHITE,
            markeredgecolor=palette.HIGHLIGHT,
            markeredgewidth=4,
            linestyle="none",
            label=_("Your profile's lean: {share}% leadership").format(share=share_text(lean)),
            zorder=DYNAMIC_Z,
        )
    )
