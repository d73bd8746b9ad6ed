"""Organisations: a coordinator who makes teams, invitation-only rounds, and the organisation's
figures, tried as a curious lead and a careless coordinator would."""

from __future__ import annotations

import csv
import io
import random
from datetime import UTC, datetime

import pandas as pd
import pytest

from assessment import aggregate, codes, export
from assessment.aggregate import Period, PublishingRules
from assessment.demo import synthetic_answers
from assessment.storage import TeamError
from tests.conftest import BOTH_DATABASES, all_answered, every_stored_value, fill_round

pytestmark = BOTH_DATABASES

K = 5
RULES = PublishingRules(min_group_size=K, detail_group_size=2 * K)


@pytest.fixture
def organisation(storage):
    return storage.create_organisation("Youth services of Almada")


@pytest.fixture
def coordinator(storage, organisation):
    return storage.organisation_for_coordinator(organisation.code, organisation.coordinator_key)


def _answer_sets(questionnaire, count, seed):
    rng = random.Random(seed)
    return [synthetic_answers(questionnaire, rng) for _ in range(count)]


def _invited_member(storage, code: str) -> int:
    person = storage.person_id(storage.create_person())
    storage.hold_invitation(person, storage.invitation(code))
    return person


# ------------------------------------------------------------------ the coordinator


def test_the_coordinator_key_opens_the_organisation_and_is_stored_only_as_a_hash(storage, organisation):
    assert storage.organisation_for_coordinator(organisation.code, organisation.coordinator_key) == (
        organisation.organisation
    )
    dump = every_stored_value(storage)
    assert organisation.code not in dump
    assert organisation.coordinator_key not in dump
    assert organisation.coordinator_key.replace("-", "") not in dump


def test_a_lead_key_or_a_wrong_code_does_not_open_the_organisation(storage, organisation, coordinator):
    team = storage.create_team("Outreach", coordinator)
    assert storage.organisation_for_coordinator(organisation.code, team.lead_key) is None
    assert storage.organisation_for_coordinator(team.join_code, organisation.coordinator_key) is None
    assert storage.organisation_for_coordinator("not a code", organisation.coordinator_key) is None


def test_teams_of_an_organisation_and_teams_on_their_own_keep_apart(storage, coordinator):
    outreach = storage.create_team("Outreach", coordinator).team
    storage.create_team("A team on its own")
    assert storage.teams_of(coordinator) == [outreach]
    assert outreach.organisation_id == coordinator.id
    with pytest.raises(TeamError, match="already has a team called that"):
        storage.create_team("  outreach ", coordinator)


def test_another_organisation_cannot_touch_a_team(storage, coordinator, questionnaire):
    team = storage.create_team("Outreach", coordinator).team
    round_ = storage.open_round(team.id, "Spring", 8)
    other = storage.create_organisation("Another organisation")
    intruder = storage.organisation_for_coordinator(other.code, other.coordinator_key)
    for action in (
        lambda: storage.make_invitation_only(intruder, team.id, round_.id),
        lambda: storage.retire_team(intruder, team.id),
    ):
        with pytest.raises(TeamError, match="not one of this organisation's teams"):
            action()
    storage.make_invitation_only(coordinator, team.id, round_.id)
    with pytest.raises(TeamError, match="not one of this organisation's teams"):
        storage.issue_invitations(intruder, round_.id, 3)


def test_a_retired_team_takes_no_members_and_no_rounds_but_keeps_its_history(
    storage, coordinator, questionnaire
):
    new = storage.create_team("Outreach", coordinator)
    round_ = storage.open_round(new.team.id, "Spring", 8)
    fill_round(storage, questionnaire, new.team.id, [all_answered(questionnaire)] * K)
    storage.retire_team(coordinator, new.team.id)
    assert storage.team_by_join_code(new.join_code) is None
    assert storage.team_for_lead(new.join_code, new.lead_key).retired
    (closed,) = storage.rounds_of(new.team.id)
    assert closed.id == round_.id and not closed.is_open and closed.responses == K
    with pytest.raises(TeamError, match="retired"):
        storage.open_round(new.team.id, "Autumn", 8)


# ------------------------------------------------------------------ invitations


@pytest.fixture
def invited_round(storage, coordinator):
    team = storage.create_team("Outreach", coordinator)
    round_ = storage.open_round(team.team.id, "Spring", 8)
    storage.make_invitation_only(coordinator, team.team.id, round_.id)
    return team, round_


