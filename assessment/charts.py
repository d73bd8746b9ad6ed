"""Altair chart builders: data in, chart out; the pages decide where to show them.

Colours: marks and text without a colour of their own take the Streamlit theme's first
categorical colour, and colour encodings the theme's categorical range, so both follow
`[theme.light]` / `[theme.dark]` in .streamlit/config.toml; axes, legends and titles take the
theme's text colours. The one fixed palette is LIKERT_COLOURS, chosen to read on both.

Every chart sets its own autosize, "fit-x": the plot keeps its height whatever a legend or a
wrapped label needs, and the width follows the page (Streamlit's default "fit" takes a legend's
height out of the plot).
"""

from __future__ import annotations

import json
import math
import textwrap
from collections.abc import Callable, Collection
from dataclasses import dataclass

import altair as alt
import pandas as pd

from assessment.aggregate import BANDS
from assessment.i18n import _
from assessment.questionnaire import Questionnaire
from assessment.scoring import REVERSE_BASE, format_score

# Every score is on the 1-5 agreement scale; a fixed axis keeps charts comparable over time.
SCORE_SCALE = alt.Scale(domain=[1, 5], nice=False, zero=False)
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
# Labels are pre-wrapped into lines joined by this; axes split them back (Vega draws a list as lines).
LINE_BREAK = "\n"
BLANK_LINE = "\u200b"  # Vega trims blank lines away; a zero-width space keeps one
SPLIT_LINES = "split(datum.label, '\\n')"
# Lines of about this many characters fit a 390 px phone at 12 px; wider screens keep them.
WRAP_CHARACTERS = 44
AREA_WRAP_CHARACTERS = 20
# Wrapped area names left of a plot; not flush, which would shift the first and last label.
CATEGORY_AXIS = alt.Axis(
    labelExpr=SPLIT_LINES, labelLimit=0, labelFontSize=13, labelLineHeight=15, labelFlush=False
)
# Plot heights in px, the size a reader needs whatever the page width (legends come on top).
TREND_HEIGHT = 240
# A decorative line (the 1-5 scale behind the profile) in a grey visible on white and on #0e1117.
SCALE_LINE = {"color": "#8a8f9c", "opacity": 0.45}
# Vega-Lite draws text black unless told otherwise, unreadable on the dark theme: text marks take
# the theme's first categorical colour through a colour encoding of their own (an independent
# colour scale, no legend) instead.
THEME_TEXT = alt.Color("text_colour:N", legend=None)
# Axis, legend and header text: Streamlit draws it in a grey of 3.7:1 on white, below the 4.5:1
# that small text needs, and has no setting for it; the dark theme's grey passes.
LIGHT_THEME_CHART_TEXT = "#555867"  # 7.0:1 on white
DARK_THEME_CHART_TEXT = "#e6eaf1"  # Streamlit's own chart text on the dark theme


def readable_text(chart: alt.TopLevelMixin, dark: bool) -> alt.TopLevelMixin:
    """`chart` with axis, legend, header and subtitle text readable on the page's theme."""
    if dark:
        # Streamlit's dark theme leaves a subtitle in Vega's default black.
        return chart.configure_title(subtitleColor=DARK_THEME_CHART_TEXT)
    colour = LIGHT_THEME_CHART_TEXT
    return (
        chart.configure_axis(labelColor=colour, titleColor=colour)
        .configure_legend(labelColor=colour, titleColor=colour)
        .configure_header(labelColor=colour, titleColor=colour)
        .configure_title(subtitleColor=colour)
    )


def wrap(text: str, width: int = WRAP_CHARACTERS) -> str:
    """`text` broken into lines of at most `width` characters at spaces, never shortened."""
    return LINE_BREAK.join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)) or text


def score_axis() -> alt.Axis:
    return alt.Axis(values=[1, 2, 3, 4, 5], tickMinStep=1, format="d", title=_("Score (1-5)"), grid=True)


def literal(text: str) -> str:
    """`text` as a Vega expression's string literal (a translation may hold quotes)."""
    return json.dumps(text)


