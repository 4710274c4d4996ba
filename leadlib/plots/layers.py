"""Two-layer drawing of the course's charts: a small LRU cache of static layers (the
pixels of everything that does not depend on the learner's answers) and ``layered()``,
which draws the learner's marks over a cached layer.

There is one cache, ``LAYERS``. Imports matplotlib and numpy only inside functions;
must not import ipywidgets, nbconvert or the journal.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import i18n
from .chart import Chart, Pixels

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure

#: Zorder of the artists that show the learner's answers: above every static artist,
#: so a full draw paints them last, exactly as the layered drawing does.
DYNAMIC_Z = 10.0
#: At most this many bytes of cached static layers (each: the figure's pixel buffer and
#: the saved background, 4 bytes per pixel twice), and at most LAYER_COUNT of them.
LAYER_BYTES = 64 * 2**20
LAYER_COUNT = 12

#: Builds a static layer from its (hashable) arguments: (figure, context for the marks).
Static = Callable[..., "tuple[Figure, Any]"]
#: Draws the same layer as a ``Static`` some quicker way (over other cached layers, say):
#: (figure, context, its pixels as an RGBA array). Its pixels must equal a full draw of
#: ``Static``'s figure (each chart that has one tests it).
Compose = Callable[..., "tuple[Figure, Any, Any]"]


@dataclass
class Layer:
    """A cached static layer: its figure, what the dynamic part draws on (``context``),
    the saved pixels of the static drawing, and the dynamic artists drawn last time."""

    figure: Figure
    context: Any
    background: Any
    size: int
    dynamic: list[Artist] = field(default_factory=list)


class LayerCache:
    """The static layers drawn so far, least recently used first, kept within
    ``max_count`` layers and ``max_bytes`` bytes (the newest layer is always kept).

    A layer's figure is shared: whoever draws on it holds ``lock`` (re-entrant) from
    taking the layer until its pixels are copied. ``clear()`` forgets every layer (tests,
    and a changed font configuration).
    """

    def __init__(self, max_count: int = LAYER_COUNT, max_bytes: int = LAYER_BYTES) -> None:
        self.max_count = max_count
        self.max_bytes = max_bytes
        self.lock = threading.RLock()
        self._layers: OrderedDict[tuple[Any, ...], Layer] = OrderedDict()
        self._bytes = 0

    def get(
        self, static: Static, static_args: tuple[Any, ...], compose: Compose | None = None
    ) -> Layer:
        """The layer of ``static(*static_args)`` in the current language, drawn now if
        it is not cached (by ``compose(*static_args)`` when given: the same pixels,
        drawn quicker); it becomes the most recently used."""
        import numpy as np

        # The language is part of the key: a static layer holds translated words.
        key = (static.__module__, static.__qualname__, i18n.cache_key(), static_args)
        with self.lock:
            layer = self._layers.pop(key, None)
            if layer is None:
                if compose is not None:
                    figure, context, background = compose(*static_args)
                else:
                    figure, context = static(*static_args)
                    canvas = figure.canvas
                    canvas.draw()
                    background = np.array(canvas.buffer_rgba())  # type: ignore[attr-defined]
                layer = Layer(figure, context, background, 2 * background.nbytes)
                self._bytes += layer.size
            self._layers[key] = layer  # most recent last
            self._trim()
            return layer

    def _trim(self) -> None:
        """Drop the least recently used layers until the bounds hold (keeping one)."""
        while len(self._layers) > 1 and (
            len(self._layers) > self.max_count or self._bytes > self.max_bytes
        ):
            _key, dropped = self._layers.popitem(last=False)
            self._bytes -= dropped.size

    def clear(self) -> None:
        """Forget every cached layer."""
        with self.lock:
            self._layers.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._layers)

    @property
    def size(self) -> int:
        """Bytes held by the cached layers."""
        return self._bytes

    def newest(self) -> Layer | None:
        """The most recently used layer, if any."""
        with self.lock:
            return next(reversed(self._layers.values()), None)


#: The one cache of static layers that every chart shares.
LAYERS = LayerCache()


def layered(
    static: Static,
    static_args: tuple[Any, ...],
    dynamic: Callable[[Any], list[Artist]],
    alt: str,
    *,
    layer_args: tuple[Any, ...] | None = None,
    background: Callable[[Layer], Any] | None = None,
    compose: Compose | None = None,
) -> Chart:
    """A chart drawn in two layers.

    ``static(*static_args)`` builds a figure with everything that depends only on its
    (hashable) arguments -- axes, grid, labels, titles, legends, bands -- and returns
    (figure, context). Its drawing is cached per arguments in ``LAYERS``.
    ``dynamic(context)`` adds the learner's marks, every one with zorder >= DYNAMIC_Z,
    and returns them; they are drawn over a copy of the cached static pixels. A full
    ``canvas.draw()`` of the same figure gives the same pixels, since it too paints the
    dynamic artists last (tested), so ``Chart.figure`` is built that way on demand.

    A chart may draw its marks on the layer of other arguments (``layer_args``, same
    layout) over pixels that ``background(layer)`` puts together from cached layers
    (the delegation chart's "not answered" labels, row by row); the test that the
    pixels equal a full draw of ``static(*static_args)`` covers it. ``compose``, when
    given, draws a layer that is not cached yet more quickly than a full draw, with the
    same pixels (the balance chart: one situation's band over a layer shared by all).
    """
    with LAYERS.lock:
        layer = LAYERS.get(
            static, static_args if layer_args is None else layer_args, compose=compose
        )
        below = layer.background if background is None else background(layer)
        pixels = _draw_marks(layer, dynamic, below)

    def build() -> Figure:
        figure, context = static(*static_args)
        dynamic(context)
        figure.canvas.draw()
        return figure

    return Chart(None, alt, pixels=pixels, build=build)


def _draw_marks(layer: Layer, dynamic: Callable[[Any], list[Artist]], below: Any) -> Pixels:
    """Replace the layer's marks with ``dynamic(context)``, painted over the pixels
    ``below``; the pixels of the result. The caller holds ``LAYERS.lock``."""
    import numpy as np

    for artist in layer.dynamic:
        artist.remove()
    layer.dynamic = dynamic(layer.context)
    canvas = layer.figure.canvas
    renderer = canvas.get_renderer()  # type: ignore[attr-defined]
    np.asarray(renderer.buffer_rgba())[...] = below
    for artist in _draw_order(layer.figure, layer.dynamic):
        artist.draw(renderer)
    width, height = canvas.get_width_height(physical=True)
    return width, height, bytes(renderer.buffer_rgba())


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