def test_invitations_are_single_use_and_counted_for_everyone_to_see(
    storage, coordinator, invited_round, questionnaire
):
    team, round_ = invited_round
    codes_issued = storage.issue_invitations(coordinator, round_.id, 3)
    assert len(set(codes_issued)) == 3
    assert all(len(c.replace("-", "")) == codes.INVITATION_CODE_LENGTH for c in codes_issued)
    assert all(c not in every_stored_value(storage) for c in codes_issued)

    first = _invited_member(storage, codes_issued[0])
    submission = storage.submit_response(first, questionnaire, all_answered(questionnaire))
    assert submission.round.id == round_.id and submission.uninvited_round is None
    # The same person may answer again: their new response takes the place of the first.
    again = storage.submit_response(first, questionnaire, all_answered(questionnaire, 2))
    assert again.round.id == round_.id

    # A second person with the same slip (a photo of it, a forwarded link) does not get in.
    second = _invited_member(storage, codes_issued[0])
    refused = storage.submit_response(second, questionnaire, all_answered(questionnaire))
    assert refused.round is None and refused.uninvited_round.id == round_.id
    assert refused.team == team.team  # still saved as the person's own result

    (counted,) = storage.rounds_of(team.team.id)
    assert (counted.responses, counted.invitations, counted.invitations_used) == (1, 3, 1)
    assert storage.invitation(codes_issued[0]).used
    assert not storage.invitation(codes_issued[1]).used


def test_a_join_code_alone_does_not_get_into_an_invitation_only_round(storage, invited_round, questionnaire):
    team, round_ = invited_round
    (person,) = fill_round(storage, questionnaire, team.team.id, [all_answered(questionnaire)])
    assert storage.rounds_of(team.team.id)[0].responses == 0
    assert storage.person_record(person).responses  # the person keeps their result


def test_an_invitation_of_another_round_does_not_open_this_one(
    storage, coordinator, invited_round, questionnaire
):
    team, round_ = invited_round
    other = storage.create_team("Family support", coordinator)
    other_round = storage.open_round(other.team.id, "Spring", 8)
    storage.make_invitation_only(coordinator, other.team.id, other_round.id)
    (foreign_code,) = storage.issue_invitations(coordinator, other_round.id, 1)
    person = _invited_member(storage, foreign_code)
    storage.join_team(person, team.team.id)  # then joins the first team with its join code
    refused = storage.submit_response(person, questionnaire, all_answered(questionnaire))
    assert refused.round is None and refused.uninvited_round.id == round_.id
    assert not storage.invitation(foreign_code).used


def test_an_unknown_invitation_is_none(storage, invited_round):
    assert storage.invitation("AAAA-BBBB-CCCC") is None
    assert storage.invitation("too short") is None


def test_the_lead_cannot_issue_invitations_nor_add_paper_forms(storage, invited_round, questionnaire):
    team, round_ = invited_round
    lead = storage.team_for_lead(team.join_code, team.lead_key)
    assert lead is not None
    # The lead's key opens no organisation, so no call that needs one can be made with it.
    assert storage.organisation_for_coordinator(team.join_code, team.lead_key) is None
    with pytest.raises(TeamError, match="only your organisation's coordinator"):
        storage.import_responses(team.team.id, round_.id, questionnaire, [all_answered(questionnaire)])
    assert storage.rounds_of(team.team.id)[0].responses == 0


def test_the_coordinator_adds_paper_forms_to_an_invitation_only_round(
    storage, coordinator, invited_round, questionnaire
):
    team, round_ = invited_round
    storage.import_responses(
        team.team.id, round_.id, questionnaire, [all_answered(questionnaire)] * 2, coordinator=coordinator
    )
    assert storage.rounds_of(team.team.id)[0].paper == 2


def test_a_round_with_answers_cannot_become_invitation_only(storage, coordinator, questionnaire):
    team = storage.create_team("Outreach", coordinator).team
    round_ = storage.open_round(team.id, "Spring", 8)
    fill_round(storage, questionnaire, team.id, [all_answered(questionnaire)])
    with pytest.raises(TeamError, match="already holds answers"):
        storage.make_invitation_only(coordinator, team.id, round_.id)
    with pytest.raises(TeamError, match="Make the round invitation-only"):
        storage.issue_invitations(coordinator, round_.id, 3)


@pytest.mark.parametrize("count", [0, -1, 1001, 2.5, True])
def test_a_careless_number_of_invitations_is_refused(storage, coordinator, invited_round, count):
    _team, round_ = invited_round
    with pytest.raises(TeamError, match="whole number from 1 to 1000"):
        storage.issue_invitations(coordinator, round_.id, count)


def test_a_closed_round_takes_no_invitations(storage, coordinator, invited_round):
    team, round_ = invited_round
    storage.close_round(team.team.id, round_.id)
    with pytest.raises(TeamError, match="not open"):
        storage.issue_invitations(coordinator, round_.id, 2)


# ------------------------------------------------------------------ the organisation's figures


