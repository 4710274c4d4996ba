"""Find the course notebooks: the ``notebooks`` folder to use, the ids a name stands
for, and the files for a list of names in course order (``NotebookError`` when one is
missing). Used by ``leadlib.notebooks`` and by every command that looks for notebooks.

Must not import nbformat, nbclient, ipywidgets, matplotlib or the journal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from .content import content_dir, load_content
from .errors import LeadlibError
from .i18n import _, ngettext
from .models import Content


class NotebookError(LeadlibError):
    """A notebook could not be found, read or executed; the message says which and why."""


def default_notebooks_dir() -> Path:
    """The course's ``notebooks`` folder, for every command that looks for it.

    ``./notebooks`` when run from a course folder (the folder the person is in wins),
    else the one beside the package in a source checkout. When neither exists, the
    ``./notebooks`` that was looked for, so a message can name it.
    """
    here = Path.cwd() / "notebooks"
    if here.is_dir():
        return here
    beside = Path(__file__).resolve().parents[1] / "notebooks"
    return beside if beside.is_dir() else here


def matching_ids(name: str, ids: Iterable[str]) -> list[str]:
    """The notebook ids that ``name`` stands for: the id itself (``02_leadership``), its
    file name or a path to it, or the number in front (``02``)."""
    stem = Path(name).name.removesuffix(".ipynb")
    return [i for i in ids if i == stem or i.split("_", 1)[0] == stem]


def resolve(names: Sequence[str], directory: Path, content: Content | None = None) -> list[Path]:
    """The notebook files for ``names`` (ids like ``02_leadership``, a number prefix like
    ``02``, or file names), in course order; all of them when ``names`` is empty."""
    content = content or load_content()
    ids = [n.id for n in content.notebooks]
    if not names:
        chosen = ids
    else:
        chosen = []
        for name in names:
            matches = matching_ids(name, ids)
            if len(matches) != 1:
                raise NotebookError(
                    _(
                        "No course notebook called {name!r}. course.toml lists: {ids}. "
                        "Give a name from that list or its number (for example 02)."
                    ).format(name=name, ids=", ".join(ids))
                )
            if matches[0] not in chosen:
                chosen.append(matches[0])
        chosen.sort(key=ids.index)
    paths = [directory / f"{i}.ipynb" for i in chosen]
    missing = [p.name for p in paths if not p.exists()]
    if missing:
        raise NotebookError(
            ngettext(
                "Missing notebook file(s) in {folder}: {files}. Each entry of {course} "
                "needs its .ipynb file.",
                "Missing notebook file(s) in {folder}: {files}. Each entry of {course} "
                "needs its .ipynb file.",
                len(missing),
            ).format(
                folder=directory, files=", ".join(missing), course=content_dir() / "course.toml"
            )
        )
    return paths
