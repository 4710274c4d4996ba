"""The course as an app (`make app`: leadlib.app, Voilà) in headless Chromium, with every
request to another host blocked and recorded; and the working copy `make lab` serves.

Must not import leadlib.widgets or ipywidgets: only the kernels in the server do.
Uses the session's Chromium (tests/browser/conftest.py); the Voilà server is this
module's own fixture. Screenshots of every notebook go to build/screenshots/app/.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from leadlib import Content, workcopy
from leadlib.delegation import TaskContext, assess

from .conftest import NOTEBOOKS, ROOT, SCREENSHOTS, VIEWPORT, skip_or_fail
from .lab import NOT_WIDGETS, LabPage, LabServer, log_tail
from .test_judge_first import rate_factors

pytestmark = [pytest.mark.browser, pytest.mark.slow]

COURSE = sorted(path.name for path in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
APP_SHOTS = SCREENSHOTS / "app"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
PROBE = "zz_how_to_use_probe.ipynb"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class AppServer:
    """`python -m leadlib.app` (what `make app` runs) on 127.0.0.1, with private folders."""

    root: Path
    home: Path
    scratch: Path
    preheat: bool = False
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None
    extra_env: dict[str, str] = field(default_factory=dict)

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("LEADLIB_MODE", None)
        env["LEADLIB_HOME"] = str(self.home)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        for var, sub in (
            ("JUPYTER_CONFIG_DIR", "config"),
            ("JUPYTER_DATA_DIR", "data"),
            ("JUPYTER_RUNTIME_DIR", "runtime"),
            ("IPYTHONDIR", "ipython"),
        ):
            (self.scratch / sub).mkdir(parents=True, exist_ok=True)
            env[var] = str(self.scratch / sub)
        env.update(self.extra_env)
        return env

    def start(self, timeout: float = 90.0) -> None:
        self.scratch.mkdir(parents=True, exist_ok=True)
        self.port = _free_port()
        self.log_path = self.scratch / f"voila-{self.port}.log"
        command = [
            sys.executable,
            "-m",
            "leadlib.app",
            "--root",
            str(self.root),
            "--port",
            str(self.port),
            "--no-browser",
        ] + (["--preheat"] if self.preheat else [])
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=self.root,
                env=self.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            with contextlib.suppress(OSError):
                urllib.request.urlopen(self.url("/voila/static/voila.js"), timeout=5).close()
                return
            time.sleep(0.3)
        tail = self.log_tail()
        self.stop()
        raise RuntimeError(f"the course app did not start on 127.0.0.1:{self.port}:\n{tail}")

    def kernels(self) -> int:
        """How many kernels the server runs now (its child processes)."""
        if self.process is None:
            return 0
        found = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
        )
        return len(found.stdout.split())

    def log_tail(self, lines: int = 30) -> str:
        return log_tail(self.log_path, lines)

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGINT)  # Voilà shuts its kernels down on Ctrl+C
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def app_server(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    try:
        import voila  # noqa: F401
    except ImportError as error:
        skip_or_fail(
            f"the app-mode tests need Voilà ({error}); install the app extra with "
            "`.venv/bin/pip install -e '.[app]'` (make test does)"
        )
    base = tmp_path_factory.mktemp("app")
    root = base / "notebooks"
    workcopy.update(NOTEBOOKS, root)  # a copy: the test writes a probe notebook beside
    probe = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "probe",
                "metadata": {},
                "outputs": [],
                "source": "from leadlib import widgets as ex\nex.how_to_use()",
            }
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (root / PROBE).write_text(json.dumps(probe), encoding="utf-8")
    (base / "home").mkdir()
    for old in APP_SHOTS.glob("*.png"):
        old.unlink()
    server = AppServer(root=root, home=base / "home", scratch=base / "jupyter")
    server.start()
    try:
        yield server
    finally:
        server.stop()


# The page's full height, including an element that scrolls by itself (Voilà's body).
_PAGE_HEIGHT = """
() => {
  let height = Math.max(document.body.scrollHeight, document.documentElement.scrollHeight);
  for (const el of document.querySelectorAll('body, body *')) {
    const overflow = getComputedStyle(el).overflowY;
    if ((overflow === 'auto' || overflow === 'scroll') && el.scrollHeight > el.clientHeight)
      height = Math.max(height, el.scrollHeight + el.getBoundingClientRect().top);
  }
  return Math.ceil(height);
}
"""


class AppPage:
    """One browser tab on the app; every request to another host is blocked and noted."""

    def __init__(self, context: Any, server: AppServer) -> None:
        self.context = context
        self.server = server
        self.outside: list[str] = []
        self.local = 0
        self.console: list[str] = []
        context.route("**/*", self._route)
        self.page = context.new_page()
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.console.append(f"page error: {error}"))
        self.page.on("websocket", lambda ws: self._note(ws.url))

    def _note(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about") or parts.hostname in LOCAL_HOSTS:
            self.local += 1
            return True
        self.outside.append(url)
        return False

    def _route(self, route: Any) -> None:
        if self._note(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def _on_console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.console.append(f"console {message.type}: {message.text}")

    def open(self, notebook: str, timeout: float = 120_000) -> float:
        """Open a notebook as the app; return the seconds until every exercise is drawn."""
        started = time.monotonic()
        self.page.goto(self.server.url(f"/voila/render/{notebook}"), timeout=timeout)
        return self.wait_until_ready(notebook, started, timeout)

    def wait_until_ready(self, notebook: str, started: float, timeout: float = 120_000) -> float:
        self.page.wait_for_function(
            "() => { const c = document.querySelector('#rendered_cells');"
            " return c && c.style.display !== 'none'; }",
            timeout=timeout,
        )
        expected = self.exercise_cells(notebook)
        try:
            self.page.wait_for_function(
                """(expected) => {
                    const outputs = Array.from(document.querySelectorAll('.jp-OutputArea'));
                    const drawn = outputs.filter((o) => o.querySelector('.jupyter-widgets'));
                    const loading = outputs.some((o) => o.textContent.includes('Loading widget'));
                    return drawn.length >= expected && !loading;
                }""",
                arg=expected,
                timeout=60_000,
                polling=100,
            )
        except Exception as error:
            raise AssertionError(
                f"{notebook}: fewer than {expected} exercises drawn as widgets in the app.\n"
                f"{self.report()}"
            ) from error
        return time.monotonic() - started

    def exercise_cells(self, notebook: str) -> int:
        cells = json.loads((self.server.root / notebook).read_text("utf-8"))["cells"]
        count = 0
        for cell in cells:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            calls = [c.split("(")[0] for c in source.split("ex.")[1:]]
            count += any(call not in NOT_WIDGETS for call in calls)
        return count

    def problems(self) -> list[str]:
        found = []
        text = self.page.locator("#rendered_cells").inner_text()
        for marker in ("Traceback", "Error displaying widget", "run this notebook in JupyterLab"):
            if marker in text:
                found.append(f"the page shows {marker!r}")
        code = self.page.locator(
            "#rendered_cells .jp-InputArea-editor, #rendered_cells .cm-content"
        )
        if code.count():
            found.append(f"{code.count()} code cell(s) shown")
        # a box too narrow to show its value (a long label beside it once left a date
        # box 15 px wide), and answer boxes in a code font
        found += self.page.evaluate(
            """() => {
                const found = [];
                const boxes = document.querySelectorAll('#rendered_cells .jupyter-widgets '
                    + 'input:not([type=checkbox]):not([type=radio])'
                    + ':not([type=range]):not([type=file]),'
                    + ' #rendered_cells .jupyter-widgets select,'
                    + ' #rendered_cells .jupyter-widgets textarea');
                for (const box of boxes) {
                    const width = box.getBoundingClientRect().width;
                    if (box.offsetParent !== null && width < 40) {
                        const label = box.closest('.widget-inline-hbox, .jupyter-widgets');
                        const words = (label ? label.innerText : '').trim().slice(0, 60);
                        found.push(`a ${box.tagName.toLowerCase()} ${Math.round(width)} px wide`
                            + ` (${words || 'no label'})`);
                    }
                    if (box.tagName === 'TEXTAREA'
                        && /mono/i.test(getComputedStyle(box).fontFamily)) {
                        found.push('a text box in a code font');
                    }
                }
                return Array.from(new Set(found));
            }"""
        )
        return found

    def screenshot(self, path: Path, max_height: int = 16_000) -> None:
        """The whole page: Voilà's body scrolls itself, so grow the window to its height."""
        path.parent.mkdir(parents=True, exist_ok=True)
        height = 0
        for _ in range(4):  # widgets and images settle once they are on screen
            needed = self.page.evaluate(_PAGE_HEIGHT)
            new_height = max(600, min(int(needed), max_height))
            if new_height == height:
                break
            height = new_height
            self.page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
            self.page.wait_for_timeout(400)
        self.page.screenshot(path=str(path))
        self.page.set_viewport_size(VIEWPORT)

    def report(self) -> str:
        console = "\n".join(self.console[-15:]) or "(none)"
        return f"browser console:\n{console}\nserver log:\n{self.server.log_tail(15)}"


