"""Synthetic exports of an imaginary team, for rehearsing a workshop, for tests and for
benchmarks. Must not import matplotlib, ipywidgets or the journal.

Each imaginary participant has a leaning towards leadership and towards management, a
few stronger and weaker traits, a personal tendency to keep or hand over control, and
answers with some noise; some skip parts, as real participants do. The same ``seed``
always gives the same files. Every demo export carries ``"demo": true``, so that the
team report can warn when imaginary participants are mixed with real ones.
"""

from __future__ import annotations

import json
import os
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ..content import load_content
from ..errors import LeadlibError, printable
from ..export import build
from ..i18n import _, ngettext
from ..models import Content, Family

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
#: How often the imaginary team picks each situation of the balance exercise, in the
#: content's order; repeated for a course with more situations than this lists.
SITUATION_WEIGHTS = (2, 3, 4, 3, 1)
START = datetime(2026, 3, 2, 9, 0, 0, tzinfo=timezone.utc)
MAX_DEMO = 1_000_000


class DemoFolderError(LeadlibError):
    """The folder for demo exports already holds export files and adding was not asked."""


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def situation_weights(content: Content) -> list[int]:
    """One weight per situation of ``content``, however many there are."""
    return [SITUATION_WEIGHTS[i % len(SITUATION_WEIGHTS)] for i in range(len(content.situations))]


def demo_export(content: Content, rng: random.Random, index: int, code: str) -> dict[str, object]:
    """One imaginary participant's export document (valid by construction)."""
    lead = rng.gauss(3.45, 0.55)
    manage = 0.35 * (lead - 3.45) + rng.gauss(3.55, 0.5)
    levels = {
        t.id: (lead if t.family is Family.LEADERSHIP else manage) + rng.gauss(0, 0.35)
        for t in content.traits
    }
    scale = content.scale
    answers: dict[str, int] = {}
    # A few skip most of the management part of the self-assessment.
    skips_part = rng.random() < 0.06
    management = {t.id for t in content.traits_in(Family.MANAGEMENT)}
    for statement in content.statements:
        if skips_part and statement.trait in management and rng.random() < 0.7:
            continue
        agreement = _clamp(levels[statement.trait] + rng.gauss(0, 0.75), scale.min, scale.max)
        answers[statement.id] = scale.reversed_value(agreement) if statement.reverse else agreement
    # A personal tendency to keep control: stronger management, weaker leadership and
    # temperament all play a part.
    control = rng.gauss(0, 0.7) + 0.4 * (manage - lead)
    choices: dict[str, int] = {}
    skips_delegation = rng.random() < 0.05
    for position, scenario in enumerate(content.scenarios):
        if skips_delegation and rng.random() < 0.5:
            continue
        low, high = scenario.recommended_band
        # Some scenarios are genuinely harder to read than others: more disagreement.
        ambiguity = 0.6 + 0.9 * ((position * 7) % 5) / 4
        level = (low + high) / 2 - control + rng.gauss(0, ambiguity)
        choices[scenario.id] = _clamp(level, 1, len(content.levels))
    balance: tuple[str, float] | None = None
    if rng.random() < 0.85:
        situation = rng.choices(content.situations, weights=situation_weights(content))[0]
        low, high = situation.leadership_band
        share = (low + high) / 2 + 8 * (lead - manage) + rng.gauss(0, 9)
        balance = (situation.id, float(_clamp(share, 0, 100)))
    return build(
        content,
        participant=code,
        exported_at=START + timedelta(seconds=37 * index),
        answers=answers,
        delegation=choices,
        balance=balance,
        demo=True,
    )


def _refuse_a_folder_with_exports(folder: Path) -> None:
    """Raise DemoFolderError if ``folder`` already holds ``*.json`` files."""
    if not folder.is_dir():
        return
    with os.scandir(folder) as entries:
        found = sum(1 for e in entries if e.name.lower().endswith(".json"))
    if found:
        raise DemoFolderError(
            ngettext(
                "The folder {folder} already holds {n} .json file.",
                "The folder {folder} already holds {n} .json files.",
                found,
            ).format(folder=printable(str(folder)), n=found)
            + " "
            + _(
                "Demo exports are imaginary participants: mixed with a real team's exports "
                "they would change every figure of the report. Choose an empty or new "
                "folder, or add them on purpose (`leadlib demo-exports --add`, or add=True "
                "in Python)."
            )
        )


def write_demo_exports(
    n: int,
    directory: str | os.PathLike[str],
    seed: int = 0,
    *,
    content: Content | None = None,
    add: bool = False,
) -> list[Path]:
    """Write ``n`` synthetic exports into ``directory`` (created if needed); return paths.

    Refuses (DemoFolderError) a folder that already holds ``*.json`` files unless
    ``add`` is true; with ``add``, existing files are kept and never overwritten.
    """
    if isinstance(n, bool) or not isinstance(n, int) or not 0 < n <= MAX_DEMO:
        raise LeadlibError(
            _(
                "The number of demo exports must be a whole number from 1 to {most}, found {value}."
            ).format(most=f"{MAX_DEMO:,}", value=repr(n))
        )
    content = content or load_content()
    folder = Path(directory)
    if not add:
        _refuse_a_folder_with_exports(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    codes: set[str] = set()
    paths = []
    for index in range(n):
        code = "P-" + "".join(rng.choice(CODE_ALPHABET) for _letter in range(6))
        while code in codes or (add and _path(folder, code).exists()):
            code = "P-" + "".join(rng.choice(CODE_ALPHABET) for _letter in range(6))
        codes.add(code)
        doc = demo_export(content, rng, index, code)
        path = _path(folder, code)
        path.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _path(folder: Path, code: str) -> Path:
    return folder / f"leadlib-export-{code}.json"
