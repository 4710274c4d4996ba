"""The hub test's own account names (tests/browser/hub.py): each run's names carry its
tag and fit the hub's and Unix's limits, and a run removes the accounts of an earlier
run only when that run is provably dead (no process of it lives).

The sweep needs root and useradd (as in CI); the names need neither. Must not import
playwright, leadlib.widgets or ipywidgets.
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.hub import PREFIX, USERNAME, HubServer, sweep_dead_runs


@pytest.fixture
def hub() -> Iterator[HubServer]:
    server = HubServer(real_users=False)
    try:
        yield server
    finally:
        server.stop()


def test_each_run_names_its_accounts_with_its_own_tag(hub: HubServer) -> None:
    other = HubServer(real_users=False)
    try:
        assert hub.tag != other.tag
        assert hub.facilitator == f"{PREFIX}{hub.tag}-fac"
        assert hub.groups == (f"{PREFIX}{hub.tag}-p", f"{PREFIX}{hub.tag}-f")
        assert hub.name("a") != other.name("a")
        assert hub.base.name.startswith(f"leadlib-hub-{hub.tag}-")
        pid, started = (hub.base / "owner").read_text().split()
        assert int(pid) == os.getpid() and started.isdigit()
    finally:
        other.stop()
    for name in (hub.facilitator, *hub.groups, hub.name("p99")):
        assert USERNAME.match(name) and len(name) <= 31, name


def test_a_name_outside_the_limits_or_of_another_run_is_refused(hub: HubServer) -> None:
    start = len(f"{PREFIX}{hub.tag}-")
    assert len(hub.name("x" * (31 - start))) == 31
    with pytest.raises(ValueError, match="at most 31 characters"):
        hub.name("x" * (32 - start))
    with pytest.raises(ValueError, match="lowercase"):
        hub.name("Fac")
    with pytest.raises(ValueError, match="not one of this hub's accounts"):
        hub.account(PREFIX + "fac")
    with pytest.raises(ValueError, match="not one of this hub's accounts"):
        hub.account(HubServer(real_users=False, base=hub.base).name("a"))
    assert hub.account(hub.name("a")) == hub.name("a")


def _exists(name: str, group: bool = False) -> bool:
    try:
        (grp.getgrnam if group else pwd.getpwnam)(name)
    except KeyError:
        return False
    return True


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("useradd") is None,
    reason="making Unix accounts needs root and useradd (CI runs this as root)",
)
def test_only_the_accounts_of_dead_runs_are_swept() -> None:
    dead, by_process, by_hub, by_owner, mine = (secrets.token_hex(4) for _ in range(5))
    accounts = {
        "dead": [f"{PREFIX}{dead}-fac", f"{PREFIX}{dead}-a"],
        # a process runs as one of its accounts: the other one stays too
        "process": [f"{PREFIX}{by_process}-a", f"{PREFIX}{by_process}-b"],
        # its hub (a process with its groups in the environment) runs
        "hub": [f"{PREFIX}{by_hub}-fac"],
        # the process that started it runs (owner file), before any of its processes
        "owner": [f"{PREFIX}{by_owner}-fac"],
        "mine": [f"{PREFIX}{mine}-fac"],
    }
    groups = [f"{PREFIX}{dead}-p", f"{PREFIX}{by_process}-p"]
    made = [name for names in accounts.values() for name in names]
    folder = Path(tempfile.mkdtemp(prefix=f"leadlib-hub-{by_owner}-"))
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for group in groups:
            subprocess.run(["groupadd", group], check=True, capture_output=True)
        for name in made:
            subprocess.run(["useradd", "--no-create-home", name], check=True, capture_output=True)
        processes.append(subprocess.Popen(["sleep", "120"], user=accounts["process"][0]))
        env = {**os.environ, "LEADLIB_HUB_PARTICIPANTS_GROUP": f"{PREFIX}{by_hub}-p"}
        processes.append(subprocess.Popen(["sleep", "120"], env=env))
        owner = subprocess.Popen(["sleep", "120"])
        processes.append(owner)
        started = Path(f"/proc/{owner.pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
        (folder / "owner").write_text(f"{owner.pid} {started}\n")

        removed = sweep_dead_runs(keep=mine)

        # (a hub test started meanwhile may have swept them first: both obey the rule)
        assert not any(_exists(name) for name in accounts["dead"])
        assert not _exists(groups[0], group=True)
        kept = [name for key in ("process", "hub", "owner", "mine") for name in accounts[key]]
        assert not set(kept) & set(removed), removed
        assert all(_exists(name) for name in kept)
        assert _exists(groups[1], group=True)

        # once the owner has ended, its run is dead too
        owner.kill()
        owner.wait()
        sweep_dead_runs(keep=mine)
        assert not _exists(accounts["owner"][0])
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            process.wait()
        for name in made:
            subprocess.run(["userdel", name], capture_output=True, check=False)
        for group in groups:
            subprocess.run(["groupdel", group], capture_output=True, check=False)
        shutil.rmtree(folder, ignore_errors=True)
