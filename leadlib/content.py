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
    VisionCheck,
    VisionRules,
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


def _load_vision(directory: Path) -> VisionRules:
    file = "vision.toml"
    doc = _read(directory, file)
    _only(doc, file, ("length", "check"))
    if "length" not in doc:
        raise ContentError(
            file, "[length]", _("missing the [length] table (min_words, max_words and remarks)")
        )
    n = _Entry(file, "[length]", doc["length"])
    n.unknown_fields({"min_words", "max_words", "empty", "short", "long", "good"})
    low, high = n.integer("min_words"), n.integer("max_words")
    if not 0 < low < high:
        n.fail(
            _("needs 0 < min_words < max_words, found min_words {low}, max_words {high}").format(
                low=low, high=high
            )
        )
    remarks = {key: n.text(key) for key in ("empty", "short", "long", "good")}
    for key in ("short", "long", "good"):
        try:
            remarks[key].format(count=1)
        except (KeyError, IndexError, ValueError) as exc:
            n.fail(
                _(
                    "field '{key}' can only use {{count}} (the number of words) in braces; "
                    "found a problem with {problem}. Write {{{{ or }}}} for a literal brace"
                ).format(key=key, problem=exc)
            )

    def check(e: _Entry) -> VisionCheck:
        e.unknown_fields({"id", "has", "lacks", "words", "patterns", "label"})
        words = e.texts("words", at_least=0) if "words" in e.table else ()
        patterns = e.texts("patterns", at_least=0) if "patterns" in e.table else ()
        if not words and not patterns:
            e.fail(_("needs 'words' or 'patterns' (what counts as saying it)"))
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                e.fail(
                    _("pattern {pattern!r} is not a valid regular expression: {problem}").format(
                        pattern=pattern, problem=exc
                    )
                )
        label = e.text("label") if "label" in e.table else ""
        return VisionCheck(
            e.text("id"), e.text("has"), e.text("lacks"), words, patterns, label=label
        )

    checks = _build(_entries(doc, file, "check", "check"), check)
    return VisionRules(
        low,
        high,
        remarks["empty"],
        remarks["short"],
        remarks["long"],
        remarks["good"],
        checks,
    )


def _load_course(directory: Path) -> tuple[str, tuple[NotebookInfo, ...]]:
    file = "course.toml"
    doc = _read(directory, file)
    _only(doc, file, ("title", "notebook"))
    title = doc.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ContentError(file, "", _("missing field 'title' (the course title, a text)"))

    def notebook(e: _Entry) -> NotebookInfo:
        e.unknown_fields({"id", "title", "minutes", "objectives", "reflection", "self_check"})
        minutes = e.integer("minutes")
        if minutes <= 0:
            e.fail(_("'minutes' must be positive, found {minutes}").format(minutes=minutes))
        if not isinstance(e.table.get("self_check"), dict):
            e.fail(
                _(
                    "missing the [notebook.self_check] table "
                    "(question, options, answer, explanation)"
                )
            )
        c = _Entry(file, f"{e.entry}, self_check", e.table["self_check"])
        c.unknown_fields({"question", "options", "answer", "explanation"})
        options = c.texts("options", at_least=2)
        answer = c.integer("answer")
        if not 0 <= answer < len(options):
            c.fail(
                _(
                    "'answer' is {answer}; it is the position of the right option, counted "
                    "from 0, so it must be 0-{last}"
                ).format(answer=answer, last=len(options) - 1)
            )
        check = SelfCheck(c.text("question"), options, answer, c.text("explanation"))
        return NotebookInfo(
            e.text("id"),
            e.text("title"),
            minutes,
            e.texts("objectives"),
            e.text("reflection"),
            check,
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
