"""Answer buttons and the keyboard, in JupyterLab and in the app, in Chromium: each group
is one tab stop (the quiz takes one Tab per behaviour, not one per button), the arrow
keys move within the group and never reach JupyterLab (the active cell stays, the focus
stays in the exercise), the answer chosen with the keys reaches the journal, and a group
is a radio group with its question as its name (leadlib/static/answer-groups.js).

Must not import leadlib.widgets or ipywidgets: only the kernels in the servers do.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from leadlib import Content
from leadlib.journal import open_journal
from leadlib.models import Family

from .lab import LabPage
from .test_app_mode import AppPage, AppServer, app, app_server  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PROBE = "zz_answer_groups_probe.ipynb"
CHECKS = "01_two_roles"
#: A note, the quiz (toggle buttons, a choice is a try), the leadership statements
#: (toggle buttons), the self-check (native radio buttons, a choice is a try), a note:
#: cells above and below, so an arrow key that reached JupyterLab would move the active
#: cell.
CELLS = [
    ("markdown", "# Before the exercises"),
    ("code", "from leadlib import widgets as ex\nex.quiz()"),
    ("code", 'ex.self_assessment("leadership")'),
    ("code", f'ex.self_check("{CHECKS}")'),
    ("markdown", "After the exercises."),
]

_ACTIVE_CELL = """() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    const cells = Array.from(panel.querySelectorAll('.jp-Notebook .jp-Cell'));
    return cells.findIndex((cell) => cell.classList.contains('jp-mod-active'));
}"""
_HAS_FOCUS = "(root) => root.contains(document.activeElement)"
#: Where the focus is: which group of ``root`` (from 0) and which option in it, or null.
_FOCUS_AT = """(root) => {
    const groups = Array.from(root.querySelectorAll('[role=radiogroup]'));
    const active = document.activeElement;
    const group = groups.findIndex((g) => g.contains(active));
    if (group < 0) return null;
    const options = Array.from(groups[group].querySelectorAll('[role=radio], input[type=radio]'));
    return [group, options.indexOf(active)];
}"""


def _write_probe(directory: Path) -> None:
    notebook = {
        "cells": [
            {"cell_type": kind, "id": f"probe-{i}", "metadata": {}, "source": source}
            | ({"execution_count": None, "outputs": []} if kind == "code" else {})
            for i, (kind, source) in enumerate(CELLS)
        ],
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (directory / PROBE).write_text(json.dumps(notebook), encoding="utf-8")


def _journal(home: Path, exercise: str) -> dict[str, Any]:
    path = home / "journal.sqlite3"
    if not path.exists():
        return {}
    journal = open_journal(path)
    try:
        return journal.answers(exercise)
    finally:
        journal.close()


def _wait_for(read: Callable[[], Any], wanted: Any, page: Any, timeout: float = 15.0) -> Any:
    """``read()`` once it equals ``wanted``, or what it gave last after ``timeout``."""
    deadline = time.monotonic() + timeout
    seen = read()
    while seen != wanted and time.monotonic() < deadline:
        page.wait_for_timeout(100)
        seen = read()
    return seen


def _tab_into(page: Any, exercise: Any) -> None:
    """Click the exercise's opening text, then press Tab until the focus is in the
    exercise, as a keyboard user reaches the first question (JupyterLab focuses the
    cell on the click; its toolbar's buttons come before the output)."""
    exercise.locator(".widget-html").first.click()
    root = exercise.element_handle()
    for _press in range(20):
        page.keyboard.press("Tab")
        if page.evaluate(_HAS_FOCUS, root):
            return
    raise AssertionError("20 presses of Tab never reached the exercise")


@pytest.fixture
def probe(lab: LabPage) -> LabPage:
    lab.server.fresh_journal()
    _write_probe(lab.server.root)
    lab.open(PROBE)
    lab.run_all()
    assert lab.errors() == [], lab.report()
    assert lab.widgets_drawn() == [], lab.report()
    return lab


def test_arrow_keys_choose_a_statement_answer_and_stay_in_the_exercise(
    probe: LabPage, content: Content
) -> None:
    from playwright.sync_api import expect

    page = probe.page
    statements = content.statements_in(Family.LEADERSHIP)
    values = list(range(content.scale.min, content.scale.max + 1))
    exercise = probe.exercise_output("self_assessment")
    groups = exercise.get_by_role("radiogroup")
    expect(groups).to_have_count(len(statements))
    first = exercise.get_by_role("radiogroup", name=re.compile(re.escape(statements[0].text)))
    expect(first).to_have_count(1)  # named by its statement
    options = first.get_by_role("radio")
    expect(options).to_have_count(len(values))
    expect(options.first).to_have_attribute("aria-checked", "false")

    _tab_into(page, exercise)
    expect(options.first).to_be_focused()  # nothing chosen yet: the first option
    cell = page.evaluate(_ACTIVE_CELL)
    root = exercise.element_handle()

    def chosen() -> Any:
        return _journal(probe.server.home, "self_assessment").get(statements[0].id)

    for key, at in (
        ("ArrowRight", 1),
        ("ArrowRight", 2),
        ("ArrowLeft", 1),
        ("ArrowDown", 2),
        ("ArrowUp", 1),
        ("End", len(values) - 1),
        ("ArrowRight", 0),  # wraps round
        ("Home", 0),
        ("ArrowUp", len(values) - 1),
    ):
        page.keyboard.press(key)
        expect(options.nth(at)).to_be_focused()
        expect(options.nth(at)).to_have_attribute("aria-checked", "true")
        assert page.evaluate(_ACTIVE_CELL) == cell, f"{key} moved JupyterLab's active cell"
        assert page.evaluate(_HAS_FOCUS, root), f"{key} took the focus out of the exercise"
        assert _wait_for(chosen, values[at], page) == values[at], f"{key}: not saved"
    checked = [options.nth(i).get_attribute("aria-checked") for i in range(len(values))]
    assert checked == ["false"] * (len(values) - 1) + ["true"]

    # one tab stop per group: Tab goes to the next statement, Shift+Tab comes back to
    # the chosen option (the roving tab stop), not to the first one
    page.keyboard.press("Tab")
    assert page.evaluate(_FOCUS_AT, root) == [1, 0]
    page.keyboard.press("Shift+Tab")
    expect(options.last).to_be_focused()
    page.keyboard.press("ArrowLeft")  # and the keys still work after the round trip
    assert _wait_for(chosen, values[-2], page) == values[-2]
    assert page.evaluate(_ACTIVE_CELL) == cell
    assert probe.errors() == []


def test_the_quiz_takes_one_tab_per_behaviour_and_an_arrow_is_no_answer(
    probe: LabPage, content: Content
) -> None:
    from playwright.sync_api import expect

    page = probe.page
    exercise = probe.exercise_output("quiz")
    root = exercise.element_handle()
    groups = exercise.get_by_role("radiogroup")
    expect(groups).to_have_count(len(content.quiz))
    item = content.quiz[0]
    options = groups.first.get_by_role("radio")
    expect(options).to_have_count(3)

    _tab_into(page, exercise)
    expect(options.first).to_be_focused()
    cell = page.evaluate(_ACTIVE_CELL)

    def tries() -> Any:
        return _journal(probe.server.home, "quiz").get(item.id)

    # a scored try: the arrows only move, so passing over an option does not answer it
    page.keyboard.press("ArrowRight")
    expect(options.nth(1)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(options.nth(2)).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(options.nth(1)).to_be_focused()
    assert page.evaluate(_ACTIVE_CELL) == cell, "an arrow key moved JupyterLab's active cell"
    page.wait_for_timeout(500)  # time enough for a click to reach the journal
    assert tries() is None, "moving over the options answered the quiz"
    assert [options.nth(i).get_attribute("aria-checked") for i in range(3)] == ["false"] * 3
    # Space chooses the focused option: the first try, saved
    page.keyboard.press("Space")
    expect(options.nth(1)).to_have_attribute("aria-checked", "true")
    given = options.nth(1).inner_text().strip().lower()
    assert _wait_for(tries, [given], page) == [given]
    assert page.evaluate(_ACTIVE_CELL) == cell

    # tab stops from the first group to the end of the quiz: one per behaviour
    visited = [page.evaluate(_FOCUS_AT, root)]
    while page.evaluate(_HAS_FOCUS, root) and len(visited) < 5 * len(content.quiz):
        page.keyboard.press("Tab")
        visited.append(page.evaluate(_FOCUS_AT, root))
    stops = [at for at in visited if at is not None]
    assert len(stops) == len(content.quiz), (
        f"the quiz takes {len(stops)} Tab stops for {len(content.quiz)} behaviours: {stops}"
    )
    assert stops == [[0, 1]] + [[n, 0] for n in range(1, len(content.quiz))]
    assert probe.errors() == []


def test_self_check_radio_buttons_move_with_arrows_and_choose_with_space(
    probe: LabPage, content: Content
) -> None:
    from playwright.sync_api import expect

    page = probe.page
    checks = content.notebook(CHECKS).self_checks
    exercise = probe.exercise_output("self_check")
    groups = exercise.get_by_role("radiogroup")
    expect(groups).to_have_count(len(checks))
    first = exercise.get_by_role("radiogroup", name=re.compile(re.escape(checks[0].question)))
    expect(first).to_have_count(1)
    options = first.get_by_role("radio")
    expect(options).to_have_count(len(checks[0].options))

    _tab_into(page, exercise)
    expect(options.first).to_be_focused()
    cell = page.evaluate(_ACTIVE_CELL)
    page.keyboard.press("ArrowDown")
    expect(options.nth(1)).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(options.nth(2)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(options.nth(1)).to_be_focused()
    assert page.evaluate(_ACTIVE_CELL) == cell, "an arrow key moved JupyterLab's active cell"
    for i in range(len(checks[0].options)):
        expect(options.nth(i)).not_to_be_checked()  # moving is no try
    page.keyboard.press("Enter")
    expect(options.nth(1)).to_be_checked()

    def tries() -> Any:
        return _journal(probe.server.home, "self_check").get(checks[0].id)

    deadline = time.monotonic() + 15
    while not tries() and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    saved = tries()
    assert saved is not None and len(saved) == 1, f"the try was not saved: {saved!r}"
    label = options.nth(1).evaluate("(input) => input.parentElement.textContent")
    assert checks[0].options[saved[0]].text == label.strip()
    assert page.evaluate(_ACTIVE_CELL) == cell
    assert probe.errors() == []


def test_the_keys_work_the_same_in_the_app(
    app: AppPage,  # noqa: F811  (the fixture imported above)
    content: Content,
) -> None:
    from playwright.sync_api import expect

    _write_probe(app.server.root)
    app.open(PROBE)
    assert app.problems() == [], app.report()
    page = app.page
    statements = content.statements_in(Family.LEADERSHIP)
    values = list(range(content.scale.min, content.scale.max + 1))
    exercise = page.locator(".leadlib-exercise").nth(1)  # the quiz, then the statements
    groups = exercise.get_by_role("radiogroup")
    expect(groups).to_have_count(len(statements))
    options = groups.first.get_by_role("radio")
    _tab_into(page, exercise)
    expect(options.first).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(options.nth(2)).to_be_focused()
    expect(options.nth(2)).to_have_attribute("aria-checked", "true")

    def chosen() -> Any:
        return _journal(app.server.home, "self_assessment").get(statements[0].id)

    assert _wait_for(chosen, values[2], page) == values[2]
    page.keyboard.press("Tab")
    expect(groups.nth(1).get_by_role("radio").first).to_be_focused()
    assert app.outside == [], f"requests to other hosts: {app.outside}"
