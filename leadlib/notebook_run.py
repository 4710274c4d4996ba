"""Re-execute the course notebooks in place (``python -m leadlib.notebooks execute``):
a private empty journal for the kernels, the run itself, and the deterministic stored
form every notebook is written in (``normalize``).

nbformat and nbclient are imported inside the functions that need them; must not import
ipywidgets, matplotlib or the journal (the notebooks' kernels do that, not this process).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .i18n import _
from .notebook_files import NotebookError

#: The kernel every notebook names; the tests, nbval and this runner all use it.
KERNEL_NAME = "python3"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL_NAME}
#: language_info without the interpreter's exact version, which would change the file
#: on every machine that re-executes it.
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
}
#: The widget view of an output refers to a model that only lives in a running kernel;
#: saved without widget state, JupyterLab could only say "model not found". The runner
#: keeps the exercise's static form instead (HTML and text, see
#: ``leadlib.widgets.static_form``), which every reader sees until the notebook runs.
#: nbval ignores this key when comparing, so dropping it changes nothing it checks.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: Cell metadata that records a moment or a UI state rather than the course.
VOLATILE_CELL_METADATA = ("execution", "collapsed", "scrolled", "ExecuteTime")


@contextmanager
def private_home() -> Iterator[Path]:
    """A fresh, empty LEADLIB_HOME (and no handout mode) for kernels started inside.

    The kernels also import this very leadlib (its folder goes first on PYTHONPATH), so
    a checkout's notebooks run against the checkout's library.
    """
    saved = {key: os.environ.get(key) for key in ("LEADLIB_HOME", "LEADLIB_MODE", "PYTHONPATH")}
    package_root = str(Path(__file__).resolve().parents[1])
    with tempfile.TemporaryDirectory(prefix="leadlib-course-run-") as home:
        os.environ["LEADLIB_HOME"] = home
        os.environ.pop("LEADLIB_MODE", None)
        os.environ["PYTHONPATH"] = os.pathsep.join(
            p for p in (package_root, saved["PYTHONPATH"]) if p
        )
        try:
            yield Path(home)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def _cell_id(notebook_id: str, index: int) -> str:
    return f"{notebook_id.split('_', 1)[0]}-{index:02d}"


def normalize(nb: Any, notebook_id: str) -> Any:
    """Make a notebook's stored form deterministic and the course's own.

    Code cells get ``jupyter.source_hidden``; moments and UI state leave the metadata;
    widget views keep only their text form; the kernelspec is ``python3``; cells without
    an id get a stable one. Returns the same (modified) notebook.
    """
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = json.loads(json.dumps(LANGUAGE_INFO))
    for key in ("widgets", "toc", "varInspector"):
        nb.metadata.pop(key, None)
    nb.nbformat, nb.nbformat_minor = 4, 5
    taken = {cell.get("id") for cell in nb.cells}
    seen: set[str] = set()
    for index, cell in enumerate(nb.cells):
        if not cell.get("id") or cell["id"] in seen:
            candidate, suffix = _cell_id(notebook_id, index), 0
            while candidate in taken:
                suffix += 1
                candidate = f"{_cell_id(notebook_id, index)}-{suffix}"
            cell["id"] = candidate
            taken.add(candidate)
        seen.add(cell["id"])
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type != "code":
            continue
        cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
        for output in cell.get("outputs", []):
            data = output.get("data")
            if data and WIDGET_VIEW in data and len(data) > 1:
                del data[WIDGET_VIEW]
    return nb


def _client(nb: Any, directory: Path, timeout: int) -> Any:
    from nbclient import NotebookClient

    from .kernels import kernel_manager_class

    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=KERNEL_NAME,
        kernel_manager_class=kernel_manager_class(),  # IPC: no port race at start
        resources={"metadata": {"path": str(directory)}},
        record_timing=False,
        store_widget_state=False,
    )
    # nbval does not emulate the Output widget: whatever a cell shows through one reaches
    # nbval as a plain cell output. Run the same way, so the stored outputs are exactly
    # what nbval will see (and a leak shows up in `check` as a stray output).
    client.widget_registry = {}
    return client


def execute(paths: Iterable[Path], timeout: int = 300, log: Any = None) -> list[Path]:
    """Re-execute ``paths`` in place, in order, in one fresh temporary LEADLIB_HOME.

    A notebook whose cell raises is left unchanged on disk and reported in a
    NotebookError naming the notebook and the cell.
    """
    import nbformat
    from nbclient.exceptions import CellExecutionError

    written: list[Path] = []
    with private_home():
        for path in paths:
            notebook_id = path.stem
            started = time.perf_counter()
            try:
                nb = nbformat.read(path, as_version=4)
            except (OSError, ValueError) as exc:
                raise NotebookError(
                    _("{path}: cannot be read as a notebook ({error}).").format(
                        path=path, error=exc
                    )
                ) from None
            for cell in nb.cells:
                if cell.cell_type == "code":
                    cell.outputs = []
                    cell.execution_count = None
            try:
                _client(nb, path.parent, timeout).execute()
            except CellExecutionError as exc:
                raise NotebookError(
                    _(
                        "{name}: a cell failed while re-executing, so the file was left "
                        "as it was. Fix the cell or the library, then run again."
                    ).format(name=path.name)
                    + f"\n{exc}"
                ) from None
            normalize(nb, notebook_id)
            text = nbformat.writes(nb) + "\n"
            if path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
            written.append(path)
            if log is not None:
                print(
                    _("executed {name} in {seconds} s").format(
                        name=path.name, seconds=f"{time.perf_counter() - started:.1f}"
                    ),
                    file=log,
                )
    return written
