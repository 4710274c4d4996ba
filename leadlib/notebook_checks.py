"""Check the course notebooks' structure (``python -m leadlib.notebooks check``, and
tests/test_notebooks.py): each notebook's cells and stored outputs, and the course as a
whole (every notebook listed, every trait named, 00's course map). The texts the checks
look for in the stored outputs are the committed (English) notebooks' own.

nbformat is imported inside the functions that need it; must not import ipywidgets,
matplotlib or the journal.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .content import content_dir, load_content
from .i18n import _, ngettext
from .models import Content
from .notebook_files import NotebookError, resolve
from .notebook_run import KERNEL_NAME

#: The class every exercise's static form carries in its stored HTML.
STATIC_FORM_CLASS = "leadlib-static-form"
IMPORT_LINE = "from leadlib import widgets as ex"
#: Calls every notebook makes; anything else is an exercise.
COURSE_CALLS = frozenset({"header", "self_check", "reflection", "navigation"})
#: Calls that show generated course text, not an exercise with a static form.
NOT_EXERCISES = frozenset({"header", "navigation", "course_map", "how_to_use"})
KEY_POINTS = re.compile(r"^#{2,3}\s+Key points\s*$", re.MULTILINE)
MEMORY_ADDRESS = re.compile(r"\bat 0x[0-9a-fA-F]{6,}")


def _read(path: Path) -> Any:
    import nbformat

    return nbformat.read(path, as_version=4)


def output_text(output: Any) -> str:
    """Everything a reader would see of an output, as one text (for searching)."""
    if output.get("output_type") == "stream":
        return str(output.get("text", ""))
    data = output.get("data", {})
    return "\n".join(str(v) for k, v in data.items() if k.startswith("text/"))


def _calls(cell: Any) -> list[str]:
    """The ``ex.<name>(...)`` calls of a code cell, as 'name(args)' strings."""
    found = []
    for node in ast.walk(ast.parse(cell.source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "ex"
        ):
            args = ", ".join(ast.unparse(a) for a in node.args)
            found.append(f"{node.func.attr}({args})")
    return found


def _check_code_cell(where: str, cell: Any, first: bool) -> list[str]:
    problems = []
    source = cell.source.strip()
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        return [_("{where}: the code does not parse ({error})").format(where=where, error=exc.msg)]
    if source.endswith(";"):
        problems.append(
            _("{where}: ends with ';' - nbval still compares the output, so leave it off").format(
                where=where
            )
        )
    body = list(tree.body)
    if first:
        if not body or ast.unparse(body[0]) != IMPORT_LINE:
            problems.append(
                _("{where}: the first code cell must start with '{line}'").format(
                    where=where, line=IMPORT_LINE
                )
            )
        body = body[1:]
    if len(body) != 1:
        problems.append(
            ngettext(
                "{where}: a code cell holds exactly one call (one exercise), found {count} "
                "statements",
                "{where}: a code cell holds exactly one call (one exercise), found {count} "
                "statements",
                len(body),
            ).format(where=where, count=len(body))
        )
    elif not (
        isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Call)
        and _calls(cell)
        and isinstance(body[0].value.func, ast.Attribute)
    ):
        problems.append(
            _(
                "{where}: the last line must be a single ex.<exercise>(...) call, so that it "
                "displays"
            ).format(where=where)
        )
    if not cell.metadata.get("jupyter", {}).get("source_hidden"):
        problems.append(
            _(
                "{where}: code is not collapsed (metadata jupyter.source_hidden); "
                "run `make notebooks` to set it"
            ).format(where=where)
        )
    return problems


def _check_outputs(where: str, cell: Any) -> list[str]:
    problems = []
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "error":
            problems.append(
                _("{where}: stored output is an error ({error})").format(
                    where=where, error=f"{output.get('ename')}: {output.get('evalue')}"
                )
            )
        elif kind == "stream":
            text = str(output.get("text", "")).strip().splitlines()
            problems.append(
                _(
                    "{where}: prints to {stream} ({text!r}); the course shows display objects "
                    "only (text printed inside an Output widget reaches nbval as cell output)"
                ).format(where=where, stream=output.get("name"), text=text[0] if text else "")
            )
        if MEMORY_ADDRESS.search(output_text(output)):
            problems.append(
                _(
                    "{where}: output shows a memory address ('at 0x...'), which changes "
                    "on every run; give the object a short repr"
                ).format(where=where)
            )
    return problems


def _check_static_form(where: str, cell: Any) -> list[str]:
    """An exercise's stored output must be its static form, readable without a kernel."""
    exercises = [c for c in _calls(cell) if c.split("(")[0] not in NOT_EXERCISES]
    if not exercises or not cell.get("outputs"):
        return []
    html = "\n".join(
        "".join(v) if isinstance(v, list) else str(v)
        for o in cell.outputs
        for k, v in o.get("data", {}).items()
        if k == "text/html"
    )
    if STATIC_FORM_CLASS in html:
        return []
    return [
        f"{where}: ex.{exercises[0]} is stored without its static form (statements, "
        "scenarios, charts as HTML), so a reader without a kernel sees nothing of it; "
        "run `make notebooks`"
    ]


