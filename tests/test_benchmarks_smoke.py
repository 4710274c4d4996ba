"""The benchmarks still run: each one in --quick mode prints its table and misses
nothing, and the runner's discovery, table and RESULTS.md writer behave. Figures are not
judged here; these are benchmarks, not timed tests."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import bench_notebooks, common
from benchmarks.__main__ import main

ROOT = Path(__file__).resolve().parents[1]


def run_quick(*names: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", *names],
        cwd=ROOT,
        env=common.python_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("name", common.available())
def test_each_benchmark_runs_quickly_and_prints_its_table(name: str) -> None:
    result = run_quick(name)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert f"== {name} (" in out
    assert "measure" in out and "verdict" in out and "note" in out
    assert "All benchmarks ran; no target missed." in out
    assert "Wrote" not in out  # --quick never rewrites RESULTS.md


def test_import_benchmark_finds_no_heavy_module_in_leadlib() -> None:
    result = run_quick("import")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("heavy modules")]
    assert len(lines) == 2
    for line in lines:
        assert " 0  modules  none      pass" in line


def test_an_unknown_benchmark_name_is_refused_with_the_known_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--quick", "bench_teleport"]) == 2
    err = capsys.readouterr().err
    assert "no benchmark called bench_teleport; available: " in err
    assert "bench_import" in err and "bench_notebooks" in err


def test_without_course_notebooks_the_benchmark_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench_notebooks, "COURSE", tmp_path)
    rows = bench_notebooks.run(quick=True)
    assert [r["verdict"] for r in rows] == ["skipped"]
    assert rows[0]["note"].startswith("no course notebooks found in ")


def test_first_exercise_is_the_first_call_beyond_header_and_navigation() -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_code_cell('from leadlib import widgets as ex\nex.header("x")'),
        nbformat.v4.new_code_cell('ex.self_check("x")'),
        nbformat.v4.new_code_cell("ex.quiz()"),
        nbformat.v4.new_code_cell('ex.navigation("x")'),
    ]
    assert bench_notebooks.first_exercise_cell(nb) == 3
    del nb.cells[3]
    assert bench_notebooks.first_exercise_cell(nb) == 2


def test_a_crashing_benchmark_is_reported_and_the_others_still_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(quick: bool = False) -> list[common.Row]:
        raise RuntimeError("the disk is full")

    def fine(quick: bool = False) -> list[common.Row]:
        return [common.row("fine", "something", 1.5, "s")]

    monkeypatch.setattr(common, "available", lambda: ["bench_broken", "bench_fine"])
    monkeypatch.setattr(common, "load", lambda name: broken if name == "bench_broken" else fine)
    assert main(["--no-write"]) == 1
    out = capsys.readouterr().out
    assert "benchmark crashed" in out and "RuntimeError('the disk is full')" in out
    assert "something" in out
    assert "Crashed: bench_broken" in out


def test_results_file_keeps_sections_of_benchmarks_not_run_now(tmp_path: Path) -> None:
    path = tmp_path / "RESULTS.md"
    first = dt.datetime(2025, 1, 2, 3, 4, tzinfo=dt.timezone.utc)
    common.write_results(
        {
            "bench_a": [common.row("a", "alpha", 1.25, "s", "< 2 s", "pass")],
            "bench_b": [common.row("b", "beta", 3, "MB")],
        },
        path,
        now=first,
    )
    later = dt.datetime(2025, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    common.write_results({"bench_a": [common.row("a", "alpha", 0.5, "s")]}, path, now=later)
    text = path.read_text(encoding="utf-8")
    assert text.count("## bench_a") == 1 and text.count("## bench_b") == 1
    assert "| alpha | 0.500 | s |" in text and "| beta | 3 | MB |" in text
    assert "Measured 2025-01-02 03:04 UTC" in text  # bench_b keeps its own date
    assert "Measured 2025-02-03 04:05 UTC" in text
    assert "- CPUs: " in text and "- CPU model: " in text and "- Memory: " in text
    assert "- matplotlib " in text


def test_a_row_with_an_unknown_verdict_is_refused() -> None:
    with pytest.raises(ValueError, match="verdict must be one of pass, fail, info"):
        common.row("x", "y", 1, verdict="great")
