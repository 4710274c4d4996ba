"""A facilitator adapts the course without touching the package: a copy of the data with
a ninth trait (and its statements), a fifteenth scenario, a sixth situation and a ninth
notebook, selected with LEADLIB_CONTENT. Everything downstream must follow the content:
scoring, the profile, the delegation rules, the worksheets, the charts' texts, the
``leadlib`` commands (demo-exports, team-report, handouts), and no text may state a count
of the shipped content (eight traits, fourteen scenarios...)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbformat import v4

import leadlib
from leadlib import delegation, export, plots
from leadlib.content import DATA_DIR
from leadlib.models import Content, Family
from leadlib.profile import summary_lines
from leadlib.widgets import worksheets

ROOT = Path(__file__).resolve().parents[1]

NEW_TRAIT = "coaching"
NEW_SCENARIO = "mentor_new_hire"
NEW_SITUATION = "merger"
NEW_NOTEBOOK = "08_coaching_practice"

TRAIT = """
[[trait]]
id = "coaching"
name = "Coaching"
family = "leadership"
definition = "Helping people find their own answers through questions, listening and encouragement."
kotter = ["motivating_inspiring", "aligning_people"]
behaviours = [
  "Asks open questions before offering a solution.",
  "Listens to the end before answering.",
  "Encourages people to try their own idea first.",
]
development_actions = [
  "In your next three one-to-ones, ask three open questions before giving any advice.",
  "Ask a colleague to watch one meeting and count how often you interrupt.",
]
"""

STATEMENTS = """
[[statement]]
id = "ch1"
trait = "coaching"
text = "I ask open questions before I offer a solution."
rater_text = "This person asks open questions before offering a solution."

[[statement]]
id = "ch2"
trait = "coaching"
text = "I let people try their own idea first, even when I know a quicker way."
rater_text = "This person lets people try their own idea first, even when they know a quicker way."

[[statement]]
id = "ch3"
trait = "coaching"
text = "I hand people my answer before they have had a chance to think it through."
rater_text = "This person hands people an answer before they have had a chance to think it through."
reverse = true

[[statement]]
id = "ch4"
trait = "coaching"
text = "I usually tell people what to do rather than ask what they think."
rater_text = "This person tells people what to do rather than ask what they think."
reverse = true
"""

SCENARIO = """
[[scenario]]
id = "mentor_new_hire"
title = "Mentoring a new hire"
person = "Lea, an experienced engineer who enjoys helping newcomers"
decision = "How to organize the first month of a new colleague's onboarding."
competence = "high"
commitment = "high"
risk = "low"
urgency = "low"
"""

SITUATION = """
[[situation]]
id = "merger"
name = "Merger of two teams"
description = "Two teams with different habits become one, with a new structure and new colleagues."
leadership_band = [55, 75]
rationale = "A shared direction and trust across the old boundary come first."
"""

NOTEBOOK = """
[[notebook]]
id = "08_coaching_practice"
title = "Coaching practice"
minutes = 20
objectives = [
  "Practise asking before telling.",
  "Plan one coaching conversation.",
]
reflection = "Which conversation this week could start with a question instead of an answer?"

[[notebook.self_check]]
id = "c08_first"
question = "What does a coaching manager do first?"
right = "Ask an open question"
explanation = "Coaching starts by asking, so the person finds their own answer."

[[notebook.self_check.wrong]]
option = "Give the answer"
feedback = "Giving the answer solves today's problem and teaches nothing."

[[notebook.self_check.wrong]]
option = "Escalate the problem"
feedback = "Escalating takes the problem away instead of helping them think."

[[notebook.self_check]]
id = "c08_silence"
question = "The person goes quiet after your question. What do you do?"
right = "Wait, and let them think"
explanation = "A pause is often where the thinking happens."

[[notebook.self_check.wrong]]
option = "Answer it yourself to move on"
feedback = "Answering your own question turns coaching back into telling."

