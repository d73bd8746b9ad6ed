"""Target 3: a team's dashboard costs no more than 1.2 x when 100,000 other responses share the database."""

from __future__ import annotations

from assessment import aggregate
from assessment.questionnaire import Questionnaire
from assessment.storage import Storage
from bench.data import (
    RULES,
    SEED,
    TeamRound,
    Workspace,
    add_other_teams,
    answer_matrix,
    closed_round_via_app,
    sqlite_url,
)
from bench.report import Row, ratio_row
from bench.timing import Probe, medians, timed

NAME = "Dashboard of 50 responses, 100,000 others in the database"
MAX_RATIO = 1.2
RESPONSES = 50
OTHER_RESPONSES = 100_000
REPEAT = 60
WARMUP = 5


def dashboard(storage: Storage, questionnaire: Questionnaire, team_id: int) -> list[aggregate.RoundFigures]:
    """What app_pages/team.py computes from the database on each run of the dashboard."""
    storage.rounds_of(team_id)
    return aggregate.team_view(storage, questionnaire, team_id, RULES).figures


def dashboard_probe(storage: Storage, questionnaire: Questionnaire, team_id: int) -> Probe:
    shown = dashboard(storage, questionnaire, team_id)
    # The figures must be there to be computed: one closed round of 50, above k.
    if [f.round.responses for f in shown] != [RESPONSES]:
        raise RuntimeError(f"the team's dashboard shows {shown!r}, not one round of {RESPONSES}")
    return timed(lambda: dashboard(storage, questionnaire, team_id))


def team_database(workspace: Workspace, name: str, other_responses: int) -> tuple[Storage, TeamRound]:
    """A database holding `other_responses` of other teams, then the team's round of 50, added by the app."""
    path = workspace.path(name)
    Storage.open(sqlite_url(path)).engine.dispose()  # the app's schema, before any bulk rows
    if other_responses:
        add_other_teams(path, workspace.questionnaire, other_responses)
    storage = Storage.open(sqlite_url(path))
    # The same answers in both databases: only what lies around the team differs.
    matrix = answer_matrix(workspace.questionnaire, RESPONSES, SEED)
    return storage, closed_round_via_app(storage, workspace.questionnaire, matrix)


def run(workspace: Workspace) -> list[Row]:
    alone, alone_round = team_database(workspace, "isolation-alone.sqlite3", 0)
    crowded, crowded_round = team_database(workspace, "isolation-crowded.sqlite3", OTHER_RESPONSES)
    try:
        crowded_seconds, alone_seconds = medians(
            [
                dashboard_probe(crowded, workspace.questionnaire, crowded_round.team_id),
                dashboard_probe(alone, workspace.questionnaire, alone_round.team_id),
            ],
            REPEAT,
            WARMUP,
        )
    finally:
        alone.engine.dispose()
        crowded.engine.dispose()
    return [ratio_row(NAME, crowded_seconds, alone_seconds, MAX_RATIO)]
