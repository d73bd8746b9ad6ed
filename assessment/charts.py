"""Altair chart builders: data in, chart out; the pages decide where to show them."""

from __future__ import annotations

import altair as alt
import pandas as pd

# Every score is on the 1-5 agreement scale; a fixed axis keeps charts comparable over time.
SCORE_SCALE = alt.Scale(domain=[1, 5], nice=False, zero=False)
SCORE_AXIS = alt.Axis(values=[1, 2, 3, 4, 5], tickMinStep=1, format="d", title="Score (1-5)")


def profile_chart(areas: pd.DataFrame) -> alt.Chart:
    """One dot per area on a fixed 1-5 axis, with the scale drawn behind it; not a radar."""
    order = list(areas["area"])
    base = alt.Chart(areas, title="Your score per area").encode(
        y=alt.Y("area:N", sort=order, title=None, axis=alt.Axis(labelLimit=260, labelFontSize=13))
    )
    scale_line = base.mark_rule(color="#d0d0d0", strokeWidth=2).encode(
        x=alt.datum(1, scale=SCORE_SCALE), x2=alt.datum(5)
    )
    dots = base.mark_circle(size=220, opacity=1).encode(
        x=alt.X("score:Q", scale=SCORE_SCALE, axis=SCORE_AXIS),
        tooltip=[
            alt.Tooltip("area:N", title="Area"),
            alt.Tooltip("score:Q", title="Score", format=".2f"),
            alt.Tooltip("answered:Q", title="Items answered"),
        ],
    )
    labels = base.mark_text(dx=16, align="left").encode(
        x=alt.X("score:Q", scale=SCORE_SCALE), text=alt.Text("score:Q", format=".2f")
    )
    layers = [scale_line, dots, labels]
    if "team mean" in areas.columns:
        layers.append(
            base.mark_point(shape="diamond", size=160, color="#ca0020", strokeWidth=2).encode(
                x=alt.X("team mean:Q", scale=SCORE_SCALE),
                tooltip=[alt.Tooltip("area:N", title="Area"), alt.Tooltip("team mean:Q", format=".2f")],
            )
        )
    return alt.layer(*layers).properties(height=alt.Step(44))


def trend_chart(trend: pd.DataFrame) -> alt.FacetChart:
    """Each area's score over the person's submissions, one small chart per area."""
    order = list(dict.fromkeys(trend["area"]))
    return (
        alt.Chart(trend)
        .mark_line(point=alt.OverlayMarkDef(size=70))
        .encode(
            x=alt.X("submitted_at:T", title="Submitted", axis=alt.Axis(format="%d %b %Y", labelAngle=-30)),
            y=alt.Y("score:Q", scale=SCORE_SCALE, axis=SCORE_AXIS),
            tooltip=[
                alt.Tooltip("submitted_at:T", title="Submitted", format="%d %b %Y %H:%M"),
                alt.Tooltip("score:Q", title="Score", format=".2f"),
            ],
        )
        .properties(width=260, height=150)
        .facet(facet=alt.Facet("area:N", sort=order, title=None), columns=2)
    )


# Likert categories from disagree to agree, coloured with a diverging, colour-blind safe palette.
LIKERT_COLOURS = ("#ca0020", "#f4a582", "#cccccc", "#92c5de", "#0571b0")


def likert_frame(items: pd.DataFrame, scale_labels: tuple[str, ...]) -> pd.DataFrame:
    """Diverging-bar geometry from item counts: disagree left of 0, agree right, neutral centred.

    Percentages are of the 1-5 answers; Not applicable is only counted in the row's label.
    Six rows per item whatever the number of responses: five segments and one label.
    """
    rows = []
    for item in items.itertuples(index=False):
        counts = [getattr(item, f"count_{v}") for v in range(1, 6)]
        shares = [100 * c / item.n if item.n else 0.0 for c in counts]
        label = f"{item.number}. {_shorten(item.statement)}"
        start = -(shares[0] + shares[1] + shares[2] / 2)
        for value, (count, share) in enumerate(zip(counts, shares, strict=True), start=1):
            rows.append(
                {
                    "statement": label,
                    "full_text": item.statement,
                    "answer": scale_labels[value - 1],
                    "order": value,
                    "start": start,
                    "end": start + share,
                    "percent": share,
                    "count": count,
                    "note": None,
                }
            )
            start += share
        rows.append(
            {
                "statement": label,
                "full_text": item.statement,
                "answer": None,
                "order": 0,
                "start": 102.0,
                "end": 102.0,
                "percent": None,
                "count": None,
                "note": f"n = {item.n}, not applicable: {item.count_na}",
            }
        )
    return pd.DataFrame(rows)


