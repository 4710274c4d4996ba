"""Fixtures for the browser tests: one JupyterLab and one headless Chromium per session.

Must not import leadlib.widgets, ipywidgets or matplotlib (the kernel does that).
Without Chromium or Playwright the tests skip with the reason, unless
LEADLIB_REQUIRE_BROWSER=1 (set by .ci/run): then they fail, so CI never skips them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NoReturn

import pytest

from .lab import CHROMIUM_ARGS, LabPage, LabServer, browser_requirement

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
SCREENSHOTS = ROOT / "build" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}


def skip_or_fail(reason: str, environ: Mapping[str, str] | None = None) -> NoReturn:
    """Skip with ``reason``; fail instead under LEADLIB_REQUIRE_BROWSER=1 (CI)."""
    env = os.environ if environ is None else environ
    if env.get("LEADLIB_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (LEADLIB_REQUIRE_BROWSER=1, so this fails instead of skipping)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path, reason = browser_requirement()
    if path is None:
        skip_or_fail(reason)
    return path


@pytest.fixture(scope="session")
def lab_server(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """JupyterLab on 127.0.0.1 over a temporary copy of notebooks/ and an empty journal.

    The course's lab settings (no news, opens at 00_start_here) are applied to this
    environment first, as `make lab` does.
    """
    from leadlib import labconfig

    labconfig.install()
    # screenshots from an earlier run would mislead whoever looks at them
    shutil.rmtree(SCREENSHOTS / "failures", ignore_errors=True)
    for old in SCREENSHOTS.glob("[0-9][0-9]_*.png"):
        old.unlink()
    base = tmp_path_factory.mktemp("lab")
    root = base / "notebooks"
    shutil.copytree(
        NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    )
    home = base / "leadlib-home"
    home.mkdir()
    server = LabServer(root=root, home=home, scratch=base / "jupyter", source=ROOT)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def chromium(chromium_path: str, playwright_driver: Any) -> Iterator[Any]:
    browser = playwright_driver.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.stash[_FAILED] = report.failed
    return report


_FAILED = pytest.StashKey[bool]()


@pytest.fixture
def lab(chromium: Any, lab_server: LabServer, request: pytest.FixtureRequest) -> Iterator[LabPage]:
    """A fresh browser tab (own cookies and storage) on the test server.

    On failure a screenshot goes to build/screenshots/failures/<test>.png.
    """
    context = chromium.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    page = context.new_page()
    lab_page = LabPage(page, lab_server)
    try:
        yield lab_page
    finally:
        if request.node.stash.get(_FAILED, False):
            name = request.node.name.replace("/", "_").replace("[", "-").rstrip("]")
            try:
                page.screenshot(path=str(SCREENSHOTS / "failures" / f"{name}.png"))
            except Exception as error:  # the page may be gone; the test already failed
                print(f"no failure screenshot: {error}")
        context.close()
        lab_server.shut_down_kernels()  # two cores: leave no idle kernel behind
