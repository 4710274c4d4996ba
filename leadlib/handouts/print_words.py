"""The print version of what the notebooks say on screen: sliders, buttons, cards, Run All.

One mechanism, applied by the handout preprocessor to every markdown cell: a words table.
``PRINT_SECTIONS`` replaces a whole cell, found by its level-2 heading, with its printed
form (or drops it: ``None``); ``PRINT_PHRASES`` replaces a passage (matched word for word,
any line breaks) with its printed form. The notebooks themselves are not touched.
``screen_words`` finds what is still an on-screen instruction, so the build can warn and
the tests can check that no handout tells a reader on paper to click.

Standard library only; must not import nbconvert, ipywidgets or matplotlib.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from ..i18n import N_, _

#: A cell whose level-2 heading is the key becomes its printed form (translated where
#: used), or is left out of the handout (None).
PRINT_SECTIONS: dict[str, str | None] = {
    "Using the exercises": N_(
        "## Using the worksheets\n\nEach exercise is a worksheet: tick, circle or write your "
        "answers. The answer key, handed out after the exercise, explains why an answer fits "
        "or does not.\n\nYou can change an answer at any time: cross it out and write the new "
        "one beside it."
    ),
}

#: A passage said on screen (left) and its printed form (right, translated where used;
#: empty: left out).
PRINT_PHRASES: tuple[tuple[str, str], ...] = (
    (
        "- The exercises are ready when the page opens: answer with the buttons, lists and "
        "sliders, and read the feedback below them.",
        N_(
            "- Each exercise is a worksheet to fill in with a pen; the notebook has the same "
            "exercises with instant feedback."
        ),
    ),
    (
        "Once you have answered both parts, your profile appears below.",
        N_("Once you have scored both parts, draw your profile on the blank charts below."),
    ),
    (
        "The **radar chart** shows your eight trait scores from 0 to 100",
        N_("On the **radar chart**, mark your eight trait scores from 0 to 100"),
    ),
    ("If you have not answered yet, the profile tells you what is missing.", ""),
    (
        "Each card tells a short story: a person and a decision to be made.",
        N_("Each row of the worksheet tells a short story: a person and a decision to be made."),
    ),
    (
        "Move through the cards with *Next scenario* and *Previous scenario*; on the last "
        "card, *Finish: show my board* gives a summary of all your choices (*Show my board* "
        "does the same at any time).",
        N_("Then copy your choices onto the blank delegation board for a summary of all of them."),
    ),
    (
        "When you finish the last scenario, the exercise shows your board: every scenario "
        "with the level you chose and, once you have answered it, the range that fits it.",
        N_(
            "Your board above holds every scenario with the level you circled; the answer "
            "key adds the range that fits each."
        ),
    ),
    ("the feedback shows a range", N_("the answer key shows a range")),
    ("Then set the slider to the share of", N_("Then mark on the bar the share of")),
    (
        "If your week is an even split, keep the slider's starting 50% with the button under it.",
        "",
    ),
    (
        "If your first answer misses, it says why and you get one more try; then the answer shows.",
        N_("The answer key says why each wrong option misses."),
    ),
    (
        "The chart shows your split against the range that suits the situation. If you "
        "answered the self-assessment in notebooks 02 and 03, your profile appears below the "
        "chart, beside the range: your two scores say how often, by your own account, you use "
        "each side's practices, not how you spend your week, so they are shown in words and "
        "not placed on the chart.",
        N_(
            "The answer key shows the range that suits each situation. If you did the "
            "self-assessment in notebooks 02 and 03, set your profile beside that range: your "
            "two scores say how often, by your own account, you use each side's practices, "
            "not how you spend your week, so do not mark them on the bar."
        ),
    ),
    (
        "To use your team's exports, type the folder where you collected them into the "
        "*Folder* box and click *Build the team picture*.",
        N_(
            "To use your team's exports, build the team picture in the notebook from the "
            "folder where you collected them."
        ),
    ),
    (
        "or opens this notebook in JupyterLab, types the folder and clicks *Build the team "
        "picture*.",
        N_("or builds it in this notebook in JupyterLab."),
    ),
    (
        "or opens this notebook in JupyterLab, types the folder and clicks <em>Build the "
        "team picture</em>.",
        N_("or builds it in this notebook in JupyterLab."),
    ),
    (
        "where you want to be, which you set with the slider under your list;",
        N_("where you want to be, which you write under your log;"),
    ),
    (
        "Type the folder, click *Build the team picture*, then read the picture:",
        N_("Read the team picture:"),
    ),
    # 00's self-check (content: questions); the answer key's heading repeats the option,
    # so both change together.
    (
        "The buttons of an exercise have stopped reacting.",
        N_("An exercise in the notebook has stopped reacting."),
    ),
    (
        "Reload the page; in JupyterLab, restart the notebook and run it again",
        N_("Open the page again; in JupyterLab, restart the notebook and run it again"),
    ),
    # The export panel (00, 06) and every notebook's Reflect section
    ("The panel below does two things:", N_("In the notebook, the export panel does two things:")),
    (
        "The panel below writes an export file.",
        N_("In the notebook, the export panel writes an export file."),
    ),
    (
        "Write a few lines in the box and save them. Your reflection stays in your journal",
        N_(
            "Write a few lines on the lines below. In the notebook, your reflection stays "
            "in your journal"
        ),
    ),
    # 08's "My results" worksheet
    (
        "In JupyterLab, the button of this exercise writes your results",
        N_("In JupyterLab, this exercise writes your results"),
    ),
)

#: Words that only make sense on screen (case-insensitive, whole words).
SCREEN_WORDS = re.compile(
    r"\b(?:sliders?|buttons?|click(?:s|ed|ing)?|shift\+enter|run all|next scenario|"
    r"previous scenario|show my board|refresh(?:es|ed|ing)?|reload|kernel|cards?(?! game)|drag|"
    r"scroll|drop-?down|appears? below|the chart shows|type the folder|panel below|"
    r"box and save)\b",
    re.IGNORECASE,
)

_HEADING = re.compile(r"^##\s+(?P<title>.+?)\s*$", re.MULTILINE)


def _loose(passage: str) -> re.Pattern[str]:
    """``passage`` matched word for word, any run of spaces or line breaks between words."""
    return re.compile(r"\s+".join(re.escape(word) for word in passage.split()))


_PHRASES = tuple((_loose(screen), printed) for screen, printed in PRINT_PHRASES)


def print_phrases(text: str) -> str:
    """``text`` (markdown or HTML) with every on-screen passage in its printed form."""
    for pattern, printed in _PHRASES:
        text = pattern.sub(_(printed).replace("\\", "\\\\") if printed else "", text)
    return text


def print_version(markdown: str) -> str | None:
    """The printed form of a markdown cell: its section's replacement, or the cell with
    every on-screen passage replaced; None when the cell is left out of the handout."""
    heading = _HEADING.search(markdown)
    if heading and heading.group("title").strip() in PRINT_SECTIONS:
        printed = PRINT_SECTIONS[heading.group("title").strip()]
        return None if printed is None else _(printed)
    return print_phrases(markdown)


class _Text(HTMLParser):
    """The visible text of an HTML page (no style, script or head)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "title", "head"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title", "head") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def screen_words(text: str, *, html: bool = False) -> list[str]:
    """The on-screen instruction words in ``text`` (visible text of ``html``), each with a
    few words around it, in order."""
    plain = visible_text(text) if html else unescape(text)
    found = []
    for match in SCREEN_WORDS.finditer(plain):
        start, end = max(0, match.start() - 40), min(len(plain), match.end() + 40)
        found.append(" ".join(plain[start:end].split()))
    return found
