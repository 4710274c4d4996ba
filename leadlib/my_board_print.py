"""Print the learner's own delegation board for the team's wall: the one-page HTML poster
(``leadlib.my_board.poster_html``) and its PDF through headless Chromium
(``leadlib.handouts.pdf``), written into a folder (the exercise's button and
``leadlib my-board``).

Imports the journal only inside ``run_my_board`` (the command); must not import
ipywidgets, matplotlib or nbconvert.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import LeadlibError
from .i18n import _
from .models import Content
from .my_board import Decision, board_problems, check_board, poster_html
from .printable import Written, report_written, write_page

HTML_NAME = "delegation-board.html"
PDF_NAME = "delegation-board.pdf"


def write_board(
    content: Content,
    decisions: Sequence[Decision],
    folder: Path,
    *,
    paper: str = "a4",
    pdf: bool = True,
    owner: str = "",
) -> Written:
    """Write ``delegation-board.html`` (and ``.pdf`` with ``pdf`` where Chromium is
    found) into ``folder``; each file appears whole or not at all."""
    page = poster_html(content, decisions, owner)
    return write_page(page, folder, HTML_NAME, PDF_NAME, paper=paper, pdf=pdf, landscape=True)


def run_my_board(args: argparse.Namespace) -> int:
    """``leadlib my-board``: print the board saved in the learner's journal."""
    from .journal import open_journal
    from .journal.answers import BOARD_ITEM, MY_BOARD

    try:
        journal = open_journal()
        try:
            saved = journal.answers(MY_BOARD).get(BOARD_ITEM)
            content = journal.content
        finally:
            journal.close()
        decisions = check_board(saved) if saved is not None else []
    except LeadlibError as exc:
        print(_("leadlib my-board: {problem}").format(problem=exc), file=sys.stderr)
        return 1
    if not decisions:
        print(
            _(
                "leadlib my-board: your journal holds no delegation board yet. Fill it in "
                "notebook 08 (Back at work), then run this again."
            ),
            file=sys.stderr,
        )
        return 1
    from datetime import date

    for problem in board_problems(decisions, date.today()):
        print(_("Note: {problem}").format(problem=problem), file=sys.stderr)
    folder = args.out if args.out is not None else _default_out()
    return report_written(
        "my-board",
        Path(folder),
        lambda: write_board(
            content, decisions, Path(folder), paper=args.paper, pdf=not args.no_pdf
        ),
        _("Board written to {path}"),
    )


def _default_out() -> Path:
    from .journal import leadlib_home

    return leadlib_home() / "exports"
