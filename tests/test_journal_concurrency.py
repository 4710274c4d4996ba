"""Several kernels of one learner writing to the journal at once, and a kernel killed in
the middle of writing: no answer is lost and the journal stays readable."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from leadlib.journal import REFLECTION, SELF_ASSESSMENT, JournalError, open_journal

ROOT = Path(__file__).resolve().parents[1]
PROCESSES = 4
WRITES = 200

# Each writer opens the journal itself (all start together, so they race to create it),
# says it is ready, waits for the "go" file so that all of them write at the same time,
# then records WRITES answers.
WRITER = """
import sys, time
from pathlib import Path
from leadlib.journal import open_journal, REFLECTION
name, writes, go = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
journal = open_journal()
notebooks = [n.id for n in journal.content.notebooks]
(go.parent / f"ready-{name}").touch()
while not go.exists():
    time.sleep(0.001)
start = time.time()
for i in range(writes):
    journal.record(REFLECTION, notebooks[i % len(notebooks)], f"{name} answer {i}")
print(journal.participant_code, start, time.time(), flush=True)
"""

# Writes until killed; prints the number of each answer once record() has returned.
ENDLESS_WRITER = """
import sys
from leadlib.journal import open_journal, SELF_ASSESSMENT, REFLECTION
journal = open_journal()
i = 0
while True:
    journal.record(REFLECTION, "00_start_here", f"answer {i} " + "x" * 2000)
    journal.record(SELF_ASSESSMENT, "vc5", i % 5 + 1)
    print(i, flush=True)
    i += 1
"""


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ, LEADLIB_HOME=str(home))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def test_four_kernels_saving_at_once_lose_nothing(leadlib_home: Path, tmp_path: Path) -> None:
    go = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, f"kernel{k}", str(WRITES), str(go)],
            env=_env(leadlib_home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(PROCESSES)
    ]
    deadline = time.monotonic() + 60  # wait until all are ready, so the writes overlap
    while len(list(tmp_path.glob("ready-*"))) < PROCESSES and time.monotonic() < deadline:
        if any(w.poll() is not None for w in writers):
            break
        time.sleep(0.01)
    go.touch()
    codes, starts, ends = set(), [], []
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        code, start, end = out.split()
        codes.add(code)
        starts.append(float(start))
        ends.append(float(end))
    assert len(codes) == 1, "every kernel must see the same participant code"
    assert max(starts) < min(ends), "the kernels did not write at the same time"

    journal = open_journal()
    history = journal.history(REFLECTION)
    assert len(history) == PROCESSES * WRITES
    texts = {entry.value for entry in history}
    expected = {f"kernel{k} answer {i}" for k in range(PROCESSES) for i in range(WRITES)}
    assert texts == expected
    assert journal.integrity_check() == "ok"


def test_threads_of_one_kernel_share_a_journal_safely(leadlib_home: Path) -> None:
    journal = open_journal()
    errors: list[BaseException] = []

    def write(name: str) -> None:
        try:
            for i in range(100):
                journal.record(REFLECTION, "01_two_roles", f"{name} {i}")
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(f"t{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(journal.history(REFLECTION)) == 400


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_kernel_killed_while_writing_leaves_a_readable_journal(leadlib_home: Path) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", ENDLESS_WRITER],
        env=_env(leadlib_home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    acknowledged = -1
    try:
        deadline = time.monotonic() + 60
        while acknowledged < 150 and time.monotonic() < deadline:
            line = writer.stdout.readline()
            if not line:
                break
            acknowledged = int(line)
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.kill()
        writer.wait(timeout=30)
    assert acknowledged >= 150, writer.stderr.read() if writer.stderr else ""
    assert writer.returncode == -signal.SIGKILL

    journal = open_journal()
    assert journal.warnings == []
    assert journal.integrity_check() == "ok"
    saved = journal.history(REFLECTION)
    # Every answer whose record() returned is there; at most the one in flight is not.
    assert len(saved) >= acknowledged + 1
    assert [e.value.split()[1] for e in saved[: acknowledged + 1]] == [
        str(i) for i in range(acknowledged + 1)
    ]
    assert len(journal.history(SELF_ASSESSMENT)) >= acknowledged + 1
    journal.record(SELF_ASSESSMENT, "vc2", 3)
    assert journal.answers(SELF_ASSESSMENT)["vc2"] == 3


def test_a_journal_kept_busy_too_long_gives_a_clear_message_and_keeps_answers(
    leadlib_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadlib.journal import schema  # every connection reads the timeout there

    monkeypatch.setattr(schema, "BUSY_TIMEOUT", 0.2)
    journal = open_journal()
    journal.record(SELF_ASSESSMENT, "vc5", 4)
    blocker = sqlite3.connect(journal.path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another kernel stuck in the middle of a write
    try:
        with pytest.raises(JournalError) as caught:
            journal.record(SELF_ASSESSMENT, "vc5", 5)
    finally:
        blocker.rollback()
        blocker.close()
    message = str(caught.value)
    assert "Could not save your answer to the journal" in message
    assert "kept the journal busy for more than 0.2 seconds. Try again in a moment." in message
    assert "Answers saved before are not affected." in message
    assert journal.answers(SELF_ASSESSMENT) == {"vc5": 4}
    journal.record(SELF_ASSESSMENT, "vc5", 5)
    assert journal.answers(SELF_ASSESSMENT) == {"vc5": 5}