def chart_title(text: str, subtitle: str | None = None) -> alt.TitleParams:
    """A title (and a subtitle) in lines that fit a phone: Vega cuts a long title short instead
    of wrapping it, and a translation is often longer than the English."""
    if subtitle is None:
        return alt.TitleParams(wrap(text).split(LINE_BREAK), anchor="start")
    return alt.TitleParams(
        wrap(text).split(LINE_BREAK),
        subtitle=wrap(subtitle).split(LINE_BREAK),
        subtitleFontSize=13,  # Vega's 10 px is too small to read beside 12 px axis labels
        subtitlePadding=4,
        anchor="start",
    )


def hidden_text(min_group_size: int) -> str:
    """What a withheld row says instead of a figure."""
    return _("hidden: fewer than {k} answers").format(k=min_group_size)


def reverse_mark() -> str:
    """What follows a reverse-keyed statement, wherever it is listed."""
    return _("(reverse-keyed)")


def _lines(label: str) -> int:
    return label.count(LINE_BREAK) + 1


def _rows_of_areas(frame: pd.DataFrame, title: str, subtitle: str | None = None) -> alt.Chart:
    """A chart with one row per area, its wrapped `label` left of the 1-5 axis, in frame order."""
    return alt.Chart(frame, title=chart_title(title, subtitle)).encode(
        y=alt.Y("label:N", sort=list(frame["label"]), title=None, axis=CATEGORY_AXIS)
    )


@dataclass(frozen=True)
class RowsChart:
    """A chart whose spec is the same for every frame of one `layout` but for its rows.

    A page can then build the spec once per layout (with the language and theme) and put each
    person's rows in it (`with_rows`): building a chart with Altair costs a results page about
    40 ms, putting rows in a built spec well under 1 ms.
    """

    layout: tuple  # everything of the rows that the spec depends on beyond the rows themselves
    rows: pd.DataFrame
    draw: Callable[[pd.DataFrame], alt.TopLevelMixin]

    def chart(self) -> alt.TopLevelMixin:
        return self.draw(self.rows)


def with_rows(spec: dict, rows: pd.DataFrame) -> dict:
    """`spec`, a chart drawn from a single frame, with `rows` in place of that frame's rows.

    The rows stay a frame, for `st.vega_lite_chart`, which turns a dataset's frame into Arrow
    directly; Altair's conversion to records, which Streamlit would turn back into a frame,
    costs several times more."""
    (name,) = spec["datasets"]
    return spec | {"datasets": {name: rows}}


def profile_chart(areas: pd.DataFrame) -> alt.LayerChart:
    """One dot per area on a fixed 1-5 axis, with the scale drawn behind it; not a radar.

    `areas` is `Profile.areas`: area, score (NaN when not scored), [team mean]. An area without
    a score says "not scored" where its dot would be.
    """
    return profile(areas).chart()


def profile(areas: pd.DataFrame) -> RowsChart:
    """`profile_chart` as a `RowsChart`: its spec depends on the area names and on whether the
    team mean is drawn, beyond the rows."""
    frame = areas.assign(
        label=[wrap(a, AREA_WRAP_CHARACTERS) for a in areas["area"]],
        score_text=[format_score(s) for s in areas["score"]],
        text_x=areas["score"].fillna(1),
    )
    if "team mean" in frame:
        frame["team_mean_text"] = [format_score(m) for m in frame["team mean"]]
    return RowsChart(("profile", tuple(frame["label"]), "team mean" in frame), frame, _profile_layers)


