"""The generated course text (header, navigation, course map) and handout mode: what a
learner reads at the top and bottom of each notebook, and what a handout reader gets."""

from __future__ import annotations

import json
import subprocess
import sys
from html import escape

import pytest

from leadlib import widgets as ex
from leadlib.errors import LeadlibError
from leadlib.models import Content


def test_header_gives_the_minutes_and_every_objective(content: Content) -> None:
    info = content.notebook("04_delegation")
    text = ex.header("04_delegation")
    assert repr(text).startswith(f"**About {info.minutes} minutes.**")
    for objective in info.objectives:
        assert f"- {objective}" in text.markdown
        assert escape(objective) in text._repr_html_()


def test_navigation_links_previous_course_map_and_next() -> None:
    nav = ex.navigation("02_leadership").markdown
    assert nav == (
        "Previous: [Two roles, often confused](01_two_roles.ipynb) | "
        "[Course map](00_start_here.ipynb) | "
        "Next: [Management: order and execution](03_management.ipynb)"
    )


def test_first_and_last_notebooks_have_no_dead_links(content: Content) -> None:
    first = ex.navigation(content.notebooks[0].id).markdown
    last = ex.navigation(content.notebooks[-1].id).markdown
    assert "Previous" not in first and "Next:" in first
    assert "Next" not in last and "Previous:" in last


def test_navigation_in_handout_mode_links_to_the_html_pages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LEADLIB_MODE", "handout")
    nav = ex.navigation("02_leadership")
    assert "(03_management.html)" in nav.markdown
    assert 'href="01_two_roles.html"' in nav._repr_html_()
    assert ".ipynb" not in nav.markdown


def test_course_map_lists_every_notebook_and_the_checked_total(content: Content) -> None:
    course = ex.course_map()
    for info in content.notebooks:
        assert f"[{info.title}]({info.id}.ipynb) | {info.minutes} |" in course.markdown
    total = sum(n.minutes for n in content.notebooks)
    assert f"| | **Total** | **{total}** | |" in course.markdown
    assert f"<strong>{total}</strong>" in course._repr_html_()


def test_a_misspelt_notebook_name_says_which_names_exist() -> None:
    with pytest.raises(LeadlibError) as caught:
        ex.header("02_leadershp")
    assert "Unknown notebook '02_leadershp'" in str(caught.value)
    assert "02_leadership" in str(caught.value)


def test_unknown_self_assessment_part_is_refused_in_plain_words() -> None:
    with pytest.raises(ValueError, match="use 'leadership', 'management', or None"):
        ex.self_assessment("leadershipp")


def test_handout_mode_never_imports_ipywidgets_and_gives_worksheets(tmp_path: object) -> None:
    script = (
        "import json, sys\n"
        "from leadlib import widgets as ex\n"
        "calls = [ex.quiz(), ex.self_assessment('leadership'), ex.profile(), ex.delegation(),\n"
        "         ex.delegation_board(), ex.balance(), ex.vision(), ex.plan(),\n"
        "         ex.export_answers(), ex.self_check('01_two_roles'),\n"
        "         ex.reflection('01_two_roles')]\n"
        "print(json.dumps({'ipywidgets': 'ipywidgets' in sys.modules,\n"
        "  'reprs': [repr(c) for c in calls],\n"
        "  'scripts': sum('<script' in c._repr_html_() for c in calls)}))\n"
    )
    env = {"LEADLIB_MODE": "handout", "LEADLIB_HOME": str(tmp_path), "PATH": "/usr/bin"}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    result = json.loads(out.stdout)
    assert result["ipywidgets"] is False
    assert result["scripts"] == 0
    assert (
        result["reprs"][0]
        == "Worksheet: classify-the-behaviour quiz (printable form of the exercise)"
    )
    assert len(set(result["reprs"])) == 11


def test_importing_the_package_loads_no_widget_library() -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, leadlib.widgets; print('ipywidgets' in sys.modules,"
            " 'matplotlib' in sys.modules, 'sqlite3' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == ["False", "False", "False"]


def test_ex_quiz_stays_a_function_after_its_module_is_imported() -> None:
    import leadlib.widgets.quiz_exercise  # noqa: F401
    import leadlib.widgets.team_debrief_view  # noqa: F401

    assert callable(ex.quiz)
    assert callable(ex.team_debrief)
