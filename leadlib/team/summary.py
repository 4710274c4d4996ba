"""What the team report shows: the ``TeamSummary`` and its figures, already made safe
to show by the privacy rules. Plain frozen dataclasses, shared by the reader
(``aggregate``), the debrief questions, the report and the charts.

Must not import matplotlib, ipywidgets, the journal or any other module of
``leadlib.team`` except ``privacy``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import N_
from ..models import Family
from ..scoring import Quadrant
from .privacy import ProtectedDistribution

#: Cronbach's alpha is reported only with at least this many complete answers to a trait.
RELIABILITY_MIN = 10

QUADRANT_ORDER = (
    Quadrant.STRONG_BOTH,
    Quadrant.LEADERSHIP_ONLY,
    Quadrant.MANAGEMENT_ONLY,
    Quadrant.WEAK_BOTH,
)
#: The fifth category of the team's quadrant counts, after ``QUADRANT_ORDER``: profiles
#: with an index less than one answer step from the strong line, for which
#: ``Profile.settled_quadrant`` names no quadrant (translated where shown).
NEAR_LINE_LABEL = N_("Near the line")


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
    def largest_share(self) -> float | None:
        """The largest shown group's share of the answers (lower: more divided), when
        every group of the distribution is shown; else None."""
        dist = self.distribution
        if not dist.complete or not self.n:
            return None
        return max(c for c in dist.counts if c is not None) / self.n

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
class HeldBack:
    """Why a rebuild shows an earlier release (docs/privacy.md, Rule 7): ``changed``
    people were added, removed or changed since it, and ``needed`` more are needed
    before the report can change (0 when nothing changed and only the minimum group
    asked for, ``asked_min_group``, differs from the release's)."""

    changed: int
    needed: int
    asked_min_group: int


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
    #: How many of the participants counted are imaginary (``"demo": true``).
    demo_participants: int = 0
    #: When these figures were first released (the ledger's time), "" without a ledger.
    released_at: str = ""
    #: Set when a rebuild shows an earlier release instead of new figures.
    held_back: HeldBack | None = None

    @property
    def enough_people(self) -> bool:
        return self.participants >= self.min_group
