"""Capacity of the workshop hub (deploy/jupyterhub/): what one participant costs.

Starts the hub as tests/browser/test_hub.py does (real Unix accounts when run as root
with a Python they can run, see LEADLIB_HUB_PYTHON; else one account for all), logs
participants in through Chromium and measures:

* time to spawn: from the login click to the app's start page;
* memory per participant (PSS, which counts a shared library once across processes,
  so it adds up over participants; RSS beside it): after spawning (server + the start
  page's kernel), after the whole course with every notebook left open in its own tab
  (one kernel each: no culling), and after the kernels were culled as idle (the server
  alone; a participant then works with one kernel at a time);
* CPU per exercise: the participant's processes' CPU time for answering one delegation
  scenario (rate four factors, choose a level, see the verdict);
* the hub's own processes (hub, proxy, idle culler);

and from these, participants per 4, 8 and 16 GiB machine.

Run alone with ``python -m benchmarks.bench_hub [--quick]``; the runner calls
``run(quick)``. Must not be collected by pytest (a benchmark, not a timed test).
"""

from __future__ import annotations

import contextlib
import os
import signal
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, row

NAME = "bench_hub"
COURSE = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
QUICK_COURSE = ["00_start_here.ipynb", "04_delegation.ipynb"]
#: Left for the operating system and the page cache of a machine that runs only the hub.
SYSTEM_RESERVE_MIB = 768
MACHINES_GIB = (4, 8, 16)
TARGET_ON_8_GIB = 30
MIB = 1024


