"""What a practitioner's results page shows, computed from their stored responses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from assessment.aggregate import RoundFigures
from assessment.questionnaire import Point, Questionnaire
from assessment.scoring import area_scores, highlights, item_score, point_scores, round_score
from assessment.storage import StoredResponse


@dataclass(frozen=True)
class PointHighlight:
    point: Point
    score: float


@dataclass(frozen=True)
class Profile:
    submitted_count: int
    areas: pd.DataFrame  # latest response: area, score, answered, total, [change], [team mean]
    items: pd.DataFrame  # latest response: number, area, point, statement, answer, score
    weakest: tuple[PointHighlight, ...]
    strongest: PointHighlight | None
    trend: pd.DataFrame  # every response: submitted_at, area, score


def build_profile(
    questionnaire: Questionnaire, stored: Sequence[StoredResponse], team: RoundFigures | None = None
) -> Profile | None:
    """The profile of a person's latest response, with the change since the one before, and the
    team's area means of its latest shown round when there is one."""
    if not stored:
        return None
    latest = stored[-1]
    latest_areas = area_scores(questionnaire, latest.answers)
    previous_areas = area_scores(questionnaire, stored[-2].answers) if len(stored) > 1 else None

    def change(area_id: str) -> float | None:
        now = latest_areas[area_id].score
        before = previous_areas[area_id].score if previous_areas else None
        return None if now is None or before is None else round_score(now - before)

    areas = pd.DataFrame(
        {
            "area": [questionnaire.area(a).name for a in latest_areas],
            "score": [round_score(s.score) for s in latest_areas.values()],
            "answered": [s.answered for s in latest_areas.values()],
            "total": [s.total for s in latest_areas.values()],
            "change": [change(a) for a in latest_areas],
        }
    )
    if previous_areas is None:
        areas = areas.drop(columns=["change"])
    if team is not None:
        team_means = team.areas.set_index("area")["mean"]
        areas["team mean"] = [round_score(_or_none(team_means.get(a))) for a in latest_areas]
    items = pd.DataFrame(
        {
            "number": [i.number for i in questionnaire.items],
            "area": [questionnaire.area(i.area).name for i in questionnaire.items],
            "point": [i.point for i in questionnaire.items],
            "statement": [i.text for i in questionnaire.items],
            "answer": [questionnaire.answer_label(latest.answers.get(i.id)) for i in questionnaire.items],
            "score": pd.array(
                [item_score(i, latest.answers.get(i.id)) for i in questionnaire.items], dtype="Int64"
            ),
        }
    )
    points = point_scores(questionnaire, latest.answers)
    marked = highlights(points)

    def highlight(point_id: str) -> PointHighlight:
        return PointHighlight(questionnaire.point(point_id), round_score(points[point_id].score))

    trend = pd.DataFrame(
        [
            {
                "submitted_at": r.submitted_at,
                "area": questionnaire.area(area_id).name,
                "score": round_score(score.score),
            }
            for r in stored
            for area_id, score in area_scores(questionnaire, r.answers).items()
        ]
    )
    return Profile(
        submitted_count=len(stored),
        areas=areas,
        items=items,
        weakest=tuple(highlight(p) for p in marked.weakest),
        strongest=highlight(marked.strongest) if marked.strongest else None,
        trend=trend,
    )


def _or_none(value: float | None) -> float | None:
    return None if value is None or pd.isna(value) else float(value)
