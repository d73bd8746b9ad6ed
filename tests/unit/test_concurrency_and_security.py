"""Many sessions at once on one SQLite file; secrets compared and limited; writes all or nothing."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from assessment import codes
from assessment.storage import TEAM_FAILURE_LIMIT, Storage, StorageError, TeamLocked, responses
from tests.conftest import BOTH_DATABASES, all_answered

pytestmark = BOTH_DATABASES

THREADS = 20
SUBMISSIONS_PER_THREAD = 10


def test_twenty_threads_submitting_at_once_lose_nothing(database_url, questionnaire):
    storage = Storage.open(database_url)
    created = storage.create_team("Busy team")
    storage.open_round(created.team.id, "Spring")

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


def test_a_team_locks_after_too_many_wrong_keys_from_any_session(storage):
    created = storage.create_team("Team")
    for _ in range(TEAM_FAILURE_LIMIT):
        assert storage.team_for_lead(created.join_code, "wrong") is None
    with pytest.raises(TeamLocked, match="locked"):
        storage.team_for_lead(created.join_code, created.lead_key)
    other = storage.create_team("Other team")
    assert storage.team_for_lead(other.join_code, other.lead_key) == other.team, (
        "other teams are not affected"
    )


def test_lead_keys_are_checked_in_constant_time_against_the_whole_hash(monkeypatch):
    seen = []
    real = codes.same_secret
    monkeypatch.setattr(codes, "same_secret", lambda a, b: seen.append((a, b)) or real(a, b))
    stored = codes.lead_key_hash("A" * codes.LEAD_KEY_LENGTH)
    assert codes.lead_key_matches("A" * codes.LEAD_KEY_LENGTH, stored)
    assert not codes.lead_key_matches("B" * codes.LEAD_KEY_LENGTH, stored)
    assert len(seen) == 2 and all(b == stored for _, b in seen)
