"""Teams and rounds in storage, and the anonymity rule that decides what a lead may see."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from assessment import aggregate, codes
from assessment.aggregate import Visibility, area_summary, item_distribution, round_figures, visibility
from assessment.charts import likert_chart, likert_frame
from assessment.demo import synthetic_answers
from assessment.storage import TeamError
from tests.conftest import BOTH_DATABASES, all_answered, every_stored_value, fill_round

pytestmark = BOTH_DATABASES

K = 5


@pytest.fixture
def team(storage):
    return storage.create_team("Youth work east")


def _random_answer_sets(questionnaire, count, seed=1):
    rng = random.Random(seed)
    return [synthetic_answers(questionnaire, rng) for _ in range(count)]


# ------------------------------------------------------------------ teams


def test_a_team_gets_a_short_join_code_and_a_long_lead_key(team):
    assert len(team.join_code) == 8
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
    canonical = codes.normalise_code(team.lead_key, codes.LEAD_KEY_LENGTH)
    assert codes.lead_key_hash(canonical) != codes.lead_key_hash(canonical)


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


def test_attempt_limit_allows_five_a_minute():
    assert codes.within_attempt_limit([], 100.0)
    assert codes.within_attempt_limit([41.0, 50.0, 60.0, 70.0], 100.0)
    assert not codes.within_attempt_limit([50.0, 60.0, 70.0, 80.0, 90.0], 100.0)
    assert codes.within_attempt_limit([30.0, 39.0, 60.0, 70.0, 80.0], 100.0), (
        "attempts over a minute old expire"
    )


# ------------------------------------------------------------------ rounds


def test_a_team_has_at_most_one_open_round_and_closed_rounds_never_reopen(storage, team):
    team_id = team.team.id
    spring = storage.open_round(team_id, "Spring 2025")
    with pytest.raises(TeamError, match="already has an open round"):
        storage.open_round(team_id, "Summer 2025")
    storage.close_round(team_id, spring.id)
    with pytest.raises(TeamError, match="not open"):
        storage.close_round(team_id, spring.id)
    with pytest.raises(TeamError, match="already has a round called"):
        storage.open_round(team_id, "Spring 2025")
    autumn = storage.open_round(team_id, "Autumn 2025")
    assert [(r.name, r.is_open) for r in storage.rounds_of(team_id)] == [
        ("Spring 2025", False),
        ("Autumn 2025", True),
    ]
    assert storage.open_round_of(team_id) == autumn


def test_a_lead_cannot_close_another_teams_round(storage, team):
    other = storage.create_team("Other")
    their_round = storage.open_round(other.team.id, "Spring")
    with pytest.raises(TeamError):
        storage.close_round(team.team.id, their_round.id)
    assert storage.open_round_of(other.team.id) is not None


def test_a_members_response_counts_in_the_open_round(storage, questionnaire, team):
    round_ = storage.open_round(team.team.id, "Spring")
    [person] = fill_round(storage, questionnaire, team.team.id, [all_answered(questionnaire)])
    assert storage.rounds_of(team.team.id)[0].responses == 1
    [stored] = storage.responses_of(person)
    assert stored.round_name == round_.name


def test_without_an_open_round_the_personal_result_is_still_saved(storage, questionnaire, team):
    person = storage.person_id(storage.create_person())
    storage.join_team(person, team.team.id)
    submission = storage.submit_response(person, questionnaire, all_answered(questionnaire))
    assert submission.round is None and submission.team == team.team
    assert len(storage.responses_of(person)) == 1


def test_one_response_per_person_per_round_the_latest_counts(storage, questionnaire, team):
    round_ = storage.open_round(team.team.id, "Spring")
    [person] = fill_round(storage, questionnaire, team.team.id, [all_answered(questionnaire, 1)])
    storage.submit_response(person, questionnaire, all_answered(questionnaire, 5))
    assert storage.rounds_of(team.team.id)[0].responses == 1
    raw = storage.round_answers(round_.id)
    assert len(raw) == 1 and (raw.to_numpy() == 5).all()
    assert len(storage.responses_of(person)) == 2, "the person's own history keeps both"


def test_round_answers_hold_only_that_rounds_responses(storage, questionnaire, team):
    other = storage.create_team("Other")
    mine = storage.open_round(team.team.id, "Spring")
    storage.open_round(other.team.id, "Spring")
    fill_round(storage, questionnaire, team.team.id, [all_answered(questionnaire, 2)] * 3)
    fill_round(storage, questionnaire, other.team.id, [all_answered(questionnaire, 4)] * 4)
    raw = storage.round_answers(mine.id)
    assert raw.shape == (3, len(questionnaire.items))
    assert (raw.to_numpy() == 2).all()


# --------------------------------------------------------------- the k rule


def _round_with(storage, questionnaire, team, count, close):
    round_ = storage.open_round(team.team.id, f"Round of {count}")
    fill_round(storage, questionnaire, team.team.id, _random_answer_sets(questionnaire, count))
    if close:
        storage.close_round(team.team.id, round_.id)
    return next(r for r in storage.rounds_of(team.team.id) if r.id == round_.id)


def test_k_minus_one_responses_stay_hidden_after_closing(storage, questionnaire, team):
    round_ = _round_with(storage, questionnaire, team, K - 1, close=True)
    assert visibility(round_, K) is Visibility.TOO_FEW
    assert round_figures(questionnaire, round_, storage.round_answers(round_.id), K) is None
    assert "Hidden: fewer than 5 answers" in aggregate.status_message(round_, K)


def test_k_responses_stay_hidden_while_the_round_is_open(storage, questionnaire, team):
    round_ = _round_with(storage, questionnaire, team, K, close=False)
    assert visibility(round_, K) is Visibility.OPEN
    assert round_figures(questionnaire, round_, storage.round_answers(round_.id), K) is None
    assert aggregate.status_message(round_, K) == (
        "Results appear when the round is closed and at least 5 people have answered (now: 5)."
    )
    assert aggregate.team_figures(storage, questionnaire, team.team.id, K) == []


def test_k_responses_are_shown_once_the_round_is_closed(storage, questionnaire, team):
    round_ = _round_with(storage, questionnaire, team, K, close=True)
    assert visibility(round_, K) is Visibility.SHOWN
    figures = round_figures(questionnaire, round_, storage.round_answers(round_.id), K)
    assert figures is not None and figures.areas["n"].max() == K


def test_no_data_reads_differently_from_hidden(storage, team):
    round_ = storage.open_round(team.team.id, "Empty")
    assert visibility(round_, K) is Visibility.NO_DATA
    assert aggregate.status_message(round_, K).startswith("No data yet")


def test_an_area_scored_by_fewer_than_k_people_shows_only_its_n(questionnaire):
    answer_sets = [all_answered(questionnaire, 4) for _ in range(K)]
    for answers in answer_sets[1:]:
        for item in questionnaire.items_in_area("macro"):
            answers[item.id] = None
    raw = pd.DataFrame(answer_sets, dtype="float64")
    summary = area_summary(questionnaire, raw, K).set_index("area")
    assert summary.loc["macro", "n"] == 1
    assert summary.loc["macro", ["mean", "sd", "median"]].isna().all()
    assert summary.loc["bias", "mean"] == pytest.approx(
        np.mean([4 if not i.reverse else 2 for i in questionnaire.items_in_area("bias")])
    )


# ---------------------------------------------------- aggregates are right


def test_area_figures_equal_a_direct_pandas_computation(storage, questionnaire, team):
    round_ = _round_with(storage, questionnaire, team, 12, close=True)
    raw = storage.round_answers(round_.id)
    summary = area_summary(questionnaire, raw, K).set_index("area")

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
    table = item_distribution(questionnaire, pd.DataFrame(answer_sets, dtype="float64")).set_index("item_id")
    for item in questionnaire.items:
        given = [a[item.id] for a in answer_sets]
        for value in range(1, 6):
            assert table.loc[item.id, f"count_{value}"] == given.count(value)
        assert table.loc[item.id, "count_na"] == given.count(None)
        assert table.loc[item.id, "n"] == len(given) - given.count(None)
    assert list(table.index) == [i.id for i in questionnaire.items], "questionnaire order"


# ------------------------------------------------------- diverging bars


def _distribution(questionnaire, values):
    """Item table of one statement answered `values` (None = Not applicable) by one person each."""
    raw = pd.DataFrame({"B1a": values}, dtype="float64")
    return item_distribution(questionnaire, raw).head(1)


@pytest.mark.parametrize("respondents", [5, 500, 5000])
def test_chart_data_is_aggregated_whatever_the_number_of_responses(questionnaire, respondents):
    raw = pd.DataFrame(_random_answer_sets(questionnaire, respondents), dtype="float64")
    items = item_distribution(questionnaire, raw)
    frame = likert_frame(items, questionnaire.scale_labels)
    assert len(frame) <= len(questionnaire.items) * 6
    spec = likert_chart(frame, questionnaire.scale_labels, "all").to_dict()
    rows_in_spec = sum(len(rows) for rows in spec["datasets"].values())
    assert rows_in_spec <= len(questionnaire.items) * 6 + 1  # + the centre line


def _segments(frame):
    bars = frame[frame["answer"].notna()].set_index("order")
    return bars, frame[frame["note"].notna()]["note"].iloc[0]


def test_all_agree_sits_right_of_the_centre(questionnaire):
    bars, note = _segments(
        likert_frame(_distribution(questionnaire, [5, 5, 4, 4]), questionnaire.scale_labels)
    )
    assert bars["start"].min() == pytest.approx(0) and bars["end"].max() == pytest.approx(100)
    assert bars.loc[4, "percent"] == pytest.approx(50) and bars.loc[5, "percent"] == pytest.approx(50)
    assert note == "n = 4, not applicable: 0"


def test_all_disagree_sits_left_of_the_centre(questionnaire):
    bars, _ = _segments(likert_frame(_distribution(questionnaire, [1, 2, 2]), questionnaire.scale_labels))
    assert bars["start"].min() == pytest.approx(-100) and bars["end"].max() == pytest.approx(0)


def test_all_not_applicable_draws_no_bar_but_keeps_the_row_with_its_count(questionnaire):
    bars, note = _segments(likert_frame(_distribution(questionnaire, [None] * 6), questionnaire.scale_labels))
    assert (bars["percent"] == 0).all()
    assert note == "n = 0, not applicable: 6"


def test_not_applicable_is_counted_beside_the_bar_never_inside_the_percentages(questionnaire):
    bars, note = _segments(
        likert_frame(_distribution(questionnaire, [4, 4, None, None]), questionnaire.scale_labels)
    )
    assert bars.loc[4, "percent"] == pytest.approx(100)
    assert note == "n = 2, not applicable: 2"


def test_a_missing_category_leaves_no_gap(questionnaire):
    bars, _ = _segments(likert_frame(_distribution(questionnaire, [1, 2, 4, 5]), questionnaire.scale_labels))
    assert bars.loc[3, "percent"] == 0
    assert bars.loc[2, "end"] == pytest.approx(bars.loc[4, "start"]) == pytest.approx(0)
    assert bars.loc[1, "start"] == pytest.approx(-50) and bars.loc[5, "end"] == pytest.approx(50)


def test_one_respondent_per_category_centres_the_neutral_share(questionnaire):
    bars, note = _segments(
        likert_frame(_distribution(questionnaire, [1, 2, 3, 4, 5, None]), questionnaire.scale_labels)
    )
    assert list(bars["percent"]) == pytest.approx([20] * 5)
    assert bars.loc[3, "start"] == pytest.approx(-10) and bars.loc[3, "end"] == pytest.approx(10)
    assert bars.loc[1, "start"] == pytest.approx(-50) and bars.loc[5, "end"] == pytest.approx(50)
    assert note == "n = 5, not applicable: 1"
