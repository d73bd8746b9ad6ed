"""The scoring rule: reverse keys, Not applicable as missing, the half rule, rounding."""

from __future__ import annotations

import pandas as pd
import pytest

from assessment.questionnaire import Item
from assessment.scoring import (
    NOT_SCORED,
    WEAK_POINT_THRESHOLD,
    GroupScore,
    area_scores,
    format_score,
    group_score,
    highlights,
    item_score,
    round_frame,
    round_score,
)

FORWARD = Item("F1", 1, "bias", "B1", "I notice.", reverse=False)
REVERSED = Item("R1", 2, "bias", "B1", "I decide quickly.", reverse=True)


@pytest.mark.parametrize(("raw", "expected"), [(1, 1), (3, 3), (5, 5)])
def test_forward_item_scores_its_answer(raw, expected):
    assert item_score(FORWARD, raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [(1, 5), (2, 4), (3, 3), (4, 2), (5, 1)])
def test_reverse_keyed_item_scores_six_minus_answer(raw, expected):
    assert item_score(REVERSED, raw) == expected


def test_not_applicable_is_missing_not_midpoint():
    assert item_score(FORWARD, None) is None
    assert item_score(REVERSED, None) is None


@pytest.mark.parametrize("raw", [0, 6, -1])
def test_value_off_the_scale_is_refused(raw):
    with pytest.raises(ValueError, match="must be 1-5"):
        item_score(FORWARD, raw)


def _items(n: int) -> list[Item]:
    return [Item(f"I{k}", k, "bias", "B1", "text", reverse=False) for k in range(n)]


def test_group_mean_ignores_not_applicable():
    items = _items(4)
    answers = {"I0": 5, "I1": 3, "I2": None, "I3": 4}
    assert group_score(items, answers) == GroupScore(4.0, 3, 4)


def test_group_with_exactly_half_answered_has_a_score():
    items = _items(4)
    assert group_score(items, {"I0": 2, "I1": 4, "I2": None}).score == 3.0


def test_group_with_fewer_than_half_answered_has_no_score():
    items = _items(5)  # half is 2.5: two answers are fewer than half
    result = group_score(items, {"I0": 2, "I1": 4, "I2": None, "I3": None, "I4": None})
    assert result == GroupScore(None, 2, 5)


def test_group_with_only_not_applicable_has_no_score():
    assert group_score(_items(2), {"I0": None, "I1": None}).score is None


def test_reverse_keyed_item_counts_reversed_in_the_mean():
    assert group_score([FORWARD, REVERSED], {"F1": 5, "R1": 1}).score == 5.0


def test_area_scores_of_the_real_questionnaire(questionnaire):
    answers = {i.id: 5 for i in questionnaire.items}
    scores = area_scores(questionnaire, answers)
    assert list(scores) == ["bias", "personal", "organisational", "macro"]
    for area_id, score in scores.items():
        items = questionnaire.items_in_area(area_id)
        reversed_count = sum(i.reverse for i in items)
        assert score.score == pytest.approx((5 * (len(items) - reversed_count) + reversed_count) / len(items))
        assert score.answered == score.total == len(items)


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (3.125, 3.13),
        (2.675, 2.68),  # stored as 2.67499..., still rounds up as written
        (3.135, 3.14),
        (2.0 / 3.0 + 3, 3.67),
        (4.0, 4.0),
        (1.005, 1.01),
        (-0.125, -0.13),  # a negative half rounds away from zero
        (None, None),
        (float("nan"), None),
    ],
)
def test_rounding_is_half_up_to_two_decimals(score, expected):
    assert round_score(score) == expected


def test_round_frame_rounds_half_up_where_pandas_rounds_half_to_even():
    frame = pd.DataFrame({"area": ["a", "b", "c", "d"], "mean": [3.125, 3.375, 2.675, None]})
    rounded = round_frame(frame, ["mean"])
    assert list(rounded["mean"].iloc[:3]) == [3.13, 3.38, 2.68]
    assert pd.isna(rounded["mean"].iloc[3])
    assert list(frame["mean"].round(2).iloc[:1]) == [3.12], "why the pages must not use DataFrame.round"
    assert list(rounded["area"]) == ["a", "b", "c", "d"]


@pytest.mark.parametrize(
    ("score", "signed", "shown"),
    [
        (3.5, False, "3.50"),
        (4, False, "4.00"),
        (None, False, NOT_SCORED),
        (0.125, True, "+0.13"),
        (-0.125, True, "-0.13"),
    ],
)
def test_a_score_is_shown_with_two_decimals_or_as_not_scored(score, signed, shown):
    assert format_score(score, signed=signed) == shown


def test_highlights_pick_the_two_weakest_below_the_threshold_and_the_strongest():
    scores = {
        "B1": GroupScore(3.0, 2, 2),
        "B2": GroupScore(1.5, 2, 2),
        "P1": GroupScore(None, 0, 2),
        "P2": GroupScore(4.5, 2, 2),
        "P3": GroupScore(2.0, 2, 2),
    }
    result = highlights(scores)
    assert result.weakest == ("B2", "P3")
    assert result.strongest == "P2"
    assert not result.no_weak_point


def test_a_point_scored_on_one_answer_is_not_ranked():
    scores = {"B1": GroupScore(1.0, 1, 2), "B2": GroupScore(3.0, 2, 2), "P1": GroupScore(5.0, 1, 2)}
    result = highlights(scores)
    assert result.weakest == ("B2",)
    assert result.strongest is None, "B2 is the only ranked point, and it is a weak one"


def test_only_points_below_the_threshold_are_recommended():
    scores = {"B1": GroupScore(WEAK_POINT_THRESHOLD, 2, 2), "B2": GroupScore(3.0, 2, 2)}
    assert highlights(scores).weakest == ("B2",)


def test_every_point_at_4_or_above_gives_no_weak_point():
    scores = {"B1": GroupScore(4.0, 2, 2), "B2": GroupScore(4.5, 3, 3), "P1": GroupScore(1.0, 1, 2)}
    result = highlights(scores)
    assert result.weakest == ()
    assert result.no_weak_point
    assert result.strongest == "B2"


def test_no_point_answered_twice_ranks_nothing_and_is_not_called_strong():
    result = highlights({"B1": GroupScore(1.0, 1, 2), "B2": GroupScore(5.0, 1, 2)})
    assert result.weakest == () and result.strongest is None and not result.no_weak_point


def test_ties_go_to_the_point_with_more_answers_then_to_questionnaire_order():
    scores = {"B1": GroupScore(2.0, 2, 3), "B2": GroupScore(2.0, 3, 3), "B3": GroupScore(2.0, 2, 2)}
    assert highlights(scores).weakest == ("B2", "B1")


def test_highlights_with_equal_scores_keep_questionnaire_order_and_name_no_strongest():
    scores = {"B1": GroupScore(3.0, 2, 2), "B2": GroupScore(3.0, 2, 2)}
    result = highlights(scores)
    assert result.weakest == ("B1", "B2")
    assert result.strongest is None
