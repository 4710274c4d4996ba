"""A JupyterLab server for the tests and a learner's view of one notebook in Chromium.

Must not import leadlib.widgets, ipywidgets or matplotlib; playwright is imported by callers.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from leadlib.kernels import USE_IPC

#: Chromium flags: no sandbox (CI containers run as root), nothing that phones home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

#: ``ex.*`` calls that show a page element (HTML/Markdown), not an exercise widget.
NOT_WIDGETS = frozenset({"header", "navigation", "course_map", "how_to_use"})

#: What a widget looks like when the front end could not draw it: ipywidgets' text repr,
#: our exercises' short text repr, or JupyterLab's widget error.
UNRENDERED = re.compile(
    r"^(Exercise: |\w*(Box|Slider|Button|Dropdown|Text|Area|HTML|Output|Label|Toggle\w*|"
    r"Select\w*|Tab|Accordion|Checkbox|RadioButtons)\()|Error displaying widget|"
    r"Loading widget\.\.\.",
)

STDERR = "application/vnd.jupyter.stderr"
_CURRENT = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def chromium_executable(environ: Mapping[str, str] | None = None) -> str | None:
    """Debian's Chromium (never a browser downloaded by playwright).

    LEADLIB_CHROMIUM names another Chromium binary (a developer's own install).
    """
    env = os.environ if environ is None else environ
    chosen = env.get("LEADLIB_CHROMIUM")
    if chosen:
        return chosen if os.access(chosen, os.X_OK) else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name, path=env.get("PATH"))
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


def browser_requirement(environ: Mapping[str, str] | None = None) -> tuple[str | None, str]:
    """(Chromium's path, "") when the browser tests can run, else (None, the reason)."""
    env = os.environ if environ is None else environ
    path = chromium_executable(env)
    if path is None:
        where = (
            f"LEADLIB_CHROMIUM={env['LEADLIB_CHROMIUM']} is not an executable file"
            if env.get("LEADLIB_CHROMIUM")
            else "none was found on PATH or at /usr/bin/chromium"
        )
        return None, (
            f"the browser tests need Chromium and {where}; install Debian's package with "
            "`sudo apt-get install chromium` (or set LEADLIB_CHROMIUM to a Chromium binary)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        return None, (
            f"the browser tests need Playwright for Python ({error}); install the test "
            "extras with `.venv/bin/pip install -e '.[test]'` (no browser download needed)"
        )
    return path, ""


def log_tail(path: Path | None, lines: int) -> str:
    """The last ``lines`` of a server's log, for a failure message."""
    if path is None or not path.exists():
        return "(no server log)"
    text = path.read_text(encoding="utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])


@dataclass
class LabServer:
    """``jupyter lab`` from this Python environment, on 127.0.0.1, with private folders."""

    root: Path  # the notebooks the server shows (a temporary copy)
    home: Path  # LEADLIB_HOME: where the kernels keep the journal
    scratch: Path  # Jupyter's config, data, runtime, settings and workspaces
    source: Path | None = None  # a leadlib checkout the kernels import first
    port: int = 0  # known once the server listens (it picks a free one itself)
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None
    #: Jupyter's runtime folder (connection files, kernel sockets, the server's info
    #: file); made under /tmp because a socket path must fit in about 100 bytes.
    runtime: Path | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}{path}{sep}token={self.token}"

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("LEADLIB_MODE", None)  # the learner's mode: widgets, never handouts
        env["LEADLIB_HOME"] = str(self.home)
        if self.source is not None:  # test this checkout, even if leadlib is not installed
            paths = [str(self.source), *filter(None, [env.get("PYTHONPATH")])]
            env["PYTHONPATH"] = os.pathsep.join(paths)
        if self.runtime is None:
            self.runtime = Path(tempfile.mkdtemp(prefix="leadlib-lab-"))
        env["JUPYTER_RUNTIME_DIR"] = str(self.runtime)
        for var, sub in (
            ("JUPYTER_CONFIG_DIR", "config"),
            ("JUPYTER_DATA_DIR", "data"),
            ("JUPYTERLAB_SETTINGS_DIR", "lab-user-settings"),
            ("JUPYTERLAB_WORKSPACES_DIR", "lab-workspaces"),
            ("IPYTHONDIR", "ipython"),
        ):
            path = self.scratch / sub
            path.mkdir(parents=True, exist_ok=True)
            env[var] = str(path)
        return env

    def command(self) -> list[str]:
        """``jupyter lab`` on 127.0.0.1, on a port it picks itself, kernels over IPC.

        Port 0: the server binds a free port and reports it in its info file, so no
        port is chosen here and left open for another process to take before the
        server binds it. Kernels use IPC sockets for the same reason (see
        leadlib/kernels.py: a TCP port taken in that window kills the kernel at start).
        """
        command = [
            str(Path(sys.prefix) / "bin" / "jupyter"),
            "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            "--ServerApp.port=0",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
        ]
        if USE_IPC:
            command.append("--KernelManager.transport=ipc")
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")  # CI containers
        return command

    def start(self, timeout: float = 90.0) -> None:
        """Start the server and wait until its REST API answers."""
        self.scratch.mkdir(parents=True, exist_ok=True)
        self.log_path = self.scratch / "jupyter-lab.log"
        env = self.environment()
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                self.command(),
                cwd=self.root,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # so stop() can end its kernels too
            )
        problem = self._wait_ready(timeout)
        if problem:
            tail = self.log_tail()
            self.stop()
            raise RuntimeError(
                f"JupyterLab did not start on 127.0.0.1: {problem}. Server log:\n{tail}"
            )

    def _info_file(self) -> Path | None:
        """The server's own record of where it listens (jpserver-<pid>.json)."""
        if self.process is None or self.runtime is None:
            return None
        path = self.runtime / f"jpserver-{self.process.pid}.json"
        return path if path.is_file() else None

    def _wait_ready(self, timeout: float) -> str | None:
        """Wait for the info file, then for /api/status; None when ready, else why not.

        Polls every 0.1 s until ``timeout``: the server takes from one second (idle
        machine) to many (busy machine) to import and bind.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                return "the server process exited"
            info = self._info_file()
            if info is not None and not self.port:
                with contextlib.suppress(ValueError, OSError):
                    self.port = int(json.loads(info.read_text("utf-8"))["port"])
            if self.port:
                try:
                    self.api("GET", "/api/status")
                    return None
                except (OSError, urllib.error.URLError):
                    pass
            time.sleep(0.1)
        return f"it did not answer within {timeout:.0f} s"

    def log_tail(self, lines: int = 40) -> str:
        return log_tail(self.log_path, lines)

    def stop(self) -> None:
        """Terminate the server (it shuts its kernels down), then kill what is left."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        # kernels the server left behind, in the session it started
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        if self.runtime is not None:
            shutil.rmtree(self.runtime, ignore_errors=True)
            self.runtime = None
        self.port = 0

    def api(self, method: str, path: str, timeout: float = 10.0) -> Any:
        request = urllib.request.Request(
            self.base_url + path,
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self) -> None:
        """End every session and kernel, so no process still holds the journal open."""
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}")
        for kernel in self.api("GET", "/api/kernels"):
            self.api("DELETE", f"/api/kernels/{kernel['id']}")

    def fresh_journal(self) -> None:
        """An empty journal, as a learner who has not answered anything yet."""
        self.shut_down_kernels()
        for path in self.home.iterdir():
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()


