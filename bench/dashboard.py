"""A click on the team dashboard costs the same whatever the size of the closed round it shows.

Two teams, each with one closed round (10,000 responses, and 50) and an open round; the lead's
dashboard is open under AppTest, and the click ticks and unticks the box that arms "Close the
round". A closed round's figures never change, so after the first view they must not be
computed again: the target is the large round's click at most 1.2 x the small one's.
"""

from __future__ import annotations

import itertools

from streamlit.testing.v1 import AppTest

from assessment.storage import LARGEST_TEAM, Storage, Team
from bench import pages
from bench.data import TEAM_NAME, Workspace, closed_round_bulk
from bench.report import Row, ratio_row
from bench.timing import Probe, medians, timed

NAME = "Dashboard click, 10,000-response closed round against 50 (AppTest)"
MAX_RATIO = 1.2
LARGE, SMALL = 10_000, 50
REPEAT = 30
WARMUP = 5


def _dashboard(workspace: Workspace, responses: int) -> tuple[AppTest, str]:
    """The lead's dashboard (and its database) of a team whose closed round holds `responses`,
    with an open round; the lead is logged in as the login form would do it."""
    path = workspace.path(f"dashboard-{responses}.sqlite3")
    team_round = closed_round_bulk(path, workspace.questionnaire, responses)
    storage = Storage.open(team_round.url)
    try:
        storage.open_round(team_round.team_id, "Autumn 2025", LARGEST_TEAM, workspace.questionnaire.version)
    finally:
        storage.engine.dispose()
    team = Team(team_round.team_id, TEAM_NAME)
    with pages.environment(**{pages.DATABASE_VARIABLE: team_round.url}):
        return pages.app_page(pages.TEAM_PAGE, lead_team=team, lead_join_code="BENCH"), team_round.url


def _tick_probe(at: AppTest, url: str) -> Probe:
    ticks = itertools.cycle((True, False))

    def tick() -> None:
        at.checkbox(key="confirm_close").set_value(next(ticks))

    def rerun() -> None:
        with pages.environment(**{pages.DATABASE_VARIABLE: url}):
            at.run()

    return timed(rerun, before=tick)


def run(workspace: Workspace) -> list[Row]:
    (large, large_url), (small, small_url) = _dashboard(workspace, LARGE), _dashboard(workspace, SMALL)
    large_s, small_s = medians([_tick_probe(large, large_url), _tick_probe(small, small_url)], REPEAT, WARMUP)
    for at in (large, small):
        pages.raise_if_failed(at)
        if not at.get("vega_lite_chart"):
            raise RuntimeError("the dashboard shows no chart: the benchmark timed something else")
    return [ratio_row(NAME, large_s, small_s, MAX_RATIO)]
