"""axe-core on every page: a serious or critical violation in what the app renders fails."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Page, expect

from assessment.questionnaire import Questionnaire

from .helpers import (
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

# Violations in the app's own content, reported for a fix in the app: (rule id, CSS selector of the
# offending element or an ancestor) -> the defect. While one is present the test is an expected
# failure that names it; any other violation fails outright. Delete an entry once it is fixed.
KNOWN_APP_DEFECTS: dict[tuple[str, str], str] = {
    ("color-contrast", "[data-testid='stCaptionContainer']"): (
        "st.caption text is #828180 on #ffffff, contrast 3.88:1, below the 4.5:1 WCAG AA needs: the area "
        "introductions on /assessment and the score note on /results"
    ),
}

RUN_AXE = """
async ([rules, known]) => {
    const results = await axe.run(document, {resultTypes: ["violations"], rules});
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map(n => {
            const element = document.querySelector(n.target[0]);
            const message = [...n.any, ...n.all, ...n.none].map(c => c.message).join(" ");
            const defect = known.find(([rule, selector]) => rule === v.id && element?.closest(selector));
            return {target: n.target.join(" "), message, known: defect ? defect[2] : null};
        }),
    }));
}
"""


def axe_violations(page: Page) -> list[dict]:
    """Serious and critical violations on the whole page, each node marked with its known defect."""
    page.evaluate(AXE_SCRIPT)
    rules = {rule: {"enabled": False} for rule in STREAMLIT_RULE_EXCLUSIONS}
    known = [[rule, selector, defect] for (rule, selector), defect in KNOWN_APP_DEFECTS.items()]
    # axe skips elements outside the viewport for some rules (colour contrast among them).
    with full_height(page):
        violations = page.evaluate(RUN_AXE, [rules, known])
    return [v for v in violations if v["impact"] in FAILING_IMPACTS]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        lines.extend(f"    {n['target']}: {n['message']}" for n in v["nodes"])
    return "\n".join(lines)


def split_known(violations: list[dict]) -> tuple[list[dict], list[dict]]:
    """Violations of known app defects, and all others (a violation's nodes may fall in both)."""

    def keep(v: dict, known: bool) -> list[dict]:
        nodes = [n for n in v["nodes"] if bool(n["known"]) == known]
        return [{**v, "nodes": nodes}] if nodes else []

    return [k for v in violations for k in keep(v, True)], [u for v in violations for u in keep(v, False)]


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
}


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_serious_accessibility_violation(
    page: Page, questionnaire: Questionnaire, submitted_code: str, name: str
) -> None:
    """No serious or critical axe-core violation on the page, at desktop size, over its whole height."""
    PAGES[name](page, questionnaire, submitted_code)
    known, unknown = split_known(axe_violations(page))
    assert not unknown, f"accessibility violations on {name}:\n{describe(unknown)}"
    if known:
        pytest.xfail(f"known app defect(s) on {name}:\n{describe(known)}")
