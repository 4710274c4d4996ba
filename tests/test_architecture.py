"""The library's shape, checked: modules of a readable size, no import cycle between
leadlib's modules, and the layers pointing one way (the core never imports widgets,
plots, the journal, nbconvert or the team report).

Reads the source with ``ast``; imports nothing from leadlib.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "leadlib"

#: Lines a module may have before it needs a stated reason below.
MAX_LINES = 500
#: Modules allowed to be longer, and why. Keep this short; split instead where you can.
LONGER_ON_PURPOSE: dict[str, str] = {}
#: The core: pure rules and data, usable without Jupyter.
CORE = (
    "content",
    "content_checks",
    "_content_entries",
    "models",
    "scoring",
    "balance",
    "delegation",
    "_delegation_words",
    "judging",
    "quiz",
    "export",
    "export_v3",
    "exportfile",
    "sharedexports",
    "plan",
    "vision",
    "my_board",
    "profile",
    "raters",
    "rater_callouts",
    "rater_pack",
    "errors",
    "i18n",
    "time_audit",
    "calendar_file",
    "progress",
    "checkins",
    "results",
    "results_page",
)
#: What the core must never import (directly), by leadlib subpackage or outside module.
NOT_IN_CORE = (
    "leadlib.widgets",
    "leadlib.plots",
    "leadlib.journal",
    "leadlib.team",
    "leadlib.handouts",
    "ipywidgets",
    "matplotlib",
    "nbconvert",
    "sqlite3",
)


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _top_level_imports(name: str, path: Path) -> set[str]:
    """leadlib modules imported at module level (not inside functions, not only for
    type checking): the imports that run when the module loads."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, (ast.If, ast.Try)):
                visit(node.body)
                visit(getattr(node, "orelse", []))
                for handler in getattr(node, "handlers", []):
                    visit(handler.body)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - node.level + 1]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                found.add(module)
                found.update(f"{module}.{alias.name}" for alias in node.names)

    visit(tree.body)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {
        name: {m for m in _top_level_imports(name, path) if m in modules and m != name}
        for name, path in modules.items()
    }


def test_every_module_is_short_enough_to_find_your_way_in() -> None:
    too_long = []
    for path in _modules().values():
        relative = path.relative_to(PACKAGE).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        limit = MAX_LINES if relative not in LONGER_ON_PURPOSE else MAX_LINES * 1.3
        if lines > limit:
            too_long.append(f"{relative}: {lines} lines")
    assert not too_long, (
        f"modules over {MAX_LINES} lines: {too_long}; split them, or add a reason to "
        "LONGER_ON_PURPOSE"
    )


def test_longer_modules_listed_still_exist() -> None:
    for relative in LONGER_ON_PURPOSE:
        assert (PACKAGE / relative).exists(), f"{relative} is gone: drop it from the list"


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            # A package importing its own submodules is how packages are built.
            if target.startswith(node + "."):
                continue
            if state.get(target) == 1:
                return stack[stack.index(target) :] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_no_import_cycle_between_modules() -> None:
    cycle = _cycle(_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_check_can_fail() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("core", CORE)
def test_the_core_imports_no_view_layer(core: str) -> None:
    modules = _modules()
    name = f"leadlib.{core}"
    assert name in modules, f"{name} is listed as core but does not exist"
    imported = _top_level_imports(name, modules[name])
    bad = sorted(
        m for m in imported for banned in NOT_IN_CORE if m == banned or m.startswith(banned + ".")
    )
    assert not bad, f"{name} imports {bad}: the core must stay pure"
