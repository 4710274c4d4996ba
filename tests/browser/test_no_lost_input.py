"""No lost keystroke, in real JupyterLab and Chromium: text typed and a Save click at
once (20 times, the newest text saved each time), and text saved as you type with no
click, still there after the browser is closed.

Must not import leadlib.widgets or ipywidgets: only the kernels in the server do.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from leadlib.journal import open_journal

from .lab import LabPage

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOK = "03_management"
ATTEMPTS = 20


def _probe(directory: Path, name: str, source: str) -> str:
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "probe-0",
                "metadata": {},
                "outputs": [],
                "source": source,
            }
        ],
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (directory / name).write_text(json.dumps(notebook), encoding="utf-8")
    return name


def _saved_reflection(lab: LabPage) -> Any:
    path = lab.server.home / "journal.sqlite3"
    if not path.exists():
        return None
    journal = open_journal(path)
    try:
        return journal.answers("reflection").get(NOTEBOOK)
    finally:
        journal.close()


def _wait_for_saved(lab: LabPage, text: str, timeout: float = 15.0) -> Any:
    """The journal's reflection once it equals ``text``, or the last seen after timeout."""
    deadline = time.monotonic() + timeout
    seen = _saved_reflection(lab)
    while seen != text and time.monotonic() < deadline:
        lab.page.wait_for_timeout(100)
        seen = _saved_reflection(lab)
    return seen


def _open_probe(lab: LabPage, name: str, source: str) -> Any:
    lab.server.fresh_journal()
    lab.open(_probe(lab.server.root, name, source))
    lab.run_all()
    assert lab.errors() == [], lab.report()
    assert lab.widgets_drawn() == [], lab.report()
    return lab.cell_output(0).locator(".leadlib-exercise").first


def test_text_typed_and_saved_at_once_is_never_saved_stale(lab: LabPage) -> None:
    exercise = _open_probe(
        lab,
        "_probe_reflection.ipynb",
        f"from leadlib import widgets as ex\nex.reflection({NOTEBOOK!r})",
    )
    area = exercise.locator("textarea")
    save = exercise.get_by_role("button", name="Save reflection")
    stale: list[tuple[int, Any]] = []
    for attempt in range(ATTEMPTS):
        newest = f"Attempt {attempt}: a weekly check-in with each person, then one change."
        area.click()
        lab.page.keyboard.press("Control+A")
        area.press_sequentially(newest)  # keystroke by keystroke, as a learner types
        save.click()  # at once: no pause for the text to reach the kernel
        seen = _wait_for_saved(lab, newest)
        if seen != newest:
            stale.append((attempt, seen))
    assert stale == [], f"{len(stale)} of {ATTEMPTS} saves kept older text: {stale}"
    status = exercise.locator("[role=status]").all_inner_texts()
    assert any(s.startswith("\u2714 Saved to your journal at ") for s in status), status


def test_text_is_saved_as_you_type_without_a_click(lab: LabPage) -> None:
    exercise = _open_probe(
        lab,
        "_probe_autosave.ipynb",
        f"from leadlib import widgets as ex\nex.reflection({NOTEBOOK!r})",
    )
    area = exercise.locator("textarea")
    area.click()
    text = "Typed, then the browser is closed without a click."
    area.press_sequentially(text)
    status = exercise.get_by_text("Not saved yet", exact=False)
    assert _wait_for_saved(lab, text) == text
    status.wait_for(state="detached", timeout=10_000)
    counter = exercise.get_by_text(f"{len(text)} of 5,000 characters")
    assert counter.is_visible()
    lab.page.close()  # the learner closes the browser: the journal keeps the text
    assert _saved_reflection(lab) == text
