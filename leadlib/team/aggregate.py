"""Read a folder of participants' exports, one file at a time, into a ``TeamSummary``:
the team's figures with the privacy rules of ``leadlib.team.privacy`` already applied.

Validation is leadlib.export's. Must not import matplotlib, ipywidgets or the journal.

Memory: each file is read, validated and reduced to a compact record (about fifty small
numbers in two ``bytes`` objects) before the next is opened. One record per participant
is kept until the end, so that a newer export from the same participant can replace an
older one; the figures are computed from these records. Nothing else is kept per person.
"""

from __future__ import annotations

import json
import math
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..content import load_content
from ..errors import LeadlibError
from ..export import SCHEMA, validate
from ..models import Content, Family
from ..scoring import Profile, Quadrant
from .privacy import (
    Grouping,
    ProtectedDistribution,
    check_min_group,
    protect,
)
from .questions import debrief_questions

#: An export is about 1-2 kB, or up to ~50 kB with reflections; anything far bigger is
#: not an export, and is refused before it is read into memory.
MAX_FILE_BYTES = 1_000_000
#: Cronbach's alpha is reported only with at least this many complete answers to a trait.
RELIABILITY_MIN = 10
MAX_REASONS = 8

#: The balance index (-100 all management .. +100 all leadership) in bins; the coarse
#: grouping is three bands.
BALANCE_EDGES = (-100, -50, -30, -10, 10, 30, 50, 100)
BALANCE_BANDS = (
    ("Leans to management (below -10)", (0, 1, 2)),
    ("About even (-10 to +10)", (3,)),
    ("Leans to leadership (above +10)", (4, 5, 6)),
)
QUADRANT_ORDER = (
    Quadrant.STRONG_BOTH,
    Quadrant.LEADERSHIP_ONLY,
    Quadrant.MANAGEMENT_ONLY,
    Quadrant.WEAK_BOTH,
)
WHO_DECIDES = {
    "manager": "Manager decides",
    "together": "Decide together",
    "team": "Team decides",
}


class TeamReportError(LeadlibError):
    """The folder of exports cannot be used at all (missing, not a folder)."""


@dataclass(frozen=True)
class SkippedFile:
    """A file that was not counted, with every reason found."""

    name: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, order=True)
class SupersededFile:
    """An older export of a participant who also sent a newer one (``kept``)."""

    name: str
    kept: str


@dataclass(frozen=True)
class Figure:
    """A mean and a spread (sample standard deviation) over ``n`` people, or a note."""

    n: int
    mean: float | None
    sd: float | None
    note: str = ""

    @property
    def shown(self) -> bool:
        return self.mean is not None


@dataclass(frozen=True)
class TraitFigure:
    trait_id: str
    name: str
    family: Family
    figure: Figure


@dataclass(frozen=True)
class ScenarioFigure:
    """The team's delegation choices for one scenario."""

    scenario_id: str
    title: str
    band: tuple[int, int]
    n: int
    distribution: ProtectedDistribution
    figure: Figure
    in_band: int | None

    @property
    def in_band_share(self) -> float | None:
        if self.in_band is None or not self.n:
            return None
        return 100.0 * self.in_band / self.n


@dataclass(frozen=True)
class Reliability:
    """Cronbach's alpha for one trait's statements; indicative only."""

    trait_id: str
    name: str
    n_complete: int
    alpha: float | None
    reading: str


@dataclass(frozen=True)
class SituationFigure:
    """The leadership share chosen in the balance exercise, per situation."""

    situation_id: str
    name: str
    band: tuple[int, int]
    n: int | None
    share: Figure


@dataclass(frozen=True)
class TeamSummary:
    """Everything the team report shows, already made safe to show."""

    source: str
    min_group: int
    files_found: int
    participants: int
    skipped: tuple[SkippedFile, ...]
    superseded: tuple[SupersededFile, ...]
    traits: tuple[TraitFigure, ...]
    leadership: Figure
    management: Figure
    balance: Figure
    balance_distribution: ProtectedDistribution
    quadrants: ProtectedDistribution
    scenarios: tuple[ScenarioFigure, ...]
    situations: tuple[SituationFigure, ...]
    situation_counts: ProtectedDistribution
    reliability: tuple[Reliability, ...]
    questions: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def enough_people(self) -> bool:
        return self.participants >= self.min_group


