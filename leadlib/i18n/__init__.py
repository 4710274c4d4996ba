"""Translations of the library's own strings, through the standard library's gettext.

Mark a string ``_("...")`` where it is shown, ``ngettext(singular, plural, n)`` where it
names a count, and ``N_("...")`` for a module-level constant (translated later, where it
is shown, with ``_(CONSTANT)``). Placeholders are ``str.format`` names:
``_("Saved {count} answers").format(count=n)``, never an f-string (the catalogue would
hold the filled-in text).

The language is ``LEADLIB_LANG`` if set, else the usual ``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES`` and ``LANG``; ``set_language()`` overrides both at run time (tests). The
catalogue is ``leadlib/locale/<lang>/LC_MESSAGES/leadlib.mo``, or the same layout under
``LEADLIB_LOCALEDIR`` (searched first). English needs no catalogue: a string without a
translation is shown as written.

Developer commands (they need Babel, a test dependency)::

    python -m leadlib.i18n extract          # rewrite leadlib/locale/leadlib.pot
    python -m leadlib.i18n pseudo OUTDIR    # build the pseudo-locale and pseudo content

Must not import matplotlib, ipywidgets, nbconvert or the journal; only the standard
library at import time (Babel is imported by the developer commands alone, in
``leadlib.i18n.tools`` and ``leadlib.i18n.__main__``).
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "leadlib"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
POT_FILE = LOCALE_DIR / f"{DOMAIN}.pot"
LANG_ENV = "LEADLIB_LANG"
LOCALEDIR_ENV = "LEADLIB_LOCALEDIR"
#: Where the standard library looks for the language when LEADLIB_LANG is not set.
STANDARD_ENV = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_override: tuple[str | None, str | None] | None = None
_cache_key: tuple[str | None, ...] | None = None
_cache: _gettext.NullTranslations = _gettext.NullTranslations()


def requested_languages() -> list[str]:
    """The languages asked for, best first (``["fr_CH", "fr"]``); empty for the default."""
    if _override is not None and _override[0] is not None:
        raw = _override[0]
    else:
        raw = os.environ.get(LANG_ENV, "")
        if not raw.strip():
            raw = next((os.environ[v] for v in STANDARD_ENV if os.environ.get(v)), "")
    languages = []
    for part in raw.split(":"):
        code = part.strip().split(".")[0].split("@")[0]  # "de_DE.UTF-8" -> "de_DE"
        if code and code not in ("C", "POSIX"):
            languages.append(code)
    return languages


def locale_dirs() -> list[Path]:
    """Folders searched for ``<lang>/LC_MESSAGES/leadlib.mo``, first match wins."""
    extra = _override[1] if _override is not None else None
    extra = extra or os.environ.get(LOCALEDIR_ENV, "")
    return ([Path(extra)] if extra.strip() else []) + [LOCALE_DIR]


def _key() -> tuple[str | None, ...]:
    if _override is not None:
        return ("override", *_override)
    return tuple(os.environ.get(v) for v in (LANG_ENV, LOCALEDIR_ENV, *STANDARD_ENV))


def translation() -> _gettext.NullTranslations:
    """The catalogue for the current language (reloaded only when the language changes)."""
    global _cache, _cache_key
    key = _key()
    if key != _cache_key:
        languages = requested_languages()
        found: _gettext.NullTranslations = _gettext.NullTranslations()
        if languages:
            chain: list[_gettext.NullTranslations] = []
            for directory in locale_dirs():
                try:
                    chain.append(_gettext.translation(DOMAIN, directory, languages))
                except OSError:  # no catalogue for these languages here: English
                    continue
            if chain:
                found = chain[0]
                for fallback in chain[1:]:
                    found.add_fallback(fallback)
        _cache, _cache_key = found, key
    return _cache


def cache_key() -> tuple[str | None, ...]:
    """A hashable value that changes whenever the language or the catalogue folder does:
    part of the key of any cache of translated output (the charts' static layers)."""
    return _key()


def language_tag(default: str = "en") -> str:
    """The language the library's text is shown in, as a BCP 47 tag for ``lang=""``
    (``fr-CH``): that of the catalogue in use, or ``default`` (the English the text is
    written in) when no catalogue was found for the requested languages."""
    languages = requested_languages()
    if languages:
        for directory in locale_dirs():
            found = _gettext.find(DOMAIN, str(directory), languages)
            if found:  # <dir>/<lang>/LC_MESSAGES/leadlib.mo
                return Path(found).parents[1].name.replace("_", "-")
    return default


def catalogue_in_use() -> bool:
    """True when the library's text is shown from a catalogue (another language, or
    the pseudo-locale), False when it is shown in the English it is written in."""
    return type(translation()) is not _gettext.NullTranslations


def _(message: str) -> str:
    """``message`` in the current language (as written when there is no translation)."""
    return translation().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message that fits ``count`` ("1 answer", "2 answers")."""
    return translation().ngettext(singular, plural, count)


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext name
    """Mark ``message`` for the catalogue without translating it yet (module constants)."""
    return message


def set_language(language: str | None, localedir: str | os.PathLike[str] | None = None) -> None:
    """Use ``language`` (and catalogues under ``localedir``) from now on, whatever the
    environment says; ``set_language(None)`` goes back to the environment."""
    global _override
    if language is None and localedir is None:
        _override = None
    else:
        _override = (language or "", str(localedir) if localedir else None)


@contextmanager
def language(
    language: str | None, localedir: str | os.PathLike[str] | None = None
) -> Iterator[None]:
    """``with language("en_XA", folder): ...`` runs the block in that language."""
    global _override
    before = _override
    set_language(language, localedir)
    try:
        yield
    finally:
        _override = before
