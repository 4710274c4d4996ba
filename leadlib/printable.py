"""Write a self-contained printable page into a folder: the HTML always, and its PDF
through headless Chromium (``leadlib.handouts.pdf``) where Chromium is found, each file
whole or not at all. Shared by the learner's delegation board (``my_board_print``) and
the results page (``results_print``), and by their buttons and commands.

Must not import ipywidgets, matplotlib, nbconvert or the journal.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .handouts.partial import write_text_whole
from .handouts.pdf import INSTALL_HINT, PdfError, find_chromium, print_pdf
from .i18n import _


@dataclass(frozen=True)
class Written:
    """Where a page went: the HTML page always, the PDF when Chromium printed it
    (else ``pdf_problem`` says why not, in plain words)."""

    html: Path
    pdf: Path | None
    pdf_problem: str = ""


def write_page(
    page: str,
    folder: Path,
    html_name: str,
    pdf_name: str,
    *,
    paper: str = "a4",
    pdf: bool = True,
    landscape: bool = False,
) -> Written:
    """Write ``page`` as ``folder/html_name`` and, with ``pdf`` where Chromium is found,
    print it to ``folder/pdf_name`` on ``paper`` ("a4" or "letter")."""
    folder.mkdir(parents=True, exist_ok=True)
    html_path = write_text_whole(folder / html_name, page)
    if not pdf:
        return Written(html_path, None)
    chromium = find_chromium()
    if chromium is None:
        return Written(html_path, None, _(INSTALL_HINT))
    try:
        pdf_path = print_pdf(
            html_path, folder / pdf_name, chromium=chromium, paper=paper, landscape=landscape
        )
    except PdfError as exc:
        return Written(html_path, None, str(exc))
    return Written(html_path, pdf_path)


def report_written(
    command: str, folder: Path, write: Callable[[], Written], written_words: str
) -> int:
    """For a command (``leadlib my-board``, ``leadlib my-results``): run ``write`` and
    say where the page and its PDF went (``written_words``, translated, with ``{path}``)
    or why not, in plain words. Returns the command's exit status."""
    try:
        written = write()
    except OSError as exc:
        print(
            _(
                "leadlib {command}: could not write into {folder} ({reason}). Choose a "
                "folder you may write to with --out."
            ).format(command=command, folder=folder, reason=exc.strerror or exc),
            file=sys.stderr,
        )
        return 1
    print(written_words.format(path=written.html))
    if written.pdf is not None:
        print(_("PDF written to {path}").format(path=written.pdf))
    elif written.pdf_problem:
        print(_("No PDF: {why}").format(why=written.pdf_problem), file=sys.stderr)
    return 0


__all__ = ["Written", "report_written", "write_page"]