@dataclass(slots=True)
class _Record:
    """One participant's contribution, kept compact until the end."""

    exported_at: str
    mtime: float
    name: str
    answers: bytes  # one byte per statement, 0 = not answered
    delegation: bytes  # one byte per scenario, 0 = not answered
    situation: int  # index into content.situations, -1 = none
    share: float


def export_files(folder: Path) -> list[Path]:
    """The ``*.json`` files directly inside ``folder``, sorted by name."""
    return [folder / name for name in _export_names(folder)]


def _export_names(folder: Path) -> list[str]:
    """The names of the ``*.json`` files directly inside ``folder``, sorted."""
    if not folder.exists():
        raise TeamReportError(
            f"The folder {str(folder)!r} does not exist. Check the path, or collect the "
            "participants' export files into a folder first."
        )
    if not folder.is_dir():
        raise TeamReportError(
            f"{str(folder)!r} is a file, not a folder. Give the folder that holds the "
            "participants' export files."
        )
    with os.scandir(folder) as entries:
        return sorted(e.name for e in entries if e.name.lower().endswith(".json"))


@dataclass(frozen=True)
class _Layout:
    """The ids the reader needs, looked up once per run rather than once per file."""

    statements: tuple[str, ...]
    scenarios: tuple[str, ...]
    situations: dict[str, int]

    @classmethod
    def of(cls, content: Content) -> _Layout:
        return cls(
            tuple(s.id for s in content.statements),
            tuple(s.id for s in content.scenarios),
            {s.id: i for i, s in enumerate(content.situations)},
        )


def _read_bytes(path: Path) -> tuple[bytes, float] | SkippedFile:
    """The file's bytes and time, with one open and one fstat, or why they cannot be used."""
    name = path.name
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                return SkippedFile(name, ("not a regular file (perhaps a folder named .json)",))
            if info.st_size > MAX_FILE_BYTES:
                return SkippedFile(
                    name,
                    (
                        f"too large for an export ({info.st_size / 1e6:.1f} MB; exports are a "
                        "few kB): it was not read",
                    ),
                )
            raw = handle.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        return SkippedFile(name, ("not a regular file (perhaps a folder named .json)",))
    except OSError as exc:
        why = exc.strerror or exc.__class__.__name__
        return SkippedFile(name, (f"could not be read ({why}): check the file's permissions",))
    if not raw:
        return SkippedFile(
            name, ("the file is empty (0 bytes): ask the participant to export again",)
        )
    return raw, info.st_mtime


def _read_one(
    content: Content, path: Path, layout: _Layout | None = None
) -> tuple[str, _Record] | SkippedFile:
    """Read, validate and reduce one file to (participant code, record), or say why not."""
    layout = layout or _Layout.of(content)
    name = path.name
    read = _read_bytes(path)
    if isinstance(read, SkippedFile):
        return read
    raw, mtime = read
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return SkippedFile(name, ("not UTF-8 text: this does not look like a leadlib export",))
    if not text.strip():
        return SkippedFile(
            name, ("the file holds only blank space: ask the participant to export again",)
        )
    try:
        doc = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        where = (
            f" (line {exc.lineno}, column {exc.colno}: {exc.msg})"
            if isinstance(exc, json.JSONDecodeError)
            else ""
        )
        return SkippedFile(
            name,
            (
                f"not valid JSON{where}: the file may be cut short or edited by hand; "
                "ask the participant to export again",
            ),
        )
    problems = validate(content, doc)
    if problems:
        reasons = [str(p) for p in problems[:MAX_REASONS]]
        if len(problems) > MAX_REASONS:
            reasons.append(f"... and {len(problems) - MAX_REASONS} more problems")
        if isinstance(doc, dict) and doc.get("schema") != SCHEMA:
            reasons[0] = f"wrong kind of file: {reasons[0]}"
        return SkippedFile(name, tuple(reasons))
    assert isinstance(doc, dict)
    answers = doc["self_assessment"]["answers"]
    choices = doc["delegation"]["choices"]
    balance = doc.get("balance")
    if not answers and not choices and balance is None:
        return SkippedFile(
            name,
            (
                "the export holds no answers (no self-assessment, no delegation choices, "
                "no balance): nothing to count",
            ),
        )
    situation = -1
    share = math.nan
    if balance is not None:
        situation = layout.situations[balance["situation"]]
        share = float(balance["leadership_share"])
    return doc["participant"], _Record(
        exported_at=doc["exported_at"],
        mtime=mtime,
        name=name,
        answers=bytes([answers.get(i, 0) for i in layout.statements]),
        delegation=bytes([choices.get(i, 0) for i in layout.scenarios]),
        situation=situation,
        share=share,
    )


