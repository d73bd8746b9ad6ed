"""Instrument quality: checked against pingouin and scipy on the same data, and against a textbook."""

from __future__ import annotations

import csv
import io
import random
import re

import numpy as np
import pandas as pd
import pingouin
import pytest
from scipy import stats

from assessment.demo import synthetic_answers
from assessment.quality import (
    AREA_COLUMNS,
    ITEM_COLUMNS,
    MIN_RESPONSES,
    NotEnoughData,
    area_figures,
    cronbach_alpha,
    csv_files,
    f_quantile,
    instrument_quality,
)
from assessment.questionnaire import Area, Item, Point, Questionnaire
from assessment.scoring import item_score_frame
from tests.conftest import ROOT


def _questionnaire(keys: dict[str, str]) -> Questionnaire:
    """Areas named by `keys`; each "+" an item, each "-" a reverse-keyed one (items a1, a2, ...)."""
    items = [
        (area, f"{area}{n}", key == "-") for area, pattern in keys.items() for n, key in enumerate(pattern, 1)
    ]
    return Questionnaire(
        version="9.1",
        language="en",
        scale_labels=("1", "2", "3", "4", "5"),
        not_applicable_label="Not applicable",
        areas=tuple(Area(a, a, "") for a in keys),
        points=tuple(Point(f"{a}P", a, a, "", "") for a in keys),
        items=tuple(
            Item(item_id, number, area, f"{area}P", item_id, reverse)
            for number, (area, item_id, reverse) in enumerate(items, 1)
        ),
    )


def _answers(questionnaire, count, seed=0, misread=(), unrelated=()) -> pd.DataFrame:
    """Raw answers of `count` people, one trait per person and area; a reverse-keyed item is answered
    the other way round, except those in `misread`; items in `unrelated` are answered at random."""
    rng = np.random.default_rng(seed)
    traits = {a.id: rng.normal(3, 0.9, count) for a in questionnaire.areas}
    columns = {}
    for item in questionnaire.items:
        score = np.clip(np.rint(traits[item.area] + rng.normal(0, 0.7, count)), 1, 5)
        if item.id in unrelated:
            score = rng.integers(1, 6, count).astype("float64")
        columns[item.id] = 6 - score if item.reverse and item.id not in misread else score
    return pd.DataFrame(columns)


@pytest.fixture(scope="module")
def pooled(questionnaire) -> pd.DataFrame:
    """240 responses to the real questionnaire, with its share of Not applicable."""
    rng = random.Random(7)
    return pd.DataFrame([synthetic_answers(questionnaire, rng) for _ in range(240)], dtype="float64")


def _area_items(questionnaire, area_id):
    return [i.id for i in questionnaire.items_in_area(area_id)]


# ------------------------------------------------------------------ against established implementations


def test_alpha_its_interval_and_alpha_if_dropped_match_pingouin(questionnaire, pooled):
    quality = instrument_quality(questionnaire, pooled, teams=3)
    scores = item_score_frame(questionnaire, pooled)
    items = quality.items.set_index("item_id")
    for area in quality.areas.itertuples():
        ids = _area_items(questionnaire, area.area)
        complete = scores[ids].dropna()
        assert area.n == len(complete) < len(pooled), "the data must exercise listwise deletion"
        expected, _ = pingouin.cronbach_alpha(scores[ids], nan_policy="listwise")
        assert area.alpha == pytest.approx(expected, abs=1e-12)
        # pingouin's interval counts the responses before its listwise deletion; given the complete
        # rows it counts the n the alpha rests on, as Feldt's formula wants. It rounds to 3 decimals.
        _, interval = pingouin.cronbach_alpha(complete)
        assert (area.ci_lower, area.ci_upper) == pytest.approx(tuple(interval), abs=5e-4)
        assert area.ci_lower < area.alpha < area.ci_upper
        for item_id in ids:
            dropped, _ = pingouin.cronbach_alpha(complete.drop(columns=item_id))
            assert items.loc[item_id, "alpha_if_dropped"] == pytest.approx(dropped, abs=1e-12)


