"""The team report's charts: the team radar (mean and spread per trait), the balance
histogram, Kotter's grid with counts, and the team's delegation board.

Each chart takes figures that the privacy rules already made safe and carries alt text
with the numbers. matplotlib is imported inside the functions only (Agg canvas, no
pyplot); must not import ipywidgets, nbconvert or the journal.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from .. import palette
from ..models import Content, Family
from ..plots import Chart
from .privacy import ProtectedDistribution
from .summary import QUADRANT_ORDER, ScenarioFigure, TeamSummary

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.projections.polar import PolarAxes

WHITE = "#FFFFFF"
HIDDEN_FILL = "#EEEEEE"
FAMILY_STYLE = {
    Family.LEADERSHIP: {"color": palette.LEADERSHIP, "linestyle": "-", "marker": "o"},
    Family.MANAGEMENT: {"color": palette.MANAGEMENT, "linestyle": "--", "marker": "s"},
}


def _figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=palette.FIGURE_DPI, facecolor=WHITE)
    FigureCanvasAgg(figure)
    figure.set_layout_engine("constrained")
    return figure


def _finish(figure: Figure, alt: str) -> Chart:
    figure.canvas.draw()
    figure.set_layout_engine("none")
    return Chart(figure, alt)


def _title(ax: Axes, text: str) -> None:
    ax.set_title(text, fontsize=palette.TITLE_SIZE, loc="left", pad=14)


def _wrap(text: str, width: int = 16) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def team_radar(content: Content, summary: TeamSummary) -> Chart:
    """The team's mean score per trait, with a band of one standard deviation either side."""
    figure = _figure(9.0, 7.5)
    ax = cast("PolarAxes", figure.add_subplot(projection="polar"))
    traits = list(summary.traits)
    count = len(traits)
    angles = [2 * math.pi * i / count for i in range(count)]
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_ylim(0, 100)
    ax.set_yticks([25, 50, 75, 100])
    ax.set_yticklabels(["25", "50", "75", ""], fontsize=palette.FONT_SIZE - 2)
    ax.set_rlabel_position(360 / count / 2)
    ax.set_xticks(angles)
    ax.set_xticklabels([_wrap(t.name, 14) for t in traits], fontsize=palette.FONT_SIZE)
    ax.tick_params(axis="x", pad=14)
    ax.grid(color="#DDDDDD")
    for family in (Family.LEADERSHIP, Family.MANAGEMENT):
        style = FAMILY_STYLE[family]
        picks = [i for i, t in enumerate(traits) if t.family is family and t.figure.shown]
        if not picks:
            continue
        # Close each family's outline through its neighbours so it reads as one shape.
        theta = [angles[i] for i in picks]
        means = [traits[i].figure.mean or 0.0 for i in picks]
        sds = [traits[i].figure.sd or 0.0 for i in picks]
        lows = [max(m - s, 0.0) for m, s in zip(means, sds, strict=True)]
        highs = [min(m + s, 100.0) for m, s in zip(means, sds, strict=True)]
        ax.fill_between(theta, lows, highs, color=style["color"], alpha=0.18, linewidth=0)
        for angle, lo, hi in zip(theta, lows, highs, strict=True):
            ax.plot([angle, angle], [lo, hi], color=style["color"], linewidth=3, alpha=0.6)
        ax.plot(
            theta,
            means,
            color=style["color"],
            linestyle=style["linestyle"],
            marker=style["marker"],
            markersize=9,
            linewidth=2.5,
            label=f"{family.label} traits: team mean, bar = one standard deviation",
        )
    ax.set_thetalim(0, 2 * math.pi)
    hidden = [t.name for t in traits if not t.figure.shown]
    _title(ax, f"Team profile ({_people(summary.participants)})")
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.08),
        fontsize=palette.FONT_SIZE - 1,
        frameon=False,
    )
    parts = []
    for t in traits:
        if t.figure.shown:
            parts.append(
                f"{t.name} ({t.family.value}) mean {t.figure.mean:.0f}, "
                f"standard deviation {t.figure.sd:.0f}, {_people(t.figure.n)}"
            )
        else:
            parts.append(f"{t.name}: hidden")
    alt = (
        f"Radar chart of the team's self-assessment, {_people(summary.participants)}, "
        "scores 0 to 100: " + "; ".join(parts) + "."
    )
    if hidden:
        alt += " Hidden traits had fewer answers than the minimum group."
    return _finish(figure, alt)


