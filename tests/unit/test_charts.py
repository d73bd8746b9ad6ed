"""The charts read right: favourable colours after reverse keying, full statements, hidden rows,
distinct submissions, and plots that keep their height."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import altair as alt
import pandas as pd
import pytest

from assessment import chart_images, charts
from assessment.results import build_profile
from assessment.storage import StoredResponse

K = 5


def _item_row(item, counts, count_na=0, **extra):
    """One row of aggregate's item distribution: `counts` of the answers 1-5."""
    row = {"area": item.area, "point": item.point, "item_id": item.id, "number": item.number}
    row |= {"statement": item.text, "n": sum(counts), "count_na": count_na, "withheld": False}
    return row | {f"count_{v}": c for v, c in enumerate(counts, start=1)} | extra


def _reverse_item(questionnaire):
    return next(i for i in questionnaire.items if i.reverse)


def _spec_text(chart) -> str:
    return json.dumps(chart.to_dict(), ensure_ascii=False)


def test_strongly_disagree_with_a_reverse_keyed_item_gets_the_favourable_colour(questionnaire):
    item = _reverse_item(questionnaire)
    items = pd.DataFrame([_item_row(item, [6, 0, 0, 0, 1])])
    frame = charts.likert_frame(items, questionnaire.scale_labels, {item.id}, K)
    segment = frame[frame["answer"] == questionnaire.scale_labels[0]].iloc[0]
    assert segment["score"] == "5" and charts.LIKERT_COLOURS["5"] == "#0571b0", "blue: the best score"
    assert segment["start"] >= 0, "the favourable answer sits right of the centre"
    assert frame[frame["answer"] == questionnaire.scale_labels[-1]].iloc[0]["end"] <= 0


def test_a_forward_item_keeps_strongly_disagree_red_and_left(questionnaire):
    item = next(i for i in questionnaire.items if not i.reverse)
    frame = charts.likert_frame(pd.DataFrame([_item_row(item, [3, 0, 0, 0, 1])]), questionnaire.scale_labels)
    segment = frame[frame["answer"] == questionnaire.scale_labels[0]].iloc[0]
    assert segment["score"] == "1" and segment["end"] <= 0


def test_reverse_keyed_statements_are_marked_and_explained(questionnaire):
    item = _reverse_item(questionnaire)
    items = pd.DataFrame([_item_row(item, [1, 1, 1, 1, 1])])
    chart = charts.item_bars(items, questionnaire, K, "Bias")
    assert charts.reverse_mark() in _spec_text(chart)
    legend = chart.to_dict()["layer"][0]["encoding"]["color"]["legend"]
    assert any(charts.reverse_mark() in line for line in legend["title"])
    table = charts.item_table(items, questionnaire, K)
    assert table["statement"].iloc[0] == f"{item.text} {charts.reverse_mark()}"


def test_every_statement_is_in_full_in_the_chart_and_none_is_cut(questionnaire):
    items = pd.DataFrame([_item_row(i, [1, 2, 3, 2, 1], count_na=1) for i in questionnaire.items])
    frame = charts.likert_frame(items, questionnaire.scale_labels)
    for item, label in zip(questionnaire.items, dict.fromkeys(frame["statement"]), strict=True):
        assert " ".join(label.split(charts.LINE_BREAK)).startswith(f"{item.number}. {item.text}")
        assert all(len(line) <= charts.WRAP_CHARACTERS for line in label.split(charts.LINE_BREAK))
    assert "…" not in _spec_text(charts.likert_chart(frame, questionnaire.scale_labels, "All"))
    assert set(frame["full_text"]) == {i.text for i in questionnaire.items}


def test_n_and_not_applicable_are_on_every_row_and_outside_the_percentages(questionnaire):
    items = pd.DataFrame([_item_row(i, [0, 0, 0, 2, 2], count_na=3) for i in questionnaire.items[:3]])
    frame = charts.likert_frame(items, questionnaire.scale_labels)
    for label, rows in frame.groupby("statement"):
        assert label.endswith("n = 4 · not applicable: 3")
        assert rows["percent"].sum() == pytest.approx(100)


