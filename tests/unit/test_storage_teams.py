"""Teams and rounds in storage, and the anonymity rule that decides what a lead may see."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from assessment import aggregate, codes
from assessment.aggregate import (
    BANDS,
    PublishingRules,
    Visibility,
    area_summary,
    item_distribution,
    round_figures,
    visibility,
)
from assessment.demo import synthetic_answers
from assessment.storage import TeamError
from bench.differencing import online_round
from tests.conftest import BOTH_DATABASES, all_answered, every_stored_value, fill_round

pytestmark = BOTH_DATABASES

K = 5
RULES = PublishingRules(min_group_size=K, detail_group_size=2 * K)
TEAM_SIZE = 20


@pytest.fixture
def team(storage):
    return storage.create_team("Youth work east")


def _random_answer_sets(questionnaire, count, seed=1):
    rng = random.Random(seed)
    return [synthetic_answers(questionnaire, rng) for _ in range(count)]


# ------------------------------------------------------------------ teams


def test_a_team_gets_a_short_join_code_and_a_long_lead_key(team):
    assert len(team.join_code) == codes.JOIN_CODE_LENGTH
    assert set(team.join_code) <= set(codes.ALPHABET)
    symbols = team.lead_key.replace("-", "")
    assert len(symbols) * 5 >= 128


def test_join_code_and_lead_key_are_stored_only_as_hashes(storage, team):
    dump = every_stored_value(storage)
    with storage.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT lead_key_hash FROM teams").scalar()
    assert team.join_code not in dump
    assert team.lead_key.replace("-", "") not in dump and team.lead_key not in dump
    assert stored.startswith("scrypt$")
    # Salted: the same key gives another hash each time.
    canonical = codes.normalise_code(team.lead_key, codes.KEY_LENGTH)
    assert codes.key_hash(canonical) != codes.key_hash(canonical)


def test_the_lead_gets_in_with_join_code_and_key_only(storage, team):
    assert storage.team_for_lead(team.join_code.lower(), team.lead_key) == team.team
    assert storage.team_for_lead(team.join_code, team.lead_key.replace("-", "")) == team.team
    other = storage.create_team("Another team")
    assert storage.team_for_lead(team.join_code, other.lead_key) is None
    assert storage.team_for_lead(other.join_code, team.lead_key) is None
    assert storage.team_for_lead("ZZZZZZZZ", team.lead_key) is None
    assert storage.team_for_lead(team.join_code, "") is None


def test_a_team_needs_a_name(storage):
    with pytest.raises(TeamError, match="name"):
        storage.create_team("   ")


# ------------------------------------------------------------------ rounds


def test_a_team_has_at_most_one_open_round_and_closed_rounds_never_reopen(storage, team):
    team_id = team.team.id
    spring = storage.open_round(team_id, "Spring 2025", TEAM_SIZE)
    with pytest.raises(TeamError, match="already has an open round"):
        storage.open_round(team_id, "Summer 2025", TEAM_SIZE)
    storage.close_round(team_id, spring.id)
    with pytest.raises(TeamError, match="not open"):
        storage.close_round(team_id, spring.id)
    with pytest.raises(TeamError, match="already has a round called"):
        storage.open_round(team_id, "Spring 2025", TEAM_SIZE)
    autumn = storage.open_round(team_id, "Autumn 2025", TEAM_SIZE)
    assert [(r.name, r.is_open) for r in storage.rounds_of(team_id)] == [
        ("Spring 2025", False),
        ("Autumn 2025", True),
    ]
    assert storage.open_round_of(team_id) == autumn


def test_a_lead_cannot_close_another_teams_round(storage, team):
    other = storage.create_team("Other")
    their_round = storage.open_round(other.team.id, "Spring", TEAM_SIZE)
    with pytest.raises(TeamError):
        storage.close_round(team.team.id, their_round.id)
    assert storage.open_round_of(other.team.id) is not None


def test_a_members_response_counts_in_the_open_round(storage, questionnaire, team):
    round_ = storage.open_round(team.team.id, "Spring", TEAM_SIZE)
    [person] = fill_round(storage, questionnaire, team.team.id, [all_answered(questionnaire)])
    assert storage.rounds_of(team.team.id)[0].responses == 1
    [stored] = storage.person_record(person).responses
    assert stored.round_name == round_.name


def test_without_an_open_round_the_personal_result_is_still_saved(storage, questionnaire, team):
    person = storage.person_id(storage.create_person())
    storage.join_team(person, team.team.id)
    submission = storage.submit_response(person, questionnaire, all_answered(questionnaire))
    assert submission.round is None and submission.team == team.team
    assert len(storage.person_record(person).responses) == 1


def test_one_response_per_person_per_round_the_latest_counts(storage, questionnaire, team):
    round_ = storage.open_round(team.team.id, "Spring", TEAM_SIZE)
    [person] = fill_round(storage, questionnaire, team.team.id, [all_answered(questionnaire, 1)])
    storage.submit_response(person, questionnaire, all_answered(questionnaire, 5))
    assert storage.rounds_of(team.team.id)[0].responses == 1
    raw = storage.round_data(round_.id).answers
    assert len(raw) == 1 and (raw.to_numpy() == 5).all()
    assert len(storage.person_record(person).responses) == 2, "the person's own history keeps both"


def test_round_answers_hold_only_that_rounds_responses(storage, questionnaire, team):
    other = storage.create_team("Other")
    mine = storage.open_round(team.team.id, "Spring", TEAM_SIZE)
    storage.open_round(other.team.id, "Spring", TEAM_SIZE)
    fill_round(storage, questionnaire, team.team.id, [all_answered(questionnaire, 2)] * 3)
    fill_round(storage, questionnaire, other.team.id, [all_answered(questionnaire, 4)] * 4)
    raw = storage.round_data(mine.id).answers
    assert raw.shape == (3, len(questionnaire.items))
    assert (raw.to_numpy() == 2).all()


# --------------------------------------------------------------- the k rule


def _round_with(storage, questionnaire, team, count, close):
    round_ = storage.open_round(team.team.id, f"Round of {count}", TEAM_SIZE)
    fill_round(storage, questionnaire, team.team.id, _random_answer_sets(questionnaire, count))
    if close:
        storage.close_round(team.team.id, round_.id)
    return next(r for r in storage.rounds_of(team.team.id) if r.id == round_.id)


def _view(storage, questionnaire, team, round_):
    return aggregate.team_view(storage, questionnaire, team.team.id, RULES).view_of(round_.id)


def test_k_minus_one_responses_stay_hidden_after_closing(storage, questionnaire, team):
    round_ = _round_with(storage, questionnaire, team, K - 1, close=True)
    assert visibility(round_, RULES) is Visibility.TOO_FEW
    assert round_figures(questionnaire, round_, storage.round_data(round_.id), RULES) is None
    assert "Hidden: fewer than 5 answers" in _view(storage, questionnaire, team, round_).status


def test_k_responses_stay_hidden_while_the_round_is_open(storage, questionnaire, team):
    round_ = _round_with(storage, questionnaire, team, K, close=False)
    assert visibility(round_, RULES) is Visibility.OPEN
    assert round_figures(questionnaire, round_, storage.round_data(round_.id), RULES) is None
    assert _view(storage, questionnaire, team, round_).status == (
        "Results appear when the round is closed and at least 5 people have answered online "
        "(now: 5 online, team size 20)."
    )
    assert aggregate.team_view(storage, questionnaire, team.team.id, RULES).figures == []


def test_k_responses_are_shown_once_the_round_is_closed(storage, questionnaire, team):
    round_ = _round_with(storage, questionnaire, team, K, close=True)
    assert visibility(round_, RULES) is Visibility.SHOWN
    figures = round_figures(questionnaire, round_, storage.round_data(round_.id), RULES)
    assert figures is not None and figures.areas["n"].max() == K
    assert _view(storage, questionnaire, team, round_).status == "Closed with 5 answers."


def test_no_data_reads_differently_from_hidden(storage, questionnaire, team):
    round_ = storage.open_round(team.team.id, "Empty", TEAM_SIZE)
    assert visibility(round_, RULES) is Visibility.NO_DATA
    assert _view(storage, questionnaire, team, round_).status.startswith("No data yet")


def test_an_area_scored_by_fewer_than_k_people_is_withheld(questionnaire):
    answer_sets = [all_answered(questionnaire, 4) for _ in range(K)]
    for answers in answer_sets[1:]:
        for item in questionnaire.items_in_area("macro"):
            answers[item.id] = None
    summary = area_summary(questionnaire, online_round(answer_sets), RULES).set_index("area")
    assert summary.loc["macro", "withheld"]
    assert summary.loc["macro", ["n", "mean", "sd", "median"]].isna().all()
    assert summary.loc["bias", "mean"] == pytest.approx(
        np.mean([4 if not i.reverse else 2 for i in questionnaire.items_in_area("bias")])
    )


# ---------------------------------------------------- aggregates are right


def test_area_figures_equal_a_direct_pandas_computation(storage, questionnaire, team):
    round_ = _round_with(storage, questionnaire, team, 12, close=True)
    data = storage.round_data(round_.id)
    raw = data.answers
    summary = area_summary(questionnaire, data, RULES).set_index("area")

    # The same rule written out directly: reverse, drop Not applicable, half rule, then describe.
    long = raw.reset_index().melt(id_vars="response_id", var_name="item_id", value_name="raw").dropna()
    items = pd.DataFrame(
        [(i.id, i.area, i.reverse) for i in questionnaire.items], columns=["item_id", "area", "rev"]
    )
    long = long.merge(items, on="item_id")
    long["score"] = np.where(long["rev"], 6 - long["raw"], long["raw"])
    per_person = long.groupby(["response_id", "area"])["score"].agg(["mean", "count"]).reset_index()
    sizes = items.groupby("area").size()
    per_person = per_person[2 * per_person["count"] >= per_person["area"].map(sizes)]
    expected = per_person.groupby("area")["mean"].agg(["count", "mean", "std", "median"])

    for area in expected.index:
        assert summary.loc[area, "n"] == expected.loc[area, "count"]
        assert summary.loc[area, "mean"] == pytest.approx(expected.loc[area, "mean"])
        assert summary.loc[area, "sd"] == pytest.approx(expected.loc[area, "std"])
        assert summary.loc[area, "median"] == pytest.approx(expected.loc[area, "median"])


def test_item_counts_equal_a_direct_count(questionnaire):
    answer_sets = _random_answer_sets(questionnaire, 40, seed=7)
    table = item_distribution(questionnaire, online_round(answer_sets), RULES).set_index("item_id")
    assert not table["banded"].all(), "forty varied answers give exact counts"
    for item in questionnaire.items:
        given = [a[item.id] for a in answer_sets]
        if not table.loc[item.id, "banded"]:
            for value in range(1, 6):
                assert table.loc[item.id, f"count_{value}"] == given.count(value)
        for band, values in BANDS.items():
            assert table.loc[item.id, band] == sum(given.count(v) for v in values)
        assert table.loc[item.id, "count_na"] == given.count(None)
        assert table.loc[item.id, "n"] == len(given) - given.count(None)
    assert list(table.index) == [i.id for i in questionnaire.items], "questionnaire order"


def test_a_deletion_changes_the_closed_rounds_counts_that_its_cached_figures_are_keyed_by(
    storage, questionnaire, team
):
    """The pages keep a closed round's figures per server, keyed by its counts: a member who
    deletes their data must change them, or the differencing guard would judge stale data."""
    round_ = _round_with(storage, questionnaire, team, K, close=True)
    member = storage.round_data(round_.id).person_ids.dropna().iloc[0]
    storage.delete_person(int(member))
    after = next(r for r in storage.rounds_of(team.team.id) if r.id == round_.id)
    assert (after.responses, after.anonymous) == (round_.responses, round_.anonymous + 1)
    assert after != round_
