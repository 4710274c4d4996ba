"""Offline, printable HTML handouts of the course notebooks (``leadlib handouts``).

Must not import nbconvert, nbclient, ipywidgets or matplotlib at import time: the
conversion lives in ``leadlib.handouts.convert`` and loads only when a build runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .build import (
    DEFAULT_OUT,
    BuildReport,
    HandoutUsageError,
    build_handouts,
    default_notebooks_dir,
    find_notebooks,
    write_index,
    write_pdfs,
)

__all__ = [
    "BuildReport",
    "HandoutUsageError",
    "add_handouts_arguments",
    "build_handouts",
    "find_notebooks",
    "run_handouts",
    "write_index",
    "write_pdfs",
]


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"needs at least 1, found {value}")
    return value


def add_handouts_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``leadlib handouts``."""
    parser.add_argument(
        "notebooks",
        nargs="*",
        metavar="NOTEBOOK",
        help="notebooks to build: a name (02_leadership), its number (02) or a path; "
        "default: every notebook of the course",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        metavar="DIR",
        help=f"folder for the pages and index.html (default: {DEFAULT_OUT})",
    )
    parser.add_argument(
        "--notebooks",
        dest="notebooks_dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder holding the course notebooks (default: ./notebooks)",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        default=max(1, os.cpu_count() or 1),
        metavar="N",
        help="notebooks built at once (default: one per CPU core; 1 builds in turn)",
    )
    parser.add_argument(
        "--pdf",
        action="store_true",
        help="also print each page to PDF with headless Chromium, if it is installed",
    )
    parser.add_argument(
        "--paper",
        choices=("a4", "letter"),
        default="a4",
        help="paper size of the PDFs (default: a4); the HTML pages print on either",
    )
    parser.add_argument(
        "--timeout",
        type=_positive,
        default=None,
        metavar="SECONDS",
        help="longest time one cell may run (default: 180)",
    )
    parser.add_argument(
        "--no-progress", action="store_true", help="no progress bar (for logs and CI)"
    )


def run_handouts(args: argparse.Namespace) -> int:
    """Build the handouts; 0 when every page (and PDF) was written, 1 when any failed,
    2 when a notebook named on the command line does not exist."""
    notebooks_dir = args.notebooks_dir or default_notebooks_dir()
    try:
        notebooks = find_notebooks(args.notebooks, notebooks_dir)
    except HandoutUsageError as exc:
        print(f"leadlib handouts: {exc}", file=sys.stderr)
        return 2
    report: BuildReport = build_handouts(
        notebooks,
        args.out,
        jobs=args.jobs,
        progress=not args.no_progress,
        timeout=args.timeout,
    )
    if args.pdf:
        write_pdfs(report, paper=args.paper, jobs=args.jobs)
    print(report.describe())
    return 0 if report.ok else 1