def _profile_layers(frame: pd.DataFrame) -> alt.LayerChart:
    step = 20 + 15 * max(_lines(label) for label in frame["label"])
    base = _rows_of_areas(frame, _("Your score per area"))
    you, team_mean = _("You"), _("Team mean")
    # No line behind "not scored": the words drawn over it read as struck through.
    scale_line = (
        base.transform_filter("isValid(datum.score)")
        .mark_rule(strokeWidth=2, aria=False, **SCALE_LINE)
        # The first layer's axis is the chart's: it carries the 1-5 ticks and grid.
        .encode(x=alt.datum(1, scale=SCORE_SCALE, axis=score_axis()), x2=alt.datum(5))
    )
    series = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=[you, team_mean]),  # "You" in the theme's first colour
        legend=alt.Legend(orient="top") if "team mean" in frame else None,
    )
    dots = (
        base.transform_filter("isValid(datum.score)")
        .transform_calculate(series=literal(you))
        .mark_circle(size=220, opacity=1)
        .encode(
            x=alt.X("score:Q", scale=SCORE_SCALE, axis=score_axis()),
            color=series,
            tooltip=[
                alt.Tooltip("area:N", title=_("Area")),
                alt.Tooltip("score_text:N", title=_("Score")),
                alt.Tooltip("answered:Q", title=_("Statements answered")),
            ],
        )
    )
    # In the colour of the dots, the theme's first categorical colour: readable on both themes.
    labels = (
        base.transform_calculate(series=literal(you))
        .mark_text(dx=14, align="left", fontSize=13)
        .encode(x=alt.X("text_x:Q", scale=SCORE_SCALE), text="score_text:N", color=series)
    )
    layers = [scale_line, dots, labels]
    if "team mean" in frame:
        layers.append(
            base.transform_filter("isValid(datum['team mean'])")
            .transform_calculate(series=literal(team_mean))
            .mark_point(shape="diamond", size=160, strokeWidth=2.5, filled=False, opacity=1)
            .encode(
                x=alt.X("team mean:Q", scale=SCORE_SCALE),
                color=series,
                tooltip=[
                    alt.Tooltip("area:N", title=_("Area")),
                    alt.Tooltip("team_mean_text:N", title=team_mean),
                ],
            )
        )
    return alt.layer(*layers).properties(height=alt.Step(step), autosize=FIT_WIDTH)


def _submission_axis(title: str) -> alt.Axis:
    """An ordinal axis whose labels ("2 · 25 Nov 2026 · 11:47") show number, date and time on three
    lines, narrow enough for several submissions side by side on a phone."""
    return alt.Axis(title=title, labelAngle=0, labelExpr="split(datum.label, ' · ')", labelLimit=0)


def version_changes(frame: pd.DataFrame, x: str, order: list) -> pd.DataFrame:
    """The `x` values (in `order`) where the questionnaire version differs from the one before,
    with a label ("version 2026.2"); empty when `frame` has one version or no `version` column."""
    if "version" not in frame or frame.empty:
        return pd.DataFrame(columns=[x, "version_label"])
    versions = frame.drop_duplicates(x).set_index(x)["version"].reindex(order)
    changed = versions.ne(versions.shift()) & versions.shift().notna()
    return pd.DataFrame(
        {
            x: versions.index[changed],
            "version_label": [_("version {version}").format(version=v) for v in versions[changed]],
        }
    )


def _marked_versions(
    lines: alt.Chart, frame: pd.DataFrame, x: alt.X, order: list, title: str
) -> alt.TopLevelMixin:
    """`lines` with a dashed rule and a label where the questionnaire version changes.

    The lines are split by version too (`detail`), so no line joins the scores of two versions'
    statements as if they were one series; a chart of one version is the plain line chart.
    """
    changes = version_changes(frame, x.shorthand.split(":")[0], order)
    if changes.empty:
        return lines.properties(title=chart_title(title), height=TREND_HEIGHT, autosize=FIT_WIDTH)
    base = alt.Chart(changes).encode(x=x)
    rule = base.mark_rule(strokeDash=[5, 4], strokeWidth=2, **SCALE_LINE | {"opacity": 0.9})
    label = (
        base.transform_calculate(text_colour="'text'")
        .mark_text(align="left", baseline="top", dx=5, y=2, fontSize=12)
        .encode(text="version_label:N", color=THEME_TEXT)
    )
    return (
        alt.layer(lines.encode(detail="version:N"), rule, label)
        .resolve_scale(color="independent")
        .properties(title=chart_title(title), height=TREND_HEIGHT, autosize=FIT_WIDTH)
    )


