"""The team lead's page and a member's view of the team, under AppTest."""

from __future__ import annotations

from assessment import aggregate, export
from assessment.scoring import format_score
from assessment.storage import Storage
from tests.app.conftest import answer_all, texts
from tests.conftest import all_answered, fill_round

TEAM_PAGE = "app_pages/team.py"


def _click(at, label):
    next(b for b in at.button if b.label == label).click()
    return at.run()


def _log_in(at, join_code, lead_key):
    at.text_input(key="lead_code_input").input(join_code)
    at.text_input(key="lead_key_input").input(lead_key)
    return _click(at, "Open the dashboard")


def test_creating_a_team_shows_join_code_members_link_and_the_key_once(open_app, database_url):
    at = open_app(TEAM_PAGE)
    at.text_input(key="new_team_name").input("Family support north")
    at = _click(at, "Create the team")

    page = texts(at)
    join_code = at.session_state["lead_join_code"]
    assert "Family support north" in [h.value for h in at.header]
    assert f"/assessment?team={join_code}" in at.code[0].value
    lead_key = page.split("Your lead key: **`")[1].split("`")[0]
    assert "shown only this once" in page
    assert Storage.open(database_url).team_for_lead(join_code, lead_key) is not None

    at.run()
    assert lead_key not in texts(at), "the key is never shown again"


def test_a_wrong_key_is_refused_with_one_message_and_slows_only_that_browser(open_app, storage):
    created = storage.create_team("Team")
    member = open_app(TEAM_PAGE)
    member = _log_in(member, created.join_code, "AAAA-AAAA")
    assert member.error[0].value.startswith("That join code and lead key do not open")
    member = _log_in(member, "ZZZZZZZZZZ", created.lead_key)
    assert member.error[0].value.startswith("That join code and lead key do not open"), (
        "same message either way"
    )
    for _ in range(18):  # a member trying keys to lock the lead out
        member = _log_in(member, created.join_code, "wrong")
    assert "Wait" in member.error[0].value, "this browser now waits before each try"
    member = _log_in(member, created.join_code, created.lead_key)
    assert "Team" not in [h.value for h in member.header], "not even the right key while it waits"

    lead = _log_in(open_app(TEAM_PAGE), created.join_code, created.lead_key)
    assert "Team" in [h.value for h in lead.header], "the lead's own browser opens the dashboard at once"


def test_the_lead_opens_watches_and_closes_a_round(open_app, storage, questionnaire):
    created = storage.create_team("Team")
    at = _log_in(open_app(TEAM_PAGE), created.join_code, created.lead_key)
    at.text_input(key="round_name").input("Spring 2025")
    at = _click(at, "Open the round")
    assert "Give the number of people in the team" in at.error[0].value, "the team size is asked for"
    at.number_input(key="round_team_size").set_value(7)
    at = _click(at, "Open the round")
    page = texts(at)
    assert "Open round: **Spring 2025**." in page
    assert "So far 0 answers online, in a team of 7." in page

    fill_round(storage, questionnaire, created.team.id, [all_answered(questionnaire, 4)] * 5)
    at.run()
    page = texts(at)
    assert "So far 5 answers online, in a team of 7." in page
    assert "at least 5 people have answered online (now: 5 online, team size 7)." in page
    assert not at.get("vega_lite_chart"), "nothing moves with each answer while the round is open"
    assert list(at.dataframe[0].value["answers"]) == [5]

    at.checkbox(key="confirm_close").check().run()
    at.button(key="close_round").click().run()
    assert "Closed with 5 answers." in texts(at)
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1 + len(questionnaire.areas) + 1  # spread, one bar chart per area, trend
    areas = at.dataframe[1].value
    assert list(areas["n"]) == ["5"] * len(questionnaire.areas)
    offered = {b.key for b in at.get("download_button")}
    assert {
        "dl_team_report",
        "dl_spread_chart_png",
        "dl_spread_chart_svg",
        "dl_team_trend_chart_png",
    } <= offered


def test_a_closed_round_with_too_few_answers_stays_hidden(open_app, storage, questionnaire):
    created = storage.create_team("Team")
    round_ = storage.open_round(created.team.id, "Small", 12)
    fill_round(storage, questionnaire, created.team.id, [all_answered(questionnaire)] * 4)
    storage.close_round(created.team.id, round_.id)
    at = _log_in(open_app(TEAM_PAGE), created.join_code, created.lead_key)
    assert "Hidden: fewer than 5 answers" in texts(at)
    assert not at.get("vega_lite_chart")
    offered = [b.proto.label for b in at.get("download_button")]
    assert offered == ["Template for paper forms (CSV)"], "no team figures to download"


