"""Synthetic exports of an imaginary team, for rehearsing a workshop, for tests and for
benchmarks. Must not import matplotlib, ipywidgets or the journal.

Each imaginary participant has a leaning towards leadership and towards management, a
few stronger and weaker traits, a personal tendency to keep or hand over control, and
answers with some noise; some skip parts, as real participants do. The same ``seed``
always gives the same files.
"""

from __future__ import annotations

import json
import os
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ..content import load_content
from ..errors import LeadlibError
from ..export import build
from ..models import Content, Family

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
START = datetime(2026, 3, 2, 9, 0, 0, tzinfo=timezone.utc)
MAX_DEMO = 1_000_000


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


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
    skips_part = rng.random() < 0.06
    for statement in content.statements:
        if skips_part and statement.trait.startswith(("p", "ps")) and rng.random() < 0.7:
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
        situation = rng.choices(
            content.situations, weights=[2, 3, 4, 3, 1][: len(content.situations)] or None
        )[0]
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
    )


def write_demo_exports(
    n: int, directory: str | os.PathLike[str], seed: int = 0, *, content: Content | None = None
) -> list[Path]:
    """Write ``n`` synthetic exports into ``directory`` (created if needed); return paths."""
    if isinstance(n, bool) or not isinstance(n, int) or not 0 < n <= MAX_DEMO:
        raise LeadlibError(
            f"The number of demo exports must be a whole number from 1 to {MAX_DEMO:,}, "
            f"found {n!r}."
        )
    content = content or load_content()
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    codes: set[str] = set()
    paths = []
    for index in range(n):
        code = "P-" + "".join(rng.choice(CODE_ALPHABET) for _ in range(6))
        while code in codes:
            code = "P-" + "".join(rng.choice(CODE_ALPHABET) for _ in range(6))
        codes.add(code)
        doc = demo_export(content, rng, index, code)
        path = folder / f"leadlib-export-{code}.json"
        path.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
