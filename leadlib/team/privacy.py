"""The team report's privacy rules: which counts and figures may be shown for a group.

Pure functions over plain numbers; must not import matplotlib, ipywidgets or the journal.

The rules are stated, numbered and argued in docs/privacy.md (the contract); the numbers
below are that page's. ``k`` is the minimum group size (``--min-group``), never below
``SMALLEST_MIN_GROUP`` (Rule 1).

- Rule 2: a figure computed from fewer than ``k`` people is not shown; no minimum or
  maximum is ever shown.
- Rule 3: in a distribution a category with fewer than ``k`` people is *small*, zero
  included. A grouping is shown only when none of its categories is small. Otherwise, in
  the fallback grouping, the small categories are hidden, and more with them
  (complementary suppression, the smallest first) until at least two are hidden and
  together they hold at least ``k`` people; if nothing would be left, the whole
  distribution is hidden. Since empty categories are small too, "hidden" never means
  "at least one".
- Rule 4: if one shown category would hold all, or all but fewer than ``k``, of the
  people counted, the whole distribution is hidden; a mean and spread whose values are
  all, or all but fewer than ``k``, the same are left out (``figure_allowed``).
- Rule 5: a figure derived from a distribution (the share within the recommended band)
  is shown only when it can be read off the categories shown (``count_of``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import LeadlibError
from ..i18n import _, ngettext

#: The minimum group used unless the facilitator chooses another: every default in the
#: API, the command, notebook 07 and the documents comes from here (a test checks them).
DEFAULT_MIN_GROUP = 3
#: The smallest minimum group that may be chosen. With two, each of the pair can read
#: the other's answers off the figures by subtracting their own.
SMALLEST_MIN_GROUP = 3


class PrivacyError(LeadlibError, ValueError):
    """A privacy setting that would expose individuals, such as a minimum group of 2."""


class PrivacyWarning(UserWarning):
    """A deliberate step that weakens the protection, such as starting a new ledger."""


def check_min_group(min_group: object) -> int:
    """Return ``min_group`` if it is a whole number of at least ``SMALLEST_MIN_GROUP``,
    else raise PrivacyError."""
    if isinstance(min_group, bool) or not isinstance(min_group, int):
        raise PrivacyError(
            _(
                "The minimum group size must be a whole number, found {value}. "
                "Use {default} (the default) or more."
            ).format(value=repr(min_group), default=DEFAULT_MIN_GROUP)
        )
    if min_group < SMALLEST_MIN_GROUP:
        why = (
            _("a group of one is a person")
            if min_group <= 1
            else _("in a group of two, each can work out the other's answers from the figures")
        )
        raise PrivacyError(
            _(
                "The minimum group size is {value}, but it can never be less than "
                "{smallest}: {why}. Use {default} (the default) or more."
            ).format(
                value=min_group, smallest=SMALLEST_MIN_GROUP, why=why, default=DEFAULT_MIN_GROUP
            )
        )
    return min_group


def figure_allowed(n: int, most_alike: int, k: int) -> bool:
    """May a mean and spread over ``n`` values be shown, when the most common value is
    shared by ``most_alike`` of them? Rule 2 (at least ``k`` people) and Rule 4 (not
    all, nor all but fewer than ``k``, alike: the mean would then be their value)."""
    return n >= k and most_alike <= n - k


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
    grouping), "coarse" (a coarser grouping, every category shown), "partial" (some
    categories hidden) or "hidden" (nothing shown). ``note`` explains any hiding in
    plain words.
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
    def complete(self) -> bool:
        """Is every category of the grouping shown (mode "full" or "coarse")?"""
        return self.mode in ("full", "coarse")

    @property
    def hidden_total(self) -> int:
        """How many people sit in the hidden categories together (known from the total)."""
        return self.total - sum(c for c in self.counts if c is not None)

    def count_of(self, base_indices: Sequence[int]) -> int | None:
        """The number of people in a set of base categories, if it can be read off the
        shown categories exactly (Rule 5), else None."""
        if not self.shown:
            return None
        wanted = set(base_indices)
        total = 0
        for members, count in zip(self.grouping.members, self.counts, strict=True):
            inside = wanted.intersection(members)
            if not inside:
                continue
            if count is None or len(inside) != len(members):
                return None
            total += count
        return total


def _hidden(grouping: Grouping, total: int, note: str) -> ProtectedDistribution:
    return ProtectedDistribution(grouping, (None,) * len(grouping.labels), total, "hidden", note)


def protect(
    counts: Sequence[int],
    min_group: int,
    groupings: Sequence[Grouping],
    fallback: Grouping | None = None,
) -> ProtectedDistribution:
    """Apply Rules 3 and 4 to ``counts`` (people per base category).

    ``groupings`` are tried in order (the finest first); the first in which no category
    is small is shown whole. Otherwise some categories of ``fallback`` (by default the
    last grouping) are hidden, or the whole distribution. Each grouping must cover every
    base category exactly once.
    """
    k = check_min_group(min_group)
    if not groupings:
        raise ValueError("protect() needs at least one grouping")
    fallback = fallback or groupings[-1]
    total = sum(counts)
    if total < k:
        note = (
            _("No answers yet.")
            if total == 0
            else ngettext(
                "Hidden: only {n} person answered, fewer than the minimum group of {k}.",
                "Hidden: only {n} people answered, fewer than the minimum group of {k}.",
                total,
            ).format(n=total, k=k)
        )
        return _hidden(fallback, total, note)
    for position, grouping in enumerate(groupings):
        grouped = tuple(sum(counts[i] for i in members) for members in grouping.members)
        # With two or more categories, none small, no category holds more than total - k
        # (Rule 4 holds by itself); a single category would state everyone's answer.
        if len(grouped) >= 2 and all(c >= k for c in grouped):
            mode = "full" if position == 0 else "coarse"
            note = (
                ""
                if mode == "full"
                else _(
                    "Shown in broader groups ({grouping}): the detailed counts include "
                    "groups of fewer than {k}, or empty ones."
                ).format(grouping=grouping.name, k=k)
            )
            return ProtectedDistribution(grouping, grouped, total, mode, note)
    return _partial(counts, k, fallback, total)


def _partial(
    counts: Sequence[int], k: int, grouping: Grouping, total: int
) -> ProtectedDistribution:
    """Primary suppression of the small categories (empty ones included), then
    complementary suppression, the smallest first; or the whole distribution hidden."""
    grouped = tuple(sum(counts[i] for i in members) for members in grouping.members)
    hidden = {i for i, c in enumerate(grouped) if c < k}
    while len(hidden) < 2 or sum(grouped[i] for i in hidden) < k:
        candidates = [i for i in range(len(grouped)) if i not in hidden]
        if not candidates:
            break
        hidden.add(min(candidates, key=lambda i: (grouped[i], i)))
    shown = [i for i in range(len(grouped)) if i not in hidden]
    # Rule 4: a shown category holding all, or all but fewer than k. With the hidden
    # categories holding at least k together this cannot happen; checked all the same.
    if not shown or any(grouped[i] > total - k for i in shown):
        note = _(
            "Hidden: every way of showing these {n} answers would reveal a group of fewer "
            "than {k}, or that nearly everyone answered alike."
        ).format(n=total, k=k)
        return _hidden(grouping, total, note)
    together = sum(grouped[i] for i in hidden)
    # The note never says how many of the hidden groups are small, nor that any holds
    # someone: with their combined total that could pin the counts down.
    note = ngettext(
        "{groups} group hidden ({n} people together): some of them hold fewer than {k} "
        "people (perhaps nobody), and they are hidden together so that no small group "
        "can be worked out by subtracting from the total.",
        "{groups} groups hidden ({n} people together): some of them hold fewer than {k} "
        "people (perhaps nobody), and they are hidden together so that no small group "
        "can be worked out by subtracting from the total.",
        len(hidden),
    ).format(groups=len(hidden), n=together, k=k)
    return ProtectedDistribution(
        grouping,
        tuple(None if i in hidden else c for i, c in enumerate(grouped)),
        total,
        "partial",
        note,
    )
