"""An attacker's toolkit for the team report's privacy tests: read the delegation table
as the room sees it (the rendered HTML, numbers as displayed, with their rounding) and
work out which distributions over the seven delegation levels are consistent with it.

Test helper only; imports nothing from leadlib, so it attacks the page and not the code
that made it. Must not import matplotlib, ipywidgets or the journal.

What "consistent" means. A distribution is seven counts c1..c7 >= 0 with c1 + ... + c7 =
n (the number of answers printed for the scenario) such that:

* every count the page shows is matched exactly (a shown group's count is the sum of its
  levels' counts, a group shown as 0 has every level at 0);
* the hidden groups together hold n minus the shown counts, each any number from 0 up;
* the mean, if printed, rounds to what is printed: |S/n - m| <= half a unit of its last
  printed digit (S = sum of the levels chosen);
* the standard deviation, if printed, likewise (the sample SD, n - 1 in the divisor);
* the share "within the band", if printed as p%, likewise: |100 b/n - p| <= 0.5 with b
  the count inside the recommended levels.

The attacker uses only what is printed. It does not assume that a hidden group holds at
least one person (that would be knowledge of the code's rules, not of the page); the
tests that need that question answered compare two reports directly.

Search. A depth-first search over the seven levels with pruning on the count, the sum and
the sum of squares that the remaining levels can still reach: it never walks over
people, so 200 participants cost about what 12 do.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

LEVELS = 7
ALL_LEVELS = frozenset(range(1, LEVELS + 1))
#: Slack for floating-point comparisons at a rounding boundary: the attacker errs on the
#: side of admitting a distribution, so it never claims a pin that is not there.
EPS = 1e-9

# --------------------------------------------------------------------------- reading HTML


class _Tables(HTMLParser):
    """Every table of a page: its caption, header texts and rows of cell texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict[str, object]] = []
        self._table: dict[str, object] | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = {"caption": "", "head": [], "rows": []}
        elif self._table is None:
            return
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if self._table is None:
            return
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            rows = self._table["rows"]
            assert isinstance(rows, list)
            if not self._table["head"]:
                self._table["head"] = self._row
            else:
                rows.append(self._row)
            self._row = None
        elif tag == "table":
            self.tables.append(self._table)
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._table is None:
            return
        if self._in_caption:
            self._table["caption"] = str(self._table["caption"]) + data
        elif self._cell is not None:
            self._cell.append(data)


def tables(html: str) -> list[dict[str, object]]:
    """Every table of ``html`` as {"caption": str, "head": [str], "rows": [[str]]}."""
    parser = _Tables()
    parser.feed(html)
    parser.close()
    return parser.tables


@dataclass(frozen=True)
class Displayed:
    """A number as printed: its value and half a unit of its last digit."""

    value: float
    half: float

    @classmethod
    def parse(cls, text: str) -> Displayed | None:
        """``"4.2"`` -> 4.2 +- 0.05, ``"37%"`` -> 37 +- 0.5; None for a hidden cell."""
        match = re.fullmatch(r"\s*(-?\d+)(?:\.(\d+))?\s*%?\s*", text)
        if not match:
            return None
        decimals = len(match.group(2) or "")
        return cls(float(match.group(0).strip().rstrip("%")), 0.5 * 10.0**-decimals)


@dataclass(frozen=True)
class Cell:
    """One category of a scenario's distribution as shown: its levels and its count
    (None when the page says "hidden")."""

    label: str
    levels: frozenset[int]
    count: int | None


@dataclass(frozen=True)
class ScenarioView:
    """What the page says about one delegation scenario."""

    title: str
    n: int
    cells: tuple[Cell, ...]
    whole_hidden: bool
    mean: Displayed | None
    sd: Displayed | None
    band: frozenset[int]
    within: Displayed | None

    @property
    def hidden_cells(self) -> tuple[Cell, ...]:
        return tuple(c for c in self.cells if c.count is None)

    @property
    def hidden_total(self) -> int:
        return self.n - sum(c.count for c in self.cells if c.count is not None)


