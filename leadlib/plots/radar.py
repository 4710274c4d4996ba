"""The radar: scores 0-100 per trait on plain axes (rings, spokes, trait names), one
line per family. ``profile_radar`` draws a learner's profile; the team report draws
its team radar on the same layer with ``radar_chart``, ``radar_marks`` and
``radar_spread``.

Imports matplotlib only inside functions; must not import ipywidgets, nbconvert or the
journal.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import palette
from ..i18n import _, ngettext
from ..models import Content, Family
from ..scoring import Profile
from .chart import Chart
from .layers import DYNAMIC_Z, layered
from .style import (
    FAMILY_LEGEND,
    FAMILY_STYLE,
    GRID_COLOUR,
    GUIDE,
    MARGIN,
    PX_PER_PT,
    axes_at,
    figure_px,
    line_height,
    text_box,
    title_height,
)
from .words import NOT_ANSWERED, count_word, num, wrap

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

TRAIT_LABEL = "trait-label"  # gid of the radar's scores (under the trait names)
TRAIT_NAME = "trait-name"  # gid of the radar's trait names
WIDTH, HEIGHT = 860.0, 800.0  # pixels
GAP = 14.0  # pixels between the outer ring and a trait's label
RING_STEPS = 120  # straight pieces of one ring

#: The traits around the radar, clockwise from the top: (name, family).
Names = tuple[tuple[str, Family], ...]
#: Each family with its legend text.
Legend = tuple[tuple[Family, str], ...]


def profile_radar(content: Content, profile: Profile, title: str | None = None) -> Chart:
    """The trait scores (0-100) on a radar, leadership traits on the right half in
    blue solid lines with circles, management traits on the left in vermillion dashed
    lines with squares. Traits without an answer leave a gap and say "not answered".

    Drawn on plain axes (a circle grid of a few lines, labels placed from their measured
    size) rather than polar axes: the same picture for a fraction of the drawing time.
    The grid, trait names, legend and title are the static layer; the two lines and the
    scores under the names are drawn over it."""
    traits = ordered_traits(content)
    scores: list[float | None] = []
    for trait_id, _name, _family in traits:
        value = profile.traits.get(trait_id)
        scores.append(None if value is None else float(value))
    heading = title or ngettext(
        "Your profile: {count} trait, scores 0-100",
        "Your profile: {count} traits, scores 0-100",
        len(traits),
    ).format(count=count_word(len(traits)))
    names = tuple((name, family) for _id, name, family in traits)

    def dynamic(context: RadarContext) -> list[Artist]:
        return radar_marks(context, scores)

    alt = _radar_alt(traits, scores, profile)
    return radar_chart(names, heading, course_legend(), dynamic, alt)


def course_legend() -> Legend:
    """The course's legend in the current language: what each family's line looks like."""
    return tuple((family, _(FAMILY_LEGEND[family])) for family in FAMILY_STYLE)


def ordered_traits(content: Content) -> list[tuple[str, str, Family]]:
    """Traits grouped by family, leadership first: (id, name, family)."""
    return [(t.id, t.name, t.family) for family in Family for t in content.traits_in(family)]


def radar_chart(
    names: Sequence[tuple[str, Family]],
    heading: str,
    legend: Legend,
    dynamic: Callable[[RadarContext], list[Artist]],
    alt: str,
) -> Chart:
    """A radar of the traits ``names`` (name, family; clockwise from the top) under
    ``heading``, with ``legend``, and the marks ``dynamic(context)`` draws over it."""
    wrapped = tuple((wrap(name), family) for name, family in names)
    return layered(radar_static, (wrapped, heading, legend), dynamic, alt)


@dataclass(frozen=True)
class RadarContext:
    """What the marks of a radar need: its axes, each trait's family and angle (from
    the top, clockwise), where each trait's score goes, and the legend's words."""

    ax: Axes
    families: tuple[Family, ...]
    angles: tuple[float, ...]
    score_places: tuple[tuple[float, float, int], ...]  # x, y (data) and the name's lines
    legend: Legend


@dataclass(frozen=True)
class _LabelBlock:
    """A trait label's place: its spoke's direction, the block's centre (x) and top (y)
    in pixels from the label's anchor, and the lines of the name."""

    dx: float
    dy: float
    centre: float
    top: float
    lines: int


