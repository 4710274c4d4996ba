"""What every benchmark shares: the row format, discovery of ``bench_*.py`` modules, the
printed table, the machine description and the RESULTS.md writer.

Standard library only; must not import leadlib's heavy parts (the benchmarks measure them).
"""

from __future__ import annotations

import datetime as _dt
import importlib
import importlib.metadata
import os
import platform
import re
import statistics
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "RESULTS.md"

#: The keys of every row, in the order of the printed table.
COLUMNS = ("benchmark", "measure", "value", "unit", "target", "verdict", "note")
#: pass / fail against a target; info when there is no target (or too few samples to
#: judge, as in --quick); skipped when the thing to measure is not there; error when the
#: benchmark itself crashed.
VERDICTS = ("pass", "fail", "info", "skipped", "error")
#: Packages whose versions go into RESULTS.md.
PACKAGES = (
    "jupyterlab",
    "ipykernel",
    "ipywidgets",
    "matplotlib",
    "nbconvert",
    "nbclient",
    "nbformat",
    "nbval",
    "pytest",
)

Row = dict[str, Any]


def row(
    benchmark: str,
    measure: str,
    value: float | int | str,
    unit: str = "",
    target: str = "",
    verdict: str = "info",
    note: str = "",
) -> Row:
    """One measurement. ``verdict`` is one of VERDICTS."""
    if verdict not in VERDICTS:
        raise ValueError(f"verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}")
    if isinstance(value, float):
        value = round(value, 4)
    return {
        "benchmark": benchmark,
        "measure": measure,
        "value": value,
        "unit": unit,
        "target": target,
        "verdict": verdict,
        "note": note,
    }


def judge(ok: bool, quick: bool) -> str:
    """pass/fail, or info in quick mode where there are too few samples to judge."""
    if quick:
        return "info"
    return "pass" if ok else "fail"


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def interleaved(
    runs: int, *measures: Callable[[], float], before: Callable[[], None] | None = None
) -> list[list[float]]:
    """Call each measure in turn ``runs`` times (A B A B ...), so a change in the
    machine's load during the run hits all of them alike. Returns one list per measure."""
    samples: list[list[float]] = [[] for _ in measures]
    for _ in range(runs):
        for i, measure in enumerate(measures):
            if before is not None:
                before()
            samples[i].append(measure())
    return samples


# --------------------------------------------------------------------------- discovery


def available() -> list[str]:
    """Names of the benchmark modules (``bench_*.py``), sorted."""
    return sorted(p.stem for p in HERE.glob("bench_*.py"))


def resolve(names: Iterable[str]) -> list[str]:
    """Benchmark module names from the command line: ``bench_import`` or ``import``.

    Raises ValueError naming the unknown ones and the known ones.
    """
    known = available()
    picked: list[str] = []
    unknown: list[str] = []
    for name in names:
        stem = Path(name).stem
        stem = stem if stem.startswith("bench_") else f"bench_{stem}"
        (picked if stem in known else unknown).append(stem)
    if unknown:
        raise ValueError(
            f"no benchmark called {', '.join(unknown)}; available: {', '.join(known) or 'none'}"
        )
    return picked or known


def load(name: str) -> Callable[..., list[Row]]:
    """The ``run`` function of ``benchmarks/<name>.py``."""
    module = importlib.import_module(f"benchmarks.{name}")
    run = getattr(module, "run", None)
    if not callable(run):
        raise TypeError(f"benchmarks/{name}.py has no run(quick: bool = False) function")
    return run


# --------------------------------------------------------------------------- output


