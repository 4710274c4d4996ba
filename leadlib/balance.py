"""Balance model: compare a profile, or a chosen split of time between leadership and
management work, with an organizational situation's recommended band.

Pure functions; must not import matplotlib, ipywidgets or the journal.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import AnswerError
from .i18n import _, ngettext
from .models import Content, Family, Situation
from .scoring import Profile


@dataclass(frozen=True)
class BalanceReport:
    """How a leadership share (percent of attention) compares with a situation's band.

    ``gap`` is 0 inside the band, negative when below it (too little leadership) and
    positive when above it (too little management), in percentage points.
    """

    situation: Situation
    leadership_share: float
    gap: float
    message: str
    suggestions: tuple[str, ...]

    @property
    def within(self) -> bool:
        return self.gap == 0


def check_share(share: object) -> float:
    """Return ``share`` as a float if it is a percentage 0-100, else raise AnswerError."""
    if isinstance(share, bool) or not isinstance(share, (int, float)) or share != share:
        raise AnswerError(
            _("The leadership share must be a number from 0 to 100, found {share!r}.").format(
                share=share
            )
        )
    if not 0 <= share <= 100:
        raise AnswerError(
            _("The leadership share must be between 0 and 100 percent, found {share}.").format(
                share=share
            )
        )
    return float(share)


def compare_split(
    content: Content,
    situation: Situation,
    leadership_share: object,
    profile: Profile | None = None,
    max_suggestions: int = 3,
    subject: str | None = None,
) -> BalanceReport:
    """Compare a chosen split (percent of time on leadership work) with ``situation``.

    Suggestions are development actions from the family that needs more attention,
    taken first from the learner's weakest traits when a ``profile`` is given. The
    message starts with ``subject`` ("That lean"), by default the share itself
    ("65% leadership").
    """
    share = check_share(leadership_share)
    low, high = situation.leadership_band
    if subject is None:
        subject = _("{share}% leadership").format(share=_percent(share))
    names = {"subject": subject, "low": low, "high": high, "situation": situation.name}
    if share < low:
        gap = share - low
        need = Family.LEADERSHIP
        message = _(
            "{subject} is {points} below the {low}-{high}% that suits '{situation}'. "
            "Shift some attention from running things to setting direction and engaging "
            "people."
        ).format(points=_points(-gap), **names)
    elif share > high:
        gap = share - high
        need = Family.MANAGEMENT
        message = _(
            "{subject} is {points} above the {low}-{high}% that suits '{situation}'. "
            "Make sure plans, processes and follow-up keep pace with the ideas."
        ).format(points=_points(gap), **names)
    else:
        gap = 0.0
        need = None
        message = _("{subject} is within the {low}-{high}% that suits '{situation}'.").format(
            **names
        )
    suggestions = _suggestions(content, need, profile, max_suggestions) if need else ()
    return BalanceReport(situation, share, gap, message, suggestions)


def _percent(share: float) -> str:
    """A share for a message: whole numbers as such, others to one decimal (59.4)."""
    text = f"{share:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _points(distance: float) -> str:
    """A distance to the band in words: '1 point', '12.5 points', 'just'."""
    if distance < 0.05:
        return _("just")
    text = _percent(distance)
    # A whole number picks its own plural form; a fraction (12.5) takes the plural.
    count = int(text) if text.isdigit() else 2
    return ngettext("{points} point", "{points} points", count).format(points=text)


def compare_profile(
    content: Content,
    situation: Situation,
    profile: Profile,
    max_suggestions: int = 3,
    subject: str | None = None,
) -> BalanceReport:
    """Compare the natural lean of a profile (its leadership share) with ``situation``."""
    share = profile.leadership_share
    if share is None:
        raise AnswerError(
            _(
                "The profile has no score yet for one of the two families: "
                "answer some statements of both parts of the self-assessment first."
            )
        )
    return compare_split(content, situation, share, profile, max_suggestions, subject)


def _suggestions(
    content: Content, family: Family, profile: Profile | None, limit: int
) -> tuple[str, ...]:
    traits = list(content.traits_in(family))
    if profile is not None:
        scores = profile.traits
        traits.sort(key=lambda t: (scores.get(t.id) is None, scores.get(t.id) or 0.0))
    picked: list[str] = []
    # One action from each trait in turn (weakest first), then second actions.
    depth = max(len(t.development_actions) for t in traits)
    for round_ in range(depth):
        for trait in traits:
            if round_ < len(trait.development_actions) and len(picked) < limit:
                picked.append(
                    _("{trait}: {action}").format(
                        trait=trait.name, action=trait.development_actions[round_]
                    )
                )
    return tuple(picked)
