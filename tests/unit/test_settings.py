"""Deployment settings: defaults, the environment, validation, the server secret."""

from __future__ import annotations

import os
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from assessment.settings import (
    DEFAULT_DATABASE_URL,
    PROJECT_DIR,
    SECRET_FILE_NAME,
    SETTINGS,
    SettingsError,
    load_settings,
    stored_secret,
)


def test_defaults_need_no_environment():
    settings = load_settings({})
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.min_group_size == 5
    assert settings.language == "en"
    assert settings.questionnaire_dir == PROJECT_DIR / "data" / "questionnaire"
    assert settings.questionnaire_version is None, "the newest version in the folder"


def test_the_questionnaire_folder_and_version_come_from_the_environment(tmp_path):
    settings = load_settings(
        {"ASSESSMENT_QUESTIONNAIRE_DIR": str(tmp_path), "ASSESSMENT_QUESTIONNAIRE_VERSION": " 2026.1 "}
    )
    assert (settings.questionnaire_dir, settings.questionnaire_version) == (tmp_path, "2026.1")
    relative = load_settings({"ASSESSMENT_QUESTIONNAIRE_DIR": "elsewhere/versions"})
    assert relative.questionnaire_dir == PROJECT_DIR / "elsewhere" / "versions"


@pytest.mark.parametrize("value", ["../2026.1", "2026 1", "x" * 33])
def test_a_version_that_cannot_be_a_file_name_is_refused(value):
    with pytest.raises(SettingsError, match="ASSESSMENT_QUESTIONNAIRE_VERSION is"):
        load_settings({"ASSESSMENT_QUESTIONNAIRE_VERSION": value})


def test_the_retired_single_file_setting_is_refused_not_ignored():
    with pytest.raises(
        SettingsError, match="ASSESSMENT_QUESTIONNAIRE is no longer read.*ASSESSMENT_QUESTIONNAIRE_DIR"
    ):
        load_settings({"ASSESSMENT_QUESTIONNAIRE": "data/questionnaire/2026.1.toml"})


def test_settings_come_from_the_environment():
    settings = load_settings({"ASSESSMENT_DATABASE_URL": "sqlite:///x.db", "ASSESSMENT_MIN_GROUP_SIZE": "7"})
    assert settings.database_url == "sqlite:///x.db"
    assert settings.min_group_size == 7


@pytest.mark.parametrize("value", ["2", "0", "-5"])
def test_a_group_size_below_three_is_refused(value):
    with pytest.raises(SettingsError, match="at least 3"):
        load_settings({"ASSESSMENT_MIN_GROUP_SIZE": value})


def test_a_group_size_that_is_no_number_is_refused():
    with pytest.raises(SettingsError, match="whole number"):
        load_settings({"ASSESSMENT_MIN_GROUP_SIZE": "five"})


def test_every_setting_is_documented_in_the_readme():
    text = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert setting.env in text, f"{setting.env} is not documented in README.md"


def test_the_detail_threshold_defaults_to_twice_k_and_must_exceed_k():
    assert load_settings({}).detail_group_size == 10
    assert load_settings({"ASSESSMENT_MIN_GROUP_SIZE": "7"}).detail_group_size == 14
    assert load_settings({"ASSESSMENT_DETAIL_GROUP_SIZE": "6"}).detail_group_size == 6
    for value in ("5", "3"):
        with pytest.raises(SettingsError, match="must be greater than ASSESSMENT_MIN_GROUP_SIZE"):
            load_settings({"ASSESSMENT_DETAIL_GROUP_SIZE": value})
    with pytest.raises(SettingsError, match="ASSESSMENT_DETAIL_GROUP_SIZE must be a whole number"):
        load_settings({"ASSESSMENT_DETAIL_GROUP_SIZE": "ten"})


def test_a_secret_needs_32_characters_and_is_not_echoed():
    assert load_settings({}).secret is None
    assert load_settings({"ASSESSMENT_SECRET": "s" * 32}).secret == "s" * 32
    with pytest.raises(SettingsError, match="ASSESSMENT_SECRET holds 11 characters.*at least 32") as refused:
        load_settings({"ASSESSMENT_SECRET": "short-value"})
    assert "short-value" not in str(refused.value)


def test_the_secret_file_is_private_from_its_first_moment(tmp_path, monkeypatch):
    seen_before_named = []
    real_link = os.link

    def link(source, target):
        seen_before_named.append(
            (stat.S_IMODE(os.stat(source).st_mode), len(Path(source).read_text().strip()))
        )
        real_link(source, target)

    monkeypatch.setattr(os, "link", link)
    old_umask = os.umask(0)  # the most permissive umask: the mode must come from the app itself
    try:
        secret = stored_secret(tmp_path)
    finally:
        os.umask(old_umask)
    assert seen_before_named == [(0o600, len(secret))], "complete and private before it gets its name"
    assert stat.S_IMODE((tmp_path / SECRET_FILE_NAME).stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == [SECRET_FILE_NAME], "no temporary file left behind"
    assert stored_secret(tmp_path) == secret


def test_servers_starting_at_once_share_one_secret(tmp_path):
    with ThreadPoolExecutor(max_workers=8) as pool:
        made = set(pool.map(lambda _: stored_secret(tmp_path), range(16)))
    assert len(made) == 1


def test_a_secret_file_others_can_read_is_refused(tmp_path):
    stored_secret(tmp_path)
    (tmp_path / SECRET_FILE_NAME).chmod(0o644)
    with pytest.raises(SettingsError, match="can be read by other users.*chmod 600"):
        stored_secret(tmp_path)
