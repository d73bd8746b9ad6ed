"""Fixtures shared by every test layer."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.questionnaire import Questionnaire, load_questionnaire
from assessment.settings import DEFAULT_QUESTIONNAIRE
from assessment.storage import Storage

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    return load_questionnaire(DEFAULT_QUESTIONNAIRE, "en")


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def storage(database_url: str) -> Storage:
    store = Storage.open(database_url)
    yield store
    store.engine.dispose()


def all_answered(questionnaire: Questionnaire, value: int | None = 4) -> dict[str, int | None]:
    """An answer for every item, all the same."""
    return {item.id: value for item in questionnaire.items}


def fill_round(storage: Storage, questionnaire: Questionnaire, team_id: int, answer_sets) -> list[int]:
    """Submit one response per answer set as new members of the team; returns their person ids."""
    people = []
    for answers in answer_sets:
        person = storage.person_id(storage.create_person())
        storage.join_team(person, team_id)
        storage.submit_response(person, questionnaire, answers)
        people.append(person)
    return people