@dataclass
class Output:
    mime: str
    text: str
    widget: bool


@dataclass
class CodeCell:
    index: int  # position among all cells of the notebook, from 0
    source: str
    prompt: str
    outputs: list[Output]

    @property
    def exercises(self) -> list[str]:
        """The ``ex.*`` exercise calls in this cell (not header, navigation, course map)."""
        calls = re.findall(r"\bex\.(\w+)\s*\(", self.source)
        return [name for name in calls if name not in NOT_WIDGETS]

    def where(self) -> str:
        first = self.source.strip().splitlines()[0] if self.source.strip() else "(empty)"
        return f"cell {self.index + 1} ({first!r})"


_READ_CELLS = """
() => {
  const panel = document.querySelector('PANEL');
  if (!panel) return [];
  const out = [];
  panel.querySelectorAll('.jp-Notebook .jp-Cell').forEach((cell, index) => {
    if (!cell.classList.contains('jp-CodeCell')) return;
    const prompt = cell.querySelector('.jp-InputArea-prompt');
    out.push({
      index,
      prompt: prompt ? prompt.textContent.trim() : '',
      outputs: Array.from(cell.querySelectorAll('.jp-OutputArea-output')).map((o) => ({
        mime: o.dataset.mimeType || '',
        text: (o.textContent || '').trim(),
        widget: !!o.querySelector('.jupyter-widgets, .widget-box, .widget-inline-hbox'),
      })),
    });
  });
  return out;
}
""".replace("PANEL", _CURRENT)

