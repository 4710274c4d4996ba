"""Load the course data (``leadlib/data/*.toml``) and validate it into ``Content``.

A facilitator can adapt the course without editing the package: ``LEADLIB_CONTENT``
names another folder with the same files, and ``LEADLIB_LANG`` (or ``lang=``) picks a
language subfolder of it (``data/<lang>/``) when one exists.

Every problem is reported as a ``ContentError`` naming the file, the entry and what is
wrong. Must not import matplotlib, ipywidgets, nbconvert or the journal.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from . import _toml
from .errors import ContentError
from .i18n import _
from .models import (
    CheckOption,
    Content,
    DelegationLevel,
    Family,
    KotterProcess,
    Level3,
    NotebookInfo,
    QuizItem,
    Scale,
    Scenario,
    SelfCheck,
    Situation,
    Statement,
    Trait,
    VisionCriterion,
    VisionExample,
    VisionRubric,
)

DATA_DIR = Path(__file__).with_name("data")
#: Names a folder of course data to use instead of ``DATA_DIR`` (same files).
CONTENT_ENV = "LEADLIB_CONTENT"
#: Picks a language: the ``<lang>`` subfolder of the content folder, when it exists.
LANG_ENV = "LEADLIB_LANG"
LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
FILES = (
    "traits.toml",
    "statements.toml",
    "situations.toml",
    "delegation.toml",
    "quiz.toml",
    "vision.toml",
    "course.toml",
)
QUIZ_ANSWERS = ("leadership", "management", "both")
#: Fewest and most self-check questions a notebook has.
CHECKS_PER_NOTEBOOK = (3, 5)
#: Fewest wrong options a self-check question has (each with its own feedback); the
#: kinds of vision example (one of each is needed).
WRONG_OPTIONS_AT_LEAST = 2
VISION_KINDS = ("good", "weak")
LEVEL_COUNT = 7
#: The scenarios' stored band, retired: the delegation rules compute it now. An older
#: content folder may still have it; it is ignored when it agrees with the rules.
RETIRED_RECOMMENDED = "recommended"

T = TypeVar("T")


class _Entry:
    """One table of a data file, with typed accessors that report where a problem is."""

    def __init__(self, file: str, entry: str, table: Any) -> None:
        self.file = file
        self.entry = entry
        if not isinstance(table, dict):
            self.fail(_("expected a table, found {kind}").format(kind=type(table).__name__))
        self.table: dict[str, Any] = table

    def fail(self, problem: str) -> NoReturn:
        raise ContentError(self.file, self.entry, problem)

    def _get(self, key: str, kind: type | tuple[type, ...], kind_name: str) -> Any:
        if key not in self.table:
            self.fail(_("missing field '{key}'").format(key=key))
        value = self.table[key]
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            self.fail(
                _("field '{key}' must be {kind}, found {value!r}").format(
                    key=key, kind=kind_name, value=value
                )
            )
        return value

    def text(self, key: str) -> str:
        value: str = self._get(key, str, _("a text"))
        if not value.strip():
            self.fail(_("field '{key}' is empty").format(key=key))
        return value.strip()

    def integer(self, key: str) -> int:
        value: int = self._get(key, int, _("a whole number"))
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        if key not in self.table:
            return default
        value: bool = self._get(key, bool, _("true or false"))
        return value

    def texts(self, key: str, at_least: int = 1) -> tuple[str, ...]:
        values = self._get(key, list, _("a list of texts"))
        if not all(isinstance(v, str) and v.strip() for v in values):
            self.fail(_("field '{key}' must be a list of non-empty texts").format(key=key))
        if len(values) < at_least:
            self.fail(
                _("field '{key}' needs at least {least} entries, found {count}").format(
                    key=key, least=at_least, count=len(values)
                )
            )
        return tuple(v.strip() for v in values)

    def choice(self, key: str, allowed: Iterable[str]) -> str:
        value = self.text(key)
        options = tuple(allowed)
        if value not in options:
            self.fail(
                _("field '{key}' is '{value}', expected one of: {options}").format(
                    key=key, value=value, options=", ".join(options)
                )
            )
        return value

    def pair(self, key: str, low: int, high: int) -> tuple[int, int]:
        values = self._get(
            key,
            list,
            _("a pair [low, high] of whole numbers {low}-{high}").format(low=low, high=high),
        )
        if len(values) != 2 or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in values
        ):
            self.fail(
                _(
                    "field '{key}' must be a pair [low, high] of whole numbers, found {values!r}"
                ).format(key=key, values=values)
            )
        a, b = values
        if not (low <= a <= b <= high):
            self.fail(
                _("field '{key}' is {values!r}; it needs {low} <= low <= high <= {high}").format(
                    key=key, values=values, low=low, high=high
                )
            )
        return (a, b)

    def unknown_fields(self, allowed: Iterable[str]) -> None:
        extra = sorted(set(self.table) - set(allowed))
        if extra:
            self.fail(
                _("unknown field(s) {fields}; check the spelling").format(fields=", ".join(extra))
            )


def _read(directory: Path, name: str) -> dict[str, Any]:
    path = directory / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(
            name, "", _("file not found in {folder}").format(folder=directory)
        ) from None
    except UnicodeDecodeError as exc:
        raise ContentError(
            name, "", _("not valid UTF-8 text ({reason})").format(reason=exc.reason)
        ) from None
    try:
        return _toml.loads(text)
    except _toml.TOMLDecodeError as exc:
        raise ContentError(name, "", _("not valid TOML: {problem}").format(problem=exc)) from None


def _only(doc: dict[str, Any], file: str, allowed: Iterable[str]) -> None:
    """Refuse top-level tables or fields the course does not know (often a misspelling)."""
    known = tuple(allowed)
    extra = sorted(set(doc) - set(known))
    if extra:
        raise ContentError(
            file,
            "",
            _(
                "unknown table or field(s) {fields}; this file may only hold "
                "{known}: check the spelling"
            ).format(fields=", ".join(extra), known=", ".join(known)),
        )


def _entries(
    doc: dict[str, Any], file: str, key: str, label: str, id_key: str = "id"
) -> list[_Entry]:
    """The array of tables ``[[key]]``, each wrapped, with duplicate ids refused."""
    raw = doc.get(key)
    if raw is None:
        raise ContentError(file, "", _("no [[{key}]] entries found").format(key=key))
    if not isinstance(raw, list):
        raise ContentError(
            file, "", _("'{key}' must be an array of tables ([[{key}]])").format(key=key)
        )
    entries: list[_Entry] = []
    seen: set[object] = set()
    for position, table in enumerate(raw, start=1):
        ident = table.get(id_key) if isinstance(table, dict) else None
        name = f"{label} '{ident}'" if ident is not None else f"{label} #{position}"
        entry = _Entry(file, name, table)
        if ident is None:
            entry.fail(_("missing field '{key}'").format(key=id_key))
        if isinstance(ident, (list, dict)):
            entry.fail(
                _("field '{key}' must be a single value, found {value!r}").format(
                    key=id_key, value=ident
                )
            )
        if ident in seen:
            entry.fail(
                _("duplicate {key} '{value}' (each {kind} needs its own {key})").format(
                    key=id_key, value=ident, kind=label
                )
            )
        seen.add(ident)
        entries.append(entry)
    return entries


def _build(entries: list[_Entry], make: Callable[[_Entry], T]) -> tuple[T, ...]:
    return tuple(make(e) for e in entries)


def _load_traits(directory: Path) -> tuple[tuple[KotterProcess, ...], tuple[Trait, ...]]:
    file = "traits.toml"
    doc = _read(directory, file)
    _only(doc, file, ("kotter_process", "trait"))
    families = [f.value for f in Family]

    def process(e: _Entry) -> KotterProcess:
        e.unknown_fields({"id", "name", "family", "summary"})
        return KotterProcess(
            e.text("id"), e.text("name"), Family(e.choice("family", families)), e.text("summary")
        )

    processes = _build(_entries(doc, file, "kotter_process", "kotter_process"), process)
    process_ids = {p.id for p in processes}

    def trait(e: _Entry) -> Trait:
        e.unknown_fields(
            {"id", "name", "family", "definition", "kotter", "behaviours", "development_actions"}
        )
        kotter = e.texts("kotter")
        for pid in kotter:
            if pid not in process_ids:
                e.fail(
                    _("unknown Kotter process '{process}' in 'kotter'; known: {known}").format(
                        process=pid, known=", ".join(sorted(process_ids))
                    )
                )
        return Trait(
            id=e.text("id"),
            name=e.text("name"),
            family=Family(e.choice("family", families)),
            definition=e.text("definition"),
            kotter=kotter,
            behaviours=e.texts("behaviours", at_least=3),
            development_actions=e.texts("development_actions", at_least=2),
        )

    traits = _build(_entries(doc, file, "trait", "trait"), trait)
    for family in Family:
        count = sum(1 for t in traits if t.family is family)
        if count == 0:
            raise ContentError(file, "", _("no {family} trait defined").format(family=family.value))
    return processes, traits


def _load_statements(
    directory: Path, traits: tuple[Trait, ...]
) -> tuple[Scale, tuple[Statement, ...]]:
    file = "statements.toml"
    doc = _read(directory, file)
    _only(doc, file, ("scale", "statement"))
    if "scale" not in doc:
        raise ContentError(file, "[scale]", _("missing the [scale] table (min, max, labels)"))
    s = _Entry(file, "[scale]", doc["scale"])
    s.unknown_fields({"min", "max", "labels"})
    scale = Scale(s.integer("min"), s.integer("max"), s.texts("labels"))
    if scale.min >= scale.max:
        s.fail(_("min ({min}) must be below max ({max})").format(min=scale.min, max=scale.max))
    if len(scale.labels) != scale.max - scale.min + 1:
        s.fail(
            _("needs one label per point: {needed}, found {found}").format(
                needed=scale.max - scale.min + 1, found=len(scale.labels)
            )
        )
    trait_ids = [t.id for t in traits]

    def statement(e: _Entry) -> Statement:
        e.unknown_fields({"id", "trait", "text", "reverse"})
        trait_id = e.text("trait")
        if trait_id not in trait_ids:
            e.fail(
                _("points at unknown trait '{trait}'; known traits: {known}").format(
                    trait=trait_id, known=", ".join(trait_ids)
                )
            )
        return Statement(e.text("id"), trait_id, e.text("text"), e.flag("reverse"))

    statements = _build(_entries(doc, file, "statement", "statement"), statement)
    for t in traits:
        own = [st for st in statements if st.trait == t.id]
        where = f"trait '{t.id}'"  # the table's name in the file, as written there
        if len(own) < 4:
            raise ContentError(
                file,
                where,
                _("needs at least 4 statements, found {count}").format(count=len(own)),
            )
        if not any(st.reverse for st in own):
            raise ContentError(
                file, where, _("needs at least one reverse-keyed statement (reverse = true)")
            )
        if all(st.reverse for st in own):
            raise ContentError(
                file, where, _("every statement is reverse-keyed; at least one must not be")
            )
    return scale, statements


def _load_situations(directory: Path) -> tuple[Situation, ...]:
    file = "situations.toml"
    doc = _read(directory, file)
    _only(doc, file, ("situation",))

    def situation(e: _Entry) -> Situation:
        e.unknown_fields({"id", "name", "description", "leadership_band", "rationale"})
        band = e.pair("leadership_band", 0, 100)
        if band[0] == band[1]:
            e.fail(
                _("'leadership_band' {band} is empty; low must be below high").format(
                    band=list(band)
                )
            )
        return Situation(
            e.text("id"), e.text("name"), e.text("description"), band, e.text("rationale")
        )

    return _build(_entries(doc, file, "situation", "situation"), situation)


def _load_delegation(directory: Path) -> tuple[tuple[DelegationLevel, ...], tuple[Scenario, ...]]:
    file = "delegation.toml"
    doc = _read(directory, file)
    _only(doc, file, ("level", "scenario"))

    def level(e: _Entry) -> DelegationLevel:
        e.unknown_fields({"number", "id", "name", "who_decides", "description"})
        return DelegationLevel(
            e.integer("number"),
            e.text("id"),
            e.text("name"),
            e.choice("who_decides", ("manager", "together", "team")),
            e.text("description"),
        )

    levels = _build(_entries(doc, file, "level", "level", id_key="number"), level)
    numbers = [lv.number for lv in levels]
    if numbers != list(range(1, LEVEL_COUNT + 1)):
        raise ContentError(
            file,
            "[[level]]",
            _("needs levels numbered 1 to {count} in order, found {numbers}").format(
                count=LEVEL_COUNT, numbers=numbers
            ),
        )
    ratings = [r.value for r in Level3]

    def scenario(e: _Entry) -> Scenario:
        e.unknown_fields(
            {
                "id",
                "title",
                "person",
                "decision",
                "competence",
                "commitment",
                "risk",
                "urgency",
                RETIRED_RECOMMENDED,
            }
        )
        made = Scenario(
            id=e.text("id"),
            title=e.text("title"),
            person=e.text("person"),
            decision=e.text("decision"),
            competence=Level3(e.choice("competence", ratings)),
            commitment=Level3(e.choice("commitment", ratings)),
            risk=Level3(e.choice("risk", ratings)),
            urgency=Level3(e.choice("urgency", ratings)),
        )
        if RETIRED_RECOMMENDED in e.table:
            _check_retired_recommendation(e, made)
        return made

    scenarios = _build(_entries(doc, file, "scenario", "scenario"), scenario)
    return levels, scenarios


def _check_retired_recommendation(e: _Entry, scenario: Scenario) -> None:
    """An older content folder may still write ``recommended = [low, high]``. The rules
    compute the band now; a stored band that agrees with them is ignored, one that
    disagrees is refused, because the facilitator meant something the course no longer
    reads."""
    stored = e.pair(RETIRED_RECOMMENDED, 1, LEVEL_COUNT)
    computed = scenario.recommended_band
    if stored != computed:
        e.fail(
            _(
                "says recommended = {stored}, but the delegation rules give "
                "{computed} for competence {competence}, commitment "
                "{commitment}, risk {risk} and urgency "
                "{urgency}. The course no longer reads 'recommended': the "
                "rules in leadlib/delegation.py are the only source. Delete the line, and "
                "change competence, commitment, risk or urgency if you want other levels to fit"
            ).format(
                stored=list(stored),
                computed=list(computed),
                competence=scenario.competence.value,
                commitment=scenario.commitment.value,
                risk=scenario.risk.value,
                urgency=scenario.urgency.value,
            )
        )


def _load_quiz(directory: Path) -> tuple[QuizItem, ...]:
    file = "quiz.toml"
    doc = _read(directory, file)
    _only(doc, file, ("item",))

    def item(e: _Entry) -> QuizItem:
        e.unknown_fields({"id", "text", "answer", "reason"})
        return QuizItem(
            e.text("id"), e.text("text"), e.choice("answer", QUIZ_ANSWERS), e.text("reason")
        )

    return _build(_entries(doc, file, "item", "item"), item)


def _load_vision(directory: Path) -> VisionRubric:
    file = "vision.toml"
    doc = _read(directory, file)
    _only(doc, file, ("criterion", "example"))

    def criterion(e: _Entry) -> VisionCriterion:
        e.unknown_fields({"id", "label", "question"})
        return VisionCriterion(e.text("id"), e.text("label"), e.text("question"))

    def example(e: _Entry) -> VisionExample:
        e.unknown_fields({"id", "kind", "text", "comment"})
        return VisionExample(
            e.text("id"), e.choice("kind", VISION_KINDS), e.text("text"), e.text("comment")
        )

    criteria = _build(_entries(doc, file, "criterion", "criterion"), criterion)
    examples = _build(_entries(doc, file, "example", "example"), example)
    for kind in VISION_KINDS:
        if not any(x.kind == kind for x in examples):
            raise ContentError(
                file,
                "[[example]]",
                _(
                    'needs at least one {kind} example (kind = "{kind}"): the learner '
                    "compares a good and a weak statement before rating their own"
                ).format(kind=kind),
            )
    return VisionRubric(criteria, examples)


def _self_checks(file: str, notebook: _Entry, seen: set[str]) -> tuple[SelfCheck, ...]:
    """The notebook's questions: a right and wrong options, each with its feedback."""
    raw = notebook.table.get("self_check")
    if not isinstance(raw, list):  # missing, or the retired one-question [notebook.self_check]
        notebook.fail(
            _(
                "needs {low} to {high} self-check questions as [[notebook.self_check]] tables "
                "(id, question, right, explanation, and two or more "
                "[[notebook.self_check.wrong]] tables with option and feedback)"
            ).format(low=CHECKS_PER_NOTEBOOK[0], high=CHECKS_PER_NOTEBOOK[1])
        )
    low, high = CHECKS_PER_NOTEBOOK
    if not low <= len(raw) <= high:
        found = _("needs {low} to {high} self-check questions, found {count}")
        notebook.fail(found.format(low=low, high=high, count=len(raw)))
    checks = []
    for position, table in enumerate(raw, start=1):
        ident = table.get("id") if isinstance(table, dict) else None
        label = f"'{ident}'" if isinstance(ident, str) else f"#{position}"
        c = _Entry(file, f"{notebook.entry}, self_check {label}", table)
        c.unknown_fields({"id", "question", "right", "explanation", "wrong"})
        check_id = c.text("id")
        if check_id in seen:
            c.fail(_("duplicate id: each self-check question of the course needs its own id"))
        seen.add(check_id)
        wrong = c.table.get("wrong")
        if not isinstance(wrong, list) or len(wrong) < WRONG_OPTIONS_AT_LEAST:
            c.fail(
                _(
                    "needs at least {least} [[notebook.self_check.wrong]] tables, each with "
                    "'option' (a real misunderstanding) and 'feedback' (why it does not hold)"
                ).format(least=WRONG_OPTIONS_AT_LEAST)
            )
        options = [CheckOption(c.text("right"), c.text("explanation"), right=True)]
        for number, item in enumerate(wrong, start=1):
            o = _Entry(file, f"{c.entry}, wrong option {number}", item)
            o.unknown_fields({"option", "feedback"})
            options.append(CheckOption(o.text("option"), o.text("feedback")))
        texts = [option.text for option in options]
        if len(set(texts)) != len(texts):
            c.fail(_("two options have the same text; each option must read differently"))
        checks.append(SelfCheck(check_id, c.text("question"), tuple(options)))
    return tuple(checks)


