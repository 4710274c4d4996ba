"""Delegation rules: which of the seven levels fit a task, and a verdict on a chosen level.

The rule set (version 2.1), in plain words (sources and reasons in docs/model-sources.md):

1. The person: a development level for THIS task, after the situational approach of
   Blanchard with Patricia and Drea Zigarmi and colleagues (SLII, a registered trademark
   of its owner; per task, not per person), gives the starting band for an ordinary
   task, one of medium risk and medium urgency:

   ============  ============  =================  ===========================
   competence    commitment    development level  starting band
   ============  ============  =================  ===========================
   low           high          D1 (directing)     3-4 consult, agree
   low           low/medium    D2 (coaching)      3-4 consult, agree
   medium        low           D2 (coaching)      3-4
   medium        medium/high   D3 (supporting)    3-5 consult, agree, advise
   high          low/medium    D3 (supporting)    3-5
   high          high          D4 (delegating)    5-7 advise, inquire, delegate
   ============  ============  =================  ===========================

   A keen and a reluctant beginner start from the same band: SLII's directing and
   coaching differ in how much explanation and encouragement the person gets, not in
   who decides. More commitment therefore never lowers the band. The words the learner
   reads about the person come from the two ratings themselves (``PERSON_WORDS``), so
   they never claim more or less than was rated.
2. Risk weighs most: low risk two levels towards autonomy (a cheap mistake is a chance
   to learn, for a beginner too), high risk one level towards control.
3. High urgency depends on competence: a beginner gets one level more control (no time
   to learn by trial and error); medium competence moves nothing; a capable person gets
   one level more autonomy (no time to escalate) ONLY where the risk is not high, or the
   person is also fully committed (the task is theirs, like the on-call engineer's
   rollback). A costly decision you answer for is not handed over in a hurry to someone
   not fully behind it: there urgency moves nothing, and you decide with them at once.
   The rules cannot see whether you can be reached; this is what they assume. Low or
   medium urgency moves nothing.
4. A capable person is always asked: with high competence the band never starts below
   level 3 (consult). Where risk pulls it lower, the band loses its lowest level instead
   (2-4 becomes 3-4), so it keeps at least two levels.
5. A band keeps its width (two or three levels, never one): where it would pass level 1
   or 7 it is moved back inside.

The crosswalk from development levels to the seven delegation levels, and the weights
of risk and urgency, are this course's own, not a claim of either source.

The learner's board (every scenario, the chosen level, the band once answered, the
verdict) and its summary are here too, for the widgets and the worksheets to render (the
learner's own ratings of the four factors, compared with the course's, are in
``leadlib.judging``).

The development levels' codes (D1-D4, SLII's) are kept for reference in the code and in
docs/model-sources.md; the learner reads plain words (``DevelopmentLevel.label``).

Pure functions; must not import matplotlib, ipywidgets, nbconvert or the journal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import Enum

from ._delegation_words import ADVICE, FIT_LABELS
from .errors import AnswerError
from .i18n import N_, _, ngettext
from .models import Content, Level3, Scenario

LOWEST, HIGHEST = 1, 7


@dataclass(frozen=True)
class DevelopmentLevel:
    """A development level for one task; ``band`` is where it starts for an ordinary
    task (medium risk, medium urgency). ``code`` (D1-D4) is SLII's name, for reference
    only, never shown to a learner. ``label`` and ``meaning`` describe the level as a
    whole, for reference and the docs; what a learner reads about a person comes from the
    two ratings (``PERSON_WORDS``), since one level spans several pairs of ratings."""

    code: str
    style: str
    band: tuple[int, int]
    meaning: str
    label: str


D1 = DevelopmentLevel(
    "D1",
    "directing",
    (3, 4),
    N_(
        "keen but new to this task: "
        "needs to learn what good looks like, with examples and check-ins"
    ),
    N_("new to the task, keen"),
)
D2 = DevelopmentLevel(
    "D2",
    "coaching",
    (3, 4),
    N_(
        "still learning and not fully committed: "
        "needs explanation and encouragement, and their input heard"
    ),
    N_("still learning the task, not yet committed"),
)
D3 = DevelopmentLevel(
    "D3",
    "supporting",
    (3, 5),
    N_(
        "capable or nearly so, not yet sure of it in every way: needs involvement "
        "and support more than instruction"
    ),
    N_("capable or nearly so"),
)
D4 = DevelopmentLevel(
    "D4",
    "delegating",
    (5, 7),
    N_("capable and committed: needs room to decide"),
    N_("capable and committed"),
)


#: What the learner reads about the person, from the two ratings themselves (a label for
#: the course's reading, and a meaning for the first reason): a development level spans
#: several pairs of ratings (D3 holds "some experience, keen" and "capable, reluctant"),
#: so its own words cannot describe each truthfully. The meanings say what the person
#: needs from you (explanation, support, room), not who decides: who decides is the band,
#: which risk and urgency move, and no meaning may contradict any level of it.
PERSON_WORDS: dict[tuple[Level3, Level3], tuple[str, str]] = {
    (Level3.LOW, Level3.HIGH): (N_("new to the task, keen"), N_(
        "keen but new to this task: needs to learn what good looks like, with examples "
        "and check-ins")),
    (Level3.LOW, Level3.MEDIUM): (N_("new to the task, willing but unsure"), N_(
        "new to this task and not yet sure of it: needs explanation and encouragement as "
        "well as the how")),
    (Level3.LOW, Level3.LOW): (N_("new to the task, reluctant"), N_(
        "new to this task and reluctant: needs to hear why it matters as well as how it "
        "is done")),
    (Level3.MEDIUM, Level3.LOW): (N_("some experience of the task, reluctant"), N_(
        "knows part of the task but is not committed to it: needs their view heard and "
        "the reasons explained")),
    (Level3.MEDIUM, Level3.MEDIUM): (N_("some experience of the task, fairly committed"), N_(
        "knows much of the task and is fairly committed: needs involvement and backing "
        "more than instruction")),
    (Level3.MEDIUM, Level3.HIGH): (N_("some experience of the task, keen"), N_(
        "knows much of the task and is keen: needs involvement and room to grow more than "
        "instruction")),
    (Level3.HIGH, Level3.LOW): (N_("capable, not committed to the task"), N_(
        "capable but not committed to this task: needs involvement and support more than "
        "instruction")),
    (Level3.HIGH, Level3.MEDIUM): (N_("capable, not fully behind the task"), N_(
        "capable but not fully behind this task: needs involvement and support more than "
        "instruction")),
    (Level3.HIGH, Level3.HIGH): (N_("capable and committed"), N_(
        "capable and committed: needs room to decide")),
}  # fmt: skip


def person_words(competence: Level3, commitment: Level3) -> tuple[str, str]:
    """The plain label and meaning for these two ratings, translated (``PERSON_WORDS``)."""
    label, meaning = PERSON_WORDS[(competence, commitment)]
    return _(label), _(meaning)


@dataclass(frozen=True)
class TaskContext:
    """What the rules look at: the person's competence and commitment for the task, and
    the task's risk (impact if it goes wrong) and urgency."""

    competence: Level3
    commitment: Level3
    risk: Level3
    urgency: Level3

    @classmethod
    def of(cls, scenario: Scenario) -> TaskContext:
        return cls(scenario.competence, scenario.commitment, scenario.risk, scenario.urgency)

    @classmethod
    def parse(cls, competence: str, commitment: str, risk: str, urgency: str) -> TaskContext:
        values = {
            "competence": competence,
            "commitment": commitment,
            "risk": risk,
            "urgency": urgency,
        }
        parsed = {}
        for name, value in values.items():
            try:
                parsed[name] = Level3(value)
            except ValueError:
                raise AnswerError(
                    _("{name} must be one of low, medium, high; found {value!r}").format(
                        name=name, value=value
                    )
                ) from None
        return cls(**parsed)