# Run All is watched through the notebook's execution indicator (kernel status and a
# progress bar over the cells scheduled). Course cells hide their input, and with it the
# [n] prompt, so prompts cannot tell when a run is over.
_WATCH_RUN = """
() => {
  const indicator = document.querySelector('PANEL .jp-Notebook-ExecutionIndicator');
  if (window.__leadlibRun) window.__leadlibRun.observer.disconnect();
  const run = { busy: false, since: null };
  run.observer = new MutationObserver(() => {
    const bar = indicator.querySelector('[role=progressbar]');
    if (indicator.dataset.status !== 'idle' || (bar && bar.getAttribute('aria-valuenow') !== '100'))
      run.busy = true;
  });
  run.observer.observe(indicator, { attributes: true, subtree: true });
  window.__leadlibRun = run;
}
""".replace("PANEL", _CURRENT)

_RUN_FINISHED = """
() => {
  const run = window.__leadlibRun;
  const indicator = document.querySelector('PANEL .jp-Notebook-ExecutionIndicator');
  if (!run || !indicator) return false;
  const bar = indicator.querySelector('[role=progressbar]');
  const progress = bar ? Number(bar.getAttribute('aria-valuenow')) : 100;
  const running = Array.from(document.querySelectorAll('PANEL .jp-InputArea-prompt'))
    .some((p) => p.textContent.includes('*'));
  if (indicator.dataset.status !== 'idle' || progress < 100 || running) {
    run.busy = true;
    run.since = null;
    return false;
  }
  if (!run.busy) return false;
  // done: seen busy, now idle with every scheduled cell run; confirmed on the next poll
  // (no fixed wait: the status message comes after the cell's outputs on the channel)
  if (run.since === null) { run.since = performance.now(); return false; }
  return true;
}
""".replace("PANEL", _CURRENT)


_NEXT_FRAMES = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"

# Whether the kernel status in the status bar has left "Idle" since this was installed
# (a restart shows "Restarting", "Starting" or "Unknown" for a moment).
_WATCH_KERNEL_STATUS = """
() => {
  if (window.__leadlibKernel) window.__leadlibKernel.observer.disconnect();
  const watch = { left: false };
  const check = () => {
    const idle = Array.from(document.querySelectorAll('.jp-StatusBar-TextItem'))
      .some((item) => / \\| Idle$/.test(item.textContent.trim()));
    if (!idle) watch.left = true;
  };
  watch.observer = new MutationObserver(check);
  watch.observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  window.__leadlibKernel = watch;
}
"""