def radar_static(names: Names, heading: str, legend: Legend) -> tuple[Figure, RadarContext]:
    """The radar's static layer: rings, spokes, scale, trait names, legend and title.

    Every trait's label is its name with the score on a line under it; the room for the
    score is that of the widest possible one ("not answered"), so the circle keeps its
    size and place whatever the answers."""
    count = len(names)
    # Start at the top and go clockwise, so leadership sits on the right.
    angles = [2 * math.pi * i / count for i in range(count)]
    figure = figure_px(WIDTH, HEIGHT)
    legend_room = 2 * palette.FONT_SIZE * 1.75 * PX_PER_PT + MARGIN
    top_room = MARGIN + title_height(heading)
    half_h = (HEIGHT - top_room - legend_room) / 2
    radius, blocks = _label_blocks(names, angles, WIDTH / 2 - MARGIN, half_h)
    unit = radius / 100  # pixels per score point
    centre_y = legend_room + half_h  # from the bottom, in pixels

    ax = axes_at(figure, 0, 0, 0, 0)
    ax.set_axis_off()
    ax.set_xlim(-WIDTH / 2 / unit, WIDTH / 2 / unit)
    ax.set_ylim(-centre_y / unit, (HEIGHT - centre_y) / unit)
    _draw_rings(ax, angles)
    score_places = _draw_names(ax, names, blocks, unit)
    _draw_legend(ax, legend, (legend_room - MARGIN / 2) / HEIGHT)
    ax.set_title(heading, fontsize=palette.TITLE_SIZE, y=1 - MARGIN / HEIGHT, pad=0, va="top")
    families = tuple(f for _n, f in names)
    return figure, RadarContext(ax, families, tuple(angles), tuple(score_places), legend)


def _label_blocks(
    names: Names, angles: Sequence[float], half_w: float, half_h: float
) -> tuple[int, list[_LabelBlock]]:
    """The circle's radius in pixels: the largest that keeps every label, placed just
    outside the circle on its spoke, inside ``half_w`` and ``half_h`` of the centre;
    and each label's block."""
    score_w = max(text_box(_(NOT_ANSWERED))[0], text_box("100")[0])
    line_h = line_height()
    radius = 300.0
    blocks = []
    for (name, _family), angle in zip(names, angles, strict=True):
        dx, dy = math.sin(angle), math.cos(angle)
        ha = "left" if dx > 0.1 else "right" if dx < -0.1 else "center"
        va = "bottom" if dy > 0.1 else "top" if dy < -0.1 else "center"
        name_w, name_h = text_box(name)
        w, h = max(name_w, score_w), name_h + line_h
        extra_x = {"left": w, "right": w, "center": w / 2}[ha]
        extra_y = {"bottom": h, "top": h, "center": h / 2}[va]
        if abs(dx) > 1e-9:
            radius = min(radius, (half_w - extra_x) / abs(dx) - GAP)
        if abs(dy) > 1e-9:
            radius = min(radius, (half_h - extra_y) / abs(dy) - GAP)
        centre = {"left": w / 2, "right": -w / 2, "center": 0.0}[ha]
        top = {"bottom": h, "top": 0.0, "center": h / 2}[va]
        blocks.append(_LabelBlock(dx, dy, centre, top, name.count("\n") + 1))
    return max(math.floor(radius), 120), blocks


