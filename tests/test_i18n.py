"""Translations: the gettext wrapper picks the language and catalogue, the committed
.pot matches the code, and the pseudo-locale keeps placeholders and tags."""

from __future__ import annotations

import json
import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

import leadlib
from leadlib import i18n
from leadlib.i18n import tools
from leadlib.i18n.__main__ import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts from no language at all, and leaves none behind."""
    for name in (i18n.LANG_ENV, i18n.LOCALEDIR_ENV, *i18n.STANDARD_ENV):
        monkeypatch.delenv(name, raising=False)
    i18n.set_language(None)
    yield
    i18n.set_language(None)


def _catalogue(folder: Path, lang: str, messages: dict[object, object]) -> Path:
    catalog = Catalog(locale=None, charset="utf-8", fuzzy=False)
    for msgid, msgstr in messages.items():
        catalog.add(msgid, msgstr)  # type: ignore[arg-type]
    path = folder / lang / "LC_MESSAGES" / "leadlib.mo"
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:
        write_mo(handle, catalog)
    return folder


# -- choosing the language ----------------------------------------------------------


def test_without_a_catalogue_text_is_shown_as_written() -> None:
    assert i18n._("Save reflection") == "Save reflection"
    assert i18n.ngettext("{n} answer", "{n} answers", 1) == "{n} answer"
    assert i18n.ngettext("{n} answer", "{n} answers", 2) == "{n} answers"
    assert i18n.N_("Cancel") == "Cancel"


def test_leadlib_lang_and_localedir_pick_the_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _catalogue(
        tmp_path,
        "fr",
        {"Cancel": "Annuler", ("{n} answer", "{n} answers"): ("{n} réponse", "{n} réponses")},
    )
    monkeypatch.setenv(i18n.LOCALEDIR_ENV, str(folder))
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert i18n._("Cancel") == "Cancel", "no German catalogue: English"
    monkeypatch.setenv(i18n.LANG_ENV, "fr_CH:fr")
    assert i18n.requested_languages() == ["fr_CH", "fr"]
    assert i18n._("Cancel") == "Annuler"
    assert i18n.ngettext("{n} answer", "{n} answers", 2).format(n=2) == "2 réponses"
    assert i18n._("Not in the catalogue") == "Not in the catalogue"


def test_the_standard_variables_count_when_leadlib_lang_is_not_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(i18n.LOCALEDIR_ENV, str(_catalogue(tmp_path, "nl", {"Cancel": "Annuleren"})))
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    assert i18n._("Cancel") == "Annuleren"
    monkeypatch.setenv("LC_ALL", "C")  # before LANG, and means "no translation"
    assert i18n.requested_languages() == []
    assert i18n._("Cancel") == "Cancel"


def test_set_language_overrides_the_environment_and_can_be_undone(tmp_path: Path) -> None:
    folder = _catalogue(tmp_path, "fr", {"Cancel": "Annuler"})
    with i18n.language("fr", folder):
        assert i18n._("Cancel") == "Annuler"
        with i18n.language("en"):
            assert i18n._("Cancel") == "Cancel"
        assert i18n._("Cancel") == "Annuler"
    assert i18n._("Cancel") == "Cancel"


def test_library_messages_follow_the_language(tmp_path: Path, content: leadlib.Content) -> None:
    from leadlib.scoring import Quadrant

    folder = _catalogue(
        tmp_path,
        "fr",
        {
            "Strong leadership, strong management": "Leadership fort, management fort",
            "Leadership": "Leadership (fr)",
        },
    )
    with i18n.language("fr", folder):
        assert Quadrant.STRONG_BOTH.label == "Leadership fort, management fort"
        assert leadlib.Family.LEADERSHIP.label == "Leadership (fr)"
    assert Quadrant.STRONG_BOTH.label == "Strong leadership, strong management"


def test_importing_leadlib_loads_no_babel_and_reads_no_catalogue() -> None:
    code = (
        "import sys, leadlib, leadlib.i18n\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'babel'))\n"
        "print(leadlib.i18n._cache_key is None)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["[]", "True"], done.stdout + done.stderr


# -- the catalogue ------------------------------------------------------------------


def test_the_committed_pot_lists_every_marked_message() -> None:
    fresh = tools.message_ids(tools.extract())
    committed = tools.message_ids(tools.read_catalog(i18n.POT_FILE))
    hint = (
        "leadlib/locale/leadlib.pot is out of date: run `make pot` "
        "(or `python -m leadlib.i18n extract`) and commit the result"
    )
    assert sorted(fresh - committed) == [], f"{hint}; new messages listed here"
    assert sorted(committed - fresh) == [], f"{hint}; messages no longer in the code listed here"


def test_the_catalogue_is_not_empty_and_has_plural_forms() -> None:
    ids = tools.message_ids(tools.read_catalog(i18n.POT_FILE))
    assert len(ids) > 150
    assert ("{points} point", "{points} points") in ids


def test_no_message_is_an_f_string_leftover() -> None:
    """A message must be the text a translator sees: no half-filled placeholders."""
    for ids in tools.message_ids(tools.read_catalog(i18n.POT_FILE)):
        for msgid in ids:
            list(string.Formatter().parse(msgid))  # raises on a broken placeholder
            assert msgid == msgid.strip() or msgid.endswith(" "), msgid


# -- the pseudo-locale --------------------------------------------------------------


def _fields(text: str) -> list[str | None]:
    return [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]


@pytest.mark.parametrize(
    "message",
    [
        "Save reflection",
        "Cleared {what}: {count} saved answers removed.",
        "<p><strong>Done.</strong> Your scores (0-100):</p>",
        "{trait}: {score:.0f} of 100",
        "<p role='alert'><strong>Clear {what}?</strong> This cannot be undone.</p>",
        "Unknown statement id {id!r}: it is not part of the self-assessment.",
    ],
)
def test_pseudo_keeps_placeholders_and_tags_and_grows_the_text(message: str) -> None:
    fake = tools.pseudo(message)
    assert fake.count(tools.OPEN) == 1 and fake.count(tools.CLOSE) == 1
    assert _fields(fake) == _fields(message)
    assert tools._PROTECTED.findall(fake) == tools._PROTECTED.findall(message)
    letters = sum(c.isalpha() for c in tools._PROTECTED.sub("", message))
    assert sum(c.isalpha() for c in tools._PROTECTED.sub("", fake)) >= 1.3 * letters
    outside = tools._PROTECTED.sub("", fake)
    assert not any("a" <= c.lower() <= "z" for c in outside), f"a plain letter left: {fake}"


def test_pseudo_translates_alt_text_and_leaves_text_without_letters() -> None:
    assert tools.pseudo("{where}: {problem}") == "{where}: {problem}"
    fake = tools.pseudo('<img alt="A chart" src="x.png">')
    assert 'src="x.png"' in fake and "A chart" not in fake and tools.OPEN in fake


def test_every_pseudo_message_formats_with_the_same_names() -> None:
    for ids in tools.message_ids(tools.read_catalog(i18n.POT_FILE)):
        for msgid in ids:
            assert _fields(tools.pseudo(msgid)) == _fields(msgid), msgid


def test_the_pseudo_command_writes_a_catalogue_and_content_that_load(
    tmp_path: Path, content: leadlib.Content, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["pseudo", str(tmp_path)]) == 0
    assert "LEADLIB_LANG=en_XA" in capsys.readouterr().out
    fake = leadlib.load_content(tmp_path / "data")
    assert [t.id for t in fake.traits] == [t.id for t in content.traits]
    assert [s.leadership_band for s in fake.situations] == [
        s.leadership_band for s in content.situations
    ]
    assert fake.quiz[0].answer == content.quiz[0].answer
    assert fake.traits[0].name.startswith(tools.OPEN)
    assert fake.notebooks[0].self_checks[0].options[0].text.startswith(tools.OPEN)
    assert fake.notebooks[0].self_checks[0].options[1].feedback.startswith(tools.OPEN)
    assert fake.vision.examples[0].comment.startswith(tools.OPEN)
    with i18n.language(tools.PSEUDO_LANG, tmp_path):
        assert i18n._("Cancel").startswith(tools.OPEN + "Çåñçéļ")
        one = i18n.ngettext("{points} point", "{points} points", 1)
        assert one.startswith(tools.OPEN) and "{points}" in one


def test_the_command_explains_its_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["pseudo"]) == 2
    assert "python -m leadlib.i18n extract" in capsys.readouterr().err


def test_the_pot_is_shipped_with_the_package() -> None:
    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"locale/*.pot"' in project and '"locale/*/LC_MESSAGES/*.mo"' in project
    assert json.dumps(str(i18n.POT_FILE.relative_to(ROOT))) == '"leadlib/locale/leadlib.pot"'


def test_no_marked_message_hides_inside_an_f_string() -> None:
    """Babel (before Python 3.12) cannot see ``f"{_('Save')}"``: such a message would
    be missing from the catalogue and never translated. Hoist it out of the f-string."""
    import ast

    hidden = []
    for path in sorted((ROOT / "leadlib").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Name)
                    and call.func.id in tools.KEYWORDS
                    and call.args
                    and isinstance(call.args[0], ast.Constant)
                ):
                    hidden.append(f"{path.relative_to(ROOT)}:{call.lineno}: {ast.unparse(call)}")
    assert hidden == []


def test_journal_content_and_delegation_messages_follow_the_language(
    tmp_path: Path, content: leadlib.Content
) -> None:
    from leadlib.content import content_dir
    from leadlib.delegation import Fit
    from leadlib.errors import AnswerError, ContentError
    from leadlib.journal.answers import validate_answer

    folder = _catalogue(
        tmp_path,
        "fr",
        {
            "Plan focus: a trait is chosen twice; choose each trait once.": "Deux fois (fr).",
            "{chosen!r} is not a language code; use a short code such as 'en', 'de' or "
            "'pt-BR', the name of a subfolder of the content folder": "{chosen!r}: pas un code",
            "A good fit": "Bien choisi",
        },
    )
    trait = content.traits[0].id
    with i18n.language("fr", folder):
        with pytest.raises(AnswerError, match=r"^Deux fois \(fr\)\.$"):
            validate_answer(content, "plan", "focus", [trait, trait])
        with pytest.raises(ContentError, match="'no way!': pas un code"):
            content_dir(tmp_path, lang="no way!")
        assert Fit.GOOD_FIT.label == "Bien choisi"
    assert Fit.GOOD_FIT.label == "A good fit"


def test_export_file_reasons_follow_the_language(tmp_path: Path) -> None:
    from leadlib.exportfile import ExportFileError, read_export_file

    folder = _catalogue(
        tmp_path / "locale",
        "fr",
        {
            "this is a folder, not an export file": "ceci est un dossier (fr)",
            (
                "the file holds a number {count:,} character long; an export's numbers "
                "are short (answers, levels, shares): this is not an export",
                "the file holds a number {count:,} characters long; an export's numbers "
                "are short (answers, levels, shares): this is not an export",
            ): ("un nombre de {count:,} caractère (fr)", "un nombre de {count:,} caractères (fr)"),
        },
    )
    digits = tmp_path / "digits.json"
    digits.write_text('{"a": ' + "9" * 5000 + "}", encoding="utf-8")
    with i18n.language("fr", folder):
        with pytest.raises(ExportFileError) as caught:
            read_export_file(tmp_path)
        assert caught.value.reason == "ceci est un dossier (fr)"
        with pytest.raises(ExportFileError) as caught:
            read_export_file(digits)
        assert caught.value.reason == "un nombre de 5,000 caractères (fr)"
    with pytest.raises(ExportFileError) as caught:
        read_export_file(tmp_path)
    assert caught.value.reason == "this is a folder, not an export file"


def test_language_tag_names_the_catalogue_in_use(tmp_path: Path) -> None:
    assert i18n.language_tag() == "en"
    folder = _catalogue(tmp_path, "fr", {"Cancel": "Annuler"})
    with i18n.language("fr_CH:fr", folder):
        assert i18n.language_tag() == "fr", "fr_CH has no catalogue: the French one is used"
    with i18n.language("de", folder):
        assert i18n.language_tag() == "en", "no German catalogue: the text stays English"
    key = i18n.cache_key()
    with i18n.language("fr", folder):
        assert i18n.cache_key() != key


def test_a_cached_chart_layer_is_not_reused_in_another_language(
    tmp_path: Path, content: leadlib.Content
) -> None:
    from leadlib import plots
    from leadlib.scoring import score

    title = "Where you stand: leadership and management grid (after Kotter)"
    folder = _catalogue(tmp_path, "fr", {title: "Où vous en êtes"})
    profile = score(content, {})
    english = plots.kotter_grid(profile)
    with i18n.language("fr", folder):
        french = plots.kotter_grid(profile)
        assert french.figure.axes[0].get_title(loc="left") == "Où vous en êtes"
    assert english.figure.axes[0].get_title(loc="left") == title
    assert french.pixels != english.pixels, "the French chart came from the English layer"
    assert plots.kotter_grid(profile).pixels == english.pixels
