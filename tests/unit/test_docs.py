"""Documentation that people rely on stays complete."""

from __future__ import annotations

from assessment.export import (
    ORGANISATION_AREA_HEADER,
    ORGANISATION_ITEM_HEADER,
    RESPONSES_HEADER,
    SCORES_HEADER,
    TEAM_AREA_HEADER,
    TEAM_ITEM_HEADER,
)
from assessment.settings import PROJECT_DIR

DICTIONARY = PROJECT_DIR / "docs" / "data-dictionary.md"


def test_every_exported_column_is_in_the_data_dictionary():
    documented = DICTIONARY.read_text(encoding="utf-8")
    for column in (*RESPONSES_HEADER, *SCORES_HEADER, *TEAM_AREA_HEADER, *TEAM_ITEM_HEADER):
        assert f"| `{column}` |" in documented, f"{column} is not described in {DICTIONARY.name}"
    organisation = documented.split("## organisation_area_scores.csv")[1].split("## instrument_quality")[0]
    for column in {*ORGANISATION_AREA_HEADER, *ORGANISATION_ITEM_HEADER} - {
        *TEAM_AREA_HEADER,
        *TEAM_ITEM_HEADER,
    }:
        assert f"`{column}`" in organisation, f"{column} is not described in {DICTIONARY.name}"


def test_readme_opens_with_the_two_commands():
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    opening = readme[:400]
    assert "make run" in opening and "make test" in opening
