"""The facilitator's toolkit: aggregate participants' exports into a privacy-preserving
team report, and write synthetic exports to rehearse a workshop.

Importing this package stays light: matplotlib loads only when a chart is drawn, tqdm
only when progress is shown. Must not import ipywidgets, nbconvert or the journal.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from typing import Any

from ..errors import LeadlibError, printable
from ..i18n import _, ngettext
from .aggregate import (
    SkippedFile,
    TeamReportError,
    TeamSummary,
    aggregate,
    demo_warning,
    export_files,
)
from .demo import DemoFolderError, write_demo_exports
from .ledger import LedgerError, default_ledger
from .privacy import PrivacyError, PrivacyWarning
from .report import render_body, render_html

__all__ = [
    "DemoFolderError",
    "LedgerError",
    "PrivacyError",
    "PrivacyWarning",
    "SkippedFile",
    "TeamReportError",
    "TeamSummary",
    "aggregate",
    "default_ledger",
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

        bar = tqdm(total=total, unit="file", desc=_("Reading exports"), file=sys.stderr)
        return bar.update, bar.close
    return None, lambda: None


def _held_back_message(summary: TeamSummary) -> str:
    held = summary.held_back
    if held is None:
        return ""
    if not held.changed:
        return _(
            "the exports have not changed since the report of {date}, which used a minimum "
            "group of {old}: that report is shown again. Add --start-over to use {new}."
        ).format(date=summary.released_at, old=summary.min_group, new=held.asked_min_group)
    return ngettext(
        "{n} export arrived or changed since the report of {date}; that report is shown "
        "again unchanged until {m} more arrive (so that nobody's answers can be read off "
        "by comparing two reports).",
        "{n} exports arrived or changed since the report of {date}; that report is shown "
        "again unchanged until {m} more arrive (so that nobody's answers can be read off "
        "by comparing two reports).",
        held.changed,
    ).format(n=held.changed, date=summary.released_at, m=held.needed)


def _aggregate_for_command(args: argparse.Namespace, folder: Path) -> TeamSummary:
    total = len(export_files(folder))
    update, close = _progress(total)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", PrivacyWarning)
            summary = aggregate(
                folder,
                args.min_group,
                progress=update,
                ledger=getattr(args, "ledger", None),
                start_over=getattr(args, "start_over", False),
            )
    finally:
        close()
    for warning in caught:
        if issubclass(warning.category, PrivacyWarning):
            print(_("warning: {message}").format(message=warning.message), file=sys.stderr)
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    return summary


def run_team_report(args: argparse.Namespace) -> int:
    """``leadlib team-report``: 0 all files read, 3 some skipped, 2 nothing usable."""
    folder = Path(args.folder)
    try:
        summary = _aggregate_for_command(args, folder)
    except LeadlibError as exc:
        print(f"leadlib team-report: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    for skipped in summary.skipped:
        print(
            _("skipped {name}: {reasons}").format(
                name=skipped.name, reasons="; ".join(skipped.reasons)
            ),
            file=sys.stderr,
        )
    if 0 < summary.demo_participants < summary.participants:
        print(
            _("warning: {message}").format(
                message=demo_warning(summary.demo_participants, summary.participants)
            ),
            file=sys.stderr,
        )
    if summary.participants == 0:
        print(
            "leadlib team-report: "
            + ngettext(
                "no usable export in {folder} ({n} *.json file found). Collect the "
                "participants' export files into this folder, or try `leadlib demo-exports "
                "12 DIR` to rehearse.",
                "no usable export in {folder} ({n} *.json files found). Collect the "
                "participants' export files into this folder, or try `leadlib demo-exports "
                "12 DIR` to rehearse.",
                summary.files_found,
            ).format(folder=printable(str(folder)), n=summary.files_found),
            file=sys.stderr,
        )
        return EXIT_UNUSABLE
    held = _held_back_message(summary)
    if held:
        print(_("note: {message}").format(message=held), file=sys.stderr)
    out = Path(args.out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_html(summary, charts=not args.no_charts), encoding="utf-8")
    except OSError as exc:
        print(
            "leadlib team-report: "
            + _(
                "could not write the report to {path} ({why}). Choose another place with --out."
            ).format(path=printable(str(out)), why=exc.strerror or exc),
            file=sys.stderr,
        )
        return EXIT_UNUSABLE
    print(
        _(
            "Wrote {path}: {people} participants from {files} files; {skipped} skipped; "
            "{older} older duplicates set aside."
        ).format(
            path=printable(str(out)),
            people=summary.participants,
            files=summary.files_found,
            skipped=len(summary.skipped),
            older=len(summary.superseded),
        ),
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
            "leadlib demo-exports: "
            + _("could not write into {folder} ({why}). Choose a folder you can write to.").format(
                folder=printable(str(args.folder)), why=exc.strerror or exc
            ),
            file=sys.stderr,
        )
        return EXIT_UNUSABLE
    print(
        ngettext(
            "Wrote {n} demo export into {folder}.",
            "Wrote {n} demo exports into {folder}.",
            len(paths),
        ).format(n=len(paths), folder=printable(str(args.folder))),
        file=sys.stderr,
    )
    return EXIT_OK
