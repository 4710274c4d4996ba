"""Blank charts to fill in with a pen: the profile radar with its scale, the leadership
and management grid, the balance bar and the delegation board, for the printed handouts.

Drawn by the same code as the charts on screen (the static layers of ``radar``,
``kotter``, ``balance`` and ``delegation``), with nobody's marks over them and nothing
that gives an answer away (no recommended bands). Each has alt text that says what to
do with it. Imports matplotlib only inside functions; must not import ipywidgets,
nbconvert or the journal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import palette
from ..i18n import _, ngettext
from ..models import Content
from ..scoring import STRONG_THRESHOLD
from .balance import PLOT_HEIGHT, _balance_axis, _draw_ends
from .balance import WIDTH as BAR_WIDTH
from .chart import Chart
from .delegation import ROW_HEIGHT, _delegation_axes
from .delegation import WIDTH as BOARD_WIDTH
from .layers import layered
from .radar import course_legend, ordered_traits, radar_chart
from .style import (
    MARGIN,
    TICK_ROOM,
    axes_at,
    figure_px,
    line_height,
    text_box,
    title,
    title_height,
)
from .words import count_word, num, wrap

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure

__all__ = ["blank_balance_bar", "blank_delegation_board", "blank_kotter_grid", "blank_radar"]


def _nothing(_context: object) -> list[Artist]:
    return []


def blank_radar(content: Content) -> Chart:
    """The profile radar with its rings (0-100) and the trait names, and no line: mark
    each trait's score on its spoke and join the marks."""
    traits = ordered_traits(content)
    heading = ngettext(
        "Plot your profile: {count} trait, mark each score 0-100",
        "Plot your profile: {count} traits, mark each score 0-100",
        len(traits),
    ).format(count=count_word(len(traits)))
    names = tuple((name, family) for _id, name, family in traits)
    alt = _(
        "A blank radar to fill in: one spoke per trait ({traits}), with rings from 0 at "
        "the centre to 100 at the edge. Mark your score on each spoke and join the marks."
    ).format(traits=", ".join(name for _id, name, _family in traits))
    return radar_chart(names, heading, course_legend(), _nothing, alt)


def _kotter_blank_static(threshold: float) -> tuple[Figure, None]:
    from .kotter import KOTTER_TITLE, grid_base

    figure, ax = grid_base(None, threshold)
    title(ax, _(KOTTER_TITLE))
    return figure, None


def blank_kotter_grid() -> Chart:
    """The leadership and management grid (after Kotter) with its strong lines and quadrant names,
    and no position: mark where your two indices meet."""
    threshold = float(STRONG_THRESHOLD)
    alt = _(
        "A blank leadership and management grid (after Kotter) to fill in: management "
        "index across and leadership index up, each 0 to 100, strong from {threshold}. "
        "Mark the point where your two indices meet."
    ).format(threshold=num(threshold))
    return layered(_kotter_blank_static, (threshold,), _nothing, alt)


def _bar_blank_static() -> tuple[Figure, None]:
    heading = _("My balance: mark the share of my attention on leadership")
    line_h = line_height()
    top = MARGIN + title_height(heading)
    bottom = 2 * line_h + 3 * 3.5 * 1.0 + 14 + MARGIN + 6
    figure = figure_px(BAR_WIDTH, top + PLOT_HEIGHT * 0.6 + bottom)
    ax = axes_at(figure, 2 * MARGIN, 2 * MARGIN, top, bottom)
    _balance_axis(ax)
    ax.spines["bottom"].set_bounds(0, 100)
    _draw_ends(ax)
    title(ax, heading)
    return figure, None


def blank_balance_bar() -> Chart:
    """The balance chart's axis, 0-100% on leadership, with no band and no mark."""
    alt = _(
        "A blank balance bar to fill in: the share of attention on leadership work from "
        "0 (all management) to 100 percent (all leadership), in steps of 10. Mark your split."
    )
    return layered(_bar_blank_static, (), _nothing, alt)


def _board_blank_static(titles: tuple[str, ...], levels: tuple[str, ...]) -> tuple[Figure, None]:
    heading = _("My delegation board: tick one level per decision")
    rows_spec = tuple((t, True, (0, 0)) for t in titles)
    left = MARGIN + TICK_ROOM + max(text_box(wrap(t, 30))[0] for t in titles)
    xtick_h = max(text_box(label)[1] for label in levels) + TICK_ROOM
    top = MARGIN + xtick_h + title_height(heading)
    bottom = 2 * MARGIN
    figure = figure_px(BOARD_WIDTH, top + len(titles) * ROW_HEIGHT + bottom)
    ax = axes_at(figure, left, 2 * MARGIN, top, bottom)
    _delegation_axes(ax, rows_spec, levels)
    ax.grid(axis="y", color=palette.NEUTRAL, linewidth=0.5, alpha=0.5)
    title(ax, heading, above=xtick_h, left=left - MARGIN)
    return figure, None


def blank_delegation_board(content: Content) -> Chart:
    """The delegation chart's rows (decisions) and columns (levels 1-7), with no band
    and no mark: tick the level you choose for each decision."""
    titles = tuple(s.title for s in content.scenarios)
    levels = tuple(f"{lv.number}\n{lv.name}" for lv in content.levels)
    alt = ngettext(
        "A blank delegation board to fill in: {count} decision down the side ({titles}), "
        "the delegation levels 1 to {levels} across. Mark the level you choose for it.",
        "A blank delegation board to fill in: {count} decisions down the side ({titles}), "
        "the delegation levels 1 to {levels} across. Mark the level you choose for each.",
        len(titles),
    ).format(count=len(titles), titles="; ".join(titles), levels=len(levels))
    return layered(_board_blank_static, (titles, levels), _nothing, alt)


def blank_charts(content: Content) -> dict[str, Chart]:
    """Every blank chart by name: ``radar``, ``grid``, ``bar``, ``board``."""
    return {
        "radar": blank_radar(content),
        "grid": blank_kotter_grid(),
        "bar": blank_balance_bar(),
        "board": blank_delegation_board(content),
    }
