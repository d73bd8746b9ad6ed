"""The questionnaire page shows the stored draft: whatever page a person comes from, whichever tab."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from assessment.settings import load_settings
from assessment.storage import Storage
from assessment.ui.shared import _storage
from tests.app.conftest import PAGES, answer, answer_all, texts, whole_page
from tests.conftest import ROOT

ASSESS = "app_pages/assess.py"
RESULTS = "app_pages/results.py"
TEN = {"B1a": 1, "B1b": 2, "B2a": 3, "B2b": 4, "B2c": 5, "P1a": "na", "P1b": 2, "O1a": 4, "M1a": 5, "M3b": 1}


def _answer(at, answers):
    for item_id, value in answers.items():
        answer(at, f"ans_{item_id}", value)
    return at


def _shown(at) -> dict:
    return {key: at.radio(key=f"ans_{key}").value for key in TEN}


def _progress(at) -> str:
    return at.get("progress")[0].proto.text


def test_answers_stay_on_screen_after_visiting_every_other_page(open_app):
    at = _answer(open_app(ASSESS), TEN)
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, page
        at.switch_page(ASSESS).run()
        assert _shown(at) == TEN, f"after a visit to {page}"
        assert "Answered 10 of 30" in _progress(at)


def test_continue_where_you_left_off_opens_the_same_answers(open_app):
    at = _answer(open_app(ASSESS), TEN)
    at.switch_page(RESULTS).run()
    assert "unfinished self-assessment: 10 of 30" in texts(at)
    at.switch_page(ASSESS).run()  # where the results page's "Continue" link leads
    assert _shown(at) == TEN


def test_a_second_tab_on_the_same_code_sees_and_changes_the_same_draft(open_app):
    first = _answer(open_app(ASSESS), TEN)
    second = open_app(ASSESS, code=first.session_state["code"])
    assert _shown(second) == TEN

    answer(second, "ans_B1a", 5)
    answer(second, "ans_P4a", 3)
    answer(first, "ans_M2a", 4)  # any click in the first tab
    assert first.radio(key="ans_B1a").value == 5
    assert first.radio(key="ans_P4a").value == 3
    assert "Answered 12 of 30" in _progress(first)


def test_submit_takes_the_stored_draft_even_when_another_tab_gave_the_last_answer(
    open_app, questionnaire, database_url
):
    first = open_app(ASSESS)
    items = questionnaire.items
    answer_all(first, questionnaire, skip=(items[-1].id,))
    second = open_app(ASSESS, code=first.session_state["code"])
    answer(second, f"ans_{items[-1].id}", 2)

    first.button(key="submit").click().run()
    assert "Nothing was submitted" not in texts(first)
    storage = Storage.open(database_url)
    [stored] = storage.person_record(storage.person_id(first.session_state["code"])).responses
    assert stored.answers[items[-1].id] == 2


def test_a_submission_in_one_tab_empties_the_other_tabs_questionnaire(open_app, questionnaire):
    first = open_app(ASSESS)
    for item in questionnaire.items:
        first.radio(key=f"ans_{item.id}").set_value(3)
    first.run()
    second = open_app(ASSESS, code=first.session_state["code"])
    second.button(key="submit").click().run()
    second.switch_page(ASSESS).run()  # retaking starts empty
    assert "Answered 0 of 30" in _progress(second)

    answer(first, "ans_B1a", 5)
    assert "Answered 1 of 30" in _progress(first)
    assert first.radio(key="ans_B1b").value is None


def test_the_assessment_address_never_carries_the_personal_code(open_app):
    at = _answer(open_app(ASSESS, team="ABCDEFGH"), {"B1a": 2})
    code = at.session_state["code"]
    assert "code" not in at.query_params
    assert code in texts(at)  # shown to write down, not put in the link people share

    for page in PAGES:
        at.switch_page(page).run()
        if page == RESULTS:
            assert at.query_params["code"] == code  # the one page meant for a bookmark
            assert "do not share it" in texts(at)
        else:
            assert "code" not in at.query_params, page


def test_an_old_link_with_the_code_still_opens_the_draft_and_drops_the_code_from_the_address(open_app):
    at = _answer(open_app(ASSESS), {"B1a": 2})
    again = open_app(ASSESS, code=at.session_state["code"])
    assert again.radio(key="ans_B1a").value == 2
    assert "code" not in again.query_params


def test_radios_start_empty_with_five_labelled_options_and_not_applicable(open_app, questionnaire):
    at = open_app("app_pages/assess.py")
    assert len(at.radio) == len(questionnaire.items)
    radio = at.radio(key="ans_B1a")
    assert radio.value is None
    assert radio.options == [
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
        "Not applicable",
    ]
    assert "Answered 0 of 30" in at.get("progress")[0].proto.text


def _area_headings(at) -> list[str]:
    """The areas' headings in page order, each with the paragraph under it (one Markdown element)."""
    return [m.value for m in at.markdown if m.value.startswith("## ")]


def test_items_are_grouped_by_area_with_context(open_app, questionnaire):
    at = open_app("app_pages/assess.py")
    assert _area_headings(at) == [f"## {a.name}\n\n{a.context}" for a in questionnaire.areas]
    shown = [r.key for r in at.radio]
    for area in questionnaire.areas:
        keys = [f"ans_{item.id}" for item in questionnaire.items_in_area(area.id)]
        assert shown[shown.index(keys[0]) : shown.index(keys[0]) + len(keys)] == keys, area.id


