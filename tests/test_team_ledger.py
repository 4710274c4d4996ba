"""The release ledger (docs/privacy.md, Rule 7): where it lives, what it holds, and how
the command and the API behave around it. The attacks on two reports are in
tests/test_privacy_attacks.py; these tests pin down the plumbing."""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import pytest

from leadlib.cli import main
from leadlib.models import Content
from leadlib.team import LedgerError, PrivacyWarning, aggregate, default_ledger
from leadlib.team import write_demo_exports as demo


def _late(folder: Path, tmp_path: Path, count: int, seed: int) -> None:
    demo(count, tmp_path / f"late{seed}", seed=seed)
    for path in (tmp_path / f"late{seed}").glob("*.json"):
        shutil.copy(path, folder / path.name)


def test_the_default_ledger_lives_in_the_facilitator_s_home_not_the_shared_folder(
    content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("LEADLIB_HOME", str(home))
    folder = tmp_path / "team"
    demo(12, folder, seed=1)
    before = sorted(p.name for p in folder.iterdir())
    summary = aggregate(folder, content=content)
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing written there
    ledger = default_ledger(folder)
    assert ledger.parent == home / "ledgers" and ledger.exists()
    assert summary.released_at and summary.held_back is None
    # The same folder reached by another path shares the ledger.
    assert default_ledger(tmp_path / "team" / ".." / "team") == ledger
    text = ledger.read_text(encoding="utf-8")
    codes = [json.loads(p.read_text("utf-8"))["participant"] for p in folder.glob("*.json")]
    assert not any(code in text for code in codes)  # salted hashes only
    assert not any(p.name in text for p in folder.glob("*.json"))


def test_a_late_export_is_held_back_until_k_differ_then_released(
    content: Content, tmp_path: Path
) -> None:
    folder, ledger = tmp_path / "team", tmp_path / "ledger.json"
    demo(12, folder, seed=2)
    first = aggregate(folder, content=content, ledger=ledger)
    _late(folder, tmp_path, 1, 50)
    held = aggregate(folder, content=content, ledger=ledger)
    assert held.held_back is not None
    assert (held.held_back.changed, held.held_back.needed) == (1, 2)
    assert held.participants == 12 and held.files_found == 13
    assert held.scenarios == first.scenarios
    _late(folder, tmp_path, 2, 51)
    fresh = aggregate(folder, content=content, ledger=ledger)
    assert fresh.held_back is None and fresh.participants == 15
    assert len(json.loads(ledger.read_text("utf-8"))["releases"]) == 2
    # Removing one of the new files is one person away from the latest release.
    next(iter(sorted((tmp_path / "late51").glob("*.json")))).unlink()
    (folder / next(iter(sorted((tmp_path / "late51").glob("*.json")))).name).unlink()
    again = aggregate(folder, content=content, ledger=ledger)
    assert again.participants == 15 and again.held_back is not None


def test_a_changed_answer_counts_as_a_difference(content: Content, tmp_path: Path) -> None:
    folder, ledger = tmp_path / "team", tmp_path / "ledger.json"
    paths = demo(12, folder, seed=3)
    aggregate(folder, content=content, ledger=ledger)
    doc = json.loads(paths[0].read_text("utf-8"))
    scenario = next(iter(doc["delegation"]["choices"]))
    doc["delegation"]["choices"][scenario] = 8 - doc["delegation"]["choices"][scenario]
    doc["exported_at"] = "2026-03-09T09:00:00Z"
    doc.pop("self_assessment_profile", None)
    (folder / "newer.json").write_text(json.dumps(doc), encoding="utf-8")
    held = aggregate(folder, content=content, ledger=ledger)
    assert held.held_back is not None and held.held_back.changed == 1


def test_a_broken_ledger_stops_the_report_instead_of_starting_over(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, ledger = tmp_path / "team", tmp_path / "ledger.json"
    demo(6, folder, seed=4)
    ledger.write_text("{not json", encoding="utf-8")
    with pytest.raises(LedgerError, match="start over"):
        aggregate(folder, content=content, ledger=ledger)
    out = tmp_path / "r.html"
    status = main(["team-report", str(folder), "--ledger", str(ledger), "--out", str(out)])
    assert status == 2 and not out.exists()
    assert "release ledger" in capsys.readouterr().err
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PrivacyWarning)
        assert aggregate(folder, content=content, ledger=ledger, start_over=True).participants == 6


def test_the_command_says_when_it_holds_back_and_warns_when_starting_over(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, ledger = tmp_path / "team", tmp_path / "ledger.json"
    demo(12, folder, seed=5)
    args = ["team-report", str(folder), "--ledger", str(ledger), "--no-charts"]
    assert main([*args, "--out", str(tmp_path / "a.html")]) == 0
    _late(folder, tmp_path, 1, 60)
    capsys.readouterr()
    assert main([*args, "--out", str(tmp_path / "b.html")]) == 0
    err = capsys.readouterr().err
    assert "1 export arrived or changed" in err and "until 2 more arrive" in err
    assert "2 more exports are needed" in (tmp_path / "b.html").read_text("utf-8")
    assert main([*args, "--start-over", "--out", str(tmp_path / "c.html")]) == 0
    err = capsys.readouterr().err
    assert "warning: Starting over" in err
    assert "13 participants" in err
