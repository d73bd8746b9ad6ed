"""What the team lead's dashboard shows, built from aggregate's figures: the page only draws it.

Every number here comes from `aggregate`, which alone decides what may be published; this module
names areas, formats numbers with the one rounding rule, and says "hidden" where a row is withheld.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from assessment import aggregate
from assessment.aggregate import OrganisationView, PublishingRules, RoundFigures, TeamView
from assessment.charts import hidden_text, item_table
from assessment.i18n import N_, _, ngettext
from assessment.instruments import Lookup, pick
from assessment.questionnaire import Questionnaire
from assessment.scoring import format_score

SUMMARY_COLUMNS = ("mean", "sd", "median", "q1", "q3")
# The areas table's headers, translated where it is built.
AREA_HEADERS = {
    "area": N_("area"),
    "n": "n",
    "paper": N_("from paper forms"),
    "mean": N_("mean"),
    "sd": N_("sd"),
    "median": N_("median"),
    "q1": N_("q1"),
    "q3": N_("q3"),
    "note": N_("note"),
}


@dataclass(frozen=True)
class AreaStatements:
    name: str
    items: pd.DataFrame  # aggregate's item rows of the area, for the diverging bars
    table: pd.DataFrame  # the same as text, for the table behind the chart


@dataclass(frozen=True)
class RoundPanel:
    status: str  # what the lead is told about the chosen round
    spread: pd.DataFrame | None  # area rows with area names, for the spread chart; None when hidden
    areas_table: pd.DataFrame | None
    statements: tuple[AreaStatements, ...]
    questionnaire: Questionnaire | None = None  # the round's version: scale labels, reverse keys


@dataclass(frozen=True)
class Dashboard:
    rounds_table: pd.DataFrame
    round_names: dict[int, str]  # round id -> name, newest first, for the round choice
    default_round: int  # the newest published round, else the newest round
    figures: list[RoundFigures]  # published rounds, in closing order (the CSVs hold these)
    trend: pd.DataFrame  # area means of published rounds, with area names and each round's version
    trend_table: pd.DataFrame


def build_dashboard(instruments: Lookup, view: TeamView) -> Dashboard:
    rounds = [v.round for v in reversed(view.rounds)]
    published = [r.id for r in rounds if view.view_of(r.id).figures is not None]
    trend, trend_table = _trend(instruments, view.figures, _("round"))
    return Dashboard(
        rounds_table=aggregate.rounds_table(view),
        round_names={r.id: r.name for r in rounds},
        default_round=published[0] if published else rounds[0].id,
        figures=view.figures,
        trend=trend,
        trend_table=trend_table,
    )


def _trend(
    instruments: Lookup, figures: list[RoundFigures], heading: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Area means over published figures, in closing order, for the chart and as a table whose
    first column (rounds, or periods) is headed `heading`."""
    trend = aggregate.trend(figures)
    # Areas named as in the newest figures' version, so a renamed area stays one row.
    newest = pick(instruments, figures[-1].round.instrument_version).area_names() if figures else {}
    trend["area"] = [
        newest.get(area) or pick(instruments, version).area_names()[area]
        for area, version in zip(trend["area"], trend["version"], strict=True)
    ]
    trend_table = pd.DataFrame(
        {
            heading: trend["round"],
            _("version"): trend["version"],
            _("area"): trend["area"],
            "n": trend["n"],
            _("mean"): [format_score(m) for m in trend["mean"]],
        }
    )
    return trend.drop(columns=["closed_at"]), trend_table


def round_panel(instruments: Lookup, view: TeamView, round_id: int, rules: PublishingRules) -> RoundPanel:
    """The chosen round: its status, and its figures when they may be shown, with the statements
    of the questionnaire version the round was opened on."""
    chosen = view.view_of(round_id)
    if chosen.figures is None:
        return RoundPanel(chosen.status, None, None, ())
    return figures_panel(instruments, chosen.status, chosen.figures, rules)


