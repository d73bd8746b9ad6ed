"""CSV files people download: UTF-8 with a byte order mark, comma separated, ISO 8601 UTC times.

The byte order mark makes Excel read the file as UTF-8 in every locale; every text cell that a
spreadsheet would run as a formula is neutralised with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Sequence
from datetime import datetime

import pandas as pd

from assessment.aggregate import BAND_COLUMNS, COUNT_COLUMNS, OrganisationView, RoundFigures
from assessment.instruments import Lookup, pick
from assessment.questionnaire import Questionnaire
from assessment.scoring import area_scores, item_score, round_score
from assessment.storage import PersonRecord, StoredResponse, utc_now

RESPONSES_HEADER = (
    "response_id",
    "submitted_at",
    "instrument_version",
    "area",
    "point",
    "item_id",
    "item_text",
    "reverse_keyed",
    "raw_value",
    "item_score",
)
SCORES_HEADER = (
    "response_id",
    "submitted_at",
    "instrument_version",
    "area",
    "score",
    "answered_items",
    "total_items",
)
TEAM_AREA_HEADER = (
    "team",
    "round",
    "instrument_version",
    "area",
    "withheld",
    "n",
    "paper",
    "mean",
    "sd",
    "median",
)
TEAM_ITEM_HEADER = (
    "team",
    "round",
    "instrument_version",
    "area",
    "point",
    "item_id",
    "withheld",
    "banded",
    "n",
    "paper",
    *COUNT_COLUMNS,
    *BAND_COLUMNS,
    "count_na",
)
ORGANISATION_AREA_HEADER = ("organisation", "period", "team", TEAM_AREA_HEADER[1], *TEAM_AREA_HEADER[2:])
ORGANISATION_ITEM_HEADER = ("organisation", "period", "team", TEAM_ITEM_HEADER[1], *TEAM_ITEM_HEADER[2:])

# A character that makes Excel or LibreOffice treat a cell as a formula (OWASP's list), at the
# start of the text or after a separator: where Excel splits on ";" (most European locales) or
# "," a cell "x;=HYPERLINK(...)" becomes two cells, the second a formula. Spaces before the
# character do not stop a spreadsheet that trims them.
_FORMULA_START = re.compile(r"(^|[;,] *)(?=[=+\-@\t\r])")


def neutralise(text: str) -> str:
    """Put an apostrophe before every spot where a spreadsheet would start a formula."""
    return _FORMULA_START.sub(r"\1'", text)


def _timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return _timestamp(value)
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.2f}"
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The one CSV writer of the app."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(neutralise(name) for name in header)  # the template's header is item ids
    writer.writerows([_cell(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def responses_csv(instruments: Lookup, stored: Iterable[StoredResponse]) -> bytes:
    """One row per item of every response, with the statements of the version it was answered on."""
    return csv_bytes(
        RESPONSES_HEADER,
        (
            (
                r.public_id,
                r.submitted_at,
                r.instrument_version,
                item.area,
                item.point,
                item.id,
                item.text,
                item.reverse,
                r.answers.get(item.id),
                item_score(item, r.answers.get(item.id)),
            )
            for r in stored
            for item in pick(instruments, r.instrument_version).items
        ),
    )


def scores_csv(instruments: Lookup, stored: Iterable[StoredResponse]) -> bytes:
    """One row per area of every response, scored on the version it was answered on."""
    return csv_bytes(
        SCORES_HEADER,
        (
            (
                r.public_id,
                r.submitted_at,
                r.instrument_version,
                area_id,
                round_score(score.score),
                score.answered,
                score.total,
            )
            for r in stored
            for area_id, score in area_scores(pick(instruments, r.instrument_version), r.answers).items()
        ),
    )


def questionnaire_csv(questionnaire: Questionnaire) -> bytes:
    """The questionnaire itself, for paper forms and translators."""
    return csv_bytes(
        ("item_id", "area", "point", "reverse_keyed", "text"),
        ((i.id, i.area, i.point, i.reverse, i.text) for i in questionnaire.items),
    )


def _figure(value: object) -> object:
    """A published figure as a cell: scores rounded as everywhere, missing ones empty."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return round_score(value) if isinstance(value, float) else value


def _figure_rows(labels: Sequence[object], f: RoundFigures, table: str, header: Sequence[str]):
    """One row per area or item of published figures, exactly as the dashboard shows them, after
    the `labels` that say whose they are: a withheld row is marked and carries no number."""
    for row in getattr(f, table).to_dict("records"):
        # The version says which statements the figures rest on: never pool two versions.
        yield (*labels, f.round.instrument_version, *(_figure(row[c]) for c in header[len(labels) + 1 :]))


def team_area_scores_csv(team_name: str, figures: Sequence[RoundFigures]) -> bytes:
    """Area figures of the published rounds; never a single response."""
    rows = (r for f in figures for r in _figure_rows((team_name, f.round.name), f, "areas", TEAM_AREA_HEADER))
    return csv_bytes(TEAM_AREA_HEADER, rows)


def team_item_distribution_csv(team_name: str, figures: Sequence[RoundFigures]) -> bytes:
    """Answers per statement of the published rounds, as counts or bands."""
    rows = (r for f in figures for r in _figure_rows((team_name, f.round.name), f, "items", TEAM_ITEM_HEADER))
    return csv_bytes(TEAM_ITEM_HEADER, rows)


def _organisation_rows(organisation: str, view: OrganisationView, table: str, header: Sequence[str]):
    """The organisation's pooled rows (team empty), then each pooled team's own."""
    period = view.period.label
    if view.figures is not None:
        yield from _figure_rows((organisation, period, "", ""), view.figures, table, header)
    for part in view.teams:
        yield from _figure_rows(
            (organisation, period, part.team.name, part.figures.round.name), part.figures, table, header
        )


def organisation_area_scores_csv(organisation: str, view: OrganisationView) -> bytes:
    """The organisation's area figures for a period, and each pooled team's, as its dashboard shows them."""
    return csv_bytes(
        ORGANISATION_AREA_HEADER, _organisation_rows(organisation, view, "areas", ORGANISATION_AREA_HEADER)
    )


def organisation_item_distribution_csv(organisation: str, view: OrganisationView) -> bytes:
    """Answers per statement of the organisation for a period, pooled, as counts or bands."""
    rows = (
        _figure_rows(
            (organisation, view.period.label, "", ""), view.figures, "items", ORGANISATION_ITEM_HEADER
        )
        if view.figures is not None
        else ()
    )
    return csv_bytes(ORGANISATION_ITEM_HEADER, rows)


def person_json(instruments: Lookup, record: PersonRecord) -> bytes:
    """Everything stored about one person, for their own download (JSON, UTF-8); each response
    scored on the version it was answered on."""
    document = {
        "about": "Everything this self-assessment stores about the holder of one personal code.",
        "exported_at": _timestamp(utc_now()),
        "team": record.team.name if record.team else None,
        "language": record.language,
        "responses": [
            {
                "response_id": r.public_id,
                "submitted_at": _timestamp(r.submitted_at),
                "instrument_version": r.instrument_version,
                "team": r.team_name,
                "team_round": r.round_name,
                "answers": r.answers,
                "area_scores": {
                    area_id: round_score(score.score)
                    for area_id, score in area_scores(
                        pick(instruments, r.instrument_version), r.answers
                    ).items()
                },
            }
            for r in record.responses
        ],
        "team_rounds_joined": [
            {"team": r.team_name, "round": r.round_name} for r in record.responses if r.round_name is not None
        ],
        "draft": record.draft,
        "notes": record.notes,
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