def format_value(value: Any) -> str:
    if isinstance(value, float):
        if value == 0 or abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 1:
            return f"{value:.2f}"
        return f"{value:.3f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(rows: Sequence[Row], markdown: bool = False) -> str:
    """The rows as an aligned text table (or a Markdown table)."""
    header = ["measure", "value", "unit", "target", "verdict", "note"]
    body = [
        [
            str(r["measure"]),
            format_value(r["value"]),
            str(r["unit"]),
            str(r["target"]),
            str(r["verdict"]),
            str(r["note"]),
        ]
        for r in rows
    ]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for cells in body:
            escaped = [c.replace("|", "\\|") for c in cells]
            lines.append("| " + " | ".join(escaped) + " |")
        return "\n".join(lines)
    widths = [max(len(h), *(len(c[i]) for c in body)) for i, h in enumerate(header)]
    widths[-1] = len(header[-1])  # the note runs free at the end of the line
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for cells in body:
        aligned = [
            c.rjust(w) if i == 1 else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        lines.append("  ".join(aligned).rstrip())
    return "\n".join(lines)


# --------------------------------------------------------------------------- machine


def cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return platform.processor() or platform.machine() or "unknown"
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else platform.machine() or "unknown"


def memory_gb() -> float | None:
    try:
        text = Path("/proc/meminfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    match = re.search(r"^MemTotal:\s*(\d+)\s*kB", text, re.MULTILINE)
    return int(match.group(1)) / 1024 / 1024 if match else None


def load_average() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


def machine() -> dict[str, str]:
    memory = memory_gb()
    info = {
        "CPUs": str(os.cpu_count() or "unknown"),
        "CPU model": cpu_model(),
        "Memory": f"{memory:.1f} GB" if memory is not None else "unknown",
        "System": f"{platform.system()} {platform.release()}",
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "Load average at start (1, 5, 15 min)": load_average(),
    }
    return info


def versions() -> dict[str, str]:
    found = {}
    for name in PACKAGES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


# --------------------------------------------------------------------------- RESULTS.md

_SECTION = re.compile(r"<!-- begin (bench_\w+) -->\n(.*?)<!-- end \1 -->\n", re.DOTALL)
_INTRO = """# Benchmark results

What learners and facilitators wait for, measured by `python -m benchmarks` (or
`make bench`). Ratios compare the course with a trivial baseline measured side by side
in the same run, so they mean more than the absolute seconds, which depend on the
machine and on how busy it was. A run of some benchmarks only replaces their own
sections; each section says when it was measured.
"""


def section(name: str, rows: Sequence[Row], when: str, load: str) -> str:
    return (
        f"<!-- begin {name} -->\n## {name}\n\n"
        f"Measured {when}; load average at start {load}.\n\n"
        f"{table(rows, markdown=True)}\n\n<!-- end {name} -->\n"
    )


def write_results(
    sections: Mapping[str, Sequence[Row]],
    path: Path = RESULTS,
    now: _dt.datetime | None = None,
) -> Path:
    """Write (or update) RESULTS.md: the machine, the versions, and one section per
    benchmark run now; sections of benchmarks not run now are kept as they were."""
    stamp = (now or _dt.datetime.now().astimezone()).strftime("%Y-%m-%d %H:%M %Z").strip()
    kept: dict[str, str] = {}
    if path.exists():
        for match in _SECTION.finditer(path.read_text(encoding="utf-8")):
            kept[match.group(1)] = match.group(0)
    info = machine()
    load = info["Load average at start (1, 5, 15 min)"]
    for name, rows in sections.items():
        kept[name] = section(name, rows, stamp, load)
    lines = [_INTRO, "## Machine (latest run)\n"]
    lines += [f"- {key}: {value}" for key, value in info.items()]
    lines.append(f"- Date: {stamp}")
    lines.append("\n## Package versions (latest run)\n")
    lines += [f"- {name} {version}" for name, version in versions().items()]
    lines.append("")
    text = "\n".join(lines) + "\n" + "\n".join(kept[name] for name in sorted(kept))
    path.write_text(text, encoding="utf-8")
    return path


def python_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for child processes: this checkout first on PYTHONPATH."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.update(extra or {})
    return env


PYTHON = sys.executable
