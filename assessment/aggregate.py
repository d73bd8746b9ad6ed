"""Team figures per round. The publishing rules live here and only here (docs/privacy.md).

A round is published only when it is closed, holds no more responses than the team size the
lead stated, holds at least k responses submitted online (paper forms the lead typed do not
count: the lead has seen them), and its respondents do not differ from those of an earlier
published round by 1 to k-1 people (the difference of two rounds would be those few people).
Inside a published round, every figure needs its own k online answers, and below a second
threshold a figure carries less detail.

Functions here take data, not the database, except `team_view`, which loads a team's rounds
and hands them to `team_rounds` (the pages use a cached loader, `assessment.ui.shared.team_view`). Figures are unrounded; display and CSV
round them with scoring.round_score.

A round's figures use the questionnaire version the round was opened on (its statements, its
areas), looked up in the registry (`assessment.instruments`), whatever version is current.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import Enum

import pandas as pd

from assessment.i18n import N_, _, day, ngettext
from assessment.instruments import Lookup, pick
from assessment.questionnaire import SCALE_POINTS, Area, Questionnaire
from assessment.scoring import area_score_frame
from assessment.settings import Settings
from assessment.storage import Round, RoundData, Storage, Team

COUNT_COLUMNS = tuple(f"count_{v}" for v in range(1, SCALE_POINTS + 1))
# Three bands of the agreement scale: what an item row shows when exact counts would pin people down.
BANDS = {"count_disagree": (1, 2), "count_neutral": (3,), "count_agree": (4, 5)}
BAND_COLUMNS = tuple(BANDS)
AREA_COLUMNS = ("area", "withheld", "detailed", "n", "paper", "mean", "sd", "median", "q1", "q3")
ITEM_COLUMNS = (
    "area",
    "point",
    "item_id",
    "number",
    "statement",
    "withheld",
    "banded",
    "n",
    "paper",
    *COUNT_COLUMNS,
    *BAND_COLUMNS,
    "count_na",
)
# A point's shares: of the people it is scored for, those whose point score lies in the disagree
# band (2 or lower) and in the agree band (4 or higher), reverse keys applied.
POINT_COLUMNS = ("area", "point", "withheld", "n", "paper", "mean", "share_disagree", "share_agree")
_WHOLE_NUMBERS = ("n", "paper", *COUNT_COLUMNS, *BAND_COLUMNS, "count_na")


@dataclass(frozen=True)
class PublishingRules:
    """The thresholds every published figure obeys."""

    min_group_size: int  # k: a figure rests on at least k answers submitted online
    detail_group_size: int  # below this many online answers: n and mean only, answer bands only

    def __post_init__(self) -> None:
        if self.min_group_size < 1 or self.detail_group_size < self.min_group_size:
            raise ValueError("the detail threshold must be at least k, and k at least 1")

    @classmethod
    def from_settings(cls, settings: Settings) -> PublishingRules:
        return cls(settings.min_group_size, settings.detail_group_size)


class Visibility(Enum):
    """A round's verdict; the value is what the list of rounds says (translated where shown)."""

    NO_DATA = N_("no data yet")
    OPEN = N_("hidden while open")
    OVER_TEAM_SIZE = N_("not published: more answers than team members")
    TOO_FEW = N_("hidden: fewer than k answers")
    DIFFERENCING = N_("hidden: too few people differ from a published round")
    SHOWN = N_("shown")


def visibility(round_: Round, rules: PublishingRules) -> Visibility:
    """What a round's own counts allow; `team_rounds` adds the comparison with earlier rounds."""
    if round_.responses == 0:
        return Visibility.NO_DATA
    if round_.is_open:
        return Visibility.OPEN
    if round_.over_team_size:
        return Visibility.OVER_TEAM_SIZE
    if round_.online < rules.min_group_size:
        return Visibility.TOO_FEW
    return Visibility.SHOWN


# ------------------------------------------------------------------ the figures of a round


