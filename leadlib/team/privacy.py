"""The team report's privacy rules: which counts and figures may be shown for a group.

Pure functions over plain numbers; must not import matplotlib, ipywidgets or the journal.

The rules, in plain words (``k`` is the minimum group size, ``--min-group``, never
below ``SMALLEST_MIN_GROUP``):

1. A figure computed from fewer than ``k`` people (a mean, a spread, a reliability) is
   not shown; a note says why. No minimum or maximum is ever shown: it is one person's
   answer.
2. A distribution (counts per category) answered by fewer than ``k`` people in total is
   hidden as a whole.
3. Otherwise it is shown at the finest grouping in which every non-empty category holds
   at least ``k`` people (for delegation: the seven levels, then the three bands
   "manager decides" / "decide together" / "team decides").
4. If even the coarsest grouping has a category with 1 to ``k - 1`` people, those
   categories are hidden (primary suppression). Then, because the total is known, a
   single hidden count could be worked out by subtraction; so more categories are
   hidden, the smallest first (complementary suppression), until at least two are
   hidden AND the hidden categories together hold at least ``k`` people. If that
   would hide everything, the distribution is hidden as a whole.
5. A figure derived from a distribution (such as the share of choices within the
   recommended band) is shown only when it can be read off the categories that are
   shown, so that no second grouping of the same answers can uncover a hidden count.

A known limit, accepted on purpose: a delegation scenario's mean and standard deviation
(computed from at least ``k`` people) stay visible when its counts are coarsened or partly
hidden. Together with the shown counts they narrow down, but do not reveal, how the
hidden counts are spread over the levels. A facilitator who needs more protection raises
``--min-group``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import LeadlibError

#: The minimum group used unless the facilitator chooses another: every default in the
#: API, the command, notebook 07 and the documents comes from here (a test checks them).
DEFAULT_MIN_GROUP = 3
#: The smallest minimum group that may be chosen. With two, each of the pair can read
#: the other's answers off the figures by subtracting their own.
SMALLEST_MIN_GROUP = 3


class PrivacyError(LeadlibError, ValueError):
    """A privacy setting that would expose individuals, such as a minimum group of 2."""


def check_min_group(min_group: object) -> int:
    """Return ``min_group`` if it is a whole number of at least ``SMALLEST_MIN_GROUP``,
    else raise PrivacyError."""
    if isinstance(min_group, bool) or not isinstance(min_group, int):
        raise PrivacyError(
            f"The minimum group size must be a whole number, found {min_group!r}. "
            f"Use {DEFAULT_MIN_GROUP} (the default) or more."
        )
    if min_group < SMALLEST_MIN_GROUP:
        why = (
            "a group of one is a person"
            if min_group <= 1
            else "in a group of two, each can work out the other's answers from the figures"
        )
        raise PrivacyError(
            f"The minimum group size is {min_group}, but it can never be less than "
            f"{SMALLEST_MIN_GROUP}: {why}. Use {DEFAULT_MIN_GROUP} (the default) or more."
        )
    return min_group


@dataclass(frozen=True)
class Grouping:
    """A way of grouping the base categories: a label and the base indices per group."""

    name: str
    labels: tuple[str, ...]
    members: tuple[tuple[int, ...], ...]

    @classmethod
    def identity(cls, labels: Sequence[str], name: str = "full") -> Grouping:
        return cls(name, tuple(labels), tuple((i,) for i in range(len(labels))))


@dataclass(frozen=True)
class ProtectedDistribution:
    """A distribution as it may be shown.

    ``counts[i]`` is None for a hidden category. ``mode`` is "full" (the finest
    grouping), "coarse" (a coarser grouping), "partial" (some categories hidden) or
    "hidden" (nothing shown). ``note`` explains any hiding in plain words.
    """

    grouping: Grouping
    counts: tuple[int | None, ...]
    total: int
    mode: str
    note: str

    @property
    def labels(self) -> tuple[str, ...]:
        return self.grouping.labels

    @property
    def shown(self) -> bool:
        return self.mode != "hidden"

    @property
    def hidden_total(self) -> int:
        """How many people sit in the hidden categories together (known from the total)."""
        return self.total - sum(c for c in self.counts if c is not None)

    def count_of(self, base_indices: Sequence[int]) -> int | None:
        """The number of people in a set of base categories, if it can be read off the
        shown categories exactly (rule 5), else None."""
        wanted = set(base_indices)
        total = 0
        for members, count in zip(self.grouping.members, self.counts, strict=True):
            inside = wanted.intersection(members)
            if not inside:
                continue
            if count is None or (len(inside) != len(members) and count != 0):
                return None
            total += count
        return total if self.shown else None


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def protect(
    counts: Sequence[int], min_group: int, groupings: Sequence[Grouping]
) -> ProtectedDistribution:
    """Apply rules 2-4 to ``counts`` (people per base category).

    ``groupings`` go from the finest (usually ``Grouping.identity``) to the coarsest;
    each must cover every base category exactly once.
    """
    k = check_min_group(min_group)
    if not groupings:
        raise ValueError("protect() needs at least one grouping")
    total = sum(counts)
    for grouping in groupings:
        grouped = tuple(sum(counts[i] for i in members) for members in grouping.members)
        if all(c == 0 or c >= k for c in grouped) and total >= k:
            mode = "full" if grouping is groupings[0] else "coarse"
            note = (
                ""
                if mode == "full"
                else (
                    f"Shown in broader groups ({grouping.name}): the detailed counts "
                    f"include groups of fewer than {k}."
                )
            )
            return ProtectedDistribution(grouping, grouped, total, mode, note)
    coarsest = groupings[-1]
    grouped = tuple(sum(counts[i] for i in members) for members in coarsest.members)
    if total < k:
        note = (
            "No answers yet."
            if total == 0
            else f"Hidden: only {_people(total)} answered, fewer than the minimum group of {k}."
        )
        return ProtectedDistribution(coarsest, (None,) * len(grouped), total, "hidden", note)
    hidden = {i for i, c in enumerate(grouped) if 0 < c < k}
    while len(hidden) < 2 or sum(grouped[i] for i in hidden) < k:
        candidates = [i for i, c in enumerate(grouped) if c > 0 and i not in hidden]
        if not candidates:
            break
        hidden.add(min(candidates, key=lambda i: (grouped[i], i)))
    shown_nonzero = [i for i, c in enumerate(grouped) if c > 0 and i not in hidden]
    if not shown_nonzero:
        note = (
            f"Hidden: every way of showing these {total} answers would reveal a group of "
            f"fewer than {k}."
        )
        return ProtectedDistribution(coarsest, (None,) * len(grouped), total, "hidden", note)
    shown = tuple(None if i in hidden else c for i, c in enumerate(grouped))
    together = sum(grouped[i] for i in hidden)
    # The note never says how many of the hidden groups are small: knowing that each
    # one is, with their combined total, could pin the counts down (2 + 2 = 4, k = 3).
    note = (
        f"{len(hidden)} groups hidden ({_people(together)} together): at least one of them "
        f"holds fewer than {k}, and they are hidden together so that no small group can be "
        "worked out by subtracting from the total."
    )
    return ProtectedDistribution(coarsest, shown, total, "partial", note)