def _levels_of(label: str) -> frozenset[int]:
    """The levels a category label stands for: ``"3 Consult"`` -> {3};
    ``"Manager decides (1-3)"`` -> {1, 2, 3}; ``"Decide together (4)"`` -> {4}."""
    band = re.search(r"\((\d)(?:\s*-\s*(\d))?\)\s*$", label)
    if band:
        low = int(band.group(1))
        high = int(band.group(2) or low)
        return frozenset(range(low, high + 1))
    single = re.match(r"\s*(\d)\b", label)
    if single:
        return frozenset({int(single.group(1))})
    raise ValueError(f"cannot tell which delegation levels the label {label!r} stands for")


def _band(text: str) -> frozenset[int]:
    match = re.fullmatch(r"\s*(\d)(?:\s*-\s*(\d))?\s*", text)
    if not match:
        raise ValueError(f"cannot read the recommended band {text!r}")
    low = int(match.group(1))
    return frozenset(range(low, int(match.group(2) or low) + 1))


def _cells(text: str) -> tuple[tuple[Cell, ...], bool]:
    """Parse "People per level or band": ("label: count; ..."), or one "hidden"."""
    text = text.strip()
    if text.lower() in ("hidden", "not shown", ""):
        return (Cell("everything", ALL_LEVELS, None),), True
    cells = []
    for part in text.split(";"):
        label, _, count = part.rpartition(":")
        count = count.strip()
        cells.append(
            Cell(label.strip(), _levels_of(label), int(count) if count.isdigit() else None)
        )
    covered = [level for c in cells for level in c.levels]
    if sorted(covered) != sorted(ALL_LEVELS):
        raise ValueError(f"the categories {text!r} do not cover levels 1-7 exactly once")
    return tuple(cells), False


def _column(head: Sequence[str], *names: str) -> int | None:
    for position, title in enumerate(head):
        if any(title.lower().startswith(name.lower()) for name in names):
            return position
    return None


def delegation_views(html: str) -> list[ScenarioView]:
    """Every scenario row of the page's delegation table, as the room reads it."""
    found = [t for t in tables(html) if str(t["caption"]).startswith("Delegation levels")]
    if len(found) != 1:
        raise ValueError(f"expected one delegation table in the report, found {len(found)}")
    table = found[0]
    head = table["head"]
    rows = table["rows"]
    assert isinstance(head, list) and isinstance(rows, list)
    answers = _column(head, "Answers", "People")
    dist = _column(head, "People per level", "Levels")
    if answers is None or dist is None:
        raise ValueError(f"the delegation table lacks the answers or counts column: {head}")
    mean, sd = _column(head, "Mean"), _column(head, "Standard deviation", "Spread")
    band, within = _column(head, "Recommended"), _column(head, "Within the band")
    views = []
    for row in rows:
        cells, whole = _cells(row[dist])
        views.append(
            ScenarioView(
                title=row[0],
                n=int(row[answers]),
                cells=cells,
                whole_hidden=whole,
                mean=None if mean is None else Displayed.parse(row[mean]),
                sd=None if sd is None else Displayed.parse(row[sd]),
                band=frozenset() if band is None else _band(row[band]),
                within=None if within is None else Displayed.parse(row[within]),
            )
        )
    return views


# --------------------------------------------------------------------------- the search


@dataclass(frozen=True)
class _Problem:
    """Linear bounds on sums of level counts plus windows on S and on n*Q - S*S."""

    n: int
    sets: tuple[tuple[frozenset[int], int, int], ...]
    s_low: int
    s_high: int
    v_low: float  # bounds on n*Q - S^2 = n (n - 1) variance
    v_high: float


