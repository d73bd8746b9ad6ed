"""Team figures per round. The anonymity rule lives here and only here.

A round's results are shown, and exported, only when the round is closed and holds at least k
submitted responses: a live aggregate that moves with each answer would tell the lead what
the last person answered, and a small group is too close to one person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

import pandas as pd

from assessment.questionnaire import SCALE_POINTS, Questionnaire
from assessment.scoring import area_score_frame
from assessment.storage import Round, Storage

AREA_COLUMNS = ("area", "n", "mean", "sd", "median", "q1", "q3")
COUNT_COLUMNS = tuple(f"count_{v}" for v in range(1, SCALE_POINTS + 1))
ITEM_COLUMNS = ("area", "point", "item_id", "number", "statement", "n", *COUNT_COLUMNS, "count_na")


class Visibility(Enum):
    NO_DATA = "no data yet"
    OPEN = "hidden while open"
    TOO_FEW = "hidden: fewer than k answers"
    SHOWN = "shown"


def visibility(round_: Round, min_group_size: int) -> Visibility:
    """Whether the lead may see a round's results."""
    if round_.responses == 0:
        return Visibility.NO_DATA
    if round_.is_open:
        return Visibility.OPEN
    if round_.responses < min_group_size:
        return Visibility.TOO_FEW
    return Visibility.SHOWN


def status_message(round_: Round, min_group_size: int) -> str:
    """What the dashboard says instead of (or above) a round's results."""
    n, k = round_.responses, min_group_size
    match visibility(round_, k):
        case Visibility.NO_DATA:
            return "No data yet: nobody has answered in this round."
        case Visibility.OPEN:
            return (
                f"Results appear when the round is closed and at least {k} people have answered (now: {n})."
            )
        case Visibility.TOO_FEW:
            return (
                f"Hidden: fewer than {k} answers. This round closed with {n}, too few to keep each "
                "person's answers anonymous, so its results are never shown."
            )
        case Visibility.SHOWN:
            return f"Closed with {n} answers."


def rounds_table(rounds: Sequence[Round], min_group_size: int) -> pd.DataFrame:
    """The lead's list of rounds: the count is the only figure that moves while a round is open."""
    return pd.DataFrame(
        {
            "round": [r.name for r in rounds],
            "status": ["open" if r.is_open else "closed" for r in rounds],
            "opened": [r.opened_at.strftime("%Y-%m-%d") for r in rounds],
            "closed": [r.closed_at.strftime("%Y-%m-%d") if r.closed_at else "" for r in rounds],
            "responses": [r.responses for r in rounds],
            "results": [visibility(r, min_group_size).value for r in rounds],
        }
    )


def area_summary(questionnaire: Questionnaire, raw: pd.DataFrame, min_group_size: int) -> pd.DataFrame:
    """n, mean, SD, median and quartiles of each area's scores over a round's responses.

    An area scored by fewer than k people (the others answered too few of its statements)
    gets n only: its mean would come too close to one person's score.
    """
    scores = area_score_frame(questionnaire, raw)
    rows = []
    for area in questionnaire.areas:
        column = scores[area.id].dropna()
        if len(column) < min_group_size:
            rows.append({"area": area.id, "n": len(column)})
            continue
        rows.append(
            {
                "area": area.id,
                "n": int(column.count()),
                "mean": column.mean(),
                "sd": column.std(),  # sample SD (n - 1), as statistics packages report it
                "median": column.median(),
                "q1": column.quantile(0.25),
                "q3": column.quantile(0.75),
            }
        )
    return pd.DataFrame(rows, columns=list(AREA_COLUMNS))


def item_distribution(questionnaire: Questionnaire, raw: pd.DataFrame) -> pd.DataFrame:
    """Per item, in questionnaire order: how many answered each value, and Not applicable apart.

    `n` counts the 1-5 answers only: percentages are of n, and Not applicable stays beside them.
    """
    raw = raw.reindex(columns=[i.id for i in questionnaire.items])
    counts = {v: (raw == v).sum() for v in range(1, SCALE_POINTS + 1)}
    not_applicable = raw.isna().sum()
    rows = []
    for item in questionnaire.items:
        per_value = [int(counts[v][item.id]) for v in range(1, SCALE_POINTS + 1)]
        rows.append(
            (
                item.area,
                item.point,
                item.id,
                item.number,
                item.text,
                sum(per_value),
                *per_value,
                int(not_applicable[item.id]),
            )
        )
    return pd.DataFrame(rows, columns=list(ITEM_COLUMNS))


@dataclass(frozen=True)
class RoundFigures:
    round: Round
    areas: pd.DataFrame  # AREA_COLUMNS
    items: pd.DataFrame  # ITEM_COLUMNS


def round_figures(
    questionnaire: Questionnaire, round_: Round, raw: pd.DataFrame, min_group_size: int
) -> RoundFigures | None:
    """A round's figures, or None when the rule hides them. `raw` is the round's answers."""
    if visibility(round_, min_group_size) is not Visibility.SHOWN or len(raw) < min_group_size:
        return None
    return RoundFigures(
        round_, area_summary(questionnaire, raw, min_group_size), item_distribution(questionnaire, raw)
    )


def shown_rounds(rounds: Sequence[Round], min_group_size: int) -> list[Round]:
    """The rounds whose results may be shown, oldest first."""
    return [r for r in rounds if visibility(r, min_group_size) is Visibility.SHOWN]


def team_figures(
    storage: Storage, questionnaire: Questionnaire, team_id: int, min_group_size: int
) -> list[RoundFigures]:
    """Figures of every round of a team that may be shown, oldest first."""
    found = []
    for round_ in shown_rounds(storage.rounds_of(team_id), min_group_size):
        figures = round_figures(questionnaire, round_, storage.round_answers(round_.id), min_group_size)
        if figures is not None:
            found.append(figures)
    return found


def latest_team_means(storage: Storage, questionnaire: Questionnaire, team_id: int, min_group_size: int):
    """Area means of the team's latest shown round, for a member to compare with; None if none."""
    shown = shown_rounds(storage.rounds_of(team_id), min_group_size)
    if not shown:
        return None
    latest = max(shown, key=lambda r: r.closed_at)
    return round_figures(questionnaire, latest, storage.round_answers(latest.id), min_group_size)


def trend(figures: Sequence[RoundFigures]) -> pd.DataFrame:
    """Area means over shown rounds, in the order the rounds closed."""
    ordered = sorted(figures, key=lambda f: f.round.closed_at)
    frames = [f.areas.assign(round=f.round.name, closed_at=f.round.closed_at) for f in ordered]
    if not frames:
        return pd.DataFrame(columns=["round", "closed_at", "area", "n", "mean"])
    return pd.concat(frames, ignore_index=True)[["round", "closed_at", "area", "n", "mean"]]
