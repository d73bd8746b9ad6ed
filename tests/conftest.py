"""Fixtures shared by every test layer."""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from assessment.questionnaire import Questionnaire, load_questionnaire
from assessment.settings import DEFAULT_QUESTIONNAIRE
from assessment.storage import Storage, metadata
from tests import postgres

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def tested_version():
    """The app, the pages and the commands the tests run ask the version the tests are written
    against (the `questionnaire` fixture), not the newest in data/; a test of another version sets
    ASSESSMENT_QUESTIONNAIRE_VERSION itself. A value given from outside is kept."""
    version = load_questionnaire(DEFAULT_QUESTIONNAIRE, "en").version
    before = os.environ.get("ASSESSMENT_QUESTIONNAIRE_VERSION")
    os.environ.setdefault("ASSESSMENT_QUESTIONNAIRE_VERSION", version)
    yield os.environ["ASSESSMENT_QUESTIONNAIRE_VERSION"]
    if before is None:
        os.environ.pop("ASSESSMENT_QUESTIONNAIRE_VERSION", None)


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    """The version the tests are written against (2026.1), whatever version is current."""
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
def storage(database_url: str, questionnaire: Questionnaire) -> Storage:
    # Rounds are opened on the version the tests answer, whatever version is newest in data/.
    store = Storage.open(database_url, current_version=questionnaire.version)
    yield store
    store.engine.dispose()


NEW_VERSION = "2027.1"  # a small second version the tests write beside a copy of 2026.1
NEW_ITEM = "B1z"  # in NEW_VERSION, in place of 2026.1's B1a
NEW_TEXT = "I check my first impression of a person against what they tell me about themselves."


def two_versions(folder: Path) -> Path:
    """`folder` holding 2026.1 (a copy of data/'s) and NEW_VERSION, which asks NEW_ITEM in place
    of B1a and is otherwise the same; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    first = DEFAULT_QUESTIONNAIRE.read_text(encoding="utf-8")
    (folder / DEFAULT_QUESTIONNAIRE.name).write_text(first, encoding="utf-8")
    second = re.sub(r'(?m)^version = ".*"$', f'version = "{NEW_VERSION}"', first, count=1)
    second, found = re.subn(
        r'id = "B1a"(.*?)text\.en = "[^"]*"',
        f'id = "{NEW_ITEM}"\\1text.en = "{NEW_TEXT}"',
        second,
        count=1,
        flags=re.S,
    )
    assert found == 1, "2026.1 has no item B1a any more: adapt two_versions"
    (folder / f"{NEW_VERSION}.toml").write_text(second, encoding="utf-8")
    return folder


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
