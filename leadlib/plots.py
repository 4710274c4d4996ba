"""The course's charts: profile radar, Kotter's 2x2, balance band and delegation
distribution, each with alt text. Imports matplotlib only inside the chart functions
(Agg canvas, no pyplot); must not import ipywidgets, nbconvert or the journal.
"""

from __future__ import annotations

import base64
import functools
import html
import io
import math
import textwrap
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from . import palette
from .balance import check_share, compare_split
from .errors import AnswerError
from .models import Content, Family, Situation
from .scoring import STRONG_THRESHOLD, Profile, Quadrant

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "Chart",
    "balance_band",
    "delegation_distribution",
    "kotter_grid",
    "profile_radar",
]

#: How each family is drawn: colour AND line style AND marker, so the families stay
#: apart in greyscale print and for every form of colour-vision deficiency.
FAMILY_STYLE: dict[Family, dict[str, Any]] = {
    Family.LEADERSHIP: {"color": palette.LEADERSHIP, "linestyle": "-", "marker": "o"},
    Family.MANAGEMENT: {"color": palette.MANAGEMENT, "linestyle": "--", "marker": "s"},
}
FAMILY_LEGEND = {
    Family.LEADERSHIP: "Leadership traits (solid line, circles)",
    Family.MANAGEMENT: "Management traits (dashed line, squares)",
}
NOT_ANSWERED = "not answered"
GRID_COLOUR = "#DDDDDD"  # a light grey for guide lines only, never for data
WHITE = "#FFFFFF"
MUTED_TEXT = "#555555"  # secondary text: still 7:1 contrast on white, for projectors
LABEL_WIDTH = 16  # characters per line of a wrapped axis label
GUIDE = "guide"  # gid of lines that only guide the eye (grids), not data
TRAIT_LABEL = "trait-label"  # gid of the radar's scores (under the trait names)
TRAIT_NAME = "trait-name"  # gid of the radar's trait names


class Chart:
    """A finished chart: its ``alt`` text, its pixels and (made when first asked for) the
    matplotlib ``figure`` that draws the same picture.

    ``png()`` gives the same bytes for the same chart every time, in any process (no
    timestamp or software tag in the metadata); ``img_html()`` is an ``<img>`` tag that
    needs no file and no network, for widgets and handouts.

    The course's charts are drawn in two layers (see ``_layered``): the pixels come from
    a cached drawing of everything that does not depend on the learner's answers, with the
    learner's marks drawn over it. ``figure`` is then built on first use, drawn in full:
    its pixels are the same as the chart's.
    """

    __slots__ = ("_build", "_figure", "_pixels", "alt")

    def __init__(
        self,
        figure: Figure | None,
        alt: str,
        *,
        pixels: tuple[int, int, bytes] | None = None,
        build: Callable[[], Figure] | None = None,
    ) -> None:
        if figure is None and build is None:
            raise ValueError("A Chart needs a figure, or a way to build one.")
        self._figure = figure
        self._build = build
        self._pixels = pixels
        self.alt = alt

    @property
    def figure(self) -> Figure:
        """The matplotlib figure of the chart, drawn (built on first use)."""
        if self._figure is None:
            assert self._build is not None
            self._figure = self._build()
        return self._figure

    @property
    def pixels(self) -> tuple[int, int, bytes]:
        """(width, height, RGBA bytes, rows from the top) of the chart as drawn."""
        if self._pixels is None:
            canvas = self.figure.canvas
            if self.figure.stale or not hasattr(canvas, "buffer_rgba"):
                canvas.draw()
            width, height = canvas.get_width_height(physical=True)
            return width, height, bytes(canvas.buffer_rgba())  # type: ignore[attr-defined]
        return self._pixels

    def png(self) -> bytes:
        """The chart as PNG bytes, deterministic: the pixels already drawn, encoded as
        ``savefig`` would (same bytes), without the software tag."""
        import numpy as np
        from matplotlib.image import imsave

        width, height, rgba = self.pixels
        array = np.frombuffer(rgba, dtype=np.uint8).reshape(height, width, 4)
        buffer = io.BytesIO()
        no_software: dict[str, Any] = {"Software": None}  # no version tag: stable bytes
        imsave(
            buffer,
            array,
            format="png",
            origin="upper",
            dpi=palette.FIGURE_DPI,
            metadata=no_software,
        )
        return buffer.getvalue()

    def screen_png(self) -> bytes:
        """The same pixels as a PNG compressed quickly (bigger, several times faster to
        make than ``png()``): for widgets that redraw while the learner works. Also
        deterministic."""
        from PIL import Image

        width, height, rgba = self.pixels
        image = Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1)
        out = io.BytesIO()
        image.convert("RGB").save(out, format="PNG", compress_level=1)
        return out.getvalue()

    def data_uri(self) -> str:
        """The PNG as a ``data:`` URI, ready for an ``<img src>``."""
        return "data:image/png;base64," + base64.b64encode(self.png()).decode("ascii")

    def img_html(self, width: int | str | None = None) -> str:
        """An ``<img>`` tag with the PNG inline and the alt text; ``width`` in pixels or CSS."""
        size = ""
        if width is not None:
            css = f"{width}px" if isinstance(width, int) else str(width)
            size = f' style="max-width: 100%; width: {html.escape(css, quote=True)}"'
        else:
            size = ' style="max-width: 100%"'
        return f'<img src="{self.data_uri()}" alt="{html.escape(self.alt, quote=True)}"{size}>'

    def _repr_html_(self) -> str:
        return self.img_html()

    def __repr__(self) -> str:
        return f"Chart: {self.alt}"