@dataclass(frozen=True)
class Recommendation:
    band: tuple[int, int]
    development: DevelopmentLevel
    reasons: tuple[str, ...]

    def fits(self, level: int) -> bool:
        return self.band[0] <= level <= self.band[1]


class Fit(str, Enum):
    TOO_CONTROLLING = "too_controlling"
    GOOD_FIT = "good_fit"
    TOO_HANDS_OFF = "too_hands_off"

    @property
    def label(self) -> str:
        """The verdict's name in the current language ("A good fit")."""
        return _(FIT_LABELS[self.value])


@dataclass(frozen=True)
class Verdict:
    level: int
    fit: Fit
    distance: int
    recommendation: Recommendation
    explanation: str


def development_level(competence: Level3, commitment: Level3) -> DevelopmentLevel:
    """SLII-style development level for one task, after Blanchard, the Zigarmis and
    colleagues (see the module docstring)."""
    if competence is Level3.LOW:
        return D1 if commitment is Level3.HIGH else D2
    if competence is Level3.MEDIUM:
        return D2 if commitment is Level3.LOW else D3
    return D4 if commitment is Level3.HIGH else D3


#: How many levels each risk moves the band (towards autonomy when positive). Risk
#: weighs most: three levels lie between a low-risk and a high-risk task.
RISK_SHIFT = {Level3.LOW: 2, Level3.MEDIUM: 0, Level3.HIGH: -1}
#: How many levels HIGH urgency moves the band, by competence for the task (for high
#: competence only where ``urgency_frees`` says so; otherwise it moves nothing).
URGENCY_SHIFT = {Level3.LOW: -1, Level3.MEDIUM: 0, Level3.HIGH: 1}
#: The lowest level a band starts at for a capable person (rule 4): 3, consult.
CAPABLE_FLOOR = 3


