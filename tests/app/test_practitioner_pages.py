"""The practitioner's pages under AppTest: answering, drafts, submitting, results, bad input."""

from __future__ import annotations

import pandas as pd

from assessment.scoring import area_scores, format_score
from assessment.storage import Storage
from tests.app.conftest import PAGES, texts
from tests.conftest import all_answered


def _answer_all(at, questionnaire, value=4, skip=()):
    for item in questionnaire.items:
        if item.id not in skip:
            at.radio(key=f"ans_{item.id}").set_value(value)
    return at.run()


def test_every_page_runs_without_exception(open_app):
    for page in PAGES:
        at = open_app(page)
        assert not at.exception, page
        assert at.title, page


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


def test_items_are_grouped_by_area_with_context(open_app, questionnaire):
    at = open_app("app_pages/assess.py")
    assert [h.value for h in at.header] == [a.name for a in questionnaire.areas]
    for area in questionnaire.areas:
        assert area.context in texts(at)


def test_the_first_answer_creates_a_code_in_the_url_and_saves_a_draft(open_app, database_url):
    at = open_app("app_pages/assess.py")
    assert "code" not in at.query_params
    at.radio(key="ans_B1a").set_value(2).run()
    code = at.session_state["code"]
    assert code in texts(at)
    storage = Storage.open(database_url)
    assert storage.draft(storage.person_id(code)) == {"B1a": 2}
    assert "Answered 1 of 30" in at.get("progress")[0].proto.text


def test_a_new_session_with_the_same_code_restores_the_answers(open_app, questionnaire):
    at = open_app("app_pages/assess.py")
    at.radio(key="ans_B1a").set_value(2).run()
    at.radio(key="ans_P2b").set_value("na").run()
    code = at.session_state["code"]

    again = open_app("app_pages/assess.py", code=code)
    assert again.radio(key="ans_B1a").value == 2
    assert again.radio(key="ans_P2b").value == "na"
    assert again.radio(key="ans_M3b").value is None
    assert "Answered 2 of 30" in again.get("progress")[0].proto.text


def test_submit_with_unanswered_items_lists_them_and_submits_nothing(open_app, questionnaire, database_url):
    at = open_app("app_pages/assess.py")
    at = _answer_all(at, questionnaire, skip=("B2c", "M1b"))
    at.button(key="submit").click().run()

    error = at.error[0].value
    assert "2 statement(s) still need an answer" in error
    assert "5\\. I assume that the people I support see me" in error
    assert "26\\. I talk with the people I support" in error
    assert at.radio(key="ans_B1a").value == 4, "the answers given stay on screen"
    storage = Storage.open(database_url)
    assert storage.responses_of(storage.person_id(at.session_state["code"])) == []


def test_submit_with_every_item_answered_stores_one_response_and_shows_results(
    open_app, questionnaire, database_url
):
    at = open_app("app_pages/assess.py")
    at = _answer_all(at, questionnaire, value=5)
    at.radio(key="ans_B1a").set_value("na").run()  # Not applicable counts as answered
    at.button(key="submit").click().run()

    assert not at.exception
    assert at.title[0].value == "My results"
    storage = Storage.open(database_url)
    [stored] = storage.responses_of(storage.person_id(at.session_state["code"]))
    assert stored.answers["B1a"] is None
    assert stored.answers["B1b"] == 5
    assert stored.instrument_version == questionnaire.version


def test_results_show_the_expected_area_scores(open_app, questionnaire, database_url):
    storage = Storage.open(database_url)
    code = storage.create_person()
    answers = all_answered(questionnaire, 2)
    answers.update({"B1a": 5, "P2b": None})
    storage.submit_response(storage.person_id(code), questionnaire, answers)

    at = open_app("app_pages/results.py", code=code)
    assert not at.exception
    table = at.dataframe[0].value
    expected = {
        questionnaire.area(a).name: format_score(s.score)
        for a, s in area_scores(questionnaire, answers).items()
    }
    assert dict(zip(table["area"], table["score"], strict=True)) == expected
    assert at.get("vega_lite_chart"), "the profile chart is shown"
    assert "Where to start" in [s.value for s in at.header]