def trend_chart(trend: pd.DataFrame) -> alt.TopLevelMixin:
    """Each area's score over the person's submissions, one line per area and version.

    `trend` is `Profile.trend`: submission (a distinct label per submission, in order), area,
    score (NaN when not scored), score_text, version. The x axis is ordinal, one step per
    submission, so two submissions on one day are two labelled points. Where the questionnaire
    version changes, a dashed rule says so and the lines break (see `_marked_versions`).
    """
    areas = list(dict.fromkeys(trend["area"]))
    order = list(dict.fromkeys(trend["submission"]))
    x = alt.X("submission:O", sort=order, axis=_submission_axis(_("Submission")))
    lines = (
        alt.Chart(trend)
        .mark_line(point=alt.OverlayMarkDef(size=70))
        .encode(
            x=x,
            y=alt.Y("score:Q", scale=SCORE_SCALE, axis=score_axis()),
            color=alt.Color(
                "area:N", sort=areas, title=None, legend=alt.Legend(orient="top", columns=1, labelLimit=0)
            ),
            tooltip=[
                alt.Tooltip("submission:N", title=_("Submission")),
                alt.Tooltip("area:N", title=_("Area")),
                alt.Tooltip("score_text:N", title=_("Score")),
                alt.Tooltip("version:N", title=_("Questionnaire version")),
            ],
        )
    )
    return _marked_versions(lines, trend, x, order, _("Your area scores over time"))


# Item scores 1 (least favourable) to 5 (most favourable) on a red-grey-blue diverging scale,
# colour-blind safe (ColorBrewer RdBu), and the two merged bands of a banded item between the
# colours they merge. The ends keep >= 3:1 against white and against the dark theme's #0e1117;
# segments touch, so the pale middle colours are read by their neighbours.
LIKERT_COLOURS = {
    "1": "#ca0020",
    "1-2": "#df5350",
    "2": "#f4a582",
    "3": "#b8b8b8",
    "4": "#92c5de",
    "4-5": "#4c9bc7",
    "5": "#0571b0",
}
# Row geometry of the diverging bars, in px, top to bottom: space, the statement's lines, a gap,
# the bar, space.
LIKERT_TOP = 6
LIKERT_LINE = 15
LIKERT_GAP = 4
LIKERT_BAR = 18
LIKERT_BOTTOM = 8


def _segments(item, scale_labels: tuple[str, ...], reverse: bool) -> list[tuple[str, float, str, int]]:
    """(score key, position, answer, count) per bar segment, lowest score first.

    A banded item (aggregate merges values that would tell what each person answered) has
    three segments: scores 1-2, 3 and 4-5.
    """

    def score(value: int) -> int:
        return REVERSE_BASE - value if reverse else value

    if getattr(item, "banded", False):
        segments = []
        for column, values in BANDS.items():
            scores = sorted(score(v) for v in values)
            key = f"{scores[0]}-{scores[-1]}" if len(scores) > 1 else str(scores[0])
            answer = _(" or ").join(scale_labels[v - 1] for v in values)
            segments.append((key, sum(scores) / len(scores), answer, getattr(item, column)))
        return sorted(segments, key=lambda segment: segment[1])
    segments = [
        (str(score(v)), score(v), scale_labels[v - 1], getattr(item, f"count_{v}")) for v in range(1, 6)
    ]
    return sorted(segments, key=lambda segment: segment[1])


