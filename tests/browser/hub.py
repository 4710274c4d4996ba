"""The workshop hub of deploy/jupyterhub/ started for a test or a benchmark, and what a
participant does in it (log in, open a notebook as the app), with the memory and CPU
their processes use.

Used by tests/browser/test_hub.py and benchmarks/bench_hub.py. Must not import
leadlib.widgets, ipywidgets or matplotlib; playwright is imported by callers.
"""

from __future__ import annotations

import contextlib
import grp
import importlib.util
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
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

from .lab import log_tail

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
#: The test's accounts and groups carry this prefix, then the tag of their run:
#: ``lltest-<tag>-fac``, ``lltest-<tag>-a``, ``lltest-<tag>-p`` (group). Each run removes
#: only its own, so two runs at once (two developers, a rerun beside a stuck run) never
#: remove each other's accounts; see ``sweep_dead_runs`` for leftovers of killed runs.
PREFIX = "lltest-"
#: The hub's own rule for user names (Authenticator.username_pattern in the config):
#: lowercase, at most 31 characters, within Unix's 32.
USERNAME = re.compile(r"^[a-z][a-z0-9_-]{0,30}$")
#: A tagged account or group: the run's tag, then what it is.
_TAGGED = re.compile(rf"^{re.escape(PREFIX)}([0-9a-f]{{8}})-[a-z0-9_]+$")
#: An account of the code before tags (``lltest-fac``, ``lltest-a``, ``lltest-p0``).
_UNTAGGED = re.compile(rf"^{re.escape(PREFIX)}[a-z0-9_]+$")


def _run_of(name: str) -> str | None:
    """The tag of the run an account or group belongs to: "" for the untagged names of
    the code before tags (all such runs count as one), None for any other name."""
    if match := _TAGGED.match(name):
        return match.group(1)
    return "" if _UNTAGGED.match(name) else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def proxy_command(environ: Mapping[str, str] | None = None) -> str | None:
    env = os.environ if environ is None else environ
    chosen = env.get("LEADLIB_HUB_PROXY")
    if chosen:
        return chosen if os.access(chosen, os.X_OK) else None
    return shutil.which("configurable-http-proxy", path=env.get("PATH"))


def hub_requirement(environ: Mapping[str, str] | None = None) -> str:
    """ "" when the hub can start here, else what is missing and how to install it."""
    missing = [
        name
        for name in ("jupyterhub", "jupyterhub_idle_culler", "voila")
        if importlib.util.find_spec(name) is None
    ]
    if missing:
        return (
            f"the hub test needs {', '.join(missing)}: install the extras with "
            "`.venv/bin/pip install -e '.[app,hub]'`"
        )
    if proxy_command(environ) is None:
        return (
            "the hub test needs configurable-http-proxy on PATH: `apt-get install -y nodejs "
            "npm && npm install -g configurable-http-proxy@5.3.0` (or set LEADLIB_HUB_PROXY)"
        )
    return ""


def server_python(environ: Mapping[str, str] | None = None) -> str:
    """The Python the participants' servers run: LEADLIB_HUB_PYTHON, else this one."""
    env = os.environ if environ is None else environ
    return env.get("LEADLIB_HUB_PYTHON") or sys.executable


def real_users_possible() -> bool:
    """Real Unix accounts per participant need root, useradd, and a Python with the
    course that other accounts can run (a pyenv Python under /root is not one: .ci/run
    makes one from Debian's python3 and names it in LEADLIB_HUB_PYTHON)."""
    if os.geteuid() != 0 or shutil.which("useradd") is None or shutil.which("runuser") is None:
        return False
    probe = subprocess.run(
        ["runuser", "-u", "nobody", "--", server_python(), "-c", "import leadlib, jupyterhub"],
        capture_output=True,
        check=False,
        cwd="/",
    )
    return probe.returncode == 0


