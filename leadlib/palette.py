"""Colours and sizes shared by every chart: colour-blind safe (Okabe-Ito) and legible on
a projector. Plain constants; must not import matplotlib.
"""

from __future__ import annotations

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common forms
# of colour-vision deficiency. Families are told apart by colour AND by line style or
# marker, never by colour alone.
LEADERSHIP = "#0072B2"  # blue
MANAGEMENT = "#D55E00"  # vermillion
BAND = "#009E73"  # bluish green: the recommended range
LEARNER = "#000000"  # black: the learner's own mark
NEUTRAL = "#999999"
HIGHLIGHT = "#E69F00"  # orange
SEQUENCE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")

FONT_SIZE = 14  # base size; titles +4. Readable from the back of a room.
TITLE_SIZE = 18
FIGURE_DPI = 100
