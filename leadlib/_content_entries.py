"""The typed reader of one table of a course data file (``Entry``) and the file-level
helpers every content validator shares: read a TOML file, refuse unknown tables, list
an array of tables with duplicate ids refused.

Every problem is a ``ContentError`` naming the file, the entry and what is wrong. Part
of the core: must not import matplotlib, ipywidgets, nbconvert or the journal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from . import _toml
from .errors import ContentError
from .i18n import _

T = TypeVar("T")


class Entry:
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


def read_toml(directory: Path, name: str) -> dict[str, Any]:
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


def only_known(doc: dict[str, Any], file: str, allowed: Iterable[str]) -> None:
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


def entries_of(
    doc: dict[str, Any], file: str, key: str, label: str, id_key: str = "id"
) -> list[Entry]:
    """The array of tables ``[[key]]``, each wrapped, with duplicate ids refused."""
    raw = doc.get(key)
    if raw is None:
        raise ContentError(file, "", _("no [[{key}]] entries found").format(key=key))
    if not isinstance(raw, list):
        raise ContentError(
            file, "", _("'{key}' must be an array of tables ([[{key}]])").format(key=key)
        )
    entries: list[Entry] = []
    seen: set[object] = set()
    for position, table in enumerate(raw, start=1):
        ident = table.get(id_key) if isinstance(table, dict) else None
        name = f"{label} '{ident}'" if ident is not None else f"{label} #{position}"
        entry = Entry(file, name, table)
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


def build_all(entries: list[Entry], make: Callable[[Entry], T]) -> tuple[T, ...]:
    return tuple(make(e) for e in entries)
