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
from .privacy import DEFAULT_MIN_GROUP, SMALLEST_MIN_GROUP, PrivacyError, check_min_group
from .report import render_body, render_html

__all__ = [
    "DemoFolderError",
    "PrivacyError",
    "SkippedFile",
    "TeamReportError",
    "TeamSummary",
    "add_demo_exports_arguments",
    "add_team_report_arguments",
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


def _min_group(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"the minimum group must be a whole number, found {text!r}"
        ) from None
    try:
        return check_min_group(value)
    except PrivacyError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_team_report_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``leadlib team-report``."""
    parser.add_argument("folder", metavar="DIR", help="the folder holding the *.json exports")
    parser.add_argument(
        "--out",
        default="team-report.html",
        help="where to write the HTML report (default: team-report.html)",
    )
    parser.add_argument(
        "--min-group",
        type=_min_group,
        default=DEFAULT_MIN_GROUP,
        help=(
            "hide any figure based on fewer people than this "
            f"(default {DEFAULT_MIN_GROUP}, at least {SMALLEST_MIN_GROUP})"
        ),
    )
    parser.add_argument(
        "--no-charts",
        action="store_true",
        help="tables only, no charts (faster; still the same figures)",
    )


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


def add_demo_exports_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``leadlib demo-exports``."""
    parser.add_argument("count", metavar="N", type=int, help="how many exports to write")
    parser.add_argument("folder", metavar="DIR", help="the folder to write them into")
    parser.add_argument(
        "--seed", type=int, default=0, help="the same seed gives the same files (default 0)"
    )


def run_demo_exports(args: argparse.Namespace) -> int:
    """``leadlib demo-exports``: 0 on success, 2 on a problem the user can fix."""
    try:
        paths = write_demo_exports(
            args.count, args.folder, seed=args.seed, add=bool(getattr(args, "add", False))
        )
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
