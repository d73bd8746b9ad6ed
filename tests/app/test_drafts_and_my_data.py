"""Never lose an answer; a person's own data: notes, download, deletion; a database that fails."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pandas as pd
import sqlalchemy as sa

from assessment import aggregate, codes, export
from assessment.settings import load_settings
from assessment.storage import Storage, metadata
from assessment.ui.shared import _storage
from tests.app.conftest import texts
from tests.conftest import ROOT, all_answered, fill_round

ASSESS = "app_pages/assess.py"
MY_DATA = "app_pages/my_data.py"
RULES = aggregate.PublishingRules(min_group_size=5, detail_group_size=10)


def test_answers_and_notes_come_back_in_a_new_session(open_app):
    at = open_app(ASSESS)
    at.radio(key="ans_O1a").set_value(5).run()
    at.text_area(key="note_organisational").input("Supervision helps, ask for it monthly.").run()
    code = at.session_state["code"]

    again = open_app(ASSESS, code=code)  # a reload, or the saved link opened days later
    assert again.radio(key="ans_O1a").value == 5
    assert again.text_area(key="note_organisational").value == "Supervision helps, ask for it monthly."


def test_a_note_warns_against_identifying_clients(open_app, questionnaire):
    at = open_app(ASSESS)
    fields = [at.text_area(key=f"note_{a.id}") for a in questionnaire.areas]
    assert all("identify a client" in f.placeholder for f in fields)


RESTART_SCRIPT = textwrap.dedent(
    """
    import os, sys
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(sys.argv[1], default_timeout=30)
    if len(sys.argv) > 2:
        at.session_state["code"] = sys.argv[2]
    at.run()
    at.switch_page("app_pages/assess.py").run()
    if len(sys.argv) == 2:
        at.radio(key="ans_B1a").set_value(2).run()
        at.radio(key="ans_M3b").set_value("na").run()
        print(at.session_state["code"])
    else:
        print(at.radio(key="ans_B1a").value, at.radio(key="ans_M3b").value, at.radio(key="ans_P1a").value)
    """
)


def test_answers_survive_a_restart_of_the_server_process(database_url, tmp_path):
    """Two separate processes: nothing but the database carries the answers across."""
    env = {"ASSESSMENT_DATABASE_URL": database_url, "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    script = tmp_path / "session.py"
    script.write_text(RESTART_SCRIPT)
    first = subprocess.run(
        [sys.executable, str(script), str(ROOT / "app.py")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    code = first.stdout.strip().splitlines()[-1]
    second = subprocess.run(
        [sys.executable, str(script), str(ROOT / "app.py"), code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert second.stdout.strip().splitlines()[-1] == "2 na None"


def test_two_sessions_answering_at_once_keep_their_own_drafts(open_app):
    alice, bob = open_app(ASSESS), open_app(ASSESS)
    alice.radio(key="ans_B1a").set_value(1).run()
    bob.radio(key="ans_B1a").set_value(5).run()
    alice.radio(key="ans_B1b").set_value(2).run()
    bob.radio(key="ans_B1b").set_value(4).run()
    assert alice.session_state["code"] != bob.session_state["code"]
    for at, expected in ((alice, (1, 2)), (bob, (5, 4))):
        again = open_app(ASSESS, code=at.session_state["code"])
        assert (again.radio(key="ans_B1a").value, again.radio(key="ans_B1b").value) == expected


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
    assert "2 submitted self-assessment(s)" in page and "1 private note(s)" in page
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
    public_ids = [r.public_id for r in storage.responses_of(person)]

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
    at.text_input(key="lead_join_code_input").input(created.join_code)
    at.text_input(key="lead_key_input").input(created.lead_key)
    next(b for b in at.button if b.label == "Open the dashboard").click()
    at.run()
    assert "Closed with 6 answers." in texts(at)
    assert "rush first meetings" not in str([e.value for e in at.dataframe]) + texts(at)


# ------------------------------------------------------ a failing database


def _break_database(tmp_path):
    """Take the database away for real: its folder turns into a file, so no connection can open."""
    folder = tmp_path
    moved = folder.parent / (folder.name + "-moved")
    folder.rename(moved)
    folder.write_text("the database folder is gone")
    return lambda: (folder.unlink(), moved.rename(folder))


def test_an_answer_that_cannot_be_saved_stays_on_screen_with_a_readable_message(
    open_app, database_url, tmp_path
):
    at = open_app(ASSESS)
    at.radio(key="ans_B1a").set_value(4).run()
    _storage(load_settings()).engine.dispose()  # pooled connections would outlive the broken folder
    restore = _break_database(tmp_path)
    try:
        at.radio(key="ans_B1b").set_value(2).run()
        assert not at.exception
        assert "could not be saved" in texts(at)
        assert at.radio(key="ans_B1a").value == 4 and at.radio(key="ans_B1b").value == 2
    finally:
        _storage(load_settings()).engine.dispose()
        restore()


def test_a_failed_submit_keeps_the_answers_and_writes_nothing(
    open_app, questionnaire, database_url, tmp_path
):
    at = open_app(ASSESS)
    for item in questionnaire.items:
        at.radio(key=f"ans_{item.id}").set_value(3)
    at.run()
    _storage(load_settings()).engine.dispose()
    restore = _break_database(tmp_path)
    try:
        at.button(key="submit").click().run()
        assert not at.exception
        assert "could not be saved" in texts(at)
        assert all(at.radio(key=f"ans_{i.id}").value == 3 for i in questionnaire.items)
    finally:
        _storage(load_settings()).engine.dispose()
        restore()
    storage = Storage.open(database_url)
    assert storage.responses_of(storage.person_id(at.session_state["code"])) == []
