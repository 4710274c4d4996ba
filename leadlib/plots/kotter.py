"""The leadership and management grid (after Kotter; ``scoring.GRID_NAME``): the
learner's leadership and management indices on the 2x2, with the
strong lines at ``scoring.STRONG_THRESHOLD`` and their quadrant highlighted.

Imports matplotlib only inside functions; must not import ipywidgets, nbconvert or the
journal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import palette
from ..i18n import N_, _
from ..scoring import STRONG_THRESHOLD, Profile, Quadrant
from .chart import Chart
from .layers import DYNAMIC_Z, layered
from .style import (
    MARGIN,
    MUTED_TEXT,
    PX_PER_PT,
    TICK_ROOM,
    WHITE,
    axes_at,
    figure_px,
    line_height,
    style_axes,
    text_box,
    title,
    title_height,
)
from .words import num, wrap

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: The grid's title (translated where shown: ``_(KOTTER_TITLE)``).
KOTTER_TITLE = N_("Where you stand: leadership and management grid (after Kotter)")
SIDE = 660.0  # pixels of the square plot
TICKS = [0, 20, 40, 60, 80, 100]


def kotter_grid(profile: Profile) -> Chart:
    """The 2x2 after Kotter: management index across, leadership index up, the strong lines at
    ``STRONG_THRESHOLD``, and the learner's position as a black mark.

    The grid with its quadrant highlighted is the static layer (one per quadrant); the
    mark and its label are drawn over it."""
    quadrant = profile.quadrant
    lead, man = profile.leadership, profile.management
    placed = quadrant is not None and lead is not None and man is not None

    def dynamic(context: tuple[Axes, float]) -> list[Artist]:
        if lead is None or man is None or not placed:
            return []
        return _kotter_mark(context, lead, man)

    static_args = (quadrant if placed else None, float(STRONG_THRESHOLD))
    return layered(_kotter_static, static_args, dynamic, _kotter_alt(profile, STRONG_THRESHOLD))


def _kotter_alt(profile: Profile, threshold: float) -> str:
    """The grid's alt text: the threshold, and the learner's indices and quadrant (or
    what is known so far)."""
    quadrant, lead, man = profile.quadrant, profile.leadership, profile.management
    opening = _(
        "A grid of leadership against management, based on Kotter's argument, strong from "
        "{threshold}."
    ).format(threshold=num(threshold))
    if quadrant is not None and lead is not None and man is not None:
        return (
            opening
            + " "
            + _(
                "Your leadership index is {leadership} and your management index is "
                "{management}: {quadrant}."
            ).format(leadership=num(lead), management=num(man), quadrant=quadrant.label.lower())
        )
    sentences = [
        opening,
        _("No position yet: both parts of the self-assessment need answers."),
    ]
    if lead is not None and man is not None:
        sentences.append(
            _("So far: leadership index {leadership}, management index {management}.").format(
                leadership=num(lead), management=num(man)
            )
        )
    elif lead is not None:
        sentences.append(_("So far: leadership index {leadership}.").format(leadership=num(lead)))
    elif man is not None:
        sentences.append(_("So far: management index {management}.").format(management=num(man)))
    return " ".join(sentences)


def grid_base(quadrant: Quadrant | None, threshold: float) -> tuple[Figure, Axes]:
    """The grid's axes, its two strong lines with their label, and the four cells
    (``quadrant`` highlighted, or none): what the learner's grid and the blank one share."""
    figure, ax = _kotter_axes()
    ax.axvline(threshold, color=palette.NEUTRAL, linestyle="--", linewidth=2)
    ax.axhline(threshold, color=palette.NEUTRAL, linestyle="--", linewidth=2)
    ax.text(
        threshold + 1,
        1,
        _("strong from {threshold}").format(threshold=num(threshold)),
        fontsize=palette.FONT_SIZE,
        color=palette.LEARNER,
        va="bottom",
    )
    _draw_cells(ax, quadrant, threshold)
    return figure, ax


