"""``ex.others_view()`` driven without a browser: make the pack (written to the exports
folder, path shown), import rater files by upload and by folder with a message per
file, and the view: nothing under k, self against others with call-outs, a chart with
alt text, and the static form with the paper rater form."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest

from leadlib import widgets as ex
from leadlib.journal.answers import OTHERS_VIEW, RATER_PACK
from leadlib.models import Content
from leadlib.rater_pack import pack_filename
from leadlib.widgets._base import exports_dir, shared_journal


def rater(content: Content, seed: int, pack_id: str, value: int | None = None) -> dict[str, Any]:
    rng = random.Random(seed)
    return {
        "schema": "leadlib-rater",
        "version": 1,
        "pack": pack_id,
        "response": "".join(rng.choice("23456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(16)),
        "date": "2026-12-02",
        "answers": {s.id: value or rng.randint(1, 5) for s in content.statements},
    }


def upload(view: Any, files: dict[str, bytes]) -> None:
    view.upload.value = tuple(
        {
            "name": name,
            "type": "application/json",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": dt.datetime(2026, 12, 2, tzinfo=dt.timezone.utc),
        }
        for name, data in files.items()
    )


def test_the_pack_goes_to_the_exports_folder_with_its_path_shown(content: Content) -> None:
    view = ex.others_view()
    view.first_name.value = "Sam"
    path = view.make_pack()
    assert path is not None and path.parent == exports_dir() and path.exists()
    assert str(path) in view.pack_result.value and "download=" in view.pack_result.value
    html = path.read_text(encoding="utf-8")
    assert "Feedback for Sam" in html and not re.search(r"https?:", html)
    assert (exports_dir() / "leadlib-rater-form-paper.html").exists()
    saved = shared_journal().answers(RATER_PACK)["pack"]
    assert path.name == pack_filename(saved["id"]) and saved["first_name"] == "Sam"
    # Making it again keeps the id (files from the first copy still match) and the name
    # can be taken out.
    view.first_name.value = ""
    again = view.make_pack()
    assert again == path and "Feedback for a colleague" in path.read_text(encoding="utf-8")


def test_upload_and_folder_imports_then_the_view_with_call_outs(
    content: Content, tmp_path: Path
) -> None:
    for statement in content.statements:  # the learner's own answers: every trait 100
        shared_journal().record("self_assessment", statement.id, 1 if statement.reverse else 5)
    view = ex.others_view()
    view.make_pack()
    pack_id = shared_journal().answers(RATER_PACK)["pack"]["id"]
    upload(
        view,
        {
            "a.json": json.dumps(rater(content, 1, pack_id)).encode(),
            "broken.json": b"{",
        },
    )  # chosen files are imported at once, with no button to press
    assert view.upload.value == ()
    assert "a.json</strong>: imported" in view.import_result.value
    assert "broken.json</strong>: not imported" in view.import_result.value
    assert "not valid JSON" in view.import_result.value
    assert "Nothing to show yet" in view.view_text.value and view.chart.png == b""
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in (2, 3, 4):
        doc = rater(content, seed, pack_id)
        if seed == 4:  # "can't judge" on one statement: a version 2 file
            del doc["answers"][content.statements[0].id]
            doc["version"] = 2
        (folder / f"r{seed}.json").write_text(json.dumps(doc))
    view.folder.value = str(folder)
    view.import_folder()
    assert "The view counts 4 raters" in view.view_text.value
    assert "r4.json</strong>: imported" in view.import_result.value
    assert "possible blind spot" in view.view_text.value  # self 100 against random raters
    # The rules are stated: who counts for a trait, and the leave-one-out call-out.
    assert "holds with any single rater left out" in view.view_text.value
    assert "answered at least 3 of its 4 statements" in view.view_text.value
    assert view.chart.png and "mean of 4 raters" in view.chart.alt
    for word in ("min", "max", "spread", "lowest", "highest"):
        assert word not in view.view_text.value.lower()
    # One more rater: the view does not move, and says why.
    (folder / "r5.json").write_text(json.dumps(rater(content, 5, pack_id)))
    view.import_folder()
    assert "The view counts 4 raters" in view.view_text.value
    assert "1 more file is imported" in view.view_text.value
    assert len(shared_journal().answers(OTHERS_VIEW)) == 1


def test_a_wrong_folder_gets_a_plain_message(tmp_path: Path) -> None:
    view = ex.others_view()
    view.make_pack()
    view.folder.value = str(tmp_path / "nowhere")
    assert view.import_folder() == []
    assert "is not a folder" in view.message_text
    upload(view, {})
    assert view.import_uploaded() == []
    assert "Choose one or more rater files first" in view.message_text


def test_importing_before_the_pack_is_made_says_what_to_do(content: Content) -> None:
    view = ex.others_view()
    upload(view, {"a.json": json.dumps(rater(content, 1, "R-ABCDEFGH23")).encode()})
    assert "make your rater pack first" in view.import_result.value


def test_every_control_carries_a_label() -> None:
    import ipywidgets as w

    view = ex.others_view()
    controls = [view.first_name, view.make_button, view.upload]
    controls += [view.folder, view.folder_button]
    assert all((c.description or "").strip() for c in controls)
    assert isinstance(view.upload, w.FileUpload)


def test_the_static_form_holds_the_paper_rater_form(content: Content) -> None:
    bundle = ex.others_view()._repr_mimebundle_()
    html = bundle["text/html"]
    assert "How others see you" in html
    for statement in content.statements:
        assert statement.rater_text.split(",")[0].replace("'", "&#x27;") in html
    assert "12.5 points or more (two answer steps)" in html


def test_handout_mode_gives_the_worksheet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADLIB_MODE", "handout")
    sheet = ex.others_view()
    assert "no place for your name" in sheet._repr_html_()
