"""Instrument quality, for whoever maintains the questionnaire (docs/instrument.md tells how to read it).

Per item: n, mean, SD, % Not applicable, % at the floor and at the ceiling. Per area: Cronbach's
alpha with Feldt's 95 % interval, alpha if an item is dropped, corrected item-total correlations.

Functions here take data: the raw answers of one questionnaire version pooled from closed rounds
(or the whole database, from the command line). Alpha is computed on the responses that answer
every item of the area (listwise deletion), so "Not applicable" is never scored as anything.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from assessment.export import csv_bytes
from assessment.i18n import N_, _
from assessment.questionnaire import SCALE_POINTS, Questionnaire
from assessment.scoring import item_score_frame, round_frame

# Fewer responses give an alpha whose interval is too wide to tell a weak area from a strong one.
MIN_RESPONSES = 100
# Figures pooled from one team describe that team, whose members its lead knows.
MIN_TEAMS = 2
CONFIDENCE = 0.95
# Below this, an item shares little with the rest of its area (a common rule of thumb).
LOW_ITEM_TOTAL = 0.30
MIN_ITEMS = 2  # alpha needs at least two items
MIN_COMPLETE = 3  # and a few responses, or every figure rests on one or two people

ITEM_COLUMNS = (
    "item_id",
    "area",
    "point",
    "reverse",
    "n",
    "mean",
    "sd",
    "pct_na",
    "pct_floor",
    "pct_ceiling",
    "item_total",
    "alpha_if_dropped",
    "low_item_total",
    "reverse_negative",
)
AREA_COLUMNS = ("area", "items", "n", "alpha", "ci_lower", "ci_upper", "note")
_FIGURES = ("mean", "sd", "pct_na", "pct_floor", "pct_ceiling", "item_total", "alpha_if_dropped")
_AREA_FIGURES = ("alpha", "ci_lower", "ci_upper")
# Headings of the tables on a page, translated where they are shown.
ITEM_HEADINGS = {
    "item_id": N_("item"),
    "area": N_("area"),
    "point": N_("point"),
    "reverse": N_("reverse-keyed"),
    "n": "n",
    "mean": N_("mean"),
    "sd": N_("sd"),
    "pct_na": N_("% not applicable"),
    "pct_floor": N_("% at floor"),
    "pct_ceiling": N_("% at ceiling"),
    "item_total": N_("corrected item-total r"),
    "alpha_if_dropped": N_("alpha if dropped"),
    "low_item_total": N_("r below .30"),
    "reverse_negative": N_("negative on a reverse-keyed item"),
}
AREA_HEADINGS = {
    "area": N_("area"),
    "items": N_("items"),
    "n": "n",
    "alpha": N_("alpha"),
    "ci_lower": N_("lower limit (95 %)"),
    "ci_upper": N_("upper limit (95 %)"),
    "note": N_("note"),
}
ITEMS_FILE = "instrument_quality_items.csv"
AREAS_FILE = "instrument_quality_areas.csv"


class NotEnoughData(ValueError):
    """The figures are refused; the message says why and what to do, in the active language."""


@dataclass(frozen=True)
class InstrumentQuality:
    version: str
    responses: int
    teams: int
    items: pd.DataFrame  # ITEM_COLUMNS, one row per item in questionnaire order
    areas: pd.DataFrame  # AREA_COLUMNS, one row per area; a row without alpha says why in `note`


def instrument_quality(questionnaire: Questionnaire, raw: pd.DataFrame, teams: int) -> InstrumentQuality:
    """Figures of `raw` (a row per response, a column per item id: 1-5, NaN Not applicable) of `teams` teams."""
    ids = [i.id for i in questionnaire.items]
    missing = [i for i in ids if i not in raw.columns]
    if missing:
        raise ValueError(f"the answers lack items {missing} of version {questionnaire.version}")
    values = raw[ids].to_numpy(dtype="float64")
    answered = values[~np.isnan(values)]
    if not np.isin(answered, np.arange(1, SCALE_POINTS + 1)).all():
        raise ValueError(f"answers must be whole numbers from 1 to {SCALE_POINTS}, or missing")
    if len(raw) < MIN_RESPONSES:
        raise NotEnoughData(
            _(
                "Instrument quality needs at least {minimum} responses of questionnaire version {version} "
                "from closed rounds; there are {count}. Wait for more rounds to close, or pool more teams."
            ).format(minimum=MIN_RESPONSES, version=questionnaire.version, count=len(raw))
        )
    if teams < MIN_TEAMS:
        raise NotEnoughData(
            _(
                "Instrument quality is never shown for one team: the responses of questionnaire version "
                "{version} come from fewer than {minimum} teams, and the figures would describe that team. "
                "Wait until closed rounds of more teams are pooled."
            ).format(version=questionnaire.version, minimum=MIN_TEAMS)
        )
    scores = item_score_frame(questionnaire, raw)
    items = _item_figures(questionnaire, scores)
    rows, by_item = [], {}
    for area in questionnaire.areas:
        row, figures = area_figures(scores[[i.id for i in questionnaire.items_in_area(area.id)]])
        rows.append({"area": area.id, **row})
        by_item |= figures
    for column in ("item_total", "alpha_if_dropped"):
        items[column] = [by_item.get(i, {}).get(column, math.nan) for i in items["item_id"]]
    items["low_item_total"] = items["item_total"] < LOW_ITEM_TOTAL
    items["reverse_negative"] = items["reverse"] & (items["item_total"] < 0)
    areas = pd.DataFrame(rows, columns=list(AREA_COLUMNS)).astype({"items": int, "n": int})
    return InstrumentQuality(questionnaire.version, len(raw), teams, items[list(ITEM_COLUMNS)], areas)


def _item_figures(questionnaire: Questionnaire, scores: pd.DataFrame) -> pd.DataFrame:
    """n, mean and SD of item scores; % Not applicable of all responses, % at 1 and 5 of the answered."""
    n = scores.notna().sum()
    return pd.DataFrame(
        {
            "item_id": [i.id for i in questionnaire.items],
            "area": [i.area for i in questionnaire.items],
            "point": [i.point for i in questionnaire.items],
            "reverse": [i.reverse for i in questionnaire.items],
            "n": n.to_numpy(dtype=int),
            "mean": scores.mean().to_numpy(),
            "sd": scores.std().to_numpy(),  # sample SD (n - 1), as statistics packages report it
            "pct_na": 100 * scores.isna().mean().to_numpy(),
            "pct_floor": (100 * (scores == 1).sum() / n).to_numpy(dtype="float64"),
            "pct_ceiling": (100 * (scores == SCALE_POINTS).sum() / n).to_numpy(dtype="float64"),
        }
    )


def area_figures(scores: pd.DataFrame) -> tuple[dict, dict[str, dict[str, float]]]:
    """One area's AREA_COLUMNS (but `area`), and per item id its item-total r and alpha if dropped."""
    complete = scores.dropna()
    k, n = scores.shape[1], len(complete)
    row = {"items": k, "n": n, "alpha": np.nan, "ci_lower": np.nan, "ci_upper": np.nan, "note": ""}
    if k < MIN_ITEMS:
        return row | {"note": _("fewer than {count} items").format(count=MIN_ITEMS)}, {}
    if n < MIN_COMPLETE:
        note = _("fewer than {count} responses answer every item of the area").format(count=MIN_COMPLETE)
        return row | {"note": note}, {}
    alpha = cronbach_alpha(complete)
    lower, upper = alpha_interval(alpha, n, k)
    by_item = {
        column: {
            "item_total": _correlation(complete[column], complete.drop(columns=column).sum(axis=1)),
            "alpha_if_dropped": cronbach_alpha(complete.drop(columns=column)) if k > MIN_ITEMS else np.nan,
        }
        for column in complete.columns
    }
    return row | {"alpha": alpha, "ci_lower": lower, "ci_upper": upper}, by_item


