"""The core stays light: ``import leadlib`` (and the command's module) load no heavy
library, and the pure core modules never import the journal, plots or widgets."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("matplotlib", "ipywidgets", "nbconvert", "sqlite3", "numpy", "IPython")
CORE = (
    "leadlib",
    "leadlib.content",
    "leadlib.content_checks",
    "leadlib._content_entries",
    "leadlib.models",
    "leadlib.scoring",
    "leadlib.balance",
    "leadlib.delegation",
    "leadlib.quiz",
    "leadlib.plan",
    "leadlib.vision",
    "leadlib.profile",
    "leadlib.export",
    "leadlib.exportfile",
    "leadlib.sharedexports",
    "leadlib.labconfig",
    "leadlib.palette",
    "leadlib.errors",
    "leadlib.time_audit",
    "leadlib.calendar_file",
    "leadlib.progress",
    "leadlib.checkins",
    "leadlib.results",
    "leadlib.results_page",
)
#: What the pure core must never import, even lazily (DESIGN.md: one direction).
FORBIDDEN_IN_CORE = (
    "matplotlib",
    "ipywidgets",
    "nbconvert",
    "sqlite3",
    "IPython",
    "leadlib.journal",
    "leadlib.plots",
    "leadlib.widgets",
    "leadlib.team",
    "leadlib.handouts",
)


def _heavy_after(statement: str) -> list[str]:
    """Run ``statement`` in a fresh interpreter; return the heavy modules it loaded."""
    code = (
        "import json, sys\n"
        f"{statement}\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


@pytest.mark.parametrize("module", CORE)
def test_importing_the_core_loads_no_heavy_library(module: str) -> None:
    assert _heavy_after(f"import {module}") == [], f"'import {module}' loaded a heavy library"


def test_importing_the_command_line_module_loads_no_heavy_library() -> None:
    # Building the whole parser too: the subcommands' modules load only when one runs.
    assert _heavy_after("import leadlib.cli\nleadlib.cli.build_parser()") == []


def test_using_the_core_loads_no_heavy_library() -> None:
    statement = (
        "import leadlib\n"
        "from leadlib import balance, delegation, export, quiz\n"
        "c = leadlib.load_content()\n"
        "p = leadlib.score(c, {s.id: 4 for s in c.statements})\n"
        "balance.compare_profile(c, c.situations[0], p)\n"
        "delegation.assess(c, delegation.TaskContext.of(c.scenarios[0]), 3)"
    )
    assert _heavy_after(statement) == []


def test_the_rules_taken_out_of_the_widgets_run_without_any_heavy_library() -> None:
    """The plan, the vision feedback, the profile's words and the delegation board are
    core: using them loads neither ipywidgets nor matplotlib nor nbconvert."""
    statement = (
        "import leadlib\n"
        "from leadlib import delegation, plan, profile, vision\n"
        "c = leadlib.load_content()\n"
        "p = leadlib.score(c, {s.id: 4 for s in c.statements})\n"
        "focus = plan.suggest_focus(c, p)\n"
        "plan.plan_markdown(c, {'focus': focus}); plan.plan_html(c, {'focus': focus})\n"
        "vision.rating_summary(c, {'whom': 'partly'})\n"
        "profile.summary_lines(c, p, len(c.statements))\n"
        "delegation.board_summary(c, delegation.board(c, {c.scenarios[0].id: 3}))\n"
        "c.scenarios[0].recommended_band"
    )
    assert _heavy_after(statement) == []


def _imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from .journal import x -> leadlib.journal
                base = "leadlib" + ("." + node.module if node.module else "")
                names.add(base)
                names.update(f"{base}.{alias.name}" for alias in node.names)
            elif node.module:
                names.add(node.module)
    return names


@pytest.mark.parametrize("module", CORE)
def test_the_core_never_imports_the_layers_above_it(module: str) -> None:
    path = ROOT / (module.replace(".", "/") + ".py")
    if module == "leadlib":
        path = ROOT / "leadlib" / "__init__.py"
    names = _imported_names(path)
    bad = sorted(
        name
        for name in names
        for forbidden in FORBIDDEN_IN_CORE
        if name == forbidden or name.startswith(forbidden + ".")
    )
    assert bad == [], f"{path.relative_to(ROOT)} imports {', '.join(bad)}"


@pytest.mark.parametrize("module", [m for m in CORE if m != "leadlib"])
def test_each_core_module_says_what_it_must_not_import(module: str) -> None:
    path = ROOT / (module.replace(".", "/") + ".py")
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    assert "must not import" in docstring.lower(), f"{module}: docstring should say so"


def test_the_command_help_loads_no_heavy_library() -> None:
    """`leadlib --help` builds every subcommand's parser, importing leadlib.handouts and
    leadlib.team: those must keep nbconvert, matplotlib and the rest inside functions."""
    statement = (
        "import contextlib, io\n"
        "from leadlib import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        cli.main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass"
    )
    assert _heavy_after(statement) == []
