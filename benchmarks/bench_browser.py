"""Latency in the browser, as a learner sees it: the course as an app (``python -m
leadlib.app``, Voilà) in headless Chromium (Debian's, driven by Playwright), with a
fresh temporary LEADLIB_HOME.

* first widget after opening a notebook in app mode (target < 2 s), from the click on
  the address to the first drawn widget; kernel start included. For 00, 04 and 08
  (FIRST_WIDGET_NOTEBOOKS) each is opened several times, alternating with a trivial
  notebook (one ipywidgets button) as the baseline, and the time is split in two: the
  page served (Voilà starts the kernel, runs every cell and sends the page; the page is
  hidden until then) and the browser's part (the widget manager loads, connects to the
  kernel and draws). The ratio to the trivial notebook is what the course adds;
* the first chart of a fresh kernel (target < 1 s): on a page just opened, the first
  answer given to an exercise that shows a chart, until the page stops changing;
* click to visible change, for every exercise with radio buttons or lists (target: the
  95th percentile < 100 ms): a click on an answer, until the page stops changing (the
  last change of the output, charts included), each exercise answered several times.

A change is any DOM change in the page outside the clicked control, seen by a
MutationObserver; "stops changing" is no change for 300 ms; the time is that of the
last change, plus the next animation frame. Widget code is not changed here: a miss is
reported with what was measured.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from .common import ROOT, python_env, row

NAME = "browser"
COURSE = ROOT / "notebooks"
CLICK_P95_MS = 100.0
FIRST_CHART_MS = 1000.0
FIRST_WIDGET_S = 2.0
#: Notebooks with exercises a learner answers by clicking (00 holds the export panel,
#: 07 the facilitator's report; neither is answered with radio buttons).
NOTEBOOKS_FULL = (
    "01_two_roles.ipynb",
    "02_leadership.ipynb",
    "03_management.ipynb",
    "04_delegation.ipynb",
    "05_finding_the_balance.ipynb",
    "06_leadership_training_for_managers.ipynb",
)
NOTEBOOKS_QUICK = ("04_delegation.ipynb",)
#: Notebooks whose first widget is timed several times each: the start page, the busiest
#: single exercise, and the notebook with the most widgets (five exercises).
FIRST_WIDGET_NOTEBOOKS = ("00_start_here.ipynb", "04_delegation.ipynb", "08_back_at_work.ipynb")
FIRST_WIDGET_RUNS = 5
#: The baseline: what any notebook showing one widget costs in the app.
TRIVIAL = "zz_bench_trivial_widget.ipynb"
_TRIVIAL_NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "trivial",
            "metadata": {},
            "outputs": [],
            "source": "import ipywidgets as w\nw.Button(description='OK')",
        }
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}

#: Install a watcher; then click control ``index`` of output area ``area`` and resolve
#: with (first change ms, last change ms, whether a chart changed) once the page has been
#: still for ``quiet`` ms.
_CLICK = """
async ([area, index, quiet]) => {
  const out = document.querySelectorAll('#rendered_cells .jp-OutputArea')[area];
  const control = out.querySelectorAll('input[type=radio], select')[index];
  const own = control.closest('.widget-radio-box, .widget-dropdown, label') || control;
  const changes = [];
  let chart = false;
  const isChart = (n) => n.nodeName === 'IMG' || (n.querySelector && n.querySelector('img'));
  const observer = new MutationObserver((records) => {
    const now = performance.now();
    const outside = records.filter((r) => !own.contains(r.target));
    if (outside.length) changes.push(now);
    if (outside.some((r) => isChart(r.target) || Array.from(r.addedNodes).some(isChart)))
      chart = true;
  });
  observer.observe(document.querySelector('#rendered_cells'),
    { subtree: true, childList: true, attributes: true, characterData: true });
  const t0 = performance.now();
  if (control.tagName === 'SELECT') {
    control.selectedIndex = (control.selectedIndex + 1) % control.options.length;
    control.dispatchEvent(new Event('change', { bubbles: true }));
  } else {
    control.click();
  }
  const limit = t0 + 10000;
  while (performance.now() < limit) {
    await new Promise((r) => setTimeout(r, 50));
    const last = changes.length ? changes[changes.length - 1] : t0;
    if (changes.length && performance.now() - last > quiet) break;
  }
  await new Promise((r) => requestAnimationFrame(r));
  observer.disconnect();
  if (!changes.length) return null;
  const frame = performance.now() - changes[changes.length - 1];
  return [changes[0] - t0, changes[changes.length - 1] - t0 + Math.min(frame, 16.7), chart];
}
"""

#: For each output area: how many controls it has, whether it shows a chart, its first words.
_AREAS = """
() => Array.from(document.querySelectorAll('#rendered_cells .jp-OutputArea')).map((o) => [
  o.querySelectorAll('input[type=radio], select').length,
  !!o.querySelector('img'),
  (o.innerText || '').trim().split('\\n')[0].slice(0, 50),
])
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class _App:
    """``python -m leadlib.app`` on a free port over a working copy of the course."""

    def __init__(self, base: Path) -> None:
        from leadlib import workcopy

        self.root = base / "course"
        workcopy.update(COURSE, self.root)
        (self.root / TRIVIAL).write_text(json.dumps(_TRIVIAL_NOTEBOOK), encoding="utf-8")
        self.home = base / "home"
        self.home.mkdir()
        self.port = _free_port()
        self.log = base / "voila.log"
        env = python_env({"LEADLIB_HOME": str(self.home)})
        env["JUPYTER_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="leadlib-bench-")
        for var, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data")):
            env[var] = str(base / sub)
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "leadlib.app", "--root", str(self.root)]
                + ["--port", str(self.port), "--no-browser"],
                cwd=self.root,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                urllib.request.urlopen(self.url("/voila/static/voila.js"), timeout=5).close()
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"the app did not start:\n{self.log.read_text(errors='replace')}")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)


