"""The workshop's shared exports folder (LEADLIB_SHARED_EXPORTS) from the learner's side:
where the export panel writes, under which name and mode, what it says, and the opt-in
live share (written only after ticking, updated after answers settle, removed on
unticking, or the reason it cannot be)."""

from __future__ import annotations

import json
import os
import re
import stat
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from leadlib import widgets as ex
from leadlib.export import validate
from leadlib.journal import open_journal
from leadlib.models import Content
from leadlib.sharedexports import (
    SHARED_EXPORTS_ENV,
    SharedNames,
    random_name,
    shared_exports_dir,
    write_atomic,
)
from leadlib.team import aggregate
from leadlib.widgets import export_panel, live_share

NAME = r"leadlib-[0-9a-f]{16}\.json"


@pytest.fixture
def shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "shared"
    folder.mkdir()
    monkeypatch.setenv(SHARED_EXPORTS_ENV, str(folder))
    return folder


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def answer_some(content: Content, count: int = 5) -> None:
    journal = open_journal()
    for statement in content.statements[:count]:
        journal.record("self_assessment", statement.id, 4)


# -- the setting and the atomic write ----------------------------------------------------


def test_the_setting_is_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert shared_exports_dir() is None
    monkeypatch.setenv(SHARED_EXPORTS_ENV, "  ")
    assert shared_exports_dir() is None
    monkeypatch.setenv(SHARED_EXPORTS_ENV, str(tmp_path))
    assert shared_exports_dir() == tmp_path


def test_random_names_say_nothing_and_differ() -> None:
    names = {random_name() for _ in range(50)}
    assert len(names) == 50
    assert all(re.fullmatch(NAME, n) for n in names)


