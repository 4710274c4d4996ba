"""Files written whole or not at all: each handout file is first written under a hidden
temporary name in its folder, then renamed over the final name, so a build that is
stopped (Ctrl-C, a killed process) never leaves a page or PDF that looks complete but
is not.

Standard library only; must not import nbconvert, ipywidgets or matplotlib.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Ending of a file still being written; ``remove_partials`` clears leftovers.
PARTIAL_SUFFIX = ".partial"


def partial_path(target: Path) -> Path:
    """Where ``target`` is written before it is complete: ``.<name>.<pid>.partial``
    beside it (hidden, and never ending in .html or .pdf)."""
    return target.with_name(f".{target.name}.{os.getpid()}{PARTIAL_SUFFIX}")


def finish(partial: Path, target: Path) -> Path:
    """Move a completely written ``partial`` onto ``target`` in one step."""
    os.replace(partial, target)
    return target


def write_text_whole(target: Path, text: str) -> Path:
    """Write ``text`` to ``target`` through a partial file; on any failure or interrupt
    the partial file is removed and ``target`` is left as it was."""
    partial = partial_path(target)
    try:
        partial.write_text(text, encoding="utf-8")
        return finish(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def remove_partials(folder: Path) -> list[Path]:
    """Delete the partial files left in ``folder`` by a build that was stopped."""
    removed = []
    for path in folder.glob(f".*{PARTIAL_SUFFIX}"):
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed
