"""A chart as an image file to take away: for a slide, a report or the next supervision."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import streamlit as st

from assessment import chart_images
from assessment.i18n import _


def chart_downloads(build: Callable[[], alt.TopLevelMixin], key: str, file_stem: str) -> None:
    """Two small buttons under a chart: PNG and SVG of it, in the theme the page is shown in.

    The chart is built and rendered only when a button is clicked (about 0.1-0.5 s on the
    server), and the click does not rerun the page (see `shared.csv_download`).
    """
    dark = st.context.theme.type == "dark"
    row = st.container(horizontal=True, gap="small")
    for label, render, extension, mime in (
        (_("Chart as PNG"), chart_images.png, "png", "image/png"),
        (_("Chart as SVG"), chart_images.svg, "svg", "image/svg+xml"),
    ):
        row.download_button(
            label,
            data=lambda render=render: render(build(), dark),
            file_name=f"{file_stem}.{extension}",
            mime=mime,
            key=f"{key}_{extension}",
            on_click="ignore",
            icon=":material/download:",
        )
