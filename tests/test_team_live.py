"""The live team picture (leadlib.team.live and notebook 07's "Live" box): when a look at
the shared folder may change the picture (only after k new or changed participants),
how it reads a folder that participants are writing into (half-written, replaced,
appearing and vanishing files), and that its timer thread never outlives the view."""

from __future__ import annotations

import json
import os
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from leadlib import export
from leadlib import widgets as ex
from leadlib.models import Content
from leadlib.sharedexports import SHARED_EXPORTS_ENV, random_name, write_atomic
from leadlib.team import live as live_module
from leadlib.team import reading
from leadlib.team.live import LivePicture, LiveState, live_status
from leadlib.widgets import _ticker
from leadlib.widgets import team_debrief_view as view_module

K = 3


def person(content: Content, index: int, *, level: int | None = None) -> dict[str, Any]:
    """One participant's (partial) export: answers that vary with ``index``."""
    statements = content.statements[: 6 + index % 5]
    return export.build(
        content,
        participant=f"P-{index:06d}",
        exported_at=datetime(2026, 3, 2, 9, 0) + timedelta(minutes=index),
        answers={s.id: 1 + (index + i) % 5 for i, s in enumerate(statements)},
        delegation={content.scenarios[0].id: level or 1 + index % 7},
        balance=None,
    )


def arrive(folder: Path, doc: dict[str, Any], name: str | None = None) -> Path:
    """Write one export the way the export panel does (atomically, a random name)."""
    path = folder / (name or random_name())
    write_atomic(path, json.dumps(doc).encode(), 0o640)
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "shared"
    path.mkdir()
    return path


def picture(folder: Path, content: Content, **extra: Any) -> LivePicture:
    return LivePicture(folder, K, content=content, ledger=folder.parent / "ledger.json", **extra)


def polled(live: LivePicture) -> LiveState:
    state = live.poll()
    assert state is not None, "the folder changed but the look did not read it"
    return state


# -- when the picture may change ------------------------------------------------------------


