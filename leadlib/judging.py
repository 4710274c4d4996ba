"""Judge first, then choose: the learner's own ratings of a scenario's four factors
(competence, commitment, risk, urgency), and how they compare with the course's.

A delegation card shows only the story; the learner rates the four factors, picks a
level, and only then sees the course's ratings, the band and a word on each rating judged
differently. The rules themselves are in ``leadlib.delegation``.

Pure functions; must not import matplotlib, ipywidgets, nbconvert or the journal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .delegation import TaskContext, person_words, recommend
from .errors import AnswerError
from .i18n import N_, _
from .models import Level3

# --------------------------------------------------------------------------------------
# Judge first, then choose: the learner's ratings of the four factors

#: The four factors a learner rates, in the order asked.
FACTORS = ("competence", "commitment", "risk", "urgency")
#: Each factor's question on a card (translated where shown).
FACTOR_QUESTIONS = {
    "competence": N_("Competence for this task"),
    "commitment": N_("Commitment to it"),
    "risk": N_("Risk if it goes wrong"),
    "urgency": N_("Urgency"),
}
#: What to look for in the story, by factor and by which way the learner's rating was
#: off: "higher" when the learner rated it higher than the course does.
RATING_HINTS = {
    ("competence", "higher"): N_(
        "Judge this very task, not the person's job in general: what does the story say "
        "they have done of it before?"
    ),
    ("competence", "lower"): N_(
        "Someone can be unsettled or new to a team and still know this task well: look at "
        "the experience the story names."
    ),
    ("commitment", "higher"): N_(
        "Look for how the person feels about this task: resentment, unease or doubt lower "
        "commitment, however able they are."
    ),
    ("commitment", "lower"): N_(
        "Look for keenness and confidence about this task: eagerness to learn counts as "
        "commitment, even in a beginner."
    ),
    ("risk", "higher"): N_(
        "Ask what a bad decision would cost and who would notice: an internal matter that "
        "is easy to put right is a low risk."
    ),
    ("risk", "lower"): N_(
        "Ask what a bad decision would cost: customers, money, safety or people's trust "
        "make the risk higher."
    ),
    ("urgency", "higher"): N_(
        "Ask how soon it must be decided: a routine matter or one due in weeks leaves time."
    ),
    ("urgency", "lower"): N_(
        "Ask how soon it must be decided: a decision due today, or in the middle of an "
        "incident, leaves no time to escalate."
    ),
}
_ORDER = {Level3.LOW: 0, Level3.MEDIUM: 1, Level3.HIGH: 2}


def parse_ratings(value: object) -> dict[str, Level3]:
    """A learner's ratings as the journal stores them: an object that maps some or all of
    FACTORS to "low", "medium" or "high". Raises AnswerError for anything else."""
    if not isinstance(value, Mapping) or not value:
        raise AnswerError(
            _(
                "Ratings must map competence, commitment, risk and urgency to low, medium "
                "or high, found {value!r}."
            ).format(value=value)
        )
    ratings = {}
    for name, rating in value.items():
        if name not in FACTORS:
            raise AnswerError(
                _("Unknown factor {name!r}: rate {known}.").format(
                    name=name, known=", ".join(FACTORS)
                )
            )
        try:
            ratings[name] = Level3(rating)
        except ValueError:
            raise AnswerError(
                _("{name} must be one of low, medium, high; found {value!r}").format(
                    name=name, value=rating
                )
            ) from None
    return {name: ratings[name] for name in FACTORS if name in ratings}


def rated_context(ratings: Mapping[str, Level3]) -> TaskContext | None:
    """The learner's ratings as a TaskContext, or None until all four are rated."""
    if any(name not in ratings for name in FACTORS):
        return None
    return TaskContext(**{name: ratings[name] for name in FACTORS})


@dataclass(frozen=True)
class Comparison:
    """The learner's ratings against the course's for one scenario: a word on each
    rating judged differently, and the band the learner's own ratings would give."""

    differences: tuple[str, ...]
    own_band: tuple[int, int]
    course_band: tuple[int, int]

    @property
    def summary(self) -> str:
        """One sentence on what the differences do to the band."""
        if not self.differences:
            return _("You read the situation as the course does.")
        if self.own_band == self.course_band:
            return _(
                "With your ratings the rules give the same levels, {own}: the differences do "
                "not change the answer here."
            ).format(own=_band_words(self.own_band))
        return _(
            "With your ratings the rules would give levels {own}; with the course's, {course}."
        ).format(own=_band_words(self.own_band), course=_band_words(self.course_band))


def _band_words(band: tuple[int, int]) -> str:
    low, high = band
    return f"{low}" if low == high else f"{low}-{high}"


def compare_ratings(course: TaskContext, learner: TaskContext) -> Comparison:
    """How the learner's ratings differ from the course's: for each factor rated
    differently, what the learner said, what the course reads, and what to look for."""
    differences = []
    for name in FACTORS:
        yours, ours = getattr(learner, name), getattr(course, name)
        if yours is ours:
            continue
        way = "higher" if _ORDER[yours] > _ORDER[ours] else "lower"
        differences.append(
            _("{factor}: you rated it {yours}, the course reads it as {ours}. {hint}").format(
                factor=_(FACTOR_QUESTIONS[name]),
                yours=yours.word,
                ours=ours.word,
                hint=_(RATING_HINTS[(name, way)]),
            )
        )
    return Comparison(tuple(differences), recommend(learner).band, recommend(course).band)


def course_reading(context: TaskContext) -> str:
    """The course's four ratings in one sentence, with the person's plain label."""
    label, _meaning = person_words(context.competence, context.commitment)
    return _(
        "The course reads it as: competence {competence}, commitment {commitment} "
        "({label}); risk {risk}; urgency {urgency}."
    ).format(
        competence=context.competence.word,
        commitment=context.commitment.word,
        label=label,
        risk=context.risk.word,
        urgency=context.urgency.word,
    )
