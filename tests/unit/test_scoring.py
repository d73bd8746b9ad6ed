"""The scoring rule: reverse keys, Not applicable as missing, the half rule, rounding."""

from __future__ import annotations

import pytest

from assessment.questionnaire import Item
from assessment.scoring import GroupScore, area_scores, group_score, highlights, item_score, round_score

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
    [(3.125, 3.13), (3.135, 3.14), (2.0 / 3.0 + 3, 3.67), (4.0, 4.0), (1.005, 1.01), (None, None)],
)
def test_rounding_is_half_up_to_two_decimals(score, expected):
    assert round_score(score) == expected


def test_highlights_pick_two_weakest_and_the_strongest():
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


def test_highlights_with_equal_scores_keep_questionnaire_order_and_name_no_strongest():
    scores = {"B1": GroupScore(3.0, 2, 2), "B2": GroupScore(3.0, 2, 2)}
    result = highlights(scores)
    assert result.weakest == ("B1", "B2")
    assert result.strongest is None
