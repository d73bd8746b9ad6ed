"""axe-core on every page: a serious or critical violation in what the app renders fails."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Page, expect

from assessment.questionnaire import Questionnaire
from assessment.storage import Storage

from .helpers import (
    answer_plan,
    full_height,
    open_assessment,
    open_home,
    open_results,
    open_results_without_code,
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


def open_my_data(page: Page, code: str) -> None:
    page.goto(f"/my-data?code={code}")
    expect(page.get_by_role("heading", name="Delete my data")).to_be_visible()
    wait_idle(page)


def open_team_lead(page: Page) -> None:
    page.goto("/team")
    expect(page.get_by_role("heading", name="Create a new team")).to_be_visible()
    wait_idle(page)


PAGES: dict[str, Callable[[Page, Questionnaire, str], None]] = {
    "home": lambda page, q, code: open_home(page),
    "assessment": lambda page, q, code: open_assessment(page, q),
    "assessment-missing-answers": lambda page, q, code: open_assessment_with_error(page, q),
    "results": lambda page, q, code: open_results(page, code),
    "results-without-code": lambda page, q, code: open_results_without_code(page),
    "my-data": lambda page, q, code: open_my_data(page, code),
    "team-lead": lambda page, q, code: open_team_lead(page),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_serious_accessibility_violation(
    page: Page, questionnaire: Questionnaire, submitted_code: str, name: str
) -> None:
    """No serious or critical axe-core violation on the page, at desktop size, over its whole height."""
    PAGES[name](page, questionnaire, submitted_code)
    violations = axe_violations(page)
    assert not violations, f"accessibility violations on {name}:\n{describe(violations)}"


def test_team_dashboard_has_no_serious_accessibility_violation(
    page: Page, questionnaire: Questionnaire, server_database_url: str
) -> None:
    """The lead's dashboard of a published round: charts, tables, downloads."""
    storage = Storage.open(server_database_url)
    try:
        created = storage.create_team("Accessible team")
        round_ = storage.open_round(created.team.id, "Spring")
        plan = answer_plan(questionnaire)
        for _ in range(5):
            person = storage.person_id(storage.create_person())
            storage.join_team(person, created.team.id)
            storage.submit_response(person, questionnaire, plan)
        storage.close_round(created.team.id, round_.id)
    finally:
        storage.engine.dispose()
    open_team_lead(page)
    page.get_by_label("Team join code").fill(created.join_code)
    page.get_by_label("Lead key").fill(created.lead_key)
    page.get_by_role("button", name="Open the dashboard").click()
    expect(page.get_by_text("Closed with 5 answers.")).to_be_visible()
    wait_idle(page)
    violations = axe_violations(page)
    assert not violations, f"accessibility violations on the team dashboard:\n{describe(violations)}"
