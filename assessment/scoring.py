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

from assessment.i18n import N_, _, decimal
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


NOT_SCORED = N_("not scored")  # what people read where a score is missing (too few answers)


def round_score(score: float | None) -> float | None:
    """Two decimals, halves rounded up as people round by hand: 3.125 -> 3.13, 2.675 -> 2.68.

    The decimal is taken from the float's shortest repr, so 2.675 (stored as 2.67499...) still
    rounds up. A negative half (a change between two scores) rounds away from zero, -0.125 ->
    -0.13, so a fall and a rise of the same size show the same size. Missing (None, NaN) stays None.
    """
    if score is None or pd.isna(score):
        return None
    return float(Decimal(repr(float(score))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def round_frame(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """A copy of `frame` with `columns` rounded by `round_score` (float, NaN where missing).

    Pages and tables use this instead of DataFrame.round, which rounds halves to even.
    """
    rounded = frame.copy()
    for column in columns:
        rounded[column] = pd.array([round_score(v) for v in frame[column]], dtype="float64")
    return rounded


def format_score(score: float | None, signed: bool = False) -> str:
    """A score as people read it in the active language: two decimals ("3.50", "+0.25" when
    signed; "3,50" in Portuguese), or "not scored". CSVs write numbers, not this."""
    rounded = round_score(score)
    if rounded is None:
        return _(NOT_SCORED)
    return decimal(rounded, signed=signed)


# A point is ranked only on at least this many answered items: one answer is one reading of one
# statement, too little to tell someone where to start.
MIN_ANSWERS_TO_RANK = 2
# Only points scoring below this are recommended as a place to start. Provisional until a pilot
# shows where practitioners' scores usually sit and how much they move between retakes.
WEAK_POINT_THRESHOLD = 3.5


@dataclass(frozen=True)
class Highlights:
    weakest: tuple[str, ...]  # point ids below WEAK_POINT_THRESHOLD, lowest score first
    strongest: str | None  # highest ranked point, unless it is among the weakest

    @property
    def no_weak_point(self) -> bool:
        """Points were ranked, and none scores below the threshold."""
        return not self.weakest and self.strongest is not None


def highlights(point_scores_by_id: Mapping[str, GroupScore], weakest: int = 2) -> Highlights:
    """At most `weakest` points scoring below WEAK_POINT_THRESHOLD, and the strongest point.

    Only points with at least MIN_ANSWERS_TO_RANK answered items are ranked, on their score as
    shown (two decimals). Ties go to the point with more answered items, the firmer evidence,
    then to questionnaire order, so the same answers always give the same advice.
    """
    ranked = [
        (round_score(s.score), -s.answered, position, pid)
        for position, (pid, s) in enumerate(point_scores_by_id.items())
        if s.score is not None and s.answered >= MIN_ANSWERS_TO_RANK
    ]
    if not ranked:
        return Highlights((), None)
    ascending = sorted(ranked)
    lowest = tuple(pid for score, *_, pid in ascending[:weakest] if score < WEAK_POINT_THRESHOLD)
    # Highest score; on a tie again more answered items, then questionnaire order.
    strongest = min(ranked, key=lambda r: (-r[0], r[1], r[2]))[-1]
    return Highlights(lowest, None if strongest in lowest else strongest)
