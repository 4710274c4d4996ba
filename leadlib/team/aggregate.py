"""Summarise the participants' exports into a ``TeamSummary``: the team's figures with
the privacy rules of ``leadlib.team.privacy`` already applied. Reading the files is
``reading``'s work; scoring is ``leadlib.scoring``'s.

Must not import matplotlib, ipywidgets or the journal.

Memory: the figures are sums (count, total, sum of squares) built from one compact record
per participant; no list of values is kept.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..content import load_content
from ..export import VERSION as EXPORT_VERSION
from ..i18n import _, ngettext
from ..models import Content
from ..scoring import Profile, Quadrant, item_score, score_keyed
from .groupings import BALANCE_EDGES, balance_bin, balance_groupings, level_groupings
from .ledger import default_ledger, release
from .privacy import (
    DEFAULT_MIN_GROUP,
    Grouping,
    ProtectedDistribution,
    check_min_group,
    figure_allowed,
    protect,
)
from .questions import debrief_questions
from .reading import (
    MAX_FILE_BYTES,
    Collected,
    Record,
    TeamReportError,
    collect,
    export_files,
)
from .summary import (
    NEAR_LINE_LABEL,
    QUADRANT_ORDER,
    RELIABILITY_MIN,
    Figure,
    Reliability,
    ScenarioFigure,
    SituationFigure,
    SkippedFile,
    SupersededFile,
    TeamSummary,
    TraitFigure,
)

__all__ = [
    "MAX_FILE_BYTES",
    "SkippedFile",
    "SupersededFile",
    "TeamReportError",
    "TeamSummary",
    "aggregate",
    "export_files",
]


#: The balance index (-100 all management .. +100 all leadership) in bins; the coarse
#: grouping is three bands.
class _Moments:
    """Count, sum, sum of squares and how often each value occurs: a mean, a sample SD
    and Rule 4's "all but fewer than k alike" without keeping a list of values (the
    values are scores on a coarse scale, so the tally of distinct values stays small)."""

    __slots__ = ("n", "total", "squares", "values")

    def __init__(self) -> None:
        self.n = 0
        self.total = 0.0
        self.squares = 0.0
        self.values: Counter[float] = Counter()

    def add(self, value: float) -> None:
        self.n += 1
        self.total += value
        self.squares += value * value
        self.values[round(value, 6)] += 1

    @property
    def mean(self) -> float:
        return self.total / self.n

    @property
    def variance(self) -> float:
        if self.n < 2:
            return 0.0
        return max(self.squares - self.total * self.total / self.n, 0.0) / (self.n - 1)

    @property
    def most_alike(self) -> int:
        """How many share the most common value."""
        return max(self.values.values(), default=0)

    def figure(self, k: int) -> Figure:
        """The mean and SD if Rules 2 and 4 allow them, else a note that says why not."""
        if self.n < k:
            note = (
                ngettext(
                    "Not shown: {n} answer, fewer than the minimum group of {k}.",
                    "Not shown: {n} answers, fewer than the minimum group of {k}.",
                    self.n,
                ).format(n=self.n, k=k)
                if self.n
                else _("No answers yet.")
            )
            return Figure(self.n, None, None, note)
        if not figure_allowed(self.n, self.most_alike, k):
            return Figure(self.n, None, None, _("Not shown, to protect individual answers."))
        return Figure(self.n, self.mean, math.sqrt(self.variance))


def aggregate(
    paths_or_dir: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    min_group: int = DEFAULT_MIN_GROUP,
    *,
    content: Content | None = None,
    progress: Callable[[int], None] | None = None,
    ledger: str | os.PathLike[str] | None = None,
    start_over: bool = False,
    follow_symlinks: bool = True,
) -> TeamSummary:
    """Read every export (a folder's ``*.json`` files, or the given paths) into a
    TeamSummary with the privacy rules applied (docs/privacy.md).

    The release ledger (Rule 7) remembers what was released: by default
    ``LEADLIB_HOME/ledgers/<hash of the folder's path>.json`` (for a list of files, that of
    their common folder), or ``ledger``. A rebuild whose people differ from an earlier
    release by at least one and fewer than ``min_group`` shows the latest release again,
    with ``summary.held_back`` saying how many more exports are needed. ``start_over``
    begins a new ledger, with a PrivacyWarning. ``follow_symlinks=False`` skips
    symbolic links unopened (the live picture of a folder participants write into).

    ``progress`` is called with 1 after each file. Bad files never raise: they are
    listed in ``summary.skipped`` with their reasons. Raises TeamReportError when the
    folder is missing, PrivacyError when ``min_group`` is below ``SMALLEST_MIN_GROUP``,
    LedgerError when the ledger cannot be read or written.
    """
    k = check_min_group(min_group)
    content = content or load_content()
    if not isinstance(paths_or_dir, (str, os.PathLike)):
        paths_or_dir = list(paths_or_dir)
    collected = collect(content, paths_or_dir, progress, follow_symlinks=follow_symlinks)
    fresh = summarise(content, k, collected)
    if not collected.records:
        return fresh
    path = Path(ledger) if ledger is not None else default_ledger(_folder_of(paths_or_dir))
    return release(fresh, collected.records, path, k, start_over=start_over)


def _folder_of(
    paths_or_dir: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
) -> Path:
    """The exports folder, or the common folder of the given files."""
    if isinstance(paths_or_dir, (str, os.PathLike)):
        return Path(paths_or_dir)
    folders = [str(Path(p).resolve().parent) for p in paths_or_dir]
    return Path(os.path.commonpath(folders)) if folders else Path()


@dataclass
class _Tally:
    """The running sums over every participant's record: nothing per person."""

    content: Content
    traits: dict[str, _Moments] = field(init=False)
    leadership: _Moments = field(default_factory=_Moments)
    management: _Moments = field(default_factory=_Moments)
    balance: _Moments = field(default_factory=_Moments)
    balance_bins: list[int] = field(init=False)
    quadrants: dict[Quadrant, int] = field(init=False)
    near_line: int = 0  # profiles that ``Profile.settled_quadrant`` places in no quadrant
    # Participants whose newest export is format version 1, and whether any of them
    # answered a reverse-keyed statement still in the course (for the report's note).
    old_format: int = 0
    old_format_reversed: bool = False
    choices: list[list[int]] = field(init=False)
    situation_counts: list[int] = field(init=False)
    situation_shares: list[_Moments] = field(init=False)
    # Cronbach's alpha: per trait, moments of each keyed item and of the trait's total,
    # over the people who answered every statement of that trait.
    items: dict[str, list[_Moments]] = field(init=False)
    totals: dict[str, _Moments] = field(init=False)
    trait_items: dict[str, list[int]] = field(init=False)
    keyed_table: list[list[int]] = field(init=False)
    reversed_items: list[int] = field(init=False)

    def __post_init__(self) -> None:
        content = self.content
        statements = content.statements
        self.traits = {t.id: _Moments() for t in content.traits}
        self.balance_bins = [0] * (len(BALANCE_EDGES) - 1)
        self.quadrants = dict.fromkeys(QUADRANT_ORDER, 0)
        self.choices = [[0] * len(content.levels) for _scenario in content.scenarios]
        self.situation_counts = [0] * len(content.situations)
        self.situation_shares = [_Moments() for _situation in content.situations]
        self.trait_items = {
            t.id: [i for i, s in enumerate(statements) if s.trait == t.id] for t in content.traits
        }
        self.items = {t: [_Moments() for _item in items] for t, items in self.trait_items.items()}
        self.totals = {t: _Moments() for t in self.trait_items}
        # Each statement's keyed value per answer (index = the stored answer byte, 0 = not
        # answered), looked up once from leadlib.scoring.item_score rather than per person.
        low, high = content.scale.min, content.scale.max
        self.keyed_table = [
            [0] * low + [item_score(content, s.id, v) for v in range(low, high + 1)]
            for s in statements
        ]
        self.reversed_items = [i for i, s in enumerate(statements) if s.reverse]

    def add(self, record: Record) -> None:
        if record.version < EXPORT_VERSION:
            self.old_format += 1
            if any(record.answers[i] for i in self.reversed_items):
                self.old_format_reversed = True
        if any(record.answers):
            self._add_answers(record.answers)
        for position, level in enumerate(record.delegation):
            if level:
                self.choices[position][level - 1] += 1
        if record.situation >= 0:
            self.situation_counts[record.situation] += 1
            self.situation_shares[record.situation].add(record.share)

    def _add_answers(self, raw: bytes) -> None:
        keyed = {
            trait_id: [self.keyed_table[i][raw[i]] for i in items if raw[i]]
            for trait_id, items in self.trait_items.items()
        }
        profile = score_keyed(self.content, keyed)
        for trait_id, items in self.trait_items.items():
            value = profile.traits[trait_id]
            if value is None:
                continue
            self.traits[trait_id].add(value)
            values = keyed[trait_id]
            if len(values) == len(items):
                for moments, item_value in zip(self.items[trait_id], values, strict=True):
                    moments.add(item_value)
                self.totals[trait_id].add(sum(values))
        self._add_profile(profile)

    def _add_profile(self, profile: Profile) -> None:
        if profile.leadership is not None:
            self.leadership.add(profile.leadership)
        if profile.management is not None:
            self.management.add(profile.management)
        if profile.balance is not None:
            self.balance.add(profile.balance)
            self.balance_bins[balance_bin(profile.balance)] += 1
        if profile.quadrant is None:
            return
        settled = profile.settled_quadrant
        if settled is None:
            self.near_line += 1
        else:
            self.quadrants[settled] += 1


