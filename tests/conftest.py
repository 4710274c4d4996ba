"""Shared fixtures. Every test runs with a temporary LEADLIB_HOME, so no test ever
touches a learner's real journal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
    # A workshop hub sets this for everyone; a test that wants it sets it itself.
    monkeypatch.delenv("LEADLIB_SHARED_EXPORTS", raising=False)
    return home


@pytest.fixture
def leadlib_home(_private_home: Path) -> Path:
    """The temporary LEADLIB_HOME of this test."""
    return _private_home


@pytest.fixture(scope="session")
def content() -> Content:
    return leadlib.load_content()


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Any]:
    """Playwright's sync API, started once per test process and shared by every fixture
    that launches Chromium (the JupyterLab tests, the handout pages).

    Only one sync_playwright() may run in a process at a time: a second one, started
    while a session-scoped browser of the first is still open, fails with "It looks like
    you are using Playwright Sync API inside the asyncio loop". That happened whenever
    the browser tests and the handout tests ran in the same process (plain `pytest`, or
    xdist putting both modules on one worker on a busy machine).
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright
