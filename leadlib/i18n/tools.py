"""Developer tools behind ``python -m leadlib.i18n``: extract the message catalogue
(``leadlib/locale/leadlib.pot``) with Babel, and build a pseudo-locale for testing.

The pseudo-locale turns every message into accented text about 40% longer between
visible markers (``Save`` -> ``⟦Šåṽé ļö⟧``), keeping placeholders (``{name}``,
``%(x)s``, ``%d``), HTML tags and entities intact, so a test can spot any string that
does not go through gettext and any layout that breaks with longer text. It also writes
a pseudo copy of the course content (same layout as ``leadlib/data/``; ids, keys and
choices untouched).

Needs Babel (a test dependency); never imported by the library at run time. Must not
import matplotlib, ipywidgets, nbconvert or the journal.
"""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from .. import _toml
from . import DOMAIN, POT_FILE

PACKAGE_DIR = Path(__file__).resolve().parent.parent
ROOT = PACKAGE_DIR.parent
DATA_DIR = PACKAGE_DIR / "data"
#: What Babel reads: every Python module of the package.
METHOD_MAP = [("leadlib/**.py", "python")]
#: The marking functions of ``leadlib.i18n`` (None: the first argument is the message;
#: (1, 2): singular and plural).
KEYWORDS: dict[str, Any] = {"_": None, "N_": None, "ngettext": (1, 2)}
COMMENT_TAGS = ("Translators:",)

PSEUDO_LANG = "en_XA"
OPEN, CLOSE = "\u27e6", "\u27e7"  # ⟦ ⟧
GROWTH = 0.4
_ACCENTS = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
        strict=True,
    )
)
_FILLER = "ļöŕéɱ îþšûɱ ðöļöŕ šîţ åɱéţ çöñšéçţéţûŕ åðîþîšçîñĝ éļîţ"
#: Pieces of a message that must survive translation unchanged.
_PROTECTED = re.compile(
    r"\{\{|\}\}"  # escaped braces of str.format
    r"|\{[^{}]*\}"  # a str.format field: {name}, {0}, {value:.0f}, {x!r}
    r"|%\([A-Za-z_]\w*\)[sdifr]|%[sd]"  # printf placeholders
    r"|<[^<>]*>"  # an HTML tag
    r"|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);"  # an HTML entity
)
#: Attributes of a tag whose value a reader sees or hears.
_VISIBLE_ATTR = re.compile(r"""\b(alt|title|aria-label|placeholder)=(["'])(.*?)\2""")


def _accent(text: str) -> str:
    return "".join(_ACCENTS.get(c, c) for c in text)


def _padding(length: int) -> str:
    if length <= 0:
        return ""
    repeated = (_FILLER + " ") * (length // len(_FILLER) + 2)
    return repeated[:length].rstrip() or "\u00b7"


def _tag(tag: str) -> str:
    return _VISIBLE_ATTR.sub(lambda m: f"{m[1]}={m[2]}{pseudo(m[3])}{m[2]}", tag)


def pseudo(message: str) -> str:
    """``message`` in the pseudo-locale: accented, ~40% longer, between ⟦ ⟧ markers.

    Placeholders, HTML tags and entities are kept as they are (a tag's alt, title,
    aria-label and placeholder texts are pseudo-translated too). A message with no
    letter outside them comes back unchanged.
    """
    pieces: list[tuple[bool, str]] = []  # (is text, piece)
    position = 0
    for match in _PROTECTED.finditer(message):
        if match.start() > position:
            pieces.append((True, message[position : match.start()]))
        token = match[0]
        pieces.append((False, _tag(token) if token.startswith("<") else token))
        position = match.end()
    if position < len(message):
        pieces.append((True, message[position:]))
    visible = "".join(p for is_text, p in pieces if is_text)
    if not any(c.isalpha() for c in visible):
        return "".join(p for _, p in pieces)
    # Markers go round the text, inside any tags that open or close the message.
    not_tag = [i for i, (is_text, p) in enumerate(pieces) if is_text or not p.startswith("<")]
    first, last = not_tag[0], not_tag[-1]
    extra = _padding(math.ceil(len(visible.strip()) * GROWTH))
    out = []
    for i, (is_text, piece) in enumerate(pieces):
        if i == first:
            out.append(OPEN)
        out.append(_accent(piece) if is_text else piece)
        if i == last:
            out.append(" " + extra + CLOSE if extra else CLOSE)
    return "".join(out)


# -- the catalogue ---------------------------------------------------------------------


def extract() -> Catalog:
    """A fresh catalogue of every marked message in the package (sorted, no line numbers)."""
    catalog = Catalog(project=DOMAIN, charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT),
        method_map=METHOD_MAP,
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    ):
        catalog.add(
            message,
            None,
            [(filename, lineno)],
            auto_comments=comments,
            context=context,
        )
    return catalog


def pot_text(catalog: Catalog) -> str:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, include_lineno=False)
    return buffer.getvalue().decode("utf-8")


def write_pot(target: Path = POT_FILE) -> int:
    """Extract the catalogue into ``target`` (``leadlib/locale/leadlib.pot``); return the
    number of messages."""
    catalog = extract()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(pot_text(catalog), encoding="utf-8")
    return sum(1 for message in catalog if message.id)


def read_catalog(path: Path = POT_FILE) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def message_ids(catalog: Iterable[Any]) -> set[tuple[str, ...]]:
    """Each message as (msgid,) or (singular, plural), without the header."""
    found: set[tuple[str, ...]] = set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        found.add(tuple(ids))
    return found


# -- the pseudo-locale -----------------------------------------------------------------


def pseudo_catalog(template: Catalog, lang: str = PSEUDO_LANG) -> Catalog:
    catalog = Catalog(project=DOMAIN, locale=None, charset="utf-8", fuzzy=False)
    catalog.language_team = lang
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, (list, tuple)):
            catalog.add(message.id, tuple(pseudo(m) for m in message.id))
        else:
            catalog.add(message.id, pseudo(message.id))
    return catalog


#: Content fields a learner reads; everything else (ids, choices, numbers) stays.
TEXT_FIELDS = frozenset(
    {
        "title",
        "name",
        "summary",
        "definition",
        "behaviours",
        "development_actions",
        "text",
        "labels",
        "description",
        "rationale",
        "person",
        "decision",
        "reason",
        "objectives",
        "reflection",
        # course.toml's self-checks: the question, the options and their feedback
        "question",
        "right",
        "explanation",
        "option",
        "feedback",
        # vision.toml: the criteria and the examples
        "label",
        "comment",
    }
)


def pseudo_content(doc: Any, key: str = "") -> Any:
    """A parsed TOML document with every text field pseudo-translated."""
    if isinstance(doc, dict):
        return {k: pseudo_content(v, k) for k, v in doc.items()}
    if isinstance(doc, list):
        return [pseudo_content(v, key) for v in doc]
    if isinstance(doc, str) and key in TEXT_FIELDS:
        return pseudo(doc)
    return doc


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _is_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _table(lines: list[str], path: str, table: Mapping[str, Any]) -> None:
    for key, value in table.items():
        if not isinstance(value, dict) and not _is_tables(value):
            lines.append(f"{key} = {_value(value)}")
    for key, value in table.items():
        inner = f"{path}.{key}" if path else key
        if isinstance(value, dict):
            lines += ["", f"[{inner}]"]
            _table(lines, inner, value)
        elif _is_tables(value):
            for item in value:
                lines += ["", f"[[{inner}]]"]
                _table(lines, inner, item)


def dump_toml(doc: Mapping[str, Any]) -> str:
    """Write a parsed course data file back as TOML (the subset the data files use)."""
    lines: list[str] = ["# Generated by python -m leadlib.i18n pseudo: do not edit."]
    _table(lines, "", doc)
    return "\n".join(lines) + "\n"


def build_pseudo(out_dir: Path, lang: str = PSEUDO_LANG) -> tuple[Path, Path]:
    """Write ``out_dir/<lang>/LC_MESSAGES/leadlib.mo`` from the committed .pot and a
    pseudo copy of ``leadlib/data`` in ``out_dir/data``; return both paths."""
    mo_path = out_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    mo_path.parent.mkdir(parents=True, exist_ok=True)
    with mo_path.open("wb") as handle:
        write_mo(handle, pseudo_catalog(read_catalog(), lang))
    data_out = out_dir / "data"
    data_out.mkdir(parents=True, exist_ok=True)
    for source in sorted(DATA_DIR.glob("*.toml")):
        doc = _toml.loads(source.read_text(encoding="utf-8"))
        (data_out / source.name).write_text(dump_toml(pseudo_content(doc)), encoding="utf-8")
    return mo_path, data_out