[[notebook.self_check.wrong]]
option = "Ask three more questions at once"
feedback = "A burst of questions confuses; one clear question, then silence, works better."

[[notebook.self_check]]
id = "c08_when"
question = "When is coaching the wrong choice?"
right = "When a beginner faces an urgent, high-risk task"
explanation = "With no time and a lot at stake, direction comes first; coach later."

[[notebook.self_check.wrong]]
option = "Never: coaching always fits"
feedback = "Coaching needs time and some competence to draw on."

[[notebook.self_check.wrong]]
option = "When the person is experienced"
feedback = "An experienced person is exactly who coaching suits best."
"""

#: Counts of the shipped content, in words and figures: none may appear in a text made
#: from the adapted content.
STALE_COUNTS = re.compile(
    r"\b(?:eight|8)\s+(?:trait|traits)\b|"
    r"\b(?:fourteen|14)\s+(?:scenarios|decisions)\b(?!\s+(?:not\s+)?answered)|"
    r"\b(?:five|5)\s+situations\b|\b(?:thirty-two|32)\s+statements\b|"
    r"\b(?:eight|8)\s+notebooks\b|\bof\s+(?:14|32)\b",
    re.IGNORECASE,
)


def _stale(text: str) -> list[str]:
    return [m.group(0) for m in STALE_COUNTS.finditer(text)]


def _append(path: Path, block: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + block, encoding="utf-8")


@pytest.fixture(scope="module")
def adapted_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = Path(shutil.copytree(DATA_DIR, tmp_path_factory.mktemp("adapted") / "data"))
    _append(data / "traits.toml", TRAIT)
    _append(data / "statements.toml", STATEMENTS)
    _append(data / "delegation.toml", SCENARIO)
    _append(data / "situations.toml", SITUATION)
    _append(data / "course.toml", NOTEBOOK)
    return data


@pytest.fixture
def adapted(adapted_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Content]:
    """The adapted content, selected the facilitator's way: LEADLIB_CONTENT."""
    monkeypatch.setenv("LEADLIB_CONTENT", str(adapted_dir))
    yield leadlib.load_content()


def _env(adapted_dir: Path) -> dict[str, str]:
    return {**os.environ, "LEADLIB_CONTENT": str(adapted_dir)}


def _leadlib(adapted_dir: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "leadlib.cli", *args],
        cwd=ROOT,
        env=_env(adapted_dir),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _answers(content: Content, low_trait: str) -> dict[str, int]:
    """Agree (4) with everything, except disagree (1) for ``low_trait``; reverse-keyed
    statements answered to match."""
    answers = {}
    for s in content.statements:
        value = 1 if s.trait == low_trait else 4
        answers[s.id] = content.scale.reversed_value(value) if s.reverse else value
    return answers


def _exports(content: Content, folder: Path, count: int = 6) -> None:
    """Export files written the way the journal writes them (export.build)."""
    import datetime as dt

    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        low = content.traits[n % len(content.traits)].id
        choices = {s.id: s.recommended_band[n % 2] for s in content.scenarios}
        doc = export.build(
            content,
            participant=f"P-{n:06d}",
            exported_at=dt.datetime(2030, 1, 1, 9, n, tzinfo=dt.timezone.utc),
            answers=_answers(content, low),
            delegation=choices,
            balance=(NEW_SITUATION, 60.0 + n),
        )
        (folder / f"leadlib-export-P-{n:06d}.json").write_text(json.dumps(doc), encoding="utf-8")


# -- the content itself ----------------------------------------------------------------


def test_the_adapted_folder_is_what_the_library_loads(adapted: Content, content: Content) -> None:
    assert len(adapted.traits) == len(content.traits) + 1
    assert len(adapted.statements) == len(content.statements) + 4
    assert len(adapted.scenarios) == len(content.scenarios) + 1
    assert len(adapted.situations) == len(content.situations) + 1
    assert len(adapted.notebooks) == len(content.notebooks) + 1
    assert adapted.trait(NEW_TRAIT).family is Family.LEADERSHIP
    assert adapted.total_minutes == content.total_minutes + 20