def urgency_frees(context: TaskContext) -> bool:
    """Rule 3's condition for a capable person: high urgency gives one level more
    autonomy only where the risk is not high, or the person is also fully committed."""
    return context.competence is Level3.HIGH and (
        context.risk is not Level3.HIGH or context.commitment is Level3.HIGH
    )


def _urgency_shift(context: TaskContext) -> int:
    if context.urgency is not Level3.HIGH:
        return 0
    if context.competence is Level3.HIGH and not urgency_frees(context):
        return 0
    return URGENCY_SHIFT[context.competence]


def unbounded_band(context: TaskContext) -> tuple[int, int]:
    """The band by rules 1-4 alone, before rule 5 moves it back inside levels 1-7: where
    each factor really pulls, even when the scale's end hides it (``leadlib.handouts.
    facilitator`` compares these to say which facts pull which way)."""
    dev = development_level(context.competence, context.commitment)
    shift = RISK_SHIFT[context.risk] + _urgency_shift(context)
    low, high = dev.band[0] + shift, dev.band[1] + shift
    if context.competence is Level3.HIGH and low < CAPABLE_FLOOR:
        low, high = CAPABLE_FLOOR, max(high, CAPABLE_FLOOR + 1)
    return low, high


def recommend(context: TaskContext) -> Recommendation:
    """The band of delegation levels that fits ``context``, with the reasons: one for
    the starting band and one for each factor that moved it (see the module docstring)."""
    dev = development_level(context.competence, context.commitment)
    reasons = [
        _(
            "Competence {competence} and commitment {commitment} for this task: "
            "{meaning} (on an ordinary task, levels {low}-{high})."
        ).format(
            competence=context.competence.word,
            commitment=context.commitment.word,
            meaning=person_words(context.competence, context.commitment)[1],
            low=dev.band[0],
            high=dev.band[1],
        )
    ]
    if context.risk is Level3.HIGH:
        reasons.append(_("High risk: a mistake would be costly, so keep one level more control."))
    if context.risk is Level3.LOW:
        reasons.append(
            _(
                "Low risk: a mistake would be cheap to put right, a chance to learn even "
                "for a beginner, so allow two levels more autonomy."
            )
        )
    if context.urgency is Level3.HIGH:
        if context.competence is Level3.LOW:
            reasons.append(
                _(
                    "High urgency: no time to learn by trial and error, so keep one level more "
                    "control."
                )
            )
        elif urgency_frees(context):
            reasons.append(
                _(
                    "High urgency and a capable person: there is no time to escalate, so "
                    "allow one level more autonomy."
                )
            )
        elif context.competence is Level3.HIGH:
            reasons.append(
                _(
                    "High urgency, but high risk and a person not fully behind the task: a "
                    "costly decision you answer for is not handed over in a hurry, so urgency "
                    "moves nothing; decide with them at once."
                )
            )
        else:
            reasons.append(
                _(
                    "High urgency: with some experience of the task, it calls for neither "
                    "more control nor more autonomy; agree at once who decides."
                )
            )
    dev_low = dev.band[0] + RISK_SHIFT[context.risk] + _urgency_shift(context)
    if context.competence is Level3.HIGH and dev_low < CAPABLE_FLOOR:
        reasons.append(
            _(
                "A capable person is always asked: the band starts at consult, so it keeps "
                "its levels from consult upwards."
            )
        )
    low, high = unbounded_band(context)
    if low < LOWEST or high > HIGHEST:
        moved = LOWEST - low if low < LOWEST else HIGHEST - high
        low, high = low + moved, high + moved
        # Rule 5 in a manager's words; its mechanics are in docs/model-sources.md.
        if moved < 0:
            reasons.append(
                _(
                    "Level {highest} is as far as you can let go, so the suggestion goes no "
                    "further."
                ).format(highest=HIGHEST)
            )
        else:
            reasons.append(
                _(
                    "Level {lowest} is the most control you can keep, so the suggestion goes "
                    "no lower."
                ).format(lowest=LOWEST)
            )
    return Recommendation((low, high), dev, tuple(reasons))


def band(scenario: Scenario) -> tuple[int, int]:
    """The band of levels [lowest, highest] that fits ``scenario``: the rules above are
    the only source of it (the course data holds no recommendation of its own)."""
    return recommend(TaskContext.of(scenario)).band


