"""The ``leadlib`` command: ``handouts``, ``team-report`` and ``demo-exports``.

Each subcommand's work lives in its own module, imported only when that subcommand
runs, so ``leadlib --help`` stays fast. Exit status 2 on a usage error.
Must not import matplotlib, ipywidgets, nbconvert or sqlite3 at import time.
"""

from __future__ import annotations

import argparse
import importlib
import sys

#: subcommand -> "module:function"; the function takes the parsed args, returns the
#: exit status. Each module also provides ``add_arguments(subparser)`` as
#: "<module>:add_<function>_arguments".
COMMANDS: dict[str, tuple[str, str]] = {
    "handouts": ("leadlib.handouts", "Render the course to offline, printable HTML pages."),
    "team-report": ("leadlib.team", "Build the facilitator's team report from exports."),
    "demo-exports": ("leadlib.team", "Write synthetic exports to rehearse a workshop."),
}


def _entry(command: str) -> str:
    return command.replace("-", "_")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leadlib",
        description="Tools for the course 'Leading and managing: finding your balance'.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"leadlib {importlib.import_module('leadlib').__version__}",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command, (module, help_text) in COMMANDS.items():
        subparser = sub.add_parser(command, help=help_text, description=help_text)
        mod = importlib.import_module(module)
        getattr(mod, f"add_{_entry(command)}_arguments")(subparser)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if not args.command:
        parser.print_help()
        return 2
    module, _ = COMMANDS[args.command]
    run = getattr(importlib.import_module(module), f"run_{_entry(args.command)}")
    status: int = run(args)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
