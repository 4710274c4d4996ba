"""The others' view in the journal: the learner's rater pack id, importing rater files
(from paths, a folder or uploaded bytes; one bad file never stops the others) and the
releases of the view (``leadlib.raters.publish``), recorded so that re-imports and
journal edits cannot be used to compare two views a few raters apart.

What is kept: the pack (exercise RATER_PACK), each rater's answers under the file's
random response id with the release that first counted them (RATER_ANSWERS), and each
release (OTHERS_VIEW). Should the releases be deleted, they are rebuilt from the raters'
release marks; should counted raters be deleted, the view stays frozen at the last
release. None of it is in the learner's export (``exchange.EXCHANGED``).

Works on any object with the journal's ``record`` and ``answers`` methods; must not
import sqlite3, matplotlib, ipywidgets, nbconvert or the widgets.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from ..errors import LeadlibError, printable
from ..i18n import N_, _
from ..models import Content
from ..raters import (
    OthersView,
    RaterAnswers,
    RaterFileError,
    Release,
    check_first_name,
    new_pack_id,
    publish,
    read_rater_bytes,
    read_rater_file,
    rebuild_releases,
    release_item,
)
from .answers import OTHERS_VIEW, RATER_ANSWERS, RATER_PACK

#: Most files one folder import reads (a folder of raters holds a handful).
MAX_FILES = 200


class _Journal(Protocol):
    content: Content

    def record(self, exercise: str, item: str, value: object) -> None: ...

    def answers(self, exercise: str) -> dict[str, Any]: ...


@dataclass(frozen=True)
class ImportResult:
    """What became of one rater file: ``status`` is 'added', 'same' (imported before),
    'replaced' (the rater saved again before being counted) or 'refused' (``message``
    says why)."""

    source: str
    status: str
    message: str


def pack(
    journal: _Journal, first_name: str | None = None, *, rename: bool = False
) -> dict[str, Any]:
    """The learner's rater pack {"id", "first_name"}: made (with a random id) the first
    time; with ``rename`` the first name shown to raters is replaced (the id stays, so
    files from earlier copies still match)."""
    current = journal.answers(RATER_PACK).get("pack")
    name = check_first_name(first_name)
    if current is None:
        current = {"id": new_pack_id(), "first_name": name}
        journal.record(RATER_PACK, "pack", current)
    elif rename and current.get("first_name") != name:
        current = {"id": current["id"], "first_name": name}
        journal.record(RATER_PACK, "pack", current)
    return dict(current)


def pack_id(journal: _Journal) -> str | None:
    """The id of the learner's rater pack, or None before one is made."""
    current = journal.answers(RATER_PACK).get("pack")
    return None if current is None else str(current["id"])


def rater_files_in(folder: str | os.PathLike[str]) -> list[Path]:
    """The .json files directly in ``folder``, sorted; LeadlibError naming the folder if
    it is not one."""
    where = Path(folder).expanduser()
    if not where.is_dir():
        raise LeadlibError(
            _("{folder} is not a folder; type the folder that holds the rater files.").format(
                folder=printable(str(where))
            )
        )
    files = sorted(p for p in where.iterdir() if p.suffix.lower() == ".json")
    if len(files) > MAX_FILES:
        raise LeadlibError(
            _(
                "{folder} holds {count} .json files; rater files are a handful. Put them "
                "in a folder of their own."
            ).format(folder=printable(str(where)), count=len(files))
        )
    return files


def import_raters(
    journal: _Journal, sources: Iterable[str | os.PathLike[str] | tuple[str, bytes]]
) -> list[ImportResult]:
    """Import rater files, each a path or (file name, bytes) from an upload, one result
    per file. Nothing is imported before a pack exists."""
    content = journal.content
    wanted = pack_id(journal)
    results = []
    for source in sources:
        name = source[0] if isinstance(source, tuple) else str(source)
        if wanted is None:
            results.append(
                ImportResult(
                    name, "refused", _("make your rater pack first: no file can match it yet")
                )
            )
            continue
        try:
            if isinstance(source, tuple):
                rater = read_rater_bytes(content, source[0], source[1], wanted)
            else:
                rater = read_rater_file(content, source, wanted)
        except RaterFileError as error:
            results.append(ImportResult(name, "refused", "; ".join(error.problems)))
            continue
        results.append(_store(journal, name, rater))
    return results


