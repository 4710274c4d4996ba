"""One privacy threshold: the API, the command, notebook 07's widget and every document
that states the minimum group take it from ``leadlib.team.privacy``."""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path

import pytest

from leadlib.cli import main
from leadlib.models import Content
from leadlib.team import aggregate, render_html, write_demo_exports
from leadlib.team.aggregate import TeamSummary
from leadlib.team.privacy import DEFAULT_MIN_GROUP, SMALLEST_MIN_GROUP

ROOT = Path(__file__).resolve().parents[1]

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
NUMBER = r"(\d+|" + "|".join(NUMBER_WORDS) + r")"

#: Every sentence in the documents that states the default minimum group ...
DEFAULT_STATEMENTS = [
    rf"fewer than\s+{NUMBER}\s+people",
    rf"groups of at least\s+{NUMBER}\s+people",
]
#: ... and the smallest minimum group a facilitator may choose.
SMALLEST_STATEMENTS = [
    rf"never less than\s+{NUMBER}\b",
    rf"never go below\s+{NUMBER}\b",
    rf"never set below\s+{NUMBER}\b",
]
#: Each document and how many statements of each kind it must hold (so a test that
#: finds nothing cannot pass silently when the wording changes).
DOCUMENTS = {
    "README.md": (1, 1),
    "docs/facilitator-guide.md": (3, 1),
    "docs/model-sources.md": (1, 0),
    "notebooks/07_team_debrief.ipynb": (2, 0),
}


def _number(text: str) -> int:
    text = text.lower()
    return int(text) if text.isdigit() else NUMBER_WORDS[text]


def _prose(relative: str) -> str:
    path = ROOT / relative
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


def _found(text: str, patterns: list[str]) -> list[tuple[str, int]]:
    return [
        (m.group(0), _number(m.group(1)))
        for pattern in patterns
        for m in re.finditer(pattern, text, flags=re.IGNORECASE)
    ]


@pytest.mark.parametrize("relative", sorted(DOCUMENTS))
def test_every_document_states_the_minimum_group_of_the_code(relative: str) -> None:
    text = _prose(relative)
    defaults = _found(text, DEFAULT_STATEMENTS)
    smallest = _found(text, SMALLEST_STATEMENTS)
    want_default, want_smallest = DOCUMENTS[relative]
    assert len(defaults) == want_default, (relative, defaults)
    assert len(smallest) == want_smallest, (relative, smallest)
    for sentence, number in defaults:
        assert number == DEFAULT_MIN_GROUP, f"{relative}: {sentence!r} != {DEFAULT_MIN_GROUP}"
    for sentence, number in smallest:
        assert number == SMALLEST_MIN_GROUP, f"{relative}: {sentence!r} != {SMALLEST_MIN_GROUP}"


def test_the_api_the_widget_and_the_command_default_to_the_one_constant() -> None:
    from leadlib.widgets import team_debrief_view

    assert inspect.signature(aggregate).parameters["min_group"].default == DEFAULT_MIN_GROUP
    assert (
        inspect.signature(team_debrief_view.team_debrief).parameters["min_group"].default
        == DEFAULT_MIN_GROUP
    )
    assert f"fewer than {DEFAULT_MIN_GROUP} people" in team_debrief_view.handout_html()
    assert f"never set below {SMALLEST_MIN_GROUP}" in team_debrief_view.handout_html()


def _pattern(summary: TeamSummary) -> tuple[object, ...]:
    """Which figures are shown, and the counts shown, in a comparable form."""
    return (
        tuple(t.figure.mean is not None for t in summary.traits),
        summary.quadrants.counts,
        summary.balance_distribution.counts,
        summary.situation_counts.counts,
        tuple((s.scenario_id, s.distribution.counts, s.in_band) for s in summary.scenarios),
        tuple(s.share.mean is not None for s in summary.situations),
    )


def test_the_api_and_the_command_agree_for_every_threshold(
    content: Content, tmp_path: Path
) -> None:
    folder = tmp_path / "team"
    write_demo_exports(24, folder, seed=5, content=content)
    default_out = tmp_path / "default.html"
    assert main(["team-report", str(folder), "--out", str(default_out), "--no-charts"]) == 0
    assert default_out.read_text(encoding="utf-8") == render_html(
        aggregate(folder, content=content), content, charts=False
    )
    patterns = []
    for k in range(3, 11):
        out = tmp_path / f"k{k}.html"
        # One ledger per threshold: the same answers released under two minimum groups
        # could be intersected, so one ledger would show its first release again (Rule 7).
        ledger = tmp_path / f"k{k}.ledger"
        status = main(
            [
                "team-report",
                str(folder),
                "--out",
                str(out),
                "--no-charts",
                "--min-group",
                str(k),
                "--ledger",
                str(ledger),
            ]
        )
        summary = aggregate(folder, k, content=content, ledger=ledger)
        assert status == 0
        assert summary.min_group == k
        page = out.read_text(encoding="utf-8")
        assert f"Minimum group: {k}." in page
        assert page == render_html(summary, content, charts=False), k
        patterns.append(_pattern(summary))
    # The thresholds really change what is shown, so the comparison above means something.
    assert len(set(patterns)) > 3
