"""Run and check the course notebooks: ``python -m leadlib.notebooks execute [NAMES]``
re-executes them in place from an empty journal; ``python -m leadlib.notebooks check``
reports structural problems (the same rules tests/test_notebooks.py enforces). Messages
and help are in the current language (``leadlib.i18n``); the texts the checks look for
in the stored outputs are the committed (English) notebooks' own.

nbformat and nbclient are imported inside the functions that need them; must not import
ipywidgets, matplotlib or the journal (the notebooks' kernels do that, not this process).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .content import content_dir, load_content
from .errors import LeadlibError
from .i18n import _, ngettext
from .models import Content

#: The kernel every notebook names; the tests, nbval and this runner all use it.
KERNEL_NAME = "python3"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL_NAME}
#: language_info without the interpreter's exact version, which would change the file
#: on every machine that re-executes it.
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
}
#: The widget view of an output refers to a model that only lives in a running kernel;
#: saved without widget state, JupyterLab could only say "model not found". The runner
#: keeps the exercise's static form instead (HTML and text, see
#: ``leadlib.widgets.static_form``), which every reader sees until the notebook runs.
#: nbval ignores this key when comparing, so dropping it changes nothing it checks.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: The class every exercise's static form carries in its stored HTML.
STATIC_FORM_CLASS = "leadlib-static-form"
#: Cell metadata that records a moment or a UI state rather than the course.
VOLATILE_CELL_METADATA = ("execution", "collapsed", "scrolled", "ExecuteTime")
IMPORT_LINE = "from leadlib import widgets as ex"
#: Calls every notebook makes; anything else is an exercise.
COURSE_CALLS = frozenset({"header", "self_check", "reflection", "navigation"})
#: Calls that show generated course text, not an exercise with a static form.
NOT_EXERCISES = frozenset({"header", "navigation", "course_map", "how_to_use"})
KEY_POINTS = re.compile(r"^#{2,3}\s+Key points\s*$", re.MULTILINE)
MEMORY_ADDRESS = re.compile(r"\bat 0x[0-9a-fA-F]{6,}")


class NotebookError(LeadlibError):
    """A notebook could not be found, read or executed; the message says which and why."""


def default_notebooks_dir() -> Path:
    """The course's ``notebooks`` folder, for every command that looks for it.

    ``./notebooks`` when run from a course folder (the folder the person is in wins),
    else the one beside the package in a source checkout. When neither exists, the
    ``./notebooks`` that was looked for, so a message can name it.
    """
    here = Path.cwd() / "notebooks"
    if here.is_dir():
        return here
    beside = Path(__file__).resolve().parents[1] / "notebooks"
    return beside if beside.is_dir() else here


def matching_ids(name: str, ids: Iterable[str]) -> list[str]:
    """The notebook ids that ``name`` stands for: the id itself (``02_leadership``), its
    file name or a path to it, or the number in front (``02``)."""
    stem = Path(name).name.removesuffix(".ipynb")
    return [i for i in ids if i == stem or i.split("_", 1)[0] == stem]


def resolve(names: Sequence[str], directory: Path, content: Content | None = None) -> list[Path]:
    """The notebook files for ``names`` (ids like ``02_leadership``, a number prefix like
    ``02``, or file names), in course order; all of them when ``names`` is empty."""
    content = content or load_content()
    ids = [n.id for n in content.notebooks]
    if not names:
        chosen = ids
    else:
        chosen = []
        for name in names:
            matches = matching_ids(name, ids)
            if len(matches) != 1:
                raise NotebookError(
                    _(
                        "No course notebook called {name!r}. course.toml lists: {ids}. "
                        "Give a name from that list or its number (for example 02)."
                    ).format(name=name, ids=", ".join(ids))
                )
            if matches[0] not in chosen:
                chosen.append(matches[0])
        chosen.sort(key=ids.index)
    paths = [directory / f"{i}.ipynb" for i in chosen]
    missing = [p.name for p in paths if not p.exists()]
    if missing:
        raise NotebookError(
            ngettext(
                "Missing notebook file(s) in {folder}: {files}. Each entry of {course} "
                "needs its .ipynb file.",
                "Missing notebook file(s) in {folder}: {files}. Each entry of {course} "
                "needs its .ipynb file.",
                len(missing),
            ).format(
                folder=directory, files=", ".join(missing), course=content_dir() / "course.toml"
            )
        )
    return paths


# --------------------------------------------------------------------------- execute


@contextmanager
def private_home() -> Iterator[Path]:
    """A fresh, empty LEADLIB_HOME (and no handout mode) for kernels started inside.

    The kernels also import this very leadlib (its folder goes first on PYTHONPATH), so
    a checkout's notebooks run against the checkout's library.
    """
    saved = {key: os.environ.get(key) for key in ("LEADLIB_HOME", "LEADLIB_MODE", "PYTHONPATH")}
    package_root = str(Path(__file__).resolve().parents[1])
    with tempfile.TemporaryDirectory(prefix="leadlib-course-run-") as home:
        os.environ["LEADLIB_HOME"] = home
        os.environ.pop("LEADLIB_MODE", None)
        os.environ["PYTHONPATH"] = os.pathsep.join(
            p for p in (package_root, saved["PYTHONPATH"]) if p
        )
        try:
            yield Path(home)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def _cell_id(notebook_id: str, index: int) -> str:
    return f"{notebook_id.split('_', 1)[0]}-{index:02d}"


def normalize(nb: Any, notebook_id: str) -> Any:
    """Make a notebook's stored form deterministic and the course's own.

    Code cells get ``jupyter.source_hidden``; moments and UI state leave the metadata;
    widget views keep only their text form; the kernelspec is ``python3``; cells without
    an id get a stable one. Returns the same (modified) notebook.
    """
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = json.loads(json.dumps(LANGUAGE_INFO))
    for key in ("widgets", "toc", "varInspector"):
        nb.metadata.pop(key, None)
    nb.nbformat, nb.nbformat_minor = 4, 5
    taken = {cell.get("id") for cell in nb.cells}
    seen: set[str] = set()
    for index, cell in enumerate(nb.cells):
        if not cell.get("id") or cell["id"] in seen:
            candidate, suffix = _cell_id(notebook_id, index), 0
            while candidate in taken:
                suffix += 1
                candidate = f"{_cell_id(notebook_id, index)}-{suffix}"
            cell["id"] = candidate
            taken.add(candidate)
        seen.add(cell["id"])
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type != "code":
            continue
        cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
        for output in cell.get("outputs", []):
            data = output.get("data")
            if data and WIDGET_VIEW in data and len(data) > 1:
                del data[WIDGET_VIEW]
    return nb


def _client(nb: Any, directory: Path, timeout: int) -> Any:
    from nbclient import NotebookClient

    from .kernels import kernel_manager_class

    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=KERNEL_NAME,
        kernel_manager_class=kernel_manager_class(),  # IPC: no port race at start
        resources={"metadata": {"path": str(directory)}},
        record_timing=False,
        store_widget_state=False,
    )
    # nbval does not emulate the Output widget: whatever a cell shows through one reaches
    # nbval as a plain cell output. Run the same way, so the stored outputs are exactly
    # what nbval will see (and a leak shows up in `check` as a stray output).
    client.widget_registry = {}
    return client


def execute(paths: Iterable[Path], timeout: int = 300, log: Any = None) -> list[Path]:
    """Re-execute ``paths`` in place, in order, in one fresh temporary LEADLIB_HOME.

    A notebook whose cell raises is left unchanged on disk and reported in a
    NotebookError naming the notebook and the cell.
    """
    import nbformat
    from nbclient.exceptions import CellExecutionError

    written: list[Path] = []
    with private_home():
        for path in paths:
            notebook_id = path.stem
            started = time.perf_counter()
            try:
                nb = nbformat.read(path, as_version=4)
            except (OSError, ValueError) as exc:
                raise NotebookError(
                    _("{path}: cannot be read as a notebook ({error}).").format(
                        path=path, error=exc
                    )
                ) from None
            for cell in nb.cells:
                if cell.cell_type == "code":
                    cell.outputs = []
                    cell.execution_count = None
            try:
                _client(nb, path.parent, timeout).execute()
            except CellExecutionError as exc:
                raise NotebookError(
                    _(
                        "{name}: a cell failed while re-executing, so the file was left "
                        "as it was. Fix the cell or the library, then run again."
                    ).format(name=path.name)
                    + f"\n{exc}"
                ) from None
            normalize(nb, notebook_id)
            text = nbformat.writes(nb) + "\n"
            if path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
            written.append(path)
            if log is not None:
                print(
                    _("executed {name} in {seconds} s").format(
                        name=path.name, seconds=f"{time.perf_counter() - started:.1f}"
                    ),
                    file=log,
                )
    return written


# --------------------------------------------------------------------------- check


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


# --------------------------------------------------------------------------- command


def build_parser() -> argparse.ArgumentParser:
    from .cli import translated_parser

    parser = translated_parser(
        prog="python -m leadlib.notebooks",
        description=_("Re-execute or check the course notebooks."),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = translated_parser(
        sub.add_parser,
        name="execute",
        help=_("re-run notebooks in place from an empty journal"),
        description=_(
            "Re-run the course notebooks in place, in course order, in one fresh "
            "temporary LEADLIB_HOME, and store their outputs."
        ),
    )
    run.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help=_("a notebook id like 02_leadership, or its number (02); all when none given"),
    )
    run.add_argument(
        "--timeout", type=int, default=300, help=_("seconds allowed per cell (default 300)")
    )
    check = translated_parser(
        sub.add_parser,
        name="check",
        help=_("report structural problems (exit status 1 if any)"),
        description=_("Report structural problems of the course notebooks."),
    )
    for command in (run, check):
        command.add_argument(
            "--dir",
            type=Path,
            default=None,
            help=_("the notebooks folder (default: ./notebooks, else the checkout's notebooks/)"),
        )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if not args.command:
        parser.print_usage(sys.stderr)
        print(_("choose a command: execute or check"), file=sys.stderr)
        return 2
    directory = args.dir or default_notebooks_dir()
    try:
        if args.command == "check":
            problems = check_course(directory)
            for problem in problems:
                print(problem)
            print(
                ngettext(
                    "{count} problem(s) in {folder}",
                    "{count} problem(s) in {folder}",
                    len(problems),
                ).format(count=len(problems), folder=directory)
            )
            return 1 if problems else 0
        execute(resolve(args.names, directory), timeout=args.timeout, log=sys.stdout)
    except NotebookError as exc:
        print(f"leadlib.notebooks: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
