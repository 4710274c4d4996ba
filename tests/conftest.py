"""Shared fixtures. Every test runs with a temporary LEADLIB_HOME, so no test ever
touches a learner's real journal."""

from __future__ import annotations

from pathlib import Path

import pytest

import leadlib
from leadlib.models import Content

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _private_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("leadlib-home")
    monkeypatch.setenv("LEADLIB_HOME", str(home))
    return home


@pytest.fixture
def leadlib_home(_private_home: Path) -> Path:
    """The temporary LEADLIB_HOME of this test."""
    return _private_home


@pytest.fixture(scope="session")
def content() -> Content:
    return leadlib.load_content()