def _open(page: Any, app: _App, notebook: str) -> float:
    """Open ``notebook``; seconds until the first widget is drawn. Waits for them all."""
    started = time.monotonic()
    page.goto(app.url(f"/voila/render/{notebook}"), timeout=120_000)
    page.wait_for_selector("#rendered_cells .jupyter-widgets", timeout=120_000)
    first = time.monotonic() - started
    page.wait_for_function(
        "() => !Array.from(document.querySelectorAll('.jp-OutputArea'))"
        ".some((o) => o.textContent.includes('Loading widget'))",
        timeout=60_000,
    )
    return first


def _open_split(page: Any, app: _App, notebook: str) -> tuple[float, float]:
    """Open ``notebook``; (seconds to the first drawn widget, seconds until the server had
    sent the whole page). Voilà sends the page while the kernel runs the cells, and shows
    it only when all have run; the rest is the browser's part."""
    first = _open(page, app, notebook)
    served = page.evaluate("() => performance.getEntriesByType('navigation')[0].responseEnd / 1000")
    return first, float(served)


def _first_widget_rows(browser: Any, app: _App, quick: bool) -> list[dict[str, Any]]:
    """First widget for FIRST_WIDGET_NOTEBOOKS, alternating with the trivial notebook."""
    runs = 1 if quick else FIRST_WIDGET_RUNS
    order = (TRIVIAL, *FIRST_WIDGET_NOTEBOOKS)
    firsts: dict[str, list[float]] = {name: [] for name in order}
    served: dict[str, list[float]] = {name: [] for name in order}
    for _ in range(runs):
        for notebook in order:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            try:
                first, page_served = _open_split(context.new_page(), app, notebook)
            finally:
                context.close()
            firsts[notebook].append(first)
            served[notebook].append(page_served)
            time.sleep(0.5)  # the page's kernel shuts down before the next one starts
    base = _median(firsts[TRIVIAL])
    rows = [
        row(
            NAME,
            "first widget, trivial notebook (one button; the baseline): median",
            base,
            "s",
            "",
            "info",
            f"{runs} runs; page served after {_median(served[TRIVIAL]):.1f} s",
        )
    ]
    for notebook in FIRST_WIDGET_NOTEBOOKS:
        median = _median(firsts[notebook])
        page = _median(served[notebook])
        rows.append(
            row(
                NAME,
                f"first widget, {notebook[:-6]}: median",
                median,
                "s",
                f"< {FIRST_WIDGET_S:.0f} s",
                "info" if quick else ("pass" if median < FIRST_WIDGET_S else "fail"),
                f"{runs} runs, worst {max(firsts[notebook]):.1f} s; page served "
                f"(kernel start, every cell run) {page:.1f} s, then the browser "
                f"{median - page:.1f} s; {median / base:.2f}x the trivial notebook",
            )
        )
    return rows


