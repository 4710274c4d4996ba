"""The one reader of export files (leadlib.exportfile): hostile files on disk are refused
with a plain reason, without hanging, crashing or echoing control characters."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from leadlib.errors import LeadlibError, printable
from leadlib.export import ExportError, Problem, validate
from leadlib.exportfile import (
    MAX_EXPORT_BYTES,
    ExportFileError,
    read_export,
    read_export_file,
)
from leadlib.models import Content
from tests.hostile_files import (
    ESC_NAME,
    NO_HANG,
    hostile_files,
    valid_doc,
    within,
    write_bom_export,
)

ROOT = Path(__file__).resolve().parents[1]


def test_every_hostile_file_is_refused_with_its_reason(content: Content, tmp_path: Path) -> None:
    made = hostile_files(content, tmp_path)
    for name, reason in made.items():
        with pytest.raises(ExportFileError) as caught:
            within(NO_HANG, lambda name=name: read_export_file(tmp_path / name))  # type: ignore[misc]
        error = caught.value
        assert reason in error.reason, (name, error.reason)
        assert isinstance(error, ExportError) and isinstance(error, LeadlibError)
        assert [str(p) for p in error.problems] == [f"$: {error.reason}"]
        assert "\x1b" not in str(error) and "\x07" not in str(error)


def test_a_named_pipe_is_refused_at_once_even_when_it_turns_up_after_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    pipe = tmp_path / "late.json"
    os.mkfifo(pipe)
    real_stat = os.stat

    def looks_regular(path: object, *args: object, **kwargs: object) -> os.stat_result:
        info = real_stat(tmp_path / "plain", *args, **kwargs)  # type: ignore[arg-type]
        return info

    (tmp_path / "plain").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(os, "stat", looks_regular)
    with pytest.raises(ExportFileError, match="named pipe"):
        within(NO_HANG, lambda: read_export_file(pipe))


def test_a_socket_is_named_and_not_opened() -> None:
    # A short folder: a socket's path must fit in about 100 bytes.
    with tempfile.TemporaryDirectory(dir="/tmp") as folder:
        path = Path(folder) / "s.json"
        server = socket.socket(socket.AF_UNIX)
        try:
            server.bind(str(path))
            with pytest.raises(ExportFileError, match="this is a socket, not an export file"):
                within(NO_HANG, lambda: read_export_file(path))
        finally:
            server.close()


def test_a_byte_order_mark_is_accepted(content: Content, tmp_path: Path) -> None:
    path = write_bom_export(content, tmp_path)
    doc = read_export_file(path)
    assert validate(content, doc) == []
    read = read_export(path)
    assert read.size == path.stat().st_size and read.doc == doc


def test_the_size_limit_can_be_chosen_and_counts_bytes(content: Content, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(valid_doc(content)), encoding="utf-8")
    size = path.stat().st_size
    assert read_export_file(path, max_bytes=size)["participant"] == "P-GOOD01"
    with pytest.raises(ExportFileError, match=f"too large for an export \\({size:,} bytes"):
        read_export_file(path, max_bytes=size - 1)
    assert MAX_EXPORT_BYTES >= 1_000_000  # room for eight long reflections


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "the file is empty (0 bytes)"),
        (b"  \n\t", "the file holds only blank space"),
        (b"\xff\xfe\x00x", "the file is not UTF-8 text (byte 0)"),
        (b'{"a": ', "the file is not valid JSON (line 1, column 7: Expecting value)"),
        (b"[1, 2]", "expected a JSON object, found list: this is not a leadlib export"),
        (b'{"a": -Infinity}', "the file holds -Infinity, which is not a number"),
        (b'{"a": {"b": 1, "b": 2}}', "the key 'b' appears twice in one object"),
        (b'{"a\\u202eb": 1}', "a key with control or invisible characters ('a\\u202eb')"),
    ],
)
def test_broken_files_get_a_plain_reason(tmp_path: Path, raw: bytes, reason: str) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(raw)
    with pytest.raises(ExportFileError) as caught:
        read_export_file(path)
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{path}: not a valid leadlib export (1 problem)")


def test_missing_files_and_folders_are_named(tmp_path: Path) -> None:
    with pytest.raises(ExportFileError, match="there is no such file; check the name"):
        read_export_file(tmp_path / "nowhere.json")
    with pytest.raises(ExportFileError, match="this is a folder, not an export file"):
        read_export_file(tmp_path)


def test_numbers_an_export_uses_are_read_exactly(tmp_path: Path) -> None:
    path = tmp_path / "n.json"
    path.write_text('{"a": 5, "b": 62.5, "c": -0.125, "d": 12345678901234567890}', "utf-8")
    assert read_export_file(path) == {"a": 5, "b": 62.5, "c": -0.125, "d": 12345678901234567890}


def test_strings_holding_brackets_are_not_taken_for_nesting(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    text = "[[[[{{{{" * 50 + '\\" ]]'
    path.write_text(json.dumps({"reflection": text, "list": [[[1]]]}), encoding="utf-8")
    assert read_export_file(path)["reflection"] == text


def test_a_file_name_with_escape_sequences_is_shown_escaped(tmp_path: Path) -> None:
    path = tmp_path / ESC_NAME
    path.write_text("{", encoding="utf-8")
    with pytest.raises(ExportFileError) as caught:
        read_export_file(path)
    message = str(caught.value)
    assert "\x1b" not in message and "\x07" not in message
    assert "\\x1b[31mred\\x1b[0m\\x1b]0;pwned\\x07.json: not a valid leadlib export" in message


def test_printable_escapes_control_and_invisible_characters_only() -> None:
    assert printable("Jörg's plan (v2).json") == "Jörg's plan (v2).json"
    assert printable("a\x1b[2Jb\tc\nd\u202ee\x00") == "a\\x1b[2Jb\\tc\\nd\\u202ee\\x00"
    long = printable("x" * 1000)
    assert len(long) == 200 and long.endswith("\u2026")
    assert printable("x" * 1000, 50) == "x" * 49 + "\u2026"


def test_every_export_error_message_is_printable() -> None:
    error = ExportError([Problem("\x1b[2Jkey", "unknown field")], "dir/\x1b[31m.json")
    assert "\x1b" not in str(error)
    assert "dir/\\x1b[31m.json: not a valid leadlib export" in str(error)
    assert "  - \\x1b[2Jkey: unknown field" in str(error)


def test_the_reader_is_core_light() -> None:
    code = (
        "import sys, leadlib.exportfile; "
        "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'nbconvert', 'sqlite3', "
        "'leadlib.journal', 'leadlib.team') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"
    import leadlib.exportfile

    assert "must not import" in (leadlib.exportfile.__doc__ or "").lower()
