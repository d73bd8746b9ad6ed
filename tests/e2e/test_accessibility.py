"""axe-core on every page, in the light and the dark theme: a serious or critical violation in what
the app renders fails."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Browser, Page, expect

from assessment.questionnaire import Questionnaire

from .helpers import (
    CHART,
    DESKTOP,
    DemoTeam,
    expect_theme,
    full_height,
    lead_log_in,
    open_assessment,
    open_home,
    open_my_data,
    open_results,
    open_results_without_code,
    open_team_login,
    wait_idle,
)

pytestmark = pytest.mark.browser

FAILING_IMPACTS = ("serious", "critical")

# Rules switched off because they flag Streamlit's own markup, which the app cannot change:
# rule id -> reason. None is needed with Streamlit 1.67.
STREAMLIT_RULE_EXCLUSIONS: dict[str, str] = {}

RUN_AXE = """
async (rules) => {
    const results = await axe.run(document, {resultTypes: ["violations"], rules});
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map(n => ({
            target: n.target.join(" "),
            message: [...n.any, ...n.all, ...n.none].map(c => c.message).join(" "),
        })),
    }));
}
"""


def axe_violations(page: Page) -> list[dict]:
    """Serious and critical violations on the whole page."""
    page.evaluate(AXE_SCRIPT)
    rules = {rule: {"enabled": False} for rule in STREAMLIT_RULE_EXCLUSIONS}
    # axe skips elements outside the viewport for some rules (colour contrast among them).
    with full_height(page):
        violations = page.evaluate(RUN_AXE, rules)
    return [v for v in violations if v["impact"] in FAILING_IMPACTS]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        lines.extend(f"    {n['target']}: {n['message']}" for n in v["nodes"])
    return "\n".join(lines)


def open_assessment_with_error(page: Page, questionnaire: Questionnaire) -> None:
    """The questionnaire after an empty submit, showing the list of missing answers."""
    open_assessment(page, questionnaire)
    page.locator(".st-key-submit button").click()
    expect(page.get_by_text("Nothing was submitted")).to_be_visible()
    wait_idle(page)


PAGES: dict[str, Callable[[Page, Questionnaire, str], None]] = {
    "home": lambda page, q, code: open_home(page),
    "assessment": lambda page, q, code: open_assessment(page, q),
    "assessment-missing-answers": lambda page, q, code: open_assessment_with_error(page, q),
    "results": lambda page, q, code: open_results(page, code),
    "results-without-code": lambda page, q, code: open_results_without_code(page),
    "my-data": lambda page, q, code: open_my_data(page, code),
    "team-lead": lambda page, q, code: open_team_login(page),
}


@pytest.fixture
def themed_page(browser: Browser, base_url: str, theme: str) -> Iterator[Page]:
    """A desktop page in a browser whose system theme is light or dark (Streamlit follows it)."""
    context = browser.new_context(base_url=base_url, viewport=DESKTOP, color_scheme=theme)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_serious_accessibility_violation(
    themed_page: Page, theme: str, questionnaire: Questionnaire, returning_code: str, name: str
) -> None:
    """No serious or critical axe-core violation on the page, at desktop size, over its whole height.

    The person has two submissions, so My results shows every chart it has (profile and trend)."""
    page = themed_page
    PAGES[name](page, questionnaire, returning_code)
    expect_theme(page, theme)
    violations = axe_violations(page)
    assert not violations, f"accessibility violations on {name} ({theme} theme):\n{describe(violations)}"


def test_team_dashboard_has_no_serious_accessibility_violation(
    themed_page: Page, theme: str, demo_team: DemoTeam
) -> None:
    """The lead's dashboard of a team with closed rounds on show: charts, tables, downloads."""
    page = themed_page
    open_team_login(page)
    lead_log_in(page, demo_team.join_code, demo_team.lead_key)
    expect(page.get_by_label("Lead key")).to_have_count(0)
    expect(page.locator(CHART).first).to_be_visible()
    wait_idle(page)
    expect_theme(page, theme)
    violations = axe_violations(page)
    assert not violations, (
        f"accessibility violations on the team dashboard ({theme} theme):\n{describe(violations)}"
    )