def run(quick: bool = False) -> list[dict[str, Any]]:
    sys.path.insert(0, str(ROOT))
    from tests.browser.lab import CHROMIUM_ARGS, browser_requirement

    chromium, reason = browser_requirement()
    if chromium is None:
        return [row(NAME, "browser latency", "-", verdict="skipped", note=reason)]
    try:
        import voila  # noqa: F401
    except ImportError as error:
        return [row(NAME, "browser latency", "-", verdict="skipped", note=f"no Voilà: {error}")]
    from playwright.sync_api import sync_playwright

    notebooks = NOTEBOOKS_QUICK if quick else NOTEBOOKS_FULL
    clicks_per_area = 3 if quick else 8
    base = Path(tempfile.mkdtemp(prefix="leadlib-bench-browser-"))
    rows: list[dict[str, Any]] = []
    firsts: list[float] = []
    first_charts: list[tuple[str, float]] = []
    app = _App(base)
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                first_widget_rows = _first_widget_rows(browser, app, quick)
                for notebook in notebooks:
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    firsts.append(_open(page, app, notebook))
                    areas = page.evaluate(_AREAS)
                    charted = True
                    for area, (controls, chart, title) in enumerate(areas):
                        if not controls:
                            continue
                        times: list[float] = []
                        for i in range(clicks_per_area):
                            # alternate between answers, spread over the exercise's items
                            index = (i * 7 + (i % 2)) % controls
                            got = page.evaluate(_CLICK, [area, index, 300])
                            if got is None:
                                continue
                            if got[2] and charted:
                                first_charts.append((notebook, got[1]))
                                charted = False
                            chart = chart or got[2]
                            times.append(got[1])
                        label = f"{notebook[:2]} {title or 'exercise'}"
                        if not times:
                            rows.append(
                                row(
                                    NAME,
                                    f"click: {label}",
                                    "-",
                                    verdict="info",
                                    note="no visible change after a click",
                                )
                            )
                            continue
                        p95 = _p95(times)
                        verdict = "info" if quick else ("pass" if p95 < CLICK_P95_MS else "fail")
                        rows.append(
                            row(
                                NAME,
                                f"click to visible change: {label}: p95",
                                p95,
                                "ms",
                                f"< {CLICK_P95_MS:.0f} ms",
                                verdict,
                                f"{len(times)} clicks; median {_median(times):.0f} ms"
                                + ("; redraws a chart" if chart else ""),
                            )
                        )
                    context.close()
            finally:
                browser.close()
    finally:
        app.stop()
        shutil.rmtree(base, ignore_errors=True)
    worst = max(firsts)
    rows.insert(
        0,
        row(
            NAME,
            "first widget after opening a notebook (app mode): worst",
            worst,
            "s",
            f"< {FIRST_WIDGET_S:.0f} s",
            "info" if quick else ("pass" if worst < FIRST_WIDGET_S else "fail"),
            f"{len(firsts)} notebooks, each with a new kernel; median "
            f"{sorted(firsts)[len(firsts) // 2]:.1f} s",
        ),
    )
    rows[1:1] = first_widget_rows
    if first_charts:
        where, ms = first_charts[0]
        rows.insert(
            1,
            row(
                NAME,
                "first chart of a fresh kernel (first answer redrawing a chart)",
                ms,
                "ms",
                f"< {FIRST_CHART_MS:.0f} ms",
                "info" if quick else ("pass" if ms < FIRST_CHART_MS else "fail"),
                f"{where}; others: " + json.dumps({n[:2]: round(t) for n, t in first_charts[1:]}),
            ),
        )
    return rows
