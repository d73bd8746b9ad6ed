"""The translator's workflow: every language complete, PO files out and back in, nothing half-written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from assessment import i18n, translations
from assessment.__main__ import main
from assessment.instruments import load_instruments
from assessment.questionnaire import load_questionnaire
from assessment.translations import Gap, TranslationError
from tests.conftest import ROOT

FOLDER = ROOT / "data" / "questionnaire"


@pytest.fixture(scope="module")
def newest() -> Path:
    """The questionnaire file of the newest version, the one translators work on."""
    return max(FOLDER.glob("*.toml"), key=lambda p: [int(x) for x in p.stem.split(".")])


@pytest.fixture
def workspace(tmp_path, newest) -> tuple[Path, Path]:
    """Copies of the catalogs and of the questionnaire file, for an import to write into."""
    locale = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, locale, ignore=shutil.ignore_patterns("*.mo", "*.pot"))
    questionnaire = tmp_path / newest.name
    shutil.copy(newest, questionnaire)
    return locale, questionnaire


def test_every_language_is_complete_in_the_interface_and_the_questionnaire(newest):
    gaps = translations.check(i18n.LOCALE_DIR, newest, i18n.languages())
    assert gaps == [], "\n".join(map(str, gaps))


def test_the_interface_and_the_questionnaire_offer_the_same_languages(newest):
    """A language with statements but no menus (or the reverse) would be half a translation."""
    current = load_instruments(FOLDER, "en").languages_of(newest.stem)
    assert sorted(i18n.languages()) == sorted(current)


def _catalog(language: str, entries: dict[str, str], fuzzy: tuple[str, ...] = ()) -> Catalog:
    catalog = Catalog(locale=language, fuzzy=False)
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr, flags=("fuzzy",) if msgid in fuzzy else ())
    return catalog


@pytest.mark.parametrize("language", [lang for lang in i18n.languages() if lang != i18n.SOURCE_LANGUAGE])
def test_every_catalog_passes_the_checks_pybabel_compile_runs(language):
    """`make run` compiles the catalogs with these checks and stops on an error: an English text
    such as "95 % interval" reads as a printf placeholder ("% i") its translation lacks."""
    catalog = translations.read_catalog(i18n.catalog_path(language), language)
    problems = [(message.id, [str(e) for e in errors]) for message, errors in catalog.check()]
    assert not problems


def test_the_check_names_missing_unreviewed_stale_and_broken_texts():
    template = _catalog("en", dict.fromkeys(["Open", "Closed", "Saved {count}", "Round"], ""))
    catalog = _catalog(
        "pt",
        {"Open": "Aberta", "Closed": "Fechada", "Saved {count}": "Guardadas {cnt}", "Gone": "Ido"},
        fuzzy=("Closed",),
    )
    gaps = translations.interface_gaps("pt", catalog, template)
    assert {(g.kind.split(" ")[0], g.text) for g in gaps} == {
        ("missing", "Round"),
        ("unreviewed", "Closed"),
        ("placeholders", "Saved {count}"),
        ("stale", "Gone"),
    }


def test_a_statement_left_in_english_counts_as_not_translated(workspace):
    _, questionnaire = workspace
    text = questionnaire.read_text(encoding="utf-8")
    english = re.search(r'^text\.en = "(.*)"$', text, re.M).group(1)
    portuguese = re.search(r'^text\.pt = "(.*)"$', text, re.M).group(1)
    questionnaire.write_text(text.replace(portuguese, english, 1), encoding="utf-8")
    gaps = translations.questionnaire_gaps(questionnaire, "pt")
    assert [g.kind for g in gaps] == ["same as the English (not translated?)"]
    assert gaps[0].text.startswith("items.") and gaps[0].text.endswith(".text")


def _translate_everything(folder: Path, language: str) -> None:
    """Fill every text of the exported files as a translator would (here: a mark before each)."""
    for path in (folder / "interface" / f"{language}.po", *folder.glob(f"questionnaire-*/{language}.po")):
        catalog = translations.read_catalog(path, language)
        for message in catalog:
            if message.id:
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                translated = tuple(f"¡{msgid}" for msgid in ids)
                message.string = translated if isinstance(message.id, tuple) else translated[0]
        translations.write_catalog(path, catalog)


def test_a_new_language_goes_out_and_comes_back_in_end_to_end(tmp_path, workspace):
    locale, questionnaire = workspace
    out = tmp_path / "for-translators"
    written = translations.export_po(out, locale, questionnaire, ["en", "es"])
    assert (out / "messages.pot").exists()
    assert out / "interface" / "es.po" in written
    version = questionnaire.stem
    assert out / f"questionnaire-{version}" / "es.po" in written
    exported = translations.read_catalog(out / f"questionnaire-{version}" / "es.po", "es")
    paper = next(m for m in exported if m.context and m.context.endswith(".paper"))
    assert "translation of the English original" in " ".join(paper.auto_comments)

    _translate_everything(out, "es")
    translations.import_po(out, locale, questionnaire)

    spanish = load_questionnaire(questionnaire, "es")
    english = load_questionnaire(questionnaire, "en")
    assert spanish.items[0].text == f"¡{english.items[0].text}"
    assert spanish.scale_labels[0] == f"¡{english.scale_labels[0]}"
    assert translations.check(locale, questionnaire, ["es"]) == []
    catalog = translations.read_catalog(i18n.catalog_path("es", base=locale), "es")
    assert catalog.get("My results").string == "¡My results"


def test_a_questionnaire_text_whose_english_changed_since_the_export_is_refused(tmp_path, workspace):
    locale, questionnaire = workspace
    out = tmp_path / "for-translators"
    translations.export_po(out, locale, questionnaire, ["en", "pt"])
    _translate_everything(out, "pt")
    # The English of one statement changes while the translator works.
    text = questionnaire.read_text(encoding="utf-8")
    english = re.search(r'^text\.en = "(.*)"$', text, re.M).group(1)
    changed = text.replace(english, english.replace("I ", "I often ", 1), 1)
    questionnaire.write_text(changed, encoding="utf-8")
    catalog_before = i18n.catalog_path("pt", base=locale).read_bytes()

    with pytest.raises(TranslationError, match="stale: its English changed since the export"):
        translations.import_po(out, locale, questionnaire)
    assert questionnaire.read_text(encoding="utf-8") == changed, "nothing is written"
    assert i18n.catalog_path("pt", base=locale).read_bytes() == catalog_before


def test_a_translation_that_drops_a_placeholder_is_refused_and_nothing_is_written(tmp_path, workspace):
    locale, questionnaire = workspace
    out = tmp_path / "for-translators"
    translations.export_po(out, locale, questionnaire, ["en", "de"])
    path = out / "interface" / "de.po"
    catalog = translations.read_catalog(path, "de")
    catalog.get("Answered {count} of {total}").string = "Beantwortet: {count}"
    translations.write_catalog(path, catalog)
    before = i18n.catalog_path("de", base=locale).read_bytes()

    with pytest.raises(TranslationError, match="placeholders of “Answered {count} of {total}”"):
        translations.import_po(out, locale, questionnaire)
    assert i18n.catalog_path("de", base=locale).read_bytes() == before


def test_a_statement_over_the_word_limit_is_refused(tmp_path, workspace):
    locale, questionnaire = workspace
    out = tmp_path / "for-translators"
    translations.export_po(out, locale, questionnaire, ["en", "fr"])
    path = next(out.glob("questionnaire-*/fr.po"))
    catalog = translations.read_catalog(path, "fr")
    statement = next(m for m in catalog if m.context and m.context.endswith(".text"))
    statement.string = " ".join(["mot"] * 40)
    translations.write_catalog(path, catalog)
    before = questionnaire.read_bytes()

    with pytest.raises(TranslationError, match="words"):
        translations.import_po(out, locale, questionnaire)
    assert questionnaire.read_bytes() == before


def test_an_import_folder_without_po_files_says_what_to_do(tmp_path, workspace):
    locale, questionnaire = workspace
    with pytest.raises(TranslationError, match="export first, translate, then import"):
        translations.import_po(tmp_path, locale, questionnaire)


def test_a_language_code_babel_does_not_know_is_refused(tmp_path, workspace):
    locale, questionnaire = workspace
    with pytest.raises(TranslationError, match="not a language code"):
        translations.export_po(tmp_path, locale, questionnaire, ["en", "klingon"])


def test_the_command_line_check_passes_on_the_shipped_catalogs(capsys, monkeypatch):
    monkeypatch.delenv("ASSESSMENT_QUESTIONNAIRE_VERSION", raising=False)
    assert main(["translations", "--check"]) == 0
    out = capsys.readouterr().out
    assert "pt: complete" in out and "de: complete" in out and "fr: complete" in out


def test_a_gap_reads_as_one_line():
    gap = Gap("interface", "pt", "missing", "Open the round")
    assert str(gap) == "interface, pt: missing: Open the round"
