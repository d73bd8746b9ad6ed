"""Storage under attack and load: many sessions on one SQLite file, all-or-nothing writes, secrets and hashes."""

from __future__ import annotations

import stat
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from assessment import codes
from assessment.settings import SECRET_FILE_NAME, SHORTEST_SECRET, SettingsError
from assessment.storage import Storage, StorageError, responses
from tests import postgres
from tests.conftest import BOTH_DATABASES, all_answered

pytestmark = BOTH_DATABASES

THREADS = 20
SUBMISSIONS_PER_THREAD = 10


def test_twenty_threads_submitting_at_once_lose_nothing(database_url, questionnaire):
    storage = Storage.open(database_url, current_version=questionnaire.version)
    created = storage.create_team("Busy team")
    storage.open_round(created.team.id, "Spring", THREADS * SUBMISSIONS_PER_THREAD)

    def one_session(worker: int) -> int:
        for n in range(SUBMISSIONS_PER_THREAD):
            person = storage.person_id(storage.create_person())
            storage.join_team(person, created.team.id)
            storage.save_draft_answer(person, "B1a", 1 + (worker + n) % 5)
            storage.submit_response(person, questionnaire, all_answered(questionnaire, 1 + (worker + n) % 5))
        return SUBMISSIONS_PER_THREAD

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        done = sum(pool.map(one_session, range(THREADS)))

    assert done == THREADS * SUBMISSIONS_PER_THREAD
    with storage.engine.connect() as conn:
        assert conn.scalar(sa.select(sa.func.count()).select_from(responses)) == 200
    assert storage.open_round_of(created.team.id).responses == 200


def test_a_submit_that_fails_half_way_writes_nothing(storage, questionnaire):
    person = storage.person_id(storage.create_person())
    storage.save_draft_answer(person, "B1a", 2)
    answers = all_answered(questionnaire, 3)
    answers["M3b"] = 9  # refused by the database after the response row was inserted
    with pytest.raises(StorageError):
        storage.submit_response(person, questionnaire, answers)
    with storage.engine.connect() as conn:
        assert conn.scalar(sa.select(sa.func.count()).select_from(responses)) == 0
    assert storage.draft(person) == {"B1a": 2}, "the draft survives a failed submit"


class Session:
    """What the UI keeps in one browser session's state to slow its wrong lead keys."""

    def __init__(self):
        self.wrong_keys = 0
        self.last_wrong_at = 0.0

    def try_key(self, storage, join_code, key, now):
        """The team, None for a wrong key, or the seconds to wait when the try is refused."""
        wait = codes.key_wait_s(self.wrong_keys, self.last_wrong_at, now)
        if wait:
            return wait
        team = storage.team_for_lead(join_code, key)
        if team is None:
            self.wrong_keys, self.last_wrong_at = self.wrong_keys + 1, now
        else:
            self.wrong_keys = 0
        return team


def test_a_member_who_tries_twenty_wrong_keys_cannot_keep_the_lead_out(storage):
    created = storage.create_team("Team")
    member, now = Session(), 1000.0
    for _ in range(20):
        # The member waits out every backoff, so each of the 20 wrong keys is checked.
        now += codes.key_wait_s(member.wrong_keys, member.last_wrong_at, now)
        assert member.try_key(storage, created.join_code, "WRONG", now) is None
    assert member.try_key(storage, created.join_code, created.lead_key, now + 1) == pytest.approx(
        codes.LONGEST_KEY_WAIT_S - 1
    ), "the 21st try in the same session waits, even with the right key"
    # At the same moment, the lead in a session of their own gets in at once.
    assert Session().try_key(storage, created.join_code, created.lead_key, now + 1) == created.team


def test_deleted_rows_are_overwritten_on_sqlite(tmp_path):
    storage = Storage.open(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    storage.engine.dispose()

    # SQLite builds differ in their default (Debian's is on): start every connection from off.
    @sa.event.listens_for(storage.engine, "connect", insert=True)
    def _as_a_build_that_defaults_to_off(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA secure_delete=OFF")

    with storage.engine.connect() as first, storage.engine.connect() as second:
        assert [c.exec_driver_sql("PRAGMA secure_delete").scalar() for c in (first, second)] == [1, 1]


# ------------------------------------------------------------------ join codes and the secret


def test_join_codes_are_hashed_with_the_server_secret(database_url, storage):
    created = storage.create_team("Team")
    assert len(created.join_code) == codes.JOIN_CODE_LENGTH == 10
    with storage.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT join_code_hash FROM teams").scalar()
    assert stored != codes.code_hash(created.join_code), "not the plain hash a stolen database reverses"
    assert storage.team_by_join_code(created.join_code.lower()) == created.team
    other_secret = Storage.open(database_url, secret="another-secret-" + "x" * 32)
    assert other_secret.team_by_join_code(created.join_code) is None, "the hash depends on the secret"


def test_teams_with_legacy_join_codes_keep_working_and_lose_their_plain_hash(storage):
    legacy_code, lead_key = "ABCD2345", codes.new_key()
    with storage.engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO teams (name, join_code_hash, lead_key_hash, created_at) "
                "VALUES ('Old team', :code, :key, CURRENT_TIMESTAMP)"
            ),
            {
                "code": codes.code_hash(legacy_code),
                "key": codes.key_hash(codes.normalise_code(lead_key, codes.KEY_LENGTH)),
            },
        )
    team = storage.team_by_join_code("abcd-2345")
    assert team is not None and team.name == "Old team"
    with storage.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT join_code_hash FROM teams").scalar()
    assert stored != codes.code_hash(legacy_code), "found once, the code is stored keyed from then on"
    assert storage.team_for_lead(legacy_code, lead_key) == team
    assert storage.team_by_join_code("ABCD2346") is None


def test_postgresql_refuses_to_start_without_a_secret(postgres_server, monkeypatch):
    monkeypatch.delenv("ASSESSMENT_SECRET", raising=False)
    refused = pytest.raises(SettingsError, match="ASSESSMENT_SECRET is not set.*every app server must have")
    with postgres.fresh_database(postgres_server, "without_secret") as url, refused:
        Storage.open(url)


def test_sqlite_makes_a_private_secret_beside_the_database_and_keeps_it(tmp_path, monkeypatch):
    monkeypatch.delenv("ASSESSMENT_SECRET", raising=False)
    url = f"sqlite:///{tmp_path / 'var' / 'db.sqlite3'}"
    created = Storage.open(url).create_team("Team")
    secret_file = tmp_path / "var" / SECRET_FILE_NAME
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert len(secret_file.read_text().strip()) >= SHORTEST_SECRET
    assert Storage.open(url).team_by_join_code(created.join_code) == created.team, "reused after a restart"
    assert created.join_code not in secret_file.read_text()