def test_corrected_item_total_correlations_match_pandas(questionnaire, pooled):
    quality = instrument_quality(questionnaire, pooled, teams=3)
    scores = item_score_frame(questionnaire, pooled)
    items = quality.items.set_index("item_id")
    for area in questionnaire.areas:
        complete = scores[_area_items(questionnaire, area.id)].dropna()
        for item_id in complete.columns:
            rest = complete.drop(columns=item_id).sum(axis=1)
            assert items.loc[item_id, "item_total"] == pytest.approx(complete[item_id].corr(rest), abs=1e-12)


def test_item_means_and_sds_match_pandas_on_the_scored_answers(questionnaire, pooled):
    items = instrument_quality(questionnaire, pooled, teams=3).items.set_index("item_id")
    scores = item_score_frame(questionnaire, pooled)
    assert list(items["mean"]) == pytest.approx(list(scores.mean()))
    assert list(items["sd"]) == pytest.approx(list(scores.std(ddof=1)))
    assert list(items["n"]) == list(scores.count())


@pytest.mark.parametrize("df1, df2", [(1, 1), (2, 3), (9, 18), (99, 594), (999, 8991), (20_000, 160_000)])
@pytest.mark.parametrize("p", [0.025, 0.5, 0.975])
def test_the_f_quantile_matches_scipy(p, df1, df2):
    assert f_quantile(p, df1, df2) == pytest.approx(stats.f.ppf(p, df1, df2), rel=1e-9)


# D. J. Denis, "Applied Univariate, Bivariate, and Multivariate Statistics" (Wiley), the worked
# reliability example: five items, ten people, analysed with SPSS RELIABILITY. The book states
# "Cronbach's Alpha" 0.633 and, for Item_1, a "Corrected Item-Total Correlation" of 0.712.
DENIS = pd.DataFrame(
    {
        "Item_1": [10, 12, 8, 6, 4, 6, 3, 7, 8, 9],
        "Item_2": [12, 18, 16, 8, 7, 6, 4, 3, 9, 5],
        "Item_3": [15, 12, 14, 16, 8, 3, 6, 7, 4, 6],
        "Item_4": [11, 12, 14, 8, 7, 7, 5, 9, 10, 11],
        "Item_5": [12, 1, 4, 6, 5, 3, 8, 9, 10, 12],
    },
    dtype="float64",
)


def test_a_published_worked_example_gives_its_stated_values():
    assert round(cronbach_alpha(DENIS), 3) == 0.633
    row, by_item = area_figures(DENIS)
    assert round(row["alpha"], 3) == 0.633
    assert round(by_item["Item_1"]["item_total"], 3) == 0.712


# ------------------------------------------------------------------ refusals


def test_fewer_than_100_responses_are_refused_with_the_reason():
    q = _questionnaire({"a": "+++"})
    with pytest.raises(
        NotEnoughData, match=r"at least 100 responses of questionnaire version 9\.1.*there are 99\."
    ):
        instrument_quality(q, _answers(q, MIN_RESPONSES - 1), teams=5)
    assert instrument_quality(q, _answers(q, MIN_RESPONSES), teams=5).responses == MIN_RESPONSES


@pytest.mark.parametrize("teams", [0, 1])
def test_responses_of_one_team_are_refused_however_many(teams):
    q = _questionnaire({"a": "+++"})
    with pytest.raises(NotEnoughData, match="never shown for one team"):
        instrument_quality(q, _answers(q, 500), teams=teams)
    assert instrument_quality(q, _answers(q, 500), teams=2).teams == 2


def test_answers_outside_the_scale_are_an_error_not_a_figure():
    q = _questionnaire({"a": "+++"})
    raw = _answers(q, 120)
    raw.loc[3, "a2"] = 0
    with pytest.raises(ValueError, match="from 1 to 5"):
        instrument_quality(q, raw, teams=2)
    with pytest.raises(ValueError, match=r"lack items \['a3'\]"):
        instrument_quality(q, raw.drop(columns="a3"), teams=2)


# ------------------------------------------------------------------ reverse keys and flags


def test_reverse_keys_are_applied_before_any_figure():
    q = _questionnaire({"a": "+++-"})
    raw = _answers(q, 200)
    items = instrument_quality(q, raw, teams=2).items.set_index("item_id")
    assert items.loc["a4", "mean"] == pytest.approx((6 - raw["a4"]).mean())
    assert items.loc["a4", "item_total"] > 0.30
    # Unkeyed, the same answers run against the area: the figure above is the key's doing.
    assert raw["a4"].corr(raw[["a1", "a2", "a3"]].sum(axis=1)) < 0