# --------------------------------------------------------------------------- layers

#: Zorder of the artists that show the learner's answers: above every static artist,
#: so a full draw paints them last, exactly as the layered drawing does.
DYNAMIC_Z = 10.0
#: At most this many bytes of cached static layers (each: the figure's pixel buffer and
#: the saved background, 4 bytes per pixel twice), and at most LAYER_COUNT of them.
LAYER_BYTES = 64 * 2**20
LAYER_COUNT = 12


@dataclass
class _Layer:
    """A cached static layer: its figure, what the dynamic part draws on (``context``),
    the saved pixels of the static drawing, and the dynamic artists drawn last time."""

    figure: Figure
    context: Any
    background: Any
    size: int
    dynamic: list[Artist] = field(default_factory=list)


_LAYERS: OrderedDict[tuple[Any, ...], _Layer] = OrderedDict()
_LAYERS_LOCK = threading.RLock()


def _layer(static: Callable[..., tuple[Figure, Any]], static_args: tuple[Any, ...]) -> _Layer:
    """The cached static layer for ``static(*static_args)``, drawn now if it is not
    cached; the caller holds ``_LAYERS_LOCK``."""
    import numpy as np

    key = (static.__module__, static.__qualname__, static_args)
    layer = _LAYERS.pop(key, None)
    if layer is None:
        figure, context = static(*static_args)
        canvas = figure.canvas
        canvas.draw()
        background = np.array(canvas.buffer_rgba())  # type: ignore[attr-defined]
        layer = _Layer(figure, context, background, 2 * background.nbytes)
    _LAYERS[key] = layer  # most recent last
    while len(_LAYERS) > 1 and (
        len(_LAYERS) > LAYER_COUNT or sum(x.size for x in _LAYERS.values()) > LAYER_BYTES
    ):
        _LAYERS.popitem(last=False)
    return layer


def _layered(
    static: Callable[..., tuple[Figure, Any]],
    static_args: tuple[Any, ...],
    dynamic: Callable[[Any], list[Artist]],
    alt: str,
    *,
    layer_args: tuple[Any, ...] | None = None,
    background: Callable[[_Layer], Any] | None = None,
) -> Chart:
    """A chart drawn in two layers.

    ``static(*static_args)`` builds a figure with everything that depends only on its
    (hashable) arguments -- axes, grid, labels, titles, legends, bands -- and returns
    (figure, context). Its drawing is cached per arguments (a small LRU, one lock).
    ``dynamic(context)`` adds the learner's marks, every one with zorder >= DYNAMIC_Z,
    and returns them; they are drawn over a copy of the cached static pixels. A full
    ``canvas.draw()`` of the same figure gives the same pixels, since it too paints the
    dynamic artists last (tested), so ``Chart.figure`` is built that way on demand.

    A chart may draw its marks on the layer of other arguments (``layer_args``, same
    layout) over pixels that ``background(layer)`` puts together from cached layers
    (the delegation chart's "not answered" labels, row by row); the test that the
    pixels equal a full draw of ``static(*static_args)`` covers it.
    """
    import numpy as np

    with _LAYERS_LOCK:
        layer = _layer(static, static_args if layer_args is None else layer_args)
        pixels_below = layer.background if background is None else background(layer)
        for artist in layer.dynamic:
            artist.remove()
        layer.dynamic = dynamic(layer.context)
        figure = layer.figure
        canvas = figure.canvas
        renderer = canvas.get_renderer()  # type: ignore[attr-defined]
        np.asarray(renderer.buffer_rgba())[...] = pixels_below
        for artist in _draw_order(figure, layer.dynamic):
            artist.draw(renderer)
        width, height = canvas.get_width_height(physical=True)
        pixels = (width, height, bytes(renderer.buffer_rgba()))

    def build() -> Figure:
        figure, context = static(*static_args)
        dynamic(context)
        figure.canvas.draw()
        return figure

    return Chart(None, alt, pixels=pixels, build=build)


def _draw_order(figure: Figure, dynamic: list[Artist]) -> list[Artist]:
    """The dynamic artists in the order a full draw paints them: axes by axes, each
    axes' children sorted (stably) by zorder."""
    wanted = {id(a) for a in dynamic}
    order: list[Artist] = []
    for ax in figure.axes:
        children = [a for a in ax.get_children() if id(a) in wanted and a.get_visible()]
        order += sorted(children, key=lambda a: a.get_zorder())
    missing = wanted - {id(a) for a in order} - {id(a) for a in dynamic if not a.get_visible()}
    if missing:  # a dynamic artist not drawn by any axes: a bug in the chart code
        raise RuntimeError("A chart's dynamic artist does not belong to its axes.")
    return order


def _clear_layers() -> None:
    """Forget every cached static layer (tests, and a changed font configuration)."""
    with _LAYERS_LOCK:
        _LAYERS.clear()


# --------------------------------------------------------------------------- helpers


PX_PER_PT = palette.FIGURE_DPI / 72  # pixels per typographic point
LINE_SPACING = 1.2  # matplotlib's default space between the lines of one text
MARGIN = 12  # pixels kept free along every edge of a figure