def _draw_rings(ax: Axes, angles: Sequence[float]) -> None:
    """The grid: rings at 25, 50 and 75, the outer edge at 100, one spoke per trait,
    and the scale between the first two spokes on the right."""
    ring_x: list[float] = []
    ring_y: list[float] = []
    for level in (25, 50, 75):
        for k in range(RING_STEPS + 1):
            ring_x.append(level * math.sin(2 * math.pi * k / RING_STEPS))
            ring_y.append(level * math.cos(2 * math.pi * k / RING_STEPS))
        ring_x.append(math.nan)
        ring_y.append(math.nan)
    for angle in angles:
        ring_x += [0.0, 100 * math.sin(angle), math.nan]
        ring_y += [0.0, 100 * math.cos(angle), math.nan]
    ax.plot(ring_x, ring_y, color=GRID_COLOUR, linewidth=1, zorder=1, gid=GUIDE)
    ax.plot(
        [100 * math.sin(2 * math.pi * k / RING_STEPS) for k in range(RING_STEPS + 1)],
        [100 * math.cos(2 * math.pi * k / RING_STEPS) for k in range(RING_STEPS + 1)],
        color=palette.NEUTRAL,
        linewidth=1,
        zorder=1,
        gid=GUIDE,
    )
    scale_angle = 2 * math.pi * (0.25 - 1 / len(angles) / 2)  # between two spokes, right
    for level in (25, 50, 75, 100):
        ax.text(
            level * math.sin(scale_angle) + 2,
            level * math.cos(scale_angle) + 2,
            str(level),
            fontsize=palette.FONT_SIZE,
            color=palette.LEARNER,
            ha="left",
            va="bottom",
        )


def _draw_names(
    ax: Axes, names: Names, blocks: Sequence[_LabelBlock], unit: float
) -> list[tuple[float, float, int]]:
    """Each trait's name in its family's colour, just outside the circle; where each
    score goes (x, y in data units, and the name's lines)."""
    reach = 100 + GAP / unit
    score_places = []
    for (name, family), block in zip(names, blocks, strict=True):
        x, y = reach * block.dx + block.centre / unit, reach * block.dy + block.top / unit
        _trait_text(ax, x, y, name, family, gid=TRAIT_NAME)
        score_places.append((x, y, block.lines))
    return score_places


def _trait_text(ax: Axes, x: float, y: float, text: str, family: Family, **kwargs: Any) -> Text:
    """A trait's name or score, its top centred at (x, y), in its family's colour."""
    return ax.text(
        x,
        y,
        text,
        ha="center",
        va="top",
        ma="center",
        fontsize=palette.FONT_SIZE,
        color=FAMILY_STYLE[family]["color"],
        **kwargs,
    )


def _draw_legend(ax: Axes, legend: Legend, top: float) -> None:
    """One legend row per family under the circle, its top at ``top`` (axes fraction)."""
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], **FAMILY_STYLE[family], markersize=11, linewidth=3, label=label)
        for family, label in legend
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, top),
        ncol=1,
        fontsize=palette.FONT_SIZE,
        frameon=False,
        borderaxespad=0,
    )


def _point(value: float, angle: float) -> tuple[float, float]:
    """Where ``value`` lies on the spoke at ``angle``, in data units."""
    return value * math.sin(angle), value * math.cos(angle)


def radar_marks(
    context: RadarContext, scores: Sequence[float | None], missing: str | None = None
) -> list[Artist]:
    """A radar's marks: one line per family, the joins between the families, and each
    trait's score under its name (``missing`` where the score is None; by default
    "not answered" in the current language)."""
    return [
        *_family_lines(context, scores),
        *_family_joins(context, scores),
        *_score_texts(context, scores, _(NOT_ANSWERED) if missing is None else missing),
    ]


def _family_lines(context: RadarContext, scores: Sequence[float | None]) -> list[Artist]:
    """Each family as its own line: consecutive traits of the same family with a score
    are joined, a missing score breaks the line (a visible gap)."""
    labels = dict(context.legend)
    marks: list[Artist] = []
    for family in Family:
        points = [
            _point(math.nan if score is None else score, angle)
            for fam, angle, score in zip(context.families, context.angles, scores, strict=True)
            if fam is family
        ]
        marks += context.ax.plot(
            [x for x, _y in points],
            [y for _x, y in points],
            **FAMILY_STYLE[family],
            markersize=11,
            linewidth=3,
            label=labels[family],
            zorder=DYNAMIC_Z + 1,
        )
    return marks