def _problem(view: ScenarioView) -> _Problem:
    n = view.n
    sets: list[tuple[frozenset[int], int, int]] = []
    hidden = view.hidden_total
    for cell in view.cells:
        if cell.count is not None:
            sets.append((cell.levels, cell.count, cell.count))
        elif not view.whole_hidden:
            sets.append((cell.levels, 0, hidden))
    if view.within is not None and view.band and n:
        low = math.ceil((view.within.value - view.within.half) * n / 100 - EPS)
        high = math.floor((view.within.value + view.within.half) * n / 100 + EPS)
        sets.append((view.band, max(low, 0), min(high, n)))
    s_low, s_high = n, LEVELS * n
    if view.mean is not None:
        s_low = max(s_low, math.ceil((view.mean.value - view.mean.half) * n - EPS))
        s_high = min(s_high, math.floor((view.mean.value + view.mean.half) * n + EPS))
    v_low, v_high = 0.0, math.inf
    if view.sd is not None and n >= 2:
        low_sd = max(view.sd.value - view.sd.half, 0.0)
        v_low = low_sd * low_sd * n * (n - 1) - 1e-6
        high_sd = view.sd.value + view.sd.half
        v_high = high_sd * high_sd * n * (n - 1) + 1e-6
    return _Problem(n, tuple(sets), s_low, s_high, v_low, v_high)


def _reachable(p: _Problem, alive: Sequence[int], level: int, rest: int, s: int, q: int) -> bool:
    """Can ``rest`` more people on the levels above ``level`` that may still be chosen
    (``alive``, ascending) finish inside the windows?"""
    if rest == 0:
        value = p.n * q - s * s
        return p.s_low <= s <= p.s_high and p.v_low <= value <= p.v_high
    above = [a for a in alive if a > level]
    if not above:
        return False
    low, high = above[0], above[-1]
    first = max(p.s_low, s + low * rest)
    last = min(p.s_high, s + high * rest)
    if first > last:
        return False
    if p.v_low <= 0 and math.isinf(p.v_high):
        return True
    for final in range(first, last + 1):
        mu = (final - s) / rest
        # The least sum of squares for this mean, each person on a level still open:
        # everyone on the two open levels around the mean (the lower convex hull).
        below = max(a for a in above if a <= mu + EPS)
        over = min((a for a in above if a >= mu - EPS), default=below)
        q_min = q + rest * (below * below + (mu - below) * (below + over))
        q_max = q + rest * (mu * (low + high) - low * high)  # all at the two ends
        want_low = (p.v_low + final * final) / p.n
        want_high = (p.v_high + final * final) / p.n
        if q_min <= want_high + 1e-6 and q_max >= want_low - 1e-6:
            return True
    return False


def _search(p: _Problem) -> tuple[int, ...] | None:
    """One distribution (c1..c7) satisfying ``p``, or None when there is none."""
    sets = p.sets
    last_level = [max(levels) for levels, _, _ in sets]
    member = [
        [j for j, (levels, _, _) in enumerate(sets) if level in levels]
        for level in range(LEVELS + 1)
    ]
    partial = [0] * len(sets)
    counts = [0] * (LEVELS + 1)
    # A level inside a set capped at 0 can hold no one: leave it out of the bounds.
    alive = [i for i in range(1, LEVELS + 1) if all(sets[j][2] > 0 for j in member[i])]

    def walk(level: int, used: int, s: int, q: int) -> bool:
        if level > LEVELS:
            return used == p.n and all(lo <= partial[j] <= hi for j, (_, lo, hi) in enumerate(sets))
        left = p.n - used
        choices: Iterable[int] = (left,) if level == LEVELS else range(left + 1)
        for c in choices:
            over = False
            short = False
            for j in member[level]:
                total = partial[j] + c
                if total > sets[j][2]:
                    over = True
                    break
                if last_level[j] == level and total < sets[j][1]:
                    short = True
            if over:
                break
            if short:
                continue
            s2, q2 = s + level * c, q + level * level * c
            if not _reachable(p, alive, level, left - c, s2, q2):
                continue
            for j in member[level]:
                partial[j] += c
            counts[level] = c
            if walk(level + 1, used + c, s2, q2):
                return True
            for j in member[level]:
                partial[j] -= c
        return False

    if walk(1, 0, 0, 0):
        return tuple(counts[1:])
    return None


def admits(view: ScenarioView, counts: Sequence[int]) -> bool:
    """Is the distribution ``counts`` (c1..c7) consistent with what the page shows?"""
    p = _problem(view)
    fixed = tuple((frozenset({i + 1}), c, c) for i, c in enumerate(counts))
    return sum(counts) == view.n and _search(_with(p, fixed)) is not None


