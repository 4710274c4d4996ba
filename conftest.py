"""Root pytest configuration, for every run (tests/ and notebooks/ alike).

It prepares the environment and the kernels nbval starts; it imports only
``leadlib.kernels`` (light: jupyter_client, on demand), never the rest of leadlib.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

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
    _nbval_kernels_over_ipc(Path(home) / "kernel-logs")


def pytest_unconfigure(config: pytest.Config) -> None:
    home = config.stash.get(_HOME_KEY, None)
    if home:
        shutil.rmtree(home, ignore_errors=True)


def _nbval_kernels_over_ipc(logs: Path) -> None:
    """Make nbval start its kernels over IPC sockets and keep what they print at start.

    Why: nbval failed under load with "Kernel died before replying to kernel_info".
    jupyter_client's TCP transport picks five free ports, closes them, and the kernel
    binds them a second or more later; another process (the other xdist worker's
    kernels, the handout workers, the browser tests' JupyterLab, a second test run) can
    take one of them in between, and the kernel then exits with "ZMQError: Address
    already in use". leadlib.kernels explains it in full; its manager uses Unix sockets
    in a private folder instead, which nothing else can take.

    nbval (0.11) has no option for the transport or the kernel manager, and it sends the
    kernel's stderr to /dev/null, so the reason a kernel died was lost. So its module
    globals are replaced: the manager class, and start_new_kernel, which now names the
    kernel's last words when a kernel dies while starting.
    """
    try:
        import nbval.kernel
    except ImportError:  # nbval not installed: nothing to configure
        return
    if getattr(nbval.kernel.start_new_kernel, "_leadlib", False):
        return  # already done in this process
    from leadlib.kernels import kernel_manager_class

    base: Any = kernel_manager_class(asynchronous=False)
    started: list[Path] = []

    class NbvalKernelManager(base):  # type: ignore[misc,valid-type]
        """IPC kernels whose stderr goes to a log file instead of /dev/null."""

        def start_kernel(self, **kw: Any) -> None:
            logs.mkdir(parents=True, exist_ok=True)
            log_path = logs / f"kernel-{os.getpid()}-{len(started) + 1}.log"
            started.append(log_path)
            stderr = kw.pop("stderr", None)
            if stderr is not None and hasattr(stderr, "close"):
                stderr.close()  # nbval's open(os.devnull)
            with log_path.open("w", encoding="utf-8") as log:
                super().start_kernel(stderr=log, **kw)  # the child keeps its own copy

    original = nbval.kernel.start_new_kernel

    def start_new_kernel(*args: Any, **kwargs: Any) -> Any:
        try:
            return original(*args, **kwargs)
        except RuntimeError as error:
            last = started[-1] if started else None
            said = last.read_text(encoding="utf-8", errors="replace") if last else ""
            tail = "\n".join(said.strip().splitlines()[-15:]) or "(nothing)"
            raise RuntimeError(
                f"{error}. The kernel nbval started (IPC transport) printed:\n{tail}\n"
                "If it names a missing module, run `make .venv/.installed`; otherwise run "
                "the notebook alone with `pytest --nbval --nbval-current-env NOTEBOOK`."
            ) from error

    start_new_kernel._leadlib = True  # type: ignore[attr-defined]
    nbval.kernel.KernelManager = NbvalKernelManager
    nbval.kernel.start_new_kernel = start_new_kernel
