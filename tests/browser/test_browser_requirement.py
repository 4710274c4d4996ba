"""Without a browser the browser tests skip and say how to get one; in CI they fail.

Must not start a server or a browser: these checks run everywhere, in a moment.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from .conftest import skip_or_fail
from .lab import browser_requirement, chromium_executable


def test_without_chromium_the_browser_tests_skip_and_say_how_to_install_it() -> None:
    env = {"LEADLIB_CHROMIUM": "/nowhere/chromium", "PATH": ""}
    path, reason = browser_requirement(env)
    assert path is None
    assert "LEADLIB_CHROMIUM=/nowhere/chromium is not an executable file" in reason
    assert "`sudo apt-get install chromium`" in reason
    with pytest.raises(pytest.skip.Exception) as skipped:
        skip_or_fail(reason, env)
    assert str(skipped.value) == reason


def test_in_ci_a_missing_browser_fails_instead_of_skipping() -> None:
    env = {"LEADLIB_CHROMIUM": "/nowhere/chromium", "LEADLIB_REQUIRE_BROWSER": "1"}
    _, reason = browser_requirement(env)
    with pytest.raises(pytest.fail.Exception) as failed:
        skip_or_fail(reason, env)
    assert str(failed.value) == (
        f"{reason} (LEADLIB_REQUIRE_BROWSER=1, so this fails instead of skipping)"
    )


def test_the_chromium_on_path_is_the_one_used(tmp_path: Path) -> None:
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    assert chromium_executable({"PATH": str(tmp_path)}) == str(fake)
    assert chromium_executable({"PATH": "", "LEADLIB_CHROMIUM": str(fake)}) == str(fake)
