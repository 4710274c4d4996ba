"""Run and check the course notebooks: ``python -m leadlib.notebooks execute [NAMES]``
re-executes them in place from an empty journal; ``python -m leadlib.notebooks check``
reports structural problems (the same rules tests/test_notebooks.py enforces). Messages
and help are in the current language (``leadlib.i18n``); the texts the checks look for
in the stored outputs are the committed (English) notebooks' own.

This module is the command and the names other parts import; the work is in
``notebook_files`` (finding them), ``notebook_run`` (executing) and ``notebook_checks``.
nbformat and nbclient are imported inside the functions that need them; must not import
ipywidgets, matplotlib or the journal (the notebooks' kernels do that, not this process).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .i18n import _, ngettext
from .notebook_checks import (
    COURSE_CALLS,
    IMPORT_LINE,
    KEY_POINTS,
    MEMORY_ADDRESS,
    NOT_EXERCISES,
    STATIC_FORM_CLASS,
    check_course,
    check_notebook,
    course_map_text,
    markdown_text,
    output_text,
)
from .notebook_files import NotebookError, default_notebooks_dir, matching_ids, resolve
from .notebook_run import (
    KERNEL_NAME,
    KERNELSPEC,
    LANGUAGE_INFO,
    VOLATILE_CELL_METADATA,
    WIDGET_VIEW,
    execute,
    normalize,
    private_home,
)

__all__ = [
    "COURSE_CALLS",
    "IMPORT_LINE",
    "KERNELSPEC",
    "KERNEL_NAME",
    "KEY_POINTS",
    "LANGUAGE_INFO",
    "MEMORY_ADDRESS",
    "NOT_EXERCISES",
    "STATIC_FORM_CLASS",
    "VOLATILE_CELL_METADATA",
    "WIDGET_VIEW",
    "NotebookError",
    "build_parser",
    "check_course",
    "check_notebook",
    "course_map_text",
    "default_notebooks_dir",
    "execute",
    "main",
    "markdown_text",
    "matching_ids",
    "normalize",
    "output_text",
    "private_home",
    "resolve",
]


def build_parser() -> argparse.ArgumentParser:
    from .cli import translated_parser

    parser = translated_parser(
        prog="python -m leadlib.notebooks",
        description=_("Re-execute or check the course notebooks."),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = translated_parser(
        sub.add_parser,
        name="execute",
        help=_("re-run notebooks in place from an empty journal"),
        description=_(
            "Re-run the course notebooks in place, in course order, in one fresh "
            "temporary LEADLIB_HOME, and store their outputs."
        ),
    )
    run.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help=_("a notebook id like 02_leadership, or its number (02); all when none given"),
    )
    run.add_argument(
        "--timeout", type=int, default=300, help=_("seconds allowed per cell (default 300)")
    )
    check = translated_parser(
        sub.add_parser,
        name="check",
        help=_("report structural problems (exit status 1 if any)"),
        description=_("Report structural problems of the course notebooks."),
    )
    for command in (run, check):
        command.add_argument(
            "--dir",
            type=Path,
            default=None,
            help=_("the notebooks folder (default: ./notebooks, else the checkout's notebooks/)"),
        )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if not args.command:
        parser.print_usage(sys.stderr)
        print(_("choose a command: execute or check"), file=sys.stderr)
        return 2
    directory = args.dir or default_notebooks_dir()
    try:
        if args.command == "check":
            problems = check_course(directory)
            for problem in problems:
                print(problem)
            print(
                ngettext(
                    "{count} problem(s) in {folder}",
                    "{count} problem(s) in {folder}",
                    len(problems),
                ).format(count=len(problems), folder=directory)
            )
            return 1 if problems else 0
        execute(resolve(args.names, directory), timeout=args.timeout, log=sys.stdout)
    except NotebookError as exc:
        print(f"leadlib.notebooks: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