# -- scoring and the profile -----------------------------------------------------------


def test_scoring_includes_the_ninth_trait(adapted: Content) -> None:
    profile = leadlib.score(adapted, _answers(adapted, NEW_TRAIT))
    assert profile.complete
    assert set(profile.traits) == {t.id for t in adapted.traits}
    assert profile.traits[NEW_TRAIT] == 0.0
    lead = adapted.traits_in(Family.LEADERSHIP)
    assert profile.leadership == pytest.approx(75.0 * (len(lead) - 1) / len(lead))
    assert profile.management == 75.0


def test_the_profile_words_name_the_new_trait_and_count_its_statements(
    adapted: Content,
) -> None:
    from leadlib.plan import suggest_focus

    answers = _answers(adapted, NEW_TRAIT)
    profile = leadlib.score(adapted, answers)
    text = " ".join(summary_lines(adapted, profile, len(answers)))
    assert "weakest Coaching" in text
    assert suggest_focus(adapted, profile)[0] == NEW_TRAIT
    partial = dict(list(answers.items())[:-1])
    provisional = summary_lines(adapted, leadlib.score(adapted, partial), len(partial))[0]
    assert provisional.startswith(f"{len(partial)} of {len(adapted.statements)} statements")
    assert _stale(text + provisional) == []


def test_the_profile_chart_speaks_of_nine_traits(adapted: Content) -> None:
    profile = leadlib.score(adapted, _answers(adapted, NEW_TRAIT))
    chart = plots.profile_radar(adapted, profile)
    assert chart.alt.startswith("Radar chart of your nine trait scores (0-100).")
    assert "Coaching 0" in chart.alt
    title = chart.figure.axes[0].get_title()
    texts = [title, *(t.get_text() for t in chart.figure.texts)]
    assert _stale(" ".join([chart.alt, *texts])) == [], texts


def test_the_worksheets_list_every_trait_scenario_and_situation(adapted: Content) -> None:
    profile = leadlib.score(adapted, _answers(adapted, NEW_TRAIT))
    sheet = worksheets.profile(adapted)
    assert sheet.count("<tr><td>") == len(adapted.traits)
    assert "Coaching" in worksheets.plan(adapted, [NEW_TRAIT])
    assert "Mentoring a new hire" in worksheets.delegation(adapted)
    assert "Merger of two teams" in worksheets.balance(adapted)
    everything = [
        worksheets.self_assessment(adapted),
        worksheets.self_assessment(adapted, Family.LEADERSHIP),
        sheet,
        worksheets.delegation(adapted),
        worksheets.delegation_board(adapted),
        worksheets.balance(adapted),
        worksheets.plan(adapted),
    ]
    assert "I ask open questions before I offer a solution." in everything[0]
    assert _stale(" ".join(everything)) == []
    assert profile.traits[NEW_TRAIT] is not None


# -- the delegation rules --------------------------------------------------------------


def test_the_rules_give_the_new_scenario_its_band_and_verdicts(adapted: Content) -> None:
    scenario = adapted.scenario(NEW_SCENARIO)
    # the facts the facilitator wrote reach the rules, and the band is theirs
    expected = delegation.recommend(delegation.TaskContext.parse("high", "high", "low", "low"))
    assert scenario.recommended_band == expected.band
    assert expected.band[0] > 2, "level 2 must be too controlling for this test"
    rows = delegation.board(adapted, {NEW_SCENARIO: 2})
    assert len(rows) == len(adapted.scenarios)
    verdict = rows[-1].verdict
    assert verdict is not None and verdict.fit is delegation.Fit.TOO_CONTROLLING
    summary = delegation.board_summary(adapted, rows)
    assert summary.startswith(f"1 of {len(adapted.scenarios)} decisions answered")
    chart = plots.delegation_distribution(adapted, {NEW_SCENARIO: [2]})
    assert chart.alt.startswith(
        f"Chart of your delegation choices for {len(adapted.scenarios)} scenarios"
    )
    assert f"{len(adapted.scenarios) - 1} scenarios not answered" in chart.alt
    assert _stale(summary + chart.alt) == []