def _organisation(storage, coordinator, questionnaire, sizes: dict[str, int]):
    """Teams of the organisation with one closed round of `sizes[name]` online answers each."""
    for seed, (name, size) in enumerate(sizes.items()):
        team = storage.create_team(name, coordinator).team
        round_ = storage.open_round(team.id, "Spring", max(size, 1) + 5)
        fill_round(storage, questionnaire, team.id, _answer_sets(questionnaire, size, seed))
        storage.close_round(team.id, round_.id)
    return _teams_as_judged(storage, coordinator, questionnaire)


def _teams_as_judged(storage, coordinator, questionnaire):
    instruments = {questionnaire.version: questionnaire}
    judged = []
    for team in storage.teams_of(coordinator):
        rounds = storage.rounds_of(team.id)
        data = {r.id: storage.round_data(r.id) for r in rounds}
        judged.append((team, aggregate.team_rounds(instruments, rounds, data, RULES), data))
    return instruments, judged


EVERYTHING = Period("all")


def test_a_withheld_team_is_left_out_of_the_total_and_named(storage, coordinator, questionnaire):
    instruments, judged = _organisation(storage, coordinator, questionnaire, {"A": 6, "B": 7, "C": K - 1})
    view = aggregate.organisation_view(instruments, judged, EVERYTHING, RULES)
    assert [p.team.name for p in view.teams] == ["A", "B"]
    assert [(o.team.name, o.reason) for o in view.left_out] == [("C", "hidden: fewer than k answers")]
    assert view.figures.round.responses == 13
    assert view.figures.areas["n"].max() <= 13


def test_a_withheld_team_cannot_be_recovered_by_subtraction(storage, coordinator, questionnaire):
    """The curious coordinator: the total minus the teams shown beside it must give nothing."""
    instruments, judged = _organisation(storage, coordinator, questionnaire, {"A": 6, "B": 7, "C": K - 1})
    view = aggregate.organisation_view(instruments, judged, EVERYTHING, RULES)
    pooled = view.figures.areas.set_index("area")
    shown = pd.concat([p.figures.areas for p in view.teams]).groupby("area")
    # Every count and sum in the total is the sum of the shown teams' own: subtracting leaves 0.
    assert (pooled["n"] - shown["n"].sum()).eq(0).all()
    sums = pd.concat([p.figures.areas.assign(total=lambda f: f["mean"] * f["n"]) for p in view.teams])
    assert (pooled["mean"] * pooled["n"] - sums.groupby("area")["total"].sum()).abs().max() < 1e-9
    items = view.figures.items.set_index("item_id")
    shown_items = pd.concat([p.figures.items for p in view.teams]).groupby("item_id")
    assert (items["n"] - shown_items["n"].sum()).eq(0).all()
    assert (items["count_na"] - shown_items["count_na"].sum()).eq(0).all()


def test_an_area_a_team_withholds_is_pooled_without_that_team(storage, coordinator, questionnaire):
    """Team B's bias area has fewer than k scores (its members answered Not applicable there):
    B's own dashboard hides it, so the organisation's bias row must not hold B's answers."""
    bias = [i.id for i in questionnaire.items if i.area == "bias"]
    for name, size, na_people in (("A", 6, 0), ("B", 7, 3)):
        team = storage.create_team(name, coordinator).team
        round_ = storage.open_round(team.id, "Spring", 12)
        sets = _answer_sets(questionnaire, size, seed=len(name) + size)
        for answers in sets[:na_people]:
            answers.update(dict.fromkeys(bias))
        fill_round(storage, questionnaire, team.id, sets)
        storage.close_round(team.id, round_.id)
    instruments, judged = _teams_as_judged(storage, coordinator, questionnaire)
    view = aggregate.organisation_view(instruments, judged, EVERYTHING, RULES)
    by_team = {p.team.name: p.figures.areas.set_index("area") for p in view.teams}
    assert by_team["B"].loc["bias", "withheld"]
    pooled = view.figures.areas.set_index("area")
    assert pooled.loc["bias", "n"] == by_team["A"].loc["bias", "n"]
    assert pooled.loc["bias", "mean"] == pytest.approx(by_team["A"].loc["bias", "mean"])
    assert (
        pooled.loc["personal", "n"] == by_team["A"].loc["personal", "n"] + by_team["B"].loc["personal", "n"]
    )
    # The bias items pool A's answers only: B's Not applicable answers there count nowhere.
    b_items = view.figures.items.set_index("item_id").loc[bias]
    a_items = next(p for p in view.teams if p.team.name == "A").figures.items.set_index("item_id").loc[bias]
    assert (b_items["count_na"] == a_items["count_na"]).all()


