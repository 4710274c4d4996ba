"""Benchmark of ``import leadlib``: the median time of fresh processes against a bare
``python -c pass`` in the same run, and the heavy modules it pulls in (must be none).

Run alone with ``python -m benchmarks bench_import``. Imports leadlib only in children.
"""

from __future__ import annotations

import json
import subprocess
import time
from typing import Any

from .common import PYTHON, interleaved, judge, median, python_env, row

NAME = "import"
#: Modules that must never load with ``import leadlib`` or ``import leadlib.cli``.
HEAVY = (
    "matplotlib",
    "numpy",
    "PIL",
    "ipywidgets",
    "IPython",
    "ipykernel",
    "nbconvert",
    "nbclient",
    "nbformat",
    "jinja2",
    "sqlite3",
    "_sqlite3",
    "pandas",
    "tqdm",
    "jupyterlab",
    "jupyter_server",
)
#: What the core may cost on top of starting Python at all.
TARGET_OVERHEAD_MS = 150.0
RUNS_FULL = 21
RUNS_QUICK = 3

_LIST_MODULES = "import sys, json, {module}; print(json.dumps(sorted(sys.modules)))"


def _time_process(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([PYTHON, "-c", code], check=True, env=python_env(), capture_output=True)
    return time.perf_counter() - start


def heavy_modules(module: str) -> list[str]:
    """Heavy top-level modules loaded by importing ``module`` in a fresh process."""
    result = subprocess.run(
        [PYTHON, "-c", _LIST_MODULES.format(module=module)],
        env=python_env(),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"python -c 'import {module}' failed:\n{result.stderr.strip()}")
    loaded = {name.split(".")[0] for name in json.loads(result.stdout)}
    return sorted(loaded & set(HEAVY))


def run(quick: bool = False) -> list[dict[str, Any]]:
    runs = RUNS_QUICK if quick else RUNS_FULL
    bare, core, cli = interleaved(
        runs,
        lambda: _time_process("pass"),
        lambda: _time_process("import leadlib"),
        lambda: _time_process("import leadlib.cli"),
    )
    bare_ms, core_ms, cli_ms = (1000 * median(s) for s in (bare, core, cli))
    rows = [
        row(NAME, "python -c pass (baseline)", bare_ms, "ms", note=f"median of {runs} processes"),
        row(
            NAME,
            "python -c 'import leadlib'",
            core_ms,
            "ms",
            note=f"median of {runs}; {core_ms / bare_ms:.2f}x the baseline",
        ),
        row(
            NAME,
            "import leadlib: cost over bare Python",
            core_ms - bare_ms,
            "ms",
            f"< {TARGET_OVERHEAD_MS:.0f} ms",
            judge(core_ms - bare_ms < TARGET_OVERHEAD_MS, quick),
            "loads and validates no content yet: load_content() is lazy",
        ),
        row(
            NAME,
            "import leadlib.cli: cost over bare Python",
            cli_ms - bare_ms,
            "ms",
            f"< {TARGET_OVERHEAD_MS:.0f} ms",
            judge(cli_ms - bare_ms < TARGET_OVERHEAD_MS, quick),
            "what `leadlib --help` pays before any work",
        ),
    ]
    for module in ("leadlib", "leadlib.cli"):
        heavy = heavy_modules(module)
        rows.append(
            row(
                NAME,
                f"heavy modules loaded by import {module}",
                len(heavy),
                "modules",
                "none",
                "pass" if not heavy else "fail",
                ", ".join(heavy) if heavy else "checked: " + ", ".join(HEAVY[:6]) + ", ...",
            )
        )
    return rows
