"""The team report's charts: the team radar (mean and spread per trait), the balance
histogram, the leadership and management grid with counts, and the team's delegation board.

Each chart takes figures that the privacy rules already made safe and carries alt text
with the numbers. matplotlib is imported inside the functions only (Agg canvas, no
pyplot); must not import ipywidgets, nbconvert or the journal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .. import palette
from ..i18n import N_, _, ngettext
from ..models import Content, Family
from ..plots import Chart
from ..plots.radar import RadarContext, radar_chart, radar_marks, radar_spread
from ..plots.style import FAMILY_LEGEND, MUTED_TEXT, WHITE, new_figure, title
from ..plots.words import count_word, wrap
from .privacy import ProtectedDistribution
from .summary import QUADRANT_ORDER, ScenarioFigure, TeamSummary, TraitFigure

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

HIDDEN = N_("hidden")
HIDDEN_FILL = "#EEEEEE"
#: The team radar's legend: the course's, saying what the line and the band show (the
#: report's text says the band is one standard deviation either side of the mean).
TEAM_LEGEND_TEXT = N_("{family}: team mean and spread")


def _people(n: int) -> str:
    return ngettext("{n} person", "{n} people", n).format(n=n)


def team_legend() -> tuple[tuple[Family, str], ...]:
    """The team radar's legend in the current language."""
    return tuple(
        (family, _(TEAM_LEGEND_TEXT).format(family=_(FAMILY_LEGEND[family]))) for family in Family
    )


def _figure(width: float, height: float) -> Figure:
    """A figure of ``width`` x ``height`` inches laid out by matplotlib (constrained)."""
    return new_figure(width, height, layout="constrained")


def _finish(figure: Figure, alt: str) -> Chart:
    figure.canvas.draw()
    figure.set_layout_engine("none")
    return Chart(figure, alt)


def _with_note(alt: str, note: str) -> str:
    return f"{alt} {note}" if note else alt


def team_radar(content: Content, summary: TeamSummary) -> Chart:
    """The team's mean score per trait on the course's radar, with a band of one
    standard deviation either side; a trait with too few answers says "hidden"."""
    traits = [t for family in Family for t in summary.traits if t.family is family]
    means = [t.figure.mean if t.figure.shown else None for t in traits]
    lows, highs = _spread(traits)
    heading = _("Team profile: {traits} traits, {people}").format(
        traits=count_word(len(traits)), people=_people(summary.participants)
    )

    def dynamic(context: RadarContext) -> list[Artist]:
        return radar_spread(context, lows, highs) + radar_marks(context, means, missing=_(HIDDEN))

    names = [(t.name, t.family) for t in traits]
    return radar_chart(names, heading, team_legend(), dynamic, _radar_alt(summary, traits))


def _spread(traits: Sequence[TraitFigure]) -> tuple[list[float | None], list[float | None]]:
    """One standard deviation under and over each shown trait's mean, within 0-100."""
    lows: list[float | None] = []
    highs: list[float | None] = []
    for t in traits:
        mean, sd = t.figure.mean, t.figure.sd or 0.0
        lows.append(None if mean is None else max(mean - sd, 0.0))
        highs.append(None if mean is None else min(mean + sd, 100.0))
    return lows, highs


