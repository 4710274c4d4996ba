"""Opening a notebook of the learner's working copy in JupyterLab brings its exercises to
life without Run All (the course's extension, leadlib/static/run-on-open.js), leaves the
notebook unmodified, and ``/lab`` opens the start page.

Must not import leadlib.widgets or ipywidgets: only the kernels in the server do.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from leadlib import workcopy

from .conftest import NOTEBOOKS, ROOT, VIEWPORT
from .lab import LabPage, LabServer
from .test_judge_first import rate_factors

pytestmark = [pytest.mark.browser, pytest.mark.slow]

_STATE = (
    "() => { const p = document.querySelector('PANEL');"
    " return p ? p.dataset.leadlibRunOnOpen || '' : null; }"
)
_DIRTY = "() => !!document.querySelector('#jp-main-dock-panel .lm-TabBar-tab.jp-mod-dirty')"


@pytest.fixture(scope="module")
def copy_server(
    chromium_path: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LabServer]:
    """JupyterLab over a working copy made as `make lab` makes it, plus a stranger's
    notebook that carries the run-on-open mark but was not signed on this computer."""
    from leadlib import labconfig

    labconfig.install()  # the extension, as `make lab` installs it
    base = tmp_path_factory.mktemp("runopen")
    home = base / "leadlib-home"
    server = LabServer(root=home / "course", home=home, scratch=base / "jupyter", source=ROOT)
    env = server.environment()  # the notary's database lives in the server's data folder
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_DATA_DIR", env["JUPYTER_DATA_DIR"])
        workcopy.update(NOTEBOOKS, server.root)
    stranger = json.loads((server.root / "01_two_roles.ipynb").read_text("utf-8"))
    stranger["cells"][0]["source"] = "# a notebook from elsewhere\n"
    (server.root / "zz_from_elsewhere.ipynb").write_text(json.dumps(stranger), "utf-8")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def lab(chromium: Any, copy_server: LabServer) -> Iterator[LabPage]:
    context = chromium.new_context(viewport=VIEWPORT)
    context.set_default_timeout(30_000)
    try:
        yield LabPage(context.new_page(), copy_server)
    finally:
        context.close()
        copy_server.shut_down_kernels()


def _goto(lab: LabPage, notebook: str) -> float:
    started = time.monotonic()
    lab.page.goto(lab.server.url(f"/lab/tree/{notebook}?reset"))
    lab.page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell", timeout=90_000)
    lab.notebook = notebook
    return started


def _state(lab: LabPage) -> Any:
    return lab.page.evaluate(_STATE.replace("PANEL", ".jp-NotebookPanel:not(.lm-mod-hidden)"))


def test_opening_the_delegation_notebook_runs_it_without_run_all(lab: LabPage) -> None:
    started = _goto(lab, "04_delegation.ipynb")
    lab.page.wait_for_function(
        "() => { const p = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');"
        " return p && ['done', 'failed', 'untrusted'].includes(p.dataset.leadlibRunOnOpen); }",
        timeout=120_000,
        polling=100,
    )
    assert _state(lab) == "done", f"the notebook did not run by itself\n{lab.report()}"
    exercise = lab.exercise_output("delegation")
    exercise.get_by_text("Scenario 1 of").first.wait_for(timeout=15_000)
    seconds = time.monotonic() - started
    print(f"04_delegation: delegation exercise live {seconds:.1f} s after opening")
    assert lab.errors() == []
    assert lab.widgets_drawn() == []
    # a live widget answers: rating the four factors opens the levels, and choosing a
    # level shows the verdict
    rate_factors(exercise, ("low", "high", "high", "high"))
    before = exercise.inner_text()
    exercise.locator(".widget-radio").get_by_role("radio").first.check()
    lab.page.wait_for_function(
        "([el, before]) => el.innerText !== before",
        arg=[exercise.element_handle(), before],
        timeout=15_000,
    )
    assert not lab.page.evaluate(_DIRTY), "opening the notebook marked it as modified"
    # nor does anything mark it later (JupyterLab writes kernel info a moment after)
    lab.page.wait_for_timeout(1500)
    assert not lab.page.evaluate(_DIRTY), "the notebook became modified after opening"


def test_a_notebook_not_signed_here_does_not_run_by_itself(lab: LabPage) -> None:
    _goto(lab, "zz_from_elsewhere.ipynb")
    lab.wait_for_kernel_idle()
    lab.page.wait_for_function(
        "() => document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)')"
        ".dataset.leadlibRunOnOpen === 'untrusted'",
        timeout=30_000,
    )
    prompts = lab.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputArea-prompt")
    assert all("[" not in (t or "") or "[ ]" in t for t in prompts.all_inner_texts())


def test_lab_without_a_document_opens_the_start_page(lab: LabPage) -> None:
    lab.page.goto(lab.server.url("/lab?reset"))
    lab.page.wait_for_function(
        """() => {
            const tab = document.querySelector(
                '#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel');
            return tab && tab.textContent.trim() === '00_start_here.ipynb';
        }""",
        timeout=60_000,
    )
    lab.page.wait_for_function(
        "() => document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)')"
        ".dataset.leadlibRunOnOpen === 'done'",
        timeout=120_000,
    )
    assert not lab.page.evaluate(_DIRTY)


def test_the_working_copy_is_marked_and_signed(copy_server: LabServer) -> None:
    saved = json.loads((copy_server.root / "04_delegation.ipynb").read_text("utf-8"))
    assert saved["metadata"]["leadlib"] == {"run_on_open": True}
    model = copy_server.api("GET", "/api/contents/04_delegation.ipynb")
    code = [c for c in model["content"]["cells"] if c["cell_type"] == "code"]
    assert code and all(c["metadata"].get("trusted") for c in code)
    stranger = copy_server.api("GET", "/api/contents/zz_from_elsewhere.ipynb")
    assert not any(
        c["metadata"].get("trusted") for c in stranger["content"]["cells"] if "metadata" in c
    )
