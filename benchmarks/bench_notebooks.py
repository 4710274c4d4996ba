"""Benchmark of opening the course: (1) kernel start to the first exercise displayed, per
notebook, and (2) strict nbval over the course; each against trivial notebooks that
import ipywidgets and matplotlib, measured side by side in the same run.

Run alone with ``python -m benchmarks bench_notebooks``. Kernels get a fresh temporary
LEADLIB_HOME; the learner's journal is never touched.
"""

from __future__ import annotations

import ast
import functools
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .common import ROOT, interleaved, judge, median, python_env, row

NAME = "notebooks"
COURSE = ROOT / "notebooks"
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"
TARGET_RATIO = 1.3
KERNEL = "python3"
#: Calls that every notebook makes around its exercises; the first call that is not one
#: of these is the notebook's first exercise.
FRAME_CALLS = frozenset({"header", "navigation", "course_map", "self_check", "reflection"})
#: What a learner waits for in the baseline: a kernel that imports ipywidgets and
#: matplotlib and shows one widget.
TRIVIAL_CELLS = (
    "import ipywidgets as widgets\nimport matplotlib\nfrom matplotlib.figure import Figure",
    'widgets.IntSlider(value=3, min=1, max=7, description="Level")',
)
RUNS_FULL = 3
NBVAL_RUNS_FULL = 2


def course_notebooks() -> list[Path]:
    return sorted(COURSE.glob("[0-9][0-9]_*.ipynb"))


def _ex_calls(source: str) -> list[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "ex"
    ]


def first_exercise_cell(nb: Any) -> int:
    """Index of the cell showing the notebook's first exercise: the first ``ex.*`` call
    that is not header/navigation/map, else the first self-check or reflection, else the
    last code cell."""
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    if not code:
        raise ValueError("the notebook has no code cell")
    for i in code:
        if set(_ex_calls(nb.cells[i].source)) - FRAME_CALLS:
            return i
    for i in code:
        if set(_ex_calls(nb.cells[i].source)) & {"self_check", "reflection"}:
            return i
    return code[-1]


def trivial_notebook() -> Any:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in TRIVIAL_CELLS]
    nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3", "language": "python"}
    return nb


def time_to_cell(nb: Any, last: int, directory: Path) -> float:
    """Seconds from asking for a kernel to the outputs of cell ``last`` being shown,
    running every code cell up to it, as a learner pressing Shift+Enter would."""
    from nbclient import NotebookClient

    from leadlib.kernels import kernel_manager_class

    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name=KERNEL,
        kernel_manager_class=kernel_manager_class(),  # IPC, as leadlib runs notebooks
        resources={"metadata": {"path": str(directory)}},
        store_widget_state=False,
    )
    start = time.perf_counter()
    # The kernel's own log (a warning about TCP transport) is noise in the table.
    with client.setup_kernel(stderr=subprocess.DEVNULL):
        for index, cell in enumerate(nb.cells[: last + 1]):
            if cell.cell_type == "code":
                client.execute_cell(cell, index)
        elapsed = time.perf_counter() - start
    if not any(o.get("output_type") in ("display_data", "execute_result") for o in cell.outputs):
        raise RuntimeError(f"cell {last} showed nothing; expected the exercise to display")
    return elapsed


def _with_private_home(quick: bool) -> list[dict[str, Any]]:
    from leadlib.notebooks import private_home

    with private_home():
        return _measure(quick)


