"""Root pytest configuration, for every run (tests/ and notebooks/ alike).

Must not import leadlib: it only prepares the environment.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_HOME_KEY = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """Point LEADLIB_HOME at a fresh temporary folder for the whole run, before any
    kernel starts: nbval's kernels and subprocesses inherit it, so running the course in
    tests never touches the learner's real journal."""
    home = tempfile.mkdtemp(prefix="leadlib-test-home-")
    config.stash[_HOME_KEY] = home
    os.environ["LEADLIB_HOME"] = home
    os.environ.pop("LEADLIB_MODE", None)
    # A facilitator's own course data or language must not change what the tests see.
    os.environ.pop("LEADLIB_CONTENT", None)
    os.environ.pop("LEADLIB_LANG", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    home = config.stash.get(_HOME_KEY, None)
    if home:
        shutil.rmtree(home, ignore_errors=True)
