"""The delegation chart: the delegation levels chosen per scenario (one learner's, or a
group's with counts) against each scenario's recommended band.

Imports matplotlib and numpy only inside functions; must not import ipywidgets,
nbconvert or the journal.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import palette
from ..errors import AnswerError
from ..i18n import N_, _, ngettext
from ..models import Content, Scenario
from .chart import Chart
from .layers import DYNAMIC_Z, LAYERS, Layer, layered
from .style import (
    GRID_COLOUR,
    MARGIN,
    PX_PER_PT,
    TICK_ROOM,
    axes_at,
    figure_px,
    style_axes,
    text_box,
    title,
    title_height,
)
from .words import NOT_ANSWERED, wrap

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

DELEGATION_MARKERS = {"within": "o", "controlling": "<", "hands_off": ">"}
#: The legend of each kind of mark (translated where shown: ``_(DELEGATION_KINDS[kind])``).
DELEGATION_KINDS = {
    "within": N_("Chosen level inside the band"),
    "controlling": N_("More control than recommended"),
    "hands_off": N_("More hands-off than recommended"),
}
WIDTH, ROW_HEIGHT = 1200.0, 54.0  # pixels
TITLE_WIDTH = 30  # characters per line of a scenario's title

#: Per scenario: its title, whether it has a choice, its recommended band.
Rows = tuple[tuple[str, bool, tuple[int, int]], ...]
#: How many learners chose each level, per scenario id.
Tallies = dict[str, dict[int, int]]


@dataclass
class _Marks:
    """The chart's marks: points by (kind, size), a few artists instead of one per
    scenario; a group's counts (level, row, count, mark size); the fit in numbers."""

    points: dict[tuple[str, float], tuple[list[int], list[int]]] = field(default_factory=dict)
    labels: list[tuple[int, int, int, float]] = field(default_factory=list)
    inside_total: int = 0
    total: int = 0


def delegation_distribution(content: Content, choices: Mapping[str, Sequence[int]]) -> Chart:
    """Chosen delegation levels per scenario against each recommended band.

    ``choices`` maps a scenario id to the levels chosen (one level for one learner, many
    for a team). Every scenario of the course gets a row; one without choices says "not
    answered". Raises AnswerError for an unknown scenario or a level outside 1-7.

    Axes, labels, bands, legend and title are the static layer (cached per set of
    answered scenarios and kinds of mark); the marks (and a team's counts) are drawn
    over it.
    """
    counts = _tally(content, choices)
    scenarios = content.scenarios
    many = any(sum(t.values()) > 1 for t in counts.values())
    marks = _place_marks(content, counts, many)
    kinds = tuple(k for k in DELEGATION_KINDS if any(kind == k for kind, _ in marks.points))
    static_args = (
        tuple((s.title, bool(counts.get(s.id)), s.recommended_band) for s in scenarios),
        tuple(f"{lv.number}\n{lv.name}" for lv in content.levels),
        many,
        kinds,
    )

    def dynamic(ax: Axes) -> list[Artist]:
        return _draw_marks(ax, marks)

    alt = _delegation_alt(content, counts, many, marks.inside_total, marks.total)
    answered = [bool(counts.get(s.id)) for s in scenarios]
    if all(answered) or not any(answered):
        return layered(_delegation_static, static_args, dynamic, alt)
    return _mixed_rows_chart(static_args, answered, dynamic, alt)


def _tally(content: Content, choices: Mapping[str, Sequence[int]]) -> Tallies:
    """How many times each level was chosen per scenario; AnswerError for an unknown
    scenario or a level that is not a whole number of the scale."""
    known = {s.id for s in content.scenarios}
    levels_count = len(content.levels)
    counts: Tallies = {}
    for scenario_id, picked in choices.items():
        if scenario_id not in known:
            raise AnswerError(
                _("Unknown delegation scenario '{scenario}': it is not in delegation.toml.").format(
                    scenario=scenario_id
                )
            )
        tally: dict[int, int] = {}
        for level in picked:
            if (
                isinstance(level, bool)
                or not isinstance(level, int)
                or not 1 <= level <= levels_count
            ):
                raise AnswerError(
                    _(
                        "Scenario '{scenario}': the delegation level must be a whole number "
                        "from 1 to {count}, found {found!r}."
                    ).format(scenario=scenario_id, count=levels_count, found=level)
                )
            tally[level] = tally.get(level, 0) + 1
        counts[scenario_id] = tally
    return counts


def _place_marks(content: Content, counts: Tallies, many: bool) -> _Marks:
    """Every choice's mark, by kind (inside the band, more control, more hands-off) and
    size (a group's marks grow with their count)."""
    biggest = max((n for t in counts.values() for n in t.values()), default=1)
    marks = _Marks()
    for row, s in enumerate(content.scenarios):
        low, high = s.recommended_band
        for level, n in sorted(counts.get(s.id, {}).items()):
            kind = (
                "within" if low <= level <= high else "controlling" if level < low else "hands_off"
            )
            marks.total += n
            marks.inside_total += n if kind == "within" else 0
            size = 11 + 9 * math.sqrt(n / biggest) if many else 14
            xs, ys = marks.points.setdefault((kind, size), ([], []))
            xs.append(level)
            ys.append(row)
            if many:
                marks.labels.append((level, row, n, size))
    return marks


