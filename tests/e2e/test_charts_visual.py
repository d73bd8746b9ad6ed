"""Every chart on every page reads right at 1366 and 390 px, in the light and the dark theme,
and every page is photographed in both themes at both widths for a person to look at.

The charts are found generically (every Vega-Lite chart on the page), so the checks hold for
charts the pages add or reorder: the personal profile and trend on My results; the team's
spread, one set of diverging bars per area and the trend over rounds on the lead's dashboard.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from assessment.questionnaire import Questionnaire

from .helpers import (
    DESKTOP,
    PHONE,
    DemoTeam,
    chart_contrast_problems,
    chart_layout_problems,
    chart_measures,
    expect_theme,
    full_height,
    lead_log_in,
    open_assessment,
    open_home,
    open_my_data,
    open_results,
    open_team_login,
    screenshot_whole_page,
    wait_charts_drawn,
    wait_idle,
)

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture(params=list(WIDTHS))
def themed_page(
    request: pytest.FixtureRequest, browser: Browser, base_url: str, theme: str
) -> Iterator[Page]:
    """A page in a browser whose system theme is `theme` (Streamlit follows it by default)."""
    context = browser.new_context(base_url=base_url, viewport=WIDTHS[request.param], color_scheme=theme)
    yield context.new_page()
    context.close()


def open_team_dashboard(page: Page, team: DemoTeam) -> None:
    open_team_login(page)
    lead_log_in(page, team.join_code, team.lead_key)
    expect(page.get_by_label("Lead key")).to_have_count(0)
    expect(page.locator("[data-testid='stVegaLiteChart']").first).to_be_visible()
    wait_idle(page)


Opener = Callable[[Page, Questionnaire, str, DemoTeam], None]
PAGES: dict[str, Opener] = {
    "home": lambda page, q, code, team: open_home(page),
    "assessment": lambda page, q, code, team: open_assessment(page, q),
    "results": lambda page, q, code, team: open_results(page, code),
    "my-data": lambda page, q, code, team: open_my_data(page, code),
    "team-login": lambda page, q, code, team: open_team_login(page),
    "team-dashboard": lambda page, q, code, team: open_team_dashboard(page, team),
}


def test_every_page_photographed_and_every_chart_readable(
    themed_page: Page, theme: str, questionnaire: Questionnaire, returning_code: str, demo_team: DemoTeam
) -> None:
    """Screenshots of every page; on the chart pages, every chart has room to plot and no text on
    its axis labels."""
    page = themed_page
    width = page.viewport_size["width"]
    problems: list[str] = []
    for name, open_page in PAGES.items():
        try:
            open_page(page, questionnaire, returning_code, demo_team)
        except AssertionError as exc:
            # Photograph the broken page too, then go on: one broken page must not hide the others.
            screenshot_whole_page(page, f"{name}-{theme}-{width}")
            problems.append(f"{name}: did not open as expected: {str(exc).splitlines()[0]}")
            continue
        expect_theme(page, theme)
        charts = wait_charts_drawn(page)
        if name == "results":
            # The profile, and the trend of a person with two submissions.
            assert charts >= 2, f"My results shows {charts} chart(s), expected the profile and the trend"
        if name == "team-dashboard":
            expected = 2 + len(questionnaire.areas)  # spread, diverging bars per area, trend
            if charts < expected:
                problems.append(f"team-dashboard shows {charts} chart(s), expected at least {expected}")
        screenshot_whole_page(page, f"{name}-{theme}-{width}")
        if charts:
            # Measured with the whole page in the viewport, as the screenshot shows it.
            with full_height(page):
                where = f"{name} ({theme}, {width} px)"
                problems.extend(chart_layout_problems(page, where))
                for chart, found in chart_measures(page, where):
                    plot = found and found["plot"]
                    print(chart, plot and f"plot {plot['width']:.0f} x {plot['height']:.0f} px")
    assert not problems, "\n".join(problems)


CHART_PAGES = {name: PAGES[name] for name in ("results", "team-dashboard")}


def test_chart_texts_stand_out_from_the_theme_background(
    themed_page: Page, theme: str, questionnaire: Questionnaire, returning_code: str, demo_team: DemoTeam
) -> None:
    """Every text in every chart (axis labels and titles, legends, score labels, chart titles)
    reaches 4.5:1 against the page in the theme, like any other text of 11-13 px (WCAG AA).
    axe-core does not check text drawn in SVG, so this does."""
    page = themed_page
    width = page.viewport_size["width"]
    problems: list[str] = []
    for name, open_page in CHART_PAGES.items():
        open_page(page, questionnaire, returning_code, demo_team)
        expect_theme(page, theme)
        assert wait_charts_drawn(page), f"{name} shows no chart"
        with full_height(page):
            problems.extend(chart_contrast_problems(page, f"{name} ({theme}, {width} px)"))
    assert not problems, "\n".join(problems)
