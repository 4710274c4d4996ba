"""The notebook processes of a handout build and their Ctrl-C handling.

Each notebook is built in a child process of its own (at most ``workers`` at once);
Ctrl-C reaches only this process, which then ends the children, their kernels and any
kernel started meanwhile within a few seconds (``STOP_GRACE``). ``leadlib.handouts.build``
runs the build loop on top of ``run_notebooks``. Imports nbconvert only inside the
child (through ``convert``), so the CLI loads fast; must not import ipywidgets or
matplotlib.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n import _
from .checks import first_line

if TYPE_CHECKING:
    from .convert import HandoutResult

#: Seconds a stopped notebook's process gets to end its kernel before it is killed.
STOP_GRACE = 2.0


def _failure(path: Path, why: str) -> HandoutResult:
    from .convert import HandoutResult

    return HandoutResult(name=path.stem, source=str(path), error=why)


def _pool_context() -> multiprocessing.context.ForkContext | multiprocessing.context.SpawnContext:
    """How notebook processes start: forked on Linux when this process runs a single
    thread (they then begin with nbconvert already imported, about a second each
    saved), else spawned afresh, which is safe everywhere (macOS, Windows, a process
    with threads such as a Jupyter kernel)."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def _sigint_blocked() -> Iterator[None]:
    """Hold back Ctrl-C while a notebook process starts: the process inherits the block
    and then ignores SIGINT before it unblocks it, so only this process reacts to Ctrl-C
    (a Ctrl-C that came meanwhile is delivered here right after)."""
    if not (hasattr(signal, "pthread_sigmask") and _in_main_thread()):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def sigint_ignored() -> Iterator[None]:
    """While stopping, a second Ctrl-C must not cut the clean-up short."""
    if not _in_main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _notebook_process(
    conn: Connection, path: Path, out_dir: Path, handout: dict[str, Any], timeout: int
) -> None:
    """The body of one notebook's process: build it, send ("kernel", pid) when its
    kernel starts and ("result", HandoutResult) at the end. Ctrl-C is left to the
    parent, which ends this process with SIGTERM when the build is stopped."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        from .convert import build_one

        result = build_one(
            path, out_dir, handout, timeout, on_kernel=lambda pid: conn.send(("kernel", pid))
        )
        conn.send(("result", result))
    except (OSError, EOFError):
        pass  # the parent has gone or stopped listening: the build was stopped
    except Exception as exc:  # a bug: report it as this notebook's failure, not a traceback
        with suppress(OSError, EOFError):
            conn.send(("crash", f"{type(exc).__name__}: {first_line(str(exc))}"))
    except BaseException:
        # Being stopped: nbclient turns the SIGTERM into a cancelled run after ending
        # the kernel. The parent says what happened, once; nothing to print here.
        pass
    finally:
        conn.close()


@dataclass
class _Running:
    """A notebook being built in its own process, and the kernels it reported."""

    path: Path
    process: multiprocessing.process.BaseProcess
    conn: Connection
    kernels: set[int] = field(default_factory=set)

    def read(self) -> list[tuple[str, Any]]:
        """Messages waiting from the process; ("eof", None) once it has closed its end."""
        messages: list[tuple[str, Any]] = []
        try:
            while self.conn.poll():
                kind, value = self.conn.recv()
                if kind == "kernel":
                    self.kernels.add(value)
                else:
                    messages.append((kind, value))
        except (EOFError, OSError):
            messages.append(("eof", None))
        return messages


def _end_kernels(jobs: Sequence[_Running]) -> None:
    for job in jobs:
        job.read()
        for pid in job.kernels:
            try:
                if hasattr(os, "killpg"):
                    os.killpg(pid, signal.SIGKILL)  # the kernel leads its own group
                else:  # pragma: no cover - Windows
                    os.kill(pid, signal.SIGTERM)
            except (ProcessLookupError, PermissionError):
                pass
        job.kernels.clear()


def _stop(jobs: Sequence[_Running]) -> None:
    """End the notebook processes still running and their kernels, within a few seconds."""
    with sigint_ignored():
        _end_kernels(jobs)
        for job in jobs:
            if job.process.is_alive():
                job.process.terminate()
        deadline = time.monotonic() + STOP_GRACE
        for job in jobs:
            job.process.join(max(0.0, deadline - time.monotonic()))
            if job.process.is_alive():
                job.process.kill()
                job.process.join(1.0)
        _end_kernels(jobs)  # any kernel started after the first round
        for job in jobs:
            job.conn.close()


def run_notebooks(
    notebooks: Sequence[Path],
    workers: int,
    start: Callable[[Connection, Path], tuple[Any, ...]],
    done: Callable[[Path, HandoutResult], None],
) -> None:
    """Build ``notebooks`` in child processes, at most ``workers`` at a time, calling
    ``done`` as each finishes. On any exception here (KeyboardInterrupt above all) every
    child, its kernel included, is ended before the exception goes on."""
    context = _pool_context()
    waiting = list(notebooks)
    running: dict[Connection, _Running] = {}
    try:
        while waiting or running:
            while waiting and len(running) < workers:
                path = waiting.pop(0)
                receive, send = context.Pipe(duplex=False)
                process = context.Process(
                    target=_notebook_process, args=start(send, path), daemon=True
                )
                with _sigint_blocked():  # a Ctrl-C now comes once the job is listed
                    process.start()
                    running[receive] = _Running(path, process, receive)
                    send.close()
            for ready in wait(list(running)):
                assert isinstance(ready, Connection)
                job = running[ready]
                messages = job.read()
                if not messages:
                    continue  # only a kernel's process id so far
                kind, value = messages[0]
                del running[ready]
                job.process.join(STOP_GRACE)
                if job.process.is_alive():
                    job.process.kill()
                    job.process.join()
                ready.close()
                if kind == "result":
                    done(job.path, value)
                elif kind == "crash":
                    why = _("the build worker failed: {error}").format(error=value)
                    done(job.path, _failure(job.path, why))
                else:
                    why = _("the build worker stopped (exit status {status})").format(
                        status=job.process.exitcode
                    )
                    done(job.path, _failure(job.path, why))
    except BaseException:
        _stop(list(running.values()))
        raise
