"""The journal's import with hostile files: the same reader as the team report
(leadlib.exportfile), so every hostile file is refused with its plain reason, nothing
hangs, nothing is recorded and no escape sequence reaches the message."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadlib.errors import LeadlibError
from leadlib.export import ExportError
from leadlib.journal import open_journal
from leadlib.models import Content
from tests.hostile_files import (
    NO_HANG,
    hostile_files,
    within,
    write_bom_export,
)


@pytest.fixture
def hostile(content: Content, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / "files"
    return folder, hostile_files(content, folder)


def test_each_hostile_file_is_refused_plainly_and_nothing_is_recorded(
    leadlib_home: Path, hostile: tuple[Path, dict[str, str]]
) -> None:
    folder, made = hostile
    journal = open_journal()
    for name, reason in made.items():
        with pytest.raises(ExportError) as caught:
            within(NO_HANG, lambda name=name: journal.import_file(folder / name))  # type: ignore[misc]
        error = caught.value
        assert isinstance(error, LeadlibError)
        assert any(reason in str(p) for p in error.problems), (name, error.problems)
        assert "\x1b" not in str(error) and "\x07" not in str(error)
    assert journal.history() == []


def test_an_export_with_a_byte_order_mark_is_imported(
    leadlib_home: Path, content: Content, tmp_path: Path
) -> None:
    journal = open_journal()
    report = journal.import_file(write_bom_export(content, tmp_path))
    assert report.total == len(content.statements) + len(content.scenarios) + 2
