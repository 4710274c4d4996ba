"""The others' view (notebook 08): rater files, their validation, and what the course may
show of them.

A learner hands colleagues a rater pack (``leadlib.rater_pack``); each rater saves a
small JSON file::

    {"schema": "leadlib-rater", "version": 1,
     "pack": "R-7K3Q9XW2MD",          # the learner's pack, so files can be matched to it
     "response": "9F2KQ7XM4TJH8WCA",  # random per saved form: the same file twice is one rater
     "date": "2026-12-02",            # the day it was saved, nothing finer
     "answers": {"vc5": 4, ...}}      # every statement id -> 1-5

No name, no free text, no time of day. Files are read through ``leadlib.exportfile``
(the hostile-file rules of exports) and checked here (``parse_rater``).

What is shown (``publish``), the rules of docs/privacy.md applied to one learner:

- Rule 1 and 2: the raters' mean per trait is shown only once at least ``k`` raters are
  counted (``k`` from ``team.privacy``, never below ``SMALLEST_MIN_GROUP``); no single
  item, no minimum, maximum or spread is ever shown.
- Rule 7 (the release ledger's idea, made stricter): what was shown is recorded as a
  *release* (the raters counted, the figures). A new release only ever *adds* raters to
  the previous one, and at least ``k`` of them; a rater counted once stays counted
  (a removed rater freezes the view at the last release). So any two releases differ by
  a block of at least ``k`` raters, and every figure ever shown is a sum over whole
  blocks: no combination of releases isolates fewer than ``k`` raters.
- Rule 4: a trait's mean is left out of a release when the raters added since that
  trait was last shown all gave it the same score (the change would then state each
  one's score).

Pure functions over ``Content`` and plain data; must not import matplotlib, ipywidgets,
nbconvert, sqlite3 or the journal; ``team.privacy`` (k and its check) is imported only
inside ``publish``, so that the journal's validators can use this module.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .errors import AnswerError, LeadlibError, printable
from .exportfile import ExportFileError, read_export, read_export_bytes
from .i18n import _, ngettext
from .models import Content
from .scoring import _EPSILON, CLAIM_STEPS, check_answer, claim_gap, score

SCHEMA = "leadlib-rater"
VERSION = 1
#: A rater file is about 600 bytes; anything far bigger is refused before it is read.
MAX_RATER_BYTES = 20_000
PACK_RE = re.compile(r"^R-[0-9A-Z]{10}$")
RESPONSE_RE = re.compile(r"^[0-9A-Z]{16}$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
KEYS = ("schema", "version", "pack", "response", "date", "answers")
#: The characters of random ids: no 0/O or 1/I look-alikes.
_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
#: Longest first name the learner may show raters in the pack.
MAX_FIRST_NAME = 40


class RaterFileError(LeadlibError, ValueError):
    """A rater file that cannot be used; the message names the file and every problem."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {printable(p, 300)}" for p in self.problems)
        super().__init__(
            _("{file}: not used as a rater file:\n{problems}").format(
                file=printable(source), problems=lines
            )
        )


def new_pack_id() -> str:
    """A random pack id such as 'R-7K3Q9XW2MD'."""
    return "R-" + "".join(secrets.choice(_ALPHABET) for _ in range(10))


def check_first_name(value: object) -> str | None:
    """The optional first name shown to raters: None when blank; AnswerError when it is
    not a short single line of text."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise AnswerError(
            _("The first name for the rater pack must be a text, found {value!r}.").format(
                value=value
            )
        )
    name = " ".join(value.split())
    if not name:
        return None
    if len(name) > MAX_FIRST_NAME or not name.isprintable():
        raise AnswerError(
            _(
                "The first name for the rater pack must be one short line (at most {most} "
                "characters); leave it empty to show no name."
            ).format(most=MAX_FIRST_NAME)
        )
    return name


@dataclass(frozen=True)
class RaterAnswers:
    """One rater's validated file: its random response id, date and answers."""

    response: str
    date: str
    answers: Mapping[str, int]