def _bars(
    ax: Axes, dist: ProtectedDistribution, colour: str
) -> list[str]:  # returns alt text pieces
    labels = list(dist.labels)
    positions = list(range(len(labels)))
    top = max([c for c in dist.counts if c is not None] + [dist.hidden_total, 1])
    pieces = []
    for x, label, count in zip(positions, labels, dist.counts, strict=True):
        if count is None:
            ax.bar(
                x, top * 0.15, color=HIDDEN_FILL, edgecolor=palette.NEUTRAL, hatch="//", width=0.7
            )
            ax.text(x, top * 0.17, "hidden", ha="center", va="bottom", fontsize=palette.FONT_SIZE)
            pieces.append(f"{label}: hidden")
        else:
            ax.bar(x, count, color=colour, width=0.7)
            ax.text(
                x,
                count + top * 0.02,
                str(count),
                ha="center",
                va="bottom",
                fontsize=palette.FONT_SIZE,
            )
            pieces.append(f"{label}: {count}")
    ax.set_xticks(positions)
    ax.set_xticklabels([_wrap(label, 14) for label in labels], fontsize=palette.FONT_SIZE - 1)
    ax.set_ylim(0, top * 1.25)
    ax.set_ylabel("People", fontsize=palette.FONT_SIZE)
    ax.tick_params(axis="y", labelsize=palette.FONT_SIZE - 2)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return pieces


def balance_histogram(summary: TeamSummary) -> Chart:
    """How many people have each balance index (leadership minus management)."""
    dist = summary.balance_distribution
    figure = _figure(10.0, 5.0)
    ax = figure.add_subplot()
    pieces = _bars(ax, dist, palette.SEQUENCE[5])
    ax.set_xlabel(
        "Balance index: below 0 leans to management, above 0 to leadership",
        fontsize=palette.FONT_SIZE,
    )
    _title(ax, "Balance of the team's profiles")
    alt = (
        f"Bar chart of the balance index of {_people(dist.total)}, counted per range: "
        + "; ".join(pieces)
        + "."
    )
    if dist.note:
        alt += " " + dist.note
    return _finish(figure, alt)


def quadrant_grid(summary: TeamSummary) -> Chart:
    """Kotter's 2x2 with the number of people in each quadrant."""
    dist = summary.quadrants
    figure = _figure(8.0, 6.5)
    ax = figure.add_subplot()
    # strong_both top right, leadership_only top left... leadership on the y axis.
    cells = {
        QUADRANT_ORDER[0]: (1, 1),
        QUADRANT_ORDER[1]: (0, 1),
        QUADRANT_ORDER[2]: (1, 0),
        QUADRANT_ORDER[3]: (0, 0),
    }
    pieces = []
    for quadrant, count in zip(QUADRANT_ORDER, dist.counts, strict=True):
        x, y = cells[quadrant]
        fill = palette.BAND if quadrant is QUADRANT_ORDER[0] else "#F4F4F4"
        ax.add_patch(_rectangle((x + 0.03, y + 0.03), 0.94, 0.94, fill, 0.25 if x and y else 1.0))
        shown = "hidden" if count is None else str(count)
        ax.text(x + 0.5, y + 0.58, shown, ha="center", va="center", fontsize=30, weight="bold")
        ax.text(
            x + 0.5,
            y + 0.25,
            _wrap(quadrant.label, 22),
            ha="center",
            va="center",
            fontsize=palette.FONT_SIZE - 1,
        )
        pieces.append(f"{quadrant.label}: {shown}")
    ax.set_xlim(0, 2)
    ax.set_ylim(0, 2)
    ax.set_xticks([0.5, 1.5])
    ax.set_xticklabels(["weaker", "strong"], fontsize=palette.FONT_SIZE)
    ax.set_yticks([0.5, 1.5])
    ax.set_yticklabels(["weaker", "strong"], fontsize=palette.FONT_SIZE)
    ax.set_xlabel("Management", fontsize=palette.FONT_SIZE)
    ax.set_ylabel("Leadership", fontsize=palette.FONT_SIZE)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.tick_params(length=0)
    _title(ax, "Kotter's grid: people per quadrant")
    alt = (
        f"Kotter's two-by-two grid of strong or weaker leadership and management, "
        f"{_people(dist.total)}: " + "; ".join(pieces) + "."
    )
    if dist.note:
        alt += " " + dist.note
    return _finish(figure, alt)


