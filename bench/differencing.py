"""What a lead recovers of one leaver by comparing two rounds, per publishing option.

`python -m bench.differencing [trials]` prints the table written down in docs/privacy.md.

The attack: round A holds a team of TEAM people, all online, and is published. Round B holds the
same people but one (the leaver); the others answer the same again ("please resubmit"), or
change each answer with probability DRIFT to that of a freshly drawn respondent. What can the
lead, who sees all of A and whatever B publishes, tell about the leaver's answers?

- every figure: B published like any round (exact item counts as before this guard);
- area means: B publishes each area's n and mean, to two decimals as in the CSV, or unrounded
  as the figures hold them (a chart's tooltip or a careless format would show more decimals);
- nothing: B publishes no figure (the lead still knows B's count, hence that someone left).

The guess without B: each item's most common answer in A, each area's mean in A.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass

import numpy as np
import pandas as pd

from assessment.aggregate import PublishingRules, area_summary
from assessment.demo import synthetic_answers
from assessment.questionnaire import SCALE_POINTS, Questionnaire, load_questionnaire
from assessment.scoring import area_score_frame, round_score
from assessment.settings import DEFAULT_QUESTIONNAIRE
from assessment.storage import RoundData

TEAM = 10
DRIFT = 0.2
RULES = PublishingRules(min_group_size=5, detail_group_size=10)
OPTIONS = ("every figure", "area means, 2 decimals", "area means, unrounded", "nothing")
_NOT_APPLICABLE = 0  # a category of its own when comparing item answers


@dataclass(frozen=True)
class Recovery:
    """Shares over the leaver's items and scored areas, averaged over trials."""

    items_exact: float  # the leaver's answer (1-5 or Not applicable) named exactly
    areas_exact: float  # the leaver's area score within 0.05 (finer than any score step)
    area_error: float  # mean absolute error of the area score estimate


def online_round(answers: list[dict] | pd.DataFrame) -> RoundData:
    """A round of online responses by distinct people, in the shape storage.round_data returns."""
    frame = pd.DataFrame(answers, dtype="float64")
    index = frame.index = pd.RangeIndex(1, len(frame) + 1, name="response_id")
    return RoundData(
        answers=frame,
        paper=pd.Series(False, index=index),
        person_ids=pd.Series(list(index), index=index, dtype=object),
    )


def _category(value) -> int:
    return _NOT_APPLICABLE if value is None or pd.isna(value) else int(value)


def _drifted(questionnaire: Questionnaire, answers: dict, rng: random.Random) -> dict:
    fresh = synthetic_answers(questionnaire, rng)
    return {item_id: fresh[item_id] if rng.random() < DRIFT else value for item_id, value in answers.items()}


def _item_guesses(questionnaire: Questionnaire, a: pd.DataFrame, b: pd.DataFrame | None) -> dict[str, int]:
    """Per item, the category whose count fell most from A to B; without B, A's most common one."""
    guesses = {}
    for item in questionnaire.items:
        before = a[item.id].map(_category).value_counts()
        after = b[item.id].map(_category).value_counts() if b is not None else 0 * before
        guesses[item.id] = int((before.sub(after, fill_value=0)).idxmax())
    return guesses


def _area_guess_items(questionnaire: Questionnaire, scores: dict[str, float]) -> dict[str, int]:
    """Item answers guessed from area scores: each item answered as its area's rounded score."""
    guesses = {}
    for item in questionnaire.items:
        score = scores.get(item.area)
        if score is None or np.isnan(score):
            guesses[item.id] = _NOT_APPLICABLE
            continue
        value = min(max(round(score), 1), SCALE_POINTS)
        guesses[item.id] = SCALE_POINTS + 1 - value if item.reverse else value
    return guesses


def one_trial(questionnaire: Questionnaire, rng: random.Random, drift: bool) -> dict[str, tuple]:
    """The leaver's truth against each option's best guess: (items right, items, areas right, areas, abs error)."""
    team = [synthetic_answers(questionnaire, rng) for _ in range(TEAM)]
    leaver, stayers = team[0], team[1:]
    again = [_drifted(questionnaire, s, rng) for s in stayers] if drift else stayers
    round_a, round_b = online_round(team), online_round(again)
    truth_items = {item_id: _category(v) for item_id, v in leaver.items()}
    truth_areas = area_score_frame(questionnaire, round_a.answers).iloc[0]

    a_areas = area_summary(questionnaire, round_a, RULES).set_index("area")
    b_areas = area_summary(questionnaire, round_b, RULES).set_index("area")

    def total(areas: pd.DataFrame, area: str, shown=round_score) -> float:
        return 0.0 if areas.loc[area, "withheld"] else areas.loc[area, "n"] * shown(areas.loc[area, "mean"])

    def difference(shown=round_score) -> dict[str, float]:
        return {a: total(a_areas, a, shown) - total(b_areas, a, shown) for a in truth_areas.index}

    rounded, unrounded = difference(), difference(float)
    a_means = {a: round_score(a_areas.loc[a, "mean"]) for a in truth_areas.index}
    guesses = {
        "every figure": (_item_guesses(questionnaire, round_a.answers, round_b.answers), rounded),
        "area means, 2 decimals": (_area_guess_items(questionnaire, rounded), rounded),
        "area means, unrounded": (_area_guess_items(questionnaire, unrounded), unrounded),
        "nothing": (_item_guesses(questionnaire, round_a.answers, None), a_means),
    }
    results = {}
    for option, (items, areas) in guesses.items():
        right = sum(items[i] == truth_items[i] for i in truth_items)
        scored = truth_areas.dropna()
        errors = [abs(areas[a] - s) for a, s in scored.items()]
        results[option] = (right, len(truth_items), sum(e <= 0.05 for e in errors), len(errors), sum(errors))
    return results


def measure(questionnaire: Questionnaire, trials: int, drift: bool, seed: int = 10) -> dict[str, Recovery]:
    rng = random.Random(seed)
    totals = {option: np.zeros(5) for option in OPTIONS}
    for _ in range(trials):
        for option, counts in one_trial(questionnaire, rng, drift).items():
            totals[option] += counts
    return {option: Recovery(t[0] / t[1], t[2] / t[3], t[4] / t[3]) for option, t in totals.items()}


def main(argv: list[str]) -> None:
    trials = int(argv[0]) if argv else 1000
    questionnaire = load_questionnaire(DEFAULT_QUESTIONNAIRE, "en")
    print(f"{trials} trials, team of {TEAM}, one leaver, k = {RULES.min_group_size}")
    print(
        "| others answer | B publishes | items named exactly | area scores within 0.05 | area score error |"
    )
    print("|---|---|---|---|---|")
    for drift in (False, True):
        for option, found in measure(questionnaire, trials, drift).items():
            scenario = f"{DRIFT:.0%} drift" if drift else "the same again"
            print(
                f"| {scenario} | {option} | {found.items_exact:.0%} | {found.areas_exact:.0%} | "
                f"{found.area_error:.2f} |"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
