"""The course as a learner meets it: real JupyterLab, headless Chromium, Run All, clicks.

Must not import leadlib.widgets or ipywidgets: only the kernels in the server do.
All browser tests live in this one module, so pytest-xdist (--dist loadscope) keeps them
on one worker with one server and one browser.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from leadlib import Content, Family, score
from leadlib.balance import compare_split
from leadlib.delegation import TaskContext, assess

from .conftest import NOTEBOOKS, SCREENSHOTS
from .lab import LabPage, LabServer
from .test_judge_first import rate_factors

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
    asked: list[str] = []
    lab.page.on(
        "request",
        lambda request: (
            asked.append(request.url)
            if re.search(r"/lab/api/(news|update)\b", request.url)
            else None
        ),
    )
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
    # JupyterLab asks about news (a toast) or fetches news and updates as soon as it has
    # restored the layout (the splash screen goes then) and loaded its settings: by the
    # time the notebook's kernel is idle, either would have happened. No fixed wait.
    lab.page.wait_for_selector("#jupyterlab-splash", state="detached", timeout=90_000)
    lab.wait_for_notebook("00_start_here.ipynb")
    toasts = lab.page.locator(".Toastify__toast").all_inner_texts()
    assert toasts == [], f"a pop-up appeared when the course opened: {toasts}"
    assert asked == [], f"JupyterLab asked the internet for news or updates: {asked}"
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
    assert lab.widgets_drawn() == [], lab.report()
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


def _run_fresh_and_check(lab: LabPage, lab_server: LabServer, notebook: str) -> None:
    """Open ``notebook`` with an empty journal, Run All, and check what a newcomer sees:
    no error, every exercise a widget, every cell showing something, charts drawn.

    The tests that go on to click through a notebook start with this run, so each
    notebook of the course is run clean once per session, not once more for them.
    """
    lab_server.fresh_journal()  # the screenshots show the course as a newcomer sees it
    lab.open(notebook)
    seconds = lab.run_all()
    unrendered = lab.widgets_drawn()
    lab.screenshot(SCREENSHOTS / notebook.replace(".ipynb", ".png"))  # for a person to look at
    print(f"{notebook}: Run All took {seconds:.1f} s")
    errors = lab.errors()
    assert errors == [], f"{notebook} after Run All:\n" + "\n".join(errors)
    assert unrendered == [], (
        f"{notebook} after Run All:\n" + "\n".join(unrendered) + "\n" + lab.report()
    )
    assert not re.search(r"Error displaying widget", lab.page.content())
    silent = [cell.where() for cell in lab.code_cells() if not cell.outputs]
    assert silent == [], f"{notebook}: every course cell shows something, these show nothing"
    assert lab.broken_images() == [], f"{notebook}: charts the browser could not draw"


#: Notebooks whose clean run is the first step of a test below that clicks through them.
CLICKED_THROUGH = {"02_leadership.ipynb", "04_delegation.ipynb", "07_team_debrief.ipynb"}


def test_the_notebooks_clicked_through_are_in_the_course() -> None:
    assert set(COURSE) >= CLICKED_THROUGH, "a notebook named in CLICKED_THROUGH is gone"


@pytest.mark.parametrize("notebook", [n for n in COURSE if n not in CLICKED_THROUGH])
def test_every_notebook_runs_clean_with_its_exercises_as_widgets(
    lab: LabPage, lab_server: LabServer, notebook: str
) -> None:
    _run_fresh_and_check(lab, lab_server, notebook)


def test_the_facilitator_builds_the_demo_team_picture(lab: LabPage, lab_server: LabServer) -> None:
    expect = _expect()
    _run_fresh_and_check(lab, lab_server, "07_team_debrief.ipynb")
    debrief = lab.exercise_output("team_debrief")
    debrief.get_by_role("button", name="Build the team picture").click()
    expect(debrief).to_contain_text("participants counted from", timeout=60_000)
    expect(debrief.get_by_role("heading", name="The team profile")).to_be_visible()
    charts = debrief.locator("img")
    expect(charts.first).to_be_visible()
    assert lab.broken_images() == []
    assert all(alt for alt in charts.evaluate_all("(imgs) => imgs.map((i) => i.alt)")), (
        "every chart in the team picture needs alt text"
    )
    assert lab.errors() == []


# --- a learner's session: answer, restart the kernel, find the answers again -------


def _expect() -> Any:
    from playwright.sync_api import expect

    return expect


def _journal_answers(server: LabServer, exercise: str) -> dict[str, Any]:
    """What the kernels saved, read from the journal file the way leadlib reads it."""
    from leadlib.journal import open_journal

    with open_journal(path=server.home / "journal.sqlite3") as journal:
        return journal.answers(exercise)


def _restart_and_run_all(lab: LabPage) -> None:
    """Kernel > Restart Kernel and Clear Outputs, then Run All: a new kernel, empty state."""
    lab.restart_kernel()
    lab.run_all()
    assert lab.errors() == [], "\n".join(lab.errors())
    unrendered = lab.widgets_drawn()
    assert unrendered == [], "\n".join(unrendered)


def _answer_statements(lab: LabPage, clicks: list[str]) -> None:
    """Click one agreement button per statement, from the first statement on."""
    exercise = lab.exercise_output("self_assessment")
    rows = exercise.locator(".widget-toggle-buttons")
    for number, label in enumerate(clicks):
        rows.nth(number).get_by_role("radio", name=label, exact=True).click()


def _pressed(lab: LabPage, count: int) -> list[str]:
    """The label of the pressed button in each of the first ``count`` statements."""
    rows = lab.exercise_output("self_assessment").locator(".widget-toggle-buttons")
    return [
        " / ".join(rows.nth(i).locator("button.mod-active").all_inner_texts()) for i in range(count)
    ]


def test_self_assessment_and_balance_answers_survive_a_kernel_restart(
    lab: LabPage, lab_server: LabServer, content: Content
) -> None:
    expect = _expect()
    labels = {v: f"{v} {label}" for v, label in enumerate(content.scale.labels, start=1)}
    leadership = content.statements_in(Family.LEADERSHIP)
    management = content.statements_in(Family.MANAGEMENT)
    lead_values, manage_values = [5, 4, 2], [2, 1]

    # notebook 02, from an empty journal: answer the first three statements by clicking
    _run_fresh_and_check(lab, lab_server, "02_leadership.ipynb")
    _answer_statements(lab, [labels[v] for v in lead_values])
    progress = lab.exercise_output("self_assessment").get_by_role("status").first
    expect(progress).to_have_text(f"3 of {len(leadership)} answered")
    saved = _journal_answers(lab_server, "self_assessment")
    assert saved == {s.id: v for s, v in zip(leadership, lead_values, strict=False)}

    _restart_and_run_all(lab)
    progress = lab.exercise_output("self_assessment").get_by_role("status").first
    expect(progress).to_have_text(f"3 of {len(leadership)} answered")
    assert _pressed(lab, 4) == [labels[5], labels[4], labels[2], ""], lab.report()

    # notebook 03: two management statements
    lab.open("03_management.ipynb")
    lab.run_all()
    _answer_statements(lab, [labels[v] for v in manage_values])
    progress = lab.exercise_output("self_assessment").get_by_role("status").first
    expect(progress).to_have_text(f"2 of {len(management)} answered")

    # notebook 05: the comparison uses those answers; choose a situation, move the slider
    answers = {s.id: v for s, v in zip(leadership, lead_values, strict=False)}
    answers |= {s.id: v for s, v in zip(management, manage_values, strict=False)}
    profile = score(content, answers)
    assert profile.leadership is not None and profile.management is not None
    # The profile is shown beside the situation's range, never as a share of the week.
    own = (
        f"Your self-assessment: leadership {profile.leadership:.0f} and management "
        f"{profile.management:.0f} out of 100"
    )
    lab.open("05_finding_the_balance.ipynb")
    lab.run_all()
    balance = lab.exercise_output("balance")
    expect(balance).to_contain_text(own)

    situation = content.situations[1]
    balance.get_by_label("Your situation:").select_option(label=situation.name)
    slider = balance.get_by_role("slider")
    start = float(slider.get_attribute("aria-valuenow") or "nan")
    slider.focus()
    for _ in range(3):  # the arrow keys move it by its step of 5
        slider.press("ArrowRight")
    share = int(start) + 15
    expect(balance).to_contain_text(f"{share}% leadership work, {100 - share}% management work.")
    profile = score(content, answers)
    report = compare_split(content, situation, share, profile)
    expect(balance).to_contain_text(report.message)
    assert _journal_answers(lab_server, "balance") == {"situation": situation.id, "share": share}
    # the chart is redrawn for the new split, and its description says so in words
    caption = balance.locator("details", has_text="What the chart shows")
    expect(caption).to_contain_text(f"Your split is {share}% leadership")
    expect(balance.locator("img").first).to_be_visible()
    assert lab.broken_images() == []

    _restart_and_run_all(lab)
    balance = lab.exercise_output("balance")
    expect(balance.get_by_role("slider")).to_have_attribute(
        "aria-valuenow", re.compile(rf"^{share}(\.0)?$")
    )
    expect(balance).to_contain_text(f"{share}% leadership work, {100 - share}% management work.")
    expect(balance).to_contain_text(own)
    selected = balance.get_by_label("Your situation:").evaluate(
        "(select) => select.options[select.selectedIndex].text"
    )
    assert selected.replace("\xa0", " ") == situation.name  # ipywidgets uses no-break spaces


def test_a_delegation_choice_and_its_verdict_survive_a_kernel_restart(
    lab: LabPage, lab_server: LabServer, content: Content
) -> None:
    expect = _expect()
    first, second = content.scenarios[0], content.scenarios[1]
    levels = {lv.number: f"{lv.number} {lv.name}: {lv.description}" for lv in content.levels}
    tell, delegate = 1, len(content.levels)

    _run_fresh_and_check(lab, lab_server, "04_delegation.ipynb")
    exercise = lab.exercise_output("delegation")
    expect(exercise).to_contain_text(f"Scenario 1 of {len(content.scenarios)}")
    rate_factors(exercise, ("low", "high", "high", "high"))  # judge first, then choose
    exercise.get_by_role("radio", name=levels[tell], exact=True).check()
    verdict = assess(content, TaskContext.of(first), tell)
    expect(exercise).to_contain_text(f"{verdict.fit.label}. {verdict.explanation}")

    exercise.get_by_role("button", name="Next scenario").click()
    expect(exercise).to_contain_text(second.title)
    rate_factors(exercise, ("high", "high", "low", "low"))
    exercise.get_by_role("radio", name=levels[delegate], exact=True).check()
    verdict = assess(content, TaskContext.of(second), delegate)
    expect(exercise).to_contain_text(f"{verdict.fit.label}. {verdict.explanation}")
    assert _journal_answers(lab_server, "delegation") == {first.id: tell, second.id: delegate}

    _restart_and_run_all(lab)
    exercise = lab.exercise_output("delegation")
    # it reopens at the first scenario not answered yet, and the board counts two
    expect(exercise).to_contain_text(f"Scenario 3 of {len(content.scenarios)}")
    exercise.get_by_role("button", name="Show my board").click()
    expect(exercise).to_contain_text(f"2 of {len(content.scenarios)} decisions answered")
    exercise.get_by_role("button", name="Previous scenario").click()
    expect(exercise).to_contain_text(second.title)
    expect(exercise.get_by_role("radio", name=levels[delegate], exact=True)).to_be_checked()
    expect(exercise).to_contain_text(f"{verdict.fit.label}. {verdict.explanation}")