def _rectangle(xy: tuple[float, float], w: float, h: float, colour: str, alpha: float) -> Patch:
    from matplotlib.patches import Rectangle

    return Rectangle(xy, w, h, facecolor=colour, alpha=alpha, edgecolor="none")


def delegation_board(content: Content, scenarios: Sequence[ScenarioFigure]) -> Chart:
    """The team's delegation board: one row per scenario (widest disagreement first),
    the recommended band shaded, and the number of people per level or per band."""
    from matplotlib.patches import FancyBboxPatch

    rows = list(scenarios)
    levels = len(content.levels)
    figure = _figure(12.0, 1.2 + 0.62 * max(len(rows), 1))
    ax = figure.add_subplot()
    pieces = []
    for row, item in enumerate(rows):
        y = len(rows) - 1 - row
        low, high = item.band
        ax.add_patch(_rectangle((low - 0.45, y - 0.42), high - low + 0.9, 0.84, palette.BAND, 0.22))
        dist = item.distribution
        if not dist.shown:
            ax.text(
                (levels + 1) / 2,
                y,
                "hidden: " + ("no answers" if not item.n else "small group"),
                ha="center",
                va="center",
                fontsize=palette.FONT_SIZE - 1,
                color="#555555",
            )
            pieces.append(f"{item.title}: hidden")
            continue
        counts = []
        for members, count in zip(dist.grouping.members, dist.counts, strict=True):
            first, last = members[0] + 1, members[-1] + 1
            centre = (first + last) / 2
            if count == 0:
                continue
            if len(members) == 1 and count is not None:
                size = 0.18 + 0.26 * math.sqrt(count / max(item.n, 1))
                ax.add_patch(_circle((centre, y), size))
            else:
                ax.add_patch(
                    FancyBboxPatch(
                        (first - 0.38, y - 0.27),
                        last - first + 0.76,
                        0.54,
                        boxstyle="round,pad=0.02",
                        facecolor=HIDDEN_FILL if count is None else "#CFE3F1",
                        edgecolor=palette.NEUTRAL if count is None else palette.LEADERSHIP,
                        hatch="//" if count is None else None,
                    )
                )
            ax.text(
                centre,
                y,
                "hidden" if count is None else str(count),
                ha="center",
                va="center",
                fontsize=palette.FONT_SIZE - 1,
                color="#FFFFFF" if len(members) == 1 and count is not None else "#000000",
            )
            span = f"level {first}" if first == last else f"levels {first}-{last}"
            counts.append(f"{span}: {'hidden' if count is None else count}")
        pieces.append(f"{item.title} (recommended {low}-{high}): " + ", ".join(counts))
    ax.set_xlim(0.4, levels + 0.6)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xticks(range(1, levels + 1))
    ax.set_xticklabels(
        [f"{lv.number}\n{lv.name}" for lv in content.levels], fontsize=palette.FONT_SIZE - 1
    )
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([_wrap(r.title, 34) for r in reversed(rows)], fontsize=palette.FONT_SIZE - 1)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.tick_params(length=0)
    ax.set_xlabel(
        "Green: the recommended band. Circles: people at one level; "
        "boxes: people in a broader band.",
        fontsize=palette.FONT_SIZE - 1,
    )
    alt = (
        "The team's delegation board, scenarios with the widest disagreement first; "
        "number of people per delegation level or band: " + "; ".join(pieces) + "."
    )
    return _finish(figure, alt)


def _circle(centre: tuple[float, float], radius: float) -> Patch:
    from matplotlib.patches import Ellipse

    # An ellipse that looks round whatever the row height: x spans levels, y rows.
    return Ellipse(centre, radius * 2, radius * 2 * 0.9, facecolor=palette.LEADERSHIP)