def _newer(a: _Record, b: _Record) -> bool:
    """Is ``a`` newer than ``b``? Export time, then file time, then file name."""
    return (a.exported_at, a.mtime, a.name) > (b.exported_at, b.mtime, b.name)


class _Moments:
    """Count, sum and sum of squares: a mean and a sample SD without keeping values."""

    __slots__ = ("n", "total", "squares")

    def __init__(self) -> None:
        self.n = 0
        self.total = 0.0
        self.squares = 0.0

    def add(self, value: float) -> None:
        self.n += 1
        self.total += value
        self.squares += value * value

    @property
    def mean(self) -> float:
        return self.total / self.n

    @property
    def variance(self) -> float:
        if self.n < 2:
            return 0.0
        return max(self.squares - self.total * self.total / self.n, 0.0) / (self.n - 1)

    def figure(self, k: int, what: str) -> Figure:
        if self.n < k:
            note = (
                f"Hidden: {what} from {self.n} "
                f"{'person' if self.n == 1 else 'people'}, fewer than the minimum group of {k}."
                if self.n
                else "No answers yet."
            )
            return Figure(self.n, None, None, note)
        return Figure(self.n, self.mean, math.sqrt(self.variance))


def _alpha_reading(alpha: float) -> str:
    if alpha > 0.90:
        return "very high: the statements may be close to repeating each other"
    if alpha >= 0.80:
        return "good consistency"
    if alpha >= 0.70:
        return "acceptable consistency"
    return "low consistency: read this trait's team figures with care"


def aggregate(
    paths_or_dir: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    min_group: int = 3,
    *,
    content: Content | None = None,
    progress: Callable[[int], None] | None = None,
) -> TeamSummary:
    """Read every export (a folder's ``*.json`` files, or the given paths) into a
    TeamSummary with the privacy rules applied.

    ``progress`` is called with 1 after each file. Bad files never raise: they are
    listed in ``summary.skipped`` with their reasons. Raises TeamReportError when the
    folder is missing, PrivacyError when ``min_group`` is below 2.
    """
    k = check_min_group(min_group)
    content = content or load_content()
    if isinstance(paths_or_dir, (str, os.PathLike)):
        folder = Path(paths_or_dir)
        # Names only (short strings); each Path is made when its file is read.
        names: Sequence[str] = _export_names(folder)
        source = folder.name or str(folder)
    else:
        given = [Path(p) for p in paths_or_dir]
        folder = Path()
        names = [str(p) for p in given]
        source = "selected files"

    records: dict[str, _Record] = {}
    skipped: list[SkippedFile] = []
    older: list[tuple[str, str]] = []  # (older file, participant)
    layout = _Layout.of(content)
    for name in names:
        path = folder / name
        result = _read_one(content, path, layout)
        if progress is not None:
            progress(1)
        if isinstance(result, SkippedFile):
            skipped.append(result)
            continue
        # The participant code is only a key here; it never reaches the report.
        code, record = result
        current = records.get(code)
        if current is None:
            records[code] = record
        elif _newer(record, current):
            older.append((current.name, code))
            records[code] = record
        else:
            older.append((record.name, code))
    superseded = tuple(sorted(SupersededFile(name, records[code].name) for name, code in older))
    return _summarise(content, k, source, len(names), records, skipped, superseded)


