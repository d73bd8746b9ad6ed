"""Charts as image files: the size asked for, the page's theme, the chart's own words."""

from __future__ import annotations

import io
import tomllib
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from assessment import chart_images, charts

K = 5
THEME = tomllib.loads(chart_images.STREAMLIT_CONFIG.read_text(encoding="utf-8"))["theme"]


@pytest.fixture(scope="module")
def spread() -> pd.DataFrame:
    """Four areas of a team: two in full, one mean only, one withheld."""
    return pd.DataFrame(
        {
            "area": [
                "Self-reflection on unconscious bias",
                "Personal level",
                "Organisational level",
                "Macro",
            ],
            "withheld": [False, False, False, True],
            "n": [12, 12, 6, 3],
            "mean": [3.6, 3.2, 4.1, None],
            "median": [3.5, 3.0, None, None],
            "q1": [3.0, 2.75, None, None],
            "q3": [4.0, 3.5, None, None],
        }
    )


@pytest.fixture(scope="module")
def statements(questionnaire) -> pd.DataFrame:
    """Answer counts of an area's first three statements, as aggregate gives them."""
    items = questionnaire.items_in_area(questionnaire.areas[1].id)[:3]
    rows = []
    for n, item in enumerate(items):
        counts = {f"count_{v}": (v + n) % 4 + 1 for v in range(1, 6)}
        rows.append(
            {"area": item.area, "point": item.point, "item_id": item.id, "number": item.number}
            | {"statement": item.text, "withheld": False, "banded": False, "count_na": 1}
            | counts
            | {"n": sum(counts.values())}
        )
    return pd.DataFrame(rows)


def _background(png: bytes) -> tuple[int, int, int]:
    return Image.open(io.BytesIO(png)).convert("RGB").getpixel((0, 0))


def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _svg_texts(svg: bytes) -> str:
    return " ".join(t.strip() for t in ET.fromstring(svg).itertext())


@pytest.mark.parametrize("dark", [False, True])
def test_a_png_has_the_chosen_width_at_twice_the_pixels(spread, dark):
    image = Image.open(io.BytesIO(chart_images.png(charts.spread_chart(spread, K), dark)))
    assert image.format == "PNG"
    assert image.width == chart_images.PNG_SCALE * chart_images.IMAGE_WIDTH == 1600
    assert image.height > 100


@pytest.mark.parametrize("dark", [False, True])
def test_an_svg_is_an_svg_document_of_the_chosen_width_holding_the_title(questionnaire, statements, dark):
    chart = charts.item_bars(statements, questionnaire, K, "Personal level")
    root = ET.fromstring(chart_images.svg(chart, dark))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert float(root.get("width")) == chart_images.IMAGE_WIDTH
    assert float(root.get("height")) > 100
    words = _svg_texts(chart_images.svg(chart, dark))
    assert "Personal level" in words, "the chart's title is text in the file"
    assert f"{statements['number'].iloc[0]}. " in words, "so are the statements"


def test_the_light_and_the_dark_image_have_the_pages_background(spread):
    chart = charts.spread_chart(spread, K)
    light, dark = _background(chart_images.png(chart, False)), _background(chart_images.png(chart, True))
    assert light == (255, 255, 255)
    assert dark == _hex(chart_images.STREAMLIT_DARK["background"])
    assert sum(dark) < 100, "a dark background in the dark theme"
    assert chart_images.svg(chart, False) != chart_images.svg(chart, True)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_marks_and_texts_take_the_colours_they_have_on_screen(spread, theme):
    """The areas' marks in the theme's first categorical colour (config.toml), the axis text in
    the readable grey of the theme, as `shared.show_chart` draws them."""
    svg = chart_images.svg(charts.spread_chart(spread, K), theme == "dark").decode().lower()
    assert THEME[theme]["chartCategoricalColors"][0].lower() in svg
    text = charts.LIGHT_THEME_CHART_TEXT if theme == "light" else chart_images.STREAMLIT_DARK["text"]
    assert f'fill="{text.lower()}"' in svg
    assert 'fill="#000"' not in svg, "no text in Vega's default black"


def test_the_download_helper_offers_png_and_svg_without_a_rerun():
    """The helper the results and team pages call; AppTest gives no file bytes, which the tests
    above check on `png` and `svg` themselves."""

    def page():
        import pandas as pd

        from assessment import charts
        from assessment.ui.chart_downloads import chart_downloads

        areas = pd.DataFrame(
            {"area": ["A"], "n": [6], "mean": [3.5], "median": [3.5], "q1": [3.0], "q3": [4.0]}
        )
        chart_downloads(lambda: charts.spread_chart(areas, 5), key="dl_spread", file_stem="team_spread")

    at = AppTest.from_function(page, default_timeout=30).run()
    assert not at.exception
    buttons = [b.proto for b in at.get("download_button")]
    assert [b.label for b in buttons] == ["Chart as PNG", "Chart as SVG"]
    assert [b.id.rsplit("-", 1)[-1] for b in buttons] == ["dl_spread_png", "dl_spread_svg"]
    assert all(b.deferred_file_id and b.ignore_rerun for b in buttons), "built on click, no rerun"