def test_a_withheld_row_says_it_is_hidden_and_draws_no_bar(questionnaire):
    shown, withheld = questionnaire.items[:2]
    items = pd.DataFrame(
        [
            _item_row(shown, [1, 1, 1, 1, 1]),
            {"area": withheld.area, "item_id": withheld.id, "number": withheld.number}
            | {"statement": withheld.text, "withheld": True},
        ]
    )
    frame = charts.likert_frame(items, questionnaire.scale_labels, min_group_size=K)
    hidden = frame[frame["full_text"] == withheld.text]
    assert list(hidden["hidden"]) == ["hidden: fewer than 5 answers"]
    assert hidden["percent"].isna().all(), "no bar, not even an empty one"
    assert "hidden: fewer than 5 answers" in _spec_text(
        charts.likert_chart(frame, questionnaire.scale_labels, "t")
    )
    assert charts.item_table(items, questionnaire, K)["note"].iloc[1] == "hidden: fewer than 5 answers"


def test_an_area_whose_every_statement_is_withheld_still_draws_its_hidden_rows(questionnaire):
    items = pd.DataFrame(
        [
            {"area": i.area, "item_id": i.id, "number": i.number, "statement": i.text, "withheld": True}
            for i in questionnaire.items_in_area("macro")
        ]
    )
    chart = charts.item_bars(items, questionnaire, K, "Macro level")
    assert _spec_text(chart).count("hidden: fewer than 5 answers") == len(items)


def test_a_banded_row_draws_three_merged_segments_by_score(questionnaire):
    item = _reverse_item(questionnaire)
    row = _item_row(item, [0] * 5, banded=True, count_disagree=4, count_neutral=1, count_agree=2)
    frame = charts.likert_frame(pd.DataFrame([row]), questionnaire.scale_labels, {item.id})
    bars = frame[frame["score"].notna()]
    assert list(bars["score"]) == ["1-2", "3", "4-5"]
    assert list(bars["count"]) == [2, 1, 4], "agreeing with a reverse-keyed item is the low band"


def _trend_frame(questionnaire):
    answers = {i.id: 4 for i in questionnaire.items}
    stored = [
        StoredResponse("a", datetime(2026, 11, 25, 11, 47, 34, tzinfo=UTC), questionnaire.version, answers),
        StoredResponse("b", datetime(2026, 11, 25, 15, 2, 0, tzinfo=UTC), questionnaire.version, answers),
    ]
    return build_profile(questionnaire, stored).trend


def test_two_submissions_on_one_day_are_two_labelled_points(questionnaire):
    trend = _trend_frame(questionnaire)
    assert list(dict.fromkeys(trend["submission"])) == ["1 · 25 Nov 2026 · 11:47", "2 · 25 Nov 2026 · 15:02"]
    x = charts.trend_chart(trend).to_dict()["encoding"]["x"]
    assert x["type"] == "ordinal" and x["field"] == "submission"


@pytest.mark.parametrize("builder", ["trend_chart", "team_trend_chart"])
def test_trend_plots_keep_their_height_with_the_legend_on_top(questionnaire, builder):
    if builder == "trend_chart":
        frame = _trend_frame(questionnaire)
    else:
        frame = pd.DataFrame(
            {"round": ["Spring", "Spring", "Autumn", "Autumn"], "area": ["Bias", "Macro"] * 2}
            | {"n": [6] * 4, "mean": [3.125, 4.0, 3.5, None]}
        )
    spec = getattr(charts, builder)(frame).to_dict()
    assert spec["encoding"]["color"]["legend"]["orient"] == "top"
    assert spec["height"] >= 200
    # "fit-x": Streamlit's default "fit" would take the legend's height out of the plot.
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}


def test_the_profile_says_not_scored_and_uses_no_fixed_text_colour(questionnaire):
    areas = pd.DataFrame(
        {"area": ["Bias", "Macro"], "score": [3.5, None], "answered": [7, 1], "total": [7, 6]}
    )
    spec = charts.profile_chart(areas).to_dict()
    assert "not scored" in json.dumps(spec) and "3.50" in json.dumps(spec)
    text_layers = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert text_layers and all("color" not in layer["mark"] for layer in text_layers)
    assert all("field" in layer["encoding"]["color"] for layer in text_layers), "the theme's colour"


def test_a_withheld_area_of_the_spread_says_it_is_hidden(questionnaire):
    areas = pd.DataFrame(
        {
            "area": ["Bias", "Macro"],
            "withheld": [False, True],
            "n": pd.array([8, None], dtype="Int64"),
            "mean": [3.5, None],
            "median": [3.4, None],
            "q1": [3.0, None],
            "q3": [4.0, None],
        }
    )
    text = _spec_text(charts.spread_chart(areas, K))
    assert "hidden: fewer than 5 answers" in text and "n = 8" in text


