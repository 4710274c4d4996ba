"""The rater pack (notebook 08's others' view) in a real browser: opened from a file with
the network blocked, answered with the keyboard (with one "can't judge"), saved as a
rater file that the course accepts, printable.

Needs only Chromium (no JupyterLab server). Must not import leadlib.widgets.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import leadlib
from leadlib.rater_pack import pack_filename, pack_html
from leadlib.raters import KEYS, new_pack_id, parse_rater

from .conftest import SCREENSHOTS


def test_the_rater_pack_works_offline_from_a_file(chromium: Any, tmp_path: Path) -> None:
    content = leadlib.load_content()
    pack = new_pack_id()
    path = tmp_path / pack_filename(pack)
    path.write_text(pack_html(content, pack, "Sam"), encoding="utf-8")
    context = chromium.new_context(accept_downloads=True, offline=True)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(path.as_uri())
        assert page.title() == "Feedback for Sam"
        # Saving with nothing answered names the statements left and keeps the file back.
        page.click("#save")
        assert "please answer statement(s) 1, 2, 3" in page.inner_text("#status")
        assert page.evaluate("document.activeElement.name") == content.statements[0].id
        # The keyboard alone answers the first statement: an arrow key moves the choice.
        page.keyboard.press("ArrowRight")
        first = content.statements[0].id
        assert page.evaluate(f"document.querySelector('input[name={first}]:checked').value")
        # "Can't judge" everywhere: the file would count for no trait, and is kept back.
        for statement in content.statements:
            page.check(f"input[name={statement.id}][value='none']")
        page.click("#save")
        assert "would count for no trait" in page.inner_text("#status")
        # Every statement answered but the first, which the rater cannot judge.
        chosen = {}
        for number, statement in enumerate(content.statements):
            if number == 0:
                continue
            value = 1 + number % 5
            page.check(f"input[name={statement.id}][value='{value}']")
            chosen[statement.id] = value
        with page.expect_download() as waiting:
            page.click("#save")
        download = waiting.value
        assert download.suggested_filename.startswith(f"leadlib-rater-{pack}-")
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        doc = json.loads(saved.read_text(encoding="utf-8"))
        assert sorted(doc) == sorted(KEYS)
        assert doc["answers"] == chosen and doc["version"] == 2
        assert first not in doc["answers"]  # "can't judge" is left out of the file
        rater = parse_rater(content, doc, pack)
        assert len(rater.date) == 10  # the day only
        assert "Saved as" in page.inner_text("#status")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "rater_pack_offline.png"), full_page=False)
        # Printed: the form without its buttons.
        page.emulate_media(media="print")
        assert not page.is_visible("#save")
        assert page.is_visible(f"#q-{first}")
    finally:
        context.close()
    assert not errors, errors
    # Nothing but the file itself (and the data: link of the save) was ever requested.
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