def _load_course(directory: Path) -> tuple[str, tuple[NotebookInfo, ...]]:
    file = "course.toml"
    doc = _read(directory, file)
    _only(doc, file, ("title", "notebook"))
    title = doc.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ContentError(file, "", _("missing field 'title' (the course title, a text)"))

    seen_checks: set[str] = set()

    def notebook(e: _Entry) -> NotebookInfo:
        e.unknown_fields({"id", "title", "minutes", "objectives", "reflection", "self_check"})
        minutes = e.integer("minutes")
        if minutes <= 0:
            e.fail(_("'minutes' must be positive, found {minutes}").format(minutes=minutes))
        checks = _self_checks(file, e, seen_checks)
        return NotebookInfo(
            e.text("id"),
            e.text("title"),
            minutes,
            e.texts("objectives"),
            e.text("reflection"),
            checks,
        )

    return title.strip(), _build(_entries(doc, file, "notebook", "notebook"), notebook)


def content_dir(directory: str | os.PathLike[str] | None = None, lang: str | None = None) -> Path:
    """The folder the course data is read from.

    The base folder is ``directory`` when given, else the folder named by the
    ``LEADLIB_CONTENT`` environment variable, else the package's own ``data`` folder.
    The language is ``lang`` when given, else ``LEADLIB_LANG``; when the base folder has
    a subfolder of that name (``data/de/``, with the same files), it is used instead,
    otherwise the base folder itself (the default language). Raises ContentError when
    ``LEADLIB_CONTENT`` names no folder or the language is not a language code.
    """
    if directory is not None:
        base = Path(directory)
    else:
        named = os.environ.get(CONTENT_ENV, "").strip()
        base = Path(named).expanduser() if named else DATA_DIR
        if named and not base.is_dir():
            raise ContentError(
                CONTENT_ENV,
                "",
                _(
                    "the environment variable names the folder {folder}, which does not exist "
                    "(or is not a folder). Point it at a copy of leadlib/data with the same "
                    "files ({files}), or unset it to use the course as shipped"
                ).format(folder=base, files=", ".join(FILES)),
            )
    chosen = lang if lang is not None else os.environ.get(LANG_ENV, "")
    chosen = chosen.strip()
    if not chosen:
        return base
    if not LANGUAGE_CODE.fullmatch(chosen):
        source = _("the language") if lang is not None else LANG_ENV
        raise ContentError(
            source,
            "",
            _(
                "{chosen!r} is not a language code; use a short code such as 'en', 'de' or "
                "'pt-BR', the name of a subfolder of the content folder"
            ).format(chosen=chosen),
        )
    localized = base / chosen
    return localized if localized.is_dir() else base