def _figure(width: float, height: float) -> Figure:
    """A new figure on its own Agg canvas: nothing registered with pyplot.

    No layout engine: every chart places its axes itself from measured text (see
    ``_text_box``), which is fast and gives the same layout for the same chart."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=palette.FIGURE_DPI, facecolor=WHITE)
    FigureCanvasAgg(figure)
    return figure


@functools.lru_cache(maxsize=4)
def _measurer(dpi: int) -> Any:
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(8, 8, dpi)


@functools.lru_cache(maxsize=1024)
def _text_box(
    text: str, size: float = palette.FONT_SIZE, bold: bool = False
) -> tuple[float, float]:
    """Width and height in pixels of ``text`` (one or more lines) as the charts draw it."""
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    renderer = _measurer(palette.FIGURE_DPI)
    lines = text.split("\n")
    width = max(renderer.get_text_width_height_descent(x or " ", prop, False)[0] for x in lines)
    return width, len(lines) * size * LINE_SPACING * PX_PER_PT


def _axes_at(
    figure: Figure, left: float, right: float, top: float, bottom: float, **kwargs: Any
) -> Axes:
    """Axes placed by their margins in pixels from the figure's edges."""
    width, height = figure.bbox.width, figure.bbox.height
    rect = (left / width, bottom / height, 1 - (left + right) / width, 1 - (top + bottom) / height)
    return figure.add_axes(rect, **kwargs)


def _num(value: float) -> str:
    """A score or share as the learner sees it: a whole number."""
    return f"{value:.0f}"


def _wrap(text: str, width: int = LABEL_WIDTH) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _style_axes(ax: Axes) -> None:
    ax.tick_params(labelsize=palette.FONT_SIZE, colors=palette.LEARNER)
    for spine in ax.spines.values():
        spine.set_color(palette.NEUTRAL)


def _title(ax: Axes, text: str, above: float = 0, left: float = 0) -> None:
    """The chart's title over the axes' left edge (or ``left`` pixels further left),
    ``above`` pixels higher than the axes' top (for tick labels there); its place is
    fixed, never searched for."""
    x = -left / ax.bbox.width if left else 0.0
    ax.set_title(
        text, fontsize=palette.TITLE_SIZE, loc="left", pad=16 + above / PX_PER_PT, y=1.0, x=x
    )


def _title_height(text: str) -> float:
    """Room in pixels a title (and its gap of 16 points) needs over the axes."""
    return _text_box(text, palette.TITLE_SIZE)[1] + 16 * PX_PER_PT


def _ordered_traits(content: Content) -> list[tuple[str, str, Family]]:
    """Traits grouped by family, leadership first: (id, name, family)."""
    return [(t.id, t.name, t.family) for family in Family for t in content.traits_in(family)]


# --------------------------------------------------------------------------- radar


def profile_radar(content: Content, profile: Profile, title: str | None = None) -> Chart:
    """The eight trait scores (0-100) on a radar, leadership traits on the right half in
    blue solid lines with circles, management traits on the left in vermillion dashed
    lines with squares. Traits without an answer leave a gap and say "not answered".

    Drawn on plain axes (a circle grid of a few lines, labels placed from their measured
    size) rather than polar axes: the same picture for a fraction of the drawing time.
    The grid, trait names, legend and title are the static layer; the two lines and the
    scores under the names are drawn over it."""
    traits = _ordered_traits(content)
    scores: list[float | None] = []
    for trait_id, _name, _family in traits:
        value = profile.traits.get(trait_id)
        scores.append(None if value is None else float(value))
    heading = title or "Your profile: eight traits, scores 0-100"
    names = tuple((_wrap(name), family) for _id, name, family in traits)

    def dynamic(context: _RadarContext) -> list[Artist]:
        return _radar_marks(context, scores)

    return _layered(_radar_static, (names, heading), dynamic, _radar_alt(traits, scores, profile))


@dataclass(frozen=True)
class _RadarContext:
    ax: Axes
    families: tuple[Family, ...]
    angles: tuple[float, ...]
    score_places: tuple[tuple[float, float, int], ...]  # x, y (data) and the name's lines