def parse_rater(content: Content, doc: Mapping[str, Any], pack_id: str) -> RaterAnswers:
    """Check a rater document against ``pack_id`` and the course's statements; raise
    RaterFileError('', problems) listing every problem (the caller names the file)."""
    problems: list[str] = []
    if doc.get("schema") != SCHEMA:
        raise RaterFileError(
            "",
            [
                _(
                    "this is not a rater file (its schema is {found!r}, a rater file says "
                    "{schema!r}); ask the rater to save their answers from the rater pack"
                ).format(found=printable(str(doc.get("schema")), 60), schema=SCHEMA)
            ],
        )
    if doc.get("version") != VERSION or isinstance(doc.get("version"), bool):
        problems.append(
            _("version {found!r}: this course reads rater files of version {version}").format(
                found=doc.get("version"), version=VERSION
            )
        )
    unknown = sorted(set(doc) - set(KEYS))
    if unknown:
        problems.append(
            _("unexpected field(s) {fields}: a rater file holds only {known}").format(
                fields=", ".join(printable(k, 40) for k in unknown), known=", ".join(KEYS)
            )
        )
    pack = doc.get("pack")
    if not isinstance(pack, str) or not PACK_RE.match(pack):
        problems.append(_("the pack id is missing or malformed"))
    elif pack != pack_id:
        problems.append(
            _(
                "it answers the rater pack {found}, not yours ({mine}): it belongs to "
                "someone else's pack, or to a pack made before your journal was reset"
            ).format(found=pack, mine=pack_id)
        )
    response = doc.get("response")
    if not isinstance(response, str) or not RESPONSE_RE.match(response):
        problems.append(_("the response id is missing or malformed"))
    saved = doc.get("date")
    if not _valid_date(saved):
        problems.append(
            _("the date must be written YYYY-MM-DD, found {value!r}").format(value=saved)
        )
    answers = doc.get("answers")
    checked: dict[str, int] = {}
    if not isinstance(answers, dict):
        problems.append(_("'answers' must be an object of statement id -> answer"))
    else:
        for key, value in answers.items():
            try:
                checked[key] = check_answer(content, key, value)
            except AnswerError as exc:
                problems.append(printable(str(exc), 200))
        missing = [s.id for s in content.statements if s.id not in answers]
        if missing:
            problems.append(
                ngettext(
                    "{count} statement is not answered ({ids}); the rater pack asks for every one",
                    "{count} statements are not answered ({ids}); the rater pack asks for "
                    "every one",
                    len(missing),
                ).format(count=len(missing), ids=", ".join(missing[:8]))
            )
    if problems:
        raise RaterFileError("", problems)
    assert isinstance(response, str) and isinstance(saved, str)
    return RaterAnswers(response, saved, checked)


def _valid_date(value: object) -> bool:
    if not isinstance(value, str) or not _DATE_RE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _named(source: str, error: RaterFileError | ExportFileError) -> RaterFileError:
    if isinstance(error, ExportFileError):
        return RaterFileError(source, [error.reason])
    return RaterFileError(source, error.problems)


def read_rater_file(content: Content, path: str | os.PathLike[str], pack_id: str) -> RaterAnswers:
    """Read and check one rater file; RaterFileError naming the file otherwise."""
    try:
        doc = read_export(path, max_bytes=MAX_RATER_BYTES).doc
        return parse_rater(content, doc, pack_id)
    except (ExportFileError, RaterFileError) as error:
        raise _named(str(path), error) from None


def read_rater_bytes(content: Content, name: str, raw: bytes, pack_id: str) -> RaterAnswers:
    """Read and check the bytes of an uploaded rater file called ``name``."""
    try:
        doc = read_export_bytes(name, raw, max_bytes=MAX_RATER_BYTES)
        return parse_rater(content, doc, pack_id)
    except (ExportFileError, RaterFileError) as error:
        raise _named(name, error) from None


def rater_scores(content: Content, answers: Mapping[str, int]) -> dict[str, float]:
    """One rater's 0-100 score per trait (the self-assessment's scoring)."""
    return {t: v for t, v in score(content, answers).traits.items() if v is not None}


# --------------------------------------------------------------------------- releases


@dataclass(frozen=True)
class Release:
    """What the others' view showed once: the raters counted (their random response
    ids), the day, the minimum group, and per trait the raters' mean (None: left out)."""

    number: int
    raters: tuple[str, ...]
    date: str
    k: int
    traits: Mapping[str, float | None]
    pack: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "pack": self.pack,
            "raters": list(self.raters),
            "date": self.date,
            "k": self.k,
            "traits": dict(self.traits),
        }

    @classmethod
    def from_json(cls, number: int, value: Mapping[str, Any]) -> Release:
        return cls(
            number,
            tuple(value["raters"]),
            str(value["date"]),
            int(value["k"]),
            dict(value["traits"]),
            str(value["pack"]),
        )


def release_item(number: int) -> str:
    """The journal item of release ``number``: 'release-001'."""
    return f"release-{number:03d}"


@dataclass(frozen=True)
class OthersView:
    """What the course shows now. ``shown`` is the release on screen (None: nothing yet);
    ``new`` is set when this call made a new release (to record); ``waiting`` raters are
    imported but not counted yet, ``needed`` more must arrive before the view changes;
    ``missing`` counted raters are no longer in the journal (the view is frozen)."""

    shown: Release | None
    new: Release | None
    counted: int
    waiting: int
    needed: int
    k: int
    missing: int = 0
    notes: tuple[str, ...] = field(default=())


