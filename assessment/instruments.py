"""Every questionnaire version, side by side: data/questionnaire/<version>.toml, one file each.

A stored response is shown, scored and exported with the statements it was answered on, so the
app keeps every version, not just the current one. The registry refuses at start what would make
an old answer mean something else: a file whose `version` is not its name, two files of one
version, and an item id that a later version reuses for another statement.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from assessment.questionnaire import Questionnaire, QuestionnaireError, load_questionnaire
from assessment.settings import Settings, SettingsError

# What stands in for the registry where one version is all a function needs to know about:
# a single Questionnaire looks up its own version only.
Lookup = Mapping[str, Questionnaire] | Questionnaire


class UnknownVersion(QuestionnaireError):
    """A version the registry does not hold; the message lists the known ones."""


def version_key(version: str) -> tuple:
    """Sort key of a version: "2026.10" after "2026.9", numbers before words in each part."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"[.\-_]", version)
    )


@dataclass(frozen=True)
class _Version:
    path: Path
    first_language: str  # the file's first language: what is shown when the chosen one is missing
    by_language: Mapping[str, Questionnaire]


class Instruments(Mapping[str, Questionnaire]):
    """The registry: version -> Questionnaire in the app's language, oldest version first."""

    def __init__(self, folder: Path, versions: Mapping[str, _Version], current: str, language: str):
        self.folder = folder
        self._versions = dict(sorted(versions.items(), key=lambda kv: version_key(kv[0])))
        self.current_version = current
        self.language = language

    # Mapping: what export, results and aggregate look versions up in.
    def __getitem__(self, version: str) -> Questionnaire:
        return self.get_version(version)

    def __iter__(self) -> Iterator[str]:
        return iter(self._versions)

    def __len__(self) -> int:
        return len(self._versions)

    @property
    def versions(self) -> tuple[str, ...]:
        """Every version, oldest first."""
        return tuple(self._versions)

    @property
    def current(self) -> Questionnaire:
        """The version new responses and new rounds are answered on."""
        return self.get_version(self.current_version)

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the current version is written in: the ones a person can choose."""
        return self.languages_of(self.current_version)

    def in_language(self, language: str) -> Instruments:
        """The same registry, answering in `language` (older versions without it: their first)."""
        return Instruments(self.folder, self._versions, self.current_version, language)

    def get_version(self, version: str, language: str | None = None) -> Questionnaire:
        """`version` in `language` (default: the app's), else in the version's first language."""
        found = self._version(version)
        language = language or self.language
        return found.by_language.get(language) or found.by_language[found.first_language]

    def path_of(self, version: str) -> Path:
        """The file `version` was loaded from (where its translations are written)."""
        return self._version(version).path

    def languages_of(self, version: str) -> tuple[str, ...]:
        return tuple(self._version(version).by_language)

    def _version(self, version: str) -> _Version:
        found = self._versions.get(version)
        if found is None:
            raise UnknownVersion(
                f"{self.folder}: there is no questionnaire version {version!r} "
                f"(no file {version}.toml); known versions: {', '.join(self.versions)}."
            )
        return found


def load_instruments(folder: Path, language: str, current: str | None = None) -> Instruments:
    """Load and check every `*.toml` in `folder`; `current` names the current version (default: the
    newest). Raises QuestionnaireError naming the file (and item and language) of a problem, and
    SettingsError when `current` is not a version in the folder."""
    if not folder.is_dir():
        raise QuestionnaireError(f"{folder}: the questionnaire folder does not exist.")
    paths = sorted(folder.glob("*.toml"))
    if not paths:
        raise QuestionnaireError(f"{folder}: holds no questionnaire file (<version>.toml).")
    versions: dict[str, _Version] = {}
    for path in paths:
        languages = _languages(path)
        by_language = {lang: load_questionnaire(path, lang) for lang in languages}
        version = by_language[languages[0]].version
        if version != path.stem:
            raise QuestionnaireError(
                f"{path}: its `version` is {version!r} but the file is named {path.name}; a version "
                f"lives in a file named after it: rename the file to {version}.toml, or set "
                f'version = "{path.stem}".'
            )
        twin = next((v for v in versions if version_key(v) == version_key(version)), None)
        if twin is not None:
            raise QuestionnaireError(
                f"{path}: version {version!r} is the same version as {versions[twin].path.name} "
                f"({twin!r}); each version needs one file."
            )
        versions[version] = _Version(path, languages[0], by_language)
    _check_item_ids(versions)
    ordered = sorted(versions, key=version_key)
    if current is None:
        current = ordered[-1]
    elif current not in versions:
        raise SettingsError(
            f"ASSESSMENT_QUESTIONNAIRE_VERSION is {current!r}, which is not a questionnaire version in "
            f"{folder}; known versions: {', '.join(ordered)}."
        )
    if language not in versions[current].by_language:
        raise QuestionnaireError(
            f"{versions[current].path}: language {language!r} (ASSESSMENT_LANGUAGE) is not one of the "
            f"file's languages {list(versions[current].by_language)}."
        )
    return Instruments(folder, versions, current, language)


def instruments_from_settings(settings: Settings) -> Instruments:
    return load_instruments(settings.questionnaire_dir, settings.language, settings.questionnaire_version)


def _languages(path: Path) -> list[str]:
    """The file's `languages`; load_questionnaire reports a file it cannot read or without them."""
    try:
        with open(path, "rb") as f:
            languages = tomllib.load(f).get("languages")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        languages = None
    if isinstance(languages, list) and languages and all(isinstance(lang, str) for lang in languages):
        return languages
    load_questionnaire(path, "en")  # raises with the file's own problems
    raise QuestionnaireError(f'{path}: `languages` must list the languages of the text, e.g. ["en"].')


def _check_item_ids(versions: Mapping[str, _Version]) -> None:
    """An item id means one statement forever: the same point, key and text in every language
    two versions share. Stored answers refer to items by id alone."""
    seen: dict[
        str, tuple[str, dict]
    ] = {}  # item id -> (version that defined it first, its items by language)
    for version in sorted(versions, key=version_key):
        found = versions[version]
        for index, item in enumerate(found.by_language[found.first_language].items):
            texts = {lang: q.items[index] for lang, q in found.by_language.items()}
            if item.id not in seen:
                seen[item.id] = (version, texts)
                continue
            earlier_version, earlier = seen[item.id]
            old = next(iter(earlier.values()))
            where = f"{found.path}: item {item.id!r}"
            reuse = f"reuses the id of version {earlier_version}'s item for a different meaning"
            advice = "give a changed statement a new id; an id is never reused."
            if (item.point, item.reverse) != (old.point, old.reverse):
                raise QuestionnaireError(
                    f"{where} {reuse}: point {item.point}, reverse = {str(item.reverse).lower()} there "
                    f"was point {old.point}, reverse = {str(old.reverse).lower()}; {advice}"
                )
            for lang, mine in texts.items():
                if lang in earlier and mine.text != earlier[lang].text:
                    raise QuestionnaireError(
                        f"{where}, language {lang!r}, {reuse}: {mine.text!r} was "
                        f"{earlier[lang].text!r} in {earlier_version}; {advice}"
                    )


def pick(source: Lookup, version: str) -> Questionnaire:
    """The questionnaire of `version` from the registry, a mapping, or one questionnaire."""
    if isinstance(source, Questionnaire):
        if source.version == version:
            return source
        known = [source.version]
    else:
        if isinstance(source, Instruments) or version in source:
            return source[version]
        known = sorted(source, key=version_key)
    raise UnknownVersion(
        f"questionnaire version {version!r} is not loaded (known: {', '.join(known)}); its file "
        f"{version}.toml must stay in the questionnaire folder while answers to it are stored."
    )


def answers_to(questionnaire: Questionnaire, draft: Mapping[str, int | None]) -> dict[str, int | None]:
    """The answers of `draft` to `questionnaire`'s items; ids of another version are left out.

    A draft begun before the current version changed may hold statements that are gone: the
    person answers the current ones, and the old answers never reach a response.
    """
    ids = {item.id for item in questionnaire.items}
    return {item_id: raw for item_id, raw in draft.items() if item_id in ids}
