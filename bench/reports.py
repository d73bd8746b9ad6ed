"""The PDF reports: a person's, and one round of 10,000 responses, each against drawing its charts alone.

Most of a report's time is vl-convert drawing the charts, so each report is timed against
rendering the same chart specs to SVG with vl-convert in the same run: the ratio is what the rest
adds (building the charts, the text and tables, drawing the charts' shapes and words on the
page). The targets are absolute, because a report is a download button a person waits on. The
team report starts from the round's figures, as the dashboard hands them over; computing them is
the aggregation benchmark's.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from assessment import aggregate, charts, dashboard, reports, results
from assessment.storage import Storage, StoredResponse
from bench.data import RULES, SEED, Workspace, answer_matrix, answer_sets
from bench.report import Row, duration
from bench.timing import medians, timed

PERSONAL = "Personal PDF: 3 submissions, 2 pages, 2 charts"
PERSONAL_TARGET = 1.0  # seconds
TEAM = "Team PDF of a 10,000-response round (from its figures), 5 charts"
TEAM_TARGET = 2.0
ROUND_SIZE = 10_000
SUBMISSIONS = 3
REPEAT = 5
WARMUP = 1  # vl-convert starts its JavaScript engine on the first chart


def _row(benchmark: str, report: float, charts_alone: float, target: float) -> Row:
    return Row(
        benchmark,
        duration(report),
        f"{duration(charts_alone)} charts alone",
        report / charts_alone,
        f"report < {target:g} s",
        report < target,
    )


def _render_all(specs: list[dict]) -> None:
    for spec in specs:
        reports.render_svg(spec)


def personal_row(workspace: Workspace) -> Row:
    questionnaire = workspace.questionnaire
    start = datetime(2025, 1, 6, 9, tzinfo=UTC)
    stored = [
        StoredResponse(f"r{number}", start + timedelta(days=90 * number), questionnaire.version, answers)
        for number, answers in enumerate(
            answer_sets(questionnaire, answer_matrix(questionnaire, SUBMISSIONS, SEED))
        )
    ]
    profile = results.build_profile(questionnaire, stored)
    # The charts the report draws.
    specs = [
        reports.chart_spec(charts.profile_chart(profile.areas)),
        reports.chart_spec(charts.trend_chart(profile.trend)),
    ]
    report, alone = medians(
        [timed(lambda: reports.personal_report(profile)), timed(lambda: _render_all(specs))], REPEAT, WARMUP
    )
    return _row(PERSONAL, report, alone, PERSONAL_TARGET)


def team_row(workspace: Workspace) -> Row:
    questionnaire = workspace.questionnaire
    team_round = workspace.one_round(ROUND_SIZE)
    storage = Storage.open(team_round.url)
    try:
        view = aggregate.team_view(storage, questionnaire, team_round.team_id, RULES)
    finally:
        storage.engine.dispose()
    panel = dashboard.round_panel(questionnaire, view, team_round.round_id, RULES)
    k = RULES.min_group_size
    # The charts the report draws for a team's only round: no trend before a second one.
    specs = [
        reports.chart_spec(charts.spread_chart(panel.spread, k)),
        *(
            reports.chart_spec(charts.item_bars(area.items, panel.questionnaire, k, area.name))
            for area in panel.statements
        ),
    ]
    report, alone = medians(
        [
            timed(
                lambda: reports.team_report(questionnaire, "Benchmark team", view, team_round.round_id, RULES)
            ),
            timed(lambda: _render_all(specs)),
        ],
        REPEAT,
        WARMUP,
    )
    return _row(TEAM, report, alone, TEAM_TARGET)


def run(workspace: Workspace) -> list[Row]:
    return [personal_row(workspace), team_row(workspace)]
