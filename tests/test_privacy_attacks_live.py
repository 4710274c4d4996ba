"""Attacks on the live team picture (notebook 07's "Live" box over a shared folder), in
the style of test_privacy_attacks.py: the facilitator, or anyone watching the projected
screen, records every picture and status line the live view shows while participants
arrive one by one, share live, change answers and stop sharing, and tries to read one
person's answers off the difference between two of them (docs/privacy.md, promise (b)
and Rule 7).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_privacy_attacks import participant, varied_answers, without_build_stamp

from leadlib import widgets as ex
from leadlib.models import Content
from leadlib.sharedexports import random_name, write_atomic

K = 3


def doc_for(content: Content, index: int, *, shift: int = 0) -> dict[str, Any]:
    levels = len(content.levels)
    return participant(
        content,
        f"P-{index:06d}",
        index,
        answers=varied_answers(content, index + shift),
        choices={s.id: 1 + (index + shift + i) % levels for i, s in enumerate(content.scenarios)},
    )


def share(folder: Path, doc: dict[str, Any], name: str | None = None) -> Path:
    path = folder / (name or random_name())
    write_atomic(path, json.dumps(doc).encode(), 0o640)
    return path


class Watcher:
    """Everything the room sees of the live view, look after look."""

    def __init__(self, folder: Path, content: Content) -> None:
        self.view = ex.team_debrief(folder, content=content)
        # Each look is what the timer would take (``live_tick``), taken by hand; the box
        # stays unticked because only one view per kernel runs a timer, and the two
        # rooms here share a kernel.
        self.seen: list[tuple[str, str]] = []

    def look(self) -> tuple[str, str]:
        self.view.live_tick()
        shown = (self.view.message_text, without_build_stamp(self.view.report.value))
        self.seen.append(shown)
        return shown

    def close(self) -> None:
        self.view.close()


@pytest.fixture
def watchers() -> Iterator[list[Watcher]]:
    made: list[Watcher] = []
    yield made
    for watcher in made:
        watcher.close()


def test_two_latecomers_arriving_one_by_one_look_the_same_whoever_they_are(
    content: Content, tmp_path: Path, watchers: list[Watcher]
) -> None:
    """Two rooms, the same six people shared already. Then two latecomers arrive one by
    one, with different answers in each room. Until k have arrived, every look shows the
    same picture and the same status in both rooms: the latecomers cannot be told
    apart. The third arrival releases a new picture."""
    rooms = []
    for story in ("a", "b"):
        folder = tmp_path / story / "shared"
        folder.mkdir(parents=True)
        for index in range(6):
            share(folder, doc_for(content, index))
        watcher = Watcher(folder, content)
        watchers.append(watcher)
        rooms.append((folder, watcher))
    first = [watcher.look() for _folder, watcher in rooms]
    assert first[0] == first[1]
    for step, index in enumerate((6, 7), start=1):
        looks = []
        for shift, (folder, watcher) in zip((0, 2), rooms, strict=True):
            share(folder, doc_for(content, index, shift=shift))  # different answers per room
            looks.append(watcher.look())
        assert looks[0] == looks[1], f"after {step} latecomer(s) the two rooms differ"
        assert looks[0][1] == first[0][1], "the picture changed for fewer than k arrivals"
        assert f"{step} new answer" in looks[0][0]
    for folder, watcher in rooms:
        share(folder, doc_for(content, 8))
        assert watcher.look()[1] != first[0][1], "k arrivals did not release a new picture"


def test_any_two_pictures_shown_are_k_people_apart(
    content: Content, tmp_path: Path, watchers: list[Watcher]
) -> None:
    """A long session: arrivals one by one, live shares updated in place, one learner
    unticking (the file goes) and sharing again. Whenever the picture changes, the
    people it counts differ from those of every earlier picture by at least k (counting
    arrivals, departures and changed answers), so no difference of two pictures is
    about fewer than k people."""
    folder = tmp_path / "shared"
    folder.mkdir()
    watcher = Watcher(folder, content)
    watchers.append(watcher)
    people: dict[str, str] = {}  # participant code -> answers now in the folder
    files: dict[str, Path] = {}
    # Before anything is released the view shows no picture: that is the picture of
    # nobody, and the first real one must be k people away from it too.
    released: list[dict[str, str]] = [{}]
    pictures: list[str] = [""]

    def event(code_index: int, *, shift: int = 0, remove: bool = False) -> None:
        code = f"P-{code_index:06d}"
        if remove:
            files.pop(code).unlink()
            people.pop(code)
        else:
            doc = doc_for(content, code_index, shift=shift)
            files[code] = share(folder, doc, files[code].name if code in files else None)
            people[code] = json.dumps([doc["self_assessment"], doc["delegation"]])
        _status, picture = watcher.look()
        if picture in pictures:  # a picture shown before: nothing new to compare
            return
        for earlier in released:
            gap = len(earlier.keys() ^ people.keys()) + sum(
                1 for c in earlier.keys() & people.keys() if earlier[c] != people[c]
            )
            assert gap >= K, f"a new picture only {gap} people away from an earlier one"
        released.append(dict(people))
        pictures.append(picture)

    for index in range(14):
        event(index)
        if index in (4, 9):
            event(index - 2, shift=1)  # a live share updated after a new answer
        if index == 7:
            event(1, remove=True)  # unticks "share live"
        if index == 11:
            event(1)  # shares again
    assert len(pictures) >= 3, "the live picture never moved: the test proves nothing"


def test_the_status_line_gives_counts_only(
    content: Content, tmp_path: Path, watchers: list[Watcher]
) -> None:
    """While answers wait, the status says how many and how many more are needed:
    never a name, a code, a file name or an answer."""
    folder = tmp_path / "shared"
    folder.mkdir()
    for index in range(5):
        share(folder, doc_for(content, index))
    watcher = Watcher(folder, content)
    watchers.append(watcher)
    watcher.look()
    late = doc_for(content, 5)
    late_path = share(folder, late)
    status, _picture = watcher.look()
    assert "1 new answer waiting until 3" in status
    assert late["participant"] not in status and late_path.name not in status
    assert watcher.view.report.value.count(late["participant"]) == 0
