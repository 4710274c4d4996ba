"""Ctrl-C for real: the command runs in its own process group, gets SIGINT like a
terminal sends it, and must stop within a few seconds with one line and exit status
130, leaving no kernel or browser running and no half-written page or PDF."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
import psutil
import pytest
from nbformat import v4

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups and SIGINT are POSIX"),
]

ROOT = Path(__file__).resolve().parents[1]
#: "Within a few seconds", with room for a loaded test machine.
STOP_LIMIT = 10.0
START_LIMIT = 120.0


def _notebook(folder: Path, name: str, code: str) -> None:
    nb = v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [v4.new_markdown_cell(f"# {name}"), v4.new_code_cell(code)]
    nbformat.write(nb, folder / f"{name}.ipynb")


def _as_from_a_terminal() -> None:
    """In the child, before exec: Ctrl-C does what it does in a terminal. A command
    started in the background by a script inherits SIGINT ignored (POSIX shells do that
    for asynchronous commands without job control), and Python keeps an ignored SIGINT
    ignored; the test must not depend on how the test run itself was started."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start(argv: list[str], tmp_path: Path) -> subprocess.Popen[str]:
    """``python -m leadlib.cli ARGV`` as its own process group, as a shell starts it."""
    return subprocess.Popen(
        [sys.executable, "-m", "leadlib.cli", *argv],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_as_from_a_terminal,
    )


def _describe(process: psutil.Process) -> str:
    try:
        return " ".join(process.cmdline()) or process.name()
    except psutil.Error:
        return ""


def _watch_until(
    command: subprocess.Popen[str], ready: Callable[[dict[int, str]], bool]
) -> dict[int, str]:
    """Every process the command started (pid -> command line), gathered until
    ``ready(seen)``; fails if the command ends or takes too long first."""
    seen: dict[int, str] = {}
    deadline = time.monotonic() + START_LIMIT
    while time.monotonic() < deadline:
        if command.poll() is not None:
            out, err = command.communicate()
            pytest.fail(f"the command ended before it could be interrupted:\n{out}\n{err}")
        try:
            for child in psutil.Process(command.pid).children(recursive=True):
                seen.setdefault(child.pid, _describe(child))
        except psutil.NoSuchProcess:
            continue
        if ready(seen):
            return seen
        time.sleep(0.05)
    command.kill()
    pytest.fail(f"the command did not reach the point to interrupt in {START_LIMIT:.0f} s")


def _interrupt(command: subprocess.Popen[str]) -> tuple[float, str, str]:
    """Ctrl-C: SIGINT to the whole process group. Returns (seconds to exit, out, err)."""
    started = time.monotonic()
    os.killpg(command.pid, signal.SIGINT)
    try:
        out, err = command.communicate(timeout=STOP_LIMIT * 3)
    except subprocess.TimeoutExpired:
        os.killpg(command.pid, signal.SIGKILL)
        pytest.fail("the command did not stop after Ctrl-C")
    return time.monotonic() - started, out, err


def _still_running(seen: dict[int, str], group: int) -> list[str]:
    """Processes seen earlier, or in the command's group, that are still alive."""
    time.sleep(0.2)  # a killed process may take a moment to be reaped
    alive = []
    for process in psutil.process_iter():
        try:
            if process.status() == psutil.STATUS_ZOMBIE:
                continue
            if process.pid in seen or os.getpgid(process.pid) == group:
                alive.append(f"{process.pid} {_describe(process)}")
        except (psutil.Error, ProcessLookupError):
            continue
    return alive


def _assert_stopped_cleanly(
    seconds: float, status: int | None, err: str, command: str, seen: dict[int, str], group: int
) -> None:
    assert status == 130, err
    assert seconds < STOP_LIMIT, f"took {seconds:.1f} s to stop"
    lines = err.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{err}"
    assert lines[0].startswith(f"leadlib {command}: stopped by Ctrl-C")
    assert "Traceback" not in err
    assert _still_running(seen, group) == []


