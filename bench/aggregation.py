"""Target 4: the team figures of one large round, in memory against plain pandas, and from SQLite by size."""

from __future__ import annotations

import numpy as np
import pandas as pd

from assessment import aggregate
from assessment.questionnaire import SCALE_POINTS, Questionnaire
from assessment.storage import Storage
from bench.data import RULES, Workspace, answer_matrix, raw_frame
from bench.differencing import online_round
from bench.report import Row, duration, ratio_row
from bench.timing import median, medians, timed

IN_MEMORY = "Area summary + item distribution, 10,000 responses in memory"
MAX_RATIO = 1.5
ROUND_SIZE = 10_000
# Responses in the round -> repetitions: a 10,000-response dashboard takes seconds per run here.
SIZES = {100: 30, 1_000: 12, 10_000: 5}
# Linear growth, with the 20 % the shared machine's timings wander.
MAX_GROWTH = 1.2


def package_figures(questionnaire: Questionnaire, raw: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    data = online_round(raw)
    return aggregate.area_summary(questionnaire, data, RULES), aggregate.item_distribution(
        questionnaire, data, RULES
    )


def pandas_figures(questionnaire: Questionnaire, raw: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same figures as a data scientist would write them: reverse, melt, group, describe."""
    area_of = {item.id: item.area for item in questionnaire.items}
    items_in_area = pd.Series(area_of).value_counts()
    reverse = [item.id for item in questionnaire.items if item.reverse]
    scores = raw.copy()
    scores[reverse] = SCALE_POINTS + 1 - scores[reverse]
    long = scores.melt(var_name="item_id", value_name="score", ignore_index=False).dropna()
    long["area"] = long["item_id"].map(area_of)
    per_person = long.groupby([long.index, "area"])["score"].agg(["mean", "count"]).reset_index("area")
    # An area score needs at least half of the area's items answered.
    scored = per_person[2 * per_person["count"] >= per_person["area"].map(items_in_area)]
    areas = scored.groupby("area")["mean"].describe()
    answers = raw.melt(var_name="item_id", value_name="answer")
    counts = answers.value_counts(dropna=False).unstack(fill_value=0)
    return areas, counts


def _check_same_means(questionnaire: Questionnaire, raw: pd.DataFrame) -> None:
    """Both computations must agree, or the ratio compares different work."""
    package = package_figures(questionnaire, raw)[0].set_index("area")["mean"]
    plain = pandas_figures(questionnaire, raw)[0]["mean"]
    if not np.allclose(package.sort_index(), plain.sort_index()):
        raise RuntimeError(f"the pandas baseline disagrees with the package:\n{package}\n{plain}")


def in_memory_row(workspace: Workspace) -> Row:
    q = workspace.questionnaire
    raw = raw_frame(q, answer_matrix(q, ROUND_SIZE))
    _check_same_means(q, raw)
    package, plain = medians(
        [timed(lambda: package_figures(q, raw)), timed(lambda: pandas_figures(q, raw))], 30, 3
    )
    return ratio_row(IN_MEMORY, package, plain, MAX_RATIO)


def dashboard_seconds(workspace: Workspace, responses: int, repeat: int) -> float:
    """Median time of the dashboard figures (team_view, reading from SQLite) of one round."""
    team_round = workspace.one_round(responses)
    storage = Storage.open(team_round.url)
    try:
        return median(
            timed(lambda: aggregate.team_view(storage, workspace.questionnaire, team_round.team_id, RULES)),
            repeat,
            1,
        )
    finally:
        storage.engine.dispose()


def _per_response(seconds: float, responses: int) -> str:
    return f"{duration(seconds)} ({duration(seconds / responses)}/resp.)"


def growth_rows(workspace: Workspace) -> list[Row]:
    """One row per tenfold step: the larger round's time against the smaller one's."""
    seconds = {n: dashboard_seconds(workspace, n, repeat) for n, repeat in SIZES.items()}
    sizes = list(seconds)
    rows = []
    for small, large in zip(sizes, sizes[1:], strict=False):
        limit = large / small * MAX_GROWTH
        ratio = seconds[large] / seconds[small]
        rows.append(
            Row(
                f"Dashboard figures from SQLite, {large:,} vs {small:,} responses",
                _per_response(seconds[large], large),
                _per_response(seconds[small], small),
                ratio,
                f"ratio <= {limit:g} (linear)",
                ratio <= limit,
            )
        )
    return rows


def run(workspace: Workspace) -> list[Row]:
    return [in_memory_row(workspace), *growth_rows(workspace)]
