"""The shape of ``leadlib.team``: no import cycle between its modules (typing-only
imports included), and modules and functions short enough to read."""

from __future__ import annotations

import ast
from pathlib import Path

TEAM = Path(__file__).resolve().parents[1] / "leadlib" / "team"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
#: The modules held to the function-length rule (the summarising and reading code).
SHORT_FUNCTIONS = ("aggregate.py", "reading.py", "summary.py")


def _team_imports(path: Path) -> set[str]:
    """The sibling modules of leadlib.team that ``path`` imports, anywhere in the file."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            parts = node.module.split(".")
            if parts[:2] == ["leadlib", "team"] and len(parts) > 2:
                found.add(parts[2])
    return found


def test_the_team_modules_import_each_other_without_a_cycle() -> None:
    graph = {p.stem: _team_imports(p) for p in TEAM.glob("*.py") if p.stem != "__init__"}
    state: dict[str, str] = {}

    def visit(module: str, trail: list[str]) -> None:
        if state.get(module) == "done":
            return
        assert state.get(module) != "open", "import cycle: " + " -> ".join([*trail, module])
        state[module] = "open"
        for other in sorted(graph.get(module, ())):
            if other in graph:
                visit(other, [*trail, module])
        state[module] = "done"

    for module in sorted(graph):
        visit(module, [])
    assert "aggregate" not in graph["questions"]
    assert "questions" in graph["aggregate"]  # the direction that stays


def test_team_modules_and_functions_stay_short() -> None:
    for path in TEAM.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) < MAX_MODULE_LINES, path.name
        if path.name not in SHORT_FUNCTIONS:
            continue
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                assert length <= MAX_FUNCTION_LINES, f"{path.name}: {node.name} is {length} lines"
