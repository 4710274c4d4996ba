"""Attacks on the team report, as a statistician in the room or the facilitator would try
them with nothing but the published reports. Each test states a promise of
docs/privacy.md ("The promises" and "The rules") and tries to break it.

These tests attack what the room sees: the rendered HTML, numbers as displayed. The
solver that enumerates the distributions consistent with a page is tests/privacy_solver.py.
"""

from __future__ import annotations

import json
import re
import shutil
import warnings
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from privacy_solver import Displayed, admits, attack, delegation_views, tables

from leadlib import export
from leadlib.cli import main
from leadlib.models import Content, Family
from leadlib.team import aggregate, render_html, write_demo_exports
from leadlib.team.privacy import PrivacyError

K = 3  # the default minimum group, and the smallest one the rules allow
SIZES = {3: (0, 1, 2, 3), 5: (0, 1, 2, 3), 12: (0, 1, 2, 3), 200: (0, 1, 2)}


# --------------------------------------------------------------------------- helpers


def who_decides(content: Content) -> list[tuple[str, frozenset[int]]]:
    """The coarse groups of levels ("manager", "together", "team") as level sets."""
    groups: dict[str, set[int]] = {}
    for level in content.levels:
        groups.setdefault(level.who_decides, set()).add(level.number)
    return [(f"{who} decides", frozenset(levels)) for who, levels in groups.items()]


def true_counts(content: Content, folder: Path) -> dict[str, list[int]]:
    """Per scenario title, how many exports in ``folder`` chose each level (the truth the
    attacker is after, read straight from the files)."""
    counts = {s.title: [0] * len(content.levels) for s in content.scenarios}
    titles = {s.id: s.title for s in content.scenarios}
    for path in folder.glob("*.json"):
        for scenario_id, level in json.loads(path.read_text("utf-8"))["delegation"][
            "choices"
        ].items():
            counts[titles[scenario_id]][level - 1] += 1
    return counts