def test_ctrl_c_during_the_html_build_ends_every_kernel_and_leaves_no_partial_page(
    tmp_path: Path,
) -> None:
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    _notebook(notebooks, "10_quick", "print('ready')")
    _notebook(notebooks, "20_slow", "import time\ntime.sleep(300)")
    out_dir = tmp_path / "out"
    command = _start(
        ["handouts", "--notebooks", str(notebooks), "--out", str(out_dir), "-j", "1",
         "--no-progress"],
        tmp_path,
    )  # fmt: skip

    def slow_notebook_running(seen: dict[int, str]) -> bool:
        kernels = [c for c in seen.values() if "ipykernel" in c]
        return (out_dir / "10_quick.html").is_file() and len(kernels) >= 2

    seen = _watch_until(command, slow_notebook_running)
    time.sleep(0.5)  # well inside the slow cell
    seconds, _, err = _interrupt(command)
    _assert_stopped_cleanly(seconds, command.returncode, err, "handouts", seen, command.pid)
    assert sorted(p.name for p in out_dir.iterdir()) == ["10_quick.html"], (
        "only the finished page is there: no page of the stopped notebook, no index"
    )
    assert (out_dir / "10_quick.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


def _chromium() -> str:
    from leadlib.handouts.pdf import find_chromium

    found = find_chromium()
    if found is None:
        reason = "Chromium is not installed (apt-get install chromium); needed for --pdf"
        if os.environ.get("LEADLIB_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def test_ctrl_c_while_printing_pdfs_ends_chromium_and_leaves_no_partial_pdf(
    tmp_path: Path,
) -> None:
    _chromium()
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    # A long page, so that Chromium is still printing it when Ctrl-C comes.
    _notebook(
        notebooks,
        "60_long",
        "from IPython.display import HTML\n"
        "HTML(''.join(f'<p>Paragraph {i}: ' + 'words ' * 80 + '</p>' for i in range(3000)))",
    )
    out_dir = tmp_path / "out"
    command = _start(
        ["handouts", "--notebooks", str(notebooks), "--out", str(out_dir), "-j", "1",
         "--pdf", "--no-progress"],
        tmp_path,
    )  # fmt: skip
    seen = _watch_until(command, lambda seen: any("chrom" in c for c in seen.values()))
    time.sleep(0.5)
    seconds, _, err = _interrupt(command)
    _assert_stopped_cleanly(seconds, command.returncode, err, "handouts", seen, command.pid)
    assert any("chrom" in c for c in seen.values())
    names = sorted(p.name for p in out_dir.iterdir())
    # The HTML pages (and the facilitator pack with the answer keys) were finished before
    # the PDF stage began; no PDF, whole or half, and no partial file.
    assert names == ["60_long.html", "facilitator.html", "index.html"]


def test_ctrl_c_during_the_team_report_prints_one_line_and_exits_130(tmp_path: Path) -> None:
    started = tmp_path / "reading"
    # The real command, held while it reads the exports, so the signal comes mid-run.
    runner = (
        "import sys, time, pathlib, leadlib.team, leadlib.cli\n"
        "def held(folder):\n"
        f"    pathlib.Path({str(started)!r}).touch()\n"
        "    time.sleep(300)\n"
        "leadlib.team.export_files = held\n"
        "raise SystemExit(leadlib.cli.main(sys.argv[1:]))\n"
    )
    (tmp_path / "exports").mkdir()
    command = subprocess.Popen(
        [sys.executable, "-c", runner, "team-report", "exports", "--out", "report.html"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_as_from_a_terminal,
    )
    seen = _watch_until(command, lambda _: started.exists())
    seconds, _, err = _interrupt(command)
    _assert_stopped_cleanly(seconds, command.returncode, err, "team-report", seen, command.pid)
    assert not (tmp_path / "report.html").exists()