def load_content(
    directory: str | os.PathLike[str] | None = None, lang: str | None = None
) -> Content:
    """Load and validate the course data.

    The folder is chosen by ``content_dir``: ``directory``, else ``LEADLIB_CONTENT``,
    else the package's ``data`` folder; then its ``<lang>`` subfolder when it exists
    (``lang``, else ``LEADLIB_LANG``). Without ``directory`` the content is loaded once
    per folder and process and cached; with it, the folder is read and validated again
    on every call (for example to check a facilitator's edited copy).
    """
    folder = content_dir(directory, lang)
    if directory is None:
        return _cached_content(str(folder.resolve()))
    return _load(folder)


@lru_cache(maxsize=8)
def _cached_content(folder: str) -> Content:
    return _load(Path(folder))


def _load(directory: Path) -> Content:
    processes, traits = _load_traits(directory)
    scale, statements = _load_statements(directory, traits)
    situations = _load_situations(directory)
    levels, scenarios = _load_delegation(directory)
    quiz = _load_quiz(directory)
    vision = _load_vision(directory)
    title, notebooks = _load_course(directory)
    return Content(
        kotter_processes=processes,
        traits=traits,
        scale=scale,
        statements=statements,
        situations=situations,
        levels=levels,
        scenarios=scenarios,
        quiz=quiz,
        course_title=title,
        notebooks=notebooks,
        vision=vision,
    )