@dataclass(frozen=True)
class RoundFigures:
    round: Round
    areas: pd.DataFrame  # AREA_COLUMNS, one row per area; a withheld row has no numbers
    items: pd.DataFrame  # ITEM_COLUMNS, one row per item in questionnaire order
    # POINT_COLUMNS, one row per paper point in questionnaire order; a withheld row has no numbers.
    # Defaults to no rows, so figures built without points keep working.
    points: pd.DataFrame = field(default_factory=lambda: _frame([], POINT_COLUMNS))


def _frame(rows: list[dict], columns: Sequence[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    whole = [c for c in _WHOLE_NUMBERS if c in frame.columns]
    return frame.astype(dict.fromkeys(whole, "Int64") | {"withheld": bool})


def area_summary(questionnaire: Questionnaire, data: RoundData, rules: PublishingRules) -> pd.DataFrame:
    """n, mean and (from the detail threshold on) SD, median and quartiles of each area's scores.

    An area scored online by fewer than k people is withheld: no n, no mean. Below the detail
    threshold, SD, median and quartiles would pin down every score.
    """
    scores = area_score_frame(
        questionnaire, data.answers.reindex(columns=[i.id for i in questionnaire.items])
    )
    rows = []
    for area in questionnaire.areas:
        scored = scores[area.id].notna()
        online = int((scored & data.online).sum())
        if online < rules.min_group_size:
            rows.append({"area": area.id, "withheld": True, "detailed": False})
            continue
        values = scores.loc[scored, area.id]
        row = {
            "area": area.id,
            "withheld": False,
            "detailed": online >= rules.detail_group_size,
            "n": len(values),
            "paper": int((scored & data.paper).sum()),
            "mean": values.mean(),
        }
        if row["detailed"]:
            row |= {
                "sd": values.std(),  # sample SD (n - 1), as statistics packages report it
                "median": values.median(),
                "q1": values.quantile(0.25),
                "q3": values.quantile(0.75),
            }
        rows.append(row)
    return _frame(rows, AREA_COLUMNS).astype({"detailed": bool})


def _counts(answers: pd.DataFrame) -> pd.DataFrame:
    """Per item (rows), how many gave each value 1-5 (columns 1-5)."""
    return pd.DataFrame({v: (answers == v).sum() for v in range(1, SCALE_POINTS + 1)})


def item_distribution(
    questionnaire: Questionnaire, data: RoundData, rules: PublishingRules, withheld_areas: Sequence[str] = ()
) -> pd.DataFrame:
    """Per item, in questionnaire order: the answers 1-5 as counts or bands, Not applicable apart.

    `n` counts the 1-5 answers only (percentages are of n). An item answered online by fewer
    than k people, or in an area in `withheld_areas`, is withheld. Answers are merged into the
    three bands when fewer online answers than the detail threshold, or when one value holds all
    or all but one of them, would tell what each person answered.
    """
    answers = data.answers.reindex(columns=[i.id for i in questionnaire.items])
    every, online = _counts(answers), _counts(answers[data.online])
    not_applicable = answers.isna().sum()
    rows = []
    for item in questionnaire.items:
        row = {"area": item.area, "point": item.point, "item_id": item.id, "number": item.number}
        row["statement"] = item.text
        online_n = int(online.loc[item.id].sum())
        if item.area in withheld_areas or online_n < rules.min_group_size:
            rows.append(row | {"withheld": True, "banded": False})
            continue
        counts = every.loc[item.id]
        banded = online_n < rules.detail_group_size or int(online.loc[item.id].max()) >= online_n - 1
        row |= {
            "withheld": False,
            "banded": banded,
            "n": int(counts.sum()),
            "paper": int(counts.sum()) - online_n,
            "count_na": int(not_applicable[item.id]),
        }
        row |= {band: int(counts[list(values)].sum()) for band, values in BANDS.items()}
        if not banded:
            row |= {f"count_{v}": int(counts[v]) for v in range(1, SCALE_POINTS + 1)}
        rows.append(row)
    return _frame(rows, ITEM_COLUMNS).astype({"banded": bool})


def _points_as_areas(questionnaire: Questionnaire) -> Questionnaire:
    """`questionnaire` with its paper points in place of its areas: scoring's rule for an area's
    score (reverse keys, the half rule) then scores each point, in one place for both."""
    return replace(
        questionnaire,
        areas=tuple(Area(point.id, point.label, "") for point in questionnaire.points),
        items=tuple(replace(item, area=item.point) for item in questionnaire.items),
    )


def point_summary(
    questionnaire: Questionnaire, data: RoundData, rules: PublishingRules, withheld_areas: Sequence[str] = ()
) -> pd.DataFrame:
    """Per paper point, in questionnaire order: n, the mean of the point scores, and the shares of
    people whose point score lies in the disagree band (2 or lower) and in the agree band (4 or
    higher), after reverse keys; the discussion guide of the team report ranks points by them.

    A point is scored like an area (the mean of its answered item scores, missing when fewer than
    half are answered) and withheld like one: scored online by fewer than k people, or in an area
    in `withheld_areas`, it has no n, no mean, no shares. The shares are of people, not of pooled
    answers: pooled answer counts minus the published counts of a point's other items would give
    the counts of an item withheld for its own few answers. Like an item's bands, they are shown
    from k on.
    """
    scores = area_score_frame(
        _points_as_areas(questionnaire), data.answers.reindex(columns=[i.id for i in questionnaire.items])
    )
    rows = []
    for point in questionnaire.points:
        row = {"area": point.area, "point": point.id}
        scored = scores[point.id].notna()
        online = int((scored & data.online).sum())
        if point.area in withheld_areas or online < rules.min_group_size:
            rows.append(row | {"withheld": True})
            continue
        values = scores.loc[scored, point.id]
        row |= {
            "withheld": False,
            "n": len(values),
            "paper": int((scored & data.paper).sum()),
            "mean": values.mean(),
            "share_disagree": (values <= max(BANDS["count_disagree"])).mean(),
            "share_agree": (values >= min(BANDS["count_agree"])).mean(),
        }
        rows.append(row)
    return _frame(rows, POINT_COLUMNS)


def round_figures(
    questionnaire: Questionnaire, round_: Round, data: RoundData, rules: PublishingRules
) -> RoundFigures | None:
    """A round's figures under the per-figure rules, or None when its counts hide it.

    The comparison with earlier rounds is `team_rounds`' job: call this for a round it shows.
    """
    # The verdict comes from the round's counts, the figures from `data`: both must allow them,
    # so data read at another moment than the round (a cache) cannot publish a smaller round.
    if visibility(round_, rules) is not Visibility.SHOWN or int(data.online.sum()) < rules.min_group_size:
        return None
    areas = area_summary(questionnaire, data, rules)
    withheld = areas.loc[areas["withheld"], "area"].tolist()
    return RoundFigures(
        round_,
        areas,
        item_distribution(questionnaire, data, rules, withheld),
        point_summary(questionnaire, data, rules, withheld),
    )


# ------------------------------------------------------------------ the differencing guard


@dataclass(frozen=True)
class _Respondents:
    """Who answered a round online: known people, and how many responses of deleted people."""

    known: frozenset[int]
    unknown: int

    @classmethod
    def of(cls, data: RoundData) -> _Respondents:
        # Paper forms are left out: the lead typed them and can subtract them from any figure,
        # so counting them as people would let a lead pad a round past the guard.
        people = data.person_ids[data.online]
        return cls(frozenset(int(p) for p in people.dropna()), int(people.isna().sum()))

    def too_close_to(self, other: _Respondents, k: int) -> bool:
        """Whether the two rounds may differ by 1 to k-1 people.

        A deleted person's response may belong to anyone, so the difference lies between the
        fewest and the most people it can be; the guard applies when that range meets 1..k-1.
        A deletion can then only widen the range: a withheld round never becomes shown.
        """
        known = len(self.known ^ other.known)
        fewest = known + abs(self.unknown - other.unknown)
        most = known + self.unknown + other.unknown
        return most >= 1 and fewest < k


# ------------------------------------------------------------------ a team's rounds


@dataclass(frozen=True)
class RoundView:
    round: Round
    visibility: Visibility
    status: str  # for the lead; names no team or round, so a page can show it as Markdown
    figures: RoundFigures | None  # only when visibility is SHOWN
    compared_with: Round | None = None  # the published round a DIFFERENCING round is too close to


@dataclass(frozen=True)
class TeamView:
    rounds: tuple[RoundView, ...]  # in the order given, oldest first from storage

    @property
    def figures(self) -> list[RoundFigures]:
        """Figures of the published rounds, in the order they closed."""
        shown = [v.figures for v in self.rounds if v.figures is not None]
        return sorted(shown, key=lambda f: f.round.closed_at)

    @property
    def latest(self) -> RoundFigures | None:
        """The latest published round: what a member's own scores are compared with (withheld
        areas have no mean). Its round carries its questionnaire version: compare only with a
        response to the same one."""
        return self.figures[-1] if self.figures else None

    def view_of(self, round_id: int) -> RoundView:
        return next(v for v in self.rounds if v.round.id == round_id)


def _closing_order(round_: Round) -> tuple:
    return (round_.is_open, round_.closed_at or round_.opened_at, round_.id)


def team_rounds(
    instruments: Lookup,
    rounds: Sequence[Round],
    data: Mapping[int, RoundData],
    rules: PublishingRules,
    figures_of: Mapping[int, RoundFigures | None] | None = None,
) -> TeamView:
    """Every round's verdict, status and figures, each round's on its own questionnaire version.
    `data` needs the rounds `visibility` shows; `figures_of` may hold their `round_figures`,
    computed before (a closed round's never change), so they are not computed again.

    Rounds are judged in closing order, each against every earlier round that is published, so
    a round's verdict never changes when later rounds close.
    """
    k = rules.min_group_size
    published: list[tuple[Round, _Respondents]] = []
    views: dict[int, RoundView] = {}
    for round_ in sorted(rounds, key=_closing_order):
        verdict, figures, near = visibility(round_, rules), None, None
        if verdict is Visibility.SHOWN:
            respondents = _Respondents.of(data[round_.id])
            near = next((r for r, theirs in published if respondents.too_close_to(theirs, k)), None)
            if near is None:
                published.append((round_, respondents))
                if figures_of is not None and round_.id in figures_of:
                    figures = figures_of[round_.id]
                else:
                    questionnaire = pick(instruments, round_.instrument_version)
                    figures = round_figures(questionnaire, round_, data[round_.id], rules)
            else:
                verdict = Visibility.DIFFERENCING
        views[round_.id] = RoundView(round_, verdict, status_message(round_, verdict, rules), figures, near)
    return TeamView(tuple(views[r.id] for r in rounds))


# A team, its rounds as judged, and the data of the rounds its counts allow.
JudgedTeam = tuple[Team, TeamView, Mapping[int, RoundData]]


def judged_team(storage: Storage, instruments: Lookup, team: Team, rules: PublishingRules) -> JudgedTeam:
    """Load a team's rounds, and the data of those its counts allow, and judge them all."""
    rounds = storage.rounds_of(team.id)
    data = {r.id: storage.round_data(r.id) for r in rounds if visibility(r, rules) is Visibility.SHOWN}
    return team, team_rounds(instruments, rounds, data, rules), data


def team_view(storage: Storage, instruments: Lookup, team_id: int, rules: PublishingRules) -> TeamView:
    return judged_team(storage, instruments, storage.team(team_id), rules)[1]


def published_answers(teams: Sequence[JudgedTeam], version: str) -> tuple[pd.DataFrame, int]:
    """The raw answers of every published round on `version`, pooled, and how many teams they come
    from: what the questionnaire's quality is computed from. Withheld rounds stay out, so a quality
    report never moves by a round nobody may see."""
    frames, pooled_teams = [], 0
    for _team, view, data in teams:
        mine = [
            data[v.round.id].answers
            for v in view.rounds
            if v.figures is not None and v.round.instrument_version == version
        ]
        frames += mine
        pooled_teams += bool(mine)
    answers = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return answers, pooled_teams


# ------------------------------------------------------------------ words and tables


def _answers(count: int) -> str:
    return ngettext("{count} answer", "{count} answers", count).format(count=count)


def _so_far(round_: Round) -> str:
    """The live count: online and paper apart, and the stated team size."""
    parts = [_("{count} online").format(count=round_.online)]
    if round_.paper:
        parts.append(_("{count} from paper forms").format(count=round_.paper))
    if round_.expected_size is not None:
        parts.append(_("team size {size}").format(size=round_.expected_size))
    return ", ".join(parts)


def over_team_size_message(round_: Round) -> str:
    """The flag shown to the lead and to members when a round holds more answers than members."""
    return _(
        "This round holds {answers}, more than the {size} people the lead said the team has: someone "
        "answered who is not in the team, or answers were added. Its results are never published."
    ).format(answers=_answers(round_.responses), size=round_.expected_size)


def status_message(round_: Round, verdict: Visibility, rules: PublishingRules) -> str:
    """What the lead's dashboard says instead of (or above) a round's results."""
    k = rules.min_group_size
    match verdict:
        case Visibility.NO_DATA:
            return _("No data yet: nobody has answered in this round.")
        case Visibility.OPEN:
            waiting = _(
                "Results appear when the round is closed and at least {k} people have answered online "
                "(now: {so_far})."
            ).format(k=k, so_far=_so_far(round_))
            return f"{waiting} {over_team_size_message(round_)}" if round_.over_team_size else waiting
        case Visibility.OVER_TEAM_SIZE:
            return _("Not published. {reason}").format(reason=over_team_size_message(round_))
        case Visibility.TOO_FEW:
            return _(
                "Hidden: fewer than {k} answers. This round closed with {online} submitted online, too "
                "few to keep each person's answers anonymous, so its results are never shown. Paper "
                "forms do not count toward this: whoever typed them has seen them."
            ).format(k=k, online=round_.online)
        case Visibility.DIFFERENCING:
            return _(
                "Hidden: the people who answered this round differ by fewer than {k} from those of an "
                "earlier round whose results are shown. Comparing the two would show what those few "
                "people answered, so this round's results are never shown."
            ).format(k=k)
        case Visibility.SHOWN:
            return _("Closed with {answers}.").format(answers=answers_with_paper(round_))


def answers_with_paper(round_: Round) -> str:
    """A round's count as published: "8 answers, 3 of them from paper forms"."""
    if round_.paper:
        return _("{answers}, {paper} of them from paper forms").format(
            answers=_answers(round_.responses), paper=round_.paper
        )
    return _answers(round_.responses)


def member_round_message(round_: Round) -> str:
    """What members see of their team's open round: the live count, the team size, the flag."""
    count = _("So far {answers} online").format(answers=_answers(round_.online))
    if round_.paper:
        count = _("{count} and {paper} from paper forms").format(count=count, paper=round_.paper)
    if round_.expected_size is not None:
        count = _("{count}, in a team of {size}").format(count=count, size=round_.expected_size)
    if round_.invitation_only:
        count = _("{count}. By invitation only: {issued} issued, {used} used").format(
            count=count, issued=round_.invitations, used=round_.invitations_used
        )
    if round_.over_team_size:
        return f"{count}. {over_team_size_message(round_)}"
    return f"{count}."


def rounds_table(view: TeamView) -> pd.DataFrame:
    """The lead's list of rounds, to show as it is (headers and dates in the active language):
    the counts are the only figures that move while a round is open."""
    rounds = [v.round for v in view.rounds]
    return pd.DataFrame(
        {
            _("round"): [r.name for r in rounds],
            _("opened"): [day(r.opened_at) for r in rounds],
            _("closed"): [day(r.closed_at) if r.closed_at else _("open") for r in rounds],
            _("version"): [r.instrument_version for r in rounds],
            _("team size"): pd.array([r.expected_size for r in rounds], dtype="Int64"),
            _("answers"): [r.responses for r in rounds],
            _("on paper"): [r.paper for r in rounds],
            # The verdict says "more answers than team members" for a stuffed round.
            _("results"): [_(v.visibility.value) for v in view.rounds],
        }
    )


TREND_COLUMNS = ["round", "closed_at", "version", "area", "n", "mean"]


def trend(figures: Sequence[RoundFigures]) -> pd.DataFrame:
    """Area means over published rounds, in the order the rounds closed; withheld areas left out.
    Each row carries its round's questionnaire version: means of two versions are not one series."""
    ordered = sorted(figures, key=lambda f: f.round.closed_at)
    frames = [
        f.areas[~f.areas["withheld"]].assign(
            round=f.round.name, closed_at=f.round.closed_at, version=f.round.instrument_version
        )
        for f in ordered
    ]
    if not frames:
        return pd.DataFrame(columns=TREND_COLUMNS)
    return pd.concat(frames, ignore_index=True)[TREND_COLUMNS]


# ------------------------------------------------------------------ an organisation's teams
#
# An organisation's figure pools the rounds of its teams, each team's published round only, and
# of that round only what the team's own figure shows: a team's withheld area, point or item adds
# nothing to the organisation's figure of it, so the organisation's figure minus the other teams'
# can never give a figure the team's own dashboard withholds. For the same reason the pooled row
# carries no more detail than the least detailed team row it pools (bands, not counts; no SD).


@dataclass(frozen=True)
class TeamRound:
    """A team's published round as the organisation pools it."""

    team: Team
    figures: RoundFigures
    data: RoundData


@dataclass(frozen=True)
class LeftOut:
    team: Team
    reason: str  # names no team, so a page can show it beside the team's name


@dataclass(frozen=True)
class Period:
    """Rounds closed from `start` (inclusive) to `end` (exclusive); None leaves a side open."""

    label: str
    start: datetime | None = None
    end: datetime | None = None

    def holds(self, moment: datetime) -> bool:
        return (self.start is None or moment >= self.start) and (self.end is None or moment < self.end)


@dataclass(frozen=True)
class OrganisationView:
    period: Period
    figures: RoundFigures | None  # the pooled figures; None when no team's round may be shown
    teams: tuple[TeamRound, ...]  # the teams pooled, each with its own published figures
    left_out: tuple[LeftOut, ...]  # every other team, with the reason


def quarter(moment: datetime) -> Period:
    """The calendar quarter `moment` falls in (UTC), as a period."""
    first_month = 3 * ((moment.month - 1) // 3) + 1
    start = datetime(moment.year, first_month, 1, tzinfo=UTC)
    end = datetime(moment.year + first_month // 10, (first_month + 2) % 12 + 1, 1, tzinfo=UTC)
    label = _("{year} Q{quarter}").format(year=moment.year, quarter=(first_month + 2) // 3)
    return Period(label, start, end)


def quarters(teams: Sequence[JudgedTeam]) -> list[Period]:
    """The quarters in which any team's round closed, oldest first."""
    closed = [v.round.closed_at for _team, view, _data in teams for v in view.rounds if not v.round.is_open]
    return sorted({quarter(moment) for moment in closed}, key=lambda period: period.start)


_ROW_KEY = {"areas": "area", "items": "item_id", "points": "point"}
_ROW_IDENTITY = {
    "areas": ("area",),
    "items": ("area", "point", "item_id", "number", "statement"),
    "points": ("area", "point"),
}


def _pooled(parts: Sequence[TeamRound], item_ids: list[str]) -> RoundData:
    return RoundData(
        answers=pd.concat([p.data.answers.reindex(columns=item_ids) for p in parts], ignore_index=True),
        paper=pd.concat([p.data.paper for p in parts], ignore_index=True),
        person_ids=pd.concat([p.data.person_ids for p in parts], ignore_index=True),
    )


def _pooled_rows(
    parts: Sequence[TeamRound],
    table: str,
    item_ids: list[str],
    summarise: Callable[[RoundData], pd.DataFrame],
) -> list[tuple[dict, list[pd.Series]]]:
    """Per row of `table` ("areas", "items", "points"): the row `summarise` computes from the teams
    whose own row shows it, and those teams' own rows; a row no team shows is withheld."""
    key = _ROW_KEY[table]
    own_frames = [getattr(p.figures, table).set_index(key, drop=False) for p in parts]
    computed: dict[tuple[int, ...], pd.DataFrame] = {}
    rows = []
    for row_key in own_frames[0].index:
        own = [frame.loc[row_key] for frame in own_frames]
        included = tuple(i for i, row in enumerate(own) if not row["withheld"])
        if not included:
            rows.append(({c: own[0][c] for c in _ROW_IDENTITY[table]} | {"withheld": True}, []))
            continue
        if included not in computed:
            pooled = summarise(_pooled([parts[i] for i in included], item_ids))
            computed[included] = pooled.set_index(key, drop=False)
        rows.append((computed[included].loc[row_key].to_dict(), [own[i] for i in included]))
    return rows


def organisation_figures(
    questionnaire: Questionnaire, parts: Sequence[TeamRound], rules: PublishingRules, label: str
) -> RoundFigures | None:
    """The figures of the teams' published rounds pooled (all on `questionnaire`'s version), under
    the rules at the head of this section; None when there is no team to pool."""
    if not parts:
        return None
    item_ids = [i.id for i in questionnaire.items]
    areas = []
    for row, own in _pooled_rows(parts, "areas", item_ids, lambda d: area_summary(questionnaire, d, rules)):
        if own and not all(r["detailed"] for r in own):
            row |= {"detailed": False} | dict.fromkeys(("sd", "median", "q1", "q3"))
        areas.append(row)
    withheld = [row["area"] for row in areas if row["withheld"]]
    items = []
    for row, own in _pooled_rows(
        parts, "items", item_ids, lambda d: item_distribution(questionnaire, d, rules, withheld)
    ):
        if any(r["banded"] for r in own):
            row |= {"banded": True} | dict.fromkeys(COUNT_COLUMNS)
        items.append(row)
    points = [
        row
        for row, _own in _pooled_rows(
            parts, "points", item_ids, lambda d: point_summary(questionnaire, d, rules, withheld)
        )
    ]
    rounds = [p.figures.round for p in parts]
    pooled_round = Round(
        id=0,
        team_id=0,
        name=label,
        opened_at=min(r.opened_at for r in rounds),
        closed_at=max(r.closed_at for r in rounds),
        responses=sum(r.responses for r in rounds),
        paper=sum(r.paper for r in rounds),
        expected_size=None,
        instrument_version=questionnaire.version,
    )
    return RoundFigures(
        pooled_round,
        _frame(areas, AREA_COLUMNS).astype({"detailed": bool}),
        _frame(items, ITEM_COLUMNS).astype({"banded": bool}),
        _frame(points, POINT_COLUMNS),
    )


def organisation_view(
    instruments: Lookup,
    teams: Sequence[JudgedTeam],
    period: Period,
    rules: PublishingRules,
) -> OrganisationView:
    """The organisation in `period`: each team's latest round closed in it, pooled where the
    team's own dashboard shows it; every other team left out, with the reason.

    `teams` holds each team, its judged rounds and the data of its published rounds. Rounds of
    one questionnaire version are pooled: the one most of the shown rounds were answered on.
    """
    chosen: list[TeamRound] = []
    left_out: list[LeftOut] = []
    for team, view, data in teams:
        closed = [v for v in view.rounds if not v.round.is_open and period.holds(v.round.closed_at)]
        if not closed:
            left_out.append(LeftOut(team, _("no round closed in this period")))
            continue
        latest = max(closed, key=lambda v: (v.round.closed_at, v.round.id))
        if latest.figures is None:
            left_out.append(LeftOut(team, _(latest.visibility.value)))
            continue
        chosen.append(TeamRound(team, latest.figures, data[latest.round.id]))
    versions = Counter(part.figures.round.instrument_version for part in chosen)
    version = max(versions, key=lambda v: (versions[v], v)) if versions else None
    pooled = [part for part in chosen if part.figures.round.instrument_version == version]
    left_out += [
        LeftOut(
            part.team,
            _("answered on questionnaire version {version}; these figures pool version {pooled}").format(
                version=part.figures.round.instrument_version, pooled=version
            ),
        )
        for part in chosen
        if part.figures.round.instrument_version != version
    ]
    figures = (
        organisation_figures(pick(instruments, version), pooled, rules, period.label) if pooled else None
    )
    return OrganisationView(period, figures, tuple(pooled), tuple(left_out))


def organisation_trend(
    instruments: Lookup,
    teams: Sequence[JudgedTeam],
    rules: PublishingRules,
) -> list[RoundFigures]:
    """The organisation's pooled figures per quarter, oldest first: the organisation's trend."""
    views = [organisation_view(instruments, teams, period, rules) for period in quarters(teams)]
    return [view.figures for view in views if view.figures is not None]
