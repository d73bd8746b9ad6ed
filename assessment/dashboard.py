"""What the team lead's dashboard shows, built from aggregate's figures: the page only draws it.

Every number here comes from `aggregate`, which alone decides what may be published; this module
names areas, formats numbers with the one rounding rule, and says "hidden" where a row is withheld.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from assessment import aggregate
from assessment.aggregate import PublishingRules, RoundFigures, TeamView
from assessment.charts import hidden_text, item_table
from assessment.i18n import N_, _
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
    trend = aggregate.trend(view.figures)
    # Areas named as in the newest published round's version, so a renamed area stays one row.
    newest = pick(instruments, view.latest.round.instrument_version).area_names() if view.latest else {}
    trend["area"] = [
        newest.get(area) or pick(instruments, version).area_names()[area]
        for area, version in zip(trend["area"], trend["version"], strict=True)
    ]
    trend_table = pd.DataFrame(
        {
            _("round"): trend["round"],
            _("version"): trend["version"],
            _("area"): trend["area"],
            "n": trend["n"],
            _("mean"): [format_score(m) for m in trend["mean"]],
        }
    )
    return Dashboard(
        rounds_table=aggregate.rounds_table(view),
        round_names={r.id: r.name for r in rounds},
        default_round=published[0] if published else rounds[0].id,
        figures=view.figures,
        trend=trend.drop(columns=["closed_at"]),
        trend_table=trend_table,
    )


def round_panel(instruments: Lookup, view: TeamView, round_id: int, rules: PublishingRules) -> RoundPanel:
    """The chosen round: its status, and its figures when they may be shown, with the statements
    of the questionnaire version the round was opened on."""
    chosen = view.view_of(round_id)
    figures = chosen.figures
    if figures is None:
        return RoundPanel(chosen.status, None, None, ())
    questionnaire = pick(instruments, chosen.round.instrument_version)
    spread = figures.areas.replace({"area": questionnaire.area_names()})
    statements = tuple(
        AreaStatements(
            area.name,
            items := figures.items[figures.items["area"] == area.id],
            item_table(items, questionnaire, rules.min_group_size),
        )
        for area in questionnaire.areas
    )
    return RoundPanel(chosen.status, spread, _areas_table(spread, rules), statements, questionnaire)


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