def test_an_atomic_write_sets_the_mode_exactly_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)  # would make 0640 into 0600: the facilitator could not read
    try:
        write_atomic(tmp_path / "a.json", b"{}", 0o640)
    finally:
        os.umask(old)
    assert mode_of(tmp_path / "a.json") == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]  # no temporary left


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.json"
    target.write_text("old")

    def broken(*_args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        write_atomic(target, b"new", 0o640)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_remembered_names_never_lead_out_of_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    (home / "shared-exports.json").write_text(
        json.dumps({"folder": str(folder.resolve()), "export": "../../etc/passwd", "live": None})
    )
    names = SharedNames.load(home, folder)
    assert names.export != "../../etc/passwd"
    assert re.fullmatch(NAME, names.export)


# -- the export panel ----------------------------------------------------------------------


def test_with_a_shared_folder_the_export_goes_there_under_a_random_name(
    content: Content, shared: Path, leadlib_home: Path
) -> None:
    answer_some(content)
    panel = ex.export_answers()
    path = panel.export()
    assert path is not None and path.parent == shared
    code = open_journal().participant_code
    assert code not in path.name and re.fullmatch(NAME, path.name)
    assert mode_of(path) == 0o640
    assert not (leadlib_home / "exports").exists()
    assert "shared folder" in panel.message_text and str(shared) in panel.message_text
    assert "other participants cannot" in panel.message_text
    assert validate(content, json.loads(path.read_text())) == []
    # A second export replaces the first: one file per learner, the same random name.
    again = panel.export()
    assert again == path and [p.name for p in shared.iterdir()] == [path.name]
    # The facilitator's report reads it.
    assert aggregate(shared, content=content).participants == 1


def test_a_missing_shared_folder_is_explained_and_not_created(
    content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "not-there"
    monkeypatch.setenv(SHARED_EXPORTS_ENV, str(missing))
    panel = ex.export_answers()
    assert panel.export() is None
    assert panel.message_kind == "problem"
    assert "does not exist" in panel.message_text and "facilitator" in panel.message_text
    assert not missing.exists()


def test_without_a_shared_folder_the_learner_is_told_the_folder_is_hidden(
    content: Content, leadlib_home: Path
) -> None:
    panel = ex.export_answers()
    path = panel.export()
    assert path is not None and path.parent == leadlib_home / "exports"
    assert mode_of(path) == 0o600
    assert str(path) in panel.message_text
    assert "hidden in JupyterLab's file browser" in panel.message_text
    assert "download" in panel.message_text
    assert "Download the export file" in panel.download.value
    assert panel.live_box.layout.display == "none"  # no live share without a shared folder


# -- the live share ------------------------------------------------------------------------


def live_files(folder: Path) -> list[Path]:
    own = {json.loads(p.read_text())["participant"] for p in folder.glob("*.json")}
    assert len(own) <= 1
    return sorted(folder.glob("*.json"))


def test_nothing_is_shared_live_until_the_learner_ticks(content: Content, shared: Path) -> None:
    answer_some(content)
    panel = ex.export_answers()
    assert panel.live_box.layout.display is None
    assert "Never your name, your reflections" in panel.share_live_text.value
    assert list(shared.iterdir()) == []
    try:
        panel.share_live.value = True
        assert panel.live_share is not None and panel.live_share.running
        (path,) = live_files(shared)
        doc = json.loads(path.read_text())
        assert doc["display_name"] is None and doc["reflections"] is None
        assert doc["self_assessment"]["profile"]["complete"] is False  # partial, no new flag
        assert validate(content, doc) == []
        assert mode_of(path) == 0o640 and re.fullmatch(NAME, path.name)
        assert "Shared live" in panel.live_message.value
    finally:
        panel.close()
    assert not panel.live_share.running


def test_the_live_share_follows_answers_once_they_settle_and_unticking_removes_it(
    content: Content, shared: Path
) -> None:
    answer_some(content, 3)
    panel = ex.export_answers()
    try:
        panel.share_live.value = True
        share = panel.live_share
        assert share is not None
        share.pause()  # drive the looks by hand
        (path,) = live_files(shared)
        assert len(json.loads(path.read_text())["self_assessment"]["answers"]) == 3
        answer_some(content, 6)
        share.tick()  # a change seen once: the learner may still be answering
        assert len(json.loads(path.read_text())["self_assessment"]["answers"]) == 3
        share.tick()  # the same at the next look: written
        assert len(json.loads(path.read_text())["self_assessment"]["answers"]) == 6
        open_journal().clear()
        share.tick()
        share.tick()  # no answers left: nothing of them stays shared
        assert live_files(shared) == []
        answer_some(content, 2)
        share.tick()
        share.tick()
        assert len(live_files(shared)) == 1
        panel.share_live.value = False
        assert live_files(shared) == []
        assert "removed from the shared folder" in panel.live_message.value
    finally:
        panel.close()


def test_unticking_says_why_the_file_could_not_be_removed(
    content: Content, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_some(content)
    panel = ex.export_answers()
    try:
        panel.share_live.value = True
        (path,) = live_files(shared)

        def refused(self: Path, missing_ok: bool = False) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(Path, "unlink", refused)
        panel.share_live.value = False
        monkeypatch.undo()
        assert path.exists()
        assert "could not be removed" in panel.live_message.value
        assert "Permission denied" in panel.live_message.value
        assert "Ask the facilitator to delete it" in panel.live_message.value
    finally:
        panel.close()


def test_a_live_share_is_resumed_in_a_new_session_until_unticked(
    content: Content, shared: Path
) -> None:
    answer_some(content)
    first = ex.export_answers()
    first.share_live.value = True
    first.close()  # the page closed: the timer stops, the file stays
    (path,) = live_files(shared)
    second = ex.export_answers()
    try:
        assert second.share_live.value is True
        assert "earlier session" in second.live_message.value
        assert live_files(shared) == [path]
        second.share_live.value = False
        assert live_files(shared) == []
    finally:
        second.close()
    third = ex.export_answers()
    assert third.share_live.value is False
    third.close()


def test_ticking_with_no_answers_says_the_share_starts_with_the_first(
    content: Content, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_panel, "SHARE_INTERVAL", 0.05)
    panel = ex.export_answers()
    try:
        panel.share_live.value = True
        assert live_files(shared) == []
        assert "no answers to share yet" in panel.live_message.value
        answer_some(content, 2)  # answered in another notebook: the thread notices
        deadline = time.monotonic() + 10
        while not live_files(shared) and time.monotonic() < deadline:
            time.sleep(0.05)
        (path,) = live_files(shared)
        assert len(json.loads(path.read_text())["self_assessment"]["answers"]) == 2
    finally:
        panel.close()


def test_an_answer_on_another_page_updates_the_live_share_after_the_panel_closed(
    content: Content, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the app mode each page has its own kernel: the exercise that saves a shared
    answer brings the live file up to date itself, a moment after the last answer."""
    monkeypatch.setattr(live_share, "NUDGE_DELAY", 0.2)
    answer_some(content, 2)
    panel = ex.export_answers()
    panel.share_live.value = True
    panel.close()  # the learner moves on to another page
    (path,) = live_files(shared)
    game = ex.self_assessment()
    for statement in content.statements[2:5]:
        game.save("self_assessment", statement.id, 3)
    live_share.flush_nudges()
    assert len(json.loads(path.read_text())["self_assessment"]["answers"]) == 5
    # Unticked (here, in a new panel): answers saved afterwards are not shared.
    again = ex.export_answers()
    again.share_live.value = False
    again.close()
    game.save("self_assessment", content.statements[6].id, 2)
    live_share.flush_nudges()
    assert live_files(shared) == []


def test_without_live_sharing_an_answer_writes_nothing_shared(
    content: Content, shared: Path
) -> None:
    game = ex.self_assessment()
    game.save("self_assessment", content.statements[0].id, 4)
    live_share.flush_nudges()
    assert list(shared.iterdir()) == []


def test_running_the_panel_s_cell_again_leaves_one_live_thread(
    content: Content, shared: Path
) -> None:
    answer_some(content)
    first = ex.export_answers()
    first.share_live.value = True
    second = ex.export_answers()  # resumes the share: the first panel's timer stops
    try:
        assert second.share_live.value is True
        assert first.live_share is not None and not first.live_share.running
        threads = [t for t in threading.enumerate() if t.name == "leadlib-live-share"]
        assert len(threads) == 1
    finally:
        first.close()
        second.close()


def test_closing_the_panel_leaves_no_thread_running(content: Content, shared: Path) -> None:
    answer_some(content)
    before = {t for t in threading.enumerate() if t.name.startswith("leadlib-")}
    panel = ex.export_answers()
    panel.share_live.value = True
    assert any(t.name == "leadlib-live-share" for t in threading.enumerate())
    panel.close()
    after = {t for t in threading.enumerate() if t.name.startswith("leadlib-")}
    assert after <= before


def test_a_live_share_and_an_export_count_the_learner_once(content: Content, shared: Path) -> None:
    answer_some(content)
    panel = ex.export_answers()
    try:
        panel.export()
        panel.share_live.value = True
        assert len(list(shared.glob("*.json"))) == 2
        summary = aggregate(shared, content=content, ledger=shared.parent / "ledger.json")
        assert summary.participants == 1 and len(summary.superseded) == 1
    finally:
        panel.close()


# -- the folder recipe of docs/facilitator-guide.md, with real accounts ---------------------

ACCOUNTS_SCRIPT = """
import errno, json, os, sys
sys.path.insert(0, sys.argv[3])
from pathlib import Path
from leadlib.sharedexports import SHARED_FILE_MODE, write_atomic
who, shared = sys.argv[1], Path(sys.argv[2])
mine, other = shared / "leadlib-00000000000000a1.json", shared / "leadlib-00000000000000b2.json"
def attempt(fn):
    try:
        fn()
        return "ok"
    except OSError as exc:
        return errno.errorcode.get(exc.errno, str(exc.errno))
out = {}
if who == "first":
    out["write"] = attempt(lambda: write_atomic(mine, b"{}", SHARED_FILE_MODE))
    out["replace own"] = attempt(lambda: write_atomic(mine, b"[]", SHARED_FILE_MODE))
    info = os.stat(mine)
    out["mode"], out["group"] = oct(info.st_mode & 0o7777), info.st_gid
elif who == "second":
    out["list"] = attempt(lambda: os.listdir(shared))
    out["read other's"] = attempt(lambda: mine.read_bytes())
    out["replace other's"] = attempt(lambda: write_atomic(mine, b"1", SHARED_FILE_MODE))
    out["delete other's"] = attempt(lambda: mine.unlink())
    out["write own"] = attempt(lambda: write_atomic(other, b"{}", SHARED_FILE_MODE))
    out["delete own"] = attempt(lambda: other.unlink())
else:
    out["list"] = attempt(lambda: os.listdir(shared))
    out["read"] = attempt(lambda: mine.read_bytes())
print(json.dumps(out))
"""


def _as_account(uid: int, *args: str) -> dict[str, Any]:
    import subprocess

    done = subprocess.run(
        ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "/usr/bin/python3"]
        + ["-c", ACCOUNTS_SCRIPT, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={"HOME": "/tmp", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.mark.skipif(
    not hasattr(os, "geteuid")
    or os.geteuid() != 0
    or not Path("/usr/bin/setpriv").exists()
    or not Path("/usr/bin/python3").exists(),
    reason="needs root, setpriv and /usr/bin/python3 to act as three accounts",
)
def test_the_documented_folder_keeps_participants_apart_with_real_accounts() -> None:
    """docs/facilitator-guide.md: a folder owned by the facilitator, its group the
    facilitators', mode 3753; files 0640. Participant accounts can write and replace
    their own file, not list the folder, not read, replace or delete another's; the
    facilitator reads every file."""
    import shutil
    import tempfile

    facilitator, first, second = 47001, 47002, 47003
    base = Path(tempfile.mkdtemp(prefix="leadlib-accounts-", dir="/tmp"))
    try:
        base.chmod(0o755)
        shared = base / "shared"
        shared.mkdir()
        os.chown(shared, facilitator, facilitator)
        shared.chmod(0o3753)
        root = str(Path(__file__).resolve().parents[1])
        wrote = _as_account(first, "first", str(shared), root)
        assert wrote == {
            "write": "ok",
            "replace own": "ok",
            "mode": "0o640",
            "group": facilitator,  # the folder's group, by the set-group-ID bit
        }
        assert _as_account(second, "second", str(shared), root) == {
            "list": "EACCES",
            "read other's": "EACCES",
            "replace other's": "EPERM",
            "delete other's": "EPERM",
            "write own": "ok",
            "delete own": "ok",
        }
        assert _as_account(facilitator, "facilitator", str(shared), root) == {
            "list": "ok",
            "read": "ok",
        }
    finally:
        shutil.rmtree(base, ignore_errors=True)
