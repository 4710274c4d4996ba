"""Balance model: compare a chosen split of time between leadership and management work
with an organizational situation's recommended band, and read a self-assessment profile
beside that band.

A profile's indices are skill scores (how often someone uses each family's practices,
0-100), not shares of a week: they are shown beside the band, never subtracted from it.

Pure functions; must not import matplotlib, ipywidgets or the journal.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import AnswerError
from .i18n import _, ngettext
from .models import Content, Family, Situation
from .scoring import STRONG_THRESHOLD, Profile


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
        subject = _("{share}% leadership").format(share=share_text(share))
    names = {"subject": subject, "low": low, "high": high, "situation": situation.name}
    if share < low:
        gap = share - low
        need = Family.LEADERSHIP
        message = _(
            "{subject} is {points} below the {low}-{high}% that suits '{situation}'. "
            "Shift some attention from running things to setting direction and engaging "
            "people."
        ).format(points=points_text(-gap), **names)
    elif share > high:
        gap = share - high
        need = Family.MANAGEMENT
        message = _(
            "{subject} is {points} above the {low}-{high}% that suits '{situation}'. "
            "Make sure plans, processes and follow-up keep pace with the ideas."
        ).format(points=points_text(gap), **names)
    else:
        gap = 0.0
        need = None
        message = _("{subject} is within the {low}-{high}% that suits '{situation}'.").format(
            **names
        )
    suggestions = _suggestions(content, need, profile, max_suggestions) if need else ()
    return BalanceReport(situation, share, gap, message, suggestions)


def share_text(share: float) -> str:
    """A share of attention as the learner reads it, everywhere it is shown (messages,
    the chart's labels and alt text): whole numbers as such, others to one decimal
    (59.4), so one value never reads as 45 in one place and 45.3 in another."""
    text = f"{share:.1f}"
    return text[:-2] if text.endswith(".0") else text


def points_text(distance: float) -> str:
    """A distance to the band in words: '1 point', '12.5 points', 'just'."""
    if distance < 0.05:
        return _("just")
    text = share_text(distance)
    # A whole number picks its own plural form; a fraction (12.5) takes the plural.
    count = int(text) if text.isdigit() else 2
    return ngettext("{points} point", "{points} points", count).format(points=text)


@dataclass(frozen=True)
class ProfileReading:
    """A profile's two indices read beside a situation's band.

    ``leadership`` and ``management`` are the profile's indices (0-100: how often the
    learner uses each family's practices); the band is a share of attention. The two
    are on different scales, so no gap is computed. ``emphasis`` is the family the
    situation leans on (None when its band spans 50%); ``develop`` is the family worth
    developing for it (None when both indices are strong).
    """

    situation: Situation
    leadership: float
    management: float
    emphasis: Family | None
    develop: Family | None
    message: str
    suggestions: tuple[str, ...]


def situation_emphasis(situation: Situation) -> Family | None:
    """The family a situation leans on: leadership when its whole band is above 50%,
    management when it is below, None when the band spans 50%."""
    low, high = situation.leadership_band
    if low >= 50:
        return Family.LEADERSHIP
    if high <= 50:
        return Family.MANAGEMENT
    return None


def compare_profile(
    content: Content,
    situation: Situation,
    profile: Profile,
    max_suggestions: int = 3,
) -> ProfileReading:
    """Show ``profile`` beside what ``situation`` asks for, and name the side to develop.

    The indices are never read as a share of time: someone strong on both sides is not
    "below" or "above" any band. A side counts as strong as on the profile's grid: at
    or above ``STRONG_THRESHOLD`` and not near the line (``Profile.near_line``); "strong
    on both sides" is said only for the settled quadrant (``Profile.settled_quadrant``).
    The side to develop is the one the situation leans on when it is not strong,
    otherwise the weaker of the sides that are not strong.
    """
    lead, man = profile.leadership, profile.management
    if lead is None or man is None:
        raise AnswerError(
            _(
                "The profile has no score yet for one of the two families: "
                "answer some statements of both parts of the self-assessment first."
            )
        )
    low, high = situation.leadership_band
    side_by_side = _(
        "Your self-assessment: leadership {lead:.0f} and management {man:.0f} out of 100, "
        "how often you use each side's practices (a skill profile, not a share of your "
        "week). '{situation}' asks for {low}-{high}% of your attention on leadership work."
    ).format(lead=lead, man=man, situation=situation.name, low=low, high=high)
    emphasis = situation_emphasis(situation)
    scores = {Family.LEADERSHIP: lead, Family.MANAGEMENT: man}
    # The profile's own reading of the grid, so the two never disagree: a side is strong
    # only when it is at or above the line and not near it (``Profile.near_line``, less
    # than one answer step away); both strong is the settled quadrant "strong both".
    weak = [f for f in Family if scores[f] < STRONG_THRESHOLD or profile.near_line(f)]
    # Equivalently: no side is weak exactly when the settled quadrant is "strong both".

    def state(family: Family) -> str:
        if profile.near_line(family):
            return _(
                "near the line at {threshold} (less than one answer step from it), too "
                "close to call strong"
            ).format(threshold=f"{STRONG_THRESHOLD:.0f}")
        return _("below {threshold}, where this course starts calling a side strong").format(
            threshold=f"{STRONG_THRESHOLD:.0f}"
        )

    develop: Family | None
    if not weak:
        develop = None
        verdict = _(
            "You rate yourself strong on both sides, so this situation asks nothing new of "
            "your skills: what matters is where your time goes, which the slider shows."
        )
    elif emphasis in weak:
        develop = emphasis
        verdict = _(
            "This situation leans on {side} work, and your {side} side is {state}: develop "
            "it first."
        ).format(side=develop.word, state=state(develop))
    elif emphasis is not None:
        develop = weak[0]
        verdict = _(
            "This situation leans on {strong} work, where you rate yourself strong. It "
            "still needs {weak} work, and your {weak} side is {state}: keep developing it."
        ).format(strong=emphasis.word, weak=develop.word, state=state(develop))
    else:
        develop = min(weak, key=lambda f: (scores[f], f is not Family.LEADERSHIP))
        if len(weak) == 1:
            verdict = _(
                "This situation needs both sides about equally, and your {side} side is "
                "{state}: develop it first."
            ).format(side=develop.word, state=state(develop))
        else:
            verdict = _(
                "This situation needs both sides about equally, and neither of yours is "
                "clearly strong (leadership {lead_state}; management {man_state}): start "
                "with {side}."
            ).format(
                lead_state=state(Family.LEADERSHIP),
                man_state=state(Family.MANAGEMENT),
                side=develop.word,
            )
    suggestions = (
        _suggestions(content, develop, profile, max_suggestions) if develop is not None else ()
    )
    return ProfileReading(
        situation, lead, man, emphasis, develop, f"{side_by_side} {verdict}", suggestions
    )


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
