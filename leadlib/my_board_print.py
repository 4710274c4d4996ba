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
from dataclasses import dataclass
from pathlib import Path

from .errors import LeadlibError
from .handouts.partial import write_text_whole
from .handouts.pdf import INSTALL_HINT, PdfError, find_chromium, print_pdf
from .i18n import _
from .models import Content
from .my_board import Decision, board_problems, check_board, poster_html

HTML_NAME = "delegation-board.html"
PDF_NAME = "delegation-board.pdf"


@dataclass(frozen=True)
class Written:
    """Where the board went: the HTML page always, the PDF when Chromium printed it
    (else ``pdf_problem`` says why not, in plain words)."""

    html: Path
    pdf: Path | None
    pdf_problem: str = ""


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
    folder.mkdir(parents=True, exist_ok=True)
    html_path = write_text_whole(folder / HTML_NAME, poster_html(content, decisions, owner))
    if not pdf:
        return Written(html_path, None)
    chromium = find_chromium()
    if chromium is None:
        return Written(html_path, None, _(INSTALL_HINT))
    try:
        pdf_path = print_pdf(
            html_path, folder / PDF_NAME, chromium=chromium, paper=paper, landscape=True
        )
    except PdfError as exc:
        return Written(html_path, None, str(exc))
    return Written(html_path, pdf_path)


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
    try:
        written = write_board(
            content, decisions, Path(folder), paper=args.paper, pdf=not args.no_pdf
        )
    except OSError as exc:
        print(
            _(
                "leadlib my-board: could not write into {folder} ({reason}). Choose a "
                "folder you may write to with --out."
            ).format(folder=folder, reason=exc.strerror or exc),
            file=sys.stderr,
        )
        return 1
    print(_("Board written to {path}").format(path=written.html))
    if written.pdf is not None:
        print(_("PDF written to {path}").format(path=written.pdf))
    elif written.pdf_problem:
        print(_("No PDF: {why}").format(why=written.pdf_problem), file=sys.stderr)
    return 0


def _default_out() -> Path:
    from .journal import leadlib_home

    return leadlib_home() / "exports"