def page_text(html: str) -> str:
    """What a reader sees or hears: the text without tags, plus every image's alt text."""
    alts = " ".join(re.findall(r'alt="([^"]*)"', html))
    text = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    text = re.sub(r'src="data:[^"]*"', "", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(f"{text} {alts}".replace("&#x27;", "'").replace("&amp;", "&").split())


def without_build_stamp(html: str) -> str:
    """The page with anything that says when or with what it was made taken out."""
    html = re.sub(
        r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?", "", html
    )
    html = re.sub(r"\d{1,2} \w+ \d{4}(, \d{1,2}:\d{2})?", "", html)
    return re.sub(r"Made with leadlib [^ ]+", "Made with leadlib", html)


def participant(
    content: Content,
    code: str,
    index: int,
    *,
    answers: dict[str, int] | None = None,
    choices: dict[str, int] | None = None,
    balance: tuple[str, float] | None = ("growth", 55.0),
) -> dict[str, Any]:
    """One export, built and validated by leadlib.export."""
    return export.build(
        content,
        participant=code,
        exported_at=datetime(2026, 3, 2, 9, 0) + timedelta(minutes=index),
        answers=answers if answers is not None else {s.id: 4 for s in content.statements},
        delegation=choices if choices is not None else {},
        balance=balance,
    )


def write(folder: Path, doc: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"leadlib-export-{doc['participant']}.json").write_text(
        json.dumps(doc), encoding="utf-8"
    )


def varied_answers(content: Content, index: int) -> dict[str, int]:
    """Answers that differ from person to person and depend only on ``index``: four
    people in a row land in the four quadrants (agree or disagree with each family)."""
    family = {t.id: t.family for t in content.traits}
    leadership = 5 if index % 4 in (0, 1) else 2
    management = 5 if index % 4 in (0, 2) else 2
    out = {}
    for position, statement in enumerate(content.statements):
        agree = leadership if family[statement.trait] is Family.LEADERSHIP else management
        agree = max(1, min(5, agree - (position + index) % 2))
        out[statement.id] = content.scale.reversed_value(agree) if statement.reverse else agree
    return out


# --------------------------------------------------------------------------- one report


@pytest.mark.parametrize("people", sorted(SIZES))
def test_one_report_pins_no_hidden_delegation_count(
    content: Content, tmp_path: Path, people: int
) -> None:
    """Promise (a): no value the rules hide can be derived from one report.

    For each scenario, every distribution over the seven levels that agrees with the page
    (shown counts, the total, the mean, the SD and "within the band", each with the
    rounding printed) is a possible truth. A hidden value is any level's count, any
    "who decides" group's count and any hidden category's count that the shown counts
    do not give. The promise holds when, for every hidden value, (1) more than one value
    is possible and (2) zero is possible: the page must not say "someone chose this".
    """
    groups = who_decides(content)
    report: list[str] = []
    examples: list[str] = []
    leaky_total = 0
    for seed in SIZES[people]:
        folder = tmp_path / f"seed{seed}"
        write_demo_exports(people, folder, seed=seed)
        html = render_html(aggregate(folder, K, content=content), content, charts=False)
        truth = true_counts(content, folder)
        views = delegation_views(html)
        assert len(views) == len(content.scenarios)
        leaky = rebuilt = 0
        for view in views:
            # The attacker must be sound: the real distribution is among those it keeps.
            assert admits(view, truth[view.title]), (
                f"the solver rejects the true distribution {truth[view.title]} of "
                f"{view.title!r}: it misreads the page {view}"
            )
            result = attack(view, groups)
            assert result.consistent
            if result.leaks:
                leaky += 1
                rebuilt += result.rebuilt
                if len(examples) < 4:
                    examples.append(f"seed {seed}: {result.describe()}")
        leaky_total += leaky
        report.append(
            f"seed {seed}: {leaky} of {len(views)} scenarios give a hidden value away, "
            f"{rebuilt} rebuilt exactly"
        )
    assert not leaky_total, (
        f"With {people} participants the report's mean and SD give hidden counts away:\n"
        + "\n".join(report)
        + "\nFor example:\n"
        + "\n".join(examples)
    )


def test_the_solver_rebuilds_a_distribution_pinned_by_its_mean_and_sd() -> None:
    """The attacker itself: three people, mean 1.3, SD 0.6, one band of three levels
    holding all three: only 1, 1, 2 fits; with the mean and SD hidden, several do."""
    view = delegation_views(
        "<table><caption>Delegation levels chosen</caption><tr><th>Scenario</th>"
        "<th>Recommended</th><th>Answers</th><th>Mean</th><th>Standard deviation</th>"
        "<th>Within the band</th><th>People per level or band</th></tr><tr><th>X</th>"
        "<td>1-2</td><td>3</td><td>1.3</td><td>0.6</td><td>not shown</td>"
        "<td>Manager decides (1-3): 3; Decide together (4): 0; Team decides (5-7): 0</td>"
        "</tr></table>"
    )[0]
    result = attack(view)
    assert result.rebuilt
    assert {f.label: min(f.values) for f in result.findings if f.pinned} == {
        "level 1": 2,
        "level 2": 1,
        "level 3": 0,
    }
    assert admits(view, [2, 1, 0, 0, 0, 0, 0])
    assert not admits(view, [1, 1, 1, 0, 0, 0, 0])
    loose = attack(replace(view, mean=None, sd=None))
    assert not loose.rebuilt and not loose.leaks
    assert {f.label for f in loose.findings} == {"level 1", "level 2", "level 3"}
    assert Displayed.parse("37%") == Displayed(37.0, 0.5)


# --------------------------------------------------------------------------- hidden values


def _hidden_value_team(content: Content, folder: Path, odd_level: int) -> None:
    """Twelve people; in one scenario nine choose 6, two choose 4 and the twelfth chooses
    ``odd_level``. Everything else is the same whatever ``odd_level`` is."""
    scenario = content.scenarios[0].id
    for index in range(12):
        choices = {s.id: 2 + 2 * (index % 3) for s in content.scenarios}
        choices[scenario] = 6 if index < 9 else 4 if index < 11 else odd_level
        write(
            folder,
            participant(
                content,
                f"P-HID{index:03d}",
                index,
                answers=varied_answers(content, index),
                choices=choices,
                balance=(content.situations[index % 2].id, 40.0 + 5 * (index % 4)),
            ),
        )


def test_two_folders_differing_only_in_a_hidden_value_give_identical_reports(
    content: Content, tmp_path: Path
) -> None:
    """Promise (a), from the other side: the report is a function of what it shows.

    In the first folder the twelfth person chose level 2: "manager decides" holds one
    person and is hidden, with "decide together" as its complement. In the second they
    chose level 4. The difference lies inside the hidden categories, so the two pages
    must be the same page; otherwise comparing them, or knowing the rules, tells that
    the hidden "manager decides" is not empty.
    """
    first, second = tmp_path / "a" / "team", tmp_path / "b" / "team"
    _hidden_value_team(content, first, odd_level=2)
    _hidden_value_team(content, second, odd_level=4)
    pages = [
        without_build_stamp(render_html(aggregate(f, K, content=content), content))
        for f in (first, second)
    ]
    if pages[0] != pages[1]:
        rows = [
            [" | ".join(r) for t in tables(p) for r in t["rows"] if isinstance(r, list)]  # type: ignore[union-attr]
            for p in pages
        ]
        differ = [f"{a}\n   vs {b}" for a, b in zip(*rows, strict=False) if a != b]
        pytest.fail(
            "The reports differ although the two folders differ only inside hidden "
            f"categories ({len(differ)} table rows differ):\n" + "\n".join(differ[:4])
        )


# --------------------------------------------------------------------------- two reports


def _aggregate_with_ledger(folder: Path, ledger: Path, content: Content, **extra: Any) -> Any:
    try:
        return aggregate(folder, K, content=content, ledger=ledger, **extra)
    except TypeError as exc:
        if "ledger" not in str(exc) and "start_over" not in str(exc):
            raise
        pytest.fail(
            "aggregate() has no ledger yet (" + str(exc) + "): the difference protection "
            "of docs/privacy.md (Rule 7, the release ledger) is not implemented, "
            "so a late export can be read off by comparing two reports."
        )


def test_a_latecomer_cannot_be_read_off_by_comparing_two_reports(
    content: Content, tmp_path: Path
) -> None:
    """Promise (b): two releases of one folder whose participant sets differ by fewer
    than k people reveal nothing about the difference.

    Twelve exports are released. Then two different latecomers arrive, one in each copy
    of the story. Each rebuild differs from the release by one person, so each must show
    the earlier release unchanged and say that k - 1 = 2 more exports are needed: the
    two rebuilt pages are the same page, whoever the latecomer was.
    """
    base = tmp_path / "base" / "team"
    write_demo_exports(12, base, seed=0)
    ledger = tmp_path / "base.ledger"
    released = render_html(_aggregate_with_ledger(base, ledger, content), content, charts=False)
    assert ledger.exists(), f"the first release was not recorded in the ledger {ledger}"

    pages = []
    for name, seed in (("a", 101), ("b", 202)):
        folder = tmp_path / name / "team"
        shutil.copytree(base, folder)
        write_demo_exports(1, tmp_path / f"late-{name}", seed=seed)
        for late in (tmp_path / f"late-{name}").glob("*.json"):
            shutil.copy(late, folder / late.name)
        own = tmp_path / f"{name}.ledger"
        shutil.copy(ledger, own)
        summary = _aggregate_with_ledger(folder, own, content)
        pages.append(without_build_stamp(render_html(summary, content, charts=False)))

    assert pages[0] == pages[1], "the two rebuilds differ: the latecomer shows through"
    shown = [t for t in tables(pages[0]) if not str(t["caption"]).startswith("Files")]
    before = [t for t in tables(released) if not str(t["caption"]).startswith("Files")]
    assert shown == before, "a rebuild one person away from a release shows new figures"
    assert re.search(r"\b2 more exports?\b", page_text(pages[0])), (
        "the rebuild does not say how many more exports are needed (2)"
    )


def test_starting_over_the_ledger_is_deliberate_and_warned(
    content: Content, tmp_path: Path
) -> None:
    """The rules: the ledger can be set aside only with start_over=True, which warns."""
    folder = tmp_path / "team"
    write_demo_exports(12, folder, seed=3)
    ledger = tmp_path / "ledger"
    _aggregate_with_ledger(folder, ledger, content)
    write_demo_exports(1, tmp_path / "late", seed=404)
    for late in (tmp_path / "late").glob("*.json"):
        shutil.copy(late, folder / late.name)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        summary = _aggregate_with_ledger(folder, ledger, content, start_over=True)
    assert summary.participants == 13
    assert any("start" in str(w.message).lower() for w in caught), "starting over gave no warning"


# --------------------------------------------------------------------------- everyone alike


def _std_cells(html: str) -> list[tuple[str, str]]:
    """(row title, cell) for every printed standard deviation."""
    out = []
    for table in tables(html):
        head = table["head"]
        assert isinstance(head, list)
        for position, title in enumerate(head):
            if title.lower().startswith(("standard deviation", "spread", "sd")):
                out += [(r[0], r[position]) for r in table["rows"]]  # type: ignore[union-attr]
    return out


def _counts_near_total(html: str, people: int) -> list[str]:
    """Shown counts that put all, or all but fewer than k, of a group in one category."""
    found = []
    for table in tables(html):
        head, rows = table["head"], table["rows"]
        assert isinstance(head, list) and isinstance(rows, list)
        caption = str(table["caption"])
        if caption.startswith(("People per", "Leadership share chosen")):
            column = [i for i, h in enumerate(head) if h == "People"][0]
            for row in rows:
                if row[column].isdigit() and int(row[column]) > people - K:
                    found.append(f"{caption}: {row[0]}: {row[column]} of {people}")
        if caption.startswith("Delegation levels"):
            for view in delegation_views(html):
                for cell in view.cells:
                    if cell.count is not None and cell.count > view.n - K:
                        found.append(f"{view.title}: {cell.label}: {cell.count} of {view.n}")
                if view.within is not None and len(view.band) == 1 and view.within.value >= 100:
                    found.append(f"{view.title}: within the band (one level): 100%")
    return found


def test_when_everyone_answers_alike_no_one_s_answer_is_stated(
    content: Content, tmp_path: Path
) -> None:
    """Promise (c): where everyone, or all but fewer than k, answered alike, no one's
    exact answer is stated: no "12 of 12", no "Strong in both: 12", no SD of 0, no
    "every complete answer gave the same total"."""
    folder = tmp_path / "team"
    same = {s.id: s.recommended_band[1] for s in content.scenarios}
    for index in range(12):
        write(folder, participant(content, f"P-SAME{index:02d}", index, choices=same))
    html = render_html(aggregate(folder, K, content=content), content)
    text = page_text(html)
    problems = [
        f"SD {cell} for {row}"
        for row, cell in _std_cells(html)
        if cell.strip() in ("0", "0.0", "0.00")
    ]
    problems += _counts_near_total(html, 12)
    problems += [m.group(0) for m in re.finditer(r"\b(\d+) (?:of|out of) \1\b", text)]
    if "same total" in text:
        problems.append("the reliability table says every answer gave the same total")
    assert not problems, (
        f"With 12 identical exports the report states everyone's answer "
        f"({len(problems)} places):\n" + "\n".join(problems[:12])
    )


def test_all_but_one_alike_is_treated_as_everyone_alike(content: Content, tmp_path: Path) -> None:
    """Promise (c), "all but fewer than k": eleven people choose level 2 in every
    scenario and one chooses level 3. The page must neither put all twelve in one shown
    category nor let its mean and SD tell that eleven chose 2 and one chose 3."""
    folder = tmp_path / "team"
    for index in range(12):
        choices = {s.id: 3 if index == 11 else 2 for s in content.scenarios}
        write(
            folder,
            participant(
                content,
                f"P-ALMOST{index:02d}",
                index,
                answers=varied_answers(content, index),
                choices=choices,
                balance=(content.situations[index % 3].id, 30.0 + 4 * index),
            ),
        )
    html = render_html(aggregate(folder, K, content=content), content, charts=False)
    problems = _counts_near_total(html, 12)
    for view in delegation_views(html):
        result = attack(view, who_decides(content))
        if result.leaks:
            problems.append(result.describe())
    assert not problems, "all but one alike, and the report says so:\n" + "\n".join(problems[:6])


# --------------------------------------------------------------------------- k >= 3


def test_a_minimum_group_of_two_is_refused_by_the_api(content: Content, tmp_path: Path) -> None:
    """Promise (d): k is never below 3. With two people, a mean of 75 and an SD of 9
    give both scores (75 +- 9/sqrt 2: 68.6 and 81.4)."""
    write_demo_exports(4, tmp_path, seed=0)
    with pytest.raises(PrivacyError, match="minimum group"):
        aggregate(tmp_path, 2, content=content)


def test_a_minimum_group_of_two_is_refused_by_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_demo_exports(4, tmp_path / "team", seed=0)
    out = tmp_path / "report.html"
    try:
        status = main(
            ["team-report", str(tmp_path / "team"), "--min-group", "2", "--out", str(out)]
        )
    except SystemExit as stop:
        status = stop.code  # type: ignore[assignment]
    assert status == 2, f"leadlib team-report --min-group 2 exited {status}, not 2"
    assert "minimum group" in capsys.readouterr().err
    assert not out.exists()