def _radar_static(
    names: tuple[tuple[str, Family], ...], heading: str
) -> tuple[Figure, _RadarContext]:
    """The radar's static layer: rings, spokes, scale, trait names, legend and title.

    Every trait's label is its name with the score on a line under it; the room for the
    score is that of the widest possible one ("not answered"), so the circle keeps its
    size and place whatever the answers."""
    from matplotlib.lines import Line2D

    count = len(names)
    # Start at the top and go clockwise, so leadership sits on the right.
    angles = [2 * math.pi * i / count for i in range(count)]
    score_w = max(_text_box(NOT_ANSWERED)[0], _text_box("100")[0])
    line_h = _text_box("0")[1]

    width, height = 860.0, 800.0
    figure = _figure(width / palette.FIGURE_DPI, height / palette.FIGURE_DPI)
    legend_room = 2 * palette.FONT_SIZE * 1.75 * PX_PER_PT + MARGIN
    top_room = MARGIN + _title_height(heading)
    # The circle's radius R (pixels) is the largest that keeps every label, placed just
    # outside the circle on its spoke, inside the figure between title and legend.
    gap = 14.0
    half_w = width / 2 - MARGIN
    half_h = (height - top_room - legend_room) / 2
    radius = 300.0
    blocks = []
    for (name, _family), angle in zip(names, angles, strict=True):
        dx, dy = math.sin(angle), math.cos(angle)
        ha = "left" if dx > 0.1 else "right" if dx < -0.1 else "center"
        va = "bottom" if dy > 0.1 else "top" if dy < -0.1 else "center"
        name_w, name_h = _text_box(name)
        w, h = max(name_w, score_w), name_h + line_h
        extra_x = {"left": w, "right": w, "center": w / 2}[ha]
        extra_y = {"bottom": h, "top": h, "center": h / 2}[va]
        if abs(dx) > 1e-9:
            radius = min(radius, (half_w - extra_x) / abs(dx) - gap)
        if abs(dy) > 1e-9:
            radius = min(radius, (half_h - extra_y) / abs(dy) - gap)
        # The label block's centre (x) and top (y), in pixels from the label's anchor.
        centre = {"left": w / 2, "right": -w / 2, "center": 0.0}[ha]
        top = {"bottom": h, "top": 0.0, "center": h / 2}[va]
        blocks.append((dx, dy, centre, top, name.count("\n") + 1))
    radius = max(math.floor(radius), 120)
    unit = radius / 100  # pixels per score point
    centre_y = legend_room + half_h  # from the bottom, in pixels

    ax = _axes_at(figure, 0, 0, 0, 0)
    ax.set_axis_off()
    ax.set_xlim(-width / 2 / unit, width / 2 / unit)
    ax.set_ylim(-centre_y / unit, (height - centre_y) / unit)

    # The grid: rings at 25, 50 and 75, the outer edge at 100, and one spoke per trait.
    ring_x: list[float] = []
    ring_y: list[float] = []
    steps = 120
    for level in (25, 50, 75):
        for k in range(steps + 1):
            ring_x.append(level * math.sin(2 * math.pi * k / steps))
            ring_y.append(level * math.cos(2 * math.pi * k / steps))
        ring_x.append(math.nan)
        ring_y.append(math.nan)
    for angle in angles:
        ring_x += [0.0, 100 * math.sin(angle), math.nan]
        ring_y += [0.0, 100 * math.cos(angle), math.nan]
    ax.plot(ring_x, ring_y, color=GRID_COLOUR, linewidth=1, zorder=1, gid=GUIDE)
    ax.plot(
        [100 * math.sin(2 * math.pi * k / steps) for k in range(steps + 1)],
        [100 * math.cos(2 * math.pi * k / steps) for k in range(steps + 1)],
        color=palette.NEUTRAL,
        linewidth=1,
        zorder=1,
        gid=GUIDE,
    )
    scale_angle = 2 * math.pi * (0.25 - 1 / count / 2)  # between two spokes, right
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
    reach = 100 + gap / unit
    score_places = []
    for (name, family), (dx, dy, centre, top, lines) in zip(names, blocks, strict=True):
        x, y = reach * dx + centre / unit, reach * dy + top / unit
        ax.text(
            x,
            y,
            name,
            ha="center",
            va="top",
            ma="center",
            fontsize=palette.FONT_SIZE,
            color=FAMILY_STYLE[family]["color"],
            gid=TRAIT_NAME,
        )
        score_places.append((x, y, lines))
    handles = [
        Line2D(
            [],
            [],
            color=style["color"],
            linestyle=style["linestyle"],
            marker=style["marker"],
            markersize=11,
            linewidth=3,
            label=FAMILY_LEGEND[family],
        )
        for family, style in FAMILY_STYLE.items()
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, (legend_room - MARGIN / 2) / height),
        ncol=1,
        fontsize=palette.FONT_SIZE,
        frameon=False,
        borderaxespad=0,
    )
    ax.set_title(
        heading,
        fontsize=palette.TITLE_SIZE,
        y=1 - MARGIN / height,
        pad=0,
        va="top",
    )
    context = _RadarContext(ax, tuple(f for _n, f in names), tuple(angles), tuple(score_places))
    return figure, context


def _radar_marks(context: _RadarContext, scores: list[float | None]) -> list[Artist]:
    """The radar's dynamic layer: one line per family, the joins, each trait's score."""
    ax, families, angles = context.ax, context.families, context.angles
    count = len(families)
    marks: list[Artist] = []
    # Each family as its own line: consecutive answered traits of the same family are
    # joined, a missing trait breaks the line (a visible gap).
    for family in Family:
        style = FAMILY_STYLE[family]
        xs: list[float] = []
        ys: list[float] = []
        for i, fam in enumerate(families):
            if fam is not family:
                continue
            value = math.nan if scores[i] is None else cast(float, scores[i])
            xs.append(value * math.sin(angles[i]))
            ys.append(value * math.cos(angles[i]))
        marks += ax.plot(
            xs,
            ys,
            color=style["color"],
            linestyle=style["linestyle"],
            marker=style["marker"],
            markersize=11,
            linewidth=3,
            label=FAMILY_LEGEND[family],
            zorder=DYNAMIC_Z + 1,
        )
    # The two joins between the families, thin and neutral, so the shape reads as one
    # profile without mixing the families' styles.
    for i in range(count):
        j = (i + 1) % count
        here, there = scores[i], scores[j]
        if families[i] is not families[j] and here is not None and there is not None:
            marks += ax.plot(
                [here * math.sin(angles[i]), there * math.sin(angles[j])],
                [here * math.cos(angles[i]), there * math.cos(angles[j])],
                color=palette.NEUTRAL,
                linestyle=":",
                linewidth=2,
                zorder=DYNAMIC_Z,
            )
    # Each score on the line under its trait's name: blank lines for the name's lines,
    # so it sits exactly where the last line of one "name, score" label would.
    for (x, y, lines), family, score in zip(context.score_places, families, scores, strict=True):
        marks.append(
            ax.text(
                x,
                y,
                "\n" * lines + (_num(score) if score is not None else NOT_ANSWERED),
                ha="center",
                va="top",
                ma="center",
                fontsize=palette.FONT_SIZE,
                color=FAMILY_STYLE[family]["color"],
                gid=TRAIT_LABEL,
                zorder=DYNAMIC_Z + 2,
            )
        )
    return marks


