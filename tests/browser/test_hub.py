"""The workshop hub of deploy/jupyterhub/, for real: three participants and a facilitator
log in through the hub in headless Chromium; each participant answers a delegation
scenario of 04 in the app and exports into the shared drop box; the facilitator's team
picture shows figures only once three exports have arrived: both as the facilitator's
``leadlib.team.aggregate`` and live, in notebook 07 open in the facilitator's JupyterLab
before anyone exports (the "Live" box reads the drop box every few seconds and shows
no figure until k have exported).

As root (CI) every participant is a real Unix account made by the config
(LocalProcessSpawner): the test then also proves the file permissions (journals and the
drop box unreadable to other participants). Otherwise it uses SimpleLocalProcessSpawner,
which proves the hub, the app page, separate journals and the refused cross-user
request only. Skips without the hub's tools (jupyterhub, configurable-http-proxy) unless
LEADLIB_REQUIRE_HUB=1 (.ci/run), when it fails instead.

Must not import leadlib.widgets or ipywidgets: only the kernels in the servers do.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from leadlib import Content
from leadlib.delegation import TaskContext, assess
from leadlib.team.privacy import DEFAULT_MIN_GROUP

from .conftest import SCREENSHOTS, VIEWPORT
from .hub import (
    HubServer,
    hub_requirement,
    login,
    open_app,
    server_python,
    wait_for_app,
)
from .test_judge_first import rate_factors

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: The participants, by the letter their account names end with (``lltest-<tag>-a``).
PARTICIPANTS = tuple("abc")

#: Run as the facilitator: the team picture of notebook 07 (leadlib.team.aggregate, with
#: the privacy rules and the facilitator's release ledger), as JSON on stdout.
PICTURE = """
import json, sys
from leadlib.team import aggregate
summary = aggregate(sys.argv[1], ledger=sys.argv[2])
print(json.dumps({
    "participants": summary.participants,
    "held_back": summary.held_back is not None,
    "enough": summary.enough_people,
    "scenarios": {s.scenario_id: [s.n, s.distribution.mode] for s in summary.scenarios},
}))
"""


@pytest.fixture(scope="module")
def hub(chromium_path: str) -> Iterator[HubServer]:
    reason = hub_requirement()
    if reason:
        if os.environ.get("LEADLIB_REQUIRE_HUB") == "1":
            pytest.fail(f"{reason} (LEADLIB_REQUIRE_HUB=1, so this fails instead of skipping)")
        pytest.skip(reason)
    server = HubServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()


def _expect() -> Any:
    from playwright.sync_api import expect

    return expect


def _journal_answers(home: Path) -> tuple[str, dict[str, Any]]:
    from leadlib.journal import open_journal

    with open_journal(path=home / ".leadlib" / "journal.sqlite3") as journal:
        return journal.participant_code, journal.answers("delegation")


def _picture(hub: HubServer, ledger: str) -> dict[str, Any]:
    """The facilitator's team picture of the drop box, built as the facilitator.

    Each look has its own release ledger (``ledger``, in the facilitator's home): with
    one ledger, a look at two exports is a release, and the third export alone would
    then be held back by the privacy rule (fewer than 3 new people since that release).
    """
    home = hub.home(hub.facilitator)
    variables = [f"LEADLIB_HOME={home / '.leadlib'}", f"HOME={home}"]
    ledger_path = str(home / f"{ledger}.json")
    command = ["env", *variables, server_python(), "-c", PICTURE, str(hub.shared), ledger_path]
    if hub.real_users:
        result = hub.as_user(hub.facilitator, *command, cwd="/")
    else:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


#: The open notebook in JupyterLab.
_PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
#: The run-on-open state of the open notebook once it has settled (leadlib/static/run-on-open.js).
_RUN_ON_OPEN = """(panel) => {
    const node = document.querySelector(panel);
    const state = node && node.dataset.leadlibRunOnOpen;
    return state && state !== 'waiting' && state !== 'running' ? state : false;
}"""


def _open_live_debrief(lab: Any, hub: HubServer, facilitator: str) -> tuple[Any, float]:
    """Open 07 in the facilitator's JupyterLab (it runs on open) and return its team
    debrief output, following the drop box live, and the seconds between two looks."""
    expect = _expect()
    lab.goto(hub.url(f"/user/{facilitator}/lab/tree/07_team_debrief.ipynb?reset"))
    lab.wait_for_selector(f"{_PANEL} .jp-Cell", timeout=90_000)
    settled = lab.wait_for_function(_RUN_ON_OPEN, arg=_PANEL, timeout=120_000, polling=250)
    state = settled.json_value()
    assert state == "done", f"07 did not run on open in the facilitator's JupyterLab: {state}"
    debrief = lab.locator(f"{_PANEL} .jp-OutputArea", has_text="Live: read the folder every")
    expect(debrief).to_be_visible(timeout=60_000)
    # the workshop's drop box (LEADLIB_SHARED_EXPORTS of the facilitator's server), live
    expect(debrief.locator("input[type='text']").first).to_have_value(str(hub.shared))
    expect(debrief.locator("input[type='checkbox']")).to_be_checked()
    expect(debrief).to_contain_text("No answers in the shared folder yet", timeout=30_000)
    every = re.search(r"Live: read the folder every (\d+) seconds", debrief.inner_text())
    assert every, debrief.inner_text()
    return debrief, float(every.group(1))


def _wait_live(debrief: Any, text: str, interval: float) -> float:
    """Wait for ``text`` in the live view (three looks and the drawing at most); the
    seconds it took."""
    started = time.monotonic()
    _expect()(debrief).to_contain_text(text, timeout=(3 * interval + 15) * 1000)
    return time.monotonic() - started


def _export(page: Any, hub: HubServer, name: str) -> Path:
    """Click Export in 06 (the app) and return the export file in the drop box."""
    expect = _expect()
    open_app(page, hub, name, "06_leadership_training_for_managers.ipynb")
    panel = page.locator(".jp-OutputArea", has_text="Export for the facilitator").first
    panel.get_by_role("button", name="Export my answers").click()
    expect(panel).to_contain_text("Export written", timeout=30_000)
    said = panel.inner_text()
    # The panel writes into the drop box itself, under a random name it states.
    assert str(hub.shared) in said, said
    names = re.findall(r"\b(leadlib-[0-9a-f]{16}\.json)\b", said)
    assert names, said
    return hub.shared / names[0]


def test_three_participants_and_a_facilitator_on_the_workshop_hub(
    hub: HubServer, chromium: Any, content: Content
) -> None:
    expect = _expect()
    started = time.monotonic()
    # this run's own account names, so a run beside it never removes them
    participants = tuple(hub.name(letter) for letter in PARTICIPANTS)
    first = content.scenarios[0]
    levels = {lv.number: f"{lv.number} {lv.name}: {lv.description}" for lv in content.levels}
    choices = dict(zip(participants, (1, 2, 1), strict=True))
    contexts: dict[str, Any] = {}
    pages: dict[str, Any] = {}
    exports: dict[str, Path] = {}
    pictures: list[dict[str, Any]] = []
    k = DEFAULT_MIN_GROUP
    assert len(participants) == k, "the test exports exactly k participants"
    lab: Any = None
    try:
        facilitator = hub.account(hub.facilitator)
        # the facilitator logs in first and gets JupyterLab
        contexts[facilitator] = chromium.new_context(viewport=VIEWPORT)
        lab, _ = login(contexts[facilitator], hub, facilitator)
        assert f"/user/{facilitator}/lab" in lab.url, lab.url
        expect(lab.locator("#jp-main-dock-panel")).to_be_visible(timeout=60_000)
        # ... and opens 07 before anyone exports: it follows the drop box live
        opened = time.monotonic()
        debrief, interval = _open_live_debrief(lab, hub, facilitator)
        print(
            f"07 open and live in the facilitator's JupyterLab: {time.monotonic() - opened:.1f} s"
        )
        for name in participants:
            hub.account(name)
            contexts[name] = chromium.new_context(viewport=VIEWPORT)
            contexts[name].set_default_timeout(60_000)
            page, spawn = login(contexts[name], hub, name)
            pages[name] = page
            # participants land in the app, at the start page
            assert page.url.endswith(f"/user/{name}/voila/render/00_start_here.ipynb"), page.url
            wait_for_app(page)
            open_app(page, hub, name, "04_delegation.ipynb")
            exercise = page.locator(".jp-OutputArea", has_text="Scenario 1 of").first
            rate_factors(exercise, ("low", "high", "high", "high"))
            exercise.get_by_role("radio", name=levels[choices[name]], exact=True).check()
            verdict = assess(content, TaskContext.of(first), choices[name])
            expect(exercise).to_contain_text(verdict.explanation)
            exports[name] = _export(page, hub, name)
            done = len(exports)
            if done < k:  # the live view says how many wait, and shows no figure
                plural = "s" if done > 1 else ""
                waited = _wait_live(
                    debrief, f"{done} new answer{plural} waiting until {k}", interval
                )
                assert "No picture yet." in debrief.inner_text()
                assert debrief.locator("img").count() == 0
                assert debrief.get_by_role("heading", name="At a glance").count() == 0
            else:  # k have exported: the picture appears in the facilitator's browser
                waited = _wait_live(debrief, f"The picture counts {k} participants.", interval)
                expect(debrief.get_by_role("heading", name="At a glance")).to_be_visible()
                expect(debrief).to_contain_text(f"{k} people")
                assert "waiting" not in debrief.inner_text()
            # every export in the drop box is one the facilitator's kernel can read
            assert "cannot be used" not in debrief.inner_text(), debrief.inner_text()
            print(f"live view after export {done}: {waited:.1f} s")
            if name == participants[1]:
                pictures.append(_picture(hub, "peek"))  # two exports: nothing to show yet
            print(f"{name}: spawned in {spawn:.1f} s")
        pictures.append(_picture(hub, "session"))

        # each participant's own journal, holding their own answer
        codes = {}
        for name in participants:
            code, answers = _journal_answers(hub.home(name))
            assert answers == {first.id: choices[name]}, name
            codes[name] = code
            # the export in the drop box is theirs, under a name that does not identify them
            assert json.loads(exports[name].read_text(encoding="utf-8"))["participant"] == code
            assert code not in exports[name].name
        assert len(set(codes.values())) == 3
        assert not (hub.home(facilitator) / ".leadlib" / "journal.sqlite3").exists() or (
            _journal_answers(hub.home(facilitator))[1] == {}
        )

        # participant A's browser is refused B's server
        a, b = participants[0], participants[1]
        response = pages[a].goto(hub.url(f"/user/{b}/api/contents"))
        assert response is not None
        refused = response.status == 403 or f"/user/{b}/" not in pages[a].url
        assert refused, f"{a} reached {b}'s server: {response.status} {pages[a].url}"
        assert response.status != 200 or f"/user/{b}/" not in pages[a].url
        print(f"{a} asking for {b}'s server: {response.status} at {pages[a].url}")

        if hub.real_users:
            # the drop box: participants cannot list it nor read another's export;
            # the facilitator lists and reads all three
            assert hub.as_user(a, "ls", str(hub.shared)).returncode != 0
            assert hub.as_user(a, "cat", str(exports[b])).returncode != 0
            listed = hub.as_user(facilitator, "ls", str(hub.shared))
            assert sorted(listed.stdout.split()) == sorted(p.name for p in exports.values())
            assert hub.as_user(facilitator, "cat", str(exports[a])).returncode == 0
            # journals: nobody reads another participant's
            journal_b = hub.home(b) / ".leadlib" / "journal.sqlite3"
            assert hub.as_user(a, "cat", str(journal_b)).returncode != 0
            assert hub.as_user(facilitator, "cat", str(journal_b)).returncode != 0

        # The team picture: from two exports, not enough people for any figure; from
        # three, the picture is released (three answers to scenario 1). Its distribution
        # stays hidden even then: any split of three answers shows a group of fewer than
        # three or a near-unanimous one (docs/privacy.md), so only its count is a figure.
        two, three = pictures
        assert (two["participants"], two["enough"], two["held_back"]) == (2, False, False)
        assert all(mode == "hidden" for _n, mode in two["scenarios"].values()), two
        assert (three["participants"], three["enough"], three["held_back"]) == (3, True, False)
        assert three["scenarios"][first.id][0] == 3, three
    except Exception:
        if lab is not None:
            pages = {**pages, facilitator: lab}
        for name, page in pages.items():
            path = SCREENSHOTS / "failures" / f"hub-{name}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                page.screenshot(path=str(path))
            except Exception as error:
                print(f"no failure screenshot for {name}: {error}")
        print(hub.log_tail(60))
        raise
    finally:
        for context in contexts.values():
            context.close()
        accounts = "a Unix account each" if hub.real_users else "one Unix account for all"
        print(f"hub test ({accounts}): {time.monotonic() - started:.1f} s")