def _participants_per_machine(gib: int, hub_mib: float, each_mib: float) -> int:
    return max(0, int((gib * 1024 - SYSTEM_RESERVE_MIB - hub_mib) // each_mib))


def _answer_scenario(page: Any, content: Any) -> None:
    from playwright.sync_api import expect

    from leadlib.delegation import TaskContext, assess
    from tests.browser.test_judge_first import rate_factors

    first = content.scenarios[0]
    level = content.levels[1]
    exercise = page.locator(".jp-OutputArea", has_text="Scenario 1 of").first
    rate_factors(exercise, ("low", "high", "high", "high"))
    exercise.get_by_role(
        "radio", name=f"{level.number} {level.name}: {level.description}", exact=True
    ).check()
    verdict = assess(content, TaskContext.of(first), level.number)
    expect(exercise).to_contain_text(verdict.explanation)


def _hub_overhead_kib(hub: Any, participants: list[str]) -> int:
    from tests.browser.hub import pss_kib

    if hub.process is None:
        return 0
    theirs = {pid for name in participants for pid in hub.processes(name)}
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in theirs:
            continue
        try:
            if os.getsid(int(entry.name)) == hub.process.pid:
                total += pss_kib(int(entry.name))
        except OSError:
            continue
    return total


def _wait_for_culling(hub: Any, name: str, timeout: float) -> tuple[float, int]:
    """Seconds until only the server is left (its kernels culled), and what is left."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        count = len(hub.processes(name))
        if count <= 1:
            return time.monotonic() - started, count
        time.sleep(2)
    return time.monotonic() - started, len(hub.processes(name))


def run(quick: bool = False) -> list[dict[str, Any]]:
    sys.path.insert(0, str(ROOT))
    from tests.browser.hub import HubServer, hub_requirement, login, open_app, wait_for_app
    from tests.browser.lab import CHROMIUM_ARGS, browser_requirement

    chromium, reason = browser_requirement()
    reason = reason or hub_requirement()
    if chromium is None or reason:
        return [row(NAME, "hub capacity", "-", verdict="skipped", note=reason)]
    from playwright.sync_api import sync_playwright

    from leadlib import load_content

    content = load_content()
    count = 1 if quick else 3
    course = QUICK_COURSE if quick else COURSE
    cull = 10 if quick else 120  # longer than one participant's pass through the course
    hub = HubServer(cull_kernel=cull)
    # a benchmark stopped with SIGTERM still stops its hub and removes its accounts
    with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    names = [hub.name(f"p{i}") for i in range(count)]
    spawn: list[float] = []
    first_page: list[float] = []
    after_spawn: list[tuple[int, int, int]] = []
    one_tab: list[tuple[int, int, int]] = []
    whole: list[tuple[int, int, int]] = []
    culled: list[tuple[int, int, int]] = []
    cpu: list[float] = []
    cull_wait: list[float] = []
    hub_kib = 0
    try:
        hub.start()
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                for name in names:
                    hub.account(name)
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    context.set_default_timeout(120_000)
                    started = time.monotonic()
                    page, seconds = login(context, hub, name)
                    spawn.append(seconds)
                    wait_for_app(page)
                    first_page.append(time.monotonic() - started)
                    time.sleep(2)
                    after_spawn.append(hub.memory_kib(name))
                    # the whole course in one tab, as the app's links go (Voilà shuts a
                    # page's kernel down when the page is left)
                    for notebook in course[1:]:
                        open_app(page, hub, name, notebook)
                        if notebook.startswith("04_"):
                            before = hub.cpu(name)
                            _answer_scenario(page, content)
                            time.sleep(1)  # the journal write and the verdict's redraw
                            cpu.append(hub.cpu(name) - before)
                    time.sleep(3)
                    one_tab.append(hub.memory_kib(name))
                    # then every notebook open in its own tab: one kernel each
                    for notebook in course[:-1]:
                        open_app(context.new_page(), hub, name, notebook)
                    time.sleep(2)
                    whole.append(hub.memory_kib(name))
                # kernels idle for `cull` seconds are shut down, tabs still open
                for name in names:
                    waited, _left = _wait_for_culling(hub, name, cull * 4 + 60)
                    cull_wait.append(waited)
                    culled.append(hub.memory_kib(name))
                hub_kib = _hub_overhead_kib(hub, names)
            finally:
                browser.close()
    finally:
        hub.stop()

    def mib(values: list[tuple[int, int, int]], index: int) -> float:
        return statistics.mean(v[index] for v in values) / MIB

    kernels = statistics.mean(w[2] - c[2] for w, c in zip(whole, culled, strict=True))
    server_mib = mib(culled, 0)
    all_open_mib = mib(whole, 0)
    kernel_mib = (all_open_mib - server_mib) / kernels if kernels else 0.0
    # with culling, a participant holds their server and the kernel they work in
    working_mib = server_mib + kernel_mib
    hub_mib = hub_kib / MIB
    accounts = "one Unix account each" if hub.real_users else "one Unix account for all"
    note = f"{count} participant(s), {len(course)} notebooks, {accounts}"
    rows = [
        row(NAME, "time to spawn (login to app page)", statistics.mean(spawn), "s", note=note),
        row(NAME, "first page drawn after login", statistics.mean(first_page), "s"),
        row(
            NAME,
            "memory after spawn (server + 1 kernel)",
            mib(after_spawn, 0),
            "MiB PSS",
            note=f"RSS {mib(after_spawn, 1):.0f} MiB",
        ),
        row(
            NAME,
            "memory after the whole course in one tab (the app's links)",
            mib(one_tab, 0),
            "MiB PSS",
            note=f"{statistics.mean(o[2] for o in one_tab):.0f} processes; RSS "
            f"{mib(one_tab, 1):.0f} MiB",
        ),
        row(
            NAME,
            "memory with every notebook open in its own tab, no culling",
            all_open_mib,
            "MiB PSS",
            note=f"{statistics.mean(w[2] for w in whole):.0f} processes; RSS "
            f"{mib(whole, 1):.0f} MiB",
        ),
        row(NAME, "memory per kernel", kernel_mib, "MiB PSS"),
        row(
            NAME,
            "memory after kernel culling (server alone)",
            server_mib,
            "MiB PSS",
            note=f"culled {statistics.mean(cull_wait):.0f} s after the wait began "
            f"(timeout {cull} s); RSS {mib(culled, 1):.0f} MiB",
        ),
        row(NAME, "CPU per exercise (one delegation answer)", statistics.mean(cpu), "s CPU"),
        row(NAME, "hub, proxy and idle culler", hub_mib, "MiB PSS"),
    ]
    for gib in MACHINES_GIB:
        without = _participants_per_machine(gib, hub_mib, all_open_mib)
        in_one_tab = _participants_per_machine(gib, hub_mib, mib(one_tab, 0))
        with_culling = _participants_per_machine(gib, hub_mib, working_mib)
        judged = gib == 8 and not quick
        rows.append(
            row(
                NAME,
                f"participants on {gib} GiB (culled / one tab / every tab open)",
                f"{with_culling} / {in_one_tab} / {without}",
                "",
                target=f">= {TARGET_ON_8_GIB} with culling" if gib == 8 else "",
                verdict=("pass" if with_culling >= TARGET_ON_8_GIB else "fail")
                if judged
                else "info",
                note=f"{SYSTEM_RESERVE_MIB} MiB left for the system",
            )
        )
    return rows


if __name__ == "__main__":
    for measured in run(quick="--quick" in sys.argv):
        print(measured)