def _radar_alt(summary: TeamSummary, traits: Sequence[TraitFigure]) -> str:
    parts = []
    for t in traits:
        if t.figure.shown:
            parts.append(
                _("{trait} ({family}) mean {mean}, standard deviation {sd}, {people}").format(
                    trait=t.name,
                    family=t.family.word,
                    mean=f"{t.figure.mean:.0f}",
                    sd=f"{t.figure.sd:.0f}",
                    people=_people(t.figure.n),
                )
            )
        else:
            parts.append(_("{trait}: {hidden}").format(trait=t.name, hidden=_(HIDDEN)))
    alt = _(
        "Radar chart of the team's self-assessment, {people}, {traits} trait scores 0 to 100: "
    ).format(people=_people(summary.participants), traits=count_word(len(traits)))
    alt += "; ".join(parts) + "."
    if any(not t.figure.shown for t in traits):
        alt += " " + _(
            "Hidden traits had fewer answers than the minimum group, or answers too much alike."
        )
    return alt


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
            ax.text(x, top * 0.17, _(HIDDEN), ha="center", va="bottom", fontsize=palette.FONT_SIZE)
            pieces.append(f"{label}: {_(HIDDEN)}")
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
    ax.set_xticklabels([wrap(label, 14) for label in labels], fontsize=palette.FONT_SIZE)
    ax.set_ylim(0, top * 1.25)
    ax.set_ylabel(_("People"), fontsize=palette.FONT_SIZE)
    ax.tick_params(axis="y", labelsize=palette.FONT_SIZE)
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
        _("Balance index: below 0 leans to management, above 0 to leadership"),
        fontsize=palette.FONT_SIZE,
    )
    title(ax, _("Balance of the team's profiles"))
    alt = (
        _("Bar chart of the balance index of {people}, counted per range: ").format(
            people=_people(dist.total)
        )
        + "; ".join(pieces)
        + "."
    )
    return _finish(figure, _with_note(alt, dist.note))


def quadrant_grid(summary: TeamSummary) -> Chart:
    """The grid after Kotter with the number of people in each quadrant."""
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
    # The counts are the four quadrants, then (from this version on) the profiles near
    # the line, drawn where the lines cross; a ledger's older release has four.
    for quadrant, count in zip(QUADRANT_ORDER, dist.counts[: len(QUADRANT_ORDER)], strict=True):
        x, y = cells[quadrant]
        fill = palette.BAND if quadrant is QUADRANT_ORDER[0] else "#F4F4F4"
        ax.add_patch(_rectangle((x + 0.03, y + 0.03), 0.94, 0.94, fill, 0.25 if x and y else 1.0))
        shown = _(HIDDEN) if count is None else str(count)
        ax.text(x + 0.5, y + 0.58, shown, ha="center", va="center", fontsize=30, weight="bold")
        ax.text(
            x + 0.5,
            y + 0.25,
            wrap(quadrant.label, 22),
            ha="center",
            va="center",
            fontsize=palette.FONT_SIZE,
        )
        pieces.append(f"{quadrant.label}: {shown}")
    for label, count in zip(
        dist.labels[len(QUADRANT_ORDER) :], dist.counts[len(QUADRANT_ORDER) :], strict=True
    ):
        shown = _(HIDDEN) if count is None else str(count)
        ax.text(
            1.0,
            1.0,
            f"{label}: {shown}",
            ha="center",
            va="center",
            fontsize=palette.FONT_SIZE,
            bbox={"boxstyle": "round,pad=0.4", "facecolor": "white", "edgecolor": "#888888"},
        )
        pieces.append(f"{label}: {shown}")
    _quadrant_axes(ax)
    title(ax, _("Leadership and management grid (after Kotter): people per quadrant"))
    alt = (
        _(
            "A two-by-two grid of strong or weaker leadership and management, based on "
            "Kotter's argument, {people}: "
        ).format(people=_people(dist.total))
        + "; ".join(pieces)
        + "."
    )
    return _finish(figure, _with_note(alt, dist.note))


def _quadrant_axes(ax: Axes) -> None:
    """Two cells each way, "weaker" and "strong", no spines or ticks."""
    ax.set_xlim(0, 2)
    ax.set_ylim(0, 2)
    ax.set_xticks([0.5, 1.5])
    ax.set_xticklabels([_("weaker"), _("strong")], fontsize=palette.FONT_SIZE)
    ax.set_yticks([0.5, 1.5])
    ax.set_yticklabels([_("weaker"), _("strong")], fontsize=palette.FONT_SIZE)
    ax.set_xlabel(Family.MANAGEMENT.label, fontsize=palette.FONT_SIZE)
    ax.set_ylabel(Family.LEADERSHIP.label, fontsize=palette.FONT_SIZE)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.tick_params(length=0)


def _rectangle(xy: tuple[float, float], w: float, h: float, colour: str, alpha: float) -> Patch:
    from matplotlib.patches import Rectangle

    return Rectangle(xy, w, h, facecolor=colour, alpha=alpha, edgecolor="none")


