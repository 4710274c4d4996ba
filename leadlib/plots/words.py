"""The words of the charts: numbers as the learner reads them, counts in words, wrapped
labels. Plain functions on text; must not import matplotlib, ipywidgets, nbconvert or
the journal.
"""

from __future__ import annotations

import textwrap

NOT_ANSWERED = "not answered"
LABEL_WIDTH = 16  # characters per line of a wrapped axis label
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
    """A count as a word in a sentence or title ("eight"), digits past twelve."""
    return _NUMBER_WORDS.get(n, str(n))


def people(n: int) -> str:
    """``n`` person or people."""
    return f"{n} {'person' if n == 1 else 'people'}"


def wrap(text: str, width: int = LABEL_WIDTH) -> str:
    """``text`` on lines of at most ``width`` characters (a long word stays whole)."""
    return "\n".join(textwrap.wrap(text, width)) or text
