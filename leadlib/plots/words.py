"""The words of the charts: numbers as the learner reads them, counts in words, wrapped
labels, in the current language (``leadlib.i18n``). Plain functions on text; must not
import matplotlib, ipywidgets, nbconvert or the journal.
"""

from __future__ import annotations

import textwrap

from ..i18n import N_, _, ngettext

#: Where a score is missing (translated where shown: ``_(NOT_ANSWERED)``).
NOT_ANSWERED = N_("not answered")
LABEL_WIDTH = 16  # characters per line of a wrapped axis label
_NUMBER_WORDS = {
    1: N_("one"),
    2: N_("two"),
    3: N_("three"),
    4: N_("four"),
    5: N_("five"),
    6: N_("six"),
    7: N_("seven"),
    8: N_("eight"),
    9: N_("nine"),
    10: N_("ten"),
    11: N_("eleven"),
    12: N_("twelve"),
}


def num(value: float) -> str:
    """A score or share as the learner sees it: a whole number."""
    return f"{value:.0f}"


def count_word(n: int) -> str:
    """A count as a word in a sentence or title ("eight"), digits past twelve."""
    word = _NUMBER_WORDS.get(n)
    return _(word) if word is not None else str(n)


def people(n: int) -> str:
    """``n`` person or people."""
    return ngettext("{n} person", "{n} people", n).format(n=n)


def wrap(text: str, width: int = LABEL_WIDTH) -> str:
    """``text`` on lines of at most ``width`` characters (a long word stays whole)."""
    return "\n".join(textwrap.wrap(text, width)) or text
