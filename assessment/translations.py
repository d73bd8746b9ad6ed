"""The translator's workflow: PO files out, PO files back in, and a check of what is missing or stale.

Two kinds of text are translated, each kept where it lives:
- the interface (menus, messages, page texts, chart titles): gettext catalogs
  `assessment/locale/<lang>/LC_MESSAGES/messages.po`, whose texts Babel extracts from the code;
- a questionnaire version (statements, labels, the paper's words, tips): its data file
  `data/questionnaire/<version>.toml`, every text keyed by language.

`export_po` writes both as PO files, which Poedit, Weblate and every gettext tool open:
`DIR/messages.pot` (the interface's template), `DIR/interface/<lang>.po`, and
`DIR/questionnaire-<version>/<lang>.po`, where each text's context (`items.B1a.text`) says where it
goes and its msgid is the English original. `import_po` checks every file first and writes only
when all of them are right, so a half-translated import never reaches the app. `check` lists
every missing, unreviewed or stale text per language.
"""

from __future__ import annotations

import copy
import io
import re
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import tomlkit
from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from assessment import i18n
from assessment.questionnaire import QuestionnaireError, load_questionnaire

PROJECT_ROOT = Path(__file__).parent.parent
MAPPING = PROJECT_ROOT / "babel.cfg"  # which files hold the interface's texts (also `pybabel extract`)
PROJECT = "Trust-building self-assessment"
SOURCE = i18n.SOURCE_LANGUAGE
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


class TranslationError(ValueError):
    """PO files that cannot be imported; the message lists every problem, by file and text."""


@dataclass(frozen=True)
class Gap:
    """One text of one language that is not ready."""

    where: str  # "interface" or "questionnaire 2026.2"
    language: str
    kind: str  # missing, unreviewed (fuzzy), stale (its English changed or went), placeholders
    text: str  # the English text, or the context of a questionnaire text

    def __str__(self) -> str:
        return f"{self.where}, {self.language}: {self.kind}: {_short(self.text)}"


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


# ------------------------------------------------------------------ the interface


def interface_template() -> Catalog:
    """Every text of the interface, as the code marks it now (what `pybabel extract` finds)."""
    with MAPPING.open() as mapping:
        method_map, options_map = parse_mapping_cfg(mapping, str(MAPPING))
    template = Catalog(project=PROJECT, fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        PROJECT_ROOT, method_map, options_map, keywords=DEFAULT_KEYWORDS
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def read_catalog(path: Path, language: str) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=language, domain=i18n.DOMAIN)


