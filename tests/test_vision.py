"""The feedback on a draft vision (leadlib.vision), without any widget, and its wording
as course data (vision.toml): loaded, validated, and changeable by a facilitator."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import leadlib
from leadlib.content import DATA_DIR
from leadlib.errors import ContentError
from leadlib.models import Content
from leadlib.vision import says, vision_feedback, word_count

GOOD_VISION = (
    "By the end of next year, every customer who calls us will get a clear answer "
    "within one working day, so that they trust us with their next order."
)


def test_a_good_draft_gets_only_good_remarks(content: Content) -> None:
    remarks = vision_feedback(content, GOOD_VISION)
    assert [good for good, _ in remarks] == [True] * (1 + len(content.vision.checks))
    assert remarks[0][1] == content.vision.good.format(count=word_count(GOOD_VISION))
    assert [text for _, text in remarks[1:]] == [c.has for c in content.vision.checks]


def test_a_short_vague_draft_hears_what_is_missing(content: Content) -> None:
    remarks = vision_feedback(content, "Be great.")
    assert remarks[0] == (False, "2 words: a little short. Say where, for whom, and why.")
    assert (
        dict((text, good) for good, text in remarks)[
            "Add a time horizon, such as 'by the end of next year'."
        ]
        is False
    )
    assert [good for good, _ in remarks[1:]] == [False] * len(content.vision.checks)


def test_an_empty_draft_gets_one_remark(content: Content) -> None:
    assert vision_feedback(content, "   ") == [(False, content.vision.empty)]


def test_a_long_draft_is_called_long(content: Content) -> None:
    text = " ".join(["word"] * (content.vision.max_words + 1))
    good, remark = vision_feedback(content, text)[0]
    assert not good and remark.startswith(f"{content.vision.max_words + 1} words: long")


@pytest.mark.parametrize(
    ("check_id", "text", "found"),
    [
        ("horizon", "In 2028 we lead the field.", True),
        ("horizon", "In three steps we lead the field.", True),
        ("horizon", "By   THE end we lead.", True),
        ("horizon", "Yearly we lead the field.", False),  # whole words only
        ("who", "Our patients feel heard.", True),
        ("who", "Teamwork matters.", False),
        ("change", "We are no longer slow.", True),
        ("change", "We are here.", False),
    ],
)
def test_words_and_patterns_match_whole_words_in_any_case(
    content: Content, check_id: str, text: str, found: bool
) -> None:
    check = next(c for c in content.vision.checks if c.id == check_id)
    assert says(check, text) is found


# -- the wording is data ---------------------------------------------------------------


def _copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DATA_DIR, tmp_path / "data"))


def _edit(data: Path, old: str, new: str) -> None:
    path = data / "vision.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_facilitator_can_change_the_words_and_remarks(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    _edit(data, '"future",', '"future", "someday",')
    _edit(data, 'good = "{count} words: short', 'good = "{count} words, nicely short')
    edited = leadlib.load_content(data)
    horizon = next(c for c in edited.vision.checks if c.id == "horizon")
    assert says(horizon, "Someday the customers will love us.")
    text = "Someday our customers will say we answer faster than anyone they know today."
    assert vision_feedback(edited, text)[0] == (
        True,
        "13 words, nicely short enough to remember and repeat.",
    )


def test_a_broken_pattern_is_refused_with_the_check_named(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    _edit(data, r"'20\d\d'", r"'20(\d\d'")
    with pytest.raises(ContentError) as caught:
        leadlib.load_content(data)
    message = str(caught.value)
    assert message.startswith(
        "vision.toml, check 'horizon': pattern '20(\\\\d\\\\d' is not a valid"
    )


def test_an_unknown_placeholder_in_a_length_remark_is_refused(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    _edit(data, 'short = "{count} words', 'short = "{words} words')
    with pytest.raises(
        ContentError, match=re.escape("vision.toml, [length]: field 'short' can only use {count}")
    ):
        leadlib.load_content(data)


def test_a_check_without_words_or_patterns_is_refused(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    path = data / "vision.toml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + '\n[[check]]\nid = "why"\nhas = "It says why."\nlacks = "Say why."\n',
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        leadlib.load_content(data)
    assert str(caught.value) == (
        "vision.toml, check 'why': needs 'words' or 'patterns' (what counts as saying it)"
    )


def test_word_bounds_must_make_sense(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    _edit(data, "max_words = 80", "max_words = 10")
    with pytest.raises(ContentError) as caught:
        leadlib.load_content(data)
    assert str(caught.value) == (
        "vision.toml, [length]: needs 0 < min_words < max_words, found min_words 12, max_words 10"
    )


def test_the_worksheet_checklist_comes_from_the_checks(tmp_path: Path, content: Content) -> None:
    """The printed worksheet lists what a vision should say from vision.toml (translated
    with the content), one item per check; a check without a label shows its 'lacks'."""
    from leadlib.widgets import worksheets

    sheet = worksheets.vision(content)
    assert (
        "<ul><li>when (a time horizon),</li><li>who benefits (customers, patients, "
        "colleagues),</li><li>what will be different, in words your team would use.</li></ul>"
    ) in sheet
    data = _copy(tmp_path)
    _edit(data, 'label = "when (a time horizon)"', 'label = "by when it should be true"')
    _edit(data, 'label = "who benefits (customers, patients, colleagues)"\n', "")
    edited = leadlib.load_content(data)
    sheet = worksheets.vision(edited)
    assert "<li>by when it should be true,</li>" in sheet
    assert "<li>Say who benefits: customers, patients, colleagues?</li>" in sheet
    assert "time horizon)" not in sheet
