"""The ``leadlib`` command line: every option is declared in leadlib.cli, help loads no
subcommand module, defaults come from the library, usage errors exit 2 without a
traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import leadlib.team
from leadlib import cli
from leadlib.cli import build_parser, main, privacy_limits

ROOT = Path(__file__).resolve().parents[1]
#: Modules that ``--help`` must not load: the subcommands' own and the heavy libraries.
NOT_FOR_HELP = (
    "leadlib.team",
    "leadlib.handouts",
    "leadlib.journal",
    "nbconvert",
    "nbclient",
    "jinja2",
    "matplotlib",
    "ipywidgets",
    "sqlite3",
    "tqdm",
)


def _imported_by(argv: list[str]) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run ``python -X importtime -m leadlib.cli ARGV`` in a fresh process; return it
    and every module it imported."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "leadlib.cli", *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    modules = [
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    ]
    return done, modules


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["team-report", "--help"], ["handouts", "--help"], ["demo-exports", "--help"]],
)
def test_help_imports_no_subcommand_module(argv: list[str]) -> None:
    done, modules = _imported_by(argv)
    assert done.returncode == 0, done.stderr
    assert "leadlib" in modules, "the import list was not read"
    loaded = [m for m in modules if m.split(".")[0] in NOT_FOR_HELP or m.startswith(NOT_FOR_HELP)]
    assert loaded == [], f"leadlib {' '.join(argv)} imported {loaded}"
    assert "usage: leadlib" in done.stdout


def test_the_team_reports_privacy_limits_come_from_the_privacy_rules(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from leadlib.team import privacy

    assert privacy_limits() == (privacy.DEFAULT_MIN_GROUP, privacy.SMALLEST_MIN_GROUP)
    args = build_parser().parse_args(["team-report", "exports"])
    assert args.min_group == privacy.DEFAULT_MIN_GROUP
    with pytest.raises(SystemExit):
        main(["team-report", "--help"])
    flat = " ".join(capsys.readouterr().out.split())
    assert f"(default {privacy.DEFAULT_MIN_GROUP}, at least {privacy.SMALLEST_MIN_GROUP})" in flat


def test_the_smallest_minimum_group_is_accepted_and_one_less_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from leadlib.team.privacy import SMALLEST_MIN_GROUP

    args = build_parser().parse_args(["team-report", "x", "--min-group", str(SMALLEST_MIN_GROUP)])
    assert args.min_group == SMALLEST_MIN_GROUP
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(["team-report", "x", "--min-group", str(SMALLEST_MIN_GROUP - 1)])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"it can never be less than {SMALLEST_MIN_GROUP}" in err
    assert "Traceback" not in err
    with pytest.raises(SystemExit):
        build_parser().parse_args(["team-report", "x", "--min-group", "three"])
    assert "must be a whole number, found 'three'" in capsys.readouterr().err


def test_privacy_limits_that_are_not_whole_number_literals_are_a_bug(tmp_path: Path) -> None:
    source = tmp_path / "privacy.py"
    source.write_text("DEFAULT_MIN_GROUP = 3\nSMALLEST_MIN_GROUP = int('2')\n")
    with pytest.raises(RuntimeError, match="SMALLEST_MIN_GROUP must be a whole number literal"):
        privacy_limits(source)
    source.write_text("DEFAULT_MIN_GROUP: int = 4\n")
    with pytest.raises(RuntimeError, match="SMALLEST_MIN_GROUP not defined"):
        privacy_limits(source)
    source.write_text("DEFAULT_MIN_GROUP: int = 4\nSMALLEST_MIN_GROUP = 3\n")
    assert privacy_limits(source) == (4, 3)


def test_the_handouts_defaults_are_the_librarys() -> None:
    from leadlib.handouts.build import DEFAULT_OUT
    from leadlib.handouts.convert import CELL_TIMEOUT

    assert cli.HANDOUTS_OUT == DEFAULT_OUT
    assert cli.HANDOUTS_CELL_TIMEOUT == CELL_TIMEOUT
    args = build_parser().parse_args(["handouts"])
    assert args.out == DEFAULT_OUT and args.timeout is None and args.jobs >= 1


def test_demo_exports_passes_add_to_the_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, object]] = []

    def record(count: int, folder: str, **options: object) -> list[Path]:
        calls.append({"count": count, "folder": folder, **options})
        return []

    monkeypatch.setattr(leadlib.team, "write_demo_exports", record)
    assert main(["demo-exports", "4", str(tmp_path), "--seed", "7", "--add"]) == 0
    assert main(["demo-exports", "2", str(tmp_path)]) == 0
    assert calls == [
        {"count": 4, "folder": str(tmp_path), "seed": 7, "add": True},
        {"count": 2, "folder": str(tmp_path), "seed": 0, "add": False},
    ]


def test_python_m_leadlib_handouts_is_the_same_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "leadlib.handouts", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: leadlib handouts")
    assert "--pdf" in done.stdout


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "handouts" in capsys.readouterr().out


def _course(tmp_path: Path) -> Path:
    import nbformat
    from nbformat import v4

    folder = tmp_path / "notebooks"
    folder.mkdir()
    nbformat.write(v4.new_notebook(), folder / "00_start_here.ipynb")
    return folder


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("existing-file", "is a file, not a folder"),
        ("inside-a-file", "cannot write the pages into"),
    ],
)
def test_handouts_out_that_cannot_be_used_exits_2_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str, expected: str
) -> None:
    existing = tmp_path / "handouts.html"
    existing.write_text("not a folder")
    out = existing if where == "existing-file" else existing / "pages"
    status = main(["handouts", "--notebooks", str(_course(tmp_path)), "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith(f"leadlib handouts: --out {out} is" if where == "existing-file" else "")
    assert expected in err and "--out" in err
    assert "Traceback" not in err
    assert existing.read_text() == "not a folder"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="folder permissions do not stop root from writing (nor exist on Windows)",
)
def test_handouts_out_in_a_read_only_folder_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        status = main(["handouts", "--notebooks", str(_course(tmp_path)), "--out", str(locked)])
    finally:
        locked.chmod(0o700)
    assert status == 2
    err = capsys.readouterr().err
    assert f"cannot write the pages into {locked}" in err and "Traceback" not in err
