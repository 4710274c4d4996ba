"""Benchmark of ``leadlib handouts``: building the whole course, sequentially (-j 1) and
in parallel, against plain ``jupyter nbconvert --execute --to html`` on the same
notebooks, measured in turn in the same run (target: sequential no more than 1.2 times
plain nbconvert; parallel faster than it).

Each build runs as its own process, so start-up and imports count on both sides; every
kernel gets a fresh temporary LEADLIB_HOME, so no journal is touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .common import PYTHON, ROOT, interleaved, judge, median, python_env, row

NAME = "handouts"
COURSE = ROOT / "notebooks"
TARGET_SEQUENTIAL = 1.2
RUNS_FULL = 2
QUICK_NOTEBOOK = "01_two_roles"


def course_notebooks(quick: bool) -> list[Path]:
    notebooks = sorted(COURSE.glob("[0-9][0-9]_*.ipynb"))
    if quick:
        chosen = [p for p in notebooks if p.stem == QUICK_NOTEBOOK] or notebooks[:1]
        return chosen
    return notebooks


def _timed(command: list[str], home: Path, out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    env = python_env({"LEADLIB_HOME": str(home)})
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise RuntimeError(f"{' '.join(command[:4])}... failed: {' | '.join(tail)}")
    return seconds


def run(quick: bool = False) -> list[dict[str, object]]:
    notebooks = course_notebooks(quick)
    if not notebooks:
        return [row(NAME, "build the course", "", verdict="skipped", note="no notebooks")]
    names = [str(p) for p in notebooks]
    jobs = max(1, os.cpu_count() or 1)
    runs = 1 if quick else RUNS_FULL
    with tempfile.TemporaryDirectory(prefix="bench-handouts-") as scratch:
        base = Path(scratch)
        home = base / "home"
        home.mkdir()

        def plain() -> float:
            command = [PYTHON, "-m", "jupyter", "nbconvert", "--execute", "--to", "html"]
            return _timed(
                [*command, "--output-dir", str(base / "plain"), *names], home, base / "plain"
            )

        def ours(workers: int) -> Callable[[], float]:
            def measure() -> float:
                out = base / f"handouts-j{workers}"
                command = [PYTHON, "-m", "leadlib.handouts", "--no-progress", "-j", str(workers)]
                return _timed([*command, "--out", str(out), *names], home, out)

            return measure

        measures = [plain, ours(1)]
        if jobs > 1 and len(notebooks) > 1:
            measures.append(ours(jobs))
        samples = interleaved(runs, *measures)
    count = f"{len(notebooks)} notebook(s)"
    plain_s = median(samples[0])
    sequential_s = median(samples[1])
    rows = [
        row(
            NAME,
            f"plain jupyter nbconvert --execute --to html, {count}",
            plain_s,
            "s",
            note=f"median of {runs}",
        ),
        row(NAME, f"leadlib handouts -j 1, {count}", sequential_s, "s", note=f"median of {runs}"),
        row(
            NAME,
            "handouts -j 1 / plain nbconvert",
            sequential_s / plain_s,
            "x",
            target=f"<= {TARGET_SEQUENTIAL}",
            verdict=judge(sequential_s / plain_s <= TARGET_SEQUENTIAL, quick),
            note="same notebooks, same run, alternating",
        ),
    ]
    if len(samples) > 2:
        parallel_s = median(samples[2])
        rows += [
            row(
                NAME,
                f"leadlib handouts -j {jobs}, {count}",
                parallel_s,
                "s",
                note=f"median of {runs}; {jobs} CPU core(s)",
            ),
            row(
                NAME,
                f"handouts -j {jobs} / plain nbconvert",
                parallel_s / plain_s,
                "x",
                target="< 1.0",
                verdict=judge(parallel_s < plain_s, quick),
                note="the machine may be shared: parallel gains need free cores",
            ),
        ]
    return rows
