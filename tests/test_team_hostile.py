"""The team report with hostile files in the folder: each is skipped and named with its
reason, nothing hangs or crashes, no escape sequence reaches the terminal or the page,
and the exit codes stay 0 / 3 / 2."""

from __future__ import annotations

import json
import subprocess
import sys
from html import escape
from pathlib import Path

from leadlib.errors import printable
from leadlib.models import Content
from leadlib.team import aggregate, render_html
from tests.hostile_files import (
    ESC_KEY,
    NO_HANG,
    hostile_files,
    valid_doc,
    within,
    write_bom_export,
)

ROOT = Path(__file__).resolve().parents[1]
COMMAND = "import sys; from leadlib.cli import main; sys.exit(main(sys.argv[1:]))"


def _good(content: Content, folder: Path, n: int) -> None:
    for i in range(n):
        doc = valid_doc(content, f"P-GOOD{i:02d}")
        (folder / f"good{i}.json").write_text(json.dumps(doc), encoding="utf-8")


def _command(*args: str) -> subprocess.CompletedProcess[str]:
    """``leadlib`` in a fresh process, killed (and the test failed) if it hangs."""
    return subprocess.run(
        [sys.executable, "-c", COMMAND, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_every_hostile_file_is_skipped_and_named_and_the_rest_count(
    content: Content, tmp_path: Path
) -> None:
    made = hostile_files(content, tmp_path)
    _good(content, tmp_path, 3)
    write_bom_export(content, tmp_path)

    summary = within(NO_HANG * 3, lambda: aggregate(tmp_path, content=content))

    assert summary.participants == 4  # three plain exports and the one with a BOM
    reasons = {s.name: s.reasons for s in summary.skipped}
    assert set(reasons) == {printable(name) for name in made}
    for name, reason in made.items():
        assert len(reasons[printable(name)]) == 1
        assert reason in reasons[printable(name)][0], name
    page = render_html(summary, content, charts=False)
    assert "\x1b" not in page and "\x07" not in page
    assert "\\x1b[31mred\\x1b[0m" in page


def test_the_command_exits_3_names_each_skipped_file_and_prints_no_escape(
    content: Content, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    made = hostile_files(content, folder)
    _good(content, folder, 3)
    out = tmp_path / "report.html"

    done = _command("team-report", str(folder), "--out", str(out), "--no-charts")

    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
    for name, reason in made.items():
        assert f"skipped {printable(name)}: {reason}" in done.stderr, name
    assert f"3 participants from {len(made) + 3} files; {len(made)} skipped" in done.stderr
    assert out.exists()


def test_a_folder_of_nothing_but_hostile_files_exits_2(content: Content, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    hostile_files(content, folder)
    done = _command("team-report", str(folder), "--out", str(tmp_path / "r.html"))
    assert done.returncode == 2
    assert "no usable export" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "r.html").exists()


def test_a_good_folder_still_exits_0(content: Content, tmp_path: Path) -> None:
    _good(content, tmp_path, 3)
    write_bom_export(content, tmp_path)
    done = _command("team-report", str(tmp_path), "--out", str(tmp_path / "r.html"))
    assert done.returncode == 0, done.stderr
    assert "4 participants from 4 files; 0 skipped" in done.stderr


def test_a_folder_name_with_escape_sequences_is_printed_escaped(tmp_path: Path) -> None:
    folder = tmp_path / f"team{ESC_KEY}"
    done = _command("team-report", str(folder), "--out", str(tmp_path / "r.html"))
    assert done.returncode == 2
    assert "does not exist" in done.stderr
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr


def test_an_existing_folder_with_escape_sequences_is_printed_escaped(
    content: Content, tmp_path: Path
) -> None:
    folder = tmp_path / f"team{ESC_KEY}"
    folder.mkdir()
    (folder / "broken.json").write_text("{", encoding="utf-8")
    done = _command("team-report", str(folder), "--out", str(tmp_path / "r.html"))
    assert done.returncode == 2
    assert "no usable export in" in done.stderr and "\\x1b[2J" in done.stderr
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr


def test_notebook_07_names_each_hostile_file_and_builds_the_rest(
    content: Content, tmp_path: Path
) -> None:
    from leadlib.widgets.team_debrief_view import team_debrief

    made = hostile_files(content, tmp_path)
    _good(content, tmp_path, 3)
    view = team_debrief(tmp_path, content=content)

    within(NO_HANG * 3, view.build.click)

    assert view.message_kind == "problem"
    assert view.summary is not None and view.summary.participants == 3
    page = view.report.value
    assert "\x1b" not in page and "\x07" not in page and "Traceback" not in page
    for name, reason in made.items():
        assert escape(printable(name)) in page, name
        assert escape(reason) in page, reason
