"""``python -m leadlib.handouts``: the same as ``leadlib handouts``.

Imports only the handouts package; nbconvert loads when the build starts.
"""

from __future__ import annotations

import argparse

from . import add_handouts_arguments, run_handouts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="leadlib handouts", description="Render the course to offline, printable HTML pages."
    )
    add_handouts_arguments(parser)
    return run_handouts(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
