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
    base = alt.Chart(areas).encode(y=alt.Y("area:N", sort=order, title=None))
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
    return (scale_line + dots + labels).properties(height=44 * max(len(areas), 1))


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
