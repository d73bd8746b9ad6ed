"""The one scoring rule used everywhere: screen, CSV and team aggregates.

Item score = raw answer, or 6 - raw for a reverse-keyed item; "Not applicable" is missing.
A group score (area or paper point) is the mean of its answered item scores, and is missing
when fewer than half of the group's items were answered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from assessment.questionnaire import SCALE_POINTS, Item, Questionnaire

# item id -> 1..5, or None for "Not applicable"; an item absent from the mapping is unanswered.
Answers = Mapping[str, int | None]


@dataclass(frozen=True)
class GroupScore:
    score: float | None  # on the 1-5 scale; None when fewer than half the items were answered
    answered: int  # items with a 1-5 answer ("Not applicable" does not count)
    total: int


def item_score(item: Item, raw_value: int | None) -> int | None:
    """The item's score for one raw answer; None stays None (Not applicable)."""
    if raw_value is None:
        return None
    if not 1 <= raw_value <= SCALE_POINTS:
        raise ValueError(f"answer to {item.id} must be 1-{SCALE_POINTS}, not {raw_value!r}")
    return SCALE_POINTS + 1 - raw_value if item.reverse else raw_value


def group_score(items: Iterable[Item], answers: Answers) -> GroupScore:
    """Mean item score of `items`, or None when fewer than half of them have a 1-5 answer."""
    items = tuple(items)
    scores = [s for i in items if (s := item_score(i, answers.get(i.id))) is not None]
    if not scores or 2 * len(scores) < len(items):
        return GroupScore(None, len(scores), len(items))
    return GroupScore(sum(scores) / len(scores), len(scores), len(items))


def area_scores(questionnaire: Questionnaire, answers: Answers) -> dict[str, GroupScore]:
    """Area id -> score, in questionnaire order."""
    return {a.id: group_score(questionnaire.items_in_area(a.id), answers) for a in questionnaire.areas}


def point_scores(questionnaire: Questionnaire, answers: Answers) -> dict[str, GroupScore]:
    """Paper point id -> score, in questionnaire order."""
    return {
        p.id: group_score((i for i in questionnaire.items if i.point == p.id), answers)
        for p in questionnaire.points
    }


def round_score(score: float | None) -> float | None:
    """Two decimals, halves rounded up (3.125 -> 3.13) as people round by hand."""
    if score is None:
        return None
    return float(Decimal(repr(score)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Highlights:
    weakest: tuple[str, ...]  # point ids, lowest score first
    strongest: str | None


def highlights(point_scores_by_id: Mapping[str, GroupScore], weakest: int = 2) -> Highlights:
    """The lowest-scoring points and the highest one; ties keep questionnaire order."""
    scored = [(pid, s.score) for pid, s in point_scores_by_id.items() if s.score is not None]
    if not scored:
        return Highlights((), None)
    ascending = sorted(scored, key=lambda pair: pair[1])
    lowest = tuple(pid for pid, _ in ascending[:weakest])
    strongest = max(scored, key=lambda pair: pair[1])[0]
    return Highlights(lowest, None if strongest in lowest else strongest)
