"""Questionnaire versions side by side: the registry's checks, and answers shown on their own version."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from assessment import charts, export, results
from assessment.__main__ import main
from assessment.instruments import UnknownVersion, answers_to, load_instruments, version_key
from assessment.questionnaire import QuestionnaireError
from assessment.settings import DEFAULT_QUESTIONNAIRE, DEFAULT_QUESTIONNAIRE_DIR, SettingsError
from assessment.storage import PersonRecord, StoredResponse
from tests.conftest import NEW_ITEM, NEW_TEXT, NEW_VERSION, all_answered, two_versions

FIRST = "2026.1"
EARLIER = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
LATER = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def folder(tmp_path):
    return two_versions(tmp_path / "questionnaire")


@pytest.fixture
def registry(folder):
    """Both versions; the newer one current."""
    return load_instruments(folder, "en")


def _edit(folder, version: str, old: str, new: str) -> None:
    path = folder / f"{version}.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ------------------------------------------------------------------ the registry


def test_every_version_in_data_loads_and_the_newest_is_current():
    registry = load_instruments(DEFAULT_QUESTIONNAIRE_DIR, "en")
    assert FIRST in registry.versions
    assert registry.current_version == max(registry.versions, key=version_key)


def test_the_newest_version_is_current_unless_a_setting_names_one(folder, registry):
    assert registry.versions == (FIRST, NEW_VERSION)
    assert registry.current.version == NEW_VERSION
    assert registry[FIRST].items[0].id == "B1a" and registry.current.items[0].id == NEW_ITEM
    pinned = load_instruments(folder, "en", FIRST)
    assert pinned.current.version == FIRST and pinned.versions == registry.versions


def test_versions_sort_by_their_numbers():
    assert sorted(["2026.10", "2026.9", "2026.2", "2025.12"], key=version_key) == [
        "2025.12",
        "2026.2",
        "2026.9",
        "2026.10",
    ]


def test_an_unknown_current_version_is_refused_with_the_known_ones(folder):
    with pytest.raises(
        SettingsError, match=rf"ASSESSMENT_QUESTIONNAIRE_VERSION is '2030.1'.*{FIRST}, {NEW_VERSION}"
    ):
        load_instruments(folder, "en", "2030.1")


def test_looking_up_an_unknown_version_names_the_known_ones(registry):
    with pytest.raises(UnknownVersion, match=rf"no questionnaire version '1.0'.*{FIRST}, {NEW_VERSION}"):
        registry["1.0"]


def test_a_version_that_does_not_match_its_file_name_is_refused(folder):
    (folder / f"{NEW_VERSION}.toml").rename(folder / "2027.2.toml")
    with pytest.raises(QuestionnaireError, match=rf"2027\.2\.toml: its `version` is '{NEW_VERSION}'"):
        load_instruments(folder, "en")


def test_two_files_of_one_version_are_refused(folder):
    twin = (
        (folder / f"{FIRST}.toml")
        .read_text(encoding="utf-8")
        .replace('version = "2026.1"', 'version = "2026.01"')
    )
    (folder / "2026.01.toml").write_text(twin, encoding="utf-8")
    with pytest.raises(
        QuestionnaireError, match=r"2026\.1\.toml: version '2026\.1' is the same version as 2026\.01\.toml"
    ):
        load_instruments(folder, "en")


def test_an_item_id_reused_with_another_text_is_refused_naming_file_item_and_language(folder):
    _edit(
        folder,
        NEW_VERSION,
        "I decide quickly what a family is like.",
        "I decide slowly what a family is like.",
    )
    with pytest.raises(QuestionnaireError) as refused:
        load_instruments(folder, "en")
    message = str(refused.value)
    assert f"{NEW_VERSION}.toml: item 'P2b', language 'en'" in message
    assert "different meaning" in message and "new id" in message


def test_an_item_id_reused_with_another_key_or_point_is_refused(folder):
    _edit(
        folder,
        NEW_VERSION,
        'id = "P2b"\narea = "personal"\npoint = "P2"\nreverse = true',
        'id = "P2b"\narea = "personal"\npoint = "P2"\nreverse = false',
    )
    with pytest.raises(
        QuestionnaireError,
        match=r"item 'P2b' reuses the id.*reverse = false there was point P2, reverse = true",
    ):
        load_instruments(folder, "en")


def test_an_unchanged_item_may_keep_its_id_across_versions(registry):
    assert registry[FIRST].items[1] == registry[NEW_VERSION].items[1]


def test_a_folder_without_versions_is_refused(tmp_path):
    with pytest.raises(QuestionnaireError, match="holds no questionnaire file"):
        load_instruments(tmp_path, "en")
    with pytest.raises(QuestionnaireError, match="does not exist"):
        load_instruments(tmp_path / "missing", "en")


def test_a_draft_keeps_only_answers_to_the_current_statements(registry):
    draft = {"B1a": 4, "B1b": None, NEW_ITEM: 2}
    assert answers_to(registry[NEW_VERSION], draft) == {"B1b": None, NEW_ITEM: 2}
    assert answers_to(registry[FIRST], draft) == {"B1a": 4, "B1b": None}


# ------------------------------------------------------- answers on their own version


def _response(registry, version, value, when, public_id):
    return StoredResponse(public_id, when, version, all_answered(registry[version], value))


def test_a_response_to_the_first_version_shows_and_exports_its_statements_after_a_new_one(registry):
    old = _response(registry, FIRST, 2, EARLIER, "old")
    first_text = registry[FIRST].items[0].text

    profile = results.build_profile(registry, [old])
    assert profile.version == FIRST
    assert first_text in list(profile.items["statement"])
    assert NEW_TEXT not in list(profile.items["statement"])

    rows = list(csv.DictReader(io.StringIO(export.responses_csv(registry, [old]).decode("utf-8-sig"))))
    assert {r["instrument_version"] for r in rows} == {FIRST}
    assert [r["item_id"] for r in rows] == [i.id for i in registry[FIRST].items]
    assert rows[0]["item_text"] == first_text

    scores = list(csv.DictReader(io.StringIO(export.scores_csv(registry, [old]).decode("utf-8-sig"))))
    assert [(r["instrument_version"], r["area"]) for r in scores] == [
        (FIRST, a.id) for a in registry[FIRST].areas
    ]
    document = json.loads(export.person_json(registry, PersonRecord([old], {}, {}, None)))
    assert document["responses"][0]["instrument_version"] == FIRST
    assert document["responses"][0]["area_scores"]["bias"] is not None


def test_each_response_is_exported_with_its_own_versions_statements(registry):
    stored = [
        _response(registry, FIRST, 3, EARLIER, "old"),
        _response(registry, NEW_VERSION, 3, LATER, "new"),
    ]
    rows = list(csv.DictReader(io.StringIO(export.responses_csv(registry, stored).decode("utf-8-sig"))))
    texts = {(r["response_id"], r["item_id"]): r["item_text"] for r in rows}
    assert texts[("old", "B1a")] == registry[FIRST].items[0].text
    assert texts[("new", NEW_ITEM)] == NEW_TEXT
    assert ("old", NEW_ITEM) not in texts and ("new", "B1a") not in texts


def test_the_change_is_not_computed_across_versions(registry):
    stored = [
        _response(registry, FIRST, 2, EARLIER, "old"),
        _response(registry, NEW_VERSION, 4, LATER, "new"),
    ]
    profile = results.build_profile(registry, stored)
    assert "change" not in profile.areas, "no number that the chart could draw"
    assert set(profile.areas_table["change since previous"]) == {results.NEW_VERSION}
    assert any(FIRST in note and NEW_VERSION in note for note in profile.version_notes)

    same = [
        _response(registry, NEW_VERSION, 2, EARLIER, "a"),
        _response(registry, NEW_VERSION, 4, LATER, "b"),
    ]
    changes = results.build_profile(registry, same).areas_table["change since previous"]
    assert all(change.startswith("+") for change in changes), "one version: a difference again"


def test_the_trend_marks_where_the_version_changed(registry):
    stored = [
        _response(registry, FIRST, 2, EARLIER, "a"),
        _response(registry, FIRST, 3, datetime(2026, 6, 1, tzinfo=UTC), "b"),
        _response(registry, NEW_VERSION, 4, LATER, "c"),
    ]
    profile = results.build_profile(registry, stored)
    assert list(profile.trend_table["version"]) == [FIRST, FIRST, NEW_VERSION]
    changes = charts.version_changes(
        profile.trend, "submission", list(dict.fromkeys(profile.trend["submission"]))
    )
    assert list(changes["version_label"]) == [f"version {NEW_VERSION}"]
    assert changes["submission"].iloc[0].startswith("3 · ")

    spec = charts.trend_chart(profile.trend).to_dict()
    lines, rule, label = spec["layer"]
    assert lines["encoding"]["detail"]["field"] == "version", "no line joins two versions"
    assert rule["mark"]["type"] == "rule" and label["mark"]["type"] == "text"
    assert f"version {NEW_VERSION}" in json.dumps(spec)


def test_a_trend_of_one_version_is_the_plain_line_chart(registry):
    stored = [_response(registry, FIRST, 2, EARLIER, "a"), _response(registry, FIRST, 3, LATER, "b")]
    spec = charts.trend_chart(results.build_profile(registry, stored).trend).to_dict()
    assert "layer" not in spec and spec["mark"]["type"] == "line"


# ------------------------------------------------------------------ the command line


def test_the_questionnaire_command_prints_any_version(folder, monkeypatch, capsysbinary):
    monkeypatch.setenv("ASSESSMENT_QUESTIONNAIRE_DIR", str(folder))
    monkeypatch.delenv("ASSESSMENT_QUESTIONNAIRE_VERSION")

    def printed(*args: str) -> list[dict[str, str]]:
        assert main(["questionnaire", *args]) == 0
        return list(csv.DictReader(io.StringIO(capsysbinary.readouterr().out.decode("utf-8-sig"))))

    assert printed()[0]["item_id"] == NEW_ITEM, "the current version by default"
    first = printed("--version", FIRST)
    assert first[0]["item_id"] == "B1a" and first[0]["text"] != NEW_TEXT


def test_the_questionnaire_command_refuses_an_unknown_version_with_the_known_ones(
    folder, monkeypatch, capsys
):
    monkeypatch.setenv("ASSESSMENT_QUESTIONNAIRE_DIR", str(folder))
    assert main(["questionnaire", "--version", "1999.1"]) == 2
    error = capsys.readouterr().err
    assert "1999.1" in error and f"{FIRST}, {NEW_VERSION}" in error


def test_the_data_folders_first_version_is_the_tests_version(questionnaire):
    assert DEFAULT_QUESTIONNAIRE.stem == questionnaire.version == FIRST