def _balance_bin(index: float) -> int:
    for position, edge in enumerate(BALANCE_EDGES[1:-1]):
        if index < edge:
            return position
    return len(BALANCE_EDGES) - 2


def _balance_labels() -> tuple[str, ...]:
    edges = BALANCE_EDGES
    return tuple(f"{edges[i]:+d} to {edges[i + 1]:+d}" for i in range(len(edges) - 1))


def _summarise(
    content: Content,
    k: int,
    source: str,
    files_found: int,
    records: dict[str, _Record],
    skipped: list[SkippedFile],
    superseded: tuple[SupersededFile, ...],
) -> TeamSummary:
    statements = content.statements
    trait_moments = {t.id: _Moments() for t in content.traits}
    leadership, management, balance = _Moments(), _Moments(), _Moments()
    balance_bins = [0] * (len(BALANCE_EDGES) - 1)
    quadrants = dict.fromkeys(QUADRANT_ORDER, 0)
    levels = len(content.levels)
    choices = [[0] * levels for _ in content.scenarios]
    situation_counts = [0] * len(content.situations)
    situation_shares = [_Moments() for _ in content.situations]
    # Cronbach's alpha: per trait, moments of each keyed item and of the trait's total,
    # over the people who answered every statement of that trait.
    trait_items = {
        t.id: [i for i, s in enumerate(statements) if s.trait == t.id] for t in content.traits
    }
    item_moments = {t: [_Moments() for _ in items] for t, items in trait_items.items()}
    total_moments = {t: _Moments() for t in trait_items}
    low, high = content.scale.min, content.scale.max
    keyed_table = [
        [0] * low + [(low + high - v) if s.reverse else v for v in range(low, high + 1)]
        for s in statements
    ]

    # The profile of each participant, computed as leadlib.scoring.score does (a test
    # checks they agree) but from the compact record, without rebuilding dicts.
    span = high - low
    families = [
        [j for j, t in enumerate(content.traits) if t.family is family]
        for family in (Family.LEADERSHIP, Family.MANAGEMENT)
    ]
    trait_ids = [t.id for t in content.traits]
    item_lists = [trait_items[t] for t in trait_ids]
    for record in records.values():
        raw = record.answers
        if any(raw):
            scores: list[float | None] = []
            for trait_id, items in zip(trait_ids, item_lists, strict=True):
                keyed = [keyed_table[i][raw[i]] for i in items if raw[i]]
                if not keyed:
                    scores.append(None)
                    continue
                value = 100.0 * (sum(keyed) / len(keyed) - low) / span
                scores.append(value)
                trait_moments[trait_id].add(value)
                if len(keyed) == len(items):
                    for moments, item_value in zip(item_moments[trait_id], keyed, strict=True):
                        moments.add(item_value)
                    total_moments[trait_id].add(sum(keyed))
            indices = []
            for members in families:
                known = [v for j in members if (v := scores[j]) is not None]
                indices.append(sum(known) / len(known) if known else None)
            profile = Profile(dict(zip(trait_ids, scores, strict=True)), indices[0], indices[1], ())
            if profile.leadership is not None:
                leadership.add(profile.leadership)
            if profile.management is not None:
                management.add(profile.management)
            if profile.balance is not None:
                balance.add(profile.balance)
                balance_bins[_balance_bin(profile.balance)] += 1
            if profile.quadrant is not None:
                quadrants[profile.quadrant] += 1
        for position, level in enumerate(record.delegation):
            if level:
                choices[position][level - 1] += 1
        if record.situation >= 0:
            situation_counts[record.situation] += 1
            situation_shares[record.situation].add(record.share)

    traits = tuple(
        TraitFigure(t.id, t.name, t.family, trait_moments[t.id].figure(k, f"{t.name} scores"))
        for t in content.traits
    )
    balance_grouping = (
        Grouping.identity(_balance_labels(), "bins of the balance index"),
        Grouping(
            "three bands",
            tuple(label for label, _ in BALANCE_BANDS),
            tuple(members for _, members in BALANCE_BANDS),
        ),
    )
    quadrant_dist = protect(
        [quadrants[q] for q in QUADRANT_ORDER],
        k,
        [Grouping.identity([q.label for q in QUADRANT_ORDER], "Kotter's quadrants")],
    )
    level_groups = [Grouping.identity([f"{lv.number} {lv.name}" for lv in content.levels])]
    bands: dict[str, list[int]] = {}
    for position, lv in enumerate(content.levels):
        bands.setdefault(lv.who_decides, []).append(position)
    level_groups.append(
        Grouping(
            "who decides",
            tuple(
                f"{WHO_DECIDES.get(who, who)} ({members[0] + 1}"
                + (f"-{members[-1] + 1})" if len(members) > 1 else ")")
                for who, members in bands.items()
            ),
            tuple(tuple(members) for members in bands.values()),
        )
    )
    scenarios = []
    for scenario, counts in zip(content.scenarios, choices, strict=True):
        n = sum(counts)
        moments = _Moments()
        for level, count in enumerate(counts, start=1):
            for _ in range(count):
                moments.add(level)
        dist = protect(counts, k, level_groups)
        band = scenario.recommended_band
        in_band = dist.count_of(range(band[0] - 1, band[1]))
        scenarios.append(
            ScenarioFigure(
                scenario.id,
                scenario.title,
                band,
                n,
                dist,
                moments.figure(k, "choices"),
                in_band,
            )
        )
    scenarios.sort(
        key=lambda s: (
            s.figure.sd is None,
            -(s.figure.sd or 0.0),
            s.title,
        )
    )
    situation_dist = protect(
        situation_counts,
        k,
        [Grouping.identity([s.name for s in content.situations], "situations")],
    )
    situations = []
    for position, situation in enumerate(content.situations):
        shown_n = situation_dist.counts[position]
        moments = situation_shares[position]
        if shown_n is None or shown_n < k:
            figure = Figure(
                moments.n if shown_n is not None else 0,
                None,
                None,
                "No one chose this situation."
                if shown_n == 0
                else f"Hidden: chosen by fewer than {k}, or hidden with a small group.",
            )
        else:
            figure = moments.figure(k, "shares")
        situations.append(
            SituationFigure(
                situation.id, situation.name, situation.leadership_band, shown_n, figure
            )
        )
    reliability = []
    for trait in content.traits:
        totals = total_moments[trait.id]
        need = max(RELIABILITY_MIN, k)
        if totals.n < need:
            reliability.append(
                Reliability(
                    trait.id,
                    trait.name,
                    totals.n,
                    None,
                    f"not computed: {totals.n} complete answers, at least {need} needed",
                )
            )
            continue
        item_variance = sum(m.variance for m in item_moments[trait.id])
        count = len(item_moments[trait.id])
        if totals.variance == 0 or count < 2:
            reliability.append(
                Reliability(
                    trait.id,
                    trait.name,
                    totals.n,
                    None,
                    "not computable: every complete answer gave the same total",
                )
            )
            continue
        alpha = count / (count - 1) * (1 - item_variance / totals.variance)
        reliability.append(
            Reliability(trait.id, trait.name, totals.n, alpha, _alpha_reading(alpha))
        )

    participants = len(records)
    notes = []
    if participants < k:
        notes.append(
            f"Only {participants} participant{'s' if participants != 1 else ''} counted: "
            f"fewer than the minimum group of {k}, so no team figure is shown."
        )
    summary = TeamSummary(
        source=source,
        min_group=k,
        files_found=files_found,
        participants=participants,
        skipped=tuple(skipped),
        superseded=superseded,
        traits=traits,
        leadership=leadership.figure(k, "leadership indices"),
        management=management.figure(k, "management indices"),
        balance=balance.figure(k, "balance indices"),
        balance_distribution=protect(balance_bins, k, balance_grouping),
        quadrants=quadrant_dist,
        scenarios=tuple(scenarios),
        situations=tuple(situations),
        situation_counts=situation_dist,
        reliability=tuple(reliability),
        questions=(),
        notes=tuple(notes),
    )
    return replace(summary, questions=tuple(debrief_questions(content, summary)))
