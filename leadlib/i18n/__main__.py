"""``python -m leadlib.i18n extract|pseudo OUTDIR``: the developer commands of
``leadlib.i18n`` (they need Babel, a test dependency).

Must not import matplotlib, ipywidgets, nbconvert or the journal.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import LANG_ENV, LOCALEDIR_ENV, POT_FILE


def main(argv: list[str] | None = None) -> int:
    """``python -m leadlib.i18n extract|pseudo OUTDIR``: see the module docstring."""
    args = sys.argv[1:] if argv is None else argv
    usage = (
        "usage: python -m leadlib.i18n extract [POT]\n"
        "       python -m leadlib.i18n pseudo OUTDIR [--lang CODE]"
    )
    if not args or args[0] not in ("extract", "pseudo"):
        print(usage, file=sys.stderr)
        return 2
    try:
        from . import tools
    except ImportError as exc:  # Babel missing
        print(
            f"leadlib: {exc}. These commands need Babel: pip install -e '.[test]'",
            file=sys.stderr,
        )
        return 2
    if args[0] == "extract":
        target = Path(args[1]) if len(args) > 1 else POT_FILE
        count = tools.write_pot(target)
        print(f"leadlib: {count} messages written to {target}")
        return 0
    rest = args[1:]
    lang = tools.PSEUDO_LANG
    if "--lang" in rest:
        at = rest.index("--lang")
        if at + 1 >= len(rest):
            print(usage, file=sys.stderr)
            return 2
        lang = rest[at + 1]
        del rest[at : at + 2]
    if len(rest) != 1:
        print(usage, file=sys.stderr)
        return 2
    mo, data = tools.build_pseudo(Path(rest[0]), lang)
    print(f"leadlib: pseudo-locale {lang!r} written to {mo}; pseudo content to {data}")
    print(f"Use it with: {LANG_ENV}={lang} {LOCALEDIR_ENV}={rest[0]} LEADLIB_CONTENT={data}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
