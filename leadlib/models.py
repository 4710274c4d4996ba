"""The course's content model: frozen dataclasses for traits, statements, situations,
delegation levels and scenarios, quiz items, the vision rubric and the course map with
its self-check questions.

Pure data; must not import matplotlib, ipywidgets, nbconvert or the journal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property

from .i18n import N_, _

#: Display names of the enum values and choices below (translated where shown).
FAMILY_LABELS = {"leadership": N_("Leadership"), "management": N_("Management")}
FAMILY_WORDS = {"leadership": N_("leadership"), "management": N_("management")}
LEVEL3_WORDS = {"low": N_("low"), "medium": N_("medium"), "high": N_("high")}
WHO_DECIDES_WORDS = {"manager": N_("manager"), "together": N_("together"), "team": N_("team")}


class Family(str, Enum):
    """The two families of traits."""

    LEADERSHIP = "leadership"
    MANAGEMENT = "management"

    @property
    def label(self) -> str:
        """ "Leadership" or "Management", in the current language."""
        return _(FAMILY_LABELS[self.value])

    @property
    def word(self) -> str:
        """ "leadership" or "management" inside a sentence, in the current language."""
        return _(FAMILY_WORDS[self.value])


class Level3(str, Enum):
    """A three-step rating used for competence, commitment, risk and urgency."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def word(self) -> str:
        """ "low", "medium" or "high" in the current language."""
        return _(LEVEL3_WORDS[self.value])


@dataclass(frozen=True)
class KotterProcess:
    """One of Kotter's six processes (three leadership, three management)."""

    id: str
    name: str
    family: Family
    summary: str


@dataclass(frozen=True)
class Trait:
    """One trait of the course's model (the shipped content has eight)."""

    id: str
    name: str
    family: Family
    definition: str
    kotter: tuple[str, ...]
    behaviours: tuple[str, ...]
    development_actions: tuple[str, ...]


@dataclass(frozen=True)
class Statement:
    """A self-assessment statement, answered on the how-often scale. ``rater_text`` is
    the same statement in the third person, for the raters of the others' view."""

    id: str
    trait: str
    text: str
    reverse: bool = False
    rater_text: str = ""


@dataclass(frozen=True)
class Scale:
    """The answer scale of the self-assessment (how often, 1-5)."""

    min: int
    max: int
    labels: tuple[str, ...]

    def reversed_value(self, answer: int) -> int:
        """Score of a reverse-keyed answer: min + max - answer."""
        return self.min + self.max - answer


@dataclass(frozen=True)
class Situation:
    """An organizational situation with its recommended leadership share of attention."""

    id: str
    name: str
    description: str
    leadership_band: tuple[int, int]
    rationale: str


@dataclass(frozen=True)
class DelegationLevel:
    """One of the seven delegation levels."""

    number: int
    id: str
    name: str
    who_decides: str
    description: str

    @property
    def who_decides_label(self) -> str:
        """ "manager", "together" or "team" in the current language."""
        word = WHO_DECIDES_WORDS.get(self.who_decides)
        return _(word) if word else self.who_decides


@dataclass(frozen=True)
class Scenario:
    """A delegation practice scenario: the person's competence and commitment for the
    task, and the task's risk and urgency. The levels that fit are not stored: they come
    from the rules in ``leadlib.delegation`` (``recommended_band``)."""

    id: str
    title: str
    person: str
    decision: str
    competence: Level3
    commitment: Level3
    risk: Level3
    urgency: Level3

    @cached_property
    def recommended_band(self) -> tuple[int, int]:
        """The band of delegation levels [lowest, highest] that fits, computed by the
        rules (``leadlib.delegation.band``), the only source of the recommendation."""
        from .delegation import band  # delegation imports this module

        return band(self)


@dataclass(frozen=True)
class QuizItem:
    """A behaviour to classify as leadership, management or both."""

    id: str
    text: str
    answer: str
    reason: str


@dataclass(frozen=True)
class CheckOption:
    """One option of a self-check question and what the learner reads after choosing it:
    for the right option why it is right, for a wrong one the misunderstanding behind
    it and why it does not hold."""

    text: str
    feedback: str
    right: bool = False


@dataclass(frozen=True)
class SelfCheck:
    """A multiple-choice self-check question. ``options`` are in the data's order: the
    right option first, then the wrong ones; learners see them in an order of their own
    (``leadlib.quiz.option_order``), the printed form one for everyone
    (``leadlib.quiz.printed_order``), and the journal stores positions in this order."""

    id: str
    question: str
    options: tuple[CheckOption, ...]

    @property
    def answer(self) -> int:
        """The position of the right option in ``options``."""
        return next(i for i, option in enumerate(self.options) if option.right)

    @property
    def explanation(self) -> str:
        """Why the right option is right."""
        return self.options[self.answer].feedback