def _scenario_figures(content: Content, tally: _Tally, k: int) -> tuple[ScenarioFigure, ...]:
    """Each scenario's choices; the most divided first (by what is shown: the largest
    shown group's share of the answers), rows without a complete distribution last in
    the content's order (Rule 5: ordering uses only figures that are shown)."""
    level_groups, fallback = level_groupings(content)
    scenarios = []
    for scenario, counts in zip(content.scenarios, tally.choices, strict=True):
        moments = _Moments()
        for level, count in enumerate(counts, start=1):
            for _person in range(count):
                moments.add(level)
        dist = protect(counts, k, level_groups, fallback)
        band = scenario.recommended_band
        in_band = dist.count_of(range(band[0] - 1, band[1]))
        # Rule 5: a mean and SD beside grouped or hidden counts would rebuild them.
        figure = (
            moments.figure(k)
            if dist.mode == "full"
            else Figure(moments.n, None, None, _("Shown only with the counts per level."))
        )
        scenarios.append(
            ScenarioFigure(scenario.id, scenario.title, band, sum(counts), dist, figure, in_band)
        )
    order = {s.id: i for i, s in enumerate(content.scenarios)}
    scenarios.sort(
        key=lambda s: (
            (0, s.largest_share, order[s.scenario_id])
            if s.largest_share is not None
            else (1, 0.0, order[s.scenario_id])
        )
    )
    return tuple(scenarios)


