"""The others' view's files: the rater pack (self-contained, offline, no name unless
given), rater files read with the export reader's hostile-file rules, the import into the
journal (one bad file never stops the others), the journal's validators, and the export
that never carries rater answers."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
from hostile_files import hostile_files, within

from leadlib.errors import AnswerError
from leadlib.journal import open_journal
from leadlib.journal.answers import OTHERS_VIEW, RATER_ANSWERS, RATER_PACK, validate_answer
from leadlib.journal.others import import_raters, others_view, pack, rater_files_in
from leadlib.models import Content
from leadlib.rater_pack import pack_html, paper_form_html
from leadlib.raters import (
    KEYS,
    MAX_RATER_BYTES,
    RaterFileError,
    Release,
    callout_threshold,
    compare,
    new_pack_id,
    parse_rater,
    read_rater_bytes,
    read_rater_file,
)
from leadlib.scoring import CLAIM_STEPS

PACK = "R-ABCDEFGH23"


def rater_doc(content: Content, seed: int, pack: str = PACK, **change: Any) -> dict[str, Any]:
    rng = random.Random(seed)
    doc: dict[str, Any] = {
        "schema": "leadlib-rater",
        "version": 1,
        "pack": pack,
        "response": "".join(rng.choice("23456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(16)),
        "date": "2026-12-02",
        "answers": {s.id: rng.randint(1, 5) for s in content.statements},
    }
    doc.update(change)
    return doc


# --------------------------------------------------------------------------- the pack


def test_the_pack_loads_nothing_from_anywhere(content: Content) -> None:
    html = pack_html(content, PACK)
    assert not re.search(r"https?:|ftp:|//[\w.-]+\.\w|\bsrc\s*=|<link\b|@import|url\(", html)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert html.count("<script") == 2  # the form's data and its code, both inline
    for statement in content.statements:
        assert statement.rater_text.replace("'", "&#x27;") in html
        assert statement.text.replace("'", "&#x27;") not in html
        assert f'name="{statement.id}"' in html
    for label in content.scale.labels:
        assert label in html


def test_the_learner_is_named_only_when_they_type_a_first_name(content: Content) -> None:
    journal = open_journal(content=content)
    anonymous = pack_html(content, PACK)
    assert "Feedback for a colleague" in anonymous
    assert journal.participant_code not in anonymous
    named = pack_html(content, PACK, "  Sam  ")
    assert "<title>Feedback for Sam</title>" in named
    with pytest.raises(AnswerError, match="one short line"):
        pack_html(content, PACK, "Sam\x1b[2J")
    with pytest.raises(AnswerError, match="one short line"):
        pack_html(content, PACK, "S" * 41)


def test_the_paper_form_asks_every_statement_with_no_place_for_a_name(content: Content) -> None:
    html = paper_form_html(content)
    assert html.count("<tr>") == len(content.statements) + 1
    assert "no place for your name" in html
    assert "at least 3 raters" in html


def test_pack_ids_are_random(content: Content) -> None:
    ids = {new_pack_id() for _ in range(50)}
    assert len(ids) == 50 and all(re.fullmatch(r"R-[2-9A-HJ-NP-Z]{10}", i) for i in ids)


# --------------------------------------------------------------------------- the files


def test_a_valid_rater_file_is_read(content: Content, tmp_path: Path) -> None:
    doc = rater_doc(content, 1)
    path = tmp_path / "r.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    rater = read_rater_file(content, path, PACK)
    assert rater.answers == doc["answers"] and rater.response == doc["response"]
    assert sorted(doc) == sorted(KEYS)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"schema": "leadlib-export"}, "this is not a rater file (its schema is 'leadlib-export'"),
        ({"version": 2}, "version 2: this course reads rater files of version 1"),
        ({"version": True}, "version True"),
        ({"pack": "R-ZZZZZZZZZZ"}, "it answers the rater pack R-ZZZZZZZZZZ, not yours"),
        ({"pack": "nonsense"}, "the pack id is missing or malformed"),
        ({"response": "short"}, "the response id is missing or malformed"),
        ({"date": "2026-12-02T09:14:00Z"}, "the date must be written YYYY-MM-DD"),
        ({"date": "2026-02-30"}, "the date must be written YYYY-MM-DD"),
        ({"name": "Anna"}, "unexpected field(s) name"),
        ({"comment": "great boss"}, "unexpected field(s) comment"),
        ({"answers": []}, "'answers' must be an object"),
    ],
)
def test_a_wrong_rater_file_says_what_is_wrong(
    content: Content, change: dict[str, Any], message: str
) -> None:
    with pytest.raises(RaterFileError) as caught:
        parse_rater(content, rater_doc(content, 2, **change), PACK)
    assert message in str(caught.value)


def test_out_of_range_and_missing_answers_are_named(content: Content) -> None:
    doc = rater_doc(content, 3)
    first, second, third = (s.id for s in content.statements[:3])
    doc["answers"][first] = 6
    doc["answers"][second] = True
    del doc["answers"][third]
    doc["answers"]["zz9"] = 3
    with pytest.raises(RaterFileError) as caught:
        parse_rater(content, doc, PACK)
    text = str(caught.value)
    assert f"Statement '{first}': the answer 6 is outside the scale 1-5" in text
    assert f"Statement '{second}': the answer must be a whole number" in text
    assert "Unknown statement id 'zz9'" in text
    assert f"1 statement is not answered ({third})" in text


def test_hostile_rater_files_are_refused_with_the_reason(content: Content, tmp_path: Path) -> None:
    made = hostile_files(content, tmp_path / "in")
    for name, reason in made.items():
        path = tmp_path / "in" / name
        if path.is_file() and not path.is_symlink() and path.stat().st_size > MAX_RATER_BYTES:
            reason = "the file is too large"  # refused before it is read, by the rater limit
        with pytest.raises(RaterFileError) as caught:
            within(10, lambda name=name: read_rater_file(content, tmp_path / "in" / name, PACK))
        assert reason in str(caught.value), name
        assert "\x1b" not in str(caught.value)
    big = tmp_path / "big.json"
    big.write_text(json.dumps(rater_doc(content, 4)) + " " * 30_000, encoding="utf-8")
    with pytest.raises(RaterFileError, match="the file is too large"):
        read_rater_file(content, big, PACK)
    with pytest.raises(RaterFileError, match="the file is too large"):
        read_rater_bytes(content, "up.json", big.read_bytes(), PACK)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 5000 + "]" * 5000)
    with pytest.raises(RaterFileError, match="nested more than 16 levels"):
        read_rater_file(content, deep, PACK)
    with pytest.raises(RaterFileError, match="appears twice"):
        read_rater_bytes(content, "twice.json", b'{"version": 1, "version": 1}', PACK)


# --------------------------------------------------------------------------- the import


def test_one_bad_file_does_not_stop_the_others(content: Content, tmp_path: Path) -> None:
    journal = open_journal(content=content)
    mine = pack(journal)["id"]
    folder = tmp_path / "raters"
    folder.mkdir()
    for seed in range(3):
        (folder / f"good{seed}.json").write_text(json.dumps(rater_doc(content, seed, mine)))
    (folder / "bad.json").write_text("{")
    (folder / "other.json").write_text(json.dumps(rater_doc(content, 9, "R-ZZZZZZZZZZ")))
    (folder / "notes.txt").write_text("ignored")
    results = import_raters(journal, rater_files_in(folder))
    status = {Path(r.source).name: r.status for r in results}
    assert status == {
        "bad.json": "refused",
        "good0.json": "added",
        "good1.json": "added",
        "good2.json": "added",
        "other.json": "refused",
    }
    assert "not valid JSON" in next(r.message for r in results if r.source.endswith("bad.json"))
    assert len(journal.answers(RATER_ANSWERS)) == 3
    again = import_raters(journal, [folder / "good0.json"])
    assert [r.status for r in again] == ["same"]
    uploaded = import_raters(
        journal, [("up.json", json.dumps(rater_doc(content, 5, mine)).encode())]
    )
    assert [r.status for r in uploaded] == ["added"]


def test_nothing_is_imported_before_a_pack_exists(content: Content, tmp_path: Path) -> None:
    journal = open_journal(content=content)
    path = tmp_path / "r.json"
    path.write_text(json.dumps(rater_doc(content, 1)))
    [result] = import_raters(journal, [path])
    assert result.status == "refused" and "make your rater pack first" in result.message


def test_a_rater_who_saves_again_before_being_counted_replaces_the_first_file(
    content: Content,
) -> None:
    journal = open_journal(content=content)
    mine = pack(journal)["id"]
    first = rater_doc(content, 1, mine)
    second = dict(first, answers={s.id: 3 for s in content.statements})
    import_raters(journal, [("a.json", json.dumps(first).encode())])
    [result] = import_raters(journal, [("b.json", json.dumps(second).encode())])
    assert result.status == "replaced"
    for seed in (2, 3):
        import_raters(
            journal, [(f"{seed}.json", json.dumps(rater_doc(content, seed, mine)).encode())]
        )
    assert others_view(journal).new is not None  # first and two others: counted now
    third = dict(first, answers={s.id: 1 for s in content.statements})
    [late] = import_raters(journal, [("c.json", json.dumps(third).encode())])
    assert late.status == "refused" and "counted before" in late.message


def test_rater_answers_never_reach_the_export(content: Content) -> None:
    journal = open_journal(content=content)
    mine = pack(journal)["id"]
    for seed in range(3):
        import_raters(
            journal, [(f"{seed}.json", json.dumps(rater_doc(content, seed, mine)).encode())]
        )
    others_view(journal)
    text = json.dumps(journal.export_document())
    assert mine not in text and "rater" not in text
    assert not any(s in text for s in journal.answers(RATER_ANSWERS))


# --------------------------------------------------------------------------- validators


@pytest.mark.parametrize(
    ("exercise", "item", "value", "message"),
    [
        (RATER_PACK, "name", {"id": PACK}, "saves 'pack'"),
        (RATER_PACK, "pack", {"id": "P-123"}, "not a pack id"),
        (RATER_PACK, "pack", {"id": PACK, "first_name": 7}, "must be a text"),
        (RATER_ANSWERS, "x", {}, "'x' is not a rater file's response id"),
        (RATER_ANSWERS, "A" * 16, {"pack": PACK, "date": "2026-12-02"}, "expected the fields"),
        (
            RATER_ANSWERS,
            "A" * 16,
            {"pack": PACK, "date": "2026-12-02T10:00", "answers": {}},
            "the date must be YYYY-MM-DD",
        ),
        (RATER_ANSWERS, "A" * 16, {"pack": PACK, "date": "2026-12-02", "answers": {}}, "every"),
        (OTHERS_VIEW, "latest", {}, "releases named like 'release-001'"),
        (
            OTHERS_VIEW,
            "release-001",
            {"pack": PACK, "raters": ["A" * 16, "A" * 16], "date": "2026-12-02", "k": 3},
            "expected the fields",
        ),
    ],
)
def test_the_journal_checks_the_others_view_answers(
    content: Content, exercise: str, item: str, value: object, message: str
) -> None:
    with pytest.raises(AnswerError, match=re.escape(message)):
        validate_answer(content, exercise, item, value)


def test_a_release_round_trips_through_the_validator(content: Content) -> None:
    traits = {t.id: 50.0 for t in content.traits}
    release = Release(1, ("A" * 16, "B" * 16, "C" * 16), "2026-12-02", 3, traits, PACK)
    stored = validate_answer(content, OTHERS_VIEW, "release-001", release.to_json())
    assert Release.from_json(1, stored) == release
    bad = dict(release.to_json(), traits=dict(traits, **{content.traits[0].id: 101}))
    with pytest.raises(AnswerError, match="must be 0-100 or null"):
        validate_answer(content, OTHERS_VIEW, "release-001", bad)


# --------------------------------------------------------------------------- call-outs


def test_blind_spots_and_hidden_strengths_need_two_item_steps(content: Content) -> None:
    assert CLAIM_STEPS == 2 and callout_threshold(content) == 12.5
    a, b, c, d = (t.id for t in content.traits[:4])
    own = {a: 75.0, b: 50.0, c: 50.0, d: 62.5}
    traits = {t.id: None for t in content.traits} | {a: 62.5, b: 62.5, c: 60.0, d: 62.5}
    release = Release(1, ("A" * 16,), "2026-12-02", 3, traits)
    kinds = {x.trait: x.kind for x in compare(content, own, release)}
    assert kinds[a] == "blind_spot"  # 12.5 above the others: two steps
    assert kinds[b] == "hidden_strength"  # 12.5 below
    assert kinds[c] == "close"  # 10 below: less than two steps
    assert kinds[d] == "close"
    assert kinds[content.traits[5].id] is None  # no score on either side