def test_a_member_joins_through_the_link_and_their_submission_counts(open_app, storage, questionnaire):
    created = storage.create_team("Youth work")
    storage.open_round(created.team.id, "Spring 2025", 12)
    at = open_app("app_pages/assess.py", team=created.join_code)
    assert "member of **Youth work**" in texts(at) and "Spring 2025" in texts(at)
    at = answer_all(at, questionnaire, value=3)
    at.button(key="submit").click().run()
    assert "It counts in the round “Spring 2025” of Youth work." in texts(at)
    assert storage.open_round_of(created.team.id).responses == 1


def test_a_member_can_type_the_join_code(open_app, storage):
    created = storage.create_team("Youth work")
    at = open_app("app_pages/assess.py")
    at.text_input(key="typed_join_code").input("wrong123")
    at = _click(at, "Join the team")
    assert "No team has this join code" in texts(at)
    at.text_input(key="typed_join_code").input(created.join_code.lower())
    at = _click(at, "Join the team")
    assert "member of **Youth work**, which has no open round" in texts(at)
    assert at.query_params["team"] == created.join_code


def test_a_member_sees_the_team_means_of_the_latest_shown_round(open_app, storage, questionnaire):
    created = storage.create_team("Youth work")
    round_ = storage.open_round(created.team.id, "Spring 2025", 12)
    people = fill_round(storage, questionnaire, created.team.id, [all_answered(questionnaire, 2)] * 5)
    storage.close_round(created.team.id, round_.id)
    code = storage.create_person()
    storage.join_team(storage.person_id(code), created.team.id)
    storage.submit_response(storage.person_id(code), questionnaire, all_answered(questionnaire, 5))
    assert people

    at = open_app("app_pages/results.py", code=code)
    table = at.dataframe[0].value
    assert "team mean" in table.columns
    bias = table.set_index("area").loc[questionnaire.area("bias").name]
    reversed_count = sum(i.reverse for i in questionnaire.items_in_area("bias"))
    size = len(questionnaire.items_in_area("bias"))
    assert bias["team mean"] == format_score((2 * (size - reversed_count) + 4 * reversed_count) / size)
    assert "Spring 2025" in texts(at) and "(5 answers)" in texts(at)


def test_a_member_sees_hidden_where_the_team_figure_is_withheld_not_a_missing_score(
    open_app, storage, questionnaire
):
    """Four of five answered Not applicable on the whole macro area: its team mean rests on one
    person, so the member is told it is hidden, and shown no number."""
    created = storage.create_team("Youth work")
    round_ = storage.open_round(created.team.id, "Spring 2025", 12)
    macro_na = all_answered(questionnaire, 4) | {i.id: None for i in questionnaire.items_in_area("macro")}
    fill_round(storage, questionnaire, created.team.id, [macro_na] * 4 + [all_answered(questionnaire, 1)])
    storage.close_round(created.team.id, round_.id)
    code = storage.create_person()
    storage.join_team(storage.person_id(code), created.team.id)
    storage.submit_response(storage.person_id(code), questionnaire, all_answered(questionnaire, 5))

    table = open_app("app_pages/results.py", code=code).dataframe[0].value.set_index("area")
    assert table.loc[questionnaire.area("macro").name, "team mean"] == "hidden: fewer than 5 answers"
    assert table.loc[questionnaire.area("bias").name, "team mean"] != "hidden: fewer than 5 answers"


def test_the_dashboard_and_the_csv_round_a_mean_of_3_125_the_same_way(open_app, storage, questionnaire):
    """pandas rounds halves to even (3.12); every screen and file of the app says 3.13."""
    organisational = questionnaire.items_in_area("organisational")
    wanted_scores = [4] + [3] * (len(organisational) - 1)  # 25 / 8 = 3.125, exact in binary
    answers = all_answered(questionnaire, 3)
    for item, score in zip(organisational, wanted_scores, strict=True):
        answers[item.id] = 6 - score if item.reverse else score
    created = storage.create_team("Team")
    round_ = storage.open_round(created.team.id, "Spring", 12)
    fill_round(storage, questionnaire, created.team.id, [answers] * 5)
    storage.close_round(created.team.id, round_.id)

    at = _log_in(open_app(TEAM_PAGE), created.join_code, created.lead_key)
    name = questionnaire.area("organisational").name
    areas = at.dataframe[1].value.set_index("area")
    trend = at.dataframe[-1].value.set_index("area")
    assert areas.loc[name, "mean"] == trend.loc[name, "mean"] == "3.13"
    view = aggregate.team_view(storage, questionnaire, created.team.id, aggregate.PublishingRules(5, 10))
    assert ",2026.1,organisational,false,5,0,3.13," in export.team_area_scores_csv(
        "Team", view.figures
    ).decode("utf-8-sig")
