"""What a practitioner's results page shows, computed from their stored responses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, tzinfo

import pandas as pd

from assessment.aggregate import RoundFigures
from assessment.charts import hidden_text, reverse_mark
from assessment.i18n import N_, _, clock, day, moment
from assessment.instruments import Lookup, pick
from assessment.questionnaire import PAPER_LANGUAGE, Point, Questionnaire
from assessment.scoring import (
    MIN_ANSWERS_TO_RANK,
    NOT_SCORED,
    WEAK_POINT_THRESHOLD,
    Answers,
    Highlights,
    area_scores,
    format_score,
    highlights,
    item_score,
    point_scores,
    round_score,
)
from assessment.storage import StoredResponse


@dataclass(frozen=True)
class PointHighlight:
    point: Point
    score: float


@dataclass(frozen=True)
class Profile:
    submitted_count: int
    submitted_at_text: str  # when the latest response was submitted, in the display timezone
    areas: (
        pd.DataFrame
    )  # for the chart: area, score (NaN = not scored), answered, total, [change], [team mean]
    areas_table: pd.DataFrame  # to show as it is: every cell a formatted string
    items: pd.DataFrame  # to show as it is: number, area, point, statement, answer, score
    weakest: tuple[PointHighlight, ...]  # points to start from, lowest first; may be empty
    strongest: PointHighlight | None
    no_weak_point: bool  # points were ranked and none is weak: show `start_note` instead
    start_note: str | None  # the sentence to show when `weakest` is empty, else None
    trend: pd.DataFrame  # for the chart: submission, submitted_at, version, area, score, score_text
    trend_table: pd.DataFrame  # to show as it is: submission, submitted, version, one column per area
    version: str = ""  # the questionnaire version of the latest response: its statements are shown
    # Why the change column is not a difference, or why the team mean is left out: another version.
    version_notes: tuple[str, ...] = ()
    # The paper's words are shown in another language than the paper's: a translation, said so.
    quotes_translated: bool = False


# What the change column says when the previous response was answered on another version.
NEW_VERSION = N_("new version")


def build_profile(
    instruments: Lookup,
    stored: Sequence[StoredResponse],
    team: RoundFigures | None = None,
    timezone: tzinfo = UTC,
    min_group_size: int = 5,
) -> Profile | None:
    """The profile of a person's latest response, with the statements of the version it was
    answered on; the change since the one before when both share a version, and the team's area
    means of its latest shown round when that round shares it too (an area withheld under the
    k = `min_group_size` rule says so); times in `timezone`."""
    if not stored:
        return None
    latest = stored[-1]
    questionnaire = pick(instruments, latest.instrument_version)
    latest_areas = area_scores(questionnaire, latest.answers)
    previous = stored[-2] if len(stored) > 1 else None
    same_version = previous is not None and previous.instrument_version == latest.instrument_version
    previous_areas = area_scores(questionnaire, previous.answers) if same_version else None
    notes = []
    if previous is not None and not same_version:
        notes.append(
            _(
                "Your previous self-assessment was answered on questionnaire version {previous}, this "
                "one on {latest}. The statements differ, so the change between the two is not computed."
            ).format(previous=previous.instrument_version, latest=latest.instrument_version)
        )
    if team is not None and team.round.instrument_version != latest.instrument_version:
        notes.append(
            _(
                "Your team's latest published round was answered on questionnaire version {team}, yours "
                "on {latest}: the team mean is left out, as the statements differ."
            ).format(team=team.round.instrument_version, latest=latest.instrument_version)
        )
        team = None

    def change(area_id: str) -> float | None:
        now = latest_areas[area_id].score
        before = previous_areas[area_id].score if previous_areas else None
        return None if now is None or before is None else round_score(now - before)

    areas = pd.DataFrame(
        {
            "area": [questionnaire.area(a).name for a in latest_areas],
            "score": pd.array([round_score(s.score) for s in latest_areas.values()], dtype="float64"),
            "answered": [s.answered for s in latest_areas.values()],
            "total": [s.total for s in latest_areas.values()],
        }
    )
    # The table is shown as it is: headers and cells in the active language.
    table = pd.DataFrame(
        {
            _("area"): areas["area"],
            _("score"): [format_score(s) for s in areas["score"]],
            _("statements answered"): [
                _("{answered} of {total}").format(answered=s.answered, total=s.total)
                for s in latest_areas.values()
            ],
        }
    )
    if previous_areas is not None:
        areas["change"] = pd.array([change(a) for a in latest_areas], dtype="float64")
        table[_("change since previous")] = [format_score(c, signed=True) for c in areas["change"]]
    elif previous is not None:
        # No number: a difference between two versions' statements would be a false one.
        table[_("change since previous")] = _(NEW_VERSION)
    if team is not None:
        team_areas = team.areas.set_index("area")
        areas["team mean"] = pd.array(
            [round_score(team_areas["mean"].get(a)) for a in latest_areas], dtype="float64"
        )
        # A withheld team figure is not a team that scored nothing: say why it is missing.
        table[_("team mean")] = [
            hidden_text(min_group_size) if team_areas["withheld"].get(a, False) else format_score(m)
            for a, m in zip(latest_areas, areas["team mean"], strict=True)
        ]

    points = point_scores(questionnaire, latest.answers)
    marked = highlights(points)

    def highlight(point_id: str) -> PointHighlight:
        return PointHighlight(questionnaire.point(point_id), round_score(points[point_id].score))

    trend = _trend(instruments, questionnaire, stored, timezone)
    return Profile(
        submitted_count=len(stored),
        submitted_at_text=moment(latest.submitted_at, timezone),
        areas=areas,
        areas_table=table,
        items=_items_table(questionnaire, latest.answers),
        weakest=tuple(highlight(p) for p in marked.weakest),
        strongest=highlight(marked.strongest) if marked.strongest else None,
        no_weak_point=marked.no_weak_point,
        start_note=_start_note(marked),
        trend=trend,
        trend_table=_trend_table(trend),
        version=latest.instrument_version,
        version_notes=tuple(notes),
        quotes_translated=questionnaire.language != PAPER_LANGUAGE,
    )


def _start_note(marked: Highlights) -> str | None:
    """The sentence shown instead of recommendations, or None when there are some."""
    if marked.weakest:
        return None
    if marked.no_weak_point:
        return _(
            "None of your points scores below {threshold}: there is no weak point to start from. Read "
            "the recommendations of the paper for any point you want to strengthen."
        ).format(threshold=format_score(WEAK_POINT_THRESHOLD))
    return _(
        "Too few statements were answered to suggest where to start: a point needs at least {count} "
        "answered statements."
    ).format(count=MIN_ANSWERS_TO_RANK)


def _items_table(questionnaire: Questionnaire, answers: Answers) -> pd.DataFrame:
    """The person's answers, reverse-keyed statements marked, so an answer of 1 scoring 5 reads
    right; the statement's number first (the page shows it as the index)."""
    scores = [item_score(i, answers.get(i.id)) for i in questionnaire.items]
    mark = reverse_mark()
    return pd.DataFrame(
        {
            _("number"): [i.number for i in questionnaire.items],
            _("area"): [questionnaire.area(i.area).name for i in questionnaire.items],
            _("point"): [i.point for i in questionnaire.items],
            _("statement"): [i.text + (f" {mark}" if i.reverse else "") for i in questionnaire.items],
            _("answer"): [questionnaire.answer_label(answers.get(i.id)) for i in questionnaire.items],
            _("score"): [_(NOT_SCORED) if s is None else str(s) for s in scores],
        }
    )


