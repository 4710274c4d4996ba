"""Score self-assessment answers into a ``Profile``: a 0-100 score per trait, the
leadership and management indices, the balance index and the grid's quadrant, and the
precision of all of them (``item_step``): what one step on one answer changes, below
which no difference is claimed.

Pure functions over ``Content``; must not import matplotlib, ipywidgets or the journal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from .errors import AnswerError
from .i18n import N_, _
from .models import Content, Family

#: An index at or above this counts as "strong" on the grid (``GRID_NAME``). 60 is a mean keyed
#: answer of 3.4 on the 1-5 how-often scale: doing the trait's behaviours more than
#: "sometimes", and its reverse-keyed ones less. An index less than one item step
#: (``item_step``) from this line is "near the line": no quadrant is claimed for it.
STRONG_THRESHOLD = 60.0
#: The grid's short name wherever it is shown (translated there: ``_(GRID_NAME)``). The
#: 2x2 of leadership against management is a teaching grid based on Kotter's argument,
#: not a figure of his own (docs/model-sources.md), so it is never called "Kotter's grid".
GRID_NAME = N_("Leadership and management grid (after Kotter)")
#: How many item steps (``item_step``) a difference between two scores must reach before
#: the course claims it: a strongest or weakest trait in the profile, a change between two
#: rounds (``leadlib.progress``) and a gap between the learner's view and others'
#: (``leadlib.raters``) all use this one number. Two steps (12.5 points with four
#: statements on a 1-5 scale): one step is the smallest change one answer makes, and a
#: difference of two scores carries the wobble of both. Stated here only; the other
#: modules import it.
CLAIM_STEPS = 2


class Quadrant(str, Enum):
    """The grid's quadrants (``GRID_NAME``): strong or weak leadership x strong or weak
    management, a teaching grid based on Kotter's argument."""

    STRONG_BOTH = "strong_both"
    LEADERSHIP_ONLY = "leadership_only"
    MANAGEMENT_ONLY = "management_only"
    WEAK_BOTH = "weak_both"

    @property
    def label(self) -> str:
        return _(QUADRANT_TEXT[self][0])

    @property
    def meaning(self) -> str:
        return _(QUADRANT_TEXT[self][1])


QUADRANT_TEXT: dict[Quadrant, tuple[str, str]] = {
    Quadrant.STRONG_BOTH: (
        N_("Strong leadership, strong management"),
        N_("Direction and order together: what a changing environment asks of a manager."),
    ),
    Quadrant.LEADERSHIP_ONLY: (
        N_("Strong leadership, weaker management"),
        N_(
            "Energy and direction, with a risk of disorder: plans, processes and follow-up "
            "may not keep up with the ideas."
        ),
    ),
    Quadrant.MANAGEMENT_ONLY: (
        N_("Strong management, weaker leadership"),
        N_(
            "Reliable and efficient while the world stays stable, with a risk of bureaucracy "
            "when things change: Kotter's 'overmanaged and underled'."
        ),
    ),
    Quadrant.WEAK_BOTH: (
        N_("Weaker leadership, weaker management"),
        N_(
            "Neither a clear direction nor firm order yet: a starting point, and a reason to "
            "pick one trait from each family to develop."
        ),
    ),
}