def delegation_board(content: Content, scenarios: Sequence[ScenarioFigure]) -> Chart:
    """The team's delegation board: one row per scenario (widest disagreement first),
    the recommended band shaded, and the number of people per level or per band."""
    rows = list(scenarios)
    levels = len(content.levels)
    figure = _figure(12.0, 1.2 + 0.62 * max(len(rows), 1))
    ax = figure.add_subplot()
    pieces = [_board_row(ax, len(rows) - 1 - row, item, levels) for row, item in enumerate(rows)]
    _board_axes(ax, content, rows)
    alt = (
        _(
            "The team's delegation board, the most divided scenarios first; number of "
            "people per delegation level or group of levels: "
        )
        + "; ".join(pieces)
        + "."
    )
    return _finish(figure, alt)


def _board_row(ax: Axes, y: float, item: ScenarioFigure, levels: int) -> str:
    """One scenario's row at height ``y``: its band, and its people per level or band
    (or why they are hidden); the row's words for the alt text."""
    low, high = item.band
    ax.add_patch(_rectangle((low - 0.45, y - 0.42), high - low + 0.9, 0.84, palette.BAND, 0.22))
    dist = item.distribution
    if not dist.shown:
        ax.text(
            (levels + 1) / 2,
            y,
            _("hidden: no answers") if not item.n else _("hidden, to protect individual answers"),
            ha="center",
            va="center",
            fontsize=palette.FONT_SIZE,
            color=MUTED_TEXT,
        )
        return _("{title}: {hidden}").format(title=item.title, hidden=_(HIDDEN))
    counts = []
    for members, count in zip(dist.grouping.members, dist.counts, strict=True):
        if count == 0:
            continue
        first, last = members[0] + 1, members[-1] + 1
        _board_count(ax, y, first, last, count, item.n)
        span = (
            _("level {first}").format(first=first)
            if first == last
            else _("levels {first}-{last}").format(first=first, last=last)
        )
        counts.append(f"{span}: {_(HIDDEN) if count is None else count}")
    return _("{title} (recommended {low}-{high}): ").format(
        title=item.title, low=low, high=high
    ) + ", ".join(counts)


def _board_count(ax: Axes, y: float, first: int, last: int, count: int | None, n: int) -> None:
    """The people at levels ``first`` to ``last``: a circle sized by ``count`` for one
    level, a box for a broader band (hatched grey when the count is hidden)."""
    from matplotlib.patches import FancyBboxPatch

    centre = (first + last) / 2
    one_level = first == last and count is not None
    if one_level:
        assert count is not None
        ax.add_patch(_circle((centre, y), 0.18 + 0.26 * math.sqrt(count / max(n, 1))))
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
        _(HIDDEN) if count is None else str(count),
        ha="center",
        va="center",
        fontsize=palette.FONT_SIZE,
        color=WHITE if one_level else palette.LEARNER,
    )


def _board_axes(ax: Axes, content: Content, rows: Sequence[ScenarioFigure]) -> None:
    """The levels across the top, the scenarios down (first at the top), a key below."""
    levels = len(content.levels)
    ax.set_xlim(0.4, levels + 0.6)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xticks(range(1, levels + 1))
    ax.set_xticklabels(
        [f"{lv.number}\n{lv.name}" for lv in content.levels], fontsize=palette.FONT_SIZE
    )
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([wrap(r.title, 34) for r in reversed(rows)], fontsize=palette.FONT_SIZE)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.tick_params(length=0)
    ax.set_xlabel(
        _(
            "Green: the recommended band. Circles: people at one level; "
            "boxes: people in a group of levels."
        ),
        fontsize=palette.FONT_SIZE,
    )


def _circle(centre: tuple[float, float], radius: float) -> Patch:
    from matplotlib.patches import Ellipse

    # An ellipse that looks round whatever the row height: x spans levels, y rows.
    return Ellipse(centre, radius * 2, radius * 2 * 0.9, facecolor=palette.LEADERSHIP)
