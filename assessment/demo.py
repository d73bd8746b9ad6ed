"""Synthetic respondents for the demo team: plausible, varied, and the same for the same seed."""

from __future__ import annotations

import random

from assessment.questionnaire import SCALE_POINTS, Questionnaire

NOT_APPLICABLE_SHARE = 0.04


def synthetic_answers(questionnaire: Questionnaire, rng: random.Random, growth: float = 0.0) -> dict:
    """One respondent: a level per area around a team-wide mean, item noise, some Not applicable.

    `growth` lifts every area, so later rounds of a demo show a trend.
    """
    levels = {a.id: rng.gauss(3.4 + growth, 0.55) for a in questionnaire.areas}
    answers: dict[str, int | None] = {}
    for item in questionnaire.items:
        if rng.random() < NOT_APPLICABLE_SHARE:
            answers[item.id] = None
            continue
        score = min(max(round(levels[item.area] + rng.gauss(0, 0.8)), 1), SCALE_POINTS)
        # A reverse-keyed statement is answered the other way round by the same person.
        answers[item.id] = SCALE_POINTS + 1 - score if item.reverse else score
    return answers
