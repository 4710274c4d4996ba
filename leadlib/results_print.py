"""Print the learner's results page (``leadlib.results``): read the results from the journal
(``read_results``), draw its charts (the leadership and management grid and the measured week, with
alt text, from ``leadlib.plots``), and write ``my-results.html`` and its PDF into a folder
(``write_results``, through ``leadlib.printable``); ``leadlib my-results`` is ``run_my_results``.

The others' view reaches the page only as the journal last recorded it
(``journal.others.releases``): reading it here records nothing and shows no more than
the view already has.

Imports the journal and the plots inside functions; must not import ipywidgets or
nbconvert.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import LeadlibError
from .i18n import _
from .models import Content
from .printable import Written, report_written, write_page
from .results import ChartImage, Results, gather
from .results_page import page_html

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .journal.others import _Journal

HTML_NAME = "my-results.html"
PDF_NAME = "my-results.pdf"


def read_results(journal: _Journal, today: date | None = None) -> Results:
    """The results in ``journal`` (any object with the journal's ``answers`` and
    ``content``): every part, and the others' view as last recorded (nothing when the
    view has shown nothing, or its record cannot be read safely)."""
    from .journal.others import releases
    from .team.privacy import DEFAULT_MIN_GROUP

    shown = releases(journal, DEFAULT_MIN_GROUP)
    release = shown[-1] if shown else None
    return gather(journal.content, journal.answers, release, today or date.today())


def results_charts(content: Content, results: Results) -> dict[str, ChartImage]:
    """The page's charts: the grid once there is a profile, the measured week on
    the situation's band once the time audit is done."""
    from . import plots
    from .time_audit import measure

    charts: dict[str, ChartImage] = {}
    if results.profile is not None:
        charts["kotter"] = plots.kotter_grid(results.profile)
    if results.audit_done and results.situation is not None:
        charts["time"] = plots.time_split(
            content,
            results.situation,
            measure(results.activities),
            results.wanted,
            results.estimate,
        )
    return charts


def results_page(content: Content, results: Results, today: date | None = None) -> str:
    """The whole page, charts drawn."""
    day = today or date.today()
    return page_html(content, results, results_charts(content, results), day)


def write_results(
    content: Content,
    results: Results,
    folder: Path,
    *,
    paper: str = "a4",
    pdf: bool = True,
    today: date | None = None,
) -> Written:
    """Write ``my-results.html`` (and ``.pdf`` with ``pdf`` where Chromium is found)
    into ``folder``, in portrait; each file appears whole or not at all."""
    page = results_page(content, results, today)
    return write_page(page, folder, HTML_NAME, PDF_NAME, paper=paper, pdf=pdf)


def run_my_results(args: argparse.Namespace) -> int:
    """``leadlib my-results``: write the results page from the learner's journal."""
    from .journal import leadlib_home, open_journal

    try:
        journal = open_journal()
        try:
            results = read_results(journal)
            content = journal.content
        finally:
            journal.close()
    except LeadlibError as exc:
        print(_("leadlib my-results: {problem}").format(problem=exc), file=sys.stderr)
        return 1
    folder = Path(args.out) if args.out is not None else leadlib_home() / "exports"
    status = report_written(
        "my-results",
        folder,
        lambda: write_results(content, results, folder, paper=args.paper, pdf=not args.no_pdf),
        _("Results page written to {path}"),
    )
    if status:
        return status
    from .results import MISSING

    for key in results.missing():
        print(_("Not on the page yet: {where}").format(where=_(MISSING[key])), file=sys.stderr)
    return 0
