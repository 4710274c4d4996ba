"""leadlib: the library behind the course "Leading and managing: finding your balance".

The core (content, scoring, balance, delegation, quiz) is pure Python and imports no
heavy library; ``leadlib.journal``, ``leadlib.plots``, ``leadlib.widgets``,
``leadlib.handouts`` and ``leadlib.team`` load only when used.
"""

from __future__ import annotations

from .content import load_content
from .errors import AnswerError, ContentError, LeadlibError
from .models import Content, Family, Level3
from .scoring import Profile, Quadrant, score

__version__ = "0.1.0"

__all__ = [
    "AnswerError",
    "Content",
    "ContentError",
    "Family",
    "LeadlibError",
    "Level3",
    "Profile",
    "Quadrant",
    "__version__",
    "load_content",
    "score",
]