def _situation_figures(
    content: Content, tally: _Tally, k: int, dist: ProtectedDistribution
) -> tuple[SituationFigure, ...]:
    """The leadership share per situation, shown only where its count is shown."""
    situations = []
    for position, situation in enumerate(content.situations):
        shown_n = dist.counts[position]
        moments = tally.situation_shares[position]
        if shown_n is None:
            figure = Figure(0, None, None, _("Not shown: this situation's count is hidden."))
        else:
            figure = moments.figure(k)
        situations.append(
            SituationFigure(
                situation.id, situation.name, situation.leadership_band, shown_n, figure
            )
        )
    return tuple(situations)


def _alpha_reading(alpha: float) -> str:
    if alpha > 0.90:
        return _("very high: the statements may be close to repeating each other")
    if alpha >= 0.80:
        return _("good consistency")
    if alpha >= 0.70:
        return _("acceptable consistency")
    return _("low consistency: read this trait's team figures with care")


def _reliability(content: Content, tally: _Tally, k: int) -> tuple[Reliability, ...]:
    """Cronbach's alpha per trait, from enough complete answers only. When it cannot be
    computed the reading never says why beyond the number needed (Rule 4: "every total
    was the same" would state everyone's answer)."""
    need = max(RELIABILITY_MIN, k)
    out = []
    for trait in content.traits:
        totals, items = tally.totals[trait.id], tally.items[trait.id]
        if (
            totals.n < need
            or len(items) < 2
            or totals.variance == 0
            or not figure_allowed(totals.n, totals.most_alike, k)
        ):
            reading = _(
                "not computed: it needs at least {need} complete answers whose totals differ"
            ).format(need=need)
            out.append(Reliability(trait.id, trait.name, totals.n, None, reading))
        else:
            item_variance = sum(m.variance for m in items)
            alpha = len(items) / (len(items) - 1) * (1 - item_variance / totals.variance)
            out.append(Reliability(trait.id, trait.name, totals.n, alpha, _alpha_reading(alpha)))
    return tuple(out)