def figures_panel(
    instruments: Lookup, status: str, figures: RoundFigures, rules: PublishingRules
) -> RoundPanel:
    """Published figures (a team's round, or an organisation's pooled rounds) as the page shows them."""
    questionnaire = pick(instruments, figures.round.instrument_version)
    spread = figures.areas.replace({"area": questionnaire.area_names()})
    statements = tuple(
        AreaStatements(
            area.name,
            items := figures.items[figures.items["area"] == area.id],
            item_table(items, questionnaire, rules.min_group_size),
        )
        for area in questionnaire.areas
    )
    return RoundPanel(status, spread, _areas_table(spread, rules), statements, questionnaire)


def _areas_table(areas: pd.DataFrame, rules: PublishingRules) -> pd.DataFrame:
    """Area rows as people read them: two decimals half up; withheld and reduced rows say so."""
    rows = []
    for row in areas.itertuples(index=False):
        shown = {"area": row.area} | dict.fromkeys(("n", "paper", *SUMMARY_COLUMNS, "note"), "")
        if row.withheld:
            rows.append(shown | {"note": hidden_text(rules.min_group_size)})
            continue
        shown |= {"n": str(row.n), "paper": str(row.paper), "mean": format_score(row.mean)}
        if row.detailed:
            shown |= {column: format_score(getattr(row, column)) for column in SUMMARY_COLUMNS[1:]}
        else:
            shown["note"] = _("mean only: fewer than {count} answers").format(count=rules.detail_group_size)
        rows.append(shown)
    table = pd.DataFrame(rows).rename(columns=lambda column: _(AREA_HEADERS[column]))
    # Columns no row fills (SD and quartiles below the detail threshold) would only squeeze the note.
    return table.loc[:, (table != "").any()]


# ------------------------------------------------------------------ an organisation


@dataclass(frozen=True)
class OrganisationBoard:
    pooled: str  # how many teams and answers the figures pool
    panel: RoundPanel | None  # the pooled figures; None when no team may be shown
    left_out: pd.DataFrame  # team, reason: every team not in the figures
    teams: pd.DataFrame  # team, area (named), n, mean per shown team row, for the chart
    teams_table: pd.DataFrame  # a row per team, a column per area: mean (n), or hidden
    trend: pd.DataFrame
    trend_table: pd.DataFrame


def build_organisation_board(
    instruments: Lookup, view: OrganisationView, trend_figures: list[RoundFigures], rules: PublishingRules
) -> OrganisationBoard:
    """The organisation's dashboard for one period: every figure from `aggregate`."""
    left_out = pd.DataFrame(
        {_("team"): [o.team.name for o in view.left_out], _("reason"): [o.reason for o in view.left_out]}
    )
    trend, trend_table = _trend(instruments, trend_figures, _("period"))
    if view.figures is None:
        empty = pd.DataFrame(columns=["team", "area", "n", "mean"])
        return OrganisationBoard(
            _("No team's round in this period may be shown yet."),
            None,
            left_out,
            empty,
            empty,
            trend,
            trend_table,
        )
    questionnaire = pick(instruments, view.figures.round.instrument_version)
    names = questionnaire.area_names()
    pooled = ngettext(
        "{count} team pooled, with {answers}.", "{count} teams pooled, with {answers}.", len(view.teams)
    ).format(count=len(view.teams), answers=aggregate.answers_with_paper(view.figures.round))
    rows = [
        {"team": part.team.name, "area": names[row.area], "n": row.n, "mean": row.mean}
        for part in view.teams
        for row in part.figures.areas.itertuples(index=False)
        if not row.withheld
    ]
    hidden = hidden_text(rules.min_group_size)
    table = pd.DataFrame(
        [
            {_("team"): part.team.name, _("round"): part.figures.round.name}
            | {
                names[row.area]: hidden if row.withheld else f"{format_score(row.mean)} (n = {row.n})"
                for row in part.figures.areas.itertuples(index=False)
            }
            for part in view.teams
        ]
    )
    return OrganisationBoard(
        pooled,
        figures_panel(instruments, pooled, view.figures, rules),
        left_out,
        pd.DataFrame(rows, columns=["team", "area", "n", "mean"]),
        table,
        trend,
        trend_table,
    )