def advice_text(content: Content, level: int, fit: Fit, band: tuple[int, int] | None = None) -> str:
    """The advice on a chosen ``level`` judged ``fit`` (``ADVICE``): naming ``band``, or
    without it referring to the band a text has just named, so it is not said twice."""
    naming, referring = ADVICE[fit.value]
    if band is None:
        return _(referring).format(level=content.level(level).name)
    low, high = band
    if low == high:
        fitting = _("level {number} ({name})").format(number=low, name=content.level(low).name)
    else:
        fitting = _("levels {low}-{high} ({low_name} to {high_name})").format(
            low=low, high=high, low_name=content.level(low).name, high_name=content.level(high).name
        )
    return _(naming).format(level=content.level(level).name, fitting=fitting)


def assess(content: Content, context: TaskContext, level: object) -> Verdict:
    """Judge a chosen delegation level (1-7) for ``context``.

    Raises AnswerError when ``level`` is not a whole number from 1 to 7.
    """
    if isinstance(level, bool) or not isinstance(level, int) or not LOWEST <= level <= HIGHEST:
        raise AnswerError(
            _(
                "The delegation level must be a whole number from {low} to {high}, found {level!r}."
            ).format(low=LOWEST, high=HIGHEST, level=level)
        )
    rec = recommend(context)
    low, high = rec.band
    if level < low:
        fit, distance = Fit.TOO_CONTROLLING, low - level
    elif level > high:
        fit, distance = Fit.TOO_HANDS_OFF, level - high
    else:
        fit, distance = Fit.GOOD_FIT, 0
    advice = advice_text(content, level, fit, rec.band)
    explanation = _("{advice} Why: {reasons}").format(advice=advice, reasons=" ".join(rec.reasons))
    return Verdict(level, fit, distance, rec, explanation)


@dataclass(frozen=True)
class BoardRow:
    """One row of a learner's delegation board: the scenario, the chosen level with its
    verdict, and the band that fits. Level, verdict and band are all None while the
    scenario is not answered: nothing of the answer shows before the learner judged."""

    scenario: Scenario
    band: tuple[int, int] | None
    level: int | None
    verdict: Verdict | None

    @property
    def band_text(self) -> str:
        """ "3-5" (or "3" for a one-level band); empty while not answered."""
        if self.band is None:
            return ""
        low, high = self.band
        return f"{low}" if low == high else f"{low}-{high}"


def board(content: Content, choices: Mapping[str, int]) -> list[BoardRow]:
    """One row per scenario of the course, in course order, with the verdict on each
    chosen level and, for answered scenarios only, the band. ``choices`` maps scenario
    ids to levels (1-7); raises AnswerError for a level outside 1-7."""
    rows = []
    for scenario in content.scenarios:
        level = choices.get(scenario.id)
        if level is None:
            rows.append(BoardRow(scenario, None, None, None))
            continue
        verdict = assess(content, TaskContext.of(scenario), level)
        rows.append(BoardRow(scenario, verdict.recommendation.band, level, verdict))
    return rows


def answered_only(content: Content, choices: Mapping[str, object]) -> Content:
    """``content`` with only the scenarios that ``choices`` answers, in course order: what
    a learner's board chart draws, so that it shows no band of an unanswered scenario."""
    kept = tuple(s for s in content.scenarios if s.id in choices)
    return replace(content, scenarios=kept, _index={})


def board_summary(content: Content, rows: list[BoardRow]) -> str:
    """The board in one or two sentences: how many answered, how they fit, and the habit
    they show (keeping control or letting go early)."""
    verdicts = [r.verdict for r in rows if r.verdict is not None]
    if not verdicts:
        return _("No scenario answered yet: choose a level for each decision in notebook 04.")
    good = sum(v.fit is Fit.GOOD_FIT for v in verdicts)
    tight = sum(v.fit is Fit.TOO_CONTROLLING for v in verdicts)
    loose = sum(v.fit is Fit.TOO_HANDS_OFF for v in verdicts)
    total = len(content.scenarios)
    text = ngettext(
        "{answered} of {total} decision answered: {good} a good fit, {tight} too "
        "controlling, {loose} too hands-off.",
        "{answered} of {total} decisions answered: {good} a good fit, {tight} too "
        "controlling, {loose} too hands-off.",
        total,
    ).format(answered=len(verdicts), total=total, good=good, tight=tight, loose=loose)
    if tight > loose:
        text += " " + _(
            "Your habit leans towards keeping control: where could you let go one level?"
        )
    elif loose > tight:
        text += " " + _(
            "Your habit leans towards letting go early: where does the person need you closer?"
        )
    return text