def _draw_marks(ax: Axes, marks: _Marks) -> list[Artist]:
    """The chart's dynamic layer: the marks, and a group's count beside each."""
    drawn: list[Artist] = []
    for (kind, size), (xs, ys) in marks.points.items():
        drawn += ax.plot(
            xs,
            ys,
            marker=DELEGATION_MARKERS[kind],
            markersize=size,
            color=palette.LEARNER,
            linestyle="none",
            label=_(DELEGATION_KINDS[kind]),
            zorder=DYNAMIC_Z,
        )
    for level, row, n, size in marks.labels:
        drawn.append(
            ax.annotate(
                str(n),
                xy=(level, row),
                xytext=(size / 2 + 4, 0),
                textcoords="offset points",
                va="center",
                fontsize=palette.FONT_SIZE,
                color=palette.LEARNER,
                zorder=DYNAMIC_Z + 1,
            )
        )
    return drawn


def _mixed_rows_chart(
    static_args: tuple[Any, ...],
    answered: Sequence[bool],
    dynamic: Callable[[Axes], list[Artist]],
    alt: str,
) -> Chart:
    """The chart when some rows are answered and some not: the marks go on the
    all-answered layer, over its pixels with each unanswered row's label taken from the
    none-answered layer (so two layers serve every set of answered rows)."""
    rows_spec: Rows = static_args[0]

    def variant(answer: bool) -> tuple[Any, ...]:
        return (tuple((t, answer, b) for t, _a, b in rows_spec), *static_args[1:])

    def background(layer: Layer) -> Any:
        import numpy as np

        unanswered = LAYERS.get(_delegation_static, variant(False)).background
        mixed = layer.background.copy()
        left = math.floor(layer.context.bbox.x0)  # the labels' side of the axes
        height = layer.figure.bbox.height
        for lo, hi in _label_strips(layer.context, height, [not a for a in answered]):
            mixed[lo:hi, :left] = unanswered[lo:hi, :left]
        return np.ascontiguousarray(mixed)

    return layered(
        _delegation_static,
        static_args,
        dynamic,
        alt,
        layer_args=variant(True),
        background=background,
    )


def _label_strips(ax: Axes, height: float, rows: Sequence[bool]) -> list[tuple[int, int]]:
    """Pixel rows (from the top of a figure ``height`` pixels high, end excluded) of the
    label strip of every row marked True: from half-way to the row above to half-way to
    the row below."""
    strips = []
    for row, wanted in enumerate(rows):
        if not wanted:
            continue
        (_, top), (_, bottom) = ax.transData.transform([(1, row - 0.5), (1, row + 0.5)])
        strips.append((round(height - top), round(height - bottom)))
    return strips


def _row_label(title: str, answered: bool) -> str:
    """A scenario's label on the chart: its title, wrapped, and "not answered" if so."""
    label = wrap(title, TITLE_WIDTH)
    return (
        label
        if answered
        else _("{title} ({not_answered})").format(title=label, not_answered=_(NOT_ANSWERED))
    )


def _delegation_static(
    rows_spec: Rows, xlabels: tuple[str, ...], many: bool, kinds: tuple[str, ...]
) -> tuple[Figure, Axes]:
    """The delegation chart's static layer: one row per scenario (title, "not answered"
    where it has no choice, recommended band), the levels over the plot, the legend for
    the ``kinds`` of mark shown, and the title."""
    heading = (
        _("Delegation choices of the group against the recommended levels")
        if many
        else _("Your delegation choices against the recommended levels")
    )
    # Margins from the longest scenario title (as it would read unanswered, so the plot
    # keeps its place while the learner answers), the level names over the plot, the
    # title and the legend (up to two rows) under it.
    left = MARGIN + TICK_ROOM + max(text_box(_row_label(t, False))[0] for t, _a, _b in rows_spec)
    xtick_h = max(text_box(label)[1] for label in xlabels) + TICK_ROOM
    top = MARGIN + xtick_h + title_height(heading)
    legend_h = 2 * palette.FONT_SIZE * 1.75 * PX_PER_PT
    bottom = legend_h + 10 + MARGIN
    figure = figure_px(WIDTH, top + len(rows_spec) * ROW_HEIGHT + bottom)
    ax = axes_at(figure, left, 2 * MARGIN, top, bottom)
    _delegation_axes(ax, rows_spec, xlabels)
    band = _draw_bands(ax, rows_spec)
    _draw_legend(ax, [band, *_kind_handles(kinds)], (bottom - 10) / figure.bbox.height)
    title(ax, heading, above=xtick_h, left=left - MARGIN)  # from the figure's edge
    return figure, ax


