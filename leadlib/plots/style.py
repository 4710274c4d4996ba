"""What every chart of the course shares in drawing: the families' styles, colours
beyond the palette, gids, figure and axes making, text measurement and titles.

Imports matplotlib only inside functions; must not import ipywidgets, nbconvert or the
journal.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Literal

from .. import palette
from ..i18n import N_
from ..models import Family

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: How each family is drawn: colour AND line style AND marker, so the families stay
#: apart in greyscale print and for every form of colour-vision deficiency.
FAMILY_STYLE: dict[Family, dict[str, Any]] = {
    Family.LEADERSHIP: {"color": palette.LEADERSHIP, "linestyle": "-", "marker": "o"},
    Family.MANAGEMENT: {"color": palette.MANAGEMENT, "linestyle": "--", "marker": "s"},
}
#: What each family's line looks like, for a legend (translated where shown:
#: ``_(FAMILY_LEGEND[family])``).
FAMILY_LEGEND = {
    Family.LEADERSHIP: N_("Leadership traits (solid line, circles)"),
    Family.MANAGEMENT: N_("Management traits (dashed line, squares)"),
}
GRID_COLOUR = "#DDDDDD"  # a light grey for guide lines only, never for data
WHITE = "#FFFFFF"
MUTED_TEXT = "#555555"  # secondary text: still 7:1 contrast on white, for projectors
GUIDE = "guide"  # gid of lines that only guide the eye (grids), not data

PX_PER_PT = palette.FIGURE_DPI / 72  # pixels per typographic point
LINE_SPACING = 1.2  # matplotlib's default space between the lines of one text
MARGIN = 12  # pixels kept free along every edge of a figure
TICK_ROOM = 2 * 3.5 * PX_PER_PT  # a tick (3.5 points) and its gap to the label


def new_figure(width: float, height: float, layout: Literal["constrained"] | None = None) -> Figure:
    """A new figure of ``width`` x ``height`` inches on its own Agg canvas: nothing
    registered with pyplot.

    The course's charts use no layout engine: each places its axes itself from measured
    text (see ``text_box``), which is fast and gives the same layout for the same chart.
    The team report's charts ask for ``layout="constrained"``."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=palette.FIGURE_DPI, facecolor=WHITE)
    FigureCanvasAgg(figure)
    if layout is not None:
        figure.set_layout_engine(layout)
    return figure


def figure_px(width: float, height: float) -> Figure:
    """A new figure of ``width`` x ``height`` pixels (see ``new_figure``)."""
    return new_figure(width / palette.FIGURE_DPI, height / palette.FIGURE_DPI)


@functools.lru_cache(maxsize=4)
def _measurer(dpi: int) -> Any:
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(8, 8, dpi)


@functools.lru_cache(maxsize=1024)
def text_box(text: str, size: float = palette.FONT_SIZE, bold: bool = False) -> tuple[float, float]:
    """Width and height in pixels of ``text`` (one or more lines) as the charts draw it."""
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    renderer = _measurer(palette.FIGURE_DPI)
    lines = text.split("\n")
    width = max(renderer.get_text_width_height_descent(x or " ", prop, False)[0] for x in lines)
    return width, len(lines) * size * LINE_SPACING * PX_PER_PT


def line_height() -> float:
    """Height in pixels of one line of text at the charts' font size."""
    return text_box("0")[1]


def axes_at(
    figure: Figure, left: float, right: float, top: float, bottom: float, **kwargs: Any
) -> Axes:
    """Axes placed by their margins in pixels from the figure's edges."""
    width, height = figure.bbox.width, figure.bbox.height
    rect = (left / width, bottom / height, 1 - (left + right) / width, 1 - (top + bottom) / height)
    return figure.add_axes(rect, **kwargs)


def style_axes(ax: Axes) -> None:
    """Tick labels at the charts' font size in the learner's colour, neutral spines."""
    ax.tick_params(labelsize=palette.FONT_SIZE, colors=palette.LEARNER)
    for spine in ax.spines.values():
        spine.set_color(palette.NEUTRAL)


def title(ax: Axes, text: str, above: float = 0, left: float = 0) -> None:
    """The chart's title over the axes' left edge (or ``left`` pixels further left),
    ``above`` pixels higher than the axes' top (for tick labels there); its place is
    fixed, never searched for."""
    x = -left / ax.bbox.width if left else 0.0
    ax.set_title(
        text, fontsize=palette.TITLE_SIZE, loc="left", pad=16 + above / PX_PER_PT, y=1.0, x=x
    )


def title_height(text: str) -> float:
    """Room in pixels a title (and its gap of 16 points) needs over the axes."""
    return text_box(text, palette.TITLE_SIZE)[1] + 16 * PX_PER_PT
