"""The words of the charts: numbers as the learner reads them, counts in words, wrapped
labels, in the current language (``leadlib.i18n``). Plain functions on text; must not
import matplotlib, ipywidgets, nbconvert or the journal.
"""

from __future__ import annotations

import textwrap

from ..i18n import N_, catalogue_in_use, ngettext

#: Where a score is missing (translated where shown: ``_(NOT_ANSWERED)``).
NOT_ANSWERED = N_("not answered")
LABEL_WIDTH = 16  # characters per line of a wrapped axis label
#: Counts written as words in the English text. Not in the catalogue: a number word on
#: its own cannot agree with the noun it counts in many languages (gender, case), so
#: every other language gets digits.
_NUMBER_WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    11: "eleven",
    12: "twelve",
}


def num(value: float) -> str:
    """A score or share as the learner sees it: a whole number."""
    return f"{value:.0f}"


def count_word(n: int) -> str:
    """A count in a sentence or title: a word in English ("eight", digits past twelve);
    digits in any other language (``leadlib.i18n.catalogue_in_use``), where a number
    word taken out of its sentence may not agree with the noun it counts."""
    if catalogue_in_use():
        return str(n)
    return _NUMBER_WORDS.get(n, str(n))


def people(n: int) -> str:
    """``n`` person or people."""
    return ngettext("{n} person", "{n} people", n).format(n=n)


def wrap(text: str, width: int = LABEL_WIDTH) -> str:
    """``text`` on lines of at most ``width`` characters (a long word stays whole)."""
    return "\n".join(textwrap.wrap(text, width)) or text