def _delegation_axes(ax: Axes, rows_spec: Rows, xlabels: tuple[str, ...]) -> None:
    """The levels across (over the plot), one row per scenario down, a light grid."""
    rows, levels_count = len(rows_spec), len(xlabels)
    style_axes(ax)
    ax.set_xlim(0.5, levels_count + 0.5)
    ax.set_ylim(rows - 0.5, -0.5)
    ax.set_xticks(range(1, levels_count + 1))
    ax.set_xticklabels(xlabels, fontsize=palette.FONT_SIZE)
    ax.xaxis.tick_top()
    ax.set_yticks(range(rows))
    ax.set_yticklabels([_row_label(t, a) for t, a, _b in rows_spec], fontsize=palette.FONT_SIZE)
    ax.grid(axis="x", color=GRID_COLOUR, linewidth=1)
    ax.set_axisbelow(True)


def _draw_bands(ax: Axes, rows_spec: Rows) -> Artist:
    """Every row's recommended band, all as one collection (returned, for the legend)."""
    from matplotlib.collections import PolyCollection

    bands = []
    for row, (_name, _answered, (low, high)) in enumerate(rows_spec):
        x0, x1, y0, y1 = low - 0.4, high + 0.4, row - 0.36, row + 0.36
        bands.append([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
    band = PolyCollection(
        bands, facecolor=palette.BAND, alpha=0.3, linewidth=0, label=_("Recommended levels")
    )
    ax.add_collection(band, autolim=False)
    return band


def _kind_handles(kinds: Sequence[str]) -> list[Artist]:
    """A legend entry for each kind of mark shown."""
    from matplotlib.lines import Line2D

    return [
        Line2D(
            [],
            [],
            marker=DELEGATION_MARKERS[kind],
            markersize=14,
            color=palette.LEARNER,
            linestyle="none",
            label=_(DELEGATION_KINDS[kind]),
        )
        for kind in kinds
    ]


def _draw_legend(ax: Axes, handles: list[Artist], top: float) -> None:
    """The legend in two columns centred under the whole figure, its top at ``top``
    (figure fraction)."""
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, top),
        bbox_transform=ax.figure.transFigure,
        ncol=2,
        fontsize=palette.FONT_SIZE,
        frameon=False,
        borderaxespad=0,
    )


def _delegation_alt(
    content: Content,
    counts: Mapping[str, Mapping[int, int]],
    many: bool,
    inside_total: int,
    total: int,
) -> str:
    """The chart's alt text: the scale, the fit in numbers, each answered scenario."""
    first, last = content.levels[0], content.levels[-1]
    scenarios = len(content.scenarios)
    opening = (
        ngettext(
            "Chart of the group's delegation choices for {count} scenario, on levels "
            "{first} ({first_name}) to {last} ({last_name}), with the recommended band of "
            "each.",
            "Chart of the group's delegation choices for {count} scenarios, on levels "
            "{first} ({first_name}) to {last} ({last_name}), with the recommended band of "
            "each.",
            scenarios,
        )
        if many
        else ngettext(
            "Chart of your delegation choices for {count} scenario, on levels {first} "
            "({first_name}) to {last} ({last_name}), with the recommended band of each.",
            "Chart of your delegation choices for {count} scenarios, on levels {first} "
            "({first_name}) to {last} ({last_name}), with the recommended band of each.",
            scenarios,
        )
    ).format(
        count=scenarios,
        first=first.number,
        first_name=first.name,
        last=last.number,
        last_name=last.name,
    )
    if total == 0:
        return opening + " " + _("No scenario answered yet.")
    answered = [s for s in content.scenarios if counts.get(s.id)]
    lines = [_scenario_words(content, s, counts[s.id], many) for s in answered]
    missing = scenarios - len(answered)
    if missing:
        summary = ngettext(
            "{inside} of {total} choices inside the recommended band; {missing} scenario "
            "not answered.",
            "{inside} of {total} choices inside the recommended band; {missing} scenarios "
            "not answered.",
            missing,
        ).format(inside=inside_total, total=total, missing=missing)
    else:
        summary = _("{inside} of {total} choices inside the recommended band.").format(
            inside=inside_total, total=total
        )
    return " ".join([opening, summary, *lines])


def _scenario_words(content: Content, s: Scenario, tally: Mapping[int, int], many: bool) -> str:
    """One answered scenario in the alt text: the choice (or the group's spread) against
    the recommended band."""
    low, high = s.recommended_band
    band = (
        _("recommended {level}").format(level=low)
        if low == high
        else _("recommended {low}-{high}").format(low=low, high=high)
    )
    if many:
        spread = ", ".join(
            _("level {level} x{count}").format(level=lv, count=n) for lv, n in sorted(tally.items())
        )
        inside = sum(n for lv, n in tally.items() if low <= lv <= high)
        return _("{scenario}: {spread}; {band}; {inside} of {total} inside.").format(
            scenario=s.title, spread=spread, band=band, inside=inside, total=sum(tally.values())
        )
    (level,) = tally
    where = (
        _("inside")
        if low <= level <= high
        else _("more control than recommended")
        if level < low
        else _("more hands-off than recommended")
    )
    return _("{scenario}: chose {level} ({level_name}), {band}, {where}.").format(
        scenario=s.title, level=level, level_name=content.level(level).name, band=band, where=where
    )