# -- the leadlib commands, run as a facilitator would ------------------------------------


def test_demo_exports_cover_the_new_content(adapted: Content, tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    done = _leadlib(Path(os.environ["LEADLIB_CONTENT"]), "demo-exports", "12", str(folder))
    assert done.returncode == 0, done.stderr
    files = sorted(folder.glob("*.json"))
    assert len(files) == 12
    docs = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    for doc in docs:
        export.parse(adapted, doc)  # valid against the adapted content
    assert any("ch1" in d["self_assessment"]["answers"] for d in docs)
    assert any(NEW_SCENARIO in d["delegation"]["choices"] for d in docs)


def test_the_team_report_covers_the_new_content(adapted: Content, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    _exports(adapted, folder)
    out = tmp_path / "team-report.html"
    done = _leadlib(
        Path(os.environ["LEADLIB_CONTENT"]),
        "team-report",
        str(folder),
        "--out",
        str(out),
        "--min-group",
        "3",
    )
    assert done.returncode == 0, done.stderr
    report = out.read_text(encoding="utf-8")
    assert "Coaching" in report
    assert "Mentoring a new hire" in report
    assert "Merger of two teams" in report
    assert _stale(re.sub(r"<[^>]+>", " ", report)) == []


def _new_notebook(folder: Path, content: Content) -> Path:
    info = content.notebook(NEW_NOTEBOOK)
    nb = v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)"}
    quoted = json.dumps(NEW_NOTEBOOK)
    nb.cells = [
        v4.new_markdown_cell(f"# {info.title}\n\nAsk before you tell."),
        v4.new_code_cell(f"from leadlib import widgets as ex\nex.header({quoted})"),
        v4.new_code_cell("ex.plan()"),
        v4.new_code_cell(f"ex.self_check({quoted})"),
        v4.new_code_cell(f"ex.reflection({quoted})"),
        v4.new_markdown_cell("## Key points\n\n- Ask first."),
        v4.new_code_cell(f"ex.navigation({quoted})"),
    ]
    path = folder / info.filename
    nbformat.write(nb, path)
    return path


def test_handouts_build_with_the_ninth_notebook(adapted: Content, tmp_path: Path) -> None:
    notebooks = Path(shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks"))
    _new_notebook(notebooks, adapted)
    out = tmp_path / "handouts"
    done = _leadlib(
        Path(os.environ["LEADLIB_CONTENT"]),
        "handouts",
        "--out",
        str(out),
        "--notebooks",
        str(notebooks),
        "-j",
        "1",
        "01_two_roles",
        NEW_NOTEBOOK,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    index = (out / "index.html").read_text(encoding="utf-8")
    for info in adapted.notebooks:
        assert info.title in index, info.id
    assert f"{adapted.total_minutes}" in index
    assert 'href="01_two_roles.html"' in index and f'href="{NEW_NOTEBOOK}.html"' in index
    page = (out / f"{NEW_NOTEBOOK}.html").read_text(encoding="utf-8")
    assert "Coaching practice" in page and "Plan one coaching conversation." in page
    assert "ask three open questions before giving any advice" in page  # the plan worksheet
    for text in (index, page):
        assert _stale(re.sub(r"<[^>]+>", " ", text)) == []
    # 01's own prose, written by the course's author, may state the shipped counts (a
    # facilitator edits it with the content); what the library generates into the page
    # must add none.
    one = (out / "01_two_roles.html").read_text(encoding="utf-8")
    prose = " ".join(
        c.source
        for c in nbformat.read(notebooks / "01_two_roles.ipynb", as_version=4).cells
        if c.cell_type == "markdown"
    )
    assert not Counter(_stale(re.sub(r"<[^>]+>", " ", one))) - Counter(_stale(prose))
