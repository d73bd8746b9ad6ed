"""The coordinator's page, and a member who comes with an invitation, under AppTest."""

from __future__ import annotations

import random

from assessment.demo import synthetic_answers
from assessment.storage import Storage
from tests.app.conftest import answer_all, texts
from tests.conftest import BOTH_DATABASES, fill_round

ORGANISATION_PAGE = "app_pages/organisation.py"
ASSESS_PAGE = "app_pages/assess.py"
K = 5


def _click(at, label):
    next(b for b in at.button if b.label == label).click()
    return at.run()


def _sign_in(at, code, key):
    at.text_input(key="coordinator_code_input").input(code)
    at.text_input(key="coordinator_key_input").input(key)
    return _click(at, "Open the organisation")


def _answer_sets(questionnaire, count, seed):
    rng = random.Random(seed)
    return [synthetic_answers(questionnaire, rng) for _ in range(count)]


def test_creating_an_organisation_shows_its_code_and_key_once(open_app, database_url):
    at = open_app(ORGANISATION_PAGE)
    at.text_input(key="new_organisation_name").input("Youth services")
    at = _click(at, "Create the organisation")
    page = texts(at)
    code = page.split("Organisation code: **`")[1].split("`")[0]
    key = page.split("Coordinator key: **`")[1].split("`")[0]
    assert Storage.open(database_url).organisation_for_coordinator(code, key) is not None
    at.run()
    assert key not in texts(at), "the key is never shown again"


@BOTH_DATABASES
def test_a_lead_key_does_not_open_the_organisation_and_wrong_keys_slow_the_browser(open_app, storage):
    created = storage.create_organisation("Youth services")
    coordinator = storage.organisation_for_coordinator(created.code, created.coordinator_key)
    team = storage.create_team("Outreach", coordinator)
    at = _sign_in(open_app(ORGANISATION_PAGE), created.code, team.lead_key)
    assert at.error[0].value.startswith("That organisation code and coordinator key do not open")
    for _ in range(18):
        at = _sign_in(at, created.code, "wrong")
    assert "Wait" in at.error[0].value
    at = _sign_in(at, created.code, created.coordinator_key)
    assert "Youth services" not in [h.value for h in at.header], "not even the right key while it waits"


@BOTH_DATABASES
def test_the_coordinator_makes_a_team_and_issues_invitations_a_member_uses_one(
    open_app, storage, questionnaire
):
    created = storage.create_organisation("Youth services")
    at = _sign_in(open_app(ORGANISATION_PAGE), created.code, created.coordinator_key)
    assert "Youth services" in [h.value for h in at.header]
    at.text_input(key="new_organisation_team_name").input("Outreach")
    at = _click(at, "Create the team")
    page = texts(at)
    join_code = page.split("join code **`")[1].split("`")[0]
    lead_key = page.split("lead key **`")[1].split("`")[0]
    team = storage.team_for_lead(join_code, lead_key)
    assert team is not None and team.organisation_id is not None

    storage.open_round(team.id, "Spring", 6)
    at.run()
    at = _click(at, "Make the round invitation-only")
    at.number_input(key="invitation_count").set_value(3)
    at = _click(at, "Issue the invitations")
    assert "3 invitations issued" in texts(at)
    assert [b.label for b in at.get("download_button")][:2] == [
        "Invitation slips to print (PDF)",
        "Invitation links (CSV)",
    ]
    (round_,) = storage.rounds_of(team.id)
    assert (round_.invitation_only, round_.invitations, round_.invitations_used) == (True, 3, 0)
    issued = at.session_state["issued_invitations"][1]

    # A member with no invitation is told their answer will not count.
    member = open_app(ASSESS_PAGE, team=join_code)
    assert "takes answers by invitation only" in texts(member)
    # A member who opens an invitation link answers, and their answer counts.
    member = open_app(ASSESS_PAGE, invite=issued[0])
    assert "takes answers by invitation only" not in texts(member)
    assert "By invitation only: 3 issued, 0 used" in texts(member)
    member = answer_all(member, questionnaire)
    member.button(key="submit").click().run()
    assert "It counts in the round “Spring” of Outreach" in texts(member)
    assert storage.rounds_of(team.id)[0].invitations_used == 1
    # The same link in another browser lets nobody else in.
    other = open_app(invite=issued[0])
    assert "already been used" in texts(other)
    assert "invite" not in other.query_params


@BOTH_DATABASES
def test_the_organisation_dashboard_leaves_a_withheld_team_out_and_says_so(open_app, storage, questionnaire):
    created = storage.create_organisation("Youth services")
    coordinator = storage.organisation_for_coordinator(created.code, created.coordinator_key)
    for seed, (name, size) in enumerate((("Outreach", 6), ("Family support", 7), ("Small team", K - 1))):
        team = storage.create_team(name, coordinator).team
        round_ = storage.open_round(team.id, "Spring", 10)
        fill_round(storage, questionnaire, team.id, _answer_sets(questionnaire, size, seed))
        storage.close_round(team.id, round_.id)
    at = _sign_in(open_app(ORGANISATION_PAGE), created.code, created.coordinator_key)
    page = texts(at)
    assert "2 teams pooled, with 13 answers." in page
    frames = [f.value for f in at.dataframe]
    (left_out,) = [f for f in frames if list(f.columns) == ["team", "reason"]]
    assert left_out.values.tolist() == [["Small team", "hidden: fewer than k answers"]]
    (rounds,) = [f for f in frames if "results" in f.columns]  # the chosen team's rounds
    assert rounds[["round", "results"]].values.tolist() == [["Spring", "shown"]]
    charts = " ".join(c.proto.spec for c in at.get("vega_lite_chart"))
    assert "Area scores across the organisation" in charts
    assert "Area means per team" in charts
    (side_by_side,) = [f for f in frames if "Personal level" in f.columns]
    assert side_by_side["team"].tolist() == ["Outreach", "Family support"]
    # Quality needs 100 responses: refused with the reason.
    assert "needs at least 100 responses" in texts(at)


def test_the_present_page_shows_no_join_link_for_an_invitation_only_round(open_app, storage):
    created = storage.create_organisation("Youth services")
    coordinator = storage.organisation_for_coordinator(created.code, created.coordinator_key)
    team = storage.create_team("Outreach", coordinator)
    round_ = storage.open_round(team.team.id, "Spring", 6)
    storage.make_invitation_only(coordinator, team.team.id, round_.id)
    storage.issue_invitations(coordinator, round_.id, 4)
    at = open_app("app_pages/team.py")
    at.text_input(key="lead_code_input").input(team.join_code)
    at.text_input(key="lead_key_input").input(team.lead_key)
    at = _click(at, "Open the dashboard")
    assert "By invitation only: 4 issued, 0 used" in texts(at)
    assert "paper forms are added by your organisation's coordinator" in texts(at)
    at.switch_page("app_pages/present.py").run()
    assert "open the link on your invitation slip" in texts(at)
    assert not at.get("image"), "no QR code of a join link that would not count"
    assert team.join_code not in texts(at)