def likert_frame(
    items: pd.DataFrame,
    scale_labels: tuple[str, ...],
    reverse_keyed: Collection[str] = frozenset(),
    min_group_size: int | None = None,
) -> pd.DataFrame:
    """Diverging-bar geometry from item counts, segments ordered by item score.

    A segment's `order` is the item score of its answer (6 - answer for a reverse-keyed item), so
    score 1 is always far left and score 5 far right, whatever was answered; `answer` names what
    people actually answered, `score` the score (or merged scores, "4-5") it colours by.
    Percentages are of the 1-5 answers; Not applicable is only counted in the row's note. An
    item row with `withheld` true (no counts) gets one row whose `hidden` text replaces the bar.
    """
    withheld = items["withheld"] if "withheld" in items else pd.Series(False, index=items.index)
    rows = []
    for item, is_withheld in zip(items.itertuples(index=False), withheld, strict=True):
        reverse = item.item_id in reverse_keyed
        statement = f"{item.number}. {item.statement}" + (f" {reverse_mark()}" if reverse else "")
        common = {"full_text": item.statement, "reverse": reverse}
        if is_withheld:
            if min_group_size is None:
                raise ValueError("withheld rows need min_group_size to say why they are hidden")
            rows.append({"statement": wrap(statement), **common, "hidden": hidden_text(min_group_size)})
            continue
        note = _("n = {n} · not applicable: {na}").format(n=item.n, na=item.count_na)
        label = wrap(statement) + LINE_BREAK + note
        segments = _segments(item, scale_labels, reverse)
        shares = {order: 100 * count / item.n if item.n else 0.0 for _, order, _, count in segments}
        # The neutral share straddles the centre line; lower scores go left of it.
        start = -sum(share for order, share in shares.items() if order < 3) - shares.get(3, 0.0) / 2
        for score, order, answer, count in segments:
            share = shares[order]
            rows.append(
                {
                    "statement": label,
                    **common,
                    "score": score,
                    "answer": answer,
                    "order": order,
                    "start": start,
                    "end": start + share,
                    "percent": share,
                    "count": count,
                }
            )
            start += share
        rows.append({"statement": label, **common, "note": note})
    columns = ["statement", "full_text", "reverse", "score", "answer", "order", "start", "end", "percent"]
    return pd.DataFrame(rows, columns=[*columns, "count", "note", "hidden"])


def likert_chart(frame: pd.DataFrame, scale_labels: tuple[str, ...], title: str) -> alt.LayerChart:
    """Diverging stacked bars, one row per statement in questionnaire order.

    Each row is the full statement, wrapped, with n and Not applicable on its last line, above
    its bar; a withheld row shows its `hidden` sentence where the bar would be.
    """
    lines = max(_lines(label) for label in frame["statement"])
    # Every label gets as many lines as the longest, blank ones first, so that labels hang from the
    # top of their row and each ends just above its bar (Vega anchors a multi-line label by its first line).
    frame = frame.assign(
        statement=[(BLANK_LINE + LINE_BREAK) * (lines - _lines(s)) + s for s in frame["statement"]]
    )
    step = LIKERT_TOP + lines * LIKERT_LINE + LIKERT_GAP + LIKERT_BAR + LIKERT_BOTTOM
    bar_offset = step / 2 - LIKERT_BOTTOM - LIKERT_BAR / 2  # from the middle of the row
    y = alt.Y(
        "statement:N",
        sort=list(dict.fromkeys(frame["statement"])),
        title=None,
        axis=alt.Axis(
            labelExpr=SPLIT_LINES,
            # Labels drawn from the axis rightwards, over the plot, above the bars.
            labelAlign="left",
            labelBaseline="top",
            labelOffset=LIKERT_TOP - step / 2,
            labelPadding=0,
            labelLimit=0,
            labelFontSize=12,
            labelLineHeight=LIKERT_LINE,
            labelOverlap=False,
            labelFlush=False,
        ),
    )
    explained = [
        _("Colour: score of the answer, 1 (low) to 5 (high)."),
        _("For {mark} statements the score is reversed:").format(mark=reverse_mark()),
        _("“{lowest}” scores 5, “{highest}” 1.").format(lowest=scale_labels[0], highest=scale_labels[-1]),
    ]
    if frame["score"].dropna().astype(str).str.contains("-").any():
        explained.append(_("1-2, 4-5: answers merged to keep people anonymous."))
    # In lines that fit a phone: a legend title is cut, not wrapped, at the chart's edge.
    legend_title = [line for sentence in explained for line in wrap(sentence).split(LINE_BREAK)]
    x_scale = alt.Scale(domain=[-100, 100], nice=False)
    base = alt.Chart(frame)
    bars = (
        base.transform_filter("isValid(datum.order)")
        .mark_bar(height=LIKERT_BAR, yOffset=bar_offset)
        .encode(
            y=y,
            x=alt.X(
                "start:Q",
                scale=x_scale,
                axis=alt.Axis(
                    title=_("Answers (%): low scores left, high right"),
                    labelExpr="abs(datum.value) + '%'",
                    values=[-100, -50, 0, 50, 100],
                    grid=False,  # grid lines would run through the statements drawn over the plot
                ),
            ),
            x2="end:Q",
            color=alt.Color(
                "score:N",
                scale=alt.Scale(domain=list(LIKERT_COLOURS), range=list(LIKERT_COLOURS.values())),
                legend=alt.Legend(
                    # Only the scores the bars use: "1-2" and "4-5" appear when an item is banded.
                    values=[key for key in LIKERT_COLOURS if key in set(frame["score"].dropna())],
                    orient="top",
                    direction="horizontal",
                    title=legend_title,
                    titleLimit=0,
                ),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("full_text:N", title=_("Statement")),
                alt.Tooltip("answer:N", title=_("Answer")),
                alt.Tooltip("score:N", title=_("Score")),
                alt.Tooltip("count:Q", title=_("People")),
                alt.Tooltip("percent:Q", title=_("Answers (%)"), format=".0f"),
            ],
        )
    )
    centre = (
        base.transform_filter("isValid(datum.note)")
        .mark_tick(
            orient="vertical", thickness=2, size=LIKERT_BAR + 6, yOffset=bar_offset, aria=False, **SCALE_LINE
        )
        .encode(y=y, x=alt.datum(0, scale=x_scale))
    )
    hidden = (
        base.transform_filter("isValid(datum.hidden)")
        .transform_calculate(text_colour="'text'")
        .mark_text(align="left", yOffset=bar_offset, fontSize=12, fontStyle="italic")
        .encode(y=y, x=alt.datum(-100, scale=x_scale), text="hidden:N", color=THEME_TEXT)
    )
    return (
        alt.layer(bars, centre, hidden)
        .resolve_scale(color="independent")
        .properties(title=chart_title(title), height=alt.Step(step), autosize=FIT_WIDTH)
    )


