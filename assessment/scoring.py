"""The one scoring rule used everywhere: screen, CSV and team aggregates.

Item score = raw answer, or 6 - raw for a reverse-keyed item; "Not applicable" is missing.
A group score (area or paper point) is the mean of its answered item scores, and is missing
when fewer than half of the group's items were answered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from assessment.questionnaire import SCALE_POINTS, Item, Questionnaire

REVERSE_BASE = SCALE_POINTS + 1  # a reverse-keyed item scores REVERSE_BASE - answer

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
    return REVERSE_BASE - raw_value if item.reverse else raw_value


def _half_rule(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row of item scores (NaN = missing): the mean, NaN when fewer than half are answered,
    and the number answered. The one place the rule lives, for one person or ten thousand."""
    answered = np.count_nonzero(~np.isnan(scores), axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.nansum(scores, axis=1) / answered
    means[(answered == 0) | (2 * answered < scores.shape[1])] = np.nan
    return means, answered


def group_score(items: Iterable[Item], answers: Answers) -> GroupScore:
    """Mean item score of `items`, or None when fewer than half of them have a 1-5 answer."""
    items = tuple(items)
    scores = [item_score(i, answers.get(i.id)) for i in items]
    row = np.array([[np.nan if s is None else s for s in scores]], dtype="float64")
    means, answered = _half_rule(row)
    mean = None if np.isnan(means[0]) else float(means[0])
    return GroupScore(mean, int(answered[0]), len(items))


def area_scores(questionnaire: Questionnaire, answers: Answers) -> dict[str, GroupScore]:
    """Area id -> score, in questionnaire order."""
    return {a.id: group_score(questionnaire.items_in_area(a.id), answers) for a in questionnaire.areas}


def point_scores(questionnaire: Questionnaire, answers: Answers) -> dict[str, GroupScore]:
    """Paper point id -> score, in questionnaire order."""
    return {
        p.id: group_score((i for i in questionnaire.items if i.point == p.id), answers)
        for p in questionnaire.points
    }


def item_score_frame(questionnaire: Questionnaire, raw: pd.DataFrame) -> pd.DataFrame:
    """Item scores of many responses: rows are responses, columns item ids, NaN is missing."""
    scores = raw.reindex(columns=[i.id for i in questionnaire.items]).astype("float64")
    reverse = [i.id for i in questionnaire.items if i.reverse]
    scores[reverse] = REVERSE_BASE - scores[reverse]
    return scores


def area_score_frame(questionnaire: Questionnaire, raw: pd.DataFrame) -> pd.DataFrame:
    """Area scores of many responses (rows as in `raw`, a column per area id, NaN when missing)."""
    scores = item_score_frame(questionnaire, raw)
    columns = {}
    for area in questionnaire.areas:
        ids = [i.id for i in questionnaire.items_in_area(area.id)]
        columns[area.id] = _half_rule(scores[ids].to_numpy())[0]
    return pd.DataFrame(columns, index=raw.index)


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