@pytest.fixture
def app(chromium: Any, app_server: AppServer) -> Iterator[AppPage]:
    context = chromium.new_context(viewport=VIEWPORT, accept_downloads=True)
    context.set_default_timeout(30_000)
    try:
        yield AppPage(context, app_server)
    finally:
        context.close()


def _expect() -> Any:
    from playwright.sync_api import expect

    return expect


# --- the app ----------------------------------------------------------------------


def test_the_app_opens_at_the_start_page_with_the_apps_own_instructions(app: AppPage) -> None:
    app.page.goto(app.server.url("/"))
    assert app.page.url.endswith("/voila/render/00_start_here.ipynb"), app.page.url
    app.wait_until_ready("00_start_here.ipynb", time.monotonic())
    assert app.problems() == [], app.report()
    # 00's cells as committed still hold JupyterLab's Markdown; ex.how_to_use() is the
    # cell that replaces them: in the app it speaks of the app
    app.open(PROBE)
    shown = app.page.locator("#rendered_cells").inner_text()
    assert "the course as an app" in shown and "same tab" in shown
    assert "Shift+Enter" not in shown and "Run All" not in shown
    assert app.outside == [], f"requests left the machine: {app.outside}"


@pytest.mark.parametrize("notebook", COURSE)
def test_every_notebook_opens_as_an_app_with_live_exercises(app: AppPage, notebook: str) -> None:
    seconds = app.open(notebook)
    assert app.problems() == [], f"{notebook}: {app.problems()}\n{app.report()}"
    broken = app.page.evaluate(
        "() => Array.from(document.querySelectorAll('#rendered_cells img'))"
        ".filter((i) => i.complete && i.naturalWidth === 0).map((i) => i.alt)"
    )
    assert broken == [], f"{notebook}: charts not drawn: {broken}"
    assert app.outside == [], f"{notebook}: requests left the machine: {app.outside}"
    assert app.local > 0, "the recorder saw no request at all: it is not watching"
    warnings = [m for m in app.console if "version" in m and "shared" in m]
    assert warnings == [], f"{notebook}: version warnings not understood:\n{warnings}"
    print(f"{notebook}: every exercise drawn {seconds:.1f} s after opening")
    app.screenshot(APP_SHOTS / notebook.replace(".ipynb", ".png"))


