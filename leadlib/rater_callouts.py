"""Blind spots and hidden strengths in the others' view (notebook 08): the learner's own
score per trait against the raters' mean of a release (``leadlib.raters``), and the
words and note that explain the reading.

The rule (``compare``): a gap is called out only when it is at least
``callout_threshold`` (two item steps, 12.5 points) with the raters' mean *and* with
every leave-one-out mean (the mean with any single rater left out; the release keeps
the lowest and highest of them, never shown), so that one rater alone never makes a
call-out. With 3 raters, self 75 against 37.5, 75 and 75 (mean 62.5) is therefore not
a blind spot: without the 37.5 the gap is 0. A gap that reaches the threshold with the
mean only reads 'unsure' ("not called out").

Pure functions; must not import matplotlib, ipywidgets, nbconvert, sqlite3 or the
journal (``team.privacy`` is imported inside ``callout_note``, for k).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .errors import AnswerError
from .i18n import _
from .models import Content
from .raters import Release, least_answered
from .scoring import _EPSILON, CLAIM_STEPS, claim_gap

#: Blind spots and hidden strengths are called out when self and others differ by at
#: least this many item steps (``scoring.item_step``: 6.25 points with four statements
#: on a 1-5 scale, so 12.5 points). One step is the smallest change one answer makes to
#: the learner's own score; two steps is more than one answer's wobble on either side.


@dataclass(frozen=True)
class Comparison:
    """Self against others on one trait: ``kind`` is 'blind_spot' (self higher by at
    least the call-out threshold, with the raters' mean and with any one rater left
    out), 'hidden_strength' (others higher, likewise), 'unsure' (the gap reaches the
    threshold with the mean but not with some rater left out: one rater makes it),
    'close', or None when either score is unknown."""

    trait: str
    own: float | None
    others: float | None
    kind: str | None

    @property
    def gap(self) -> float | None:
        if self.own is None or self.others is None:
            return None
        return self.own - self.others


def callout_threshold(content: Content) -> float:
    """The smallest gap called out: ``scoring.CLAIM_STEPS`` item steps (12.5 points),
    the same rule as the profile's strongest and weakest traits and progress between
    rounds."""
    return claim_gap(content)


def reading_words() -> dict[str, str]:
    """How a comparison's kind reads in a table (translated now)."""
    return {
        "blind_spot": _("possible blind spot: you rate yourself higher"),
        "hidden_strength": _("possible hidden strength: others rate you higher"),
        "close": _("close: within the scores' precision"),
        "unsure": _("not called out: the gap does not hold with each rater left out in turn"),
    }


def callout_note(content: Content, k: int | None = None) -> str:
    """The note under the others' view's table: the scale, the precision, the call-out
    threshold and its leave-one-out rule, who counts for a trait and what 'left out'
    means (``k``: the view's minimum group, by default the team report's)."""
    if k is None:
        from .team.privacy import DEFAULT_MIN_GROUP

        k = DEFAULT_MIN_GROUP
    threshold = callout_threshold(content)
    return _(
        "Scores are 0-100. One answer step moves a trait by {step:g} points, so a "
        "difference is called out only from {points:g} points ({steps} steps) on, and "
        "only when it holds with any single rater left out: one rater alone never makes "
        "a call-out. A trait's others' score is the mean of the raters who answered at "
        "least {least} of its {per} statements (the others chose 'can't judge'). A trait "
        "is 'left out' when fewer than {k} such raters were added since it was last "
        "shown, or when those added all gave it the same score."
    ).format(
        step=threshold / CLAIM_STEPS,
        points=threshold,
        steps=CLAIM_STEPS,
        least=least_answered(content, content.traits[0].id),
        per=len(content.statements_for(content.traits[0].id)),
        k=k,
    )


def compare(
    content: Content, own: Mapping[str, float | None], release: Release | None
) -> list[Comparison]:
    """Per trait in course order: the learner's score, the raters' mean and the kind of
    difference (see ``Comparison``)."""
    threshold = callout_threshold(content)
    out = []
    for trait in content.traits:
        mine = own.get(trait.id)
        theirs = release.traits.get(trait.id) if release else None
        kind: str | None = None
        if mine is not None and theirs is not None:
            gap = mine - theirs
            # Without the leave-one-out range (a release recorded before it was kept)
            # the mean alone decides.
            low, high = release.robust.get(trait.id, (theirs, theirs)) if release else (0, 0)
            if gap >= threshold - _EPSILON:
                kind = "blind_spot" if mine - high >= threshold - _EPSILON else "unsure"
            elif -gap >= threshold - _EPSILON:
                kind = "hidden_strength" if low - mine >= threshold - _EPSILON else "unsure"
            else:
                kind = "close"
        out.append(Comparison(trait.id, mine, theirs, kind))
    return out


def check_robust(
    where: str, traits: Mapping[str, float | None], robust: object
) -> dict[str, list[float]]:
    """A stored release's leave-one-out ranges (trait -> [lowest, highest]), checked:
    only traits with a mean, two numbers 0-100, lowest first; AnswerError otherwise,
    starting with ``where``."""
    shown = {t for t, mean in traits.items() if mean is not None}
    if not isinstance(robust, dict) or not set(robust) <= shown:
        raise AnswerError(
            _("{where}: 'robust' must name only traits that have a mean.").format(where=where)
        )
    out: dict[str, list[float]] = {}
    for trait, pair in robust.items():
        numbers = isinstance(pair, list) and len(pair) == 2
        numbers = numbers and all(
            isinstance(x, (int, float)) and not isinstance(x, bool) and 0 <= x <= 100 for x in pair
        )
        if not numbers or pair[0] > pair[1]:
            raise AnswerError(
                _(
                    "{where}: the leave-one-out range of '{trait}' must be two numbers "
                    "0-100, lowest first."
                ).format(where=where, trait=trait)
            )
        out[trait] = [float(pair[0]), float(pair[1])]
    return out


__all__ = [
    "Comparison",
    "callout_note",
    "callout_threshold",
    "check_robust",
    "compare",
    "reading_words",
]
