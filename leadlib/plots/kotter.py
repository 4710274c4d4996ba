"""The leadership and management grid (after Kotter; ``scoring.GRID_NAME``): the
learner's leadership and management indices on the 2x2, with the
strong lines at ``scoring.STRONG_THRESHOLD`` and their quadrant highlighted.

Imports matplotlib only inside functions; must not import ipywidgets, nbconvert or the
journal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
    from matplotlib.text import Text

#: The grid's title (translated where shown: ``_(KOTTER_TITLE)``).
KOTTER_TITLE = N_("Where you stand: leadership and management grid (after Kotter)")
SIDE = 660.0  # pixels of the square plot
TICKS = [0, 20, 40, 60, 80, 100]
#: The ``gid`` of each quadrant's name and of the strong lines' label: the texts the
#: learner's label must leave readable.
CELL_GID, STRONG_GID = "kotter-cell", "kotter-strong"


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
        gid=STRONG_GID,
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
            wrap(cell.label, 12 if x > threshold else 22),
            ha="center",
            va="center",
            fontsize=palette.FONT_SIZE,
            color=palette.LEARNER if cell is quadrant else MUTED_TEXT,
            fontweight="bold" if cell is quadrant else "normal",
            gid=CELL_GID,
        )
    for cell, _x, _y, (x0, x1), (y0, y1) in cells:
        if cell is quadrant:
            ax.axvspan(x0, x1, ymin=y0 / 100, ymax=y1 / 100, color=palette.HIGHLIGHT, alpha=0.18)


#: Pixels between the learner's mark and its label; a label that has to go further to
#: keep clear of the quadrant's name goes up to ``FARTHEST`` gaps away, joined to the
#: mark by a thin line.
LABEL_GAP = 14.0
FARTHEST = 16
#: Pixels kept free around the quadrant's name and along the cell's edges.
CLEARANCE = 3.0
#: The learner's diamond: its size in points, and how far its tips reach from its
#: centre in pixels (half its diagonal, plus its edge), which the label leaves free.
MARK_SIZE = 16
MARK_REACH = MARK_SIZE * 0.5**0.5 * PX_PER_PT + 1

Box = tuple[float, float, float, float]


def _overlap(a: Box, b: Box) -> float:
    across = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    up = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    return across * up


def _label_place(
    size: tuple[float, float],
    lead: float,
    man: float,
    side: float,
    threshold: float = STRONG_THRESHOLD,
    obstacles: tuple[Box, ...] = (),
    pad: float = 0.0,
) -> tuple[str, str, float, float]:
    """Where the learner's label goes: (ha, va, dx, dy), the offset in pixels from the
    mark, which places the label's text; its frame stands ``pad`` pixels further out.
    ``size`` is the (width, height) in pixels of the label's box, frame included;
    ``obstacles`` are the boxes (x0, y0, x1, y1, pixels from the plot's lower left) of
    the texts it must not cover: the quadrants' names and the strong lines' label.

    The label stays inside the learner's own quadrant (never over a neighbour's name or
    across a strong line), off the mark and off every obstacle: the first of right-below,
    left-below, right-above, left-above, below and above that does so, next to the mark,
    else the same places farther away (up to ``FARTHEST`` gaps), else any of them slid
    sideways into the cell (near an outer edge of the grid). If none fits, the place
    inside the cell that covers the obstacles least, else the one that overlaps the cell
    most.
    """
    width, height = size
    x, y = man * side / 100, lead * side / 100
    edge = threshold * side / 100
    cell: Box = (
        0.0 if man < threshold else edge,
        0.0 if lead < threshold else edge,
        edge if man < threshold else side,
        edge if lead < threshold else side,
    )
    keep_off = [
        (x0 - CLEARANCE, y0 - CLEARANCE, x1 + CLEARANCE, y1 + CLEARANCE)
        for x0, y0, x1, y1 in obstacles
    ]
    directions = [
        ("left", "top", 1.0, -1.0, 0.0),
        ("right", "top", -1.0, -1.0, 0.0),
        ("left", "bottom", 1.0, 1.0, 0.0),
        ("right", "bottom", -1.0, 1.0, 0.0),
        ("center", "top", 0.0, -1.0, -8.0),
        ("center", "bottom", 0.0, 1.0, 8.0),
    ]
    text_w, text_h = width - 2 * pad, height - 2 * pad

    def box(ha: str, va: str, dx: float, dy: float) -> Box:
        left = x + dx - {"left": 0.0, "right": text_w, "center": text_w / 2}[ha] - pad
        bottom = y + dy - (text_h if va == "top" else 0.0) - pad
        return left, bottom, left + width, bottom + height

    def slid(ha: str, va: str, dx: float, dy: float) -> tuple[str, str, float, float]:
        """The place moved sideways into the cell, if it sticks out on one side only."""
        x0, _y0, x1, _y1 = box(ha, va, dx, dy)
        room = cell[2] - cell[0] - 2 * CLEARANCE
        if x0 < cell[0] + CLEARANCE and x1 - x0 <= room:
            dx += cell[0] + CLEARANCE - x0
        elif x1 > cell[2] - CLEARANCE and x1 - x0 <= room:
            dx -= x1 - cell[2] + CLEARANCE
        return ha, va, dx, dy

    def on_mark(place: tuple[str, str, float, float]) -> bool:
        """Whether the box covers part of the diamond (|u| + |v| <= its half-diagonal)."""
        x0, y0, x1, y1 = box(*place)
        u, v = min(max(x, x0), x1) - x, min(max(y, y0), y1) - y
        return abs(u) + abs(v) < MARK_REACH

    candidates = [
        (ha, va, sx * LABEL_GAP * k, sy * LABEL_GAP * k + extra)
        for k in range(1, FARTHEST + 1)
        for ha, va, sx, sy, extra in directions
    ]
    # Next to the mark first; then the same places slid sideways to fit the cell.
    candidates += [slid(*place) for place in candidates]

    def covered(place: tuple[str, str, float, float]) -> float:
        return sum(_overlap(box(*place), other) for other in keep_off)

    whole = width * height
    inside = [
        place
        for place in candidates
        if _overlap(box(*place), cell) >= whole - 1e-6 and not on_mark(place)
    ]
    for place in inside:
        if covered(place) == 0:
            return place
    if inside:
        return min(inside, key=covered)
    return max(candidates[: len(directions)], key=lambda place: _overlap(box(*place), cell))


def _obstacles(ax: Axes, side: float) -> tuple[Box, ...]:
    """The boxes of the texts the label must not cover, measured by the figure's
    renderer, in pixels of a ``side``-pixel plot from its lower left."""
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    to_data = ax.transData.inverted()
    boxes = []
    for text in ax.texts:
        if text.get_gid() not in (CELL_GID, STRONG_GID) or not text.get_text():
            continue
        extent = text.get_window_extent(renderer)
        (x0, y0), (x1, y1) = to_data.transform([(extent.x0, extent.y0), (extent.x1, extent.y1)])
        boxes.append((x0 * side / 100, y0 * side / 100, x1 * side / 100, y1 * side / 100))
    return tuple(boxes)


def _kotter_mark(context: tuple[Axes, float], lead: float, man: float) -> list[Artist]:
    """The learner's position on the grid: a black diamond and a labelled box inside
    the learner's quadrant, clear of the quadrant's name (joined to the mark by a thin
    line when it has to stand farther off)."""
    ax, side = context
    marks: list[Artist] = [
        *ax.plot(
            [man],
            [lead],
            marker="D",
            markersize=MARK_SIZE,
            color=palette.LEARNER,
            linestyle="none",
            label=_("You"),
            zorder=DYNAMIC_Z,
        )
    ]
    you = _("You: leadership {leadership},\nmanagement {management}").format(
        leadership=num(lead), management=num(man)
    )
    style: dict[str, Any] = {
        "fontsize": palette.FONT_SIZE,
        "color": palette.LEARNER,
        "bbox": {"boxstyle": "round,pad=0.3", "facecolor": WHITE, "edgecolor": palette.NEUTRAL},
        "zorder": DYNAMIC_Z + 1,
    }
    *size, pad = _box_size(ax, ax.text(man, lead, you, **style), side)
    ha, va, dx, dy = _label_place(
        (size[0], size[1]), lead, man, side, obstacles=_obstacles(ax, side), pad=pad
    )
    far = abs(dx) > 2 * LABEL_GAP or abs(dy) > 2 * LABEL_GAP + 8
    marks.append(
        ax.annotate(
            you,
            xy=(man, lead),
            xytext=(dx / PX_PER_PT, dy / PX_PER_PT),
            textcoords="offset points",
            ha=ha,
            va=va,
            # Far from the mark, a thin line says whose label it is.
            arrowprops={"arrowstyle": "-", "color": palette.NEUTRAL, "linewidth": 1.5}
            if far
            else None,
            **style,
        )
    )
    return marks


def _box_size(ax: Axes, probe: Text, side: float) -> tuple[float, float, float]:
    """Width and height of the framed text ``probe`` as the renderer draws it, and the
    space between its text and its frame, in pixels of a ``side``-pixel plot; ``probe``
    is removed from the plot."""
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    probe.update_bbox_position_size(renderer)
    patch = probe.get_bbox_patch()
    text = probe.get_window_extent(renderer)
    frame = patch.get_window_extent(renderer) if patch is not None else text
    probe.remove()
    scale = side / ax.bbox.width
    return frame.width * scale, frame.height * scale, (frame.width - text.width) / 2 * scale
