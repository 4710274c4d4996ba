"""Kernels started by leadlib and by the test run use IPC sockets, not TCP ports picked
in advance (leadlib/kernels.py says why), and a kernel that dies while nbval starts it
is reported with what it printed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import nbformat
import pytest

from leadlib import kernels, notebook_run

pytestmark = pytest.mark.skipif(not kernels.USE_IPC, reason="IPC sockets need a POSIX system")


def test_managers_default_to_ipc_with_a_short_unique_socket_path_each() -> None:
    manager_class = kernels.kernel_manager_class()
    first, second = manager_class(), manager_class()
    assert first.transport == second.transport == "ipc"
    assert first.ip != second.ip
    for manager in (first, second):
        assert os.path.isabs(manager.ip)
        assert Path(manager.ip).parent == Path(kernels.socket_dir())
        assert len(manager.ip) + len("-5") < 104  # fits a Unix socket path on every OS
    mode = stat.S_IMODE(os.stat(kernels.socket_dir()).st_mode)
    assert mode == 0o700, f"the socket folder is open to others: {oct(mode)}"


def test_the_same_class_is_handed_out_each_time() -> None:
    assert kernels.kernel_manager_class() is kernels.kernel_manager_class()
    synchronous = kernels.kernel_manager_class(asynchronous=False)
    assert synchronous is not kernels.kernel_manager_class()
    assert synchronous().transport == "ipc"


def test_the_notebook_runner_starts_its_kernels_over_ipc(tmp_path: Path) -> None:
    client = notebook_run._client(nbformat.v4.new_notebook(), tmp_path, timeout=30)
    assert client.kernel_manager_class is kernels.kernel_manager_class()


def test_nbval_kernels_run_over_ipc_and_leave_no_socket_behind() -> None:
    import nbval.kernel

    manager, client = nbval.kernel.start_new_kernel(
        kernel_name=nbval.kernel.CURRENT_ENV_KERNEL_NAME, startup_timeout=120
    )
    try:
        assert manager.transport == "ipc"
        sockets = [f"{manager.ip}-{n}" for n in range(1, 6)]
        assert all(stat.S_ISSOCK(os.stat(path).st_mode) for path in sockets)
        reply = client.execute_interactive("6 * 7", timeout=60)
        assert reply["content"]["status"] == "ok"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=False)
    assert [path for path in sockets if os.path.exists(path)] == []


def test_a_kernel_that_dies_at_start_is_reported_with_what_it_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nbval.kernel

    # a stand-in for ipykernel that fails the way a broken environment would
    (tmp_path / "ipykernel_launcher.py").write_text(
        "import sys\nsys.stderr.write('ImportError: simulated broken ipykernel\\n')\nsys.exit(1)\n"
    )
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    with pytest.raises(RuntimeError) as raised:
        nbval.kernel.start_new_kernel(
            kernel_name=nbval.kernel.CURRENT_ENV_KERNEL_NAME, startup_timeout=120
        )
    message = str(raised.value)
    assert message.startswith("Kernel died before replying to kernel_info")
    assert "ImportError: simulated broken ipykernel" in message
    assert "make .venv/.installed" in message