def _trend(
    instruments: Lookup, latest: Questionnaire, stored: Sequence[StoredResponse], timezone: tzinfo
) -> pd.DataFrame:
    """Every response's area scores, each scored on its own version, one row per response and
    area, labelled "2 · 25 Nov 2026 · 11:47" so that two submissions on one day stay two points.

    Areas are named as in the latest version, so a renamed area stays one line; the chart marks
    where the version changes."""
    rows = []
    for number, response in enumerate(stored, start=1):
        when = response.submitted_at
        submission = f"{number} · {day(when.astimezone(timezone))} · {clock(when, timezone)}"
        own = pick(instruments, response.instrument_version)
        names = own.area_names() | latest.area_names()
        for area_id, score in area_scores(own, response.answers).items():
            rows.append(
                {
                    "submission": submission,
                    "submitted_at": response.submitted_at,
                    "version": response.instrument_version,
                    "area": names[area_id],
                    "score": round_score(score.score),
                    "score_text": format_score(score.score),
                }
            )
    trend = pd.DataFrame(rows)
    trend["score"] = trend["score"].astype("float64")
    return trend


def _trend_table(trend: pd.DataFrame) -> pd.DataFrame:
    """One row per submission and a column per area, every cell a string (written out rather than
    pivoted: pandas' pivot cost every results page several milliseconds)."""
    submissions = list(dict.fromkeys(trend["submission"]))
    cells = dict(zip(zip(trend["submission"], trend["area"], strict=True), trend["score_text"], strict=True))
    versions = dict(zip(trend["submission"], trend["version"], strict=True))
    columns = {_("submission"): submissions}
    for area in dict.fromkeys(trend["area"]):
        columns[area] = [cells.get((submission, area)) for submission in submissions]
    return pd.DataFrame(columns | {_("version"): [versions[s] for s in submissions]})
