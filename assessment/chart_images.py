"""Charts as image files (PNG, SVG), rendered on the server by vl-convert from the spec the page
shows, in the page's light or dark theme.

On screen, Streamlit styles each Altair chart with its own Vega theme and the palettes of
.streamlit/config.toml; a spec rendered without them comes out in Vega's defaults (a frame, tick
marks, black text, Vega's palette). So the images get a config that mirrors Streamlit 1.67's
(`getStreamlitTheme` in its frontend) with the same palettes, and the same `readable_text` as
`shared.show_chart`. The chart's own settings still win over that config, as they do on screen.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path

import altair as alt
import vl_convert

from assessment.charts import DARK_THEME_CHART_TEXT, LIGHT_THEME_CHART_TEXT, readable_text

STREAMLIT_CONFIG = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"
# On screen the width follows the page (autosize fit-x); a file needs one. 800 px keeps the
# statements' wrapped lines (charts.WRAP_CHARACTERS) well clear of the bars.
IMAGE_WIDTH = 800
PNG_SCALE = 2  # sharp on high-density screens, in print and on a projector
# The colours of a chart on the page where .streamlit/config.toml sets none, measured in the
# browser with Streamlit 1.67's default themes: background, title, axis and legend text, grid.
# (1.67's dark background is #171614; older releases used #0e1117.) Light text is the darker
# grey `readable_text` gives axes and legends, used here for the texts it does not reach.
STREAMLIT_LIGHT = {
    "background": "#ffffff",
    "title": "#2f2d2b",
    "text": LIGHT_THEME_CHART_TEXT,
    "grid": "#e6eaf1",
}
STREAMLIT_DARK = {
    "background": "#171614",
    "title": "#edebe8",
    "text": DARK_THEME_CHART_TEXT,
    "grid": "#31333f",
}
FONT = '"Source Sans", sans-serif'  # Streamlit's; a machine without it draws its own sans-serif


def png(chart: alt.TopLevelMixin, dark: bool) -> bytes:
    """`chart` as a PNG, IMAGE_WIDTH x PNG_SCALE pixels wide, in the dark or the light theme."""
    return vl_convert.vegalite_to_png(_spec(chart, dark), scale=PNG_SCALE, config=theme_config(dark))


def svg(chart: alt.TopLevelMixin, dark: bool) -> bytes:
    """`chart` as an SVG document (UTF-8), IMAGE_WIDTH wide, in the dark or the light theme."""
    return vl_convert.vegalite_to_svg(_spec(chart, dark), config=theme_config(dark)).encode("utf-8")


def _spec(chart: alt.TopLevelMixin, dark: bool) -> dict:
    return readable_text(chart, dark).properties(width=IMAGE_WIDTH).to_dict()


@functools.cache
def _palettes() -> dict[str, dict]:
    """The [theme.light] and [theme.dark] sections of the app's Streamlit config."""
    with STREAMLIT_CONFIG.open("rb") as config:
        return tomllib.load(config).get("theme", {})


def theme_config(dark: bool) -> dict:
    """A Vega-Lite config that draws a chart as Streamlit draws it in the light or dark theme."""
    theme = _palettes().get("dark" if dark else "light", {})
    colours = STREAMLIT_DARK if dark else STREAMLIT_LIGHT
    background = theme.get("backgroundColor", colours["background"])
    title = theme.get("textColor", colours["title"])
    text = colours["text"]
    categorical = theme["chartCategoricalColors"]
    labels = {"labelFontWeight": 400, "labelFontStyle": "normal", "labelColor": text}
    titles = {"titleFontWeight": 400, "titleFontStyle": "normal", "titleColor": text}
    return {
        "background": background,
        "font": FONT,
        "title": {
            "align": "left",
            "anchor": "start",
            "color": title,
            "fontWeight": 600,
            "fontSize": 16,
            "offset": 26,
        },
        "axis": {
            **labels,
            **titles,
            "labelFontSize": 12,
            "titleFontSize": 14,
            "ticks": False,
            "domain": False,
            "gridColor": colours["grid"],
            "labelFlush": True,
            "labelFlushOffset": 1,
            "labelBound": False,
            "labelLimit": 100,
            "titlePadding": 16,
            "labelPadding": 16,
            "labelSeparation": 4,
            "labelOverlap": True,
        },
        "axisDiscrete": {"grid": False},
        "axisXPoint": {"grid": False},
        "axisTemporal": {"grid": False},
        "axisXBand": {"grid": False},
        "legend": {
            **labels,
            **titles,
            "labelFontSize": 14,
            "titleFontSize": 14,
            "titlePadding": 8,
            "labelPadding": 16,
            "columnPadding": 8,
            "rowPadding": 4,
            "padding": 8,
            "symbolStrokeWidth": 4,
        },
        "header": {**labels, **titles, "labelFontSize": 12, "titleFontSize": 16},
        "range": {"category": categorical, "diverging": theme["chartDivergingColors"]},
        "view": {"stroke": "transparent", "strokeWidth": 0},
        "mark": {"color": categorical[0]},
        "bar": {"binSpacing": 4, "discreteBandSize": {"band": 0.85}},
    }
