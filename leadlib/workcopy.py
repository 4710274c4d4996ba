"""The learner's working copy of the course, so JupyterLab never writes into the course's
own folder (a clone of the repository, or an installed package).

``python -m leadlib.workcopy update [FOLDER]`` (run by ``make lab``) makes the copy on
first run, at ``$LEADLIB_HOME/course`` (``~/.leadlib/course``) unless a folder is given,
and later merges an updated course into it, in the spirit of nbgitpuller:

* a notebook the copy does not have yet (or that the learner deleted) is copied;
* a notebook the learner has not changed is replaced by the course's new version;
* a notebook the learner changed is kept as it is, and the course's new version is
  written beside it as ``NAME.course-update.ipynb``.

"Changed" means a cell's text or type: outputs, execution counts and metadata are what
running a notebook and JupyterLab's autosave rewrite, and answers live in the journal,
not in the notebook. A file ``.leadlib-course.json`` in the copy records each notebook's
cells as last copied.

Each notebook in the copy is marked to run when it is opened (``"leadlib":
{"run_on_open": true}`` in its metadata, read by the course's JupyterLab extension, see
leadlib/labconfig.py) and signed as trusted with Jupyter's own notary, as ``jupyter
trust`` does: the extension runs only notebooks signed on this computer, never one
that arrived from elsewhere carrying the mark.

Standard library, plus nbformat (Jupyter's, for the signature) imported when a copy is
made; must not import ipywidgets, matplotlib, nbconvert or the journal store.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import LeadlibError
from .journal import leadlib_home
from .notebooks import default_notebooks_dir

MANIFEST = ".leadlib-course.json"
MANIFEST_VERSION = 1
BESIDE_SUFFIX = ".course-update"
#: The notebook metadata the course's JupyterLab extension reads.
RUN_ON_OPEN = {"run_on_open": True}


class WorkCopyError(LeadlibError):
    """The working copy could not be made or updated; the message says where and why."""


@dataclass
class UpdateReport:
    """What one update did, file by file (names relative to the copy)."""

    folder: Path
    copied: list[str] = field(default_factory=list)  # new to the copy
    restored: list[str] = field(default_factory=list)  # deleted by the learner, put back
    updated: list[str] = field(default_factory=list)  # unchanged by the learner, replaced
    kept: list[tuple[str, str]] = field(default_factory=list)  # (learner's, course's beside)

    def lines(self) -> list[str]:
        out = [f"leadlib: your copy of the course is {self.folder}"]
        if self.copied:
            out.append(f"  copied: {', '.join(self.copied)}")
        if self.restored:
            out.append(f"  put back (they had been deleted): {', '.join(self.restored)}")
        if self.updated:
            out.append(f"  updated to the course's new version: {', '.join(self.updated)}")
        for mine, beside in self.kept:
            out.append(
                f"  kept your changes to {mine}; the course's new version is beside it, in {beside}"
            )
        return out


def default_folder() -> Path:
    """``$LEADLIB_HOME/course``, or ``~/.leadlib/course``."""
    return leadlib_home() / "course"


def course_files(source: Path) -> list[str]:
    """The course's notebooks in ``source`` (top level, no checkpoints), by name."""
    return sorted(
        p.name for p in source.glob("*.ipynb") if p.is_file() and not p.name.startswith(".")
    )


