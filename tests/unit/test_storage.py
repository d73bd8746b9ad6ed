"""The database round trip: people, drafts, responses, and clear errors when it cannot open."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assessment import codes
from assessment.storage import Storage, StorageError
from tests.conftest import BOTH_DATABASES, all_answered, every_stored_value

pytestmark = BOTH_DATABASES


def test_a_new_person_is_found_by_their_code_in_any_written_form(storage):
    code = storage.create_person()
    person = storage.person_id(code)
    assert person is not None
    assert storage.person_id(code.lower().replace("-", " ")) == person
    # Look-alikes a person may write down are read as the digits they resemble.
    assert storage.person_id(code.replace("0", "O").replace("1", "I")) == person


@pytest.mark.parametrize("typed", ["", "nonsense", "AAAA-AAAA-AAAA-AAAA", "AAAA-AAAA-AAAA-AAA", "ÄÄÄÄ" * 4])
def test_unknown_or_malformed_codes_find_nobody(storage, typed):
    storage.create_person()
    assert storage.person_id(typed) is None


def test_codes_are_stored_only_as_hashes(storage):
    code = storage.create_person()
    canonical = codes.normalise_code(code)
    dump = every_stored_value(storage)
    assert canonical not in dump and code not in dump
    assert codes.code_hash(canonical) in dump


def test_draft_answers_are_saved_updated_and_read_back(storage):
    person = storage.person_id(storage.create_person())
    storage.save_draft_answer(person, "B1a", 4)
    storage.save_draft_answer(person, "B1b", None)
    storage.save_draft_answer(person, "B1a", 2)
    assert storage.draft(person) == {"B1a": 2, "B1b": None}


def test_a_save_returns_the_draft_and_notes_as_they_now_stand(storage):
    """What the questionnaire shows after an answer or a note, read in the save's transaction."""
    person = storage.person_id(storage.create_person())
    other = storage.person_id(storage.create_person())
    storage.save_draft_answer(other, "B1a", 5)
    storage.save_note(other, "bias", "someone else's")
    assert storage.save_draft_answer(person, "B1a", 4) == ({"B1a": 4}, {})
    assert storage.save_note(person, "bias", "ask the team") == ({"B1a": 4}, {"bias": "ask the team"})
    assert storage.save_draft_answer(person, "B1b", None) == (
        {"B1a": 4, "B1b": None},
        {"bias": "ask the team"},
    )
    assert storage.save_note(person, "bias", "  ") == ({"B1a": 4, "B1b": None}, {})


def test_drafts_of_two_people_stay_apart(storage):
    first = storage.person_id(storage.create_person())
    second = storage.person_id(storage.create_person())
    storage.save_draft_answer(first, "B1a", 1)
    storage.save_draft_answer(second, "B1a", 5)
    assert storage.draft(first) == {"B1a": 1}
    assert storage.draft(second) == {"B1a": 5}


def test_submit_stores_answers_version_and_utc_time_and_clears_the_draft(storage, questionnaire):
    person = storage.person_id(storage.create_person())
    storage.save_draft_answer(person, "B1a", 3)
    answers = all_answered(questionnaire, 4)
    answers["B1a"] = None
    before = datetime.now(UTC)
    public_id = storage.submit_response(person, questionnaire, answers).public_id

    [stored] = storage.person_record(person).responses
    assert stored.public_id == public_id
    assert stored.answers == answers
    assert stored.instrument_version == questionnaire.version
    assert stored.submitted_at.tzinfo is not None
    assert before <= stored.submitted_at <= datetime.now(UTC)
    assert storage.draft(person) == {}


def test_an_incomplete_response_is_refused_and_nothing_is_written(storage, questionnaire):
    person = storage.person_id(storage.create_person())
    answers = all_answered(questionnaire)
    del answers["M3b"]
    with pytest.raises(ValueError, match="every item"):
        storage.submit_response(person, questionnaire, answers)
    assert storage.person_record(person).responses == []


def test_every_submission_is_kept_oldest_first(storage, questionnaire):
    person = storage.person_id(storage.create_person())
    first = storage.submit_response(person, questionnaire, all_answered(questionnaire, 2)).public_id
    second = storage.submit_response(person, questionnaire, all_answered(questionnaire, 5)).public_id
    assert [r.public_id for r in storage.person_record(person).responses] == [first, second]


def test_a_value_off_the_scale_cannot_be_stored(storage):
    person = storage.person_id(storage.create_person())
    with pytest.raises(StorageError):
        storage.save_draft_answer(person, "B1a", 7)


def test_the_schema_is_created_once_and_data_survives_reopening(database_url, questionnaire):
    first = Storage.open(database_url)
    person_code = first.create_person()
    first.engine.dispose()
    again = Storage.open(database_url)
    assert again.person_id(person_code) is not None
