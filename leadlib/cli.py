"""The ``leadlib`` command: ``handouts``, ``team-report``, ``demo-exports``, ``my-board``,
``my-results`` and ``hub-link``.

Every option of every subcommand is declared here, its help in the current language
(``leadlib.i18n``: help texts are translated when the parser is built); each
subcommand's work lives in its own module (``leadlib.handouts``, ``leadlib.team``),
imported only when that subcommand runs, so ``leadlib --help`` and
``leadlib team-report --help`` stay fast. Exit status 2 on a usage error, 130 when
stopped with Ctrl-C.

Must not import leadlib.handouts, leadlib.team, matplotlib, ipywidgets, nbconvert or
sqlite3 at import time or while building the parser.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .i18n import N_, _

#: Defaults of ``leadlib handouts``; tests/test_cli.py checks that they are the same as
#: the library's own (``leadlib.handouts.build.DEFAULT_OUT``, ``convert.CELL_TIMEOUT``).
HANDOUTS_OUT = Path("build") / "handouts"
HANDOUTS_CELL_TIMEOUT = 180
#: ``leadlib hub-link``'s default notebook (``leadlib.hublink.DEFAULT_PATH``, checked by
#: tests/test_hublink.py).
HUB_LINK_PATH = "notebooks/00_start_here.ipynb"
#: Where the team report's privacy limits are defined (read, not imported: see
#: ``privacy_limits``).
PRIVACY_SOURCE = Path(__file__).resolve().parent / "team" / "privacy.py"
#: Exit status after Ctrl-C, as a shell reports a command ended by SIGINT.
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class Command:
    """A subcommand: its one-line help, its options, the function that runs it, and
    the line printed when Ctrl-C stops it (both texts marked with ``N_``, translated
    where shown)."""

    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: str  # "module:function"; the function takes the parsed args, returns the status
    stopped: str


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a whole number").format(text=text)
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("needs at least 1, found {value}").format(value=value))
    return value


def _handouts_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "notebooks",
        nargs="*",
        metavar="NOTEBOOK",
        help=_(
            "notebooks to build: a name (02_leadership), its number (02) or a path; "
            "default: every notebook of the course"
        ),
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=HANDOUTS_OUT,
        metavar="DIR",
        help=_(
            "folder for the pages and index.html, created if missing (default: {default})"
        ).format(default=HANDOUTS_OUT),
    )
    parser.add_argument(
        "--notebooks",
        dest="notebooks_dir",
        type=Path,
        default=None,
        metavar="DIR",
        help=_(
            "folder holding the course notebooks (default: ./notebooks, else the one "
            "beside the leadlib package)"
        ),
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        default=max(1, os.cpu_count() or 1),
        metavar="N",
        help=_("notebooks built at once (default: one per CPU core; 1 builds in turn)"),
    )
    parser.add_argument(
        "--pdf",
        action="store_true",
        help=_("also print each page to PDF with headless Chromium, if it is installed"),
    )
    parser.add_argument(
        "--paper",
        choices=("a4", "letter"),
        default="a4",
        help=_("paper size of the PDFs (default: a4); the HTML pages print on either"),
    )
    parser.add_argument(
        "--keys-at-end",
        action="store_true",
        help=_(
            "also print the answer keys at the end of each handout, starting on a new "
            "page (print single-sided to keep them off the back of a worksheet; they are "
            "always in facilitator.html)"
        ),
    )
    parser.add_argument(
        "--facilitator",
        action="store_true",
        help=_(
            "write only the facilitator pack (facilitator.html: agenda, materials, "
            "delegation round, disagreements, debrief, answer keys, team summary)"
        ),
    )
    parser.add_argument(
        "--timeout",
        type=_positive,
        default=None,
        metavar="SECONDS",
        help=_("longest time one cell may run (default: {default})").format(
            default=HANDOUTS_CELL_TIMEOUT
        ),
    )
    parser.add_argument(
        "--no-progress", action="store_true", help=_("no progress bar (for logs and CI)")
    )


def privacy_limits(source: Path = PRIVACY_SOURCE) -> tuple[int, int]:
    """``DEFAULT_MIN_GROUP`` and ``SMALLEST_MIN_GROUP`` of ``leadlib.team.privacy``.

    Read from the module's source rather than imported: importing it would run the
    ``leadlib.team`` package (the report code and its templates, about a quarter of a
    second) just to show ``leadlib team-report --help``. Each must be assigned a whole
    number literal there; anything else is a bug in the package and raises RuntimeError.
    """
    wanted = ("DEFAULT_MIN_GROUP", "SMALLEST_MIN_GROUP")
    found: dict[str, int] = {}
    for node in ast.parse(source.read_text(encoding="utf-8"), filename=str(source)).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in wanted:
            literal = value.value if isinstance(value, ast.Constant) else None
            if isinstance(literal, bool) or not isinstance(literal, int):
                raise RuntimeError(f"{source}: {target.id} must be a whole number literal")
            found[target.id] = literal
    missing = [name for name in wanted if name not in found]
    if missing:
        raise RuntimeError(f"{source}: {', '.join(missing)} not defined")
    return found["DEFAULT_MIN_GROUP"], found["SMALLEST_MIN_GROUP"]


def _min_group(text: str) -> int:
    """A ``--min-group`` value, checked by the privacy rules themselves (the command
    runs next, so importing them here costs nothing extra)."""
    from .team.privacy import PrivacyError, check_min_group

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("the minimum group must be a whole number, found {found!r}").format(found=text)
        ) from None
    try:
        return check_min_group(value)
    except PrivacyError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _team_report_arguments(parser: argparse.ArgumentParser) -> None:
    default, smallest = privacy_limits()
    parser.add_argument("folder", metavar="DIR", help=_("the folder holding the *.json exports"))
    parser.add_argument(
        "--out",
        default="team-report.html",
        help=_("where to write the HTML report (default: {default})").format(
            default="team-report.html"
        ),
    )
    parser.add_argument(
        "--min-group",
        type=_min_group,
        default=default,
        help=_(
            "hide any figure based on fewer people than this (default {default}, at least "
            "{smallest})"
        ).format(default=default, smallest=smallest),
    )
    parser.add_argument(
        "--no-charts",
        action="store_true",
        help=_("tables only, no charts (faster; still the same figures)"),
    )
    parser.add_argument(
        "--ledger",
        metavar="PATH",
        default=None,
        help="the release ledger, which remembers what earlier reports of this folder "
        "showed (default: LEADLIB_HOME/ledgers/, one file per folder)",
    )
    parser.add_argument(
        "--start-over",
        action="store_true",
        help="set the release ledger aside and begin a new one (warns: anyone holding an "
        "earlier report can then compare it with the new one)",
    )


def _demo_exports_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("count", metavar="N", type=int, help=_("how many exports to write"))
    parser.add_argument("folder", metavar="DIR", help=_("the folder to write them into"))
    parser.add_argument(
        "--seed", type=int, default=0, help=_("the same seed gives the same files (default 0)")
    )
    parser.add_argument(
        "--add",
        action="store_true",
        help=_(
            "write into a folder that already holds files (without it, such a folder is "
            "refused, so demo data never mixes with real exports by accident)"
        ),
    )


def _page_arguments(out_help: str) -> Callable[[argparse.ArgumentParser], None]:
    """The options of a command that prints one page (``my-board``, ``my-results``):
    ``--out`` (its help ``out_help``, marked with N_), ``--paper`` and ``--no-pdf``."""

    def add(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--out", type=Path, default=None, metavar="DIR", help=_(out_help))
        parser.add_argument(
            "--paper",
            choices=("a4", "letter"),
            default="a4",
            help=_("paper size of the PDF (default: a4); the HTML page prints on either"),
        )
        parser.add_argument(
            "--no-pdf", action="store_true", help=_("write the HTML page only, no PDF")
        )

    return add


def _hub_link_arguments(parser: argparse.ArgumentParser) -> None:
    # the defaults are leadlib.hublink's (tests/test_hublink.py checks they agree)
    parser.add_argument(
        "--repo", required=True, metavar="URL", help=_("the course's git repository (https://...)")
    )
    parser.add_argument("--branch", default="main", help=_("the branch to pull (default: main)"))
    parser.add_argument(
        "--hub", required=True, metavar="URL", help=_("the JupyterHub's address (https://...)")
    )
    parser.add_argument(
        "--path",
        default=HUB_LINK_PATH,
        metavar="NOTEBOOK",
        help=_("the notebook to open, inside the repository (default: {default})").format(
            default=HUB_LINK_PATH
        ),
    )
    parser.add_argument(
        "--open",
        dest="open_in",
        choices=("app", "lab"),
        default="app",
        help=_("open it as the app (for participants, the default) or in JupyterLab"),
    )


COMMANDS: dict[str, Command] = {
    "handouts": Command(
        help=N_("Render the course to offline, printable HTML pages."),
        add_arguments=_handouts_arguments,
        run="leadlib.handouts:run_handouts",
        stopped=N_(
            "stopped by Ctrl-C; the build's kernels and browsers were ended and no "
            "half-written page was left. Run the command again to build the rest."
        ),
    ),
    "team-report": Command(
        help=N_("Build the facilitator's team report from exports."),
        add_arguments=_team_report_arguments,
        run="leadlib.team:run_team_report",
        stopped=N_(
            "stopped by Ctrl-C before the report was finished; run it again for a complete report."
        ),
    ),
    "demo-exports": Command(
        help=N_("Write synthetic exports to rehearse a workshop."),
        add_arguments=_demo_exports_arguments,
        run="leadlib.team:run_demo_exports",
        stopped=N_("stopped by Ctrl-C; some demo exports may be missing. Run it again."),
    ),
    "my-board": Command(
        help=N_("Print your own delegation board (notebook 08) for the team's wall."),
        add_arguments=_page_arguments(
            N_("folder for delegation-board.html and .pdf (default: LEADLIB_HOME/exports)")
        ),
        run="leadlib.my_board_print:run_my_board",
        stopped=N_("stopped by Ctrl-C; no half-written board was left. Run it again."),
    ),
    "my-results": Command(
        help=N_("Write your results (notebook 08) as one printable page, HTML and PDF."),
        add_arguments=_page_arguments(
            N_("folder for my-results.html and .pdf (default: LEADLIB_HOME/exports)")
        ),
        run="leadlib.results_print:run_my_results",
        stopped=N_("stopped by Ctrl-C; no half-written page was left. Run it again."),
    ),
    "hub-link": Command(
        help=N_("Print an nbgitpuller link that puts the course on a JupyterHub."),
        add_arguments=_hub_link_arguments,
        run="leadlib.hublink:run_hub_link",
        stopped=N_("stopped by Ctrl-C; no link was printed."),
    ),
}


def _version() -> str:
    from . import __version__

    return f"leadlib {__version__}"


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout with its "usage: " in the current language."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


def translated_parser(
    parser_class: Callable[..., argparse.ArgumentParser] = argparse.ArgumentParser,
    **kwargs: Any,
) -> argparse.ArgumentParser:
    """An argparse parser whose own words (usage, section titles, -h) are in the current
    language; ``parser_class`` is ArgumentParser or a subparsers' ``add_parser``."""
    parser = parser_class(formatter_class=HelpFormatter, add_help=False, **kwargs)
    parser._positionals.title = _("positional arguments")
    parser._optionals.title = _("options")
    parser.add_argument("-h", "--help", action="help", help=_("show this help message and exit"))
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, every subcommand included; imports no subcommand module."""
    parser = translated_parser(
        prog="leadlib",
        description=_("Tools for the course 'Leading and managing: finding your balance'."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=_version(),
        help=_("show program's version number and exit"),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, command in COMMANDS.items():
        summary = _(command.help)
        subparser = translated_parser(sub.add_parser, name=name, help=summary, description=summary)
        command.add_arguments(subparser)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if not args.command:
        parser.print_help()
        return 2
    command = COMMANDS[args.command]
    module, function = command.run.split(":")
    try:
        run = getattr(importlib.import_module(module), function)
        status: int = run(args)
    except KeyboardInterrupt:
        # The subcommand has already ended its own child processes (see
        # leadlib.handouts.build); what is left is to say so, once.
        print(f"leadlib {args.command}: {_(command.stopped)}", file=sys.stderr)
        return EXIT_INTERRUPTED
    return status


if __name__ == "__main__":
    raise SystemExit(main())
