"""The course's charts: profile radar, the leadership and management grid (after Kotter),
balance band and delegation distribution, each with alt text, drawn in two
layers over a shared cache.

Modules: ``chart`` (the ``Chart`` and its PNG), ``layers`` (the cache of static layers,
``LAYERS``), ``style`` and ``words`` (what every chart shares in drawing and in words),
and one module per chart: ``radar``, ``kotter``, ``balance``, ``delegation``,
``time_audit`` (the measured week on the balance band) and ``progress`` (then and now).

Importing this package loads no matplotlib: the chart functions import it (Agg canvas,
no pyplot) when they draw. Must not import ipywidgets, nbconvert or the journal.
"""

from __future__ import annotations

from .balance import balance_band
from .chart import Chart
from .delegation import DELEGATION_KINDS, DELEGATION_MARKERS, delegation_distribution
from .kotter import KOTTER_TITLE, kotter_grid
from .layers import DYNAMIC_Z, LAYER_BYTES, LAYER_COUNT, LAYERS, LayerCache
from .progress import then_and_now
from .radar import TRAIT_LABEL, TRAIT_NAME, profile_radar
from .style import FAMILY_LEGEND, FAMILY_STYLE, GRID_COLOUR, GUIDE, MUTED_TEXT, WHITE
from .time_audit import time_split
from .words import NOT_ANSWERED

__all__ = [
    "DELEGATION_KINDS",
    "DELEGATION_MARKERS",
    "DYNAMIC_Z",
    "FAMILY_LEGEND",
    "FAMILY_STYLE",
    "GRID_COLOUR",
    "GUIDE",
    "KOTTER_TITLE",
    "LAYERS",
    "LAYER_BYTES",
    "LAYER_COUNT",
    "MUTED_TEXT",
    "NOT_ANSWERED",
    "TRAIT_LABEL",
    "TRAIT_NAME",
    "WHITE",
    "Chart",
    "LayerCache",
    "balance_band",
    "delegation_distribution",
    "kotter_grid",
    "profile_radar",
    "then_and_now",
    "time_split",
]
