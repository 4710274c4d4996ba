"""The widgets' cache of open journals (leadlib.widgets._base.JournalCache): one journal
per journal file for the whole kernel, reopened when its file goes, safe across threads."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

import leadlib.journal
from leadlib.journal import Journal, journal_path
from leadlib.widgets._base import JournalCache, shared_journal


def test_the_same_journal_is_handed_out_for_the_same_file(leadlib_home: Path) -> None:
    cache = JournalCache()
    first = cache.get()
    assert cache.get() is first
    assert first.path == journal_path() == leadlib_home / "journal.sqlite3"


def test_each_journal_file_has_its_own_journal(
    leadlib_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = JournalCache()
    here = cache.get()
    monkeypatch.setenv("LEADLIB_HOME", str(tmp_path / "elsewhere"))
    there = cache.get()
    assert there is not here
    assert there.path == tmp_path / "elsewhere" / "journal.sqlite3"
    monkeypatch.setenv("LEADLIB_HOME", str(leadlib_home))
    assert cache.get() is here


def test_a_journal_whose_file_went_is_opened_again(leadlib_home: Path) -> None:
    cache = JournalCache()
    first = cache.get()
    first.record("quiz", "q_rota", "both")
    first.close()
    first.path.unlink()
    second = cache.get()
    assert second is not first
    assert second.path.exists()
    assert second.answers("quiz") == {}


def test_close_all_closes_every_journal_and_forgets_them(
    leadlib_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed: list[Path] = []
    close = Journal.close

    def spy(self: Journal) -> None:
        closed.append(self.path)
        close(self)

    cache = JournalCache()
    first = cache.get()
    monkeypatch.setenv("LEADLIB_HOME", str(tmp_path / "other"))
    other = cache.get()
    monkeypatch.setattr(Journal, "close", spy)
    cache.close_all()
    assert sorted(closed) == sorted([first.path, other.path])
    assert cache.get() is not other


def test_threads_asking_at_once_share_one_journal(
    leadlib_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Journal] = []
    real_open = leadlib.journal.open_journal

    def slow_open() -> Journal:
        time.sleep(0.05)  # leaves time for every thread to ask before the first is done
        journal = real_open()
        opened.append(journal)
        return journal

    monkeypatch.setattr(leadlib.journal, "open_journal", slow_open)
    cache = JournalCache()
    start = threading.Barrier(8)
    got: list[Journal] = []

    def ask() -> None:
        start.wait()
        got.append(cache.get())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(opened) == 1
    assert len(got) == 8 and all(j is opened[0] for j in got)


def test_the_exercises_share_the_kernels_journal(leadlib_home: Path) -> None:
    assert shared_journal() is shared_journal()
    assert shared_journal().path == leadlib_home / "journal.sqlite3"