class LabPage:
    """One notebook open in JupyterLab, driven the way a learner does: menus and clicks."""

    def __init__(self, page: Any, server: LabServer) -> None:
        self.page = page
        self.server = server
        self.console: list[str] = []
        self.notebook: str | None = None
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console.append(f"page error: {error}"))

    def _on_console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.console.append(f"console {message.type}: {message.text}")

    # --- opening -----------------------------------------------------------------
    def open(self, notebook: str, timeout: float = 90_000) -> None:
        """Open ``notebook`` alone in a fresh workspace and wait for its kernel."""
        self.page.goto(self.server.url(f"/lab/tree/{notebook}?reset"))
        self.wait_for_notebook(notebook, timeout)

    @property
    def sources(self) -> list[tuple[str, str]]:
        """(cell type, source) of each cell, from the file the server shows.

        Read from the file, not the page: the editor draws only lines it shows on screen.
        """
        if self.notebook is None:
            raise AssertionError("no notebook is open yet: call open() first")
        cells = json.loads((self.server.root / self.notebook).read_text("utf-8"))["cells"]
        return [
            (
                cell["cell_type"],
                "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"],
            )
            for cell in cells
        ]

    def wait_for_notebook(self, notebook: str, timeout: float = 90_000) -> None:
        self.notebook = notebook
        self.page.wait_for_selector(f"{_CURRENT} .jp-Notebook .jp-Cell", timeout=timeout)
        self.page.wait_for_function(
            """(name) => {
                const tab = document.querySelector(
                    '#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel');
                return tab && tab.textContent.trim() === name;
            }""",
            arg=notebook,
            timeout=timeout,
        )
        self.wait_for_kernel_idle(timeout)
        self.hide_file_browser()

    def wait_for_kernel_idle(self, timeout: float = 90_000) -> None:
        """Wait for a started, connected, idle kernel.

        The toolbar indicator says "idle" even before a kernel exists, so the status bar
        is read too: "Python 3 (ipykernel) | Idle", not "No Kernel | Initializing".
        """
        self.page.wait_for_function(
            """() => {
                const indicator = document.querySelector('PANEL .jp-Notebook-ExecutionIndicator');
                if (!indicator || indicator.dataset.status !== 'idle') return false;
                return Array.from(document.querySelectorAll('.jp-StatusBar-TextItem'))
                    .some((item) => /^(?!No Kernel).+ \\| Idle$/.test(item.textContent.trim()));
            }""".replace("PANEL", _CURRENT),
            timeout=timeout,
            polling=200,
        )

    def hide_file_browser(self) -> None:
        """More room for the notebook, as a learner would do for the screenshots."""
        if self.page.locator("#jp-left-stack").is_visible():
            # clicking the current side-bar tab folds the side bar away
            self.page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").click()
            self.page.locator("#jp-left-stack").wait_for(state="hidden", timeout=10_000)

    # --- menus and kernel --------------------------------------------------------
    def menu(self, top: str, item: str) -> None:
        self.page.get_by_role("menuitem", name=top, exact=True).first.click()
        self.page.get_by_role("menuitem", name=item, exact=True).click()

    def activate(self) -> None:
        """Click the notebook's tab, so menu commands apply to it."""
        self.page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current").click()

    def run_all(self, timeout: float = 180_000) -> float:
        """Edit > Clear Outputs of All Cells, then Run > Run All Cells; wait until done.

        Returns the seconds the run took (from the click to an idle kernel).
        """
        self.activate()
        self.menu("Edit", "Clear Outputs of All Cells")
        self.page.wait_for_function(
            f"() => !document.querySelector('{_CURRENT} .jp-OutputArea-output')",
            timeout=15_000,
        )
        self.activate()
        self.page.evaluate(_WATCH_RUN)
        started = time.monotonic()
        self.menu("Run", "Run All Cells")
        self.wait_until_run_finished(timeout)
        return time.monotonic() - started

    def wait_until_run_finished(self, timeout: float = 180_000) -> None:
        try:
            self.page.wait_for_function(_RUN_FINISHED, timeout=timeout, polling=250)
        except Exception as error:
            status = self.page.locator(f"{_CURRENT} .jp-Notebook-ExecutionIndicator")
            raise AssertionError(
                f"{self.notebook}: Run All did not finish within {timeout / 1000:.0f} s "
                f"(kernel status {status.get_attribute('data-status')!r})\n{self.report()}"
            ) from error
        if any(kind == "code" and source.strip() for kind, source in self.sources):
            has_output = f"() => !!document.querySelector('{_CURRENT} .jp-OutputArea-output')"
            if not self.page.evaluate(has_output):
                raise AssertionError(
                    f"{self.notebook}: Run All finished without a single output; the "
                    f"kernel was probably not ready.\n{self.report()}"
                )
        # widget views are drawn after their output arrives: give them a moment
        # (if one never is, unrendered_exercises() reports it with the cell named)
        with contextlib.suppress(Exception):
            self.page.wait_for_function(
                f"""() => !Array.from(document.querySelectorAll('{_CURRENT} .jp-OutputArea-output'))
                    .some((o) => (o.textContent || '').includes('Loading widget...'))""",
                timeout=15_000,
            )

    def restart_kernel(self) -> None:
        """Kernel > Restart Kernel and Clear Outputs of All Cells..., confirmed.

        The status bar is watched from before the click, so the restart is seen even when
        it is over between two polls; then the new kernel must be idle.
        """
        self.page.evaluate(_WATCH_KERNEL_STATUS)
        self.activate()
        self.page.get_by_role("menuitem", name="Kernel", exact=True).first.click()
        self.page.get_by_role(
            "menuitem", name=re.compile(r"^Restart Kernel and Clear Outputs")
        ).click()
        dialog = self.page.locator(".jp-Dialog")
        dialog.get_by_role("button", name="Confirm Kernel Restart").click()
        dialog.wait_for(state="detached", timeout=30_000)
        self.page.wait_for_function(
            "() => window.__leadlibKernel && window.__leadlibKernel.left", timeout=60_000
        )
        self.wait_for_kernel_idle()

    # --- reading what the learner sees ------------------------------------------
    def code_cells(self) -> list[CodeCell]:
        raw = self.page.evaluate(_READ_CELLS)
        sources = self.sources
        return [
            CodeCell(
                index=c["index"],
                source=sources[c["index"]][1] if c["index"] < len(sources) else "",
                prompt=c["prompt"],
                outputs=[Output(**o) for o in c["outputs"]],
            )
            for c in raw
        ]

    def errors(self) -> list[str]:
        """Every error box, and every code cell the run never reached."""
        problems: list[str] = []
        failed = False
        for cell in self.code_cells():
            for output in cell.outputs:
                if "Traceback" in output.text or (
                    output.mime == STDERR and re.search(r"\w+(Error|Exception)\b", output.text)
                ):
                    problems.append(f"{cell.where()} shows an error:\n{output.text[-1500:]}")
                    failed = True
            numbered = re.search(r"\[\d+\]", cell.prompt)
            if not cell.source.strip() or numbered:
                continue
            if cell.prompt:  # a visible prompt without a number: never ran
                problems.append(f"{cell.where()} did not run (prompt {cell.prompt!r})")
            elif failed and not cell.outputs:  # input hidden: no output after a failure
                problems.append(f"{cell.where()} did not run (an earlier cell failed)")
        return problems

    def warnings(self) -> list[str]:
        return [
            f"{cell.where()}: {output.text[:300]}"
            for cell in self.code_cells()
            for output in cell.outputs
            if output.mime == STDERR and "Traceback" not in output.text
        ]

    def unrendered_exercises(self) -> list[str]:
        """Exercises shown as text (or a widget error) instead of a working widget."""
        problems = []
        for cell in self.code_cells():
            for output in cell.outputs:
                if UNRENDERED.search(output.text) and not output.widget:
                    problems.append(
                        f"{cell.where()} shows text, not a widget: {output.text[:200]!r}"
                    )
                elif "Error displaying widget" in output.text:
                    problems.append(f"{cell.where()}: {output.text[:200]!r}")
            if cell.exercises and not any(o.widget for o in cell.outputs):
                shown = [o.text[:120] for o in cell.outputs] or ["no output at all"]
                problems.append(
                    f"{cell.where()} calls ex.{', ex.'.join(cell.exercises)}() but shows no "
                    f"widget; it shows {shown}"
                )
        return problems

    def widgets_drawn(self, timeout: float = 15.0) -> list[str]:
        """Wait until every exercise shows as a widget; return what still does not.

        Views are drawn a moment after their output arrives, more so on a busy machine.
        """
        deadline = time.monotonic() + timeout
        while True:
            problems = self.unrendered_exercises()
            if not problems or time.monotonic() > deadline:
                return problems
            self.page.wait_for_timeout(200)  # poll; returns as soon as all are drawn

    def broken_images(self) -> list[str]:
        """Images in the outputs (charts) that the browser could not draw."""
        broken: list[str] = self.page.evaluate(
            """() => Array.from(document.querySelectorAll('PANEL .jp-OutputArea-output img'))
                .filter((img) => img.checkVisibility() && img.complete && img.naturalWidth === 0)
                .map((img) => img.alt || img.src.slice(0, 60))""".replace("PANEL", _CURRENT)
        )
        return broken

    def cell_output(self, index: int) -> Any:
        """The output area of the notebook's cell number ``index`` (from 0), as a locator."""
        return (
            self.page.locator(f"{_CURRENT} .jp-Notebook .jp-Cell")
            .nth(index)
            .locator(".jp-OutputArea")
        )

    def exercise_output(self, call: str) -> Any:
        """The output area of the first cell whose source calls ``ex.<call>(``."""
        for cell in self.code_cells():
            if call in cell.exercises or re.search(rf"\bex\.{call}\s*\(", cell.source):
                return self.cell_output(cell.index)
        names = sorted({name for c in self.code_cells() for name in c.exercises})
        raise AssertionError(f"no cell calls ex.{call}(); exercises here: {names}")

    def report(self) -> str:
        """Console messages and the server log tail, for a failure message."""
        console = "\n".join(self.console[-20:]) or "(none)"
        return f"browser console:\n{console}\nserver log:\n{self.server.log_tail(15)}"

    # --- screenshots -------------------------------------------------------------
    def screenshot(self, path: Path, max_height: int = 16_000) -> None:
        """The whole notebook, not just the window: grow the window to its height."""
        path.parent.mkdir(parents=True, exist_ok=True)
        width = self.page.viewport_size["width"] if self.page.viewport_size else 1280
        original = self.page.viewport_size
        height = 0
        for _ in range(4):  # content-visibility: heights settle once cells are on screen
            needed = self.page.evaluate(
                f"""() => {{
                    const scroller = document.querySelector('{_CURRENT} .jp-WindowedPanel-outer');
                    const cells = document.querySelectorAll('{_CURRENT} .jp-Notebook .jp-Cell');
                    if (!scroller || !cells.length) return 0;
                    const last = cells[cells.length - 1].getBoundingClientRect().bottom;
                    return Math.ceil(last + scroller.scrollTop + 60);
                }}"""
            )
            new_height = max(600, min(int(needed), max_height))
            if new_height == height:
                break
            height = new_height
            self.page.set_viewport_size({"width": width, "height": height})
            self.page.evaluate(_NEXT_FRAMES)  # laid out and painted at the new size
        self.page.locator(f"{_CURRENT} .jp-WindowedPanel-outer").evaluate(
            "(el) => { el.scrollTop = 0; }"
        )
        self.page.screenshot(path=str(path))
        if original:
            self.page.set_viewport_size(original)