def item_bars(
    items: pd.DataFrame, questionnaire: Questionnaire, min_group_size: int, title: str
) -> alt.LayerChart:
    """The diverging bars of `items` (aggregate's item distribution rows), for one page call."""
    reverse_keyed = {i.id for i in questionnaire.items if i.reverse}
    frame = likert_frame(items, questionnaire.scale_labels, reverse_keyed, min_group_size)
    return likert_chart(frame, questionnaire.scale_labels, title)


def item_table(items: pd.DataFrame, questionnaire: Questionnaire, min_group_size: int) -> pd.DataFrame:
    """The table behind the diverging bars, to show as it is (every cell a string): the full
    statement, reverse-keyed ones marked, n, a count per answer and Not applicable; a withheld
    or banded row says so in `note`, with the merged counts of a banded row."""
    reverse_keyed = {i.id for i in questionnaire.items if i.reverse}
    labels = questionnaire.scale_labels
    answers = [*labels, questionnaire.not_applicable_label]
    withheld = items["withheld"] if "withheld" in items else pd.Series(False, index=items.index)
    number, statement, note, either = _("no."), _("statement"), _("note"), _(" or ")
    rows = []
    for item, is_withheld in zip(items.itertuples(index=False), withheld, strict=True):
        reverse = f" {reverse_mark()}" if item.item_id in reverse_keyed else ""
        row = dict.fromkeys(["n", *answers, note], "") | {
            number: str(item.number),
            statement: item.statement + reverse,
        }
        if is_withheld:
            rows.append(row | {note: hidden_text(min_group_size)})
            continue
        row |= {"n": str(item.n), questionnaire.not_applicable_label: str(item.count_na)}
        if getattr(item, "banded", False):
            merged = "; ".join(
                f"{either.join(labels[v - 1] for v in values)}: {getattr(item, column)}"
                for column, values in BANDS.items()
            )
            row[note] = _("answers merged to keep people anonymous: {counts}").format(counts=merged)
        else:
            row |= {labels[v - 1]: str(getattr(item, f"count_{v}")) for v in range(1, 6)}
        rows.append(row)
    return pd.DataFrame(rows, columns=[number, statement, "n", *answers, note])