def _radar_alt(
    traits: list[tuple[str, str, Family]], scores: list[float | None], profile: Profile
) -> str:
    parts = []
    for family in Family:
        named = [
            f"{name} {_num(v) if v is not None else NOT_ANSWERED}"
            for (_id, name, fam), v in zip(traits, scores, strict=True)
            if fam is family
        ]
        parts.append(f"{family.label}: " + ", ".join(named) + ".")
    answered = sum(v is not None for v in scores)
    if answered == 0:
        opening = (
            f"Radar chart of your {_count_word(len(traits))} trait scores: none answered yet. "
        )
    else:
        opening = f"Radar chart of your {_count_word(len(traits))} trait scores (0-100). "
    indices = []
    if profile.leadership is not None:
        indices.append(f"leadership index {_num(profile.leadership)}")
    if profile.management is not None:
        indices.append(f"management index {_num(profile.management)}")
    tail = (" " + ", ".join(indices).capitalize() + ".") if indices else ""
    return opening + " ".join(parts) + tail


def _count_word(n: int) -> str:
    words = {6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}
    return words.get(n, str(n))


# --------------------------------------------------------------------------- Kotter

KOTTER_TITLE = "Where you stand: Kotter's leadership x management grid"


def kotter_grid(profile: Profile) -> Chart:
    """Kotter's 2x2: management index across, leadership index up, the strong lines at
    ``STRONG_THRESHOLD``, and the learner's position as a black mark.

    The grid with its quadrant highlighted is the static layer (one per quadrant); the
    mark and its label are drawn over it."""
    threshold = STRONG_THRESHOLD
    quadrant = profile.quadrant
    lead, man = profile.leadership, profile.management
    placed = quadrant is not None and lead is not None and man is not None
    if placed:
        assert quadrant is not None and lead is not None and man is not None
        alt = (
            f"Kotter's grid of leadership against management, strong from "
            f"{_num(threshold)}. Your leadership index is {_num(lead)} and your management "
            f"index is {_num(man)}: {quadrant.label.lower()}."
        )
    else:
        known = []
        if lead is not None:
            known.append(f"leadership index {_num(lead)}")
        if man is not None:
            known.append(f"management index {_num(man)}")
        so_far = (" So far: " + ", ".join(known) + ".") if known else ""
        alt = (
            f"Kotter's grid of leadership against management, strong from "
            f"{_num(threshold)}. No position yet: both parts of the self-assessment "
            f"need answers.{so_far}"
        )

    def dynamic(context: tuple[Axes, float]) -> list[Artist]:
        if not placed:
            return []
        assert lead is not None and man is not None
        return _kotter_mark(context, lead, man)

    return _layered(_kotter_static, (quadrant if placed else None, float(threshold)), dynamic, alt)


def _kotter_static(
    quadrant: Quadrant | None, threshold: float
) -> tuple[Figure, tuple[Axes, float]]:
    """Kotter's grid with ``quadrant`` highlighted (None: the "not enough answers" note)."""
    # A square plot of ``side`` pixels; margins for the tick labels and axis labels
    # (left, bottom) and the title (top), measured.
    side = 660.0
    tick_w = _text_box("100")[0]
    line_h = _text_box("0")[1]
    left = MARGIN + line_h + 2 * 3.5 * PX_PER_PT + tick_w + 8
    bottom = MARGIN + 2 * line_h + 2 * 3.5 * PX_PER_PT + 8
    top = MARGIN + _title_height(KOTTER_TITLE)
    right = max(2 * MARGIN, _text_box(KOTTER_TITLE, palette.TITLE_SIZE)[0] + MARGIN - side)
    figure = _figure(
        (left + side + right) / palette.FIGURE_DPI, (top + side + bottom) / palette.FIGURE_DPI
    )
    ax = _axes_at(figure, left, right, top, bottom)
    _style_axes(ax)
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_xlabel("Management index (0-100)", fontsize=palette.FONT_SIZE)
    ax.set_ylabel("Leadership index (0-100)", fontsize=palette.FONT_SIZE)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.set_yticks([0, 20, 40, 60, 80, 100])
    ax.axvline(threshold, color=palette.NEUTRAL, linestyle="--", linewidth=2)
    ax.axhline(threshold, color=palette.NEUTRAL, linestyle="--", linewidth=2)
    ax.text(
        threshold + 1,
        1,
        f"strong from {_num(threshold)}",
        fontsize=palette.FONT_SIZE,
        color=palette.LEARNER,
        va="bottom",
    )
    # (quadrant, x centre, y centre) of each cell, with its label.
    cells = [
        (Quadrant.LEADERSHIP_ONLY, threshold / 2, (100 + threshold) / 2),
        (Quadrant.STRONG_BOTH, (100 + threshold) / 2, (100 + threshold) / 2),
        (Quadrant.WEAK_BOTH, threshold / 2, threshold / 2),
        (Quadrant.MANAGEMENT_ONLY, (100 + threshold) / 2, threshold / 2),
    ]
    bounds = {
        Quadrant.LEADERSHIP_ONLY: (0, threshold, threshold, 100),
        Quadrant.STRONG_BOTH: (threshold, 100, threshold, 100),
        Quadrant.WEAK_BOTH: (0, threshold, 0, threshold),
        Quadrant.MANAGEMENT_ONLY: (threshold, 100, 0, threshold),
    }
    for cell, x, y in cells:
        width = 12 if x > threshold else 22
        ax.text(
            x,
            y,
            _wrap(cell.label, width),
            ha="center",
            va="center",
            fontsize=palette.FONT_SIZE,
            color=palette.LEARNER if cell is quadrant else MUTED_TEXT,
            fontweight="bold" if cell is quadrant else "normal",
        )
    if quadrant is not None:
        x0, x1, y0, y1 = bounds[quadrant]
        ax.axvspan(x0, x1, ymin=y0 / 100, ymax=y1 / 100, color=palette.HIGHLIGHT, alpha=0.18)
    else:
        ax.text(
            50,
            50,
            "Not enough answers yet:\nanswer both parts of the self-assessment",
            ha="center",
            va="center",
            fontsize=palette.FONT_SIZE,
            color=palette.LEARNER,
            bbox={"boxstyle": "round,pad=0.5", "facecolor": WHITE, "edgecolor": palette.NEUTRAL},
        )
    _title(ax, KOTTER_TITLE)
    return figure, (ax, side)