def test_the_first_answer_creates_a_code_and_saves_a_draft(open_app, database_url):
    at = open_app("app_pages/assess.py")
    assert "code" not in at.query_params
    answer(at, "ans_B1a", 2)
    code = at.session_state["code"]
    assert code in texts(at)
    storage = Storage.open(database_url)
    assert storage.draft(storage.person_id(code)) == {"B1a": 2}
    assert "Answered 1 of 30" in at.get("progress")[0].proto.text


def test_a_new_session_with_the_same_code_restores_the_answers(open_app, questionnaire):
    at = open_app("app_pages/assess.py")
    answer(at, "ans_B1a", 2)
    answer(at, "ans_P2b", "na")
    code = at.session_state["code"]

    again = open_app("app_pages/assess.py", code=code)
    assert again.radio(key="ans_B1a").value == 2
    assert again.radio(key="ans_P2b").value == "na"
    assert again.radio(key="ans_M3b").value is None
    assert "Answered 2 of 30" in again.get("progress")[0].proto.text


def test_submit_with_unanswered_items_lists_them_and_submits_nothing(open_app, questionnaire, database_url):
    at = open_app("app_pages/assess.py")
    at = answer_all(at, questionnaire, skip=("B2c", "M1b"))
    at.button(key="submit").click().run()

    error = at.error[0].value
    assert "2 statements still need an answer" in error
    assert "5\\. I assume that the people I support see me" in error
    assert "26\\. I talk with the people I support" in error
    assert at.radio(key="ans_B1a").value == 4, "the answers given stay on screen"
    storage = Storage.open(database_url)
    assert storage.person_record(storage.person_id(at.session_state["code"])).responses == []


def test_the_list_of_missing_statements_follows_the_answers_given_after_submit(open_app, questionnaire):
    at = answer_all(open_app(ASSESS), questionnaire, skip=("B2c", "M1b"))
    at.button(key="submit").click().run()
    at.radio(key="ans_B2c").set_value(2).run()  # the answer's own redraw, as the browser gets it
    error = at.error[0].value
    assert "1 statement still needs an answer" in error
    assert "I assume that the people I support see me" not in error
    assert "I talk with the people I support" in error
    assert "Answered 29 of 30" in _progress(at)
    answer(whole_page(at), "ans_M1b", "na")
    assert not at.error
    assert "Answered 30 of 30" in _progress(at)


def test_submit_with_every_item_answered_stores_one_response_and_shows_results(
    open_app, questionnaire, database_url
):
    at = open_app("app_pages/assess.py")
    at = answer_all(at, questionnaire, value=5)
    answer(at, "ans_B1a", "na")  # Not applicable counts as answered
    at.button(key="submit").click().run()

    assert not at.exception
    assert at.title[0].value == "My results"
    storage = Storage.open(database_url)
    [stored] = storage.person_record(storage.person_id(at.session_state["code"])).responses
    assert stored.answers["B1a"] is None
    assert stored.answers["B1b"] == 5
    assert stored.instrument_version == questionnaire.version


def test_answers_and_notes_come_back_in_a_new_session(open_app):
    at = open_app(ASSESS)
    answer(at, "ans_O1a", 5)
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
        at.run()  # an answer reruns its area only: a full run for the next area's radios
        at.radio(key="ans_M3b").set_value("na").run()
        print(at.session_state["code"])
    else:
        print(at.radio(key="ans_B1a").value, at.radio(key="ans_M3b").value, at.radio(key="ans_P1a").value)
    """
)


def test_answers_survive_a_restart_of_the_server_process(database_url, tmp_path, tested_version):
    """Two separate processes: nothing but the database carries the answers across."""
    env = {
        "ASSESSMENT_DATABASE_URL": database_url,
        "ASSESSMENT_QUESTIONNAIRE_VERSION": tested_version,
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
    }
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
    answer(alice, "ans_B1a", 1)
    answer(bob, "ans_B1a", 5)
    answer(alice, "ans_B1b", 2)
    answer(bob, "ans_B1b", 4)
    assert alice.session_state["code"] != bob.session_state["code"]
    for at, expected in ((alice, (1, 2)), (bob, (5, 4))):
        again = open_app(ASSESS, code=at.session_state["code"])
        assert (again.radio(key="ans_B1a").value, again.radio(key="ans_B1b").value) == expected


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
    answer(at, "ans_B1a", 4)
    _storage(load_settings()).engine.dispose()  # pooled connections would outlive the broken folder
    restore = _break_database(tmp_path)
    try:
        answer(at, "ans_B1b", 2)
        assert not at.exception
        assert "could not be saved" in texts(at)
        assert at.radio(key="ans_B1a").value == 4 and at.radio(key="ans_B1b").value == 2
    finally:
        _storage(load_settings()).engine.dispose()
        restore()


def test_a_failed_submit_keeps_the_answers_and_writes_nothing(
    open_app, questionnaire, database_url, tmp_path
):
    at = answer_all(open_app(ASSESS), questionnaire, value=3)
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
    assert storage.person_record(storage.person_id(at.session_state["code"])).responses == []


def test_the_introduction_stands_above_the_statements(open_app, questionnaire):
    at = open_app(ASSESS)
    assert not at.exception
    shown = [m.value for m in at.markdown]
    assert questionnaire.introduction in shown
    assert shown.index(questionnaire.introduction) < shown.index(_area_headings(at)[0])