def cronbach_alpha(scores: pd.DataFrame) -> float:
    """Cronbach's alpha of the columns of `scores` over the rows with no missing value."""
    complete = scores.dropna().to_numpy(dtype="float64")
    k = complete.shape[1]
    covariance = np.cov(complete, rowvar=False)
    total = covariance.sum()
    if total <= 0:  # every response has the same total: no spread for alpha to explain
        return math.nan
    return float(k / (k - 1) * (1 - np.trace(covariance) / total))


def alpha_interval(alpha: float, n: int, k: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Feldt's interval for alpha of `k` items on `n` responses (Feldt, Woodruff & Salih, 1987)."""
    if math.isnan(alpha):
        return math.nan, math.nan
    tail = (1 - confidence) / 2
    df1, df2 = n - 1, (n - 1) * (k - 1)
    return (
        1 - (1 - alpha) * f_quantile(1 - tail, df1, df2),
        1 - (1 - alpha) * f_quantile(tail, df1, df2),
    )


def _correlation(x: pd.Series, y: pd.Series) -> float:
    """Pearson's r, NaN when either side does not vary (everyone gave the same answer)."""
    if x.std() == 0 or y.std() == 0:
        return math.nan
    return float(np.corrcoef(x, y)[0, 1])


# ------------------------------------------------------------------ the F distribution's quantile
# Feldt's interval needs F quantiles; scipy would be a large runtime dependency for one function.
# The tests check these against scipy.stats.f.ppf.

_MAX_TERMS = 10_000  # the fraction converges in about sqrt(df) terms; a million responses stay below
_TINY = 1e-300


def f_quantile(p: float, df1: float, df2: float) -> float:
    """The `p` quantile of the F distribution with `df1` and `df2` degrees of freedom."""
    a, b = df1 / 2, df2 / 2
    low, high = 0.0, 1.0
    # F's distribution is a beta distribution's in x = df1 F / (df1 F + df2); 64 halvings reach
    # the end of a float's precision.
    for _step in range(64):
        middle = (low + high) / 2
        if _beta_cdf(middle, a, b) < p:
            low = middle
        else:
            high = middle
    x = (low + high) / 2
    return df2 * x / (df1 * (1 - x))


def _beta_cdf(x: float, a: float, b: float) -> float:
    """The regularized incomplete beta function I_x(a, b)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    # The continued fraction converges fast only left of the mean; right of it, use the symmetry.
    if x < (a + 1) / (a + b + 2):
        return front * _beta_fraction(x, a, b) / a
    return 1 - front * _beta_fraction(1 - x, b, a) / b


def _beta_fraction(x: float, a: float, b: float) -> float:
    """The incomplete beta function's continued fraction, by Lentz's method (Numerical Recipes 6.4)."""
    c, d = 1.0, 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > _TINY else _TINY)
    fraction = d
    for m in range(1, _MAX_TERMS):
        even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
        odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
        for term in (even, odd):
            d = 1 + term * d
            d = 1 / (d if abs(d) > _TINY else _TINY)
            c = 1 + term / c
            c = c if abs(c) > _TINY else _TINY
            fraction *= c * d
        if abs(c * d - 1) < 1e-15:
            return fraction
    raise ArithmeticError(f"the incomplete beta fraction did not converge for a={a}, b={b}, x={x}")


# ------------------------------------------------------------------ CSV


def csv_files(quality: InstrumentQuality) -> dict[str, bytes]:
    """File name -> CSV (the app's one CSV writer), figures rounded as everywhere in the app."""
    return {
        ITEMS_FILE: _csv(quality.version, quality.items, ITEM_COLUMNS, _FIGURES),
        AREAS_FILE: _csv(quality.version, quality.areas, AREA_COLUMNS, _AREA_FIGURES),
    }


def _csv(version: str, frame: pd.DataFrame, columns: tuple[str, ...], figures: tuple[str, ...]) -> bytes:
    rows = round_frame(frame, figures)[list(columns)].to_dict("records")
    return csv_bytes(
        ("instrument_version", *columns), ((version, *(row[c] for c in columns)) for row in rows)
    )