def test_an_empty_folder_says_so_and_an_unchanged_folder_is_not_read_again(
    content: Content, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = picture(folder, content)
    state = polled(live)
    assert state.summary is None
    assert "No answers in the shared folder yet" in live_status(state, K)
    calls = []
    monkeypatch.setattr(live_module, "aggregate", lambda *a, **k: calls.append(a))
    assert live.poll() is None and calls == []


def test_the_picture_changes_only_after_k_new_arrivals(content: Content, folder: Path) -> None:
    for index in range(6):
        arrive(folder, person(content, index))
    live = picture(folder, content)
    first = polled(live)
    assert first.changed and first.summary is not None and first.summary.participants == 6
    for index, (waiting, needed) in zip(range(6, 8), ((1, 2), (2, 1)), strict=True):
        arrive(folder, person(content, index))
        state = polled(live)
        assert not state.changed, f"the picture changed after {waiting} of {K} arrivals"
        assert state.summary is not None and state.summary.participants == 6
        assert (state.waiting, state.needed) == (waiting, needed)
        status = live_status(state, K)
        assert f"{waiting} new answer" in status and f"after {needed} more" in status
    arrive(folder, person(content, 8))
    third = polled(live)
    assert third.changed and third.summary is not None and third.summary.participants == 9
    assert third.waiting == 0 and "waiting" not in live_status(third, K)


def test_the_first_picture_waits_for_k_people_arriving_one_by_one(
    content: Content, folder: Path
) -> None:
    """A live view looks after every export: the first export alone must not be
    released as a picture (of one person), nor hold the picture back until k more."""
    live = picture(folder, content)
    assert polled(live).summary is None
    ledger = folder.parent / "ledger.json"
    for index, (waiting, needed) in enumerate(((1, 2), (2, 1))):
        arrive(folder, person(content, index))
        state = polled(live)
        assert state.summary is None and not state.changed, f"a picture of {waiting}"
        assert (state.waiting, state.needed) == (waiting, needed)
        status = live_status(state, K)
        assert status.startswith("No picture yet.")
        assert f"{waiting} new answer{'s' if waiting > 1 else ''} waiting until {K}" in status
        assert f"after {needed} more" in status
        assert not ledger.exists(), "nothing may be released before k people"
    arrive(folder, person(content, 2))
    third = polled(live)
    assert third.changed and third.summary is not None and third.summary.participants == K
    assert third.waiting == 0 and "waiting" not in live_status(third, K)
    assert ledger.exists()


def test_a_new_minimum_group_on_an_unchanged_folder_is_explained(
    content: Content, folder: Path
) -> None:
    for index in range(6):
        arrive(folder, person(content, index))
    polled(picture(folder, content))
    ledger = folder.parent / "ledger.json"
    stricter = LivePicture(folder, 4, content=content, ledger=ledger)
    state = polled(stricter)
    assert state.summary is not None and state.summary.min_group == K
    status = live_status(state, 4)
    assert "keeps the minimum group of 3" in status and "To use 4" in status


def test_a_replaced_file_counts_as_a_change_not_an_arrival(content: Content, folder: Path) -> None:
    paths = [arrive(folder, person(content, index)) for index in range(5)]
    live = picture(folder, content)
    assert polled(live).summary.participants == 5  # type: ignore[union-attr]
    changed = person(content, 0, level=7)
    changed["exported_at"] = "2026-03-02T11:00:00Z"
    arrive(folder, changed, paths[0].name)  # the learner's live share, updated in place
    state = polled(live)
    assert not state.changed and (state.waiting, state.needed) == (1, 2)
    assert state.summary is not None and state.summary.participants == 5


def test_a_half_written_file_waits_then_counts(content: Content, folder: Path) -> None:
    for index in range(4):
        arrive(folder, person(content, index))
    offset = [0.0]
    live = picture(folder, content, settle=3.0, clock=lambda: time.time() + offset[0])
    polled(live)
    text = json.dumps(person(content, 9))
    half = folder / random_name()
    half.write_text(text[: len(text) // 2])  # a tool that does not write atomically
    state = polled(live)
    assert state.writing == 1 and state.summary is not None
    assert state.summary.skipped == (), "a file being written was reported as broken"
    assert "still being written" in live_status(state, K)
    # Nothing changed in the listing, but the file is read again at the next look.
    again = live.poll()
    assert again is not None and again.writing == 1
    half.write_text(text)
    done = polled(live)
    assert done.writing == 0 and done.summary is not None and done.summary.skipped == ()
    assert done.waiting == 1  # the newcomer waits like any other
    # A file still broken after the settling time is listed as skipped, with its reason.
    half.write_text(text[:10])
    offset[0] = 60.0
    late = polled(live)
    assert late.writing == 0 and late.summary is not None
    assert [s.name for s in late.summary.skipped] == [half.name]


def test_files_that_appear_or_vanish_during_a_read(
    content: Content, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for index in range(5):
        arrive(folder, person(content, index))
    doomed = arrive(folder, person(content, 5))
    original = reading.read_one
    newcomer: list[Path] = []

    def racing(content: Content, path: Path, layout: Any = None, **options: Any) -> Any:
        if not newcomer:  # a participant exports while the folder is being read
            newcomer.append(arrive(folder, person(content, 6)))
        if path == doomed:
            path.unlink()  # a participant unticks "share live" mid-read
        return original(content, path, layout, **options)

    monkeypatch.setattr(reading, "read_one", racing)
    # Long after every file was written: only the vanishing can keep one out of "skipped".
    live = picture(folder, content, clock=lambda: time.time() + 60)
    state = polled(live)
    assert state.summary is not None and state.summary.participants == 5
    assert state.summary.skipped == (), "a file that vanished mid-read was reported"
    monkeypatch.setattr(reading, "read_one", original)
    later = polled(live)  # the file written during the read is read now
    assert later.waiting == 1 and later.summary is not None


def test_hostile_files_are_refused_without_hanging(content: Content, folder: Path) -> None:
    for index in range(3):
        arrive(folder, person(content, index))
    os.mkfifo(folder / "pipe.json")  # opening it for reading would wait for a writer
    (folder / "deep.json").write_text("[" * 10_000 + "]" * 10_000)
    (folder / "big.json").write_bytes(b" " * 2_000_000)
    (folder / "\x1b[31mred.json").write_text("{}")
    # A link to a file the facilitator may read and the participant may not (here: a
    # valid export kept elsewhere) is refused unopened, not counted.
    private = folder.parent / "private"
    private.mkdir()
    elsewhere = arrive(private, person(content, 42))
    (folder / "link.json").symlink_to(elsewhere)
    live = picture(folder, content, clock=lambda: time.time() + 60)
    state = polled(live)
    assert state.summary is not None and state.summary.participants == 3
    reasons = {s.name: s.reasons for s in state.summary.skipped}
    assert {"pipe.json", "deep.json", "big.json", "link.json"} <= set(reasons)
    assert "symbolic link" in reasons["link.json"][0]
    assert not any("\x1b" in name for name in reasons)


def test_files_that_cannot_be_used_are_counted_in_the_status(
    content: Content, folder: Path
) -> None:
    """Before any picture, a file the facilitator cannot use (here: not an export; on a
    hub, one the facilitator's account may not read) is said, not silently ignored:
    "No answers yet" alone would hide that exports are there."""
    arrive(folder, person(content, 0))
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    live = picture(folder, content, clock=lambda: time.time() + 60)
    state = polled(live)
    assert state.summary is None and (state.waiting, state.skipped) == (1, 1)
    assert "1 file in the folder cannot be used" in live_status(state, K)
    for index in (1, 2):
        arrive(folder, person(content, index))
    state = polled(live)
    assert state.summary is not None and state.summary.participants == K
    assert state.skipped == 1 and "1 file in the folder cannot be used" in live_status(state, K)


def test_an_unreadable_folder_keeps_the_picture_and_says_why(
    content: Content, folder: Path
) -> None:
    for index in range(3):
        arrive(folder, person(content, index))
    live = picture(folder, content)
    shown = polled(live).summary
    moved = folder.with_name("moved")
    folder.rename(moved)
    state = polled(live)
    assert state.summary is shown and not state.changed
    assert "does not exist" in live_status(state, K) or "cannot be read" in live_status(state, K)


# -- the timer thread -----------------------------------------------------------------------


def test_a_ticker_reports_errors_goes_on_and_stops_when_told() -> None:
    ticks: list[int] = []
    errors: list[BaseException] = []

    def tick() -> None:
        ticks.append(1)
        if len(ticks) == 1:
            raise OSError("disk hiccup")

    ticker = _ticker.Ticker(tick, 0.01, on_error=errors.append)
    ticker.start()
    deadline = time.monotonic() + 5
    while len(ticks) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    ticker.stop()
    assert len(ticks) >= 3 and [str(e) for e in errors] == ["disk hiccup"]
    assert not ticker.running


def test_a_ticker_stops_by_itself_after_its_lifetime() -> None:
    expired = threading.Event()
    ticker = _ticker.Ticker(lambda: None, 0.01, lifetime=0.05, on_expire=expired.set)
    ticker.start()
    assert expired.wait(5)
    deadline = time.monotonic() + 5
    while ticker.running and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not ticker.running


# -- the widget -----------------------------------------------------------------------------


def live_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "leadlib-team-live"]


def test_live_updates_follow_the_folder_and_stop_with_the_view(
    content: Content, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(view_module, "LIVE_INTERVAL", 60.0)  # ticks driven by hand
    for index in range(6):
        arrive(folder, person(content, index))
    view = ex.team_debrief(folder, content=content)
    try:
        assert not view.live.value and live_threads() == []
        view.live.value = True
        assert view.live_running and len(live_threads()) == 1
        assert "The picture counts 6 participants." in view.message_text
        picture_html = view.report.value
        assert picture_html
        arrive(folder, person(content, 6))
        view.live_tick()
        assert view.report.value == picture_html
        assert "1 new answer waiting until 3" in view.message_text
        for index in (7, 8):
            arrive(folder, person(content, index))
        view.live_tick()
        assert "The picture counts 9 participants." in view.message_text
        assert view.report.value != picture_html
        view.live.value = False
        assert not view.live_running and live_threads() == []
        assert "Live updates stopped" in view.message_text
        view.live.value = True
    finally:
        view.close()
    assert live_threads() == [], "a live thread outlived the view"


def test_running_the_cell_again_leaves_one_live_view(
    content: Content, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(view_module, "LIVE_INTERVAL", 60.0)
    first = ex.team_debrief(folder, content=content)
    second = ex.team_debrief(folder, content=content)
    try:
        first.live.value = True
        second.live.value = True  # the cell run again: the old output stays on the page
        assert not first.live.value and not first.live_running
        assert second.live_running and len(live_threads()) == 1
    finally:
        first.close()
        second.close()
    assert live_threads() == []


def test_with_a_shared_folder_notebook_07_follows_it_live(
    content: Content, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(view_module, "LIVE_INTERVAL", 60.0)
    monkeypatch.setenv(SHARED_EXPORTS_ENV, str(folder))
    view = ex.team_debrief(content=content)
    try:
        assert view.folder.value == str(folder) and not view.uses_demo
        assert "the workshop&#x27;s shared folder" in view.children[0].value
        assert view.live.value and view.live_running
        assert "No answers in the shared folder yet" in view.message_text
        assert not (folder / "leadlib-export-P-000000.json").exists()  # no demo team written
    finally:
        view.close()
    assert live_threads() == []


def test_a_participant_who_opens_07_is_told_the_folder_is_the_facilitator_s(
    content: Content, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A participant's account may write into the shared folder but not list it: the
    view says so once and stops looking (no thread polling for hours)."""
    monkeypatch.setenv(SHARED_EXPORTS_ENV, str(folder))

    def refused(path: Any) -> Any:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(live_module.os, "scandir", refused)
    view = ex.team_debrief(content=content)
    try:
        assert not view.live.value and not view.live_running
        assert live_threads() == []
        assert "Only the facilitator may read the shared folder" in view.message_text
    finally:
        view.close()


def test_the_live_thread_really_ticks(
    content: Content, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(view_module, "LIVE_INTERVAL", 0.05)
    view = ex.team_debrief(folder, content=content)
    try:
        view.live.value = True
        for index in range(3):
            arrive(folder, person(content, index))
        deadline = time.monotonic() + 10
        while "counts 3 participants" not in view.message_text and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "The picture counts 3 participants." in view.message_text
    finally:
        view.close()
    assert live_threads() == []


def test_a_damaged_release_in_the_ledger_stops_the_picture_it_would_show(
    content: Content, folder: Path
) -> None:
    """The ledger decodes a release's figures only when it shows them again (a live
    picture loads the ledger at every change); a damaged one still stops the picture
    with the ledger's message instead of showing anything else."""
    for index in range(4):
        arrive(folder, person(content, index))
    live = picture(folder, content)
    polled(live)
    ledger = folder.parent / "ledger.json"
    data = json.loads(ledger.read_text())
    data["releases"][0]["summary"]["participants"] = "four"
    ledger.write_text(json.dumps(data))
    arrive(folder, person(content, 4))  # one away: the damaged release would be shown
    state = polled(live)
    assert "release ledger" in state.problem and "cannot be read" in state.problem
    assert state.summary is not None and state.summary.participants == 4  # kept on screen
