"""pip (pyproject.toml) and conda / Binder (environment.yml) install the same packages,
with the same version limits, so the environment learners get is the one we test."""

from __future__ import annotations

import re
from pathlib import Path

import yaml  # PyYAML comes with JupyterLab (jupyter-events needs it)
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from leadlib import _toml

ROOT = Path(__file__).resolve().parents[1]
#: environment.yml entries that are not packages of the course.
NOT_PACKAGES = {"python", "pip"}


def _name(raw: str) -> str:
    """PEP 503 normalised name: 'Axe_Playwright.Python' -> 'axe-playwright-python'."""
    return re.sub(r"[-_.]+", "-", raw).lower()


def _pyproject() -> dict[str, SpecifierSet]:
    project = _toml.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        lines.extend(extra)
    found: dict[str, SpecifierSet] = {}
    for line in lines:
        requirement = Requirement(line)  # a marker such as python_version < '3.11' is fine
        name = _name(requirement.name)
        assert name not in found, f"pyproject.toml names {name} twice"
        found[name] = requirement.specifier
    return found


def _environment() -> tuple[dict[str, SpecifierSet], list[str]]:
    """Packages of environment.yml (conda and pip sections), and its pip-only lines."""
    doc = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    found: dict[str, SpecifierSet] = {}
    pip_lines: list[str] = []
    for entry in doc["dependencies"]:
        if isinstance(entry, dict):
            pip_lines.extend(entry.get("pip", []))
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)\s*(.*)", str(entry).strip())
        assert match, f"environment.yml: cannot read the entry {entry!r}"
        name = _name(match.group(1))
        if name in NOT_PACKAGES:
            continue
        assert name not in found, f"environment.yml names {name} twice"
        found[name] = SpecifierSet(match.group(2).replace(" ", ""))
    for line in pip_lines:
        if line.strip() in ("-e .", "."):  # the course package itself
            continue
        requirement = Requirement(line)
        name = _name(requirement.name)
        assert name not in found, f"environment.yml names {name} twice"
        found[name] = requirement.specifier
    return found, pip_lines


def test_pyproject_and_environment_name_the_same_packages() -> None:
    pip_side = set(_pyproject())
    conda_side = set(_environment()[0])
    assert sorted(pip_side - conda_side) == [], "in pyproject.toml but not in environment.yml"
    assert sorted(conda_side - pip_side) == [], "in environment.yml but not in pyproject.toml"


def test_pyproject_and_environment_use_the_same_version_limits() -> None:
    pip_side = _pyproject()
    conda_side = _environment()[0]
    differ = {
        name: (str(pip_side[name]), str(conda_side[name]))
        for name in pip_side.keys() & conda_side.keys()
        if pip_side[name] != conda_side[name]
    }
    assert differ == {}, "pyproject.toml vs environment.yml"


def test_the_environment_installs_the_course_package_itself() -> None:
    _, pip_lines = _environment()
    assert "-e ." in [line.strip() for line in pip_lines]


def test_the_environment_asks_for_the_python_the_package_supports() -> None:
    project = _toml.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    doc = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pythons = [e for e in doc["dependencies"] if isinstance(e, str) and e.startswith("python")]
    assert [p.replace(" ", "") for p in pythons] == [
        "python" + project["requires-python"].replace(" ", "")
    ]


def test_the_name_normalisation_treats_spellings_alike() -> None:
    assert _name("Axe_Playwright.Python") == _name("axe-playwright-python")
    assert _name("PyYAML") == "pyyaml"
