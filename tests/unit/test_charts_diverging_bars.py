"""The diverging bars' geometry: disagree left, agree right, Not applicable beside the bar."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from assessment.aggregate import (
    BANDS,
    PublishingRules,
    item_distribution,
)
from assessment.charts import likert_chart, likert_frame
from assessment.demo import synthetic_answers
from bench.differencing import online_round

K = 5
RULES = PublishingRules(min_group_size=K, detail_group_size=2 * K)


def _random_answer_sets(questionnaire, count, seed=1):
    rng = random.Random(seed)
    return [synthetic_answers(questionnaire, rng) for _ in range(count)]


def _distribution(questionnaire, values):
    """A published row with exact counts of the first statement, answered `values` (None = N/A)."""
    item = questionnaire.items[0]
    counts = {f"count_{v}": values.count(v) for v in range(1, 6)}
    bands = {band: sum(values.count(v) for v in answers) for band, answers in BANDS.items()}
    row = {"area": item.area, "point": item.point, "item_id": item.id, "number": item.number}
    row |= {"statement": item.text, "withheld": False, "banded": False, "n": sum(counts.values())}
    return pd.DataFrame([row | {"paper": 0} | counts | bands | {"count_na": values.count(None)}])


@pytest.mark.parametrize("respondents", [5, 500, 5000])
def test_chart_data_is_aggregated_whatever_the_number_of_responses(questionnaire, respondents):
    items = item_distribution(
        questionnaire, online_round(_random_answer_sets(questionnaire, respondents)), RULES
    )
    frame = likert_frame(items, questionnaire.scale_labels, min_group_size=K)
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
    assert note == "n = 4 · not applicable: 0"


def test_all_disagree_sits_left_of_the_centre(questionnaire):
    bars, _ = _segments(likert_frame(_distribution(questionnaire, [1, 2, 2]), questionnaire.scale_labels))
    assert bars["start"].min() == pytest.approx(-100) and bars["end"].max() == pytest.approx(0)


def test_all_not_applicable_draws_no_bar_but_keeps_the_row_with_its_count(questionnaire):
    bars, note = _segments(likert_frame(_distribution(questionnaire, [None] * 6), questionnaire.scale_labels))
    assert (bars["percent"] == 0).all()
    assert note == "n = 0 · not applicable: 6"


def test_not_applicable_is_counted_beside_the_bar_never_inside_the_percentages(questionnaire):
    bars, note = _segments(
        likert_frame(_distribution(questionnaire, [4, 4, None, None]), questionnaire.scale_labels)
    )
    assert bars.loc[4, "percent"] == pytest.approx(100)
    assert note == "n = 2 · not applicable: 2"


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
    assert note == "n = 5 · not applicable: 1"
