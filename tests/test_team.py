"""The facilitator's team report: bad files, duplicates, privacy rules, escaping, the
HTML standard and the command line."""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

import pytest

from leadlib import export
from leadlib.cli import main
from leadlib.models import Content, Family
from leadlib.team import aggregate, render_html, write_demo_exports
from leadlib.team.aggregate import TeamReportError
from leadlib.team.privacy import SMALLEST_MIN_GROUP, Grouping, PrivacyError, protect
from leadlib.team.report import render_body

ROOT = Path(__file__).resolve().parents[1]


def make_doc(
    content: Content,
    code: str = "P-AAAAAA",
    *,
    answer: int = 4,
    level: int | None = None,
    at: str = "2026-03-02T09:00:00Z",
    balance: tuple[str, float] | None = ("growth", 50),
    display_name: str | None = None,
    reflections: dict[str, str] | None = None,
) -> dict[str, Any]:
    # ``answer`` is the keyed value: a reverse-keyed statement gets the mirrored answer,
    # so every trait scores (answer - 1) x 25.
    answers = {
        s.id: content.scale.reversed_value(answer) if s.reverse else answer
        for s in content.statements
    }
    choices = {
        s.id: level if level is not None else s.recommended_band[0] for s in content.scenarios
    }
    return export.build(
        content,
        participant=code,
        exported_at=datetime.strptime(at, "%Y-%m-%dT%H:%M:%SZ"),
        answers=answers,
        delegation=choices,
        balance=balance,
        display_name=display_name,
        reflections=reflections,
    )


def write(folder: Path, name: str, doc: object) -> Path:
    path = folder / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def team(content: Content, folder: Path, n: int, **kwargs: Any) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write(folder, f"p{i}.json", make_doc(content, f"P-TEAM{i:02d}", **kwargs)) for i in range(n)
    ]


# --------------------------------------------------------------------------- bad files


def test_every_kind_of_bad_file_is_listed_with_its_reason_and_the_rest_still_count(
    content: Content, tmp_path: Path
) -> None:
    team(content, tmp_path, 4)
    (tmp_path / "empty.json").write_bytes(b"")
    (tmp_path / "cut.json").write_text('{"schema": "leadlib-export", "vers', encoding="utf-8")
    (tmp_path / "latin1.json").write_bytes(b'{"name": "J\xf6rg"}')
    write(tmp_path, "other.json", {"schema": "something-else", "version": 1})
    newer = make_doc(content, "P-NEWER1")
    newer["version"] = 9
    write(tmp_path, "future.json", newer)
    wrong = make_doc(content, "P-RANGE1")
    wrong["self_assessment"]["answers"]["vc5"] = 9
    wrong["delegation"]["choices"]["team_offsite"] = 0
    write(tmp_path, "range.json", wrong)
    blank = make_doc(content, "P-BLANK1")
    blank["self_assessment"]["answers"] = {}
    blank["delegation"]["choices"] = {}
    blank["balance"] = None
    write(tmp_path, "nothing.json", blank)
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "dangling.json").symlink_to(tmp_path / "gone")
    (tmp_path / "notes.txt").write_text("not an export, and not a .json file")

    summary = aggregate(tmp_path, content=content)

    reasons = {s.name: " | ".join(s.reasons) for s in summary.skipped}
    assert summary.participants == 4
    assert summary.files_found == 13
    assert set(reasons) == {
        "empty.json",
        "cut.json",
        "latin1.json",
        "other.json",
        "future.json",
        "range.json",
        "nothing.json",
        "folder.json",
        "dangling.json",
    }
    assert "the file is empty (0 bytes)" in reasons["empty.json"]
    assert "the file is not valid JSON (line 1, column" in reasons["cut.json"]
    assert "the file is not UTF-8 text (byte 11)" in reasons["latin1.json"]
    assert reasons["other.json"].startswith("wrong kind of file: schema: expected 'leadlib-export'")
    assert "version 9 is not supported" in reasons["future.json"]
    assert "newer leadlib" in reasons["future.json"]
    scale, levels = content.scale, len(content.levels)
    assert (
        f"self_assessment.answers.vc5: expected a whole number {scale.min}-{scale.max}, found 9"
        in reasons["range.json"]
    )
    assert (
        f"delegation.choices.team_offsite: expected a level 1-{levels}, found 0"
        in reasons["range.json"]
    )
    assert "holds no answers" in reasons["nothing.json"]
    assert reasons["folder.json"] == "this is a folder, not an export file"
    assert "there is no such file" in reasons["dangling.json"]

    page = render_html(summary, content, charts=False)
    for name in reasons:
        assert name in page
    assert "version 9 is not supported" in page


