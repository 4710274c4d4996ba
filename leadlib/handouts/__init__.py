"""Offline, printable HTML handouts of the course notebooks (``leadlib handouts``).

The command's options are declared in ``leadlib.cli``; ``run_handouts`` does the work.
Must not import nbconvert, nbclient, ipywidgets or matplotlib at import time: the
conversion lives in ``leadlib.handouts.convert`` and loads only when a build runs.
"""

from __future__ import annotations

import argparse
import sys

from ..notebooks import default_notebooks_dir
from .build import (
    DEFAULT_OUT,
    BuildReport,
    HandoutUsageError,
    build_handouts,
    find_notebooks,
    prepare_out_dir,
    write_index,
    write_pdfs,
)

__all__ = [
    "DEFAULT_OUT",
    "BuildReport",
    "HandoutUsageError",
    "build_handouts",
    "find_notebooks",
    "prepare_out_dir",
    "run_handouts",
    "write_index",
    "write_pdfs",
]


def run_handouts(args: argparse.Namespace) -> int:
    """Build the handouts; 0 when every page (and PDF) was written, 1 when any failed,
    2 when a notebook named on the command line does not exist or ``--out`` cannot be
    used. Ctrl-C ends the build cleanly and goes on as KeyboardInterrupt (``leadlib.cli``
    turns it into one line and exit status 130)."""
    notebooks_dir = args.notebooks_dir or default_notebooks_dir()
    try:
        notebooks = find_notebooks(args.notebooks, notebooks_dir)
        out_dir = prepare_out_dir(args.out)
    except HandoutUsageError as exc:
        print(f"leadlib handouts: {exc}", file=sys.stderr)
        return 2
    report: BuildReport = build_handouts(
        notebooks,
        out_dir,
        jobs=args.jobs,
        progress=not args.no_progress,
        timeout=args.timeout,
        keys_at_end=getattr(args, "keys_at_end", False),
        facilitator_only=getattr(args, "facilitator", False),
    )
    if args.pdf:
        write_pdfs(report, paper=args.paper, jobs=args.jobs)
    print(report.describe())
    return 0 if report.ok else 1
