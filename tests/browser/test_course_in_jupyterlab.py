"""The course as a learner meets it: real JupyterLab, headless Chromium, Run All, clicks.

Must not import leadlib.widgets or ipywidgets: only the kernels in the server do.
All browser tests live in this one module, so pytest-xdist (--dist loadscope) keeps them
on one worker with one server and one browser.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .conftest import NOTEBOOKS, SCREENSHOTS
from .lab import LabPage, LabServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

COURSE = sorted(path.name for path in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def _write_notebook(directory: Path, name: str, sources: list[str]) -> str:
    """A small notebook for checking the harness itself, next to the course copy."""
    cells = [
        {
            "cell_type": "code",
            "execution_count": None,
            "metadata": {},
            "outputs": [],
            "source": source,
        }
        for source in sources
    ]
    notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    for number, cell in enumerate(cells):
        cell["id"] = f"probe-{number}"
    (directory / name).write_text(json.dumps(notebook), encoding="utf-8")
    return name


# --- the lab settings shipped with the course --------------------------------------


def test_the_course_opens_at_start_here_with_no_news_popup(lab: LabPage) -> None:
    lab.page.goto(lab.server.url("/"))
    lab.page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=90_000)
    assert "/lab/tree/00_start_here.ipynb" in lab.page.url, (
        f"the server's default URL opened {lab.page.url}, not 00_start_here.ipynb; "
        "check leadlib/labconfig.py and run `python -m leadlib.labconfig install`"
    )
    current_tab = lab.page.locator(
        "#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel"
    )
    assert current_tab.first.inner_text().strip() == "00_start_here.ipynb"
    # the news question is a toast a few seconds after start; give it time to appear
    lab.page.wait_for_timeout(4000)
    toasts = lab.page.locator(".Toastify__toast").all_inner_texts()
    assert toasts == [], f"a pop-up appeared when the course opened: {toasts}"
    bell = lab.page.locator(".jp-Notification-Status").inner_text().strip()
    assert bell in ("", "0"), f"the notification bell shows {bell!r} unread notifications"


# --- the harness itself: it sees widgets, and it sees when they fail ---------------


def test_a_slider_made_by_the_kernel_shows_as_a_slider(lab: LabPage) -> None:
    name = _write_notebook(
        lab.server.root,
        "_probe_widgets.ipynb",
        [
            "import ipywidgets as widgets\n"
            "widgets.IntSlider(value=40, min=0, max=100, description='Share')",
            "print('no widget here')",
        ],
    )
    lab.open(name)
    lab.run_all()
    assert lab.errors() == []
    assert lab.unrendered_exercises() == [], lab.report()
    slider = lab.cell_output(0).get_by_role("slider")
    assert float(slider.get_attribute("aria-valuenow") or "nan") == 40, lab.report()


def test_the_checks_catch_an_error_and_a_widget_shown_as_text(lab: LabPage) -> None:
    name = _write_notebook(
        lab.server.root,
        "_probe_failures.ipynb",
        [
            # what a learner sees when the front end has no widget manager
            "display({'text/plain': 'IntSlider(value=0)'}, raw=True)",
            # an exercise call that returns text, as if the widget package were broken
            "import types\nex = types.SimpleNamespace(quiz=lambda: 'the quiz')\nex.quiz()",
            "raise ValueError('the journal file is locked')",
            "print('never reached')",
        ],
    )
    lab.open(name)
    lab.run_all()
    errors = lab.errors()
    assert len(errors) == 2, errors
    assert errors[0].startswith('cell 3 ("raise ValueError(')
    assert "ValueError: the journal file is locked" in errors[0]
    assert errors[1] == "cell 4 (\"print('never reached')\") did not run (prompt '[ ]:')"
    unrendered = lab.unrendered_exercises()
    assert len(unrendered) == 2, unrendered
    assert (
        "cell 1" in unrendered[0]
        and "shows text, not a widget: 'IntSlider(value=0)'" in (unrendered[0])
    )
    assert "cell 2" in unrendered[1] and "calls ex.quiz() but shows no widget" in unrendered[1]


# --- every notebook of the course ---------------------------------------------------


@pytest.mark.parametrize("notebook", COURSE)
def test_every_notebook_runs_clean_with_its_exercises_as_widgets(
    lab: LabPage, lab_server: LabServer, notebook: str
) -> None:
    lab_server.fresh_journal()  # the screenshots show the course as a newcomer sees it
    lab.open(notebook)
    seconds = lab.run_all()
    lab.screenshot(SCREENSHOTS / notebook.replace(".ipynb", ".png"))
    print(f"{notebook}: Run All took {seconds:.1f} s")
    errors = lab.errors()
    assert errors == [], f"{notebook} after Run All:\n" + "\n".join(errors)
    unrendered = lab.unrendered_exercises()
    assert unrendered == [], (
        f"{notebook} after Run All:\n" + "\n".join(unrendered) + "\n" + lab.report()
    )
    assert not re.search(r"Error displaying widget", lab.page.content())