def spread_chart(
    areas: pd.DataFrame, min_group_size: int, title: str | None = None, middle_half: str | None = None
) -> alt.LayerChart:
    """Each area's spread on the fixed 1-5 axis: middle half of the team (bar), median, mean.

    `areas` holds area, n, mean, median, q1, q3 per area; a row without quartiles (too few people
    for detail) shows its mean only, and a row without a mean, or with `withheld` true, says it is
    hidden instead. n is on every shown row's label. `middle_half` says whose middle half the bar
    is ("Bar: middle half of the team." by default).

    Which mark is which is said in the subtitle, in words that wrap: three one-entry legends (one
    per mark, for its symbol) stood in a row that a phone's width cut.
    """
    hidden = areas["mean"].isna()
    if "withheld" in areas:
        hidden |= areas["withheld"].astype(bool)
    frame = areas.assign(
        label=[
            wrap(area, AREA_WRAP_CHARACTERS) + ("" if h else f"{LINE_BREAK}n = {n}")
            for area, n, h in zip(areas["area"], areas["n"], hidden, strict=True)
        ],
        hidden=[hidden_text(min_group_size) if h else None for h in hidden],
        mean_text=[format_score(m) for m in areas["mean"]],
        median_text=[format_score(m) for m in areas["median"]],
    )
    # Only layers with something to draw, and only their words in the subtitle: an empty layer
    # also made Vega lay the chart out infinitely tall (a round below the detail threshold has no
    # quartiles and no median).
    shown_rows = frame["hidden"].isna()
    has_middle = bool((shown_rows & frame["q1"].notna()).any())
    has_median = bool((shown_rows & frame["median"].notna()).any())
    has_mean = bool(shown_rows.any())
    key = " ".join(
        text
        for text, drawn in (
            (middle_half or _("Bar: middle half of the team."), has_middle),
            (_("Line: median."), has_median),
            (_("Diamond: mean."), has_mean),
        )
        if drawn
    )
    step = 24 + 15 * max(_lines(label) for label in frame["label"])
    base = _rows_of_areas(frame, title or _("Area scores of the team"), key or None)
    shown = base.transform_filter("!isValid(datum.hidden)")
    # Every mark in the theme's first categorical colour (each layer's own scale), the bar lighter.
    part = alt.Color("part:N", legend=None)
    median_name, mean_name = _("Median"), _("Mean")
    middle = (
        shown.transform_filter("isValid(datum.q1)")
        .transform_calculate(part="'middle'")
        # Screen readers get the figures from the table beside the chart and from the mean's
        # description; a bar or tick without one is an unlabelled image to them.
        .mark_bar(height=14, opacity=0.45, aria=False)
        .encode(x=alt.X("q1:Q", scale=SCORE_SCALE, axis=score_axis()), x2="q3:Q", color=part)
    )
    median = (
        shown.transform_filter("isValid(datum.median)")
        .transform_calculate(part="'median'")
        .mark_tick(thickness=3, size=24, aria=False)
        .encode(x=alt.X("median:Q", scale=SCORE_SCALE, axis=score_axis()), color=part)
    )
    mean = (
        shown.transform_calculate(part="'mean'")
        .mark_point(shape="diamond", filled=True, size=110, opacity=1)
        .encode(
            x=alt.X("mean:Q", scale=SCORE_SCALE, axis=score_axis()),
            color=part,
            tooltip=[
                alt.Tooltip("area:N", title=_("Area")),
                alt.Tooltip("n:Q", title="n"),
                alt.Tooltip("mean_text:N", title=mean_name),
                alt.Tooltip("median_text:N", title=median_name),
            ],
        )
    )
    hidden_rows = (
        base.transform_filter("isValid(datum.hidden)")
        .transform_calculate(text_colour="'text'")
        .mark_text(align="left", fontSize=12, fontStyle="italic")
        .encode(x=alt.datum(1, scale=SCORE_SCALE, axis=score_axis()), text="hidden:N", color=THEME_TEXT)
    )
    drawn = [
        (middle, has_middle),
        (median, has_median),
        (mean, has_mean),
        (hidden_rows, not shown_rows.all()),
    ]
    return (
        alt.layer(*(layer for layer, has_rows in drawn if has_rows))
        .resolve_scale(color="independent")
        .properties(height=alt.Step(step), autosize=FIT_WIDTH)
    )