def test_navigation_stays_in_the_same_tab(app: AppPage) -> None:
    app.open("00_start_here.ipynb")
    running = app.server.kernels()  # this page's, and any an earlier test left behind
    nav = app.page.locator("nav.leadlib-navigation").last
    nav.get_by_role("link", name="Two roles, often confused").click()
    app.page.wait_for_url("**/voila/render/01_two_roles.ipynb", timeout=60_000)
    app.wait_until_ready("01_two_roles.ipynb", time.monotonic())
    assert len(app.context.pages) == 1, [p.url for p in app.context.pages]
    # the page left behind shuts its kernel down (it needs Jupyter's _xsrf cookie)
    deadline = time.monotonic() + 20
    while app.server.kernels() > running and time.monotonic() < deadline:
        time.sleep(0.5)
    assert app.server.kernels() == running, f"the kernel of 00 still runs\n{app.report()}"
    app.page.locator("nav.leadlib-navigation").last.get_by_role("link", name="Course map").click()
    app.page.wait_for_url("**/voila/render/00_start_here.ipynb", timeout=60_000)
    assert len(app.context.pages) == 1
    assert app.outside == []


def test_a_delegation_scenario_is_answered_and_lands_in_the_journal(
    app: AppPage, content: Content
) -> None:
    expect = _expect()
    first = content.scenarios[0]
    levels = {lv.number: f"{lv.number} {lv.name}: {lv.description}" for lv in content.levels}
    app.open("04_delegation.ipynb")
    exercise = app.page.locator(".jp-OutputArea", has_text="Scenario 1 of").first
    expect(exercise).to_contain_text(f"Scenario 1 of {len(content.scenarios)}")
    rate_factors(exercise, ("low", "high", "high", "high"))  # judge first, then choose
    exercise.get_by_role("radio", name=levels[1], exact=True).check()
    verdict = assess(content, TaskContext.of(first), 1)
    expect(exercise).to_contain_text(f"{verdict.fit.label}. {verdict.explanation}")

    from leadlib.journal import open_journal

    deadline = time.monotonic() + 15
    answers: dict[str, Any] = {}
    while time.monotonic() < deadline:
        with open_journal(path=app.server.home / "journal.sqlite3") as journal:
            answers = journal.answers("delegation")
        if answers:
            break
        time.sleep(0.3)
    assert answers == {first.id: 1}
    assert app.outside == []


