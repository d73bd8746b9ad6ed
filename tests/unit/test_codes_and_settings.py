"""Personal codes and deployment settings."""

from __future__ import annotations

import math

import pytest

from assessment import codes
from assessment.settings import DEFAULT_DATABASE_URL, PROJECT_DIR, SETTINGS, SettingsError, load_settings


def test_personal_code_is_four_groups_of_four_without_look_alikes():
    code = codes.new_personal_code()
    groups = code.split("-")
    assert [len(g) for g in groups] == [4, 4, 4, 4]
    assert not set(code.replace("-", "")) & set("ILOU")


def test_personal_code_carries_at_least_80_random_bits():
    assert codes.PERSONAL_CODE_LENGTH * math.log2(len(codes.ALPHABET)) >= 80
    assert len({codes.new_personal_code() for _ in range(2000)}) == 2000


def test_typed_code_is_normalised():
    assert codes.normalise_code(" abcd-efgh-jkmn-pqrs ") == "ABCDEFGHJKMNPQRS"
    assert codes.normalise_code("OOOO IIII LLLL 2222") == "0000111111112222"
    assert codes.normalise_code("ABCD-EFGH-JKMN-PQR") is None
    assert codes.normalise_code("ABCD-EFGH-JKMN-PQRU") is None


def test_same_secret_compares_whole_strings():
    assert codes.same_secret("abc", "abc")
    assert not codes.same_secret("abc", "abd")
    assert not codes.same_secret("abc", "abcd")


def test_defaults_need_no_environment():
    settings = load_settings({})
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.min_group_size == 5
    assert settings.language == "en"
    assert settings.questionnaire_path.name == "questionnaire.toml"


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