def _shorten(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def likert_chart(frame: pd.DataFrame, scale_labels: tuple[str, ...], title: str) -> alt.LayerChart:
    """Diverging stacked bars, one row per statement in questionnaire order, n beside each."""
    order = list(dict.fromkeys(frame["statement"]))
    y = alt.Y("statement:N", sort=order, title=None, axis=alt.Axis(labelLimit=330))
    bars = (
        alt.Chart(frame)
        .transform_filter("datum.answer != null")
        .mark_bar()
        .encode(
            y=y,
            x=alt.X(
                "start:Q",
                scale=alt.Scale(domain=[-100, 100]),
                axis=alt.Axis(
                    title="% of answers (disagree left, agree right)", labelExpr="abs(datum.value) + '%'"
                ),
            ),
            x2="end:Q",
            color=alt.Color(
                "answer:N",
                sort=list(scale_labels),
                scale=alt.Scale(domain=list(scale_labels), range=list(LIKERT_COLOURS)),
                legend=alt.Legend(title=None, orient="bottom", columns=3),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("full_text:N", title="Statement"),
                alt.Tooltip("answer:N", title="Answer"),
                alt.Tooltip("count:Q", title="People"),
                alt.Tooltip("percent:Q", title="% of answers", format=".0f"),
            ],
        )
    )
    notes = (
        alt.Chart(frame)
        .transform_filter("datum.note != null")
        .mark_text(align="left", fontSize=11)
        .encode(y=y, x=alt.X("start:Q"), text="note:N")
    )
    centre = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#555555").encode(x=alt.X("x:Q", axis=None))
    return (bars + centre + notes).properties(title=title, height=alt.Step(26))


def spread_chart(areas: pd.DataFrame) -> alt.LayerChart:
    """Each area's spread on the fixed 1-5 axis: middle half of the team (bar), median (tick), mean (dot)."""
    order = list(areas["area"])
    base = alt.Chart(areas, title="Area scores of the team").encode(
        y=alt.Y("area:N", sort=order, title=None, axis=alt.Axis(labelLimit=260, labelFontSize=13))
    )
    middle = base.mark_bar(height=14, color="#92c5de").encode(
        x=alt.X("q1:Q", scale=SCORE_SCALE, axis=SCORE_AXIS), x2="q3:Q"
    )
    median = base.mark_tick(thickness=3, size=22, color="#08306b").encode(x="median:Q")
    mean = base.mark_circle(size=90, color="#ca0020").encode(
        x="mean:Q",
        tooltip=[
            alt.Tooltip("area:N", title="Area"),
            alt.Tooltip("n:Q", title="n"),
            alt.Tooltip("mean:Q", title="Mean", format=".2f"),
            alt.Tooltip("sd:Q", title="SD", format=".2f"),
            alt.Tooltip("median:Q", title="Median", format=".2f"),
        ],
    )
    return (middle + median + mean).properties(height=alt.Step(40))


def team_trend_chart(trend: pd.DataFrame) -> alt.Chart:
    """Area means over the team's closed rounds, in the order they closed."""
    order = list(dict.fromkeys(trend["round"]))
    return (
        alt.Chart(trend, title="Area means over closed rounds")
        .mark_line(point=alt.OverlayMarkDef(size=70))
        .encode(
            x=alt.X("round:N", sort=order, title="Round", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("mean:Q", scale=SCORE_SCALE, axis=SCORE_AXIS),
            color=alt.Color(
                "area:N",
                title="Area",
                sort=list(dict.fromkeys(trend["area"])),
                scale=alt.Scale(scheme="tableau10"),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=300),
            ),
            tooltip=[
                alt.Tooltip("round:N", title="Round"),
                alt.Tooltip("area:N", title="Area"),
                alt.Tooltip("n:Q", title="n"),
                alt.Tooltip("mean:Q", title="Mean", format=".2f"),
            ],
        )
        .properties(height=260)
    )
