"""Short notes the exercises and their worksheets share. They are written once, in
``leadlib.profile``; this module keeps the names the widgets import.

Plain text constants; must not import ipywidgets.
"""

from __future__ import annotations

from ..profile import NO_PROFILE_NOTE, REFLECTION_NOTE

__all__ = ["NO_PROFILE_NOTE", "REFLECTION_NOTE"]
