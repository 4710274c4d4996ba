"""Hostile and broken export files, made for real on disk, shared by the tests of the
one export reader (test_exportfile), the team report (test_team_hostile) and the
journal's import (test_import_hostile). Not a test module itself."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from leadlib import export
from leadlib.exportfile import MAX_EXPORT_BYTES
from leadlib.models import Content

T = TypeVar("T")
ESC_NAME = "\x1b[31mred\x1b[0m\x1b]0;pwned\x07.json"
ESC_KEY = "\x1b[2J\x1b]0;pwned\x07"
#: Seconds a read may take before the test calls it a hang.
NO_HANG = 10.0


def valid_doc(content: Content, code: str = "P-GOOD01") -> dict[str, Any]:
    return export.build(
        content,
        participant=code,
        exported_at=datetime(2026, 3, 2, 9, 0),
        answers={s.id: 4 for s in content.statements},
        delegation={s.id: s.recommended_band[0] for s in content.scenarios},
        balance=("growth", 50),
    )


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def hostile_files(content: Content, folder: Path) -> dict[str, str]:
    """Write every hostile file into ``folder``; return {file name: expected reason}."""
    folder.mkdir(parents=True, exist_ok=True)
    made: dict[str, str] = {}
    os.mkfifo(folder / "x.json")
    made["x.json"] = "this is a named pipe (FIFO), not an export file: it was not opened"
    head = '{"schema": "leadlib-export", "version": 1, "participant": '
    _write(folder, "digits.json", head + "9" * 5000 + "}")
    made["digits.json"] = "the file holds a number 5,000 characters long"
    _write(folder, "digits-float.json", head + "1." + "0" * 5000 + "}")
    made["digits-float.json"] = "the file holds a number 5,002 characters long"
    _write(folder, "huge-float.json", head + "1e400}")
    made["huge-float.json"] = "the file holds the number 1e400, too large for any export"
    _write(folder, "nan.json", head + "NaN}")
    made["nan.json"] = "the file holds NaN, which is not a number an export can hold"
    _write(folder, "deep-list.json", "[" * 100_000 + "]" * 100_000)
    made["deep-list.json"] = "the file is nested more than 16 levels deep"
    _write(folder, "deep-object.json", '{"a": ' * 100_000 + "1" + "}" * 100_000)
    made["deep-object.json"] = "the file is nested more than 16 levels deep"
    text = json.dumps(valid_doc(content, "P-TWICE1"))
    _write(folder, "duplicate.json", '{"version": 1, ' + text[1:])
    made["duplicate.json"] = "the key 'version' appears twice in one object"
    sneaky = valid_doc(content, "P-SNEAK1")
    sneaky[ESC_KEY] = 1
    _write(folder, "escape-key.json", json.dumps(sneaky))
    made["escape-key.json"] = (
        "the file holds a key with control or invisible characters ('\\x1b[2J\\x1b]0;pwned\\x07')"
    )
    _write(folder, ESC_NAME, "{")
    made[ESC_NAME] = "the file is not valid JSON (line 1, column 2"
    with open(folder / "oversized.json", "wb") as handle:
        handle.truncate(MAX_EXPORT_BYTES + 1)  # sparse: no megabyte is written
    made["oversized.json"] = (
        f"the file is too large for an export ({MAX_EXPORT_BYTES + 1:,} bytes, the limit "
        f"is {MAX_EXPORT_BYTES:,}"
    )
    (folder / "device.json").symlink_to("/dev/null")
    made["device.json"] = "this is a character device, not an export file: it was not opened"
    return made


def write_bom_export(content: Content, folder: Path, code: str = "P-BOM001") -> Path:
    """A valid export that starts with a UTF-8 byte-order mark (as some editors save)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(valid_doc(content, code))
    return _write(folder, "bom.json", b"\xef\xbb\xbf" + text.encode("utf-8"))


def within(seconds: float, call: Callable[[], T]) -> T:
    """``call()``'s result, or AssertionError if it has not returned within ``seconds``
    (it then keeps waiting in a daemon thread, which does not stop the test run)."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as error:  # noqa: BLE001 - handed back to the test below
            box["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still blocked after {seconds} s (it hangs)"
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]