def _notes(participants: int, demo: int, k: int) -> tuple[str, ...]:
    notes = []
    if participants < k:
        notes.append(
            ngettext(
                "Only {n} participant counted: fewer than the minimum group of {k}, so no "
                "team figure is shown.",
                "Only {n} participants counted: fewer than the minimum group of {k}, so no "
                "team figure is shown.",
                participants,
            ).format(n=participants, k=k)
        )
    if 0 < demo < participants:
        notes.append(demo_warning(demo, participants))
    return tuple(notes)


def _old_format_notes(tally: _Tally, participants: int) -> tuple[str, ...]:
    """What version 1 exports (made before self-assessment v2) mean for the profile."""
    old = tally.old_format
    if not old:
        return ()
    keyed = (
        _(
            "and, since none of those is reverse-keyed, a habit of agreeing lifts their "
            "scores instead of cancelling out"
        )
        if not tally.old_format_reversed
        else _("and a habit of agreeing cancels out less than in version 2")
    )
    return (
        ngettext(
            "{n} of the {participants} participants sent an export in format version 1, "
            "made before the "
            "self-assessment was revised. Their answers to the statements retired in "
            "version 2 are ignored: their trait scores rest on the few statements kept "
            "from version 1, so they are coarser {keyed}; a trait with no kept statement "
            "has no score for them. The team's profile, indices and quadrants include "
            "these older answers: read them with care, or ask for new exports (answer the "
            "new statements in notebooks 02 and 03, then export again).",
            "{n} of the {participants} participants sent an export in format version 1, "
            "made before the "
            "self-assessment was revised. Their answers to the statements retired in "
            "version 2 are ignored: their trait scores rest on the few statements kept "
            "from version 1, so they are coarser {keyed}; a trait with no kept statement "
            "has no score for them. The team's profile, indices and quadrants include "
            "these older answers: read them with care, or ask for new exports (answer the "
            "new statements in notebooks 02 and 03, then export again).",
            old,
        ).format(n=old, participants=participants, keyed=keyed),
    )


def demo_warning(demo: int, participants: int) -> str:
    """The warning for a report that mixes demo participants with real ones."""
    return _(
        "Demo participants mixed with real ones: {demo} of the {participants} "
        "participants counted are imaginary (written by leadlib demo-exports; their files "
        'carry "demo": true), and every figure includes them. Remove the demo files from '
        "the folder and build the report again."
    ).format(demo=demo, participants=participants)


def summarise(content: Content, k: int, collected: Collected) -> TeamSummary:
    """The TeamSummary of the collected records, every figure protected for ``k``."""
    tally = _Tally(content)
    for record in collected.records.values():
        tally.add(record)
    demo = sum(1 for record in collected.records.values() if record.demo)
    quadrant_labels = [q.label for q in QUADRANT_ORDER] + [_(NEAR_LINE_LABEL)]
    situation_dist = protect(
        tally.situation_counts,
        k,
        [Grouping.identity([s.name for s in content.situations], _("situations"))],
    )
    summary = TeamSummary(
        source=collected.source,
        min_group=k,
        files_found=collected.files_found,
        participants=len(collected.records),
        skipped=tuple(collected.skipped),
        superseded=collected.superseded,
        traits=tuple(
            TraitFigure(t.id, t.name, t.family, tally.traits[t.id].figure(k))
            for t in content.traits
        ),
        leadership=tally.leadership.figure(k),
        management=tally.management.figure(k),
        balance=tally.balance.figure(k),
        balance_distribution=protect(tally.balance_bins, k, balance_groupings()),
        quadrants=protect(
            [tally.quadrants[q] for q in QUADRANT_ORDER] + [tally.near_line],
            k,
            [Grouping.identity(quadrant_labels, _("Grid quadrants (after Kotter)"))],
        ),
        scenarios=_scenario_figures(content, tally, k),
        situations=_situation_figures(content, tally, k, situation_dist),
        situation_counts=situation_dist,
        reliability=_reliability(content, tally, k),
        questions=(),
        notes=_notes(len(collected.records), demo, k)
        + _old_format_notes(tally, len(collected.records)),
        demo_participants=demo,
    )
    return replace(summary, questions=tuple(debrief_questions(content, summary)))
