"""How leadlib starts local Jupyter kernels: over IPC sockets, never over TCP ports picked
in advance.

Why: jupyter_client's default TCP transport picks five "free" ports by binding port 0 and
closing the socket, writes them to the connection file, and only then starts the kernel,
which binds them a second or more later (longer on a busy machine: importing ipykernel
is most of a kernel's start). ``LocalPortCache`` keeps one process from handing a port
out twice, but nothing stops another process (a second handout worker, a pytest-xdist
worker running nbval, another test run, the JupyterLab of the browser tests) from taking
the same port in that window. The kernel then fails to bind (``ZMQError: Address already
in use``), exits, and the client reports only "Kernel died before replying to
kernel_info". Unix domain sockets in a folder of our own have no shared namespace, so
there is no such race; they are also not reachable from the network.

On Windows (no IPC transport in ZeroMQ there) kernels keep the TCP default.

Imports traitlets and jupyter_client only when a manager class is asked for; must not
import nbconvert, nbclient, ipywidgets, matplotlib or the journal.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import uuid
from functools import cache
from typing import Any

#: ZeroMQ's IPC transport exists on every POSIX system, not on Windows.
USE_IPC = os.name == "posix"

#: Longest socket path the OS takes (sun_path: 108 bytes on Linux, 104 on macOS/BSD),
#: less room for the "-<n>" suffix the kernel adds to each of its five sockets.
_MAX_SOCKET_PATH = (107 if sys.platform.startswith("linux") else 103) - 3

_socket_dir: str | None = None


def socket_dir() -> str:
    """This process's private folder for kernel sockets (0700), removed at exit.

    Made under the system temporary folder, whose path is short: a socket path must fit
    in about 100 bytes, which a folder deep in a test's tmp_path may not.
    """
    global _socket_dir
    if _socket_dir is None or not os.path.isdir(_socket_dir):
        base = "/tmp" if os.path.isdir("/tmp") else tempfile.gettempdir()
        _socket_dir = tempfile.mkdtemp(prefix="leadlib-kernels-", dir=base)
        atexit.register(shutil.rmtree, _socket_dir, True)
    return _socket_dir


def socket_base() -> str:
    """A new, unique socket path prefix for one kernel (it adds "-1" ... "-5")."""
    base = os.path.join(socket_dir(), uuid.uuid4().hex[:12])
    if len(base) > _MAX_SOCKET_PATH:
        raise RuntimeError(
            f"the folder for kernel sockets, {socket_dir()}, has too long a path for a "
            f"Unix socket ({len(base)} > {_MAX_SOCKET_PATH} characters); set TMPDIR to a "
            "shorter folder and try again"
        )
    return base


def _ipc_defaults(manager_class: type) -> type:
    """``manager_class`` with IPC as its default transport and a unique socket path.

    Without an explicit ``ip``, jupyter_client names IPC sockets "kernel-ipc-<n>"
    relative to the current folder when the manager has no connection file yet (as in
    nbclient and nbval): two kernels would then share paths. So each kernel gets its own.
    """
    from traitlets import default

    class IpcKernelManager(manager_class):
        @default("transport")
        def _default_transport(self) -> str:
            return "ipc" if USE_IPC else "tcp"

        @default("ip")
        def _default_ip(self) -> str:
            if self.transport == "ipc":
                return socket_base()
            return str(super()._ip_default())

    IpcKernelManager.__name__ = IpcKernelManager.__qualname__ = f"Ipc{manager_class.__name__}"
    IpcKernelManager.__module__ = __name__
    return IpcKernelManager


@cache
def kernel_manager_class(asynchronous: bool = True) -> Any:
    """The kernel manager to start local kernels with: nbclient takes the asynchronous
    one (``NotebookClient(..., kernel_manager_class=kernel_manager_class())``), nbval and
    other blocking callers the synchronous one."""
    from jupyter_client.manager import AsyncKernelManager, KernelManager

    return _ipc_defaults(AsyncKernelManager if asynchronous else KernelManager)
