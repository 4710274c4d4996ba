"""Benchmark of the facilitator's team report: aggregate 1,000 and 10,000 demo exports,
time it, and show that memory grows only by a compact record per participant.

Run alone with ``python -m benchmarks.bench_team [--quick]``; the benchmarks runner
calls ``run(quick)``. Must not be collected by pytest (a benchmark, not a timed test).
"""

from __future__ import annotations

import gc
import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from benchmarks.common import row
from leadlib import load_content
from leadlib.team import aggregate, render_html, write_demo_exports

TARGET_SECONDS_10K = 10.0
#: A participant's compact record plus its dict entry: a few hundred bytes. Anything
#: near the size of a file (1-50 kB) would mean files are being kept.
TARGET_BYTES_PER_PARTICIPANT = 1_000
BIG_REFLECTION = 4_900  # characters per reflection; eight of them make a ~40 kB file


def _timed_aggregate(folder: Path) -> tuple[float, int]:
    content = load_content()
    gc.collect()
    with tempfile.TemporaryDirectory() as ledger_dir:  # a new release each time, recorded
        start = time.perf_counter()
        summary = aggregate(folder, content=content, ledger=Path(ledger_dir) / "ledger.json")
        return time.perf_counter() - start, summary.participants


def _peak_aggregate(folder: Path) -> tuple[int, int]:
    """Peak traced memory (bytes) while aggregating, and the participants counted."""
    content = load_content()
    gc.collect()
    with tempfile.TemporaryDirectory() as ledger_dir:
        tracemalloc.start()
        try:
            summary = aggregate(folder, content=content, ledger=Path(ledger_dir) / "ledger.json")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    return peak, summary.participants


def _pad_with_reflections(folder: Path) -> int:
    """Give every export in ``folder`` eight long reflections; return the mean file size."""
    content = load_content()
    total = 0
    files = sorted(folder.glob("*.json"))
    for path in files:
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc["reflections"] = {nb.id: "r" * BIG_REFLECTION for nb in content.notebooks}
        text = json.dumps(doc)
        path.write_text(text, encoding="utf-8")
        total += len(text)
    return total // max(len(files), 1)


def run(quick: bool = False) -> list[dict[str, Any]]:
    """Rows of measurements; ``quick`` uses 50 exports instead of 1,000 and 10,000."""
    sizes = (50,) if quick else (1_000, 10_000)
    rows: list[dict[str, Any]] = []
    peaks: dict[int, int] = {}
    name = "team report"
    with tempfile.TemporaryDirectory(prefix="leadlib-bench-team-") as tmp:
        root = Path(tmp)
        for n in sizes:
            folder = root / f"team-{n}"
            start = time.perf_counter()
            write_demo_exports(n, folder, seed=1)
            rows.append(row(name, f"write {n:,} demo exports", time.perf_counter() - start, "s"))
            seconds, counted = _timed_aggregate(folder)
            target = f"< {TARGET_SECONDS_10K:.0f} s" if n == 10_000 else ""
            verdict = (
                ("pass" if seconds < TARGET_SECONDS_10K else "fail") if n == 10_000 else "info"
            )
            rows.append(
                row(
                    name,
                    f"aggregate {n:,} exports",
                    seconds,
                    "s",
                    target,
                    verdict,
                    f"{counted:,} participants, {1e6 * seconds / n:.0f} us per file",
                )
            )
            peak, _ = _peak_aggregate(folder)
            peaks[n] = peak
            rows.append(
                row(
                    name,
                    f"peak memory aggregating {n:,} exports",
                    peak / 1e6,
                    "MB",
                    note="tracemalloc peak during aggregate()",
                )
            )
            if n == sizes[-1]:
                content = load_content()
                summary = aggregate(folder, content=content, ledger=folder.parent / "ledger")
                start = time.perf_counter()
                page = render_html(summary, content)
                rows.append(
                    row(
                        name,
                        f"render the HTML report with charts ({n:,} participants)",
                        time.perf_counter() - start,
                        "s",
                        note=f"{len(page) / 1e3:.0f} kB page",
                    )
                )
        small, large = sizes[0], sizes[-1]
        if large > small:
            per = (peaks[large] - peaks[small]) / (large - small)
            rows.append(
                row(
                    name,
                    f"memory per extra participant ({small:,} -> {large:,})",
                    per,
                    "bytes",
                    f"< {TARGET_BYTES_PER_PARTICIPANT:,} bytes",
                    "pass" if per < TARGET_BYTES_PER_PARTICIPANT else "fail",
                    "the compact record kept for duplicates; files are not kept",
                )
            )
        # The same number of participants in files ~30x bigger: the peak must not follow
        # the file size, since each file is dropped before the next is read.
        folder = root / f"team-{small}"
        plain = peaks[small]
        mean_size = _pad_with_reflections(folder)
        padded, _ = _peak_aggregate(folder)
        growth = padded - plain
        rows.append(
            row(
                name,
                f"extra peak memory with {mean_size / 1e3:.0f} kB files ({small:,} exports)",
                growth / 1e6,
                "MB",
                f"< {3 * mean_size * 4 / 1e6:.1f} MB (a few files' worth)",
                "pass" if growth < 3 * mean_size * 4 else "fail",
                f"all files together: {small * mean_size / 1e6:.0f} MB",
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    rows = run(quick="--quick" in args)
    width = max(len(r["measure"]) for r in rows)
    for r in rows:
        target = f"  target {r['target']}" if r["target"] else ""
        note = f"  ({r['note']})" if r["note"] else ""
        print(
            f"{r['measure']:<{width}}  {r['value']:>12,.3f} {r['unit']:<5} "
            f"[{r['verdict']}]{target}{note}"
        )
    return 1 if any(r["verdict"] == "fail" for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