def fingerprint(path: Path) -> str:
    """What the learner could have changed in a notebook: each cell's type and text.

    A file that is not a readable notebook is fingerprinted byte for byte.
    """
    data = path.read_bytes()
    try:
        cells = json.loads(data.decode("utf-8"))["cells"]
        text = json.dumps(
            [
                [
                    cell.get("cell_type"),
                    "".join(cell["source"])
                    if isinstance(cell.get("source"), list)
                    else cell.get("source", ""),
                ]
                for cell in cells
            ]
        )
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
        return "bytes:" + hashlib.sha256(data).hexdigest()
    return "cells:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def prepared(data: bytes, python_version: str | None = None) -> bytes:
    """The notebook as the working copy holds it: marked to run when opened in
    JupyterLab, with the kernel's Python version in ``language_info``.

    The course's files leave the version out (it would change with each machine that
    runs them), and JupyterLab writes it in as soon as the kernel starts, which marked
    every notebook as modified on opening. The copy is the learner's own, so it can
    carry their version. A file that is not a notebook is copied as it is.
    """
    try:
        notebook = json.loads(data.decode("utf-8"))
        info = notebook["metadata"].setdefault("language_info", {})
        if not isinstance(info, dict):
            return data
        info["version"] = python_version or platform.python_version()
        notebook["metadata"]["leadlib"] = dict(RUN_ON_OPEN)
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
        return data
    # JupyterLab's own layout: one-space indent, keys sorted, a final newline
    return (json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def trust(paths: Sequence[Path]) -> None:
    """Sign the notebooks ``paths`` as trusted on this computer (``jupyter trust``).

    Jupyter's notary keeps the signatures in its data folder (``JUPYTER_DATA_DIR``).
    Without nbformat, or with a notary that cannot write, the notebooks stay untrusted:
    they then open as any notebook does, without running by themselves.
    """
    try:
        import nbformat
        from nbformat.sign import NotebookNotary
    except ImportError:
        return
    notary = NotebookNotary()
    for path in paths:
        try:
            notebook = nbformat.read(path, as_version=4)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue  # not a notebook: nothing to sign
        try:
            notary.sign(notebook)
        except Exception as error:  # sqlite3 or OSError, from the notary's database
            raise WorkCopyError(
                f"Could not record {path.name} as trusted in Jupyter's notary "
                f"({notary.db_file}): {error}. The notebooks will open without running "
                "by themselves; check that the folder is writable, then run `make lab` again."
            ) from None


def beside_name(name: str) -> str:
    """``04_delegation.ipynb`` -> ``04_delegation.course-update.ipynb``."""
    path = Path(name)
    return f"{path.stem}{BESIDE_SUFFIX}{path.suffix}"


def _read_manifest(folder: Path) -> dict[str, str]:
    path = folder / MANIFEST
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["files"]
        if not isinstance(files, dict):
            raise TypeError("files is not a table")
        return {str(k): str(v) for k, v in files.items()}
    except (OSError, ValueError, KeyError, TypeError):
        # Without the record every notebook that differs from the course counts as the
        # learner's: nothing of theirs is lost, the course's version goes beside it.
        return {}


def _write_atomic(path: Path, data: bytes) -> None:
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".leadlib-", delete=False) as tmp:
        tmp.write(data)
    os.replace(tmp.name, path)


def update(source: Path, folder: Path, python_version: str | None = None) -> UpdateReport:
    """Make or update the working copy ``folder`` from the course notebooks in ``source``.

    ``python_version`` is the kernel's (this interpreter's by default), see prepared().
    """
    source, folder = source.resolve(), folder.expanduser().resolve()
    if folder == source or source in folder.parents:
        raise WorkCopyError(
            f"The working copy {folder} would be inside the course folder {source}. "
            "Choose a folder outside it (LEADLIB_HOME or the folder given to "
            "`python -m leadlib.workcopy update`)."
        )
    names = course_files(source)
    if not names:
        raise WorkCopyError(
            f"No course notebooks in {source}. Run this from the course folder, or give the "
            "notebooks folder with --from."
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WorkCopyError(
            f"Cannot create the working copy {folder} ({error.strerror or error}). Set "
            "LEADLIB_HOME to a folder you may write to, or give another folder."
        ) from None
    recorded = _read_manifest(folder)
    report = UpdateReport(folder)
    written: list[Path] = []
    try:
        for name in names:
            new_data = prepared((source / name).read_bytes(), python_version)
            new = fingerprint(source / name)
            mine = folder / name
            if not mine.exists():
                _write_atomic(mine, new_data)
                written.append(mine)
                (report.restored if name in recorded else report.copied).append(name)
            else:
                current = fingerprint(mine)
                learner_changed = current != recorded.get(name, new)
                if not learner_changed:
                    if mine.read_bytes() != new_data:
                        _write_atomic(mine, new_data)
                        written.append(mine)
                        report.updated.append(name)
                elif current != new and recorded.get(name) != new:
                    beside = folder / beside_name(name)
                    if not beside.exists() or beside.read_bytes() != new_data:
                        _write_atomic(beside, new_data)
                        written.append(beside)
                    report.kept.append((name, beside.name))
            recorded[name] = new
        manifest = {"version": MANIFEST_VERSION, "files": dict(sorted(recorded.items()))}
        _write_atomic(folder / MANIFEST, (json.dumps(manifest, indent=1) + "\n").encode())
    except OSError as error:
        raise WorkCopyError(
            f"Could not update the working copy {folder}: {error}. Check that the folder is "
            "writable and the disk is not full, then run `make lab` again."
        ) from None
    trust(written)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m leadlib.workcopy",
        description="Make or update your working copy of the course for JupyterLab.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    up = commands.add_parser("update", help="make the copy, or merge the course's updates in")
    up.add_argument("folder", nargs="?", type=Path, default=None)
    up.add_argument("--from", dest="source", type=Path, default=None)
    commands.add_parser("path", help="print where the copy goes by default")
    args = parser.parse_args(argv)
    if args.command == "path":
        print(default_folder())
        return 0
    try:
        report = update(args.source or default_notebooks_dir(), args.folder or default_folder())
    except WorkCopyError as error:
        print(f"leadlib: {error}", file=sys.stderr)
        return 2
    print("\n".join(report.lines()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = [
    "BESIDE_SUFFIX",
    "MANIFEST",
    "RUN_ON_OPEN",
    "UpdateReport",
    "WorkCopyError",
    "beside_name",
    "course_files",
    "default_folder",
    "fingerprint",
    "trust",
    "update",
]