def write_catalog(path: Path, catalog: Catalog) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, sort_by_file=True, ignore_obsolete=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def _msgids(message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _msgstrs(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def interface_gaps(language: str, catalog: Catalog, template: Catalog) -> list[Gap]:
    """What `catalog` lacks against the code's texts: missing, unreviewed, stale, wrong placeholders."""
    gaps = []
    for wanted in template:
        if not wanted.id:
            continue
        found = catalog.get(wanted.id, wanted.context)
        english = _msgids(wanted)[0]
        if found is None or not all(_msgstrs(found)):
            gaps.append(Gap("interface", language, "missing", english))
        elif found.fuzzy:
            gaps.append(Gap("interface", language, "unreviewed (fuzzy)", english))
        elif any(placeholders(s) != placeholders(_msgids(found)[-1]) for s in _msgstrs(found)):
            gaps.append(Gap("interface", language, "placeholders differ from the English", english))
    wanted_ids = {(m.id if not isinstance(m.id, tuple) else m.id[0], m.context) for m in template if m.id}
    for message in catalog:
        if message.id and (_msgids(message)[0], message.context) not in wanted_ids:
            gaps.append(Gap("interface", language, "stale (the code no longer has it)", _msgids(message)[0]))
    return gaps


# ------------------------------------------------------------------ a questionnaire's texts


@dataclass(frozen=True)
class _Text:
    """One translatable text of a questionnaire file: where it sits and what a translator should know."""

    context: str  # items.B1a.text, scale.labels.3, introduction
    table: object  # the document's table keyed by language
    index: int | None = None  # the position in a list (the scale's labels)
    comment: str = ""

    def english(self) -> str:
        return self.value(SOURCE) or ""

    def value(self, language: str) -> str | None:
        value = self.table.get(language)
        if self.index is not None:
            return str(value[self.index]) if isinstance(value, list) and len(value) > self.index else None
        return str(value).strip() if value is not None else None


_COMMENTS = {
    "text": "A statement, answered on the scale from the scale labels. At most {max_words} words; "
    "keep one referent for the people supported, as the introduction defines it.",
    "paper": "The paper's own words, quoted from its English summary. Translate faithfully: the app "
    "shows it as a translation of the English original.",
    "tip": "A practical tip of the tool's own (not the paper's words).",
    "label": "The name of a recommendation of the paper.",
    "name": "The name of an area of the questionnaire.",
    "context": "What the area covers, shown above its statements.",
}


def _texts(document) -> Iterator[_Text]:
    max_words = document.get("max_words", "the file's `max_words`")
    yield _Text("introduction", document["introduction"], comment="Shown above the statements.")
    scale = document["scale"]
    for index in range(len(scale["labels"][SOURCE])):
        yield _Text(f"scale.labels.{index + 1}", scale["labels"], index, f"Answer {index + 1} of 5.")
    yield _Text("scale.not_applicable", scale["not_applicable"], comment="The answer outside the scale.")
    for section in ("areas", "points", "items"):
        for entry in document[section]:
            for field in ("name", "context", "label", "paper", "tip", "text"):
                if field in entry:
                    comment = _COMMENTS[field].format(max_words=max_words)
                    yield _Text(f"{section}.{entry['id']}.{field}", entry[field], comment=comment)


def _document(path: Path):
    return tomlkit.parse(path.read_text(encoding="utf-8"))


def questionnaire_catalog(path: Path, language: str) -> Catalog:
    """A questionnaire file's texts as a catalog: English msgid, `language`'s msgstr where written."""
    document = _document(path)
    catalog = Catalog(locale=language, project=f"{PROJECT}: questionnaire {document['version']}", fuzzy=False)
    for text in _texts(document):
        catalog.add(
            text.english(), text.value(language) or "", context=text.context, auto_comments=[text.comment]
        )
    return catalog


def questionnaire_gaps(path: Path, language: str) -> list[Gap]:
    """The file's texts missing in `language`, or written there exactly as in English."""
    document = _document(path)
    where = f"questionnaire {document['version']}"
    gaps = []
    for text in _texts(document):
        value = text.value(language)
        if not value:
            gaps.append(Gap(where, language, "missing", text.context))
        elif language != SOURCE and value == text.english():
            gaps.append(Gap(where, language, "same as the English (not translated?)", text.context))
    return gaps


# ------------------------------------------------------------------ check, export, import


def check(locale_dir: Path, questionnaire: Path, languages: Sequence[str]) -> list[Gap]:
    """Every gap of `languages` (English aside) in the interface and in the questionnaire file."""
    template = interface_template()
    gaps = []
    for language in languages:
        if language == SOURCE:
            continue
        po = i18n.catalog_path(language, base=locale_dir)
        if po.exists():
            gaps += interface_gaps(language, read_catalog(po, language), template)
        else:
            gaps.append(Gap("interface", language, "missing", f"the whole catalog ({po})"))
        gaps += questionnaire_gaps(questionnaire, language)
    return gaps


def _update(catalog: Catalog, template: Catalog) -> None:
    """Bring `catalog` up to date with `template`. Babel puts the template's own message objects
    into the catalog for new texts, so each catalog gets a copy: a text translated in one
    language must not appear in the next."""
    catalog.update(copy.deepcopy(template), update_header_comment=False)


def export_po(out: Path, locale_dir: Path, questionnaire: Path, languages: Sequence[str]) -> list[Path]:
    """Write the template and a PO file per language for the interface and the questionnaire.

    A catalog is first brought up to date with the code: new texts come in empty, texts whose
    English changed are marked fuzzy with the previous English beside them, gone texts are left out.
    """
    template = interface_template()
    written = []
    write_catalog(out / "messages.pot", template)
    written.append(out / "messages.pot")
    version = _document(questionnaire)["version"]
    for language in languages:
        if language == SOURCE:
            continue
        _locale_of(language)
        po = i18n.catalog_path(language, base=locale_dir)
        catalog = read_catalog(po, language) if po.exists() else Catalog(locale=language, fuzzy=False)
        _update(catalog, template)
        for path, written_catalog in (
            (out / "interface" / f"{language}.po", catalog),
            (
                out / f"questionnaire-{version}" / f"{language}.po",
                questionnaire_catalog(questionnaire, language),
            ),
        ):
            write_catalog(path, written_catalog)
            written.append(path)
    return written


def _locale_of(language: str) -> Locale:
    try:
        return Locale.parse(language)
    except (ValueError, UnknownLocaleError):
        raise TranslationError(
            f"“{language}” is not a language code Babel knows; use a two-letter code such as es or it."
        ) from None


def import_po(source: Path, locale_dir: Path, questionnaire: Path) -> list[str]:
    """Take the PO files under `source` back: all of them, or none when any has a problem.

    Returns what was written, one line per file. Interface files replace the language's catalog
    (texts the code no longer has are dropped); questionnaire files write each language's texts
    into the questionnaire file, which must then still load (word limits, every language complete).
    """
    problems: list[str] = []
    template = interface_template()
    catalogs: dict[Path, Catalog] = {}
    for path in sorted((source / "interface").glob("*.po")):
        language = path.stem
        _locale_of(language)
        catalog = read_catalog(path, language)
        for message in catalog:
            # A fuzzy entry is a guess for a changed text, never shown: its placeholders may differ.
            if (
                message.id
                and not message.fuzzy
                and any(
                    s and placeholders(s) != placeholders(_msgids(message)[-1]) for s in _msgstrs(message)
                )
            ):
                problems.append(
                    f"{path}: the placeholders of “{_short(_msgids(message)[0])}” differ from the English; "
                    "keep every {name} as it is."
                )
        _update(catalog, template)
        catalogs[i18n.catalog_path(language, base=locale_dir)] = catalog
    document = _document(questionnaire)
    version = document["version"]
    questionnaire_files = sorted((source / f"questionnaire-{version}").glob("*.po"))
    for path in questionnaire_files:
        problems += _apply_questionnaire_po(document, path)
    if not catalogs and not questionnaire_files:
        problems.append(
            f"{source} holds no interface/<lang>.po and no questionnaire-{version}/<lang>.po: "
            "export first, translate, then import the same folder."
        )
    new_text = tomlkit.dumps(document)
    if questionnaire_files and not problems:
        problems += _still_loads(questionnaire, new_text, [p.stem for p in questionnaire_files])
    if problems:
        raise TranslationError(
            f"Nothing was imported; {len(problems)} problem(s):\n" + "\n".join(f"- {p}" for p in problems)
        )
    done = []
    for path, catalog in catalogs.items():
        write_catalog(path, catalog)
        done.append(f"{path}: {sum(1 for m in catalog if m.id and all(_msgstrs(m)))} texts")
    if questionnaire_files:
        questionnaire.write_text(new_text, encoding="utf-8")
        done.append(f"{questionnaire}: {', '.join(p.stem for p in questionnaire_files)}")
    return done


def _apply_questionnaire_po(document, path: Path) -> list[str]:
    """Write one language's translations into `document`; the problems found instead, if any."""
    language = path.stem
    _locale_of(language)
    texts = {text.context: text for text in _texts(document)}
    catalog = read_catalog(path, language)
    problems = []
    given = {}
    for message in catalog:
        if not message.id:
            continue
        text = texts.get(message.context)
        if text is None:
            problems.append(f"{path}: “{message.context}” is not a text of this questionnaire.")
        elif message.id != text.english():
            problems.append(
                f"{path}: {message.context} is stale: its English changed since the export. Export "
                "again and translate the new English."
            )
        elif not message.string or message.fuzzy:
            problems.append(f"{path}: {message.context} is not translated (or still marked fuzzy).")
        else:
            given[message.context] = message.string
    for context in texts.keys() - given.keys() - {m.context for m in catalog}:
        problems.append(f"{path}: {context} is missing.")
    if problems:
        return problems
    labels = document["scale"]["labels"]
    new_labels = list(labels.get(language) or labels[SOURCE])
    for context, value in given.items():
        text = texts[context]
        if text.index is not None:
            new_labels[text.index] = value
        else:
            text.table[language] = tomlkit.string(value, multiline="\n" in value)
    labels[language] = new_labels
    if language not in document["languages"]:
        document["languages"].append(language)
    return []


def _still_loads(questionnaire: Path, new_text: str, languages: Sequence[str]) -> list[str]:
    """The rules every questionnaire file obeys, on the file as the import would leave it."""
    with tempfile.TemporaryDirectory() as folder:
        candidate = Path(folder) / questionnaire.name
        candidate.write_text(new_text, encoding="utf-8")
        try:
            for language in languages:
                load_questionnaire(candidate, language)
        except QuestionnaireError as exc:
            return [str(exc).replace(str(candidate), str(questionnaire))]
    return []