def _kotter_mark(context: tuple[Axes, float], lead: float, man: float) -> list[Artist]:
    """The learner's position on Kotter's grid: a black diamond and a labelled box."""
    ax, side = context
    marks: list[Artist] = [
        *ax.plot(
            [man],
            [lead],
            marker="D",
            markersize=16,
            color=palette.LEARNER,
            linestyle="none",
            label="You",
            zorder=DYNAMIC_Z,
        )
    ]
    you = f"You: leadership {_num(lead)}, management {_num(man)}"
    # To the right of the mark when the whole label fits there, else to its left,
    # else centred under (or over) it.
    needed = 12 * PX_PER_PT + _text_box(you)[0] + 12
    mark = man * side / 100
    ha = "left" if mark + needed < side else "right" if mark - needed > 0 else "center"
    shift = {"left": 12, "right": -12, "center": 0}[ha]
    marks.append(
        ax.annotate(
            you,
            xy=(man, lead),
            xytext=(shift, (-26 if ha != "center" else -34) if lead > 18 else 20),
            textcoords="offset points",
            ha=ha,
            fontsize=palette.FONT_SIZE,
            color=palette.LEARNER,
            bbox={"boxstyle": "round,pad=0.3", "facecolor": WHITE, "edgecolor": palette.NEUTRAL},
            zorder=DYNAMIC_Z + 1,
        )
    )
    return marks


# --------------------------------------------------------------------------- balance


def balance_band(
    content: Content,
    situation: Situation | str,
    share: float,
    profile_share: float | None = None,
) -> Chart:
    """The chosen split of attention (percent on leadership) against the situation's
    recommended band, and optionally the lean of the learner's own profile.

    ``situation`` is a Situation or its id. Raises AnswerError for an unknown situation
    or a share outside 0-100. The axis, band and its labels are the static layer (one
    per situation); the marks, "you" label and legend are drawn over it.
    """
    if isinstance(situation, str):
        known = {s.id: s for s in content.situations}
        if situation not in known:
            raise AnswerError(f"Unknown situation '{situation}': choose one of {', '.join(known)}.")
        situation = known[situation]
    chosen = check_share(share)
    lean = None if profile_share is None else check_share(profile_share)
    report = compare_split(content, situation, chosen)
    low, high = situation.leadership_band
    alt = (
        f"Band chart of the share of attention on leadership, 0 to 100 percent. The band "
        f"that suits {situation.name} is {low}-{high}%. Your split is {_num(chosen)}% "
        f"leadership: " + _verdict_words(report.gap, low, high)
    )
    if lean is not None:
        alt += f" Your profile leans {_num(lean)}% towards leadership."

    def dynamic(context: tuple[Axes, float]) -> list[Artist]:
        return _balance_marks(context, chosen, lean)

    return _layered(_balance_static, (situation.name, low, high), dynamic, alt)