def _store(journal: _Journal, name: str, rater: RaterAnswers) -> ImportResult:
    known = journal.answers(RATER_ANSWERS).get(rater.response)
    answers = dict(rater.answers)
    if known is not None and known["answers"] == answers:
        return ImportResult(name, "same", _("imported before; counted once"))
    first_counted = _counted(journal).get(rater.response)
    if known is not None and (known.get("release") is not None or first_counted):
        return ImportResult(
            name,
            "refused",
            _(
                "a file with this response code was imported and counted before with other "
                "answers; the first one is kept"
            ),
        )
    value: dict[str, Any] = {"pack": pack_id(journal), "date": rater.date, "answers": answers}
    if first_counted:  # counted before, then deleted from the journal: its mark comes back
        value["release"], value["counted"] = first_counted
    journal.record(RATER_ANSWERS, rater.response, value)
    if known is not None:
        return ImportResult(name, "replaced", _("replaces this rater's earlier file"))
    return ImportResult(name, "added", _("imported"))


def _counted(journal: _Journal) -> dict[str, tuple[int, int]]:
    """Per rater counted in a recorded release of the current pack: (the release that
    first counted it, how many raters that release counted)."""
    wanted = pack_id(journal)
    recorded = sorted(_of_pack(journal.answers(OTHERS_VIEW), wanted).items())
    first: dict[str, tuple[int, int]] = {}
    for number, (_item, value) in enumerate(recorded, start=1):
        for rid in value["raters"]:
            first.setdefault(rid, (number, len(value["raters"])))
    return first


def _of_pack(values: Mapping[str, Any], wanted: str | None) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value.get("pack") == wanted}


def releases(journal: _Journal, k: int) -> list[Release] | None:
    """The releases of the current pack, oldest first; rebuilt from the raters' release
    marks when some were deleted; None when that cannot be done safely."""
    wanted = pack_id(journal)
    recorded = sorted(_of_pack(journal.answers(OTHERS_VIEW), wanted).items())
    found = [Release.from_json(n, value) for n, (_item, value) in enumerate(recorded, start=1)]
    raters = _of_pack(journal.answers(RATER_ANSWERS), wanted)
    marks = {
        rid: (int(value["release"]), int(value["counted"]))
        for rid, value in raters.items()
        if value.get("release")
    }
    if len({mark for mark, _count in marks.values()}) > len(found):
        answers = {rid: raters[rid]["answers"] for rid in marks}
        return rebuild_releases(journal.content, answers, marks, k, wanted or "")
    return found


#: Said when the journal's record of the view was changed so that it cannot be rebuilt.
TAMPERED = N_(
    "Your journal's record of what the others' view showed was changed (releases and "
    "counted raters were removed), so no view can be shown safely for this rater pack. "
    "To start again, make a new rater pack and ask your raters again."
)


def others_view(journal: _Journal, min_group: int | None = None) -> OthersView:
    """The view to show now; a new release is recorded in the journal, and the raters it
    counts first are marked with it."""
    from ..team.privacy import DEFAULT_MIN_GROUP, check_min_group

    k = check_min_group(DEFAULT_MIN_GROUP if min_group is None else min_group)
    wanted = pack_id(journal)
    earlier = releases(journal, k)
    if earlier is None:
        return OthersView(None, None, 0, 0, 0, k, 0, (_(TAMPERED),))
    stored = _of_pack(journal.answers(RATER_ANSWERS), wanted)
    answers = {rid: v["answers"] for rid, v in stored.items()}
    view = publish(journal.content, answers, earlier, k, pack=wanted or "")
    new = view.new
    if new is not None:
        items = journal.answers(OTHERS_VIEW)
        number = max((int(item.rpartition("-")[2]) for item in items), default=0) + 1
        journal.record(OTHERS_VIEW, release_item(number), new.to_json())
        before = set(earlier[-1].raters) if earlier else set()
        for rid in new.raters:
            if rid not in before:
                marked = dict(stored[rid], release=new.number, counted=len(new.raters))
                journal.record(RATER_ANSWERS, rid, marked)
    return view


__all__ = [
    "ImportResult",
    "import_raters",
    "others_view",
    "pack",
    "pack_id",
    "rater_files_in",
    "releases",
]