def test_a_pooled_row_is_no_more_detailed_than_the_teams_it_pools(storage, coordinator, questionnaire):
    """B has fewer than the detail threshold: its item rows are banded and its areas have no SD.
    Exact counts or an SD of the total would give B's back, with A's subtracted."""
    instruments, judged = _organisation(storage, coordinator, questionnaire, {"A": 12, "B": 6})
    view = aggregate.organisation_view(instruments, judged, EVERYTHING, RULES)
    assert view.figures.round.responses == 18  # detail threshold is 10: the total alone would pass
    assert not view.figures.areas["detailed"].any()
    assert view.figures.areas["sd"].isna().all()
    b_rows = next(p for p in view.teams if p.team.name == "B").figures.items
    pooled_with_b = view.figures.items[~b_rows["withheld"].to_numpy()]
    assert len(pooled_with_b) > 20
    assert pooled_with_b["banded"].all()
    assert pooled_with_b["count_1"].isna().all()


def test_the_total_is_detailed_when_every_team_is(storage, coordinator, questionnaire):
    instruments, judged = _organisation(storage, coordinator, questionnaire, {"A": 12, "B": 11})
    view = aggregate.organisation_view(instruments, judged, EVERYTHING, RULES)
    assert view.figures.areas["detailed"].all()
    assert view.figures.areas["sd"].notna().all()


def test_only_the_latest_round_of_each_team_in_the_period_counts(storage, coordinator, questionnaire):
    instruments, judged = _organisation(storage, coordinator, questionnaire, {"A": 6})
    team = storage.teams_of(coordinator)[0]
    autumn = storage.open_round(team.id, "Autumn", 20)
    fill_round(storage, questionnaire, team.id, _answer_sets(questionnaire, 8, seed=9))
    storage.close_round(team.id, autumn.id)
    instruments, judged = _teams_as_judged(storage, coordinator, questionnaire)
    view = aggregate.organisation_view(instruments, judged, EVERYTHING, RULES)
    (part,) = view.teams
    assert part.figures.round.name == "Autumn"
    before = Period("before", end=datetime(2000, 1, 1, tzinfo=UTC))
    empty = aggregate.organisation_view(instruments, judged, before, RULES)
    assert empty.figures is None
    assert [o.reason for o in empty.left_out] == ["no round closed in this period"]


def test_quarters_split_the_year_in_four():
    q = aggregate.quarter(datetime(2026, 11, 25, tzinfo=UTC))
    assert (q.label, q.start.month, q.end.year, q.end.month) == ("2026 Q4", 10, 2027, 1)
    q = aggregate.quarter(datetime(2026, 3, 31, 23, 59, tzinfo=UTC))
    assert (q.label, q.start.month, q.end.month) == ("2026 Q1", 1, 4)
    assert q.holds(datetime(2026, 1, 1, tzinfo=UTC)) and not q.holds(q.end)


def test_the_organisation_csvs_hold_the_pooled_rows_then_each_team_and_never_a_left_out_one(
    storage, coordinator, questionnaire
):
    instruments, judged = _organisation(storage, coordinator, questionnaire, {"=A": 6, "B": 7, "C": K - 1})
    view = aggregate.organisation_view(instruments, judged, EVERYTHING, RULES)
    areas = list(
        csv.DictReader(io.StringIO(export.organisation_area_scores_csv("Org", view).decode("utf-8-sig")))
    )
    assert list(areas[0]) == list(export.ORGANISATION_AREA_HEADER)
    assert [r["team"] for r in areas] == [""] * 4 + ["'=A"] * 4 + ["B"] * 4
    assert all(r["organisation"] == "Org" and r["period"] == "all" for r in areas)
    assert [int(r["n"]) for r in areas[:4]] == [
        int(a) + int(b)
        for a, b in zip([r["n"] for r in areas[4:8]], [r["n"] for r in areas[8:]], strict=True)
    ]
    items = list(
        csv.DictReader(
            io.StringIO(export.organisation_item_distribution_csv("Org", view).decode("utf-8-sig"))
        )
    )
    assert len(items) == len(questionnaire.items) and {r["team"] for r in items} == {""}


def test_a_second_slip_does_not_let_the_same_person_use_up_two_invitations(
    storage, coordinator, invited_round, questionnaire
):
    team, round_ = invited_round
    first, second = storage.issue_invitations(coordinator, round_.id, 2)
    person = _invited_member(storage, first)
    storage.submit_response(person, questionnaire, all_answered(questionnaire))
    storage.hold_invitation(person, storage.invitation(second))
    again = storage.submit_response(person, questionnaire, all_answered(questionnaire, 2))
    assert again.round.id == round_.id
    (counted,) = storage.rounds_of(team.team.id)
    assert (counted.responses, counted.invitations_used) == (1, 1)
    assert not storage.invitation(second).used, "the second slip can still go to someone else"
