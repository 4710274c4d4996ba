"""A committed notebook opened in JupyterLab, before anyone runs it: every exercise shows
its static form (statements, scenarios, the chart), not "model not found"; after Run All
the live widgets take its place.

Must not import leadlib.widgets or ipywidgets: only the kernels in the server do.
"""

from __future__ import annotations

from pathlib import Path

from leadlib.content import load_content

from .conftest import SCREENSHOTS
from .lab import _CURRENT, LabPage, LabServer

FORMS = f"{_CURRENT} .jp-OutputArea-output .leadlib-static-form"


def test_before_it_runs_the_balance_notebook_shows_its_static_form_then_its_widgets(
    lab: LabPage, lab_server: LabServer
) -> None:
    lab_server.fresh_journal()
    notebook = "05_finding_the_balance.ipynb"
    lab.open(notebook)
    exercises = [cell for cell in lab.code_cells() if cell.exercises]
    forms = lab.page.locator(FORMS)
    assert forms.count() == len(exercises), lab.report()
    shown = "\n".join(forms.all_inner_texts())
    for situation in load_content().situations:
        assert situation.name in shown and situation.description in shown
    chart = lab.page.locator(f"{FORMS} img")
    assert chart.count() == 1
    assert "leadership" in (chart.get_attribute("alt") or "")
    assert lab.broken_images() == []
    assert "Error displaying widget" not in lab.page.content()
    lab.screenshot(SCREENSHOTS / "static" / Path(notebook).with_suffix(".png").name)

    lab.run_all()
    assert lab.widgets_drawn() == [], lab.report()
    assert lab.page.locator(f"{FORMS}:visible").count() == 0