# --- the working copy of `make lab` -----------------------------------------------


def test_a_lab_session_on_the_working_copy_leaves_the_repository_unchanged(
    chromium: Any, tmp_path: Path
) -> None:
    """Open, run and save a notebook in JupyterLab over the copy `make lab` makes."""
    before = {p.name: p.read_bytes() for p in NOTEBOOKS.glob("*.ipynb")}
    copy = tmp_path / "leadlib-home" / "course"
    report = workcopy.update(NOTEBOOKS, copy)
    assert sorted(report.copied) == COURSE
    server = LabServer(root=copy, home=tmp_path / "leadlib-home", scratch=tmp_path / "jupyter")
    server.source = ROOT
    server.start()
    context = chromium.new_context(viewport=VIEWPORT)
    try:
        lab = LabPage(context.new_page(), server)
        lab.open("01_two_roles.ipynb")
        dirty = lab.page.evaluate(
            "() => !!document.querySelector('#jp-main-dock-panel .lm-TabBar-tab.jp-mod-dirty')"
        )
        assert not dirty, "opening the notebook marked it as modified"
        lab.run_all()
        assert lab.errors() == []
        lab.page.keyboard.press("Control+s")
        lab.page.wait_for_function(
            "() => !document.querySelector('#jp-main-dock-panel .lm-TabBar-tab.jp-mod-dirty')"
        )
    finally:
        context.close()
        server.stop()
    assert {p.name: p.read_bytes() for p in NOTEBOOKS.glob("*.ipynb")} == before
    saved = json.loads((copy / "01_two_roles.ipynb").read_text("utf-8"))
    assert any(cell.get("outputs") for cell in saved["cells"]), "the session saved nothing"
    # the run and the save are no change of the learner's: an update may replace it
    assert workcopy.fingerprint(copy / "01_two_roles.ipynb") == workcopy.fingerprint(
        NOTEBOOKS / "01_two_roles.ipynb"
    )
    again = workcopy.update(NOTEBOOKS, copy)
    assert again.kept == [] and again.copied == []