def _measure(quick: bool) -> list[dict[str, Any]]:
    import nbformat

    paths = course_notebooks()
    rows: list[dict[str, Any]] = []
    if quick:
        paths = paths[:1]
    runs = 1 if quick else RUNS_FULL

    # 1. Kernel start to the first exercise, each notebook against the trivial one.
    trivial = trivial_notebook()
    trivial_last = len(trivial.cells) - 1
    trivial_times: list[float] = []
    course_times: dict[str, list[float]] = {}
    targets: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="leadlib-bench-nb-") as tmp:
        for path in paths:
            nb = nbformat.read(path, as_version=4)
            targets[path.stem] = index = first_exercise_cell(nb)
            course, base = interleaved(
                runs,
                functools.partial(time_to_cell, nb, index, path.parent),
                functools.partial(time_to_cell, trivial, trivial_last, Path(tmp)),
            )
            course_times[path.stem] = course
            trivial_times += base
    baseline = median(trivial_times)
    rows.append(
        row(
            NAME,
            "trivial notebook: kernel start to a widget shown",
            baseline,
            "s",
            note=f"median of {len(trivial_times)}; imports ipywidgets and matplotlib",
        )
    )
    ratios = {}
    for stem, times in course_times.items():
        seconds = median(times)
        ratios[stem] = seconds / baseline
        nb = nbformat.read(COURSE / f"{stem}.ipynb", as_version=4)
        calls = ", ".join(_ex_calls(nb.cells[targets[stem]].source)) or "code"
        rows.append(
            row(
                NAME,
                f"{stem}: kernel start to first exercise",
                seconds,
                "s",
                f"<= {TARGET_RATIO} x trivial",
                judge(ratios[stem] <= TARGET_RATIO, quick),
                f"{ratios[stem]:.2f}x trivial; cell {targets[stem]} (ex.{calls}); "
                f"median of {len(times)}",
            )
        )
    worst = max(ratios, key=ratios.__getitem__)
    rows.append(
        row(
            NAME,
            "first exercise: worst ratio to trivial",
            ratios[worst],
            "x",
            f"<= {TARGET_RATIO}",
            judge(ratios[worst] <= TARGET_RATIO, quick),
            worst,
        )
    )

    # 2. Strict nbval over the course against as many trivial notebooks.
    if quick:
        rows.append(
            row(
                NAME,
                "nbval: course / trivial",
                "-",
                verdict="skipped",
                note="runs in a full run only (about a minute)",
            )
        )
    else:
        rows += _nbval(paths, NBVAL_RUNS_FULL, quick)
    return rows


def _nbval_seconds(paths: list[Path]) -> tuple[float, str]:
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--nbval",
        "--nbval-current-env",
        "--sanitize-with",
        str(SANITIZE),
        *map(str, paths),
    ]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=python_env(), capture_output=True, text=True)
    seconds = time.perf_counter() - start
    tail = (result.stdout.strip().splitlines() or ["(no output)"])[-1]
    if result.returncode != 0:
        raise RuntimeError(
            f"nbval failed on {', '.join(p.name for p in paths)}: {tail}\n{result.stdout[-3000:]}"
        )
    return seconds, tail


def _nbval(paths: list[Path], runs: int, quick: bool) -> list[dict[str, Any]]:
    import nbformat

    from leadlib.notebooks import execute

    with tempfile.TemporaryDirectory(prefix="leadlib-bench-nbval-") as tmp:
        trivial_paths = []
        for i in range(len(paths)):
            path = Path(tmp) / f"trivial_{i:02d}.ipynb"
            nbformat.write(trivial_notebook(), path)
            trivial_paths.append(path)
        # Stored outputs for the trivial notebooks, made the way the course's are.
        execute(trivial_paths)
        course, base = interleaved(
            runs,
            lambda: _nbval_seconds(paths)[0],
            lambda: _nbval_seconds(trivial_paths)[0],
        )
    ratio = median(course) / median(base)
    n = len(paths)
    return [
        row(
            NAME,
            f"nbval strict, {n} trivial notebook{'s' if n != 1 else ''}",
            median(base),
            "s",
            note=f"median of {len(base)} pytest runs",
        ),
        row(
            NAME,
            f"nbval strict, {n} course notebook{'s' if n != 1 else ''}",
            median(course),
            "s",
            note=f"median of {len(course)} pytest runs",
        ),
        row(
            NAME,
            "nbval: course / trivial",
            ratio,
            "x",
            f"<= {TARGET_RATIO}",
            judge(ratio <= TARGET_RATIO, quick),
            "same run, same number of notebooks",
        ),
    ]


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Rows of measurements; ``quick`` times only the first notebook, once, and skips nbval."""
    if not course_notebooks():
        return [
            row(
                NAME,
                "course notebooks",
                0,
                "notebooks",
                verdict="skipped",
                note=f"no course notebooks found in {COURSE} (expected NN_name.ipynb)",
            )
        ]
    return _with_private_home(quick)