def _kotter_static(
    quadrant: Quadrant | None, threshold: float
) -> tuple[Figure, tuple[Axes, float]]:
    """The grid with ``quadrant`` highlighted (None: the "not enough answers" note)."""
    figure, ax = grid_base(quadrant, threshold)
    if quadrant is None:
        ax.text(
            50,
            50,
            _("Not enough answers yet:\nanswer both parts of the self-assessment"),
            ha="center",
            va="center",
            fontsize=palette.FONT_SIZE,
            color=palette.LEARNER,
            bbox={"boxstyle": "round,pad=0.5", "facecolor": WHITE, "edgecolor": palette.NEUTRAL},
        )
    title(ax, _(KOTTER_TITLE))
    return figure, (ax, SIDE)


def _kotter_axes() -> tuple[Figure, Axes]:
    """A square plot of ``SIDE`` pixels from 0 to 100 both ways, with margins measured
    for the tick labels and axis labels (left, bottom) and the title (top)."""
    tick_w = text_box("100")[0]
    line_h = line_height()
    left = MARGIN + line_h + TICK_ROOM + tick_w + 8
    bottom = MARGIN + 2 * line_h + TICK_ROOM + 8
    heading = _(KOTTER_TITLE)
    top = MARGIN + title_height(heading)
    right = max(2 * MARGIN, text_box(heading, palette.TITLE_SIZE)[0] + MARGIN - SIDE)
    figure = figure_px(left + SIDE + right, top + SIDE + bottom)
    ax = axes_at(figure, left, right, top, bottom)
    style_axes(ax)
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_xlabel(_("Management index (0-100)"), fontsize=palette.FONT_SIZE)
    ax.set_ylabel(_("Leadership index (0-100)"), fontsize=palette.FONT_SIZE)
    ax.set_xticks(TICKS)
    ax.set_yticks(TICKS)
    return figure, ax


def _cell_name(cell: Quadrant, right: bool) -> str:
    """A quadrant's name as its cell shows it: wrapped narrower in the right-hand cells."""
    return wrap(cell.label, 12 if right else 22)


def _draw_cells(ax: Axes, quadrant: Quadrant | None, threshold: float) -> None:
    """Each quadrant's name in its cell, the learner's ``quadrant`` bold and shaded."""
    middle, low = (100 + threshold) / 2, threshold / 2
    # (quadrant, x centre, y centre, x range, y range) of each cell.
    cells = [
        (Quadrant.LEADERSHIP_ONLY, low, middle, (0, threshold), (threshold, 100)),
        (Quadrant.STRONG_BOTH, middle, middle, (threshold, 100), (threshold, 100)),
        (Quadrant.WEAK_BOTH, low, low, (0, threshold), (0, threshold)),
        (Quadrant.MANAGEMENT_ONLY, middle, low, (threshold, 100), (0, threshold)),
    ]
    for cell, x, y, _xs, _ys in cells:
        ax.text(
            x,
            y,
            _cell_name(cell, x > threshold),
            ha="center",
            va="center",
            fontsize=palette.FONT_SIZE,
            color=palette.LEARNER if cell is quadrant else MUTED_TEXT,
            fontweight="bold" if cell is quadrant else "normal",
        )
    for cell, _x, _y, (x0, x1), (y0, y1) in cells:
        if cell is quadrant:
            ax.axvspan(x0, x1, ymin=y0 / 100, ymax=y1 / 100, color=palette.HIGHLIGHT, alpha=0.18)


#: Pixels between the learner's mark and its label.
LABEL_GAP = 14.0


