"""``Chart``: a finished chart (alt text, pixels, figure on demand) and its encodings:
deterministic PNG, quick screen PNG, data URI and an ``<img>`` tag.

Imports matplotlib, numpy and Pillow only inside the methods that encode; must not
import ipywidgets, nbconvert or the journal.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .. import palette

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.figure import Figure

#: Width, height and RGBA bytes (rows from the top) of a drawn chart.
Pixels = tuple[int, int, bytes]


class Chart:
    """A finished chart: its ``alt`` text, its pixels and (made when first asked for) the
    matplotlib ``figure`` that draws the same picture.

    ``png()`` gives the same bytes for the same chart every time, in any process (no
    timestamp or software tag in the metadata); ``img_html()`` is an ``<img>`` tag that
    needs no file and no network, for widgets and handouts.

    The course's charts are drawn in two layers (see ``leadlib.plots.layers.layered``):
    the pixels come from a cached drawing of everything that does not depend on the
    learner's answers, with the learner's marks drawn over it. ``figure`` is then built
    on first use, drawn in full: its pixels are the same as the chart's.
    """

    __slots__ = ("_build", "_figure", "_pixels", "alt")

    def __init__(
        self,
        figure: Figure | None,
        alt: str,
        *,
        pixels: Pixels | None = None,
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
    def pixels(self) -> Pixels:
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
        size = ' style="max-width: 100%"'
        if width is not None:
            css = f"{width}px" if isinstance(width, int) else str(width)
            size = f' style="max-width: 100%; width: {html.escape(css, quote=True)}"'
        return f'<img src="{self.data_uri()}" alt="{html.escape(self.alt, quote=True)}"{size}>'

    def _repr_html_(self) -> str:
        return self.img_html()

    def __repr__(self) -> str:
        return f"Chart: {self.alt}"
