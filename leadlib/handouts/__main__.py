"""``python -m leadlib.handouts``: the same as ``leadlib handouts`` (options and all are
in ``leadlib.cli``).

Imports only the command-line module; nbconvert loads when the build starts.
"""

from __future__ import annotations

import sys

from ..cli import main as leadlib_main


def main(argv: list[str] | None = None) -> int:
    return leadlib_main(["handouts", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    raise SystemExit(main())
