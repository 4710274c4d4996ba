"""Demo exports for any course content: more situations, traits and scenarios than the
course ships with still give valid, reproducible exports and a team report whose
figures follow the content."""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from leadlib import export
from leadlib.cli import main
from leadlib.content import DATA_DIR, load_content
from leadlib.errors import LeadlibError
from leadlib.models import Content
from leadlib.team import DemoFolderError, aggregate, render_html, write_demo_exports
from leadlib.team.demo import SITUATION_WEIGHTS, situation_weights


def _copies(text: str, kind: str, extra: int) -> str:
    """``text`` with ``extra`` more copies of its last ``[[kind]]`` block, ids suffixed."""
    head = f"[[{kind}]]\n"
    block = head + text.rsplit(head, 1)[1].rstrip("\n") + "\n"
    old_id = re.search(r'^id = "([^"]+)"', block, flags=re.MULTILINE)
    assert old_id is not None
    added = [
        block.replace(f'id = "{old_id.group(1)}"', f'id = "{old_id.group(1)}_x{n}"', 1)
        for n in range(extra)
    ]
    return text.rstrip("\n") + "\n\n" + "\n".join(added)


def _wider_content(tmp_path: Path) -> Content:
    """The course content plus two situations, three scenarios and one more trait."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    for name, kind, extra in [
        ("situations.toml", "situation", 2),
        ("delegation.toml", "scenario", 3),
        ("traits.toml", "trait", 1),
    ]:
        path = data / name
        path.write_text(_copies(path.read_text(encoding="utf-8"), kind, extra), encoding="utf-8")
    # The new trait's statements: a copy of the last trait's, pointing at the new trait.
    statements = data / "statements.toml"
    text = statements.read_text(encoding="utf-8")
    blocks = text.split("[[statement]]\n")
    # The trait copied above: its id ends in _x0 (statements are interleaved, so the
    # last statement need not belong to it).
    copied = re.search(r'^id = "([^"]+)_x0"', (data / "traits.toml").read_text("utf-8"), re.M)
    assert copied is not None
    trait = copied.group(1)
    mine = [b for b in blocks[1:] if f'trait = "{trait}"' in b]
    added = []
    for block in mine:
        block = re.sub(r'^id = "([^"]+)"', r'id = "\1x"', block, count=1, flags=re.MULTILINE)
        added.append("[[statement]]\n" + block.replace(f'"{trait}"', f'"{trait}_x0"').rstrip())
    statements.write_text(text.rstrip("\n") + "\n\n" + "\n\n".join(added) + "\n", "utf-8")
    return load_content(data)


def test_situation_weights_follow_the_content(content: Content, tmp_path: Path) -> None:
    wider = _wider_content(tmp_path)
    assert situation_weights(content) == list(SITUATION_WEIGHTS[: len(content.situations)])
    assert len(situation_weights(wider)) == len(wider.situations)


def test_demo_exports_work_with_more_situations_traits_and_scenarios(
    content: Content, tmp_path: Path
) -> None:
    wider = _wider_content(tmp_path)
    assert len(wider.situations) == len(content.situations) + 2
    assert len(wider.scenarios) == len(content.scenarios) + 3
    assert len(wider.traits) == len(content.traits) + 1

    folder = tmp_path / "team"
    paths = write_demo_exports(60, folder, seed=2, content=wider)
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    for doc in docs:
        assert export.validate(wider, doc) == []
    chosen = {d["balance"]["situation"] for d in docs if d["balance"]}
    assert chosen & {s.id for s in wider.situations[len(content.situations) :]}

    summary = aggregate(folder, content=wider)
    assert summary.participants == 60
    assert len(summary.traits) == len(wider.traits)
    assert len(summary.scenarios) == len(wider.scenarios)
    assert len(summary.situations) == len(wider.situations)
    assert len(summary.reliability) == len(wider.traits)
    new_trait = next(t for t in summary.traits if t.trait_id.endswith("_x0"))
    assert new_trait.figure.mean is not None
    assert "<!DOCTYPE html>" in render_html(summary, wider, charts=False)


@pytest.mark.parametrize("seed", [0, 1])
def test_every_part_of_the_course_is_answered_by_the_demo_team(
    content: Content, tmp_path: Path, seed: int
) -> None:
    paths = write_demo_exports(40, tmp_path, seed=seed, content=content)
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    answered = {sid for d in docs for sid in d["self_assessment"]["answers"]}
    chosen = {sid for d in docs for sid in d["delegation"]["choices"]}
    assert answered == {s.id for s in content.statements}
    assert chosen == {s.id for s in content.scenarios}


# --------------------------------------------------------------------------- a folder in use


def test_demo_exports_refuse_a_folder_that_already_holds_exports(
    content: Content, tmp_path: Path
) -> None:
    real = tmp_path / "team"
    real.mkdir()
    (real / "anna.json").write_text("{}", encoding="utf-8")
    (real / "notes.txt").write_text("kept", encoding="utf-8")
    with pytest.raises(DemoFolderError) as caught:
        write_demo_exports(3, real, content=content)
    message = str(caught.value)
    assert isinstance(caught.value, LeadlibError)
    assert f"The folder {real} already holds 1 .json file." in message
    assert "--add" in message and "add=True" in message
    assert sorted(p.name for p in real.iterdir()) == ["anna.json", "notes.txt"]
    # A folder with other files only, or no folder yet, is fine.
    (real / "anna.json").unlink()
    assert len(write_demo_exports(3, real, content=content)) == 3
    assert len(write_demo_exports(3, tmp_path / "new" / "deeper", content=content)) == 3


def test_adding_demo_exports_keeps_every_file_already_there(
    content: Content, tmp_path: Path
) -> None:
    first = write_demo_exports(4, tmp_path, seed=3, content=content)
    before = {p: p.read_bytes() for p in first}
    added = write_demo_exports(4, tmp_path, seed=3, content=content, add=True)
    assert not set(added) & set(before)  # the same seed would pick the same codes
    assert all(p.read_bytes() == data for p, data in before.items())
    assert len(list(tmp_path.glob("*.json"))) == 8
    assert aggregate(tmp_path, content=content).participants == 8


def test_the_demo_exports_command_refuses_a_folder_in_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo-exports", "3", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["demo-exports", "3", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "already holds 3 .json files" in err and "Traceback" not in err
    assert len(list(tmp_path.glob("*.json"))) == 3


def test_demo_exports_are_marked_and_mixing_them_with_real_ones_is_warned(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "mixed"
    paths = write_demo_exports(5, folder, seed=1, content=content)
    assert all(json.loads(p.read_text(encoding="utf-8"))["demo"] is True for p in paths)
    only_demo = aggregate(folder, content=content)
    assert only_demo.demo_participants == 5
    assert not any("Demo participants" in n for n in only_demo.notes)

    for i in range(3):
        real = export.build(
            content,
            participant=f"P-REAL{i:02d}",
            exported_at=datetime(2026, 3, 2, 9, 0),
            answers={s.id: 4 for s in content.statements},
            delegation={},
            balance=None,
        )
        assert "demo" not in real
        (folder / f"real{i}.json").write_text(json.dumps(real), encoding="utf-8")
    mixed = aggregate(folder, content=content)
    assert mixed.demo_participants == 5 and mixed.participants == 8
    warning = "Demo participants mixed with real ones: 5 of the 8 participants counted"
    assert any(n.startswith(warning) for n in mixed.notes)
    assert warning in render_html(mixed, content, charts=False)

    out = tmp_path / "r.html"
    assert main(["team-report", str(folder), "--out", str(out), "--no-charts"]) == 0
    assert f"warning: {warning}" in capsys.readouterr().err
    assert warning in out.read_text(encoding="utf-8")


def test_a_real_team_gets_no_demo_warning(content: Content, tmp_path: Path) -> None:
    for i in range(4):
        real = export.build(
            content,
            participant=f"P-REAL{i:02d}",
            exported_at=datetime(2026, 3, 2, 9, 0),
            answers={s.id: 3 for s in content.statements},
            delegation={},
            balance=None,
        )
        (tmp_path / f"r{i}.json").write_text(json.dumps(real), encoding="utf-8")
    summary = aggregate(tmp_path, content=content)
    assert summary.demo_participants == 0
    assert not any("Demo" in n for n in summary.notes)