def _label_place(
    label: str, lead: float, man: float, side: float, threshold: float = STRONG_THRESHOLD
) -> tuple[str, str, float, float]:
    """Where the learner's label goes: (ha, va, dx, dy), the offset in pixels from the
    mark. The label stays inside the learner's own quadrant (never over a neighbour's
    name or across a strong line) and off that quadrant's own name, drawn bold at the
    cell's centre: the first of right-below, left-below, right-above, left-above, below
    and above whose box fits in the cell clear of the name, else the first that fits in
    the cell, else the one that overlaps the cell most."""
    width, height = text_box(label)
    pad = 0.3 * palette.FONT_SIZE * PX_PER_PT + 2  # the label's box around its text
    width, height = width + 2 * pad, height + 2 * pad
    x, y = man * side / 100, lead * side / 100
    edge = threshold * side / 100
    cell_x = (0.0, edge) if man < threshold else (edge, side)
    cell_y = (0.0, edge) if lead < threshold else (edge, side)
    strong_lead, strong_man = lead >= threshold, man >= threshold
    quadrant = (
        (Quadrant.STRONG_BOTH if strong_man else Quadrant.LEADERSHIP_ONLY)
        if strong_lead
        else (Quadrant.MANAGEMENT_ONLY if strong_man else Quadrant.WEAK_BOTH)
    )
    name_w, name_h = text_box(_cell_name(quadrant, strong_man), bold=True)
    name_x, name_y = sum(cell_x) / 2, sum(cell_y) / 2
    name = (name_x - name_w / 2, name_y - name_h / 2, name_x + name_w / 2, name_y + name_h / 2)
    gap = LABEL_GAP
    candidates = [
        ("left", "top", gap, -gap),
        ("right", "top", -gap, -gap),
        ("left", "bottom", gap, gap),
        ("right", "bottom", -gap, gap),
        ("center", "top", 0.0, -gap - 8),
        ("center", "bottom", 0.0, gap + 8),
    ]

    def box(ha: str, va: str, dx: float, dy: float) -> tuple[float, float, float, float]:
        left = x + dx - {"left": 0.0, "right": width, "center": width / 2}[ha]
        bottom = y + dy - (height if va == "top" else 0.0)
        return left, bottom, left + width, bottom + height

    def overlap(place: tuple[str, str, float, float]) -> float:
        x0, y0, x1, y1 = box(*place)
        across = max(0.0, min(x1, cell_x[1]) - max(x0, cell_x[0]))
        up = max(0.0, min(y1, cell_y[1]) - max(y0, cell_y[0]))
        return across * up

    def clear_of_name(place: tuple[str, str, float, float]) -> bool:
        x0, y0, x1, y1 = box(*place)
        return x1 <= name[0] or name[2] <= x0 or y1 <= name[1] or name[3] <= y0

    whole = width * height
    fitting = [place for place in candidates if overlap(place) >= whole - 1e-6]
    for place in fitting:
        if clear_of_name(place):
            return place
    if fitting:
        return fitting[0]
    return max(candidates, key=overlap)


def _kotter_mark(context: tuple[Axes, float], lead: float, man: float) -> list[Artist]:
    """The learner's position on the grid: a black diamond and a labelled box inside
    the learner's quadrant."""
    ax, side = context
    marks: list[Artist] = [
        *ax.plot(
            [man],
            [lead],
            marker="D",
            markersize=16,
            color=palette.LEARNER,
            linestyle="none",
            label=_("You"),
            zorder=DYNAMIC_Z,
        )
    ]
    you = _("You: leadership {leadership},\nmanagement {management}").format(
        leadership=num(lead), management=num(man)
    )
    ha, va, dx, dy = _label_place(you, lead, man, side)
    marks.append(
        ax.annotate(
            you,
            xy=(man, lead),
            xytext=(dx / PX_PER_PT, dy / PX_PER_PT),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=palette.FONT_SIZE,
            color=palette.LEARNER,
            bbox={"boxstyle": "round,pad=0.3", "facecolor": WHITE, "edgecolor": palette.NEUTRAL},
            zorder=DYNAMIC_Z + 1,
        )
    )
    return marks
