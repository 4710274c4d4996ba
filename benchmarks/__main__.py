"""``python -m benchmarks [--quick] [NAME ...]``: run the benchmarks, print a table, and
(unless --quick) write benchmarks/RESULTS.md. Must not import leadlib itself.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback

from . import common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Measure what learners and facilitators wait for. Without names, runs "
        "every benchmarks/bench_*.py.",
    )
    parser.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help="benchmarks to run, e.g. bench_import or import (default: all)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a few seconds per benchmark, to check that they work; targets are not "
        "judged and RESULTS.md is not written",
    )
    parser.add_argument(
        "--no-write",
        action="store_true",
        help="print the table only, even in a full run",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        names = common.resolve(args.names)
    except ValueError as exc:
        print(f"python -m benchmarks: {exc}", file=sys.stderr)
        return 2
    if not names:
        print("No benchmarks found (benchmarks/bench_*.py).", file=sys.stderr)
        return 2
    mode = "quick" if args.quick else "full"
    print(f"Running {len(names)} benchmark(s), {mode} mode: {', '.join(names)}", flush=True)
    sections: dict[str, list[common.Row]] = {}
    crashed: list[str] = []
    for name in names:
        started = time.perf_counter()
        try:
            rows = common.load(name)(quick=args.quick)
        except Exception as exc:  # a broken benchmark must not hide the others' figures
            traceback.print_exc()
            crashed.append(name)
            rows = [
                common.row(name, "benchmark crashed", "-", verdict="error", note=repr(exc)[:200])
            ]
        elapsed = time.perf_counter() - started
        sections[name] = rows
        print(f"\n== {name} ({elapsed:.1f} s)")
        print(common.table(rows), flush=True)
    failed = [
        f"{name}: {r['measure']}"
        for name, rows in sections.items()
        for r in rows
        if r["verdict"] == "fail"
    ]
    if not args.quick and not args.no_write and not crashed:
        path = common.write_results(sections)
        print(f"\nWrote {path}")
    elif crashed and not args.quick:
        print("\nRESULTS.md not written: a benchmark crashed (see above).")
    print()
    if crashed:
        print(f"Crashed: {', '.join(crashed)}")
    if failed:
        print("Missed targets:\n  " + "\n  ".join(failed))
    if not crashed and not failed:
        print("All benchmarks ran; no target missed.")
    return 1 if crashed or failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
