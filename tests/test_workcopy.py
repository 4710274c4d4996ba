"""The learner's working copy (leadlib.workcopy): made on first run, course updates merged
in without losing what the learner changed, the repository never written to."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from leadlib import workcopy

ROOT = Path(__file__).resolve().parents[1]
PY = "3.11.7"


def _notebook(*sources: str, outputs: str = "") -> str:
    cells = [
        {
            "cell_type": "markdown" if i == 0 else "code",
            "id": f"c{i}",
            "metadata": {},
            "source": text,
            **(
                {}
                if i == 0
                else {
                    "execution_count": 1 if outputs else None,
                    "outputs": [{"output_type": "stream", "name": "stdout", "text": outputs}]
                    if outputs
                    else [],
                }
            ),
        }
        for i, text in enumerate(sources)
    ]
    doc = {
        "cells": cells,
        "metadata": {"kernelspec": {"name": "python3"}, "language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(doc, indent=1) + "\n"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    source = tmp_path / "course-src"
    source.mkdir()
    (source / "00_start.ipynb").write_text(_notebook("# Start", "ex.header()"), "utf-8")
    (source / "01_next.ipynb").write_text(_notebook("# Next", "ex.quiz()"), "utf-8")
    return source


def _update(source: Path, copy: Path) -> workcopy.UpdateReport:
    return workcopy.update(source, copy, python_version=PY)


def _edit_cell(path: Path, index: int, text: str) -> None:
    doc = json.loads(path.read_text("utf-8"))
    doc["cells"][index]["source"] = text
    path.write_text(json.dumps(doc, indent=1), "utf-8")


def test_the_first_run_copies_every_notebook_and_leaves_the_source_alone(
    course: Path, tmp_path: Path
) -> None:
    before = {p.name: p.read_bytes() for p in course.iterdir()}
    report = _update(course, tmp_path / "copy")
    assert report.copied == ["00_start.ipynb", "01_next.ipynb"]
    assert {p.name: p.read_bytes() for p in course.iterdir()} == before
    copied = json.loads((tmp_path / "copy" / "00_start.ipynb").read_text("utf-8"))
    assert copied["cells"] == json.loads(before["00_start.ipynb"])["cells"]
    # the kernel's version, as JupyterLab writes it on opening: nothing to mark modified
    assert copied["metadata"]["language_info"]["version"] == PY
    assert (tmp_path / "copy" / workcopy.MANIFEST).is_file()


def test_a_second_run_with_nothing_new_changes_nothing(course: Path, tmp_path: Path) -> None:
    _update(course, tmp_path / "copy")
    stamps = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "copy").iterdir()}
    report = _update(course, tmp_path / "copy")
    assert (report.copied, report.updated, report.kept, report.restored) == ([], [], [], [])
    after = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "copy").iterdir()}
    assert {k: v for k, v in after.items() if k != workcopy.MANIFEST} == {
        k: v for k, v in stamps.items() if k != workcopy.MANIFEST
    }


def test_an_updated_course_replaces_notebooks_the_learner_did_not_change(
    course: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    _update(course, copy)
    (course / "01_next.ipynb").write_text(_notebook("# Next, reworded", "ex.quiz()"), "utf-8")
    (course / "02_new.ipynb").write_text(_notebook("# New", "ex.balance()"), "utf-8")
    report = _update(course, copy)
    assert report.updated == ["01_next.ipynb"]
    assert report.copied == ["02_new.ipynb"]
    assert report.kept == []
    cells = json.loads((copy / "01_next.ipynb").read_text("utf-8"))["cells"]
    assert cells[0]["source"] == "# Next, reworded"


def test_running_a_notebook_does_not_count_as_a_change(course: Path, tmp_path: Path) -> None:
    """Outputs and metadata are what Run All and autosave write; answers are in the journal."""
    copy = tmp_path / "copy"
    _update(course, copy)
    ran = json.loads(_notebook("# Next", "ex.quiz()", outputs="a widget"))
    ran["metadata"]["widgets"] = {"state": {}}
    (copy / "01_next.ipynb").write_text(json.dumps(ran), "utf-8")
    (course / "01_next.ipynb").write_text(_notebook("# Next v2", "ex.quiz()"), "utf-8")
    report = _update(course, copy)
    assert report.updated == ["01_next.ipynb"] and report.kept == []
    assert not (copy / workcopy.beside_name("01_next.ipynb")).exists()


def test_a_notebook_the_learner_changed_is_kept_and_the_new_one_written_beside(
    course: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    _update(course, copy)
    _edit_cell(copy / "00_start.ipynb", 0, "# Start\n\nMy own note.")
    mine = (copy / "00_start.ipynb").read_bytes()
    (course / "00_start.ipynb").write_text(_notebook("# Start, v2", "ex.header()"), "utf-8")
    report = _update(course, copy)
    assert report.kept == [("00_start.ipynb", "00_start.course-update.ipynb")]
    assert (copy / "00_start.ipynb").read_bytes() == mine
    beside = json.loads((copy / "00_start.course-update.ipynb").read_text("utf-8"))
    assert beside["cells"][0]["source"] == "# Start, v2"
    # next time, with no newer course, the learner's file is left alone and not reported
    again = _update(course, copy)
    assert again.kept == [] and (copy / "00_start.ipynb").read_bytes() == mine


def test_a_learner_change_is_kept_quietly_while_the_course_has_not_changed(
    course: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    _update(course, copy)
    _edit_cell(copy / "01_next.ipynb", 0, "# Mine")
    report = _update(course, copy)
    assert (report.updated, report.kept) == ([], [])
    assert not (copy / workcopy.beside_name("01_next.ipynb")).exists()
    assert json.loads((copy / "01_next.ipynb").read_text("utf-8"))["cells"][0]["source"] == (
        "# Mine"
    )


def test_a_deleted_notebook_is_put_back(course: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    _update(course, copy)
    (copy / "01_next.ipynb").unlink()
    assert _update(course, copy).restored == ["01_next.ipynb"]
    assert (copy / "01_next.ipynb").is_file()


def test_without_a_record_a_differing_notebook_counts_as_the_learners(
    course: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "00_start.ipynb").write_text(_notebook("# Older start", "ex.header()"), "utf-8")
    (copy / "01_next.ipynb").write_text(_notebook("# Next", "ex.quiz()", outputs="x"), "utf-8")
    report = _update(course, copy)
    assert report.kept == [("00_start.ipynb", "00_start.course-update.ipynb")]
    assert report.updated == ["01_next.ipynb"]  # same cells: safe to replace


def test_a_damaged_record_loses_nothing(course: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    _update(course, copy)
    _edit_cell(copy / "00_start.ipynb", 0, "# Mine")
    (copy / workcopy.MANIFEST).write_text("{not json", "utf-8")
    (course / "00_start.ipynb").write_text(_notebook("# Start v2", "ex.header()"), "utf-8")
    report = _update(course, copy)
    assert report.kept == [("00_start.ipynb", "00_start.course-update.ipynb")]


def test_the_copy_cannot_be_inside_the_course(course: Path) -> None:
    with pytest.raises(workcopy.WorkCopyError, match="inside the course folder"):
        workcopy.update(course, course / "copy")


def test_an_empty_source_is_explained(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(workcopy.WorkCopyError, match="No course notebooks"):
        workcopy.update(tmp_path / "empty", tmp_path / "copy")


def test_the_fingerprint_follows_cells_not_outputs_or_metadata(tmp_path: Path) -> None:
    plain = _notebook("# T", "ex.quiz()")
    ran = _notebook("# T", "ex.quiz()", outputs="shown")
    edited = _notebook("# T!", "ex.quiz()")
    prints = {}
    for name, text in (("plain", plain), ("ran", ran), ("edited", edited)):
        path = tmp_path / f"{name}.ipynb"
        path.write_text(text, "utf-8")
        prints[name] = workcopy.fingerprint(path)
    assert prints["plain"] == prints["ran"] != prints["edited"]


def test_the_real_course_copies_and_the_command_reports_it(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "leadlib.workcopy", "update", str(tmp_path / "course")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert f"your copy of the course is {tmp_path / 'course'}" in done.stdout
    names = sorted(p.name for p in (tmp_path / "course").glob("*.ipynb"))
    assert names == sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


def test_the_default_folder_follows_leadlib_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADLIB_HOME", str(tmp_path))
    assert workcopy.default_folder() == tmp_path / "course"
