"""Fixtures shared by every test layer."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from assessment.questionnaire import Questionnaire, load_questionnaire
from assessment.settings import DEFAULT_QUESTIONNAIRE
from assessment.storage import Storage, metadata
from tests import postgres

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    return load_questionnaire(DEFAULT_QUESTIONNAIRE, "en")


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """URL prefix of a PostgreSQL server for this test run; mandatory in CI."""
    if not postgres.available():
        message = (
            f"PostgreSQL server binaries are missing in {postgres.PG_BIN} (make test installs them as root)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with postgres.running_server() as url:
        yield url


@pytest.fixture
def database_backend() -> str:
    """Which database a test runs on; modules that must hold on both parametrize this."""
    return "sqlite"


@pytest.fixture
def database_url(database_backend: str, tmp_path: Path, request, monkeypatch) -> str:
    if database_backend == "sqlite":
        # SQLite keeps its own secret beside the file, as on a fresh installation.
        monkeypatch.delenv("ASSESSMENT_SECRET", raising=False)
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    # Every storage the test opens, and every command it runs, must hash join codes alike.
    monkeypatch.setenv("ASSESSMENT_SECRET", postgres.TEST_SECRET)
    server = request.getfixturevalue("postgres_server")
    with postgres.fresh_database(server, f"test_{uuid.uuid4().hex[:12]}") as url:
        yield url


# Storage, team and import tests carry this mark: each of their tests that touches a database
# runs once on SQLite and once on PostgreSQL.
BOTH_DATABASES = pytest.mark.both_databases


def pytest_generate_tests(metafunc):
    if "database_backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker(
        "both_databases"
    ):
        metafunc.parametrize("database_backend", ["sqlite", "postgresql"])


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


def every_stored_value(storage: Storage) -> str:
    """Every value in every table, as one string: what a stolen copy of the database reveals."""
    with storage.engine.connect() as conn:
        return "\n".join(
            str(tuple(row)) for table in metadata.sorted_tables for row in conn.execute(sa.select(table))
        )
