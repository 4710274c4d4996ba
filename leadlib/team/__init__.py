"""The facilitator's toolkit: aggregate participants' exports into a privacy-preserving
team report, and write synthetic exports to rehearse a workshop.

Importing this package stays light: matplotlib loads only when a chart is drawn, tqdm
only when progress is shown. Must not import ipywidgets, nbconvert or the journal.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..errors import LeadlibError, printable
from .aggregate import (
    SkippedFile,
    TeamReportError,
    TeamSummary,
    aggregate,
    demo_warning,
    export_files,
)
from .demo import DemoFolderError, write_demo_exports
from .privacy import PrivacyError
from .report import render_body, render_html

__all__ = [
    "DemoFolderError",
    "PrivacyError",
    "SkippedFile",
    "TeamReportError",
    "TeamSummary",
    "aggregate",
    "render_body",
    "render_html",
    "run_demo_exports",
    "run_team_report",
    "write_demo_exports",
]

#: Exit statuses of ``leadlib team-report``.
EXIT_OK = 0
EXIT_UNUSABLE = 2
EXIT_SOME_SKIPPED = 3


def _progress(total: int) -> tuple[Any, Any]:
    """A per-file callback and a closer: tqdm on a terminal, nothing otherwise."""
    if total >= 200 and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=total, unit="file", desc="Reading exports", file=sys.stderr)
        return bar.update, bar.close
    return None, lambda: None


def run_team_report(args: argparse.Namespace) -> int:
    """``leadlib team-report``: 0 all files read, 3 some skipped, 2 nothing usable."""
    folder = Path(args.folder)
    try:
        total = len(export_files(folder))
        update, close = _progress(total)
        try:
            summary = aggregate(folder, args.min_group, progress=update)
        finally:
            close()
    except LeadlibError as exc:
        print(f"leadlib team-report: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    for skipped in summary.skipped:
        print(f"skipped {skipped.name}: {'; '.join(skipped.reasons)}", file=sys.stderr)
    if 0 < summary.demo_participants < summary.participants:
        print(
            "warning: " + demo_warning(summary.demo_participants, summary.participants),
            file=sys.stderr,
        )
    if summary.participants == 0:
        print(
            f"leadlib team-report: no usable export in {printable(str(folder))} "
            f"({summary.files_found} *.json file{'s' if summary.files_found != 1 else ''} "
            "found). Collect the participants' export files into this folder, or try "
            "`leadlib demo-exports 12 DIR` to rehearse.",
            file=sys.stderr,
        )
        return EXIT_UNUSABLE
    out = Path(args.out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_html(summary, charts=not args.no_charts), encoding="utf-8")
    except OSError as exc:
        print(
            f"leadlib team-report: could not write the report to {printable(str(out))} "
            f"({exc.strerror or exc}). Choose another place with --out.",
            file=sys.stderr,
        )
        return EXIT_UNUSABLE
    print(
        f"Wrote {printable(str(out))}: {summary.participants} participants from "
        f"{summary.files_found} files"
        f"; {len(summary.skipped)} skipped; {len(summary.superseded)} older duplicates set "
        "aside.",
        file=sys.stderr,
    )
    return EXIT_SOME_SKIPPED if summary.skipped else EXIT_OK


def run_demo_exports(args: argparse.Namespace) -> int:
    """``leadlib demo-exports``: 0 on success, 2 on a problem the user can fix."""
    try:
        paths = write_demo_exports(args.count, args.folder, seed=args.seed, add=args.add)
    except LeadlibError as exc:
        print(f"leadlib demo-exports: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    except OSError as exc:
        print(
            f"leadlib demo-exports: could not write into {printable(str(args.folder))} "
            f"({exc.strerror or exc}). Choose a folder you can write to.",
            file=sys.stderr,
        )
        return EXIT_UNUSABLE
    print(f"Wrote {len(paths)} demo exports into {printable(str(args.folder))}.", file=sys.stderr)
    return EXIT_OK