def team_trend_chart(
    trend: pd.DataFrame, x_title: str | None = None, title: str | None = None
) -> alt.TopLevelMixin:
    """Area means over the team's closed rounds, in the order they closed; where the rounds'
    questionnaire version changes, a dashed rule says so and the lines break.

    The legend sits on top and the plot keeps TREND_HEIGHT px at any width: a legend below or
    beside a fixed-height plot took its height or, on a phone, its width.
    """
    trend = trend.assign(mean_text=[format_score(m) for m in trend["mean"]])
    order = list(dict.fromkeys(trend["round"]))
    x_title = x_title or _("Round")
    x = alt.X("round:N", sort=order, title=x_title, axis=alt.Axis(labelAngle=0, labelLimit=0))
    tooltip = [
        alt.Tooltip("round:N", title=x_title),
        alt.Tooltip("area:N", title=_("Area")),
        alt.Tooltip("n:Q", title="n"),
        alt.Tooltip("mean_text:N", title=_("Mean")),
    ]
    if "version" in trend:
        tooltip.append(alt.Tooltip("version:N", title=_("Questionnaire version")))
    lines = (
        alt.Chart(trend)
        .mark_line(point=alt.OverlayMarkDef(size=70))
        .encode(
            x=x,
            y=alt.Y("mean:Q", scale=SCORE_SCALE, axis=score_axis()),
            color=alt.Color(
                "area:N",
                title=None,
                sort=list(dict.fromkeys(trend["area"])),
                legend=alt.Legend(orient="top", columns=1, labelLimit=0),
            ),
            tooltip=tooltip,
        )
    )
    return _marked_versions(lines, trend, x, order, title or _("Area means over closed rounds"))


def teams_chart(teams: pd.DataFrame) -> alt.Chart:
    """Each team's mean per area on the fixed 1-5 axis: a row per area, a dot per team on a line
    of its own within the row, so equal means do not hide each other. `teams` holds team, area,
    n, mean."""
    frame = teams.assign(
        label=[wrap(area, AREA_WRAP_CHARACTERS) for area in teams["area"]],
        mean_text=[format_score(m) for m in teams["mean"]],
    )
    order = list(dict.fromkeys(frame["label"]))
    team_order = list(dict.fromkeys(frame["team"]))
    # The step is per team: an area's row is as high as its teams, and at least its label.
    label_height = 24 + 15 * max(_lines(label) for label in order)
    step = max(18, math.ceil(label_height / len(team_order)))
    # One layer only: Vega-Lite drops the offset of a layer whose neighbour has none.
    return (
        alt.Chart(frame, title=chart_title(_("Area means per team")))
        .mark_circle(size=120, opacity=1)
        .encode(
            y=alt.Y("label:N", sort=order, title=None, axis=CATEGORY_AXIS),
            yOffset=alt.YOffset("team:N", sort=team_order),
            x=alt.X("mean:Q", scale=SCORE_SCALE, axis=score_axis()),
            color=alt.Color(
                "team:N",
                title=None,
                sort=team_order,
                legend=alt.Legend(orient="top", columns=2, labelLimit=0),
            ),
            tooltip=[
                alt.Tooltip("team:N", title=_("Team")),
                alt.Tooltip("area:N", title=_("Area")),
                alt.Tooltip("n:Q", title="n"),
                alt.Tooltip("mean_text:N", title=_("Mean")),
            ],
        )
        .properties(height=alt.Step(step), autosize=FIT_WIDTH)
    )