def test_report_exits_3_when_some_files_were_skipped(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    team(content, tmp_path / "in", 3)
    (tmp_path / "in" / "broken.json").write_text("{", encoding="utf-8")
    out = tmp_path / "report.html"

    status = main(["team-report", str(tmp_path / "in"), "--out", str(out), "--no-charts"])

    err = capsys.readouterr().err
    assert status == 3
    assert out.exists()
    assert "skipped broken.json: the file is not valid JSON (line 1, column 2" in err
    assert "3 participants from 4 files; 1 skipped" in err


def test_report_exits_0_when_every_file_was_read(content: Content, tmp_path: Path) -> None:
    team(content, tmp_path / "in", 3)
    out = tmp_path / "nested" / "report.html"
    assert main(["team-report", str(tmp_path / "in"), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("kind", ["missing", "empty", "all_bad", "a_file"])
def test_report_exits_2_when_nothing_usable_is_found(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    folder = tmp_path / "in"
    if kind != "missing":
        folder.mkdir()
    if kind == "all_bad":
        (folder / "a.json").write_text("nonsense", encoding="utf-8")
    if kind == "a_file":
        folder = folder / "x.json"
        folder.write_text("{}", encoding="utf-8")
    out = tmp_path / "report.html"

    status = main(["team-report", str(folder), "--out", str(out)])

    err = capsys.readouterr().err
    assert status == 2
    assert not out.exists()
    assert "Traceback" not in err
    expected = {
        "missing": "does not exist",
        "empty": "no usable export",
        "all_bad": "no usable export",
        "a_file": "is a file, not a folder",
    }[kind]
    assert expected in err


@pytest.mark.parametrize("value", ["2", "1", "0", "-3", "two"])
def test_a_minimum_group_below_three_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    assert SMALLEST_MIN_GROUP == 3
    with pytest.raises(SystemExit) as stop:
        main(["team-report", str(tmp_path), "--min-group", value])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "minimum group" in err
    assert "Traceback" not in err
    if value != "two":
        assert f"can never be less than {SMALLEST_MIN_GROUP}" in err


def test_the_python_api_refuses_a_group_of_one_or_two(content: Content, tmp_path: Path) -> None:
    with pytest.raises(PrivacyError, match="a group of one is a person"):
        aggregate(tmp_path, min_group=1, content=content)
    with pytest.raises(
        PrivacyError,
        match="is 2, but it can never be less than 3: in a group of two, each can work out",
    ):
        aggregate(tmp_path, min_group=2, content=content)
    with pytest.raises(PrivacyError, match="whole number"):
        aggregate(tmp_path, min_group=3.0, content=content)  # type: ignore[arg-type]
    team(content, tmp_path / "three", 3)
    assert aggregate(tmp_path / "three", min_group=3, content=content).participants == 3
    with pytest.raises(TeamReportError, match="does not exist"):
        aggregate(tmp_path / "nowhere", content=content)


# --------------------------------------------------------------------------- duplicates


def test_the_newest_export_of_a_participant_counts_and_the_report_says_so(
    content: Content, tmp_path: Path
) -> None:
    # Three different answer sheets, so that Rule 4 (all but fewer than k alike) does
    # not hide the mean this test reads.
    for i, answer in enumerate((2, 3, 4)):
        write(tmp_path, f"p{i}.json", make_doc(content, f"P-TEAM{i:02d}", answer=answer))
    write(
        tmp_path,
        "twice-old.json",
        make_doc(content, "P-TWICE1", answer=1, at="2026-03-01T09:00:00Z"),
    )
    write(
        tmp_path,
        "twice-new.json",
        make_doc(content, "P-TWICE1", answer=5, at="2026-03-02T10:00:00Z"),
    )
    write(
        tmp_path,
        "twice-mid.json",
        make_doc(content, "P-TWICE1", answer=1, at="2026-03-02T08:00:00Z"),
    )

    summary = aggregate(tmp_path, content=content)

    assert summary.participants == 4
    assert [(s.name, s.kept) for s in summary.superseded] == [
        ("twice-mid.json", "twice-new.json"),
        ("twice-old.json", "twice-new.json"),
    ]
    # keyed 5 everywhere scores 100, keyed 3 scores 50: only the newest export counts
    vision = next(t for t in summary.traits if t.trait_id == "vision_casting")
    assert vision.figure.mean == pytest.approx((3 * 50 + 100) / 4)
    page = render_html(summary, content, charts=False)
    assert (
        "1 participant has sent more than one export; only the newest export of each counts" in page
    )
    assert "2 older files set aside" in page
    assert "P-TWICE1" not in page


def test_equal_export_times_are_decided_by_the_file_time(content: Content, tmp_path: Path) -> None:
    team(content, tmp_path, 3, answer=3)
    first = write(tmp_path, "a.json", make_doc(content, "P-SAME01", answer=5))
    second = write(tmp_path, "b.json", make_doc(content, "P-SAME01", answer=1))
    os.utime(first, (2_000_000_000, 2_000_000_000))
    os.utime(second, (1_000_000_000, 1_000_000_000))

    summary = aggregate(tmp_path, content=content)

    assert [(s.name, s.kept) for s in summary.superseded] == [("b.json", "a.json")]


def test_duplicates_are_not_an_error(content: Content, tmp_path: Path) -> None:
    team(content, tmp_path / "in", 3)
    write(tmp_path / "in", "again.json", make_doc(content, "P-TEAM00", at="2026-03-03T09:00:00Z"))
    assert (
        main(
            ["team-report", str(tmp_path / "in"), "--out", str(tmp_path / "r.html"), "--no-charts"]
        )
        == 0
    )


# --------------------------------------------------------------------------- privacy rules


LEVELS = Grouping.identity([str(n) for n in range(1, 8)])
BANDS = Grouping("who decides", ("manager", "together", "team"), ((0, 1, 2), (3,), (4, 5, 6)))


def test_a_distribution_where_every_group_is_big_enough_is_shown_in_full() -> None:
    dist = protect([3, 3, 4, 3, 3, 3, 5], 3, [LEVELS, BANDS])
    assert dist.mode == "full"
    assert dist.counts == (3, 3, 4, 3, 3, 3, 5)
    assert dist.note == ""


def test_an_empty_category_is_small_too() -> None:
    """Rule 3: empty levels are small, so [3, 0, 4, 0, 0, 0, 5] is not shown per level;
    "decide together" (empty) is hidden with the smallest other band, so "hidden" never
    means "someone chose this"."""
    dist = protect([3, 0, 4, 0, 0, 0, 5], 3, [LEVELS, BANDS])
    assert dist.mode == "partial"
    assert dist.counts == (7, None, None)
    moved = protect([3, 0, 4, 1, 0, 0, 4], 3, [LEVELS, BANDS])
    assert moved == dist  # a person moved between the hidden bands: the same page


def test_small_level_counts_are_coarsened_to_who_decides() -> None:
    dist = protect([2, 4, 1, 3, 0, 2, 1], 3, [LEVELS, BANDS])
    assert dist.mode == "coarse"
    assert dist.labels == ("manager", "together", "team")
    assert dist.counts == (7, 3, 3)
    assert "include groups of fewer than 3" in dist.note


def test_a_small_cell_is_hidden_with_a_complementary_one_so_subtraction_reveals_nothing() -> None:
    quadrants = Grouping.identity(["both", "lead", "manage", "weak"])
    dist = protect([6, 4, 3, 1], 3, [quadrants])
    assert dist.mode == "partial"
    # 1 is below the minimum; 3 is hidden too, or 14 - 6 - 4 - 3 would give the 1 away.
    assert dist.counts == (6, 4, None, None)
    assert dist.hidden_total == 4
    assert dist.note == (
        "2 groups hidden (4 people together): some of them hold fewer than 3 people "
        "(perhaps nobody), and they are hidden together so that no small group can be "
        "worked out by subtracting from the total."
    )


def test_two_small_cells_hidden_together_must_hold_the_minimum_group() -> None:
    quadrants = Grouping.identity(["both", "lead", "manage", "weak"])
    # 1 + 1 = 2 people hidden would still be a group of two: a third cell is hidden.
    dist = protect([7, 1, 1, 4], 3, [quadrants])
    assert dist.counts == (7, None, None, None)
    assert dist.hidden_total == 6
    two_small = protect([5, 4, 2, 1], 3, [quadrants])
    assert two_small.counts == (5, 4, None, None)
    # Saying "each holds fewer than 3" would give away 2 + 2 here.
    assert "each" not in protect([5, 4, 2, 2], 3, [quadrants]).note


def test_a_distribution_from_fewer_than_the_minimum_is_hidden_whole() -> None:
    dist = protect([1, 1, 0, 0, 0, 0, 0], 3, [LEVELS, BANDS])
    assert dist.mode == "hidden"
    assert dist.counts == (None, None, None)
    assert dist.note == "Hidden: only 2 people answered, fewer than the minimum group of 3."


def test_a_distribution_that_cannot_be_shown_safely_is_hidden_whole() -> None:
    dist = protect([10, 0, 0, 1, 0, 0, 1], 3, [LEVELS, BANDS])
    # manager 10, together 1, team 1: hiding 1 and 1 leaves 2 hidden, so 10 goes too.
    assert dist.mode == "hidden"
    assert "would reveal a group of fewer than 3" in dist.note


def test_the_share_within_the_band_is_given_only_when_the_shown_counts_carry_it() -> None:
    full = protect([3, 3, 3, 3, 3, 3, 4], 3, [LEVELS, BANDS])
    assert full.count_of(range(0, 2)) == 6
    coarse = protect([2, 4, 1, 3, 0, 2, 1], 3, [LEVELS, BANDS])
    assert coarse.count_of(range(0, 3)) == 7  # the whole manager band
    assert coarse.count_of(range(0, 2)) is None  # levels 1-2 would split a band
    assert coarse.count_of([3]) == 3


def test_the_minimum_group_of_protect_is_checked() -> None:
    with pytest.raises(PrivacyError, match="can never be less than 3"):
        protect([5, 5], 2, [Grouping.identity(["a", "b"])])


def test_fewer_participants_than_the_minimum_group_show_no_team_figure(
    content: Content, tmp_path: Path
) -> None:
    team(content, tmp_path, 2)
    summary = aggregate(tmp_path, content=content)
    assert summary.participants == 2
    assert all(t.figure.mean is None for t in summary.traits)
    assert summary.quadrants.mode == "hidden"
    assert all(not s.distribution.shown for s in summary.scenarios)
    assert summary.questions == ()
    page = render_body(summary, content, charts=False)
    assert "Only 2 participants counted: fewer than the minimum group of 3" in page
    assert "The team profile" not in page


def test_a_scenario_answered_by_too_few_is_hidden_while_the_others_show(
    content: Content, tmp_path: Path
) -> None:
    # Four people choose level 2 everywhere and four choose 6: every scenario can be
    # shown as "manager decides (1-3): 4 | together or team (4-7): 4".
    for i in range(8):
        doc = make_doc(content, f"P-SKIP{i:02d}", level=2 if i < 4 else 6)
        if i < 6:  # only two answer the team offsite
            del doc["delegation"]["choices"]["team_offsite"]
        write(tmp_path, f"p{i}.json", doc)
    summary = aggregate(tmp_path, content=content)
    offsite = next(s for s in summary.scenarios if s.scenario_id == "team_offsite")
    other = next(s for s in summary.scenarios if s.scenario_id == "holiday_rota")
    assert offsite.n == 2
    assert offsite.figure.mean is None
    assert not offsite.distribution.shown
    assert offsite.distribution.note == (
        "Hidden: only 2 people answered, fewer than the minimum group of 3."
    )
    assert other.distribution.shown and other.distribution.counts == (4, 4)
    assert summary.scenarios[-1] is offsite  # rows without a shown spread come last


def test_a_small_situation_hides_its_mean_and_a_complementary_one(
    content: Content, tmp_path: Path
) -> None:
    folder = tmp_path
    code = iter(range(100))
    for situation, count in [("startup", 5), ("growth", 4), ("mature", 1)]:
        for j in range(count):
            i = next(code)
            # Shares that differ (30..50 around 40), or Rule 4 would hide the mean.
            share = 30.0 + 5 * j if situation == "startup" else 40.0
            doc = make_doc(content, f"P-SIT{i:03d}", balance=(situation, share))
            write(folder, f"s{i}.json", doc)
    summary = aggregate(folder, content=content)
    by_id = {s.situation_id: s for s in summary.situations}
    assert by_id["startup"].share.mean == pytest.approx(40)
    assert by_id["mature"].share.mean is None
    assert by_id["growth"].share.mean is None  # hidden with it: 10 - 5 would reveal 1
    assert by_id["mature"].n is None and by_id["growth"].n is None
    # Rule 3: an empty situation is small too, hidden with the others.
    assert by_id["rapid_change"].n is None


# --------------------------------------------------------------------------- escaping, content


SCRIPT = "<script>alert('x')</script>"


def test_text_from_participants_files_is_escaped_and_names_never_appear(
    content: Content, tmp_path: Path
) -> None:
    team(content, tmp_path, 3)
    write(tmp_path, "named.json", make_doc(content, "P-NAMED1", display_name=SCRIPT + " Anna Berg"))
    sneaky = make_doc(content, "P-SNEAK1")
    sneaky[SCRIPT] = "surprise"
    write(tmp_path, "sneaky.json", sneaky)
    write(tmp_path, "<b>bold&.json", {"schema": SCRIPT})

    page = render_html(aggregate(tmp_path, content=content), content, charts=False)

    assert "<script" not in page
    assert "Anna Berg" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;: unknown field" in page
    assert "&lt;b&gt;bold&amp;.json" in page
    assert "<b>bold" not in page


def test_reflections_never_reach_the_report(content: Content, tmp_path: Path) -> None:
    team(content, tmp_path, 3, reflections={"02_leadership": "MY-PRIVATE-THOUGHT"})
    page = render_html(aggregate(tmp_path, content=content), content)
    assert "MY-PRIVATE-THOUGHT" not in page


def test_the_report_is_one_offline_printable_page(content: Content, tmp_path: Path) -> None:
    write_demo_exports(15, tmp_path, seed=3, content=content)
    page = render_html(aggregate(tmp_path, content=content), content)

    assert '<html lang="en">' in page
    assert "<script" not in page.lower()
    text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "data:...", page)
    assert "http" not in text.lower() and "url(" not in text
    sources = re.findall(r'src="([^"]*)"', page)
    assert sources and all(src.startswith("data:image/png;base64,") for src in sources)
    assert "@page" in page and "break-inside: avoid" in page
    levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", page)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    images = re.findall(r"<img [^>]*>", page)
    assert len(images) == 4
    for img in images:
        alt = re.search(r'alt="([^"]+)"', img)
        assert alt and len(alt.group(1)) > 60
        assert 'src="data:image/png;base64,' in img
    assert page.count("<table>") == page.count("<caption>")
    assert 'scope="col"' in page


def test_chart_alt_text_carries_the_numbers(content: Content, tmp_path: Path) -> None:
    from leadlib.scoring import Quadrant
    from leadlib.team.charts import quadrant_grid, team_radar

    # Three score 100 on every trait (keyed 5), three score 0 (keyed 1): no
    # value is shared by all but fewer than 3, so Rule 4 lets the mean show.
    for i in range(6):
        write(tmp_path, f"p{i}.json", make_doc(content, f"P-ALTX{i:02d}", answer=5 if i < 3 else 1))
    summary = aggregate(tmp_path, content=content)
    assert "Vision casting (leadership) mean 50, standard deviation 55, 6 people" in (
        team_radar(content, summary).alt
    )
    # Strong in both (3) is hidden with the two empty quadrants; weak in both shows.
    assert f"{Quadrant.WEAK_BOTH.label}: 3" in quadrant_grid(summary).alt


def test_charts_are_the_same_png_every_time(content: Content, tmp_path: Path) -> None:
    from leadlib.team.charts import balance_histogram

    write_demo_exports(12, tmp_path, seed=1, content=content)
    summary = aggregate(tmp_path, content=content)
    assert balance_histogram(summary).png() == balance_histogram(summary).png()


def test_the_team_radar_is_the_course_radar_with_a_spread_and_hidden_traits(
    content: Content, tmp_path: Path
) -> None:
    """Same rings and trait names as the learner's radar; a trait answered by fewer
    than the minimum group reads "hidden" and breaks its family's line."""
    from leadlib import plots
    from leadlib.scoring import score
    from leadlib.team.charts import team_radar

    for i in range(4):
        doc = make_doc(content, f"P-TEAM{i:02d}", answer=1 + i)  # four different scores
        if i:  # only one person answered Empowerment
            answers = doc["self_assessment"]["answers"]
            for statement in content.statements:
                if statement.trait == "empowerment":
                    answers.pop(statement.id)
        write(tmp_path, f"p{i}.json", doc)
    summary = aggregate(tmp_path, content=content)
    chart = team_radar(content, summary)
    assert chart.alt.startswith(
        "Radar chart of the team's self-assessment, 4 people, eight trait scores 0 to 100: "
    )
    assert "Empowerment: hidden" in chart.alt and "fewer answers than the minimum" in chart.alt
    (ax,) = chart.figure.axes
    scores = [t.get_text() for t in ax.texts if t.get_gid() == plots.TRAIT_LABEL]
    assert [s.split("\n")[-1] for s in scores].count("hidden") == 1
    lead = next(line for line in ax.lines if line.get_label().startswith("Leadership"))
    assert math.isnan(lead.get_ydata()[1])  # Empowerment, second on the radar
    assert ax.get_title() == "Team profile: eight traits, 4 people"

    def names(chart: plots.Chart) -> list[tuple[str, tuple[float, float]]]:
        (ax,) = chart.figure.axes
        return [(t.get_text(), t.get_position()) for t in ax.texts if t.get_gid() == "trait-name"]

    assert names(chart) == names(plots.profile_radar(content, score(content, {})))
    figure = chart.figure
    assert bytes(figure.canvas.buffer_rgba()) == chart.pixels[2]  # layered == full draw
    from matplotlib.text import Text

    renderer = figure.canvas.get_renderer()
    texts = [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]
    assert any(t.get_text().endswith("team mean and spread") for t in texts)
    for text in texts:  # none cut off at the figure's edge
        x0, y0, x1, y1 = text.get_window_extent(renderer).extents
        assert min(x0, y0) >= 0 and x1 <= figure.bbox.width and y1 <= figure.bbox.height, text


# --------------------------------------------------------------------------- reliability


def test_cronbach_alpha_matches_the_textbook_formula(content: Content, tmp_path: Path) -> None:
    import random

    rng = random.Random(5)
    low, high = content.scale.min, content.scale.max
    rows = []
    for i in range(12):
        base = rng.randint(2, 4)
        answers = {
            s.id: max(low, min(high, base + rng.choice([-1, 0, 0, 1]))) for s in content.statements
        }
        rows.append(answers)
        doc = export.build(
            content,
            participant=f"P-ALPHA{i:02d}",
            exported_at=datetime(2026, 3, 2),
            answers=answers,
            delegation={},
            balance=None,
        )
        write(tmp_path, f"a{i}.json", doc)
    summary = aggregate(tmp_path, content=content)

    items = content.statements_for("vision_casting")
    keyed = [[low + high - r[s.id] if s.reverse else r[s.id] for s in items] for r in rows]

    def var(xs: list[int]) -> float:
        m = sum(xs) / len(xs)
        return sum((x - m) ** 2 for x in xs) / (len(xs) - 1)

    k = len(items)
    expected = (
        k
        / (k - 1)
        * (
            1
            - sum(var([row[j] for row in keyed]) for j in range(k))
            / var([sum(row) for row in keyed])
        )
    )
    vision = next(r for r in summary.reliability if r.trait_id == "vision_casting")
    assert vision.n_complete == 12
    assert vision.alpha == pytest.approx(expected)


def test_alpha_needs_ten_complete_answers_and_says_so(content: Content, tmp_path: Path) -> None:
    write_demo_exports(9, tmp_path, seed=2, content=content)
    summary = aggregate(tmp_path, content=content)
    assert all(r.alpha is None for r in summary.reliability)
    assert "at least 10 complete answers" in summary.reliability[0].reading
    page = render_body(summary, content, charts=False)
    assert "(indicative)" in page


# --------------------------------------------------------------------------- demo exports


def test_demo_exports_are_valid_varied_and_reproducible(content: Content, tmp_path: Path) -> None:
    first = write_demo_exports(20, tmp_path / "a", seed=11, content=content)
    again = write_demo_exports(20, tmp_path / "b", seed=11, content=content)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in first]
    for doc in docs:
        assert export.validate(content, doc) == []
    assert len({d["participant"] for d in docs}) == 20
    summary = aggregate(tmp_path / "a", content=content)
    assert summary.participants == 20
    shares = [s.largest_share for s in summary.scenarios if s.largest_share is not None]
    assert min(shares) < 0.6  # plausible disagreement, in a scenario that can be shown
    assert len({round(d["self_assessment"]["profile"]["balance"]) for d in docs}) > 5
    assert summary.questions


def test_demo_exports_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo-exports", "5", str(tmp_path / "demo"), "--seed", "4"]) == 0
    assert len(list((tmp_path / "demo").glob("*.json"))) == 5
    assert main(["demo-exports", "0", str(tmp_path / "demo")]) == 2
    assert "from 1 to" in capsys.readouterr().err


def test_importing_the_team_package_loads_no_heavy_library() -> None:
    code = (
        "import sys, leadlib.team, leadlib.cli; leadlib.cli.build_parser(); "
        "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'nbconvert', 'tqdm', 'sqlite3') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"


def test_team_profiles_agree_with_the_course_scoring(content: Content, tmp_path: Path) -> None:
    from leadlib.scoring import score

    paths = write_demo_exports(30, tmp_path, seed=9, content=content)
    profiles = [
        score(content, json.loads(p.read_text(encoding="utf-8"))["self_assessment"]["answers"])
        for p in paths
    ]
    summary = aggregate(tmp_path, content=content)
    for trait in summary.traits:
        values = [v for p in profiles if (v := p.traits[trait.trait_id]) is not None]
        assert trait.figure.n == len(values)
        assert trait.figure.mean == pytest.approx(sum(values) / len(values))
    balances = [p.balance for p in profiles if p.balance is not None]
    assert summary.balance.mean == pytest.approx(sum(balances) / len(balances))
    # The learner's rule: a quadrant only when settled, else "near the line".
    labels = [
        p.settled_quadrant.label if p.settled_quadrant else "Near the line"
        for p in profiles
        if p.quadrant is not None
    ]
    shown = dict(zip(summary.quadrants.labels, summary.quadrants.counts, strict=True))
    assert any(count for count in shown.values())
    for label, count in shown.items():
        if count is not None:
            assert count == labels.count(label)


def test_a_list_of_files_can_be_given_instead_of_a_folder(content: Content, tmp_path: Path) -> None:
    paths = team(content, tmp_path / "in", 4)
    summary = aggregate([str(p) for p in paths[:3]], content=content)
    assert summary.participants == 3
    assert summary.files_found == 3
    assert summary.source == "selected files"


# --------------------------------------------------------------------------- quadrants


def keyed_doc(content: Content, code: str, lead: list[int], manage: list[int]) -> dict[str, Any]:
    """An export whose keyed values, per trait in course order, are ``lead`` for the
    leadership traits and ``manage`` for the management ones."""
    answers = {}
    for trait in content.traits:
        values = lead if trait.family is Family.LEADERSHIP else manage
        for statement, value in zip(content.statements_for(trait.id), values, strict=True):
            answers[statement.id] = (
                content.scale.reversed_value(value) if statement.reverse else value
            )
    doc = make_doc(content, code)
    doc["self_assessment"] = export.build(
        content,
        participant=code,
        exported_at=datetime(2026, 3, 2, 9, 0),
        answers=answers,
        delegation={},
        balance=None,
    )["self_assessment"]
    return doc


def test_profiles_near_the_line_are_counted_apart_from_the_quadrants(
    content: Content, tmp_path: Path
) -> None:
    """The team's quadrant counts follow the learner's rule (Profile.settled_quadrant):
    an index less than one answer step from the line names no quadrant."""
    from leadlib.scoring import STRONG_THRESHOLD, Quadrant, item_step, score

    high, low, near = [5, 5, 5, 5], [1, 1, 1, 1], [3, 4, 3, 4]  # 100, 0 and 62.5
    groups = {
        "both": (high, high),
        "lead": (high, low),
        "manage": (low, high),
        "weak": (low, low),
        "near": (near, near),
    }
    for name, (lead, manage) in groups.items():
        for i in range(3):
            write(
                tmp_path,
                f"{name}{i}.json",
                keyed_doc(content, f"P-{name.upper()}{i:02d}", lead, manage),
            )
    probe = score(content, keyed_doc(content, "P-PROBE1", near, near)["self_assessment"]["answers"])
    assert probe.quadrant is Quadrant.STRONG_BOTH  # on the strong side, but by less than a step
    assert abs(probe.leadership - STRONG_THRESHOLD) < item_step(content)  # type: ignore[operator]

    summary = aggregate(tmp_path, content=content)
    shown = dict(zip(summary.quadrants.labels, summary.quadrants.counts, strict=True))
    assert shown == {
        Quadrant.STRONG_BOTH.label: 3,
        Quadrant.LEADERSHIP_ONLY.label: 3,
        Quadrant.MANAGEMENT_ONLY.label: 3,
        Quadrant.WEAK_BOTH.label: 3,
        "Near the line": 3,
    }
    page = render_body(summary, content, charts=True)
    assert "counted as near the line, in no quadrant" in page
    from leadlib.team.charts import quadrant_grid

    assert "Near the line: 3" in quadrant_grid(summary).alt


def test_the_report_says_how_many_exports_are_version_1_and_what_it_means(
    content: Content, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    team(content, folder, 4)
    assert not any("format version 1" in n for n in aggregate(folder, content=content).notes)
    for i in range(2):
        doc = make_doc(content, f"P-OLDV1{i:02d}")
        kept = {sid: v for sid, v in doc["self_assessment"]["answers"].items() if sid[-1] in "123"}
        doc["version"] = 1
        for field in export.BOARD_KEYS:  # fields version 3 added, unknown in version 1
            doc.pop(field, None)
        doc["self_assessment"]["answers"] = kept | {"vc1": 5, "vc4": 1, "pm1": 5}
        write(folder, f"old{i}.json", doc)
    # A new ledger: against the first report two more people would be held back (Rule 7).
    summary = aggregate(folder, content=content, ledger=tmp_path / "ledger.json")
    assert summary.participants == 6
    (old_note,) = [n for n in summary.notes if "format version 1" in n]
    assert old_note.startswith("2 of the 6 participants sent an export in format version 1")
    assert "answers to the statements retired in version 2 are ignored" in old_note
    assert "since none of those is reverse-keyed, a habit of agreeing lifts" in old_note
    assert escape(old_note) in render_body(summary, content, charts=False)