def publish(
    content: Content,
    raters: Mapping[str, Mapping[str, int]],
    releases: Sequence[Release],
    min_group: int | None = None,
    today: str | None = None,
    pack: str = "",
) -> OthersView:
    """The view of ``raters`` (response id -> answers) given the earlier ``releases``
    (oldest first): a new release when at least k raters arrived since the last one and
    none counted before is missing; otherwise the last release, unchanged. ``min_group``
    defaults to the team report's ``DEFAULT_MIN_GROUP``; k is the largest of it and the
    earlier releases' k."""
    # The team package is loaded only here: the journal's validators import this module.
    from .team.privacy import DEFAULT_MIN_GROUP, check_min_group

    if min_group is None:
        min_group = DEFAULT_MIN_GROUP
    k = max([check_min_group(min_group), *(r.k for r in releases)])
    last = releases[-1] if releases else None
    counted = set(last.raters) if last else set()
    present = set(raters)
    missing = counted - present
    added = present - counted
    if missing:
        note = ngettext(
            "{n} rater counted in the view is no longer in your journal: the view stays "
            "as it was published, so that removing a rater reveals nothing. Import their "
            "file again to go on.",
            "{n} raters counted in the view are no longer in your journal: the view stays "
            "as it was published, so that removing raters reveals nothing. Import their "
            "files again to go on.",
            len(missing),
        ).format(n=len(missing))
        return OthersView(last, None, len(counted), len(added), 0, k, len(missing), (note,))
    if len(added) < k:
        return OthersView(last, None, len(counted), len(added), k - len(added), k)
    day = today or date.today().isoformat()
    traits = _release_traits(content, raters, releases, present)
    new = Release(len(releases) + 1, tuple(sorted(present)), day, k, traits, pack)
    return OthersView(new, new, len(present), 0, k, k)


def _release_traits(
    content: Content,
    raters: Mapping[str, Mapping[str, int]],
    releases: Sequence[Release],
    present: set[str],
) -> dict[str, float | None]:
    scores = {rid: rater_scores(content, raters[rid]) for rid in present}
    out: dict[str, float | None] = {}
    for trait in content.traits:
        shown_before = [r for r in releases if r.traits.get(trait.id) is not None]
        since = present - set(shown_before[-1].raters) if shown_before else present
        values = [scores[rid][trait.id] for rid in since]
        alike = max(values) - min(values) < _EPSILON
        out[trait.id] = None if alike else sum(scores[r][trait.id] for r in present) / len(present)
    return out


def rebuild_releases(
    content: Content,
    raters: Mapping[str, Mapping[str, int]],
    marks: Mapping[str, tuple[int, int]],
    min_group: int,
    pack: str = "",
) -> list[Release] | None:
    """The releases again from the raters' marks (response id -> (the release that first
    counted it, how many raters that release counted)), when the recorded releases were
    deleted: release j counts every rater marked j or lower, with the same rule for the
    traits' means. None when a counted rater is missing too (the counts do not add up):
    then no release can be rebuilt that would not differ from an earlier one by fewer
    than k raters."""
    rebuilt: list[Release] = []
    for number in sorted({mark for mark, _count in marks.values()}):
        members = {rid for rid, (mark, _count) in marks.items() if mark <= number}
        expected = {count for mark, count in marks.values() if mark == number}
        if expected != {len(members)}:
            return None
        traits = _release_traits(content, raters, rebuilt, members)
        day = _("rebuilt")
        rebuilt.append(
            Release(len(rebuilt) + 1, tuple(sorted(members)), day, min_group, traits, pack)
        )
    return rebuilt


@dataclass(frozen=True)
class Comparison:
    """Self against others on one trait: ``kind`` is 'blind_spot' (self higher by at
    least the call-out threshold), 'hidden_strength' (others higher), 'close', or None
    when either score is unknown."""

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
    }


def callout_note(content: Content) -> str:
    """The note under the others' view's table: the scale, the precision and the
    call-out threshold, and what 'left out' means."""
    threshold = callout_threshold(content)
    return _(
        "Scores are 0-100. One answer step moves a trait by {step:g} points, so a "
        "difference is called out only from {points:g} points ({steps} steps) on. A trait "
        "is 'left out' when the raters added since it was last shown all gave it the "
        "same score."
    ).format(step=threshold / CLAIM_STEPS, points=threshold, steps=CLAIM_STEPS)


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
            if gap >= threshold - _EPSILON:
                kind = "blind_spot"
            elif -gap >= threshold - _EPSILON:
                kind = "hidden_strength"
            else:
                kind = "close"
        out.append(Comparison(trait.id, mine, theirs, kind))
    return out


__all__ = [
    "MAX_RATER_BYTES",
    "SCHEMA",
    "VERSION",
    "Comparison",
    "OthersView",
    "RaterAnswers",
    "RaterFileError",
    "Release",
    "callout_note",
    "callout_threshold",
    "check_first_name",
    "compare",
    "new_pack_id",
    "parse_rater",
    "publish",
    "read_rater_bytes",
    "read_rater_file",
    "reading_words",
    "rater_scores",
    "rebuild_releases",
    "release_item",
]