def _with(p: _Problem, extra: Iterable[tuple[frozenset[int], int, int]]) -> _Problem:
    return _Problem(p.n, p.sets + tuple(extra), p.s_low, p.s_high, p.v_low, p.v_high)


# --------------------------------------------------------------------------- the attack


@dataclass(frozen=True)
class Finding:
    """What the attacker learns about one hidden quantity (a sum of level counts)."""

    label: str
    levels: frozenset[int]
    values: frozenset[int]  # the values seen among consistent distributions
    pinned: bool  # exactly one value is possible
    zero_possible: bool  # some consistent distribution has it empty

    def __str__(self) -> str:
        if self.pinned:
            return f"{self.label} = {min(self.values)} (pinned)"
        return f"{self.label} >= 1 (cannot be empty)"


@dataclass(frozen=True)
class Attack:
    view: ScenarioView
    consistent: bool
    findings: tuple[Finding, ...]
    leaks: tuple[Finding, ...] = field(default=())

    @property
    def rebuilt(self) -> bool:
        """Is the whole distribution over the seven levels determined?"""
        pinned = {f.levels for f in self.findings if f.pinned}
        hidden_levels = {f.levels for f in self.findings if len(f.levels) == 1}
        return bool(hidden_levels) and hidden_levels <= pinned

    def describe(self) -> str:
        return f"{self.view.title} (n={self.view.n}): " + "; ".join(str(f) for f in self.leaks)


def fixed_by_counts(view: ScenarioView, levels: frozenset[int]) -> bool:
    """Is the number of people on ``levels`` given by the shown counts alone (so it is
    not a hidden value)? True when each shown non-empty category lies wholly inside or
    wholly outside, and the hidden categories are all inside or all outside."""
    if view.whole_hidden:
        return levels in (frozenset(), ALL_LEVELS)
    hidden_in = []
    for cell in view.cells:
        inside = levels & cell.levels
        if cell.count is None:
            if inside and inside != cell.levels:
                return False
            hidden_in.append(bool(inside))
        elif cell.count and inside and inside != cell.levels:
            return False
    return all(hidden_in) or not any(hidden_in)


def hidden_quantities(
    view: ScenarioView, groups: Sequence[tuple[str, frozenset[int]]] = ()
) -> list[tuple[str, frozenset[int]]]:
    """The sums of level counts the page hides: each level, each given group (such as
    "who decides") and each hidden category, unless the shown counts give it."""
    candidates = [(f"level {i}", frozenset({i})) for i in sorted(ALL_LEVELS)]
    candidates += list(groups)
    candidates += [(c.label, c.levels) for c in view.hidden_cells]
    seen: set[frozenset[int]] = set()
    out = []
    for label, levels in candidates:
        if levels in seen or fixed_by_counts(view, levels):
            continue
        seen.add(levels)
        out.append((label, levels))
    return out


def attack(view: ScenarioView, groups: Sequence[tuple[str, frozenset[int]]] = ()) -> Attack:
    """For every hidden quantity: is it pinned to one value, and can it be empty?"""
    problem = _problem(view)
    base = _search(problem)
    if base is None:
        return Attack(view, False, ())
    quantities = hidden_quantities(view, groups)
    seen: dict[frozenset[int], set[int]] = {levels: set() for _, levels in quantities}

    def note(solution: Sequence[int]) -> None:
        for levels, values in seen.items():
            values.add(sum(solution[i - 1] for i in levels))

    note(base)
    findings = []
    for label, levels in quantities:
        values = seen[levels]
        if 0 not in values:
            found = _search(_with(problem, [(levels, 0, 0)]))
            if found is not None:
                note(found)
        if len(values) < 2:
            (only,) = values
            for low, high in ((0, only - 1), (only + 1, view.n)):
                if low > high:
                    continue
                found = _search(_with(problem, [(levels, low, high)]))
                if found is not None:
                    note(found)
                    break
        findings.append(Finding(label, levels, frozenset(values), len(values) == 1, 0 in values))
    leaks = tuple(f for f in findings if f.pinned or not f.zero_possible)
    return Attack(view, True, tuple(findings), leaks)