@dataclass(frozen=True)
class NotebookInfo:
    """One notebook of the course map, with its reflection prompt and self-check
    questions."""

    id: str
    title: str
    minutes: int
    objectives: tuple[str, ...]
    reflection: str
    self_checks: tuple[SelfCheck, ...]

    @property
    def filename(self) -> str:
        return f"{self.id}.ipynb"  # a file name, not text for a reader


@dataclass(frozen=True)
class VisionCriterion:
    """One criterion of the vision rubric: a short ``label`` and the ``question`` the
    learner asks of their own statement."""

    id: str
    label: str
    question: str


@dataclass(frozen=True)
class VisionExample:
    """A worked example for the vision rubric: a statement, whether it is a ``good`` or a
    ``weak`` one, and the comment that reads it against the criteria."""

    id: str
    kind: str
    text: str
    comment: str

    @property
    def good(self) -> bool:
        return self.kind == "good"


@dataclass(frozen=True)
class VisionRubric:
    """The vision exercise (``vision.toml``): the criteria the learner rates their own
    statement on, and the good and weak examples that show them. Nothing here judges a
    text automatically."""

    criteria: tuple[VisionCriterion, ...]
    examples: tuple[VisionExample, ...]

    def criterion(self, criterion_id: str) -> VisionCriterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)


@dataclass(frozen=True)
class Content:
    """Everything the course knows, validated. Get it with ``leadlib.load_content()``."""

    kotter_processes: tuple[KotterProcess, ...]
    traits: tuple[Trait, ...]
    scale: Scale
    statements: tuple[Statement, ...]
    situations: tuple[Situation, ...]
    levels: tuple[DelegationLevel, ...]
    scenarios: tuple[Scenario, ...]
    quiz: tuple[QuizItem, ...]
    course_title: str
    notebooks: tuple[NotebookInfo, ...]
    vision: VisionRubric
    _index: dict[str, dict[str, object]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        groups: dict[str, tuple[object, ...]] = {
            "trait": self.traits,
            "statement": self.statements,
            "situation": self.situations,
            "scenario": self.scenarios,
            "quiz": self.quiz,
            "kotter": self.kotter_processes,
            "notebook": self.notebooks,
        }
        for kind, items in groups.items():
            self._index[kind] = {item.id: item for item in items}  # type: ignore[attr-defined]

    def trait(self, trait_id: str) -> Trait:
        return self._index["trait"][trait_id]  # type: ignore[return-value]

    def has_statement(self, statement_id: object) -> bool:
        """True when ``statement_id`` is a statement of the self-assessment."""
        return isinstance(statement_id, str) and statement_id in self._index["statement"]

    def statement(self, statement_id: str) -> Statement:
        return self._index["statement"][statement_id]  # type: ignore[return-value]

    def situation(self, situation_id: str) -> Situation:
        return self._index["situation"][situation_id]  # type: ignore[return-value]

    def scenario(self, scenario_id: str) -> Scenario:
        return self._index["scenario"][scenario_id]  # type: ignore[return-value]

    def kotter(self, process_id: str) -> KotterProcess:
        return self._index["kotter"][process_id]  # type: ignore[return-value]

    def notebook(self, notebook_id: str) -> NotebookInfo:
        return self._index["notebook"][notebook_id]  # type: ignore[return-value]

    def self_check(self, check_id: object) -> SelfCheck | None:
        """The self-check question with id ``check_id``, or None."""
        if not isinstance(check_id, str):
            return None
        return next((c for n in self.notebooks for c in n.self_checks if c.id == check_id), None)

    def level(self, number: int) -> DelegationLevel:
        return self.levels[number - 1]

    def traits_in(self, family: Family) -> tuple[Trait, ...]:
        return tuple(t for t in self.traits if t.family is family)

    def statements_for(self, trait_id: str) -> tuple[Statement, ...]:
        return tuple(s for s in self.statements if s.trait == trait_id)

    def statements_in(self, family: Family | None = None) -> tuple[Statement, ...]:
        if family is None:
            return self.statements
        ids = {t.id for t in self.traits_in(family)}
        return tuple(s for s in self.statements if s.trait in ids)

    @property
    def total_minutes(self) -> int:
        return sum(n.minutes for n in self.notebooks)