def _family_joins(context: RadarContext, scores: Sequence[float | None]) -> list[Artist]:
    """The joins between the families, thin and neutral, so the shape reads as one
    profile without mixing the families' styles."""
    families, angles = context.families, context.angles
    marks: list[Artist] = []
    for i in range(len(families)):
        j = (i + 1) % len(families)
        here, there = scores[i], scores[j]
        if families[i] is not families[j] and here is not None and there is not None:
            (x0, y0), (x1, y1) = _point(here, angles[i]), _point(there, angles[j])
            marks += context.ax.plot(
                [x0, x1],
                [y0, y1],
                color=palette.NEUTRAL,
                linestyle=":",
                linewidth=2,
                zorder=DYNAMIC_Z,
            )
    return marks


def _score_texts(
    context: RadarContext, scores: Sequence[float | None], missing: str
) -> list[Artist]:
    """Each score on the line under its trait's name: blank lines for the name's lines,
    so it sits exactly where the last line of one "name, score" label would."""
    marks: list[Artist] = []
    for (x, y, lines), family, score in zip(
        context.score_places, context.families, scores, strict=True
    ):
        text = "\n" * lines + (num(score) if score is not None else missing)
        marks.append(
            _trait_text(context.ax, x, y, text, family, gid=TRAIT_LABEL, zorder=DYNAMIC_Z + 2)
        )
    return marks


def radar_spread(
    context: RadarContext, lows: Sequence[float | None], highs: Sequence[float | None]
) -> list[Artist]:
    """A spread per trait: a bar along its spoke from ``lows[i]`` to ``highs[i]`` (none
    where ``lows[i]`` is None), and a light band joining the bars of neighbouring traits
    of one family, in the family's colour. Drawn under the lines of ``radar_marks``."""
    from matplotlib.patches import Polygon

    ax, angles = context.ax, context.angles
    marks: list[Artist] = []
    for run in _runs(context.families, lows):
        colour = FAMILY_STYLE[context.families[run[0]]]["color"]
        ends = [
            (_point(lows[i] or 0.0, angles[i]), _point(highs[i] or 0.0, angles[i])) for i in run
        ]
        if len(run) > 1:
            outline = [high for _low, high in ends] + [low for low, _high in reversed(ends)]
            band = Polygon(outline, facecolor=colour, alpha=0.18, linewidth=0, zorder=DYNAMIC_Z)
            marks.append(ax.add_patch(band))
        for (x0, y0), (x1, y1) in ends:
            marks += ax.plot(
                [x0, x1], [y0, y1], color=colour, linewidth=3, alpha=0.6, zorder=DYNAMIC_Z
            )
    return marks


def _runs(families: Sequence[Family], values: Sequence[float | None]) -> list[list[int]]:
    """The indices of neighbouring traits of one family that all have a value."""
    runs: list[list[int]] = []
    for i, (family, value) in enumerate(zip(families, values, strict=True)):
        if value is None:
            continue
        if runs and runs[-1][-1] == i - 1 and families[i - 1] is family:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _radar_alt(
    traits: list[tuple[str, str, Family]], scores: list[float | None], profile: Profile
) -> str:
    """The radar's alt text: every trait's score by family, and the two indices."""
    parts = []
    missing = _(NOT_ANSWERED)
    for family in Family:
        named = [
            _("{trait} {score}").format(trait=name, score=num(v) if v is not None else missing)
            for (_id, name, fam), v in zip(traits, scores, strict=True)
            if fam is family
        ]
        parts.append(_("{family}: {scores}.").format(family=family.label, scores=", ".join(named)))
    count = len(traits)
    if not any(v is not None for v in scores):
        opening = ngettext(
            "Radar chart of your {count} trait score: none answered yet.",
            "Radar chart of your {count} trait scores: none answered yet.",
            count,
        )
    else:
        opening = ngettext(
            "Radar chart of your {count} trait score (0-100).",
            "Radar chart of your {count} trait scores (0-100).",
            count,
        )
    sentences = [opening.format(count=count_word(count)), *parts]
    lead, manage = profile.leadership, profile.management
    if lead is not None and manage is not None:
        sentences.append(
            _("Leadership index {leadership}, management index {management}.").format(
                leadership=num(lead), management=num(manage)
            )
        )
    elif lead is not None:
        sentences.append(_("Leadership index {leadership}.").format(leadership=num(lead)))
    elif manage is not None:
        sentences.append(_("Management index {management}.").format(management=num(manage)))
    return " ".join(sentences)
