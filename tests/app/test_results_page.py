"""My results: scores, where to start, retakes, and codes typed or unknown."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa

from assessment.scoring import area_scores, format_score, round_score
from assessment.storage import Storage
from tests.app.conftest import answer_all, texts
from tests.conftest import all_answered


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
    offered = {b.key for b in at.get("download_button")}
    assert {
        "dl_report",
        "dl_profile_chart_png",
        "dl_profile_chart_svg",
        "dl_responses",
        "dl_scores",
    } <= offered
    assert not at.checkbox(key="report_notes").value, "the private notes stay out unless asked for"


def test_results_name_the_two_weakest_points_with_the_papers_words_and_the_tools_tip(
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
        point = questionnaire.point(point_id)
        # The paper's words and the tool's tip, each under its own name.
        assert f"The paper: “{point.paper}”" in page
        assert f"Tip from this tool: {point.tip}" in page
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
    at = answer_all(at, questionnaire, value=5)
    at.button(key="submit").click().run()

    assert len(storage.person_record(person).responses) == 2
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


def _chart_rows(chart) -> pd.DataFrame:
    """The rows a chart of the page draws (Streamlit sends them as Arrow)."""
    (dataset,) = chart.proto.datasets
    return pa.ipc.open_stream(dataset.data.data).read_pandas()


def test_each_person_sees_their_own_scores_in_the_profile_chart(open_app, questionnaire, database_url):
    """The chart's spec is kept per layout and shared by everyone: only the rows are a person's."""
    storage = Storage.open(database_url)
    scores = {}
    for value in (2, 5, 3):
        code = storage.create_person()
        storage.submit_response(storage.person_id(code), questionnaire, all_answered(questionnaire, value))
        scores[code] = {
            questionnaire.area(a).name: round_score(s.score)
            for a, s in area_scores(questionnaire, all_answered(questionnaire, value)).items()
        }
    for code, expected in scores.items():
        chart = open_app("app_pages/results.py", code=code).get("vega_lite_chart")[0]
        rows = _chart_rows(chart)
        assert dict(zip(rows["area"], rows["score"], strict=True)) == expected
        assert "datasets" not in json.loads(chart.proto.spec), "no one else's rows in the spec"