def test_flags_fire_on_a_misread_reverse_key_and_an_unrelated_item_only():
    q = _questionnaire({"a": "++++-", "b": "++++-"})
    raw = _answers(q, 300, misread={"a5"}, unrelated={"b2"})
    items = instrument_quality(q, raw, teams=4).items.set_index("item_id")
    assert items.loc["a5", "item_total"] < 0
    assert items.loc["a5", ["low_item_total", "reverse_negative"]].tolist() == [True, True]
    assert items.loc["b2", "item_total"] < 0.30
    assert items.loc["b2", ["low_item_total", "reverse_negative"]].tolist() == [True, False]
    assert items.loc["b5", "item_total"] > 0.30
    flagged = items.index[items["low_item_total"] | items["reverse_negative"]]
    assert sorted(flagged) == ["a5", "b2"]


# ------------------------------------------------------------------ Not applicable


def test_not_applicable_is_counted_apart_and_never_scored():
    q = _questionnaire({"a": "++-"})
    raw = _answers(q, 100)
    raw["a1"] = [np.nan] * 20 + [1.0] * 40 + [5.0] * 40
    raw["a3"] = [5.0] * 30 + [1.0] * 70  # reverse-keyed: 30 score 1, 70 score 5
    quality = instrument_quality(q, raw, teams=2)
    items = quality.items.set_index("item_id")
    assert items.loc["a1", ["n", "mean", "pct_na", "pct_floor", "pct_ceiling"]].tolist() == [
        80,
        3.0,
        20.0,
        50.0,
        50.0,
    ]
    assert items.loc["a3", ["pct_na", "pct_floor", "pct_ceiling"]].tolist() == [0.0, 30.0, 70.0]
    area = quality.areas.set_index("area").loc["a"]
    assert area["n"] == 80 and not np.isnan(area["alpha"])


def test_an_area_without_enough_items_or_complete_responses_has_no_alpha_and_says_why():
    q = _questionnaire({"a": "+", "b": "+++"})
    raw = _answers(q, 100)
    raw.loc[2:, "b3"] = np.nan
    quality = instrument_quality(q, raw, teams=2)
    areas = quality.areas.set_index("area")
    assert np.isnan(areas.loc["a", "alpha"]) and areas.loc["a", "note"] == "fewer than 2 items"
    assert areas.loc["b", ["items", "n"]].tolist() == [3, 2]
    assert np.isnan(areas.loc["b", "ci_lower"])
    assert areas.loc["b", "note"] == "fewer than 3 responses answer every item of the area"
    assert quality.items[["item_total", "alpha_if_dropped"]].isna().all().all()
    assert not quality.items["low_item_total"].any()


# ------------------------------------------------------------------ CSV


def test_the_csvs_follow_the_apps_conventions_and_every_column_is_documented():
    q = _questionnaire({"a": "++-", "b": "+"})
    files = csv_files(instrument_quality(q, _answers(q, 120), teams=2))
    documented = (ROOT / "docs" / "instrument.md").read_text(encoding="utf-8")
    for name, columns in (
        ("instrument_quality_items.csv", ITEM_COLUMNS),
        ("instrument_quality_areas.csv", AREA_COLUMNS),
    ):
        data = files[name]
        assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the byte order mark to read UTF-8"
        header, *rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert header == ["instrument_version", *columns]
        assert {row[0] for row in rows} == {"9.1"}
        for column in header:
            assert f"| `{column}` |" in documented, (
                f"{column} of {name} is not described in docs/instrument.md"
            )
    items = list(csv.DictReader(io.StringIO(files["instrument_quality_items.csv"].decode("utf-8-sig"))))
    assert [r["reverse"] for r in items] == ["false", "false", "true", "false"]
    assert items[3]["item_total"] == "", "an area without alpha leaves the cell empty"
    assert re.fullmatch(r"\d\.\d\d", items[0]["mean"]), "figures have two decimals, as in every CSV"
