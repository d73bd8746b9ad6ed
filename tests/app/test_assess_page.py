"""The questionnaire page shows the stored draft: whatever page a person comes from, whichever tab."""

from __future__ import annotations

from assessment.storage import Storage
from tests.app.conftest import PAGES, texts

ASSESS = "app_pages/assess.py"
RESULTS = "app_pages/results.py"
TEN = {"B1a": 1, "B1b": 2, "B2a": 3, "B2b": 4, "B2c": 5, "P1a": "na", "P1b": 2, "O1a": 4, "M1a": 5, "M3b": 1}


def _answer(at, answers):
    for item_id, value in answers.items():
        at.radio(key=f"ans_{item_id}").set_value(value).run()
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

    second.radio(key="ans_B1a").set_value(5).run()
    second.radio(key="ans_P4a").set_value(3).run()
    first.radio(key="ans_M2a").set_value(4).run()  # any click in the first tab
    assert first.radio(key="ans_B1a").value == 5
    assert first.radio(key="ans_P4a").value == 3
    assert "Answered 12 of 30" in _progress(first)


def test_submit_takes_the_stored_draft_even_when_another_tab_gave_the_last_answer(
    open_app, questionnaire, database_url
):
    first = open_app(ASSESS)
    items = questionnaire.items
    for item in items[:-1]:
        first.radio(key=f"ans_{item.id}").set_value(4)
    first.run()
    second = open_app(ASSESS, code=first.session_state["code"])
    second.radio(key=f"ans_{items[-1].id}").set_value(2).run()

    first.button(key="submit").click().run()
    assert "Nothing was submitted" not in texts(first)
    storage = Storage.open(database_url)
    [stored] = storage.responses_of(storage.person_id(first.session_state["code"]))
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

    first.radio(key="ans_B1a").set_value(5).run()
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