@dataclass(frozen=True)
class Profile:
    """The result of the self-assessment.

    ``traits`` maps each trait id to its score (0-100), or to None when none of its
    statements was answered. ``missing`` lists the statements not yet answered;
    ``complete`` is True when none is missing. Indices are None when a family has no
    scored trait; ``quadrant`` is None unless both indices are known. ``step`` is the
    precision (``item_step``): differences smaller than it are not claimed, and an index
    closer than it to ``STRONG_THRESHOLD`` is ``near_line``; 0 means no precision known.
    """

    traits: Mapping[str, float | None]
    leadership: float | None
    management: float | None
    missing: tuple[str, ...]
    step: float = 0.0

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def balance(self) -> float | None:
        """-100 (all management) to +100 (all leadership); 0 is an even balance."""
        if self.leadership is None or self.management is None:
            return None
        return self.leadership - self.management

    @property
    def leadership_share(self) -> float | None:
        """The balance as a share of leadership in percent (0-100), 50 = even."""
        balance = self.balance
        return None if balance is None else 50.0 + balance / 2.0

    @property
    def quadrant(self) -> Quadrant | None:
        if self.leadership is None or self.management is None:
            return None
        lead = self.leadership >= STRONG_THRESHOLD
        man = self.management >= STRONG_THRESHOLD
        if lead and man:
            return Quadrant.STRONG_BOTH
        if lead:
            return Quadrant.LEADERSHIP_ONLY
        if man:
            return Quadrant.MANAGEMENT_ONLY
        return Quadrant.WEAK_BOTH

    def index(self, family: Family) -> float | None:
        """The leadership or the management index."""
        return self.leadership if family is Family.LEADERSHIP else self.management

    def near_line(self, family: Family) -> bool:
        """True when ``family``'s index is less than one item step from the strong line:
        one or two answers could put it on either side."""
        value = self.index(family)
        return value is not None and abs(value - STRONG_THRESHOLD) < self.step - _EPSILON

    @property
    def settled_quadrant(self) -> Quadrant | None:
        """The quadrant when neither index is near the line; None otherwise (and
        whenever ``quadrant`` is None)."""
        if any(self.near_line(family) for family in Family):
            return None
        return self.quadrant

    def scored(self) -> dict[str, float]:
        """The traits that have a score."""
        return {k: v for k, v in self.traits.items() if v is not None}


#: Below this two scores count as equal: they are sums of a few fractions of 100.
_EPSILON = 1e-9


def item_step(content: Content, family: Family | None = None) -> float:
    """How many points one step on one answer moves a trait's score: 100 / (statements
    of the trait x (scale points - 1)); the largest over the traits (of ``family``), so
    that no trait's difference is read finer than it is measured. With four statements
    on a 1-5 scale: 6.25. Also the border zone around ``STRONG_THRESHOLD``.
    """
    traits = content.traits_in(family) if family else content.traits
    counts = [n for t in traits if (n := len(content.statements_for(t.id)))]
    if not counts:
        return 0.0
    return 100.0 / (min(counts) * (content.scale.max - content.scale.min))


def check_answer(content: Content, statement_id: object, answer: object) -> int:
    """Return ``answer`` as an int if it is a valid answer to ``statement_id``.

    Raises AnswerError naming the statement otherwise.
    """
    if not content.has_statement(statement_id):
        raise AnswerError(
            _("Unknown statement id {id!r}: it is not part of the self-assessment.").format(
                id=statement_id
            )
        )
    scale = content.scale
    if isinstance(answer, bool) or not isinstance(answer, int):
        raise AnswerError(
            _(
                "Statement '{id}': the answer must be a whole number "
                "from {min} to {max}, found {answer!r}."
            ).format(id=statement_id, min=scale.min, max=scale.max, answer=answer)
        )
    if not scale.min <= answer <= scale.max:
        raise AnswerError(
            _("Statement '{id}': the answer {answer} is outside the scale {min}-{max}.").format(
                id=statement_id, answer=answer, min=scale.min, max=scale.max
            )
        )
    return answer


def item_score(content: Content, statement_id: str, answer: int) -> int:
    """The keyed value of one answer: the answer itself, or min + max - answer if reversed."""
    statement = content.statement(statement_id)
    return content.scale.reversed_value(answer) if statement.reverse else answer


def trait_score(content: Content, keyed: Sequence[int]) -> float | None:
    """A trait's 0-100 score: the mean of its answered statements' keyed values
    (``item_score``) placed on the scale; None when none was answered."""
    if not keyed:
        return None
    scale = content.scale
    return 100.0 * (sum(keyed) / len(keyed) - scale.min) / (scale.max - scale.min)


