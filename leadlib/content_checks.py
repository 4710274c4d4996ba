"""The validators of the course data files, one per file (traits, statements,
situations, delegation, quiz, vision, course): each reads its file from a folder and
returns the checked models, or raises a ``ContentError`` naming the file, the entry and
what is wrong. ``leadlib.content`` chooses the folder and puts the results together.

Part of the core: must not import matplotlib, ipywidgets, nbconvert or the journal.
"""

from __future__ import annotations

from pathlib import Path

from ._content_entries import Entry, build_all, entries_of, only_known, read_toml
from .errors import ContentError
from .i18n import _, ngettext
from .models import (
    CheckOption,
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


def load_traits(directory: Path) -> tuple[tuple[KotterProcess, ...], tuple[Trait, ...]]:
    file = "traits.toml"
    doc = read_toml(directory, file)
    only_known(doc, file, ("kotter_process", "trait"))
    families = [f.value for f in Family]

    def process(e: Entry) -> KotterProcess:
        e.unknown_fields({"id", "name", "family", "summary"})
        return KotterProcess(
            e.text("id"), e.text("name"), Family(e.choice("family", families)), e.text("summary")
        )

    processes = build_all(entries_of(doc, file, "kotter_process", "kotter_process"), process)
    process_ids = {p.id for p in processes}

    def trait(e: Entry) -> Trait:
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

    traits = build_all(entries_of(doc, file, "trait", "trait"), trait)
    for family in Family:
        count = sum(1 for t in traits if t.family is family)
        if count == 0:
            raise ContentError(file, "", _("no {family} trait defined").format(family=family.value))
    return processes, traits


def load_statements(
    directory: Path, traits: tuple[Trait, ...]
) -> tuple[Scale, tuple[Statement, ...]]:
    file = "statements.toml"
    doc = read_toml(directory, file)
    only_known(doc, file, ("scale", "statement"))
    if "scale" not in doc:
        raise ContentError(file, "[scale]", _("missing the [scale] table (min, max, labels)"))
    s = Entry(file, "[scale]", doc["scale"])
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

    def statement(e: Entry) -> Statement:
        e.unknown_fields({"id", "trait", "text", "reverse", "rater_text"})
        trait_id = e.text("trait")
        if trait_id not in trait_ids:
            e.fail(
                _("points at unknown trait '{trait}'; known traits: {known}").format(
                    trait=trait_id, known=", ".join(trait_ids)
                )
            )
        return Statement(
            e.text("id"),
            trait_id,
            e.text("text"),
            e.flag("reverse"),
            rater_text=e.text("rater_text"),
        )

    statements = build_all(entries_of(doc, file, "statement", "statement"), statement)
    for t in traits:
        own = [st for st in statements if st.trait == t.id]
        where = f"trait '{t.id}'"  # the table's name in the file, as written there
        if len(own) < 4:
            raise ContentError(
                file,
                where,
                _("needs at least 4 statements, found {count}").format(count=len(own)),
            )
        _check_keying(file, where, own)
    for family in Family:
        _check_reverse_positions(
            file, family, [t for t in traits if t.family is family], statements
        )
    return scale, statements


def _check_keying(file: str, where: str, own: list[Statement]) -> None:
    """Self-assessment design: a trait has as many positively as reverse-keyed
    statements, so that the same answer to every statement scores the midpoint (a
    habit of agreeing, or of saying "never", moves no trait)."""
    reverse = sum(1 for st in own if st.reverse)
    positive = len(own) - reverse
    if positive == reverse:
        return
    gap = abs(positive - reverse)
    if positive > reverse:
        change = ngettext(
            "add {gap} reverse-keyed statement or remove {gap} positively keyed one",
            "add {gap} reverse-keyed statements or remove {gap} positively keyed ones",
            gap,
        )
        reword = ngettext(
            "(or reword {half} positively keyed statement to say the opposite and mark "
            "it reverse = true)",
            "(or reword {half} positively keyed statements to say the opposite and mark "
            "them reverse = true)",
            gap // 2,
        )
    else:
        change = ngettext(
            "add {gap} positively keyed statement or remove {gap} reverse-keyed one",
            "add {gap} positively keyed statements or remove {gap} reverse-keyed ones",
            gap,
        )
        reword = ngettext(
            "(or reword {half} reverse-keyed statement to say the opposite and remove "
            "its reverse = true)",
            "(or reword {half} reverse-keyed statements to say the opposite and remove "
            "their reverse = true)",
            gap // 2,
        )
    change = change.format(gap=gap)
    if gap % 2 == 0:
        change += " " + reword.format(half=gap // 2)
    raise ContentError(
        file,
        where,
        _(
            "has {positive} positively keyed and {reverse} reverse-keyed statements "
            "(reverse = true); the self-assessment needs as many of each, so that the "
            "same answer to every statement scores the middle of the scale: {change}"
        ).format(positive=positive, reverse=reverse, change=change),
    )


def _check_reverse_positions(
    file: str, family: Family, traits: list[Trait], statements: tuple[Statement, ...]
) -> None:
    """Self-assessment design: the reverse-keyed statements are not in the same places
    (first, second, ... statement of the trait, in the file's order, which is the order
    shown) in every trait of a family, so that a respondent cannot learn where the
    reversed ones come."""
    if len(traits) < 2:
        return
    places = {
        tuple(
            i + 1 for i, st in enumerate(st for st in statements if st.trait == t.id) if st.reverse
        )
        for t in traits
    }
    if len(places) > 1:
        return
    (same,) = places
    raise ContentError(
        file,
        _("the {family} traits").format(family=family.value),
        _(
            "the reverse-keyed statements are in the same places in every trait (statements "
            "{places} of each of {traits}, in the order of the file, which is the order "
            "shown), so a respondent can learn where they come; move a reverse-keyed "
            "statement of at least one of these traits before or after its other "
            "statements"
        ).format(
            places=" and ".join(str(p) for p in same),
            traits=", ".join(t.id for t in traits),
        ),
    )


def load_situations(directory: Path) -> tuple[Situation, ...]:
    file = "situations.toml"
    doc = read_toml(directory, file)
    only_known(doc, file, ("situation",))

    def situation(e: Entry) -> Situation:
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

    return build_all(entries_of(doc, file, "situation", "situation"), situation)


def load_delegation(directory: Path) -> tuple[tuple[DelegationLevel, ...], tuple[Scenario, ...]]:
    file = "delegation.toml"
    doc = read_toml(directory, file)
    only_known(doc, file, ("level", "scenario"))

    def level(e: Entry) -> DelegationLevel:
        e.unknown_fields({"number", "id", "name", "who_decides", "description"})
        return DelegationLevel(
            e.integer("number"),
            e.text("id"),
            e.text("name"),
            e.choice("who_decides", ("manager", "together", "team")),
            e.text("description"),
        )

    levels = build_all(entries_of(doc, file, "level", "level", id_key="number"), level)
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

    def scenario(e: Entry) -> Scenario:
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

    scenarios = build_all(entries_of(doc, file, "scenario", "scenario"), scenario)
    return levels, scenarios


def _check_retired_recommendation(e: Entry, scenario: Scenario) -> None:
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


def load_quiz(directory: Path) -> tuple[QuizItem, ...]:
    file = "quiz.toml"
    doc = read_toml(directory, file)
    only_known(doc, file, ("item",))

    def item(e: Entry) -> QuizItem:
        e.unknown_fields({"id", "text", "answer", "reason"})
        return QuizItem(
            e.text("id"), e.text("text"), e.choice("answer", QUIZ_ANSWERS), e.text("reason")
        )

    return build_all(entries_of(doc, file, "item", "item"), item)


def load_vision(directory: Path) -> VisionRubric:
    file = "vision.toml"
    doc = read_toml(directory, file)
    only_known(doc, file, ("criterion", "example"))

    def criterion(e: Entry) -> VisionCriterion:
        e.unknown_fields({"id", "label", "question"})
        return VisionCriterion(e.text("id"), e.text("label"), e.text("question"))

    def example(e: Entry) -> VisionExample:
        e.unknown_fields({"id", "kind", "text", "comment"})
        return VisionExample(
            e.text("id"), e.choice("kind", VISION_KINDS), e.text("text"), e.text("comment")
        )

    criteria = build_all(entries_of(doc, file, "criterion", "criterion"), criterion)
    examples = build_all(entries_of(doc, file, "example", "example"), example)
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


def _self_checks(file: str, notebook: Entry, seen: set[str]) -> tuple[SelfCheck, ...]:
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
        c = Entry(file, f"{notebook.entry}, self_check {label}", table)
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
            o = Entry(file, f"{c.entry}, wrong option {number}", item)
            o.unknown_fields({"option", "feedback"})
            options.append(CheckOption(o.text("option"), o.text("feedback")))
        texts = [option.text for option in options]
        if len(set(texts)) != len(texts):
            c.fail(_("two options have the same text; each option must read differently"))
        checks.append(SelfCheck(check_id, c.text("question"), tuple(options)))
    return tuple(checks)


def load_course(directory: Path) -> tuple[str, tuple[NotebookInfo, ...]]:
    file = "course.toml"
    doc = read_toml(directory, file)
    only_known(doc, file, ("title", "notebook"))
    title = doc.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ContentError(file, "", _("missing field 'title' (the course title, a text)"))

    seen_checks: set[str] = set()

    def notebook(e: Entry) -> NotebookInfo:
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

    return title.strip(), build_all(entries_of(doc, file, "notebook", "notebook"), notebook)