def _remove_user(name: str) -> None:
    with contextlib.suppress(KeyError):
        uid = pwd.getpwnam(name).pw_uid
        for pid in _pids_where(lambda p, env: _uid_of(p) == uid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        subprocess.run(["userdel", "--remove", name], capture_output=True, check=False)


def _start_time(pid: int) -> str | None:
    """When the process started (clock ticks since boot): with the pid, it names one
    process, not a later one that was given the same pid."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _owner_alive(record: Path) -> bool:
    """Whether the process named in a run's owner file (``<pid> <start time>``) lives."""
    try:
        pid, started = record.read_text().split()
        return _start_time(int(pid)) == started
    except (OSError, ValueError):
        return False


def _live_runs() -> set[str]:
    """The tags of the runs that provably live: a process runs as one of their accounts,
    a process carries their groups in its environment (their hub, its proxy), or the
    process that made the run (its owner file in its temporary folder) still runs."""
    run_of_uid = {
        entry.pw_uid: run for entry in pwd.getpwall() if (run := _run_of(entry.pw_name)) is not None
    }
    live: set[str] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        uid = _uid_of(pid)
        if uid in run_of_uid:
            live.add(run_of_uid[uid])
        env = _environ_of(pid)
        for key in ("LEADLIB_HUB_PARTICIPANTS_GROUP", "LEADLIB_HUB_FACILITATORS_GROUP"):
            if match := _TAGGED.match(env.get(key, "")):
                live.add(match.group(1))
        if _UNTAGGED.match(env.get("LEADLIB_HUB_FACILITATOR", "")):
            live.add("")  # a hub of the code before tags: its accounts are in use
    for record in Path(tempfile.gettempdir()).glob("leadlib-hub-*/owner"):
        match = re.match(r"^leadlib-hub-([0-9a-f]{8})-", record.parent.name)
        if match and _owner_alive(record):
            live.add(match.group(1))
    return live


def sweep_dead_runs(keep: str) -> list[str]:
    """Remove the accounts and groups of earlier runs that are provably dead; return
    their names.

    The rule: an account or group ``lltest-<tag>-*`` of another run (tag not ``keep``)
    is removed only when no process on the machine belongs to that run: none runs as
    any of its accounts, none has its groups in its environment (its hub and proxy),
    and the process that started it (``owner`` in its temporary folder) is gone. A run
    that is still going, even one that is stuck, keeps all of them. The untagged
    accounts of the code before tags (``lltest-fac``, ``lltest-a``) count as one run,
    alive while any of them has a process or a hub runs with such a facilitator.
    """
    live = _live_runs() | {keep}
    removed = []
    for entry in pwd.getpwall():
        run = _run_of(entry.pw_name)
        if run is not None and run not in live:
            subprocess.run(["userdel", "--remove", entry.pw_name], capture_output=True, check=False)
            removed.append(entry.pw_name)
    for group in grp.getgrall():
        match = _TAGGED.match(group.gr_name)
        if match and match.group(1) not in live:
            subprocess.run(["groupdel", group.gr_name], capture_output=True, check=False)
            removed.append(group.gr_name)
    return removed


def _uid_of(pid: int) -> int | None:
    try:
        return os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return None


def _environ_of(pid: int) -> dict[str, str]:
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return {}
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {k.decode(errors="replace"): v.decode(errors="replace") for k, v in pairs}


def _pids_where(test: Any) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            pid = int(entry.name)
            if test(pid, None):
                found.append(pid)
    return found


def pss_kib(pid: int) -> int:
    """Proportional set size: the process's share of the memory it touches (a shared
    library counts once across the processes that map it, so the sum over many
    participants is what the machine needs)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class HubServer:
    """``jupyterhub -f deploy/jupyterhub/jupyterhub_config.py`` with a test login on
    127.0.0.1 and every folder of its own (a fresh temporary folder).

    Its accounts and groups carry its own tag (``name``): two hubs started at once (two
    test runs, the test and the benchmark) never remove each other's."""

    real_users: bool = field(default_factory=real_users_possible)
    cull_kernel: int = 1200
    cull_server: int = 3600
    #: This run's tag, in its account and group names and its temporary folder's name.
    tag: str = field(default_factory=lambda: secrets.token_hex(4))
    facilitator: str = ""
    base: Path = Path()
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    users: list[str] = field(default_factory=list)
    #: Unix groups of its own (participants, facilitators).
    groups: tuple[str, str] = ("", "")
    groups_made: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[0-9a-f]{8}", self.tag):
            raise ValueError(f"a hub's tag is 8 hexadecimal digits, not {self.tag!r}")
        self.facilitator = self.facilitator or self.name("fac")
        self.groups = (self.name("p"), self.name("f"))
        if self.base == Path():
            self.base = Path(tempfile.mkdtemp(prefix=f"leadlib-hub-{self.tag}-"))
            # names the process that runs this hub, so a run started beside this one
            # knows it lives (sweep_dead_runs) even before its hub or accounts exist
            me = os.getpid()
            (self.base / "owner").write_text(f"{me} {_start_time(me)}\n")

    def name(self, what: str) -> str:
        """The name of this run's account (or group) ``what``: ``lltest-<tag>-<what>``."""
        full = f"{PREFIX}{self.tag}-{what}"
        if not USERNAME.match(full) or not _TAGGED.match(full):
            raise ValueError(
                f"{full!r} is no user name the hub accepts (lowercase letters, digits, _ "
                f"and -, at most 31 characters): choose a shorter or plainer {what!r}"
            )
        return full

    @property
    def shared(self) -> Path:
        return self.base / "exports"

    @property
    def course(self) -> Path:
        """A copy of the course's notebooks every account can read (the checkout may
        be under /root)."""
        return self.base / "course"

    @property
    def log_path(self) -> Path:
        return self.base / "jupyterhub.log"

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def home(self, name: str) -> Path:
        if self.real_users:
            return Path(pwd.getpwnam(name).pw_dir)
        return self.base / "homes" / name

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "LEADLIB_HUB_AUTH": "dummy",
                "LEADLIB_HUB_IP": "127.0.0.1",
                "LEADLIB_HUB_PORT": str(self.port),
                "LEADLIB_HUB_API_PORT": str(free_port()),
                "LEADLIB_HUB_PROXY_API_PORT": str(free_port()),
                "LEADLIB_HUB_STATE": str(self.base / "state"),
                "LEADLIB_HUB_HOMES": str(self.base / "homes"),
                "LEADLIB_HUB_SPAWNER": "users" if self.real_users else "simple",
                "LEADLIB_HUB_FACILITATOR": self.facilitator,
                "LEADLIB_HUB_COURSE": str(self.course),
                "LEADLIB_HUB_CULL_KERNEL": str(self.cull_kernel),
                "LEADLIB_HUB_CULL_SERVER": str(self.cull_server),
                # also marks every process of this hub, so stop() finds them all
                "LEADLIB_SHARED_EXPORTS": str(self.shared),
                "LEADLIB_HUB_PYTHON": server_python(),
                "LEADLIB_HUB_PARTICIPANTS_GROUP": self.groups[0],
                "LEADLIB_HUB_FACILITATORS_GROUP": self.groups[1],
            }
        )
        # Kernels over TCP here: an IPC socket path under a participant's home
        # (/tmp/leadlib-hub-*/homes/<name>/.local/share/jupyter/runtime/...) is longer
        # than the 107 bytes a socket path may have.
        proxy = proxy_command(env)
        if proxy:
            env["LEADLIB_HUB_PROXY"] = proxy
        return env

    def start(self, timeout: float = 90.0) -> None:
        if self.real_users:
            swept = sweep_dead_runs(keep=self.tag)
            if swept:
                print(f"removed the accounts and groups of dead hub test runs: {swept}")
        self.base.chmod(0o755)  # participants' servers must reach the drop box inside
        shutil.copytree(
            ROOT / "notebooks",
            self.course,
            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
            dirs_exist_ok=True,
        )
        self.groups_made = []
        for group in self.groups:
            try:
                grp.getgrnam(group)
            except KeyError:
                self.groups_made.append(group)
        self.port = free_port()
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [str(Path(sys.prefix) / "bin" / "jupyterhub"), "-f", str(CONFIG)],
                cwd=self.base,
                env=self.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            with contextlib.suppress(OSError, urllib.error.URLError):
                urllib.request.urlopen(self.url("/hub/health"), timeout=5).close()
                return
            time.sleep(0.3)
        tail = self.log_tail()
        self.stop()
        raise RuntimeError(f"the hub did not start on 127.0.0.1:{self.port}. Its log:\n{tail}")

    def account(self, name: str) -> str:
        """A name for a participant, one of this run's (``self.name(...)``); with real
        users, no account of that name may exist yet (the hub makes it at first login),
        and it is removed when the hub stops."""
        if not name.startswith(f"{PREFIX}{self.tag}-"):
            raise ValueError(
                f"{name!r} is not one of this hub's accounts: use hub.name(...), which "
                f"starts it with {PREFIX}{self.tag}-, so that only this run removes it"
            )
        if self.real_users:
            with contextlib.suppress(KeyError):
                pwd.getpwnam(name)
                raise RuntimeError(
                    f"the Unix account {name} exists already, before this hub made it; "
                    "choose another name"
                )
        self.users.append(name)
        return name

    def processes(self, name: str) -> list[int]:
        """The server and kernels of one participant (found by their environment)."""
        return _pids_where(
            lambda pid, _: (
                (env := _environ_of(pid)).get("JUPYTERHUB_USER") == name
                and env.get("LEADLIB_SHARED_EXPORTS") == str(self.shared)
            )
        )

    def memory_kib(self, name: str) -> tuple[int, int, int]:
        """(PSS, RSS, process count) of one participant's processes."""
        pids = self.processes(name)
        return sum(map(pss_kib, pids)), sum(map(rss_kib, pids)), len(pids)

    def cpu(self, name: str) -> float:
        return sum(map(cpu_seconds, self.processes(name)))

    def as_user(self, name: str, *command: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
        """Run ``command`` as the participant's Unix account (real users only)."""
        return subprocess.run(
            ["runuser", "-u", name, "--", *command],
            capture_output=True,
            text=True,
            check=False,
            **kwargs,
        )

    def log_tail(self, lines: int = 40) -> str:
        return log_tail(self.log_path, lines)

    def stop(self) -> None:
        """Stop the hub (it stops the servers), then end whatever of it is left, remove
        the test's accounts and groups and the temporary folder."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
        for pid in _pids_where(
            lambda pid, _: _environ_of(pid).get("LEADLIB_SHARED_EXPORTS") == str(self.shared)
        ):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if self.real_users:
            for name in self.users:
                _remove_user(name)
            for group in self.groups_made:
                subprocess.run(["groupdel", group], capture_output=True, check=False)
        self.users = []
        shutil.rmtree(self.base, ignore_errors=True)


def login(context: Any, hub: HubServer, name: str, timeout: float = 180_000) -> tuple[Any, float]:
    """Log ``name`` in through the hub's login page; return the page once their server
    shows its default page, and the seconds from the click to that page."""
    page = context.new_page()
    page.goto(hub.url("/hub/login"))
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", "any password")
    started = time.monotonic()
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url(f"**/user/{name}/**", timeout=timeout)
    page.wait_for_load_state("load", timeout=timeout)
    return page, time.monotonic() - started


def open_app(page: Any, hub: HubServer, name: str, notebook: str) -> float:
    """Open ``notebook`` as the app on the participant's server; the seconds until its
    widgets are drawn."""
    started = time.monotonic()
    page.goto(hub.url(f"/user/{name}/voila/render/{notebook}"), timeout=120_000)
    wait_for_app(page)
    return time.monotonic() - started


def wait_for_app(page: Any, timeout: float = 120_000) -> None:
    page.wait_for_function(
        """() => {
            const c = document.querySelector('#rendered_cells');
            if (!c || c.style.display === 'none') return false;
            const outputs = Array.from(document.querySelectorAll('.jp-OutputArea'));
            return outputs.some((o) => o.querySelector('.jupyter-widgets'))
                && !outputs.some((o) => o.textContent.includes('Loading widget'));
        }""",
        timeout=timeout,
        polling=200,
    )