@pytest.mark.parametrize(
    "detail",
    [
        {"median": [None] * 2, "q1": [None] * 2, "q3": [None] * 2, "withheld": [False, False]},
        {"median": [3.5, None], "q1": [3.0, None], "q3": [4.0, None], "withheld": [False, True]},
        {"median": [None] * 2, "q1": [None] * 2, "q3": [None] * 2, "withheld": [True, True]},
    ],
    ids=["mean only", "one area detailed, one hidden", "all hidden"],
)
def test_the_spread_chart_lays_out_whatever_detail_a_round_has(detail):
    """A round below the detail threshold has no quartiles: an empty layer's legend once made
    Vega's height infinite, and the chart drew nothing."""
    areas = pd.DataFrame({"area": ["Bias", "Macro"], "n": [6, 6], "mean": [3.2, 3.6]} | detail).astype(
        {"median": float, "q1": float, "q3": float}
    )
    areas.loc[areas["withheld"], ["n", "mean"]] = None
    svg = chart_images.svg(charts.spread_chart(areas, 5), dark=False).decode()
    height = float(re.search(r'<svg[^>]* height="([^"]+)"', svg).group(1))
    assert 100 < height < 1000


def test_teams_side_by_side_sit_on_the_fixed_axis_each_on_its_own_line():
    teams = pd.DataFrame(
        {
            "team": ["North", "South", "North", "South"],
            "area": ["Personal level", "Personal level", "Macro level", "Macro level"],
            "n": [6, 7, 6, 7],
            "mean": [3.2, 3.2, 4.0, 2.5],
        }
    )
    spec = charts.teams_chart(teams).to_dict()  # validated against the Vega-Lite schema
    assert spec["encoding"]["x"]["scale"]["domain"] == [1, 5]
    # Equal means (3.2) are told apart by the offset, not drawn on top of each other.
    assert spec["encoding"]["yOffset"]["field"] == "team"
    assert spec["encoding"]["color"]["sort"] == ["North", "South"]
    svg = chart_images.svg(charts.teams_chart(teams), dark=False).decode()
    assert "North" in svg and "South" in svg, "the legend names both teams"
    assert 100 < float(re.search(r'<svg[^>]* height="([^"]+)"', svg).group(1)) < 600


def _profile_areas(scores, team_means=None, names=("Bias and prejudice", "Macro level")):
    frame = pd.DataFrame({"area": list(names), "score": scores, "answered": [7, 1], "total": [7, 6]})
    return frame if team_means is None else frame.assign(**{"team mean": team_means})


def _spec_without_rows(spec: dict) -> str:
    """The spec's text, its one dataset renamed "rows" and left out (Altair names a dataset by a
    hash of its rows)."""
    (name,) = spec["datasets"]
    return json.dumps({k: v for k, v in spec.items() if k != "datasets"}, sort_keys=True).replace(
        name, "rows"
    )


@pytest.mark.parametrize("team_means", [None, ([4.0, None], [None, 2.5])])
def test_a_kept_profile_spec_with_another_persons_rows_is_that_persons_chart(team_means):
    first = charts.profile(_profile_areas([3.5, None], team_means and team_means[0]))
    second = charts.profile(_profile_areas([None, 1.25], team_means and team_means[1]))
    assert first.layout == second.layout

    kept = first.chart().to_dict()
    shown = charts.with_rows(kept, second.rows)
    expected = second.chart().to_dict()
    assert _spec_without_rows(shown) == _spec_without_rows(expected)
    (rows,) = shown["datasets"].values()
    (expected_rows,) = expected["datasets"].values()
    assert alt.data_transformers.get()(rows)["values"] == expected_rows
    assert "1.25" in json.dumps(expected_rows) and "3.50" not in json.dumps(expected_rows)


def test_a_profile_of_other_areas_or_with_a_team_mean_has_another_layout():
    plain = charts.profile(_profile_areas([3.5, 2.0])).layout
    assert charts.profile(_profile_areas([3.5, 2.0], [4.0, 3.0])).layout != plain
    assert charts.profile(_profile_areas([3.5, 2.0], names=("Bias", "Macro level"))).layout != plain