def _balance_static(name: str, low: int, high: int) -> tuple[Figure, tuple[Axes, float]]:
    """The balance chart's axis, the band that suits the situation, and the title."""
    heading = _wrap(f"Your balance for: {name}", 70)
    width, plot_h = 1000.0, 260.0
    line_h = _text_box("0")[1]
    top = MARGIN + _title_height(heading)
    below_axes = 2 * line_h + 3 * 3.5 * PX_PER_PT + 14  # tick labels, then the axis label
    bottom = below_axes + 22 * PX_PER_PT + MARGIN + 6  # one legend row
    figure = _figure(width / palette.FIGURE_DPI, (top + plot_h + bottom) / palette.FIGURE_DPI)
    ax = _axes_at(figure, 2 * MARGIN, 2 * MARGIN, top, bottom)
    _style_axes(ax)
    ax.set_xlim(-3, 103)  # room for a mark at 0 or 100
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.set_xticks([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
    ax.set_xlabel(
        "Share of your attention on leadership work (%); the rest is management",
        fontsize=palette.FONT_SIZE,
    )
    ax.axvspan(low, high, ymin=0.0, ymax=0.62, color=palette.BAND, alpha=0.3, linewidth=0)
    ax.axvline(low, ymax=0.62, color=palette.BAND, linewidth=3)
    ax.axvline(high, ymax=0.62, color=palette.BAND, linewidth=3)
    ax.text(
        min(max((low + high) / 2, 22), 78),
        0.66,
        f"Suits {name}: {low}-{high}%",
        ha="center",
        va="bottom",
        fontsize=palette.FONT_SIZE,
        color=palette.LEARNER,
    )
    ax.spines["bottom"].set_bounds(0, 100)
    ax.text(
        1, 0.96, "more management", fontsize=palette.FONT_SIZE, color=palette.MANAGEMENT, va="top"
    )
    ax.text(
        99,
        0.96,
        "more leadership",
        fontsize=palette.FONT_SIZE,
        color=palette.LEADERSHIP,
        va="top",
        ha="right",
    )
    _title(ax, heading)
    return figure, (ax, below_axes / plot_h)


def _balance_marks(context: tuple[Axes, float], chosen: float, lean: float | None) -> list[Artist]:
    """The chosen split (a black triangle and its number), the profile's lean, the legend."""
    ax, legend_drop = context
    marks: list[Artist] = [
        *ax.plot(
            [chosen],
            [0.31],
            marker="v",
            markersize=22,
            color=palette.LEARNER,
            linestyle="none",
            label=f"Your split: {_num(chosen)}% leadership",
            zorder=DYNAMIC_Z,
        )
    ]
    marks.append(
        ax.text(
            chosen,
            0.42,
            f"you: {_num(chosen)}%",
            ha="left" if chosen < 6 else "right" if chosen > 94 else "center",
            va="bottom",
            fontsize=palette.FONT_SIZE,
            fontweight="bold",
            color=palette.LEARNER,
            zorder=DYNAMIC_Z + 1,
        )
    )
    if lean is not None:
        marks += ax.plot(
            [lean],
            [0.12],
            marker="o",
            markersize=16,
            color=palette.HIGHLIGHT,
            markerfacecolor=WHITE,
            markeredgecolor=palette.HIGHLIGHT,
            markeredgewidth=4,
            linestyle="none",
            label=f"Your profile's lean: {_num(lean)}% leadership",
            zorder=DYNAMIC_Z,
        )
    legend = ax.legend(
        handles=[marks[0], *marks[2:]],  # the chosen split and the profile's lean
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


def _verdict_words(gap: float, low: int, high: int) -> str:
    if gap < 0:
        return f"{_num(-gap)} points below the band."
    if gap > 0:
        return f"{_num(gap)} points above the band."
    return "within the band."


# --------------------------------------------------------------------------- delegation


DELEGATION_MARKERS = {"within": "o", "controlling": "<", "hands_off": ">"}
DELEGATION_KINDS = {
    "within": "Chosen level inside the band",
    "controlling": "More control than recommended",
    "hands_off": "More hands-off than recommended",
}


def delegation_distribution(content: Content, choices: Mapping[str, Sequence[int]]) -> Chart:
    """Chosen delegation levels per scenario against each recommended band.

    ``choices`` maps a scenario id to the levels chosen (one level for one learner, many
    for a team). Every scenario of the course gets a row; one without choices says "not
    answered". Raises AnswerError for an unknown scenario or a level outside 1-7.

    Axes, labels, bands, legend and title are the static layer (cached per set of
    answered scenarios and kinds of mark); the marks (and a team's counts) are drawn
    over it.
    """
    known = {s.id for s in content.scenarios}
    levels_count = len(content.levels)
    counts: dict[str, dict[int, int]] = {}
    for scenario_id, picked in choices.items():
        if scenario_id not in known:
            raise AnswerError(
                f"Unknown delegation scenario '{scenario_id}': it is not in delegation.toml."
            )
        tally: dict[int, int] = {}
        for level in picked:
            if (
                isinstance(level, bool)
                or not isinstance(level, int)
                or not 1 <= level <= levels_count
            ):
                raise AnswerError(
                    f"Scenario '{scenario_id}': the delegation level must be a whole number "
                    f"from 1 to {levels_count}, found {level!r}."
                )
            tally[level] = tally.get(level, 0) + 1
        counts[scenario_id] = tally
    scenarios = content.scenarios
    many = any(sum(t.values()) > 1 for t in counts.values())
    biggest = max((n for t in counts.values() for n in t.values()), default=1)

    # Marks by kind and size: a few artists instead of one per scenario.
    points: dict[tuple[str, float], tuple[list[int], list[int]]] = {}
    labels: list[tuple[int, int, int, float]] = []  # level, row, count, mark size
    inside_total = 0
    total = 0
    for row, s in enumerate(scenarios):
        low, high = s.recommended_band
        for level, n in sorted(counts.get(s.id, {}).items()):
            kind = (
                "within" if low <= level <= high else "controlling" if level < low else "hands_off"
            )
            total += n
            inside_total += n if kind == "within" else 0
            size = 11 + 9 * math.sqrt(n / biggest) if many else 14
            xs, ys = points.setdefault((kind, size), ([], []))
            xs.append(level)
            ys.append(row)
            if many:
                labels.append((level, row, n, size))
    kinds = tuple(k for k in DELEGATION_KINDS if any(kind == k for kind, _ in points))
    static_args = (
        tuple((s.title, bool(counts.get(s.id)), s.recommended_band) for s in scenarios),
        tuple(f"{lv.number}\n{lv.name}" for lv in content.levels),
        many,
        kinds,
    )

    def dynamic(ax: Axes) -> list[Artist]:
        marks: list[Artist] = []
        for (kind, size), (xs, ys) in points.items():
            marks += ax.plot(
                xs,
                ys,
                marker=DELEGATION_MARKERS[kind],
                markersize=size,
                color=palette.LEARNER,
                linestyle="none",
                label=DELEGATION_KINDS[kind],
                zorder=DYNAMIC_Z,
            )
        for level, row, n, size in labels:
            marks.append(
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
        return marks

    alt = _delegation_alt(content, counts, many, inside_total, total)
    answered = [bool(counts.get(s.id)) for s in scenarios]
    if all(answered) or not any(answered):
        return _layered(_delegation_static, static_args, dynamic, alt)
    # Some rows answered, some not: the marks go on the all-answered layer, over its
    # pixels with each unanswered row's label taken from the none-answered layer.
    rows_spec = static_args[0]

    def variant(answer: bool) -> tuple[Any, ...]:
        return (tuple((t, answer, b) for t, _a, b in rows_spec), *static_args[1:])

    def background(layer: _Layer) -> Any:
        import numpy as np

        unanswered = _layer(_delegation_static, variant(False)).background
        mixed = layer.background.copy()
        left = math.floor(layer.context.bbox.x0)  # the labels' side of the axes
        height = layer.figure.bbox.height
        for lo, hi in _label_strips(layer.context, height, [not a for a in answered]):
            mixed[lo:hi, :left] = unanswered[lo:hi, :left]
        return np.ascontiguousarray(mixed)

    return _layered(
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


def _delegation_static(
    rows_spec: tuple[tuple[str, bool, tuple[int, int]], ...],
    xlabels: tuple[str, ...],
    many: bool,
    kinds: tuple[str, ...],
) -> tuple[Figure, Axes]:
    """The delegation chart's static layer: one row per scenario (title, "not answered"
    where it has no choice, recommended band), the levels over the plot, the legend for
    the ``kinds`` of mark shown, and the title."""
    from matplotlib.collections import PolyCollection
    from matplotlib.lines import Line2D

    rows = len(rows_spec)
    levels_count = len(xlabels)
    heading = (
        "Delegation choices of the group against the recommended levels"
        if many
        else "Your delegation choices against the recommended levels"
    )
    ylabels = []
    for title, answered, _band in rows_spec:
        label = _wrap(title, 30)
        if not answered:
            label += f" ({NOT_ANSWERED})"
        ylabels.append(label)
    # Margins from the longest scenario title (as it would read unanswered, so the plot
    # keeps its place while the learner answers), the level names over the plot, the
    # title and the legend (up to two rows) under it.
    tick_room = 2 * 3.5 * PX_PER_PT
    left = (
        MARGIN
        + tick_room
        + max(_text_box(_wrap(title, 30) + f" ({NOT_ANSWERED})")[0] for title, _a, _b in rows_spec)
    )
    xtick_h = max(_text_box(label)[1] for label in xlabels) + tick_room
    top = MARGIN + xtick_h + _title_height(heading)
    legend_h = 2 * palette.FONT_SIZE * 1.75 * PX_PER_PT
    bottom = legend_h + 10 + MARGIN
    width, row_h = 1200.0, 54.0
    figure = _figure(width / palette.FIGURE_DPI, (top + rows * row_h + bottom) / palette.FIGURE_DPI)
    ax = _axes_at(figure, left, 2 * MARGIN, top, bottom)
    _style_axes(ax)
    ax.set_xlim(0.5, levels_count + 0.5)
    ax.set_ylim(rows - 0.5, -0.5)
    ax.set_xticks(range(1, levels_count + 1))
    ax.set_xticklabels(xlabels, fontsize=palette.FONT_SIZE)
    ax.xaxis.tick_top()
    ax.set_yticks(range(rows))
    ax.set_yticklabels(ylabels, fontsize=palette.FONT_SIZE)
    ax.grid(axis="x", color=GRID_COLOUR, linewidth=1)
    ax.set_axisbelow(True)
    # All bands as one collection.
    bands = []
    for row, (_name, _answered, (low, high)) in enumerate(rows_spec):
        x0, x1, y0, y1 = low - 0.4, high + 0.4, row - 0.36, row + 0.36
        bands.append([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
    band = PolyCollection(
        bands, facecolor=palette.BAND, alpha=0.3, linewidth=0, label="Recommended levels"
    )
    ax.add_collection(band, autolim=False)
    handles: list[Artist] = [band]
    for kind in kinds:
        handles.append(
            Line2D(
                [],
                [],
                marker=DELEGATION_MARKERS[kind],
                markersize=14,
                color=palette.LEARNER,
                linestyle="none",
                label=DELEGATION_KINDS[kind],
            )
        )
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, (bottom - 10) / figure.bbox.height),
        bbox_transform=figure.transFigure,  # centred under the whole figure
        ncol=2,
        fontsize=palette.FONT_SIZE,
        frameon=False,
        borderaxespad=0,
    )
    _title(ax, heading, above=xtick_h, left=left - MARGIN)  # from the figure's edge
    return figure, ax


def _delegation_alt(
    content: Content,
    counts: Mapping[str, Mapping[int, int]],
    many: bool,
    inside_total: int,
    total: int,
) -> str:
    first, last = content.levels[0], content.levels[-1]
    who = "the group's" if many else "your"
    opening = (
        f"Chart of {who} delegation choices for {len(content.scenarios)} scenarios, on "
        f"levels {first.number} ({first.name}) to {last.number} ({last.name}), with the "
        f"recommended band of each. "
    )
    if total == 0:
        return opening + "No scenario answered yet."
    answered = [s for s in content.scenarios if counts.get(s.id)]
    lines = []
    for s in answered:
        low, high = s.recommended_band
        band = f"recommended {low}" if low == high else f"recommended {low}-{high}"
        tally = counts[s.id]
        if many:
            spread = ", ".join(f"level {lv} x{n}" for lv, n in sorted(tally.items()))
            inside = sum(n for lv, n in tally.items() if low <= lv <= high)
            lines.append(f"{s.title}: {spread}; {band}; {inside} of {sum(tally.values())} inside.")
        else:
            (level,) = tally
            where = (
                "inside"
                if low <= level <= high
                else "more control than recommended"
                if level < low
                else "more hands-off than recommended"
            )
            lines.append(
                f"{s.title}: chose {level} ({content.level(level).name}), {band}, {where}."
            )
    summary = f"{inside_total} of {total} choices inside the recommended band"
    missing = len(content.scenarios) - len(answered)
    if missing:
        summary += f"; {missing} scenario{'s' if missing != 1 else ''} not answered"
    return opening + summary + ". " + " ".join(lines)
