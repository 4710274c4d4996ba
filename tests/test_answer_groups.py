"""Every group of answer buttons in the course's exercises is marked for the keyboard
script (leadlib/static/answer-groups.js): the class that makes it one radio group, and
the question that names it shown just before it in the same box. The keys themselves are
tested in the browser (tests/browser/test_answer_groups_keys.py)."""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest

from leadlib import app, labconfig
from leadlib import widgets as ex
from leadlib.models import Content
from leadlib.widgets._controls import ANSWER_GROUP, ANSWER_QUESTION, ANSWER_TRIES

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
#: ``ex.*`` calls that show text, not an exercise.
NOT_EXERCISES = {"header", "navigation", "course_map", "how_to_use"}
ANSWER_WIDGETS = (w.ToggleButtons, w.RadioButtons, w.Dropdown, w.Select, w.SelectionSlider)


def exercise_calls() -> list[str]:
    """Each distinct ``ex.name(literal arguments)`` call in the course notebooks."""
    calls: dict[str, None] = {}
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        for cell in json.loads(path.read_text("utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            for call, name in re.findall(r"(ex\.(\w+)\([^()]*\))", source):
                if name not in NOT_EXERCISES:
                    calls[call] = None
    return list(calls)


def walk(widget: Any, parent: Any = None) -> list[tuple[Any, Any]]:
    """(widget, the box holding it) for ``widget`` and everything inside it."""
    found = [(widget, parent)]
    for child in getattr(widget, "children", ()):
        found += walk(child, widget)
    return found


def question_before(group: Any, box: Any) -> Any:
    """The question shown before ``group`` in ``box``, as the script finds it."""
    children = list(box.children) if box is not None else []
    for child in reversed(children[: children.index(group)]):
        if ANSWER_QUESTION in child._dom_classes:
            return child
    return None


CALLS = exercise_calls()


def test_the_course_calls_the_exercises_with_answer_buttons() -> None:
    names = {re.match(r"ex\.(\w+)", call).group(1) for call in CALLS}  # type: ignore[union-attr]
    assert {"quiz", "self_assessment", "self_check", "delegation", "vision"} <= names


@pytest.mark.parametrize("call", CALLS)
def test_every_answer_group_is_marked_for_the_keyboard(call: str, content: Content) -> None:
    exercise = eval(call, {"ex": ex})  # a literal call from a course notebook
    for widget, _box in walk(exercise):
        if isinstance(widget, (w.ToggleButtons, w.RadioButtons)):
            assert ANSWER_GROUP in widget._dom_classes, (
                f"{call}: the answer group {widget.description!r} lacks the class "
                f"{ANSWER_GROUP!r}; pass it through answer_group() in _controls.py"
            )
        elif isinstance(widget, ANSWER_WIDGETS):
            # a single drop-down is one tab stop already; it is not a group of buttons
            assert ANSWER_GROUP not in widget._dom_classes


def test_each_group_is_named_by_its_question(content: Content) -> None:
    """The quiz, the self-assessment, the self-check and the vision ratings: the text
    of the question before the group; the delegation exercise: the group's own label,
    which is its question."""
    named = {
        "quiz": (ex.quiz(), [item.text for item in content.quiz]),
        "self-assessment": (
            ex.self_assessment(),
            [s.text for s in content.statements_in(None)],
        ),
        "self-check": (
            ex.self_check("01_two_roles"),
            [c.question for c in content.notebook("01_two_roles").self_checks],
        ),
        "vision": (ex.vision(), [c.question for c in content.vision.criteria]),
    }
    for what, (exercise, questions) in named.items():
        groups = [
            (widget, box)
            for widget, box in walk(exercise)
            if isinstance(widget, (w.ToggleButtons, w.RadioButtons))
        ]
        assert len(groups) == len(questions), what
        for (group, box), question in zip(groups, questions, strict=True):
            shown = question_before(group, box)
            assert shown is not None, f"{what}: no question before {group.description!r}"
            assert escape(question) in shown.value, f"{what}: {question!r} not shown before"
            assert group.description, f"{what}: the group has no label of its own"
    delegation = ex.delegation()
    for group in [*delegation.rating_buttons.values(), delegation.levels]:
        assert ANSWER_GROUP in group._dom_classes
        assert group.description.strip(": "), "named by its own label"


def test_the_script_and_the_python_side_use_the_same_classes() -> None:
    script = labconfig.ANSWER_GROUPS_JS.read_text("utf-8")
    assert f"var GROUP = '{ANSWER_GROUP}';" in script
    assert f"var QUESTION = '{ANSWER_QUESTION}';" in script
    assert f"var TRIES = '{ANSWER_TRIES}';" in script


def test_arrows_only_move_where_each_choice_is_a_scored_try(content: Content) -> None:
    """In the quiz and the self-checks a choice is a try (the first one scored): an
    arrow key passing over an option must not answer with it. Elsewhere a choice can be
    changed freely, and the arrows choose as in any radio group."""
    tries = [*ex.quiz().choices.values(), *ex.self_check("01_two_roles").options.values()]
    free = [
        *ex.self_assessment().scales.values(),
        *ex.vision().ratings.values(),
        *ex.delegation().rating_buttons.values(),
        ex.delegation().levels,
    ]
    assert tries and all(ANSWER_TRIES in group._dom_classes for group in tries)
    assert free and not any(ANSWER_TRIES in group._dom_classes for group in free)


def test_the_app_page_loads_the_script_the_app_serves() -> None:
    template = app.TEMPLATE_ROOT / "voila" / "templates" / app.TEMPLATE / "index.html.j2"
    text = template.read_text("utf-8")
    assert f'src="{{{{ resources.base_url }}}}{app.SCRIPT_PATH}"' in text
