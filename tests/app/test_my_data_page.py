"""My data: what is stored, the download, deletion for good, and notes that never reach a team."""

from __future__ import annotations

import json

import pandas as pd
import sqlalchemy as sa

from assessment import aggregate, codes, export
from assessment.storage import metadata
from tests.app.conftest import texts
from tests.conftest import all_answered, fill_round

ASSESS = "app_pages/assess.py"
MY_DATA = "app_pages/my_data.py"
RULES = aggregate.PublishingRules(min_group_size=5, detail_group_size=10)


# ----------------------------------------------------------------- my data


def _person_with_everything(storage, questionnaire):
    """A member with a response in a closed round, one in an open round, a draft and a note."""
    created = storage.create_team("Team")
    closed = storage.open_round(created.team.id, "Spring", 12)
    others = fill_round(storage, questionnaire, created.team.id, [all_answered(questionnaire, 3)] * 5)
    code = storage.create_person()
    person = storage.person_id(code)
    storage.join_team(person, created.team.id)
    storage.submit_response(person, questionnaire, all_answered(questionnaire, 1))
    storage.close_round(created.team.id, closed.id)
    storage.open_round(created.team.id, "Autumn", 12)
    storage.submit_response(person, questionnaire, all_answered(questionnaire, 5))
    storage.save_draft_answer(person, "B1a", 4)
    storage.save_note(person, "bias", "I rush first meetings.")
    return created, code, person, others


def test_the_download_holds_responses_drafts_notes_and_rounds(storage, questionnaire):
    created, code, person, _ = _person_with_everything(storage, questionnaire)
    document = json.loads(export.person_json(questionnaire, storage.person_record(person)))
    assert len(document["responses"]) == 2
    assert document["responses"][0]["answers"]["B1a"] == 1
    assert document["draft"] == {"B1a": 4}
    assert document["notes"] == {"bias": "I rush first meetings."}
    assert document["team"] == "Team"
    assert document["team_rounds_joined"] == [
        {"team": "Team", "round": "Spring"},
        {"team": "Team", "round": "Autumn"},
    ]


def test_my_data_page_lists_what_is_stored_and_offers_the_download(open_app, storage, questionnaire):
    _, code, _, _ = _person_with_everything(storage, questionnaire)
    at = open_app(MY_DATA, code=code)
    page = texts(at)
    assert "2 submitted self-assessments" in page and "1 private note\n" in page
    assert at.get("download_button")[0].proto.label == "Download everything (JSON)"


def test_deletion_needs_a_confirmation(open_app, storage, questionnaire):
    _, code, person, _ = _person_with_everything(storage, questionnaire)
    at = open_app(MY_DATA, code=code)
    assert at.button(key="delete_my_data").disabled
    assert storage.person_id(code) == person


def test_deletion_leaves_nothing_linked_to_the_code_and_the_published_totals_unchanged(
    open_app, storage, questionnaire, database_url
):
    created, code, person, _ = _person_with_everything(storage, questionnaire)
    before = aggregate.team_view(storage, questionnaire, created.team.id, RULES).figures
    public_ids = [r.public_id for r in storage.person_record(person).responses]

    at = open_app(MY_DATA, code=code)
    at.checkbox(key="confirm_delete").check().run()
    at.button(key="delete_my_data").click().run()
    assert "has been deleted" in texts(at)
    assert "code" not in at.query_params

    assert storage.person_id(code) is None
    code_hash = codes.code_hash(codes.normalise_code(code))
    with storage.engine.connect() as conn:
        for table in metadata.sorted_tables:
            for row in conn.execute(sa.select(table)).mappings():
                values = [str(v) for v in row.values()]
                assert code_hash not in values and not set(public_ids) & set(values), table.name
                if "person_id" in row:
                    assert row["person_id"] != person, table.name
            assert "I rush first meetings." not in str(conn.execute(sa.select(table)).all())

    after = aggregate.team_view(storage, questionnaire, created.team.id, RULES).figures
    for was, now in zip(before, after, strict=True):
        pd.testing.assert_frame_equal(now.areas, was.areas)
        pd.testing.assert_frame_equal(now.items, was.items)
    assert storage.open_round_of(created.team.id).responses == 0, "the open round's response is gone"


def test_notes_never_reach_a_team_view_or_export(open_app, storage, questionnaire):
    created, _, _, _ = _person_with_everything(storage, questionnaire)
    figures = aggregate.team_view(storage, questionnaire, created.team.id, RULES).figures
    exported = export.team_area_scores_csv("Team", figures) + export.team_item_distribution_csv(
        "Team", figures
    )
    assert b"rush first meetings" not in exported
    at = open_app("app_pages/team.py")
    at.text_input(key="lead_code_input").input(created.join_code)
    at.text_input(key="lead_key_input").input(created.lead_key)
    next(b for b in at.button if b.label == "Open the dashboard").click()
    at.run()
    assert "Closed with 6 answers." in texts(at)
    assert "rush first meetings" not in str([e.value for e in at.dataframe]) + texts(at)


# ------------------------------------------------------ a failing database
