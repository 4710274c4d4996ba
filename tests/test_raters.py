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
from leadlib.rater_callouts import (
    callout_note,
    callout_threshold,
    compare,
    reading_words,
)
from leadlib.rater_pack import pack_html, paper_form_html
from leadlib.raters import (
    KEYS,
    MAX_RATER_BYTES,
    RaterFileError,
    Release,
    counts_for,
    new_pack_id,
    parse_rater,
    publish,
    rater_scores,
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
    # Every statement has a "can't judge" choice, left out of the saved answers.
    for statement in content.statements:
        assert f'name="{statement.id}" value="none"> Can&#x27;t judge' in html
    assert '"version": 2' in html and "at least 3 of its 4 statements" in html


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
    assert "<th>Can&#x27;t judge</th>" in html and "at least 3 of its 4 statements" in html
    circles = len(content.scale.labels) + 1
    assert html.count('<td class="tick">&#9711;</td>') == circles * len(content.statements)


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
        ({"version": 3}, "version 3: this course reads rater files of versions 1, 2"),
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
    assert "a version 1 rater file answers every one" in text


def test_a_version_2_file_may_leave_out_what_the_rater_cannot_judge(content: Content) -> None:
    """Version 2: "can't judge" statements are left out. A trait counts the rater only
    with at least 3 of its 4 statements answered; a file that counts for no trait is
    refused with that reason."""
    doc = rater_doc(content, 4, version=2)
    one, two = content.traits[0].id, content.traits[1].id
    first = [s.id for s in content.statements_for(one)]
    second = [s.id for s in content.statements_for(two)]
    del doc["answers"][first[0]]  # 3 of 4: still counts
    del doc["answers"][second[0]], doc["answers"][second[1]]  # 2 of 4: does not count
    rater = parse_rater(content, doc, PACK)
    assert first[0] not in rater.answers and len(rater.answers) == len(content.statements) - 3
    assert counts_for(content, rater.answers, one) and not counts_for(content, rater.answers, two)
    scores = rater_scores(content, rater.answers)
    assert one in scores and two not in scores
    kept = [doc["answers"][sid] for sid in first[1:]]
    keyed = [
        content.scale.reversed_value(a) if content.statement(sid).reverse else a
        for sid, a in zip(first[1:], kept, strict=True)
    ]
    assert scores[one] == pytest.approx(100 * (sum(keyed) / 3 - 1) / 4)
    # The journal keeps such answers as they are.
    stored = validate_answer(
        content,
        RATER_ANSWERS,
        rater.response,
        {"pack": PACK, "date": rater.date, "answers": dict(rater.answers)},
    )
    assert stored["answers"] == rater.answers
    # Two answers per trait at most: the file counts for nothing and says why.
    sparse = rater_doc(content, 5, version=2)
    for trait in content.traits:
        for statement in content.statements_for(trait.id)[:2]:
            del sparse["answers"][statement.id]
    with pytest.raises(RaterFileError, match="too few statements to count for any trait"):
        parse_rater(content, sparse, PACK)
    assert "at least 3 of its 4 statements" in str(
        pytest.raises(RaterFileError, parse_rater, content, sparse, PACK).value
    )
    # A version 1 file still has to answer every statement.
    with pytest.raises(RaterFileError, match="version 1 rater file answers every one"):
        parse_rater(content, dict(doc, version=1), PACK)


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
        (
            RATER_ANSWERS,
            "A" * 16,
            {"pack": PACK, "date": "2026-12-02", "answers": {}},
            "count for no trait",
        ),
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
    robust = {content.traits[0].id: (43.75, 56.25)}
    with_range = Release(1, release.raters, release.date, 3, traits, PACK, robust)
    stored = validate_answer(content, OTHERS_VIEW, "release-001", with_range.to_json())
    assert Release.from_json(1, stored) == with_range
    upside_down = dict(with_range.to_json(), robust={content.traits[0].id: [60, 40]})
    with pytest.raises(AnswerError, match="leave-one-out range"):
        validate_answer(content, OTHERS_VIEW, "release-001", upside_down)
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


def _answers_scoring(content: Content, trait: str, keyed: list[int]) -> dict[str, int]:
    """Answers to ``trait``'s statements whose keyed values are ``keyed``."""
    return {
        s.id: content.scale.reversed_value(v) if s.reverse else v
        for s, v in zip(content.statements_for(trait), keyed, strict=True)
    }


def _three_raters(content: Content, trait: str, keyed: list[list[int]]) -> dict[str, Any]:
    raters = {}
    for n, values in enumerate(keyed):
        doc = rater_doc(content, 40 + n)
        doc["answers"].update(_answers_scoring(content, trait, values))
        raters[doc["response"]] = doc["answers"]
    return raters


def test_one_rater_alone_never_makes_a_call_out(content: Content) -> None:
    """The reviewer's case: self 75, raters 37.5, 75 and 75 (mean 62.5, a gap of 12.5).
    Leave the low rater out and the gap is 0: not called out, and said so. A gap that
    holds with any one rater left out is called out."""
    trait = content.traits[0].id
    raters = _three_raters(content, trait, [[2, 3, 2, 3], [4, 4, 4, 4], [4, 4, 4, 4]])
    assert sorted(rater_scores(content, a)[trait] for a in raters.values()) == [37.5, 75, 75]
    release = publish(content, raters, [], 3, today="2026-12-02").new
    assert release is not None and release.traits[trait] == pytest.approx(62.5)
    assert release.robust[trait] == pytest.approx((56.25, 75.0))
    [row] = [c for c in compare(content, {trait: 75.0}, release) if c.trait == trait]
    assert row.gap == pytest.approx(12.5) and row.kind == "unsure"
    assert "not called out" in reading_words()["unsure"]
    # Spread 50, 62.5, 56.25 (mean 56.25; 59.375 at most with one left out): self 75 is
    # 15.6 points above even then, a blind spot; self 37.5 is 18.75 below the mean but
    # only 15.6 below the lowest leave-one-out mean (53.125): a hidden strength.
    raters = _three_raters(content, trait, [[3, 3, 3, 3], [4, 3, 4, 3], [3, 4, 3, 3]])
    release = publish(content, raters, [], 3, today="2026-12-02").new
    assert release is not None
    kinds = {own: compare(content, {trait: own}, release)[0].kind for own in (75.0, 37.5)}
    assert kinds == {75.0: "blind_spot", 37.5: "hidden_strength"}
    # A hidden strength made by one high rater is not called out either.
    raters = _three_raters(content, trait, [[5, 5, 5, 4], [3, 3, 3, 3], [3, 3, 3, 3]])
    release = publish(content, raters, [], 3, today="2026-12-02").new
    assert release is not None
    row = compare(content, {trait: 50.0}, release)[0]
    assert row.others == pytest.approx(193.75 / 3) and row.kind == "unsure"
    # The note under the table states the rule.
    assert "holds with any single rater left out" in callout_note(content, 3)