def test_results_name_the_two_weakest_points_with_the_paper_recommendation(
    open_app, questionnaire, database_url
):
    storage = Storage.open(database_url)
    code = storage.create_person()
    answers = all_answered(questionnaire, 4)
    for item in questionnaire.items:
        if item.point in ("O3", "M1"):
            answers[item.id] = 6 - 1 if item.reverse else 1
        if item.point == "P3":
            answers[item.id] = 5
    storage.submit_response(storage.person_id(code), questionnaire, answers)

    page = texts(open_app("app_pages/results.py", code=code))
    for point_id in ("O3", "M1"):
        assert questionnaire.point(point_id).recommendation in page
    assert f"Your strongest point: {questionnaire.point('P3').label}" in page


def test_a_retake_adds_a_submission_and_shows_the_change_and_the_trend(open_app, questionnaire, database_url):
    storage = Storage.open(database_url)
    code = storage.create_person()
    person = storage.person_id(code)
    storage.submit_response(person, questionnaire, all_answered(questionnaire, 3))

    at = open_app("app_pages/results.py", code=code)
    at.button(key="retake").click().run()
    assert at.radio(key="ans_B1a").value is None, "a retake starts from a fresh draft"
    # AppTest does not follow a page switch made by the script into later runs; the browser does.
    at.switch_page("app_pages/assess.py").run()
    at = _answer_all(at, questionnaire, value=5)
    at.button(key="submit").click().run()

    assert len(storage.responses_of(person)) == 2
    changes = at.dataframe[0].value
    before = area_scores(questionnaire, all_answered(questionnaire, 3))
    after = area_scores(questionnaire, all_answered(questionnaire, 5))
    expected = [
        format_score(after[a.id].score - before[a.id].score, signed=True) for a in questionnaire.areas
    ]
    assert list(changes["change since previous"]) == expected
    assert "Over time" in [s.value for s in at.header]
    assert len(at.get("vega_lite_chart")) == 2


def test_typing_a_code_on_the_results_page_shows_that_persons_results(open_app, questionnaire, database_url):
    storage = Storage.open(database_url)
    code = storage.create_person()
    storage.submit_response(storage.person_id(code), questionnaire, all_answered(questionnaire, 4))

    at = open_app("app_pages/results.py")
    at.text_input(key="typed_code").input(code.lower())
    at.button[0].click().run()
    assert at.session_state["code"] == code
    assert isinstance(at.dataframe[0].value, pd.DataFrame)


def test_a_draft_shows_on_the_results_page(open_app, database_url):
    storage = Storage.open(database_url)
    code = storage.create_person()
    storage.save_draft_answer(storage.person_id(code), "B1a", 4)
    page = texts(open_app("app_pages/results.py", code=code))
    assert "unfinished self-assessment: 1 of 30" in page


def test_unknown_and_malformed_codes_get_the_same_neutral_message(open_app):
    unknown = open_app("app_pages/results.py", code="AAAA-AAAA-AAAA-AAAA")
    malformed = open_app("app_pages/results.py", code="<script>")
    for at in (unknown, malformed):
        assert not at.exception
        assert "There are no results for this code." in texts(at)
        assert "code" not in at.query_params

    typed = open_app("app_pages/results.py")
    typed.text_input(key="typed_code").input("ZZZZ-ZZZZ-ZZZZ-ZZZZ")
    typed.button[0].click().run()
    assert "There are no results for this code." in texts(typed)


def test_a_broken_questionnaire_stops_the_app_with_a_readable_message(open_app, monkeypatch, tmp_path):
    broken = tmp_path / "questionnaire.toml"
    broken.write_text('version = "x"\nlanguages = ["en"]\n', encoding="utf-8")
    monkeypatch.setenv("ASSESSMENT_QUESTIONNAIRE", str(broken))
    at = open_app()
    assert not at.exception
    message = at.error[0].value
    assert "questionnaire file cannot be used" in message and str(broken) in message
    assert not at.radio


def test_a_database_that_cannot_be_opened_gets_a_readable_message(open_app, monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("ASSESSMENT_DATABASE_URL", f"sqlite:///{blocker}/db.sqlite3")
    at = open_app()
    assert not at.exception
    assert "The database cannot be opened" in at.error[0].value


def test_a_group_size_below_three_stops_the_app(open_app, monkeypatch):
    monkeypatch.setenv("ASSESSMENT_MIN_GROUP_SIZE", "2")
    at = open_app()
    assert not at.exception
    assert "ASSESSMENT_MIN_GROUP_SIZE is 2" in at.error[0].value