def check_notebook(path: Path, content: Content | None = None) -> list[str]:
    """Structural problems of one course notebook, each naming the file and cell."""
    content = content or load_content()
    notebook_id = path.stem
    name = path.name
    ids = [n.id for n in content.notebooks]
    if notebook_id not in ids:
        course = content_dir() / "course.toml"
        return [
            _("{name}: not in {course}; add it there or remove the file").format(
                name=name, course=course
            )
        ]
    info = content.notebook(notebook_id)
    nb = _read(path)
    problems: list[str] = []
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    if kernel != KERNEL_NAME:
        problems.append(
            _("{name}: kernelspec is {found!r}, expected '{expected}'").format(
                name=name, found=kernel, expected=KERNEL_NAME
            )
        )
    cells = nb.cells
    if not cells or cells[0].cell_type != "markdown":
        problems.append(
            _("{name}: the first cell must be Markdown with the title").format(name=name)
        )
    elif cells[0].source.strip().splitlines()[0:1] != [f"# {info.title}"]:
        problems.append(
            _("{name}: the first line must be '# {title}' (the title in course.toml)").format(
                name=name, title=info.title
            )
        )
    code = [(i, c) for i, c in enumerate(cells) if c.cell_type == "code"]
    counts = [c.execution_count for _, c in code]
    if counts != list(range(1, len(code) + 1)):
        problems.append(
            _(
                "{name}: execution counts are {counts}, expected 1 to {last} in order; "
                "run `make notebooks`"
            ).format(name=name, counts=counts, last=len(code))
        )
    calls: list[str] = []
    for position, (index, cell) in enumerate(code):
        where = _("{name}, cell {number}").format(name=name, number=index + 1)
        problems += _check_code_cell(where, cell, first=position == 0)
        problems += _check_outputs(where, cell)
        problems += _check_static_form(where, cell)
        calls += _calls(cell)
    quoted = ast.unparse(ast.Constant(notebook_id))
    for required in sorted(COURSE_CALLS):
        if f"{required}({quoted})" not in calls:
            problems.append(
                _("{name}: no {call} call").format(name=name, call=f"ex.{required}({quoted})")
            )
    if code and _calls(code[0][1])[:1] != [f"header({quoted})"]:
        problems.append(
            _("{name}: the first code cell must call {call}").format(
                name=name, call=f"ex.header({quoted})"
            )
        )
    last = cells[-1] if cells else None
    if last is None or last.cell_type != "code" or _calls(last)[:1] != [f"navigation({quoted})"]:
        problems.append(
            _("{name}: the last cell must be {call}").format(
                name=name, call=f"ex.navigation({quoted})"
            )
        )
    exercises = [c for c in calls if c.split("(")[0] not in COURSE_CALLS]
    if not exercises:
        problems.append(
            _("{name}: no exercise besides the self-check and the reflection").format(name=name)
        )
    if not any(c.cell_type == "markdown" and KEY_POINTS.search(c.source) for c in cells):
        problems.append(_("{name}: no '## Key points' Markdown cell").format(name=name))
    header_text = "\n".join(output_text(o) for o in code[0][1].get("outputs", [])) if code else ""
    for objective in info.objectives:
        if objective not in header_text:
            problems.append(
                _(
                    "{name}: the header output does not show the objective {objective!r}; "
                    "run `make notebooks`"
                ).format(name=name, objective=objective)
            )
    # The stored outputs are the English course's: what they must say is English.
    expected = f"About {info.minutes} minutes"
    if expected not in header_text:
        problems.append(
            _("{name}: the header output does not show '{text}'; run `make notebooks`").format(
                name=name, text=expected
            )
        )
    return problems


def markdown_text(paths: Iterable[Path]) -> str:
    """All Markdown prose of the given notebooks, joined."""
    return "\n".join(
        c.source for path in paths for c in _read(path).cells if c.cell_type == "markdown"
    )


def check_course(directory: Path, content: Content | None = None) -> list[str]:
    """Problems with the course as a whole: every notebook, every trait named, the
    minutes stated in 00's course map, and no stray notebook."""
    content = content or load_content()
    problems: list[str] = []
    try:
        paths = resolve([], directory, content)
    except NotebookError as exc:
        return [str(exc)]
    known = {p.name for p in paths}
    for extra in sorted(p.name for p in directory.glob("*.ipynb") if p.name not in known):
        problems.append(_("{name}: a notebook that course.toml does not list").format(name=extra))
    for path in paths:
        problems += check_notebook(path, content)
    prose = markdown_text(paths).lower()
    for trait in content.traits:
        if trait.name.lower() not in prose:
            problems.append(
                _("course: the trait '{trait}' is not named in any notebook").format(
                    trait=trait.name
                )
            )
    problems += _check_course_map(paths[0], content)
    return problems


def course_map_text(path: Path) -> str:
    """The stored output of the ex.course_map() cell of ``path`` ('' if none)."""
    for cell in _read(path).cells:
        if cell.cell_type == "code" and "course_map()" in _calls(cell):
            return "\n".join(output_text(o) for o in cell.get("outputs", []))
    return ""


def _check_course_map(start: Path, content: Content) -> list[str]:
    text = course_map_text(start)
    if not text:
        return [_("{name}: no ex.course_map() cell with stored output").format(name=start.name)]
    problems = []
    total = content.total_minutes
    if f"about {total} minutes" not in text:
        problems.append(
            _(
                "{name}: the course map output does not state the total of {total} "
                "minutes from course.toml; run `make notebooks`"
            ).format(name=start.name, total=total)
        )
    for info in content.notebooks:
        if info.title not in text:
            problems.append(
                _("{name}: the course map output does not list '{title}'").format(
                    name=start.name, title=info.title
                )
            )
    return problems