def score_keyed(
    content: Content, keyed: Mapping[str, Sequence[int]], missing: tuple[str, ...] = ()
) -> Profile:
    """The Profile from each trait's keyed answer values (trait id -> the ``item_score``
    of each answered statement; a trait left out has no score).

    The one place where trait scores and the family indices are computed: the learner's
    profile (``score``) and the team report both use it.
    """
    traits = {t.id: trait_score(content, keyed.get(t.id, ())) for t in content.traits}
    return Profile(
        traits=traits,
        leadership=_family_index(content, traits, Family.LEADERSHIP),
        management=_family_index(content, traits, Family.MANAGEMENT),
        missing=missing,
        step=item_step(content),
    )


def score(content: Content, answers: Mapping[str, int], family: Family | None = None) -> Profile:
    """Score ``answers`` (statement id -> 1-5) into a Profile.

    With ``family``, only that family's statements are expected: the others are neither
    required nor reported as missing, and answers to them are still validated and used.
    Raises AnswerError for an unknown statement id, a wrong type or an out-of-range answer.
    """
    checked = {sid: check_answer(content, sid, value) for sid, value in answers.items()}
    keyed = {
        trait.id: [
            item_score(content, s.id, checked[s.id])
            for s in content.statements_for(trait.id)
            if s.id in checked
        ]
        for trait in content.traits
    }
    expected = content.statements_in(family)
    missing = tuple(s.id for s in expected if s.id not in checked)
    return score_keyed(content, keyed, missing)


def _family_index(
    content: Content, scores: Mapping[str, float | None], family: Family
) -> float | None:
    values = [v for t in content.traits_in(family) if (v := scores[t.id]) is not None]
    return sum(values) / len(values) if values else None


def claim_gap(content: Content, family: Family | None = None) -> float:
    """The smallest difference between two trait scores the course claims:
    ``CLAIM_STEPS`` item steps (12.5 points with four statements on a 1-5 scale)."""
    return CLAIM_STEPS * item_step(content, family)


def strongest_and_weakest(
    content: Content, profile: Profile, family: Family | None = None
) -> tuple[list[str], list[str]]:
    """Trait ids that stand out as the highest and as the lowest (of ``family``), in
    course order, claimed only as far as the scores' precision allows (``claim_gap``,
    ``CLAIM_STEPS`` item steps).

    The strongest are the traits less than the gap below the top score and at least the
    gap above the bottom one; the weakest, the other way round. Both lists are empty when
    no trait is scored or when every scored trait is within the gap of every other (no
    difference to claim).
    """
    ids = [t.id for t in (content.traits_in(family) if family else content.traits)]
    scored = {i: v for i, v in profile.scored().items() if i in ids}
    if not scored:
        return [], []
    gap = claim_gap(content, family)
    top, bottom = max(scored.values()), min(scored.values())
    if top - bottom < gap - _EPSILON:
        return [], []

    def near(value: float, mark: float) -> bool:
        return abs(value - mark) < gap - _EPSILON

    near_top = [i for i in ids if i in scored and near(scored[i], top)]
    near_bottom = [i for i in ids if i in scored and near(scored[i], bottom)]
    # A trait near both ends is named at neither. Then every named strongest trait is
    # at least the gap above every trait left near the bottom, and every named weakest
    # at least the gap below every named strongest: with partly answered traits (coarser
    # steps) "near the top" and "near the bottom" alone could name a pair closer than
    # the gap.
    highs = [i for i in near_top if i not in near_bottom]
    lows = [i for i in near_bottom if i not in near_top]
    if not highs or not lows:
        return [], []
    highest_low = max(scored[i] for i in lows)
    strongest = [i for i in highs if scored[i] - highest_low >= gap - _EPSILON]
    if not strongest:
        return [], []
    lowest_strong = min(scored[i] for i in strongest)
    weakest = [i for i in lows if lowest_strong - scored[i] >= gap - _EPSILON]
    return strongest, weakest
